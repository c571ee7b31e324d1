import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../identity/index.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const DAY = 86_400_000;

describe.each(testDialects)('the learning loop on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let courseId: string;
  let lessonId: string;

  const api = (session: TestSession, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  const answer = (questionId: string, response: unknown, clientId: string = randomUUID()) =>
    api(learner, 'POST', '/api/learn/attempts', { courseId, lessonId, questionId, response, timeTakenMs: 4200, confidence: 3, clientId });

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    admin = await setUpOrganisation(ctx.app);
    const system = systemActor(admin.orgId);
    const lou = await ctx.services.identity.createPerson(system, { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: 'a long enough password' });
    learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
    const objective = await ctx.services.content.createObjective(system, { title: 'Greet', performance: 'Greet callers', whyItMatters: '', challenge: '', desiredRetention: 0.95, targetProficiency: 0.8 });
    const lesson = await ctx.services.content.createLesson(system, {
      title: 'The greeting',
      coreQuestion: 'What do I say first when I answer a call?',
      objectiveId: objective.id,
      tags: ['greeting'],
      variables: [],
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling Northwind.' },
        { id: 'q1', type: 'question', question: { kind: 'single_choice', askConfidence: true, prompt: 'What comes first?', options: [{ id: 'a', text: 'The brand', correct: true, feedback: 'Yes, the brand.' }, { id: 'b', text: 'Your name', correct: false, feedback: 'The brand comes first.' }] } },
        { id: 'q2', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: 'You offer help last.', answer: true, feedbackTrue: 'Right.', feedbackFalse: 'It does come last.' } },
      ],
    });
    await ctx.services.content.publishLesson(system, lesson.id);
    const course = await ctx.services.content.createCourse(system, { title: 'Greetings', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm', title: 'M', lessonIds: [lesson.id] }] });
    await ctx.services.content.publishCourse(system, course.id);
    courseId = course.id;
    lessonId = lesson.id;
    const enrolled = await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [lou.id], dueAt: '2026-12-01T17:00:00Z' });
    expect(enrolled.json()).toEqual({ enrolled: 1, alreadyEnrolled: 0, version: 1 });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('plays a lesson, gives targeted feedback, completes it, and brings the missed question back the next day', async () => {
    const today = (await api(learner, 'GET', '/api/learn/today')).json();
    expect(today.courses).toEqual([expect.objectContaining({ courseId, title: 'Greetings', completedLessons: 0, totalLessons: 1, dueAt: '2026-12-01T17:00:00.000Z', nextLesson: expect.objectContaining({ lessonId }) })]);
    expect(today.boost).toEqual({ dueCount: 0, size: 3 });

    const lesson = (await api(learner, 'GET', `/api/learn/courses/${courseId}/lessons/${lessonId}`)).json();
    expect(lesson.blocks.map((b: { type: string }) => b.type)).toEqual(['sample', 'question', 'question']);
    expect(JSON.stringify(lesson.blocks)).not.toContain('"correct"');

    const wrong = await answer('q1', { kind: 'single_choice', optionId: 'b' });
    expect(wrong.json()).toMatchObject({ correct: false, score: 0, feedback: ['The brand comes first.'], lessonCompleted: false });
    const right = await answer('q2', { kind: 'true_false', value: true });
    expect(right.json()).toMatchObject({ correct: true, lessonCompleted: true });
    expect((await api(learner, 'GET', '/api/learn/today')).json().courses[0]).toMatchObject({ completedLessons: 1, completedAt: expect.any(String), nextLesson: null });

    const feedback = await api(learner, 'POST', `/api/learn/courses/${courseId}/lessons/${lessonId}/feedback`, { answeredMyQuestion: true, rating: 5, comment: 'Clear.' });
    expect(feedback.statusCode).toBe(204);
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}/lessons/${lessonId}`)).json()).toMatchObject({ completed: true, feedbackGiven: true, answered: { q1: { correct: false }, q2: { correct: true } } });

    // The next day the missed question is due; the one answered right is not.
    ctx.clock.advance(2 * DAY);
    const boost = (await api(learner, 'GET', '/api/learn/boost')).json();
    expect(boost.dueCount).toBe(1);
    expect(boost.items).toEqual([expect.objectContaining({ lessonTitle: 'The greeting', question: expect.objectContaining({ kind: 'single_choice', prompt: 'What comes first?' }) })]);
    const review = await api(learner, 'POST', '/api/learn/reviews', { reviewItemId: boost.items[0].reviewItemId, response: { kind: 'single_choice', optionId: 'a' }, timeTakenMs: 2000, clientId: randomUUID() });
    expect(review.json()).toMatchObject({ correct: true, feedback: ['Yes, the brand.'] });
    expect(Date.parse(review.json().nextDueAt)).toBeGreaterThan(ctx.clock.now().getTime() + DAY);
    expect((await api(learner, 'GET', '/api/learn/boost')).json().dueCount).toBe(0);

    // The log holds each item's first answer (its first review for the optimiser, delta_t 0) and the review after it.
    const logs = await ctx.services.database.db.selectFrom('review_log').selectAll().orderBy('reviewed_at').orderBy('rating').execute();
    expect(logs).toEqual([
      expect.objectContaining({ rating: 1, correct: 0, state_before: 0, delta_t_days: 0, response_ms: 4200 }),
      expect.objectContaining({ rating: 3, correct: 1, state_before: 0, delta_t_days: 0 }),
      expect.objectContaining({ rating: 3, correct: 1, desired_retention: 0.95, response_ms: 2000, delta_t_days: 2 }),
    ]);
  });

  it('records every attempt with answer, correctness, time and confidence, and counts only the first answer', async () => {
    await answer('q1', { kind: 'single_choice', optionId: 'b' });
    const again = await answer('q1', { kind: 'single_choice', optionId: 'a' });
    expect(again.json().correct).toBe(true);
    const attempts = await ctx.services.database.db.selectFrom('attempt').selectAll().orderBy('id').execute();
    expect(attempts.map((a) => [a.mode, a.correct, a.confidence, a.time_taken_ms, JSON.parse(a.response).optionId])).toEqual([
      ['lesson', 0, 3, 4200, 'b'],
      ['practice', 1, 3, 4200, 'a'],
    ]);
    expect(await ctx.services.database.db.selectFrom('review_item').selectAll().execute()).toHaveLength(1);
    // Practice never completes a lesson, and once it is complete, practising later keeps the time it was completed.
    expect(again.json().lessonCompleted).toBe(false);
    expect((await answer('q2', { kind: 'true_false', value: true })).json().lessonCompleted).toBe(true);
    const completedAt = async () => (await ctx.services.database.db.selectFrom('lesson_progress').select('completed_at').executeTakeFirstOrThrow()).completed_at;
    const first = await completedAt();
    expect(first).not.toBeNull();
    ctx.clock.advance(60 * 60_000);
    expect((await answer('q2', { kind: 'true_false', value: false })).json()).toMatchObject({ correct: false, lessonCompleted: true });
    expect(await completedAt()).toBe(first);
  });

  it('records a retried submission once, even when the retries arrive together', async () => {
    const clientId = randomUUID();
    const results = await Promise.all([0, 1, 2, 3].map(() => answer('q1', { kind: 'single_choice', optionId: 'a' }, clientId)));
    expect(new Set(results.map((r) => r.json().attemptId)).size).toBe(1);
    expect(results.every((r) => r.json().correct === true)).toBe(true);
    expect(await ctx.services.database.db.selectFrom('attempt').selectAll().execute()).toHaveLength(1);
  });

  it('lets a learner practise without changing the schedule', async () => {
    await answer('q1', { kind: 'single_choice', optionId: 'b' });
    const before = await ctx.services.database.db.selectFrom('review_item').selectAll().executeTakeFirstOrThrow();
    const practice = (await api(learner, 'GET', '/api/learn/boost?practice=true')).json();
    expect(practice.items).toHaveLength(1);
    const result = await api(learner, 'POST', '/api/learn/reviews', { reviewItemId: practice.items[0].reviewItemId, response: { kind: 'single_choice', optionId: 'a' }, timeTakenMs: 1000, practice: true, clientId: randomUUID() });
    expect(result.json()).toMatchObject({ correct: true, nextDueAt: null });
    const after = await ctx.services.database.db.selectFrom('review_item').selectAll().executeTakeFirstOrThrow();
    expect(after.card).toBe(before.card);
    // Only the first answer is in the log; practice adds nothing.
    expect(await ctx.services.database.db.selectFrom('review_log').selectAll().execute()).toEqual([expect.objectContaining({ state_before: 0, rating: 1 })]);
  });

  it('keeps learners in the version they started when the course is republished', async () => {
    const system = systemActor(admin.orgId);
    await ctx.services.content.updateLesson(system, lessonId, { title: 'The greeting, revised', baseRevision: 1 });
    await ctx.services.content.publishLesson(system, lessonId);
    await ctx.services.content.publishCourse(system, courseId);
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}/lessons/${lessonId}`)).json().title).toBe('The greeting');
    const second = await ctx.services.identity.createPerson(system, { email: 'new@acme.test', displayName: 'New', roles: ['learner'], password: 'a long enough password' });
    expect((await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [second.id] })).json().version).toBe(2);
  });

  it('refuses answers that do not fit the question, and lessons the learner was not given', async () => {
    const mismatch = await answer('q1', { kind: 'true_false', value: true });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.code).toBe('validation_failed');
    expect((await answer('nope', { kind: 'true_false', value: true })).statusCode).toBe(404);
    const other = await ctx.services.identity.createPerson(systemActor(admin.orgId), { email: 'x@acme.test', displayName: 'X', roles: ['learner'], password: 'a long enough password' });
    const outsider = await signIn(ctx.app, 'x@acme.test', 'a long enough password');
    expect((await api(outsider, 'GET', `/api/learn/courses/${courseId}/lessons/${lessonId}`)).statusCode).toBe(404);
    expect((await api(learner, 'POST', '/api/enrolments', { courseId, personIds: [other.id] })).statusCode).toBe(403);
  });
});
