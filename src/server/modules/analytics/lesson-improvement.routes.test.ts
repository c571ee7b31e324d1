/**
 * The authors' lesson-improvement queue through HTTP, on both databases, with a class played through the real
 * learner API and services: twenty learners open a five-block lesson; five stop at block 2, fifteen read on (about
 * 200 s each against an estimate near a minute) and answer both its questions — most pick the same wrong option of
 * the first — and a second lesson's question; six rate it low. Block progress arrives through the learner's route.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../identity/index.ts';
import { asSession, type Cast, createTestContext, setUpCast, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const LESSON = {
  title: 'Greeting a caller',
  coreQuestion: 'What do I say first when I answer a customer call?',
  tags: ['calls'],
  blocks: [
    { id: 'intro', type: 'text', markdown: 'Callers want to know they reached the right place.' },
    { id: 'case', type: 'case_study', scenario: 'Sam answers: “Hi, Sam here.” The caller asks whether this is Northwind.', considerations: ['What was missing?'] },
    {
      id: 'q1',
      type: 'question',
      question: {
        kind: 'single_choice',
        prompt: 'What do you say first?',
        options: [
          { id: 'a', text: 'The brand', correct: true },
          { id: 'b', text: 'Your name', correct: false },
          { id: 'c', text: 'Good morning', correct: false },
        ],
      },
    },
    { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling Northwind, this is Sam. How can I help?' },
    { id: 'q2', type: 'question', question: { kind: 'true_false', prompt: 'You offer help at the end of the greeting.', answer: true } },
  ],
};

/** The fifteen who finish: q1 right (a), or the distractor b (nine of them), or c; q2 and the next lesson's q right or not. */
const FINISHERS = [
  { q1: 'a', q2: true, next: true },
  { q1: 'a', q2: true, next: true },
  { q1: 'a', q2: true, next: true },
  { q1: 'a', q2: true, next: false },
  { q1: 'b', q2: true, next: true },
  { q1: 'b', q2: false, next: true },
  { q1: 'b', q2: true, next: false },
  { q1: 'b', q2: false, next: false },
  { q1: 'b', q2: true, next: false },
  { q1: 'b', q2: false, next: false },
  { q1: 'b', q2: true, next: false },
  { q1: 'b', q2: false, next: false },
  { q1: 'b', q2: false, next: true },
  { q1: 'c', q2: true, next: false },
  { q1: 'c', q2: false, next: false },
];
const DROPPED = 5;

/** Pearson's r from its definition, for the discrimination the API reports. */
function pearson(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const cov = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
  return cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
}

describe.each(testDialects)('lesson improvement on %s', (dialect) => {
  let ctx: TestContext;
  let cast: Cast;
  let courseId: string;
  let lessonId: string;
  let nextLessonId: string;

  const api = (session: TestSession, method: 'GET' | 'POST', url: string, payload?: object) => ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload }) });
  const progressUrl = () => `/api/learn/courses/${courseId}/lessons/${lessonId}/progress`;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T09:00:00.000Z');
    cast = await setUpCast(ctx.app, ctx.services);
    const { author, admin, learner } = cast;
    const objective = (await api(author, 'POST', '/api/objectives', { title: 'Greet callers', performance: 'Opens every call with the brand, their name and an offer to help.' })).json();
    const lesson = await api(author, 'POST', '/api/lessons', { ...LESSON, objectiveId: objective.id });
    expect(lesson.statusCode, lesson.body).toBe(201);
    lessonId = lesson.json().id;
    expect((await api(author, 'POST', `/api/lessons/${lessonId}/publish`)).statusCode).toBe(200);
    nextLessonId = (await api(author, 'POST', '/api/lessons', { title: 'Closing a call', coreQuestion: 'How do I end a customer call?', objectiveId: objective.id, blocks: [{ id: 'say', type: 'sample', format: 'text', content: 'Thank you for calling.' }, { id: 'q', type: 'question', question: { kind: 'true_false', prompt: 'You thank the caller first.', answer: true } }] })).json().id;
    expect((await api(author, 'POST', `/api/lessons/${nextLessonId}/publish`)).statusCode).toBe(200);
    const course = await api(author, 'POST', '/api/courses', { title: 'Phone greetings', objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'On the phone', lessonIds: [lessonId, nextLessonId] }] });
    courseId = course.json().id;
    expect((await api(author, 'POST', `/api/courses/${courseId}/publish`)).statusCode).toBe(200);

    const ids = [learner.personId];
    for (let k = 1; k < FINISHERS.length + DROPPED; k++) ids.push((await api(admin, 'POST', '/api/people', { email: `caller${k}@acme.test`, displayName: `Caller ${k}`, roles: ['learner'] })).json().id);
    expect((await api(author, 'POST', '/api/enrolments', { courseId, personIds: ids })).json()).toMatchObject({ enrolled: ids.length });

    const { learning } = ctx.services;
    for (const [k, personId] of ids.entries()) {
      const actor: Actor = { kind: 'person', orgId: admin.orgId, personId, roles: ['learner'], sessionId: null };
      // Lou (the first) plays through HTTP; the rest through the same service.
      const reach = async (block: number, activeMs: number) =>
        k === 0 ? expect((await api(learner, 'POST', progressUrl(), { block, activeMs })).statusCode).toBe(204) : learning.recordBlockProgress(actor, courseId, lessonId, { block, activeMs });
      await learning.lesson(actor, courseId, lessonId);
      await reach(0, 5_000);
      await reach(1, 40_000);
      const finisher = FINISHERS[k];
      if (!finisher) continue;
      await reach(4, 150_000);
      const answer = (lesson: string, questionId: string, response: object) => learning.submitAttempt(actor, { courseId, lessonId: lesson, questionId, response: response as never, timeTakenMs: 4000, clientId: randomUUID() });
      await answer(lessonId, 'q1', { kind: 'single_choice', optionId: finisher.q1 });
      // A second try is practice: it must not count as an answer.
      if (finisher.q1 !== 'a') await answer(lessonId, 'q1', { kind: 'single_choice', optionId: 'a' });
      expect((await answer(lessonId, 'q2', { kind: 'true_false', value: finisher.q2 })).lessonCompleted).toBe(true);
      await reach(4, 200_000);
      await answer(nextLessonId, 'q', { kind: 'true_false', value: finisher.next });
      if (k < 6) await learning.giveFeedback(actor, courseId, lessonId, { answeredMyQuestion: k < 2, rating: 2 });
    }
  }, 120_000);
  afterEach(async () => {
    await ctx.close();
  });

  it('records the furthest block and the active time, only ever raising them, and refuses what is not a block of the lesson', async () => {
    const { learner } = cast;
    const row = async () => ctx.services.database.db.selectFrom('lesson_progress').select(['furthest_block', 'active_ms']).where('person_id', '=', learner.personId).where('lesson_id', '=', lessonId).executeTakeFirstOrThrow();
    expect(await row()).toEqual({ furthest_block: 4, active_ms: 200_000 });
    expect((await api(learner, 'POST', progressUrl(), { block: 1, activeMs: 1000 })).statusCode).toBe(204);
    expect(await row()).toEqual({ furthest_block: 4, active_ms: 200_000 });

    for (const bad of [{ block: 5, activeMs: 0 }, { block: -1, activeMs: 0 }, { block: 1.5, activeMs: 0 }, { block: 0, activeMs: 2 * 3_600_000 + 1 }, { block: 0 }, { block: 0, activeMs: 0, extra: true }]) {
      const response = await api(learner, 'POST', progressUrl(), bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect((await api(learner, 'POST', `/api/learn/courses/${courseId}/lessons/no-such-lesson/progress`, { block: 0, activeMs: 0 })).statusCode).toBe(404);
    // The outsider is enrolled in nothing of this organisation.
    expect((await api(cast.outsider, 'POST', progressUrl(), { block: 0, activeMs: 0 })).statusCode).toBe(404);
  });

  it('shows one lesson’s drop-off by block, time against the estimate, ratings, difficulty, discrimination and the common wrong answer', async () => {
    const response = await api(cast.author, 'GET', `/api/improvement/lessons/${lessonId}`);
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({ lessonId, title: LESSON.title, status: 'published', days: 90, revision: 1 });
    expect(detail.funnel).toMatchObject({ starters: 20, unknown: 0, completed: 15, otherRevisions: 0 });
    expect(detail.funnel.blocks.map((b: { blockId: string; reached: number }) => [b.blockId, b.reached])).toEqual([
      ['intro', 20],
      ['case', 20],
      ['q1', 15],
      ['script', 15],
      ['q2', 15],
    ]);
    expect(detail.funnel.blocks[1]).toMatchObject({ typeName: 'case study', share: 1, stoppedHere: 0.25 });
    expect(detail.time).toMatchObject({ n: 15, withActiveTime: 15, medianSeconds: 200, p75Seconds: 200 });
    expect(detail.time.estimateSeconds).toBeGreaterThan(0);
    expect(detail.feedback).toEqual({ ratings: 6, ratingMean: 2, answered: 6, answeredYes: 2, answeredRate: 2 / 6 });

    const q1 = detail.questions.find((q: { questionId: string }) => q.questionId === 'q1');
    // Only first answers count: the nine "b" learners' second try ("a") is practice.
    expect(q1).toMatchObject({ blockIndex: 2, kind: 'single_choice', prompt: 'What do you say first?', answers: 15, correct: 4 });
    expect(q1.difficulty).toBeCloseTo(4 / 15, 10);
    expect(q1.commonWrongAnswers).toEqual([{ answer: 'Your name', count: 9, shareOfWrong: 9 / 11, shareOfAnswers: 9 / 15 }]);
    // Discrimination: q1 right (1/0) against each finisher's mean score on the course's two other questions.
    const expected = pearson(
      FINISHERS.map((f) => (f.q1 === 'a' ? 1 : 0)),
      FINISHERS.map((f) => ((f.q2 ? 1 : 0) + (f.next ? 1 : 0)) / 2),
    );
    expect(q1.discrimination.n).toBe(15);
    expect(q1.discrimination.r).toBeCloseTo(expected, 10);

    const rules = detail.suggestions.map((s: { rule: string }) => s.rule);
    expect(rules).toEqual(expect.arrayContaining(['steep_drop_off', 'runs_long', 'too_hard', 'common_misconception', 'low_rating', 'did_not_answer']));
    expect(detail.suggestions.find((s: { rule: string }) => s.rule === 'steep_drop_off')).toMatchObject({ blockId: 'case', evidence: { block: 2, starters: 20, stopped: 5 } });
    expect(detail.suggestions.find((s: { rule: string }) => s.rule === 'common_misconception').message).toContain('“Your name”');
    expect(detail.minimums).toMatchObject({ learners: 10, answers: 10, discrimination: 15 });
  });

  it('queues the lessons with suggestions, most impactful first, with the top content gaps, and as CSV', async () => {
    const search = await api(cast.learner, 'GET', '/api/search?q=maternity%20payslip%20reimbursement');
    expect(search.statusCode).toBe(200);
    const response = await api(cast.author, 'GET', '/api/improvement');
    expect(response.statusCode, response.body).toBe(200);
    const queue = response.json();
    expect(queue).toMatchObject({ days: 90, courseId: null });
    expect(queue.lessons[0]).toMatchObject({ lessonId, title: LESSON.title, learners: 20, completed: 15 });
    expect(queue.lessons[0].impact).toBeGreaterThanOrEqual(queue.lessons.at(-1).impact);
    expect(queue.contentGaps).toEqual([expect.objectContaining({ question: 'maternity payslip reimbursement', writeLessonPath: expect.stringMatching(/^\/author\/lessons\/new/) })]);

    const forCourse = (await api(cast.author, 'GET', `/api/improvement?courseId=${courseId}&days=30`)).json();
    expect(forCourse.lessons.map((l: { lessonId: string }) => l.lessonId)).toContain(lessonId);
    // Ten days later with a 7-day window, nobody started anything: only lint findings may remain.
    ctx.clock.set('2026-03-20T09:00:00.000Z');
    const later = (await api(cast.author, 'GET', '/api/improvement?days=7')).json();
    for (const lesson of later.lessons) expect(lesson.suggestions.map((s: { rule: string }) => s.rule)).toEqual(['lint_warning']);
    ctx.clock.set('2026-03-10T09:00:00.000Z');

    const csv = await api(cast.author, 'GET', '/api/improvement.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('lesson,lesson id,status,learners,completed,rule,suggestion,evidence,impact');
    expect(lines.some((line) => line.startsWith(`${LESSON.title},${lessonId},published,20,15,too_hard,`))).toBe(true);

    const wrong = await api(cast.author, 'GET', `/api/improvement/lessons/${lessonId}.csv?part=wrong_answers`);
    expect(wrong.statusCode).toBe(200);
    expect(wrong.body.trim().split('\r\n')).toEqual(['question id,prompt,wrong answer,learners,share of wrong answers,share of all answers', `q1,What do you say first?,Your name,9,${9 / 11},0.6`, 'q2,You offer help at the end of the greeting.,False,6,1,0.4']);
    const funnel = (await api(cast.author, 'GET', `/api/improvement/lessons/${lessonId}.csv`)).body.trim().split('\r\n');
    expect(funnel).toHaveLength(6);
    expect(funnel[0]).toBe('block,block id,type,title,learners who reached it,share of starters,share who stopped here');
    expect(funnel[2]).toMatch(/^2,case,case study,"Sam answers: “Hi, Sam here\.”.*",20,1,0\.25$/);
  });

  it('is for authors and admins: learners get 403, another organisation 404, bad input 400', async () => {
    expect((await api(cast.admin, 'GET', '/api/improvement')).statusCode).toBe(200);
    for (const url of ['/api/improvement', '/api/improvement.csv', `/api/improvement/lessons/${lessonId}`, `/api/improvement/lessons/${lessonId}.csv`]) {
      expect((await api(cast.learner, 'GET', url)).statusCode, url).toBe(403);
    }
    expect((await api(cast.outsider, 'GET', `/api/improvement/lessons/${lessonId}`)).statusCode).toBe(404);
    expect((await api(cast.outsider, 'GET', `/api/improvement/lessons/${lessonId}.csv?part=questions`)).statusCode).toBe(404);
    expect((await api(cast.outsider, 'GET', `/api/improvement?courseId=${courseId}`)).statusCode).toBe(404);
    const outsiders = (await api(cast.outsider, 'GET', '/api/improvement')).json();
    expect(outsiders.lessons).toEqual([]);
    for (const url of ['/api/improvement?days=0', '/api/improvement?days=400', '/api/improvement?colour=red', `/api/improvement/lessons/${lessonId}.csv?part=everything`]) {
      expect((await api(cast.author, 'GET', url)).statusCode, url).toBe(400);
    }
  });
});
