/**
 * Morsel's own statements, on both databases, through HTTP: a learner in a campaign takes a baseline check, opens,
 * answers, completes and rates lessons, reviews, passes the post check and earns a certification; the LRS then holds
 * Morsel's statements of all of it (verbs, actor, activities, context, results), each exactly once, also after a crash
 * lost them, however often the sweep runs, and only for the organisation's own credentials.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Statement } from '../../../core/xapi/index.ts';
import { MORSEL_VERBS } from '../../../core/xapi/morsel-statements.ts';
import { AppError } from '../../platform/errors.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';
import type { LrsService } from './lrs.service.ts';
import { createOwnStatements } from './own-statements.ts';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const PASSWORD = 'a long enough password';
const HOME = 'http://morsel.test';
const ACTIVITIES = `${HOME}/xapi/activities`;
const EXTENSIONS = `${HOME}/xapi/extensions`;
/** Monday 2 March 2026, 09:00 in London: inside the learner's working hours. */
const MONDAY = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

interface StoredStatement {
  id: string;
  actor: unknown;
  verb: { id: string };
  object: { id: string; definition?: Record<string, unknown> };
  result?: Record<string, unknown>;
  context?: { registration?: string; platform?: string; language?: string; revision?: string; contextActivities?: Record<string, { id: string }[]>; extensions?: Record<string, unknown> };
  timestamp: string;
  authority: unknown;
}

describe.each(testDialects)('Morsel’s own statements on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let orgId: string;
  let louId: string;
  let courseId: string;
  let greetId: string;
  let closeId: string;
  let greetObjectiveId: string;
  let campaignId: string;
  let certificationId: string;
  let basic: string;

  const api = (session: TestSession, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  const db = () => ctx.services.database.db;
  const right = { q1: { kind: 'single_choice', optionId: 'a' }, q2: { kind: 'true_false', value: true }, q3: { kind: 'true_false', value: false } } as const;
  const lessonOf = (questionId: 'q1' | 'q2' | 'q3') => (questionId === 'q3' ? closeId : greetId);
  const answerLesson = (questionId: 'q1' | 'q2' | 'q3', response: unknown, confidence?: number) =>
    api(learner, 'POST', '/api/learn/attempts', { courseId, lessonId: lessonOf(questionId), questionId, response, timeTakenMs: 3000, clientId: randomUUID(), ...(confidence ? { confidence } : {}) });
  const answerCheck = (phase: 'baseline' | 'post', questionId: 'q1' | 'q2' | 'q3', response: unknown) =>
    api(learner, 'POST', `/api/learn/courses/${courseId}/checks/${phase}/answers`, { questionId, lessonId: lessonOf(questionId), response, timeTakenMs: 2500, clientId: randomUUID() });
  const credentialOf = async (session: TestSession) => {
    const created = await api(session, 'POST', '/api/lrs/credentials', { name: 'Reporting' });
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json();
    return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  };
  /** Every statement the credential sees, oldest stored first, following "more". */
  const statements = async (params: Record<string, string> = {}, authorization = basic): Promise<StoredStatement[]> => {
    const seen: StoredStatement[] = [];
    let url = `/xapi/statements?${new URLSearchParams({ ascending: 'true', ...params })}`;
    while (url) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { ...VERSION, authorization } });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { statements: StoredStatement[]; more: string };
      seen.push(...page.statements);
      url = page.more;
    }
    return seen;
  };
  const storedCount = async () => Number((await db().selectFrom('xapi_statement').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n);
  const verbNames = (list: StoredStatement[]) => list.map((s) => Object.entries(MORSEL_VERBS).find(([, verb]) => verb.id === s.verb.id)?.[0] ?? s.verb.id).sort();

  /** What the learner does, in order: baseline, lessons (with a rating), a review five days later, post check. */
  async function learn(): Promise<void> {
    for (const q of ['q1', 'q2', 'q3'] as const) expect((await answerCheck('baseline', q, q === 'q1' ? { kind: 'single_choice', optionId: 'b' } : right[q])).statusCode).toBe(200);
    ctx.clock.advance(60_000);
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}/lessons/${greetId}`)).statusCode).toBe(200);
    ctx.clock.advance(30_000);
    expect((await answerLesson('q1', right.q1, 3)).json()).toMatchObject({ correct: true, lessonCompleted: false });
    expect((await answerLesson('q2', right.q2)).json()).toMatchObject({ correct: true, lessonCompleted: true });
    expect((await api(learner, 'POST', `/api/learn/courses/${courseId}/lessons/${greetId}/feedback`, { answeredMyQuestion: true, rating: 4, comment: 'Short and clear.' })).statusCode).toBe(204);
    // The player shows the greeting's last block (and reports it twice: one statement).
    for (const _ of [1, 2]) expect((await api(learner, 'POST', `/api/learn/courses/${courseId}/lessons/${greetId}/progress`, { block: 2, activeMs: 41_000 })).statusCode).toBe(204);
    expect((await answerLesson('q3', right.q3)).json()).toMatchObject({ lessonCompleted: true });
    ctx.clock.advance(5 * DAY);
    const boost = (await api(learner, 'GET', '/api/learn/boost')).json();
    const item = boost.items.find((i: { lessonId: string }) => i.lessonId === closeId);
    expect((await api(learner, 'POST', '/api/learn/reviews', { reviewItemId: item.reviewItemId, response: right.q3, timeTakenMs: 1500, clientId: randomUUID() })).json()).toMatchObject({ correct: true });
    // The review's statements are written in the background; let them finish before the post check begins.
    await ctx.services.ownStatements.settle();
    for (const q of ['q1', 'q2', 'q3'] as const) expect((await answerCheck('post', q, q === 'q2' ? { kind: 'true_false', value: false } : right[q])).statusCode).toBe(200);
    await ctx.services.ownStatements.settle();
  }

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(MONDAY);
    admin = await setUpOrganisation(ctx.app);
    orgId = admin.orgId;
    const system = systemActor(orgId);
    louId = (await ctx.services.identity.createPerson(system, { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: PASSWORD })).id;
    learner = await signIn(ctx.app, 'lou@acme.test', PASSWORD);

    const greet = await ctx.services.content.createObjective(system, { title: 'Greet callers', performance: 'Greet callers', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const close = await ctx.services.content.createObjective(system, { title: 'Close calls', performance: 'Close calls', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    greetObjectiveId = greet.id;
    const a = await ctx.services.content.createLesson(system, {
      title: 'The greeting',
      coreQuestion: 'What do I say first when I answer a call?',
      objectiveId: greet.id,
      tags: [],
      variables: [],
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling Northwind.' },
        { id: 'q1', type: 'question', question: { kind: 'single_choice', askConfidence: true, prompt: 'What comes first?', options: [{ id: 'a', text: 'The brand', correct: true }, { id: 'b', text: 'Your name', correct: false }] } },
        { id: 'q2', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: 'You offer help last.', answer: true } },
      ],
    });
    const b = await ctx.services.content.createLesson(system, {
      title: 'The farewell',
      coreQuestion: 'How do I end a call?',
      objectiveId: close.id,
      tags: [],
      variables: [],
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling; goodbye.' },
        { id: 'q3', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: 'You hang up first.', answer: false } },
      ],
    });
    for (const lesson of [a, b]) await ctx.services.content.publishLesson(system, lesson.id);
    const course = await ctx.services.content.createCourse(system, { title: 'Calls', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm', title: 'M', lessonIds: [a.id, b.id] }] });
    await ctx.services.content.publishCourse(system, course.id);
    courseId = course.id;
    greetId = a.id;
    closeId = b.id;

    // A campaign enrols the learner: its first lesson goes out and the dispatcher makes the enrolment.
    const campaign = await api(admin, 'POST', '/api/campaigns', { name: 'Launch week', courseIds: [courseId], audience: { personIds: [louId] }, startAt: MONDAY, pacing: { mode: 'daily', lessonsPerDay: 1 } });
    expect(campaign.statusCode, campaign.body).toBe(201);
    campaignId = campaign.json().id;
    expect((await api(admin, 'POST', `/api/campaigns/${campaignId}/launch`)).statusCode).toBe(200);
    ctx.clock.advance(3_600_000);
    expect((await ctx.services.dispatcher.dispatchDue()).sent).toBe(1);
    const certification = await api(admin, 'POST', '/api/certifications', { title: 'Call handling', scope: 'course', courseId, passMark: 60, validity: { amount: 90, unit: 'days' } });
    expect(certification.statusCode).toBe(201);
    certificationId = certification.json().id;
    basic = await credentialOf(admin);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('writes a statement of everything the learner did, with Morsel’s verbs, actor, activities, context and results', async () => {
    await learn();
    // Written after each learning event (answers, completions, the feedback, the review, both checks and the
    // certification), with the records of the minutes before: the sweep (every minute) finds nothing left to write.
    const all = await statements();
    expect(verbNames(all)).toEqual([...Array(10).fill('answered'), 'completed', 'completed', 'experienced', 'launched', 'launched', 'passed', 'passed', 'rated', 'scored', 'scored'].sort());
    expect(await ctx.services.ownStatements.sweep()).toBe(0);

    const enrolment = await db().selectFrom('enrolment').select(['id', 'source']).where('person_id', '=', louId).executeTakeFirstOrThrow();
    expect(enrolment.source).toBe('campaign');
    const lou = { objectType: 'Agent', name: 'Lou', account: { homePage: HOME, name: louId } };
    for (const statement of all) {
      expect(statement.actor).toEqual(lou);
      expect(statement.authority).toEqual({ objectType: 'Agent', name: 'Morsel', account: { homePage: HOME, name: 'morsel' } });
      expect(statement.context).toMatchObject({ platform: 'Morsel', language: 'en', registration: enrolment.id });
    }
    expect(JSON.stringify(all)).not.toContain('lou@acme.test');

    const course = `${ACTIVITIES}/courses/${courseId}`;
    const campaign = `${ACTIVITIES}/campaigns/${campaignId}`;
    const greetLesson = `${ACTIVITIES}/lessons/${greetId}`;
    const ids = (list: { id: string }[] | undefined) => (list ?? []).map((activity) => activity.id);
    const firstAnswer = all.find((s) => s.object.id === `${greetLesson}/questions/q1` && s.context?.extensions?.[`${EXTENSIONS}/answer-mode`] === 'lesson')!;
    expect(firstAnswer.verb.id).toBe(MORSEL_VERBS.answered.id);
    expect(firstAnswer.object.definition).toMatchObject({ name: { en: 'What comes first?' }, type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', correctResponsesPattern: ['a'] });
    expect(firstAnswer.result).toEqual({ success: true, score: { scaled: 1, raw: 1, min: 0, max: 1 }, response: 'a', duration: 'PT3S', extensions: { [`${EXTENSIONS}/confidence`]: 3 } });
    expect([ids(firstAnswer.context!.contextActivities!.parent), ids(firstAnswer.context!.contextActivities!.grouping), ids(firstAnswer.context!.contextActivities!.category)]).toEqual([[greetLesson], [course, campaign], [`${ACTIVITIES}/objectives/${greetObjectiveId}`]]);
    expect(firstAnswer.context!.contextActivities!.grouping![1]).toMatchObject({ definition: { name: { en: 'Launch week' } } });
    expect(firstAnswer.context!.contextActivities!.category![0]).toMatchObject({ definition: { name: { en: 'Greet callers' } } });

    const launched = all.find((s) => s.verb.id === MORSEL_VERBS.launched.id && s.object.id === greetLesson)!;
    expect(launched.object.definition).toMatchObject({ name: { en: 'The greeting' }, description: { en: 'What do I say first when I answer a call?' } });
    expect(ids(launched.context!.contextActivities!.parent)).toEqual([course]);
    expect(launched.timestamp).toBe('2026-03-02T10:01:00.000Z');
    // Shown to its last block: experienced, once, about the lesson, with its course as parent.
    const experienced = all.filter((s) => s.verb.id === MORSEL_VERBS.experienced.id);
    expect(experienced.map((s) => s.object.id)).toEqual([greetLesson]);
    expect(ids(experienced[0]!.context!.contextActivities!.parent)).toEqual([course]);
    const rated = all.find((s) => s.verb.id === MORSEL_VERBS.rated.id)!;
    expect(rated.object.id).toBe(greetLesson);
    expect(rated.result).toEqual({ score: { raw: 4, min: 1, max: 5 }, response: 'Short and clear.', extensions: { [`${EXTENSIONS}/answered-my-question`]: true } });
    const review = all.find((s) => s.context?.extensions?.[`${EXTENSIONS}/answer-mode`] === 'review')!;
    expect(review.object.id).toBe(`${ACTIVITIES}/lessons/${closeId}/questions/q3`);
    expect(review.result).toMatchObject({ success: true, response: 'false', duration: 'PT1.5S' });

    // The baseline is scored, never passed or failed; the post check (2 of 3 right) passes the pass mark of 60.
    const scored = all.filter((s) => s.verb.id === MORSEL_VERBS.scored.id);
    expect(scored.map((s) => s.object.id)).toEqual([`${course}/checks/baseline`, `${course}/checks/post`]);
    for (const s of scored) expect(s.result).toEqual({ score: { scaled: 0.667, raw: 66.7, min: 0, max: 100 }, completion: true });
    const passed = all.filter((s) => s.verb.id === MORSEL_VERBS.passed.id);
    expect(passed.map((s) => s.object.id)).toEqual([`${course}/checks/post`, `${ACTIVITIES}/certifications/${certificationId}`]);
    expect(passed[0]!.result).toMatchObject({ success: true, extensions: { [`${EXTENSIONS}/pass-mark`]: 60 } });
    expect(passed[1]!.object.definition).toMatchObject({ name: { en: 'Call handling' }, type: `${HOME}/xapi/activity-types/certification` });
    expect(ids(passed[1]!.context!.contextActivities!.grouping)).toEqual([course]);

    // The LRS's filters find them: by agent, by verb, by registration, by the course among related activities.
    const agent = JSON.stringify({ account: { homePage: HOME, name: louId } });
    expect(await statements({ agent })).toHaveLength(all.length);
    expect(await statements({ verb: MORSEL_VERBS.completed.id })).toHaveLength(2);
    expect(await statements({ registration: enrolment.id })).toHaveLength(all.length);
    expect(await statements({ activity: course, related_activities: 'true' })).toHaveLength(all.length);
  });

  it('writes again, exactly once, what a crash lost, and nothing twice however often the sweep runs', async () => {
    await learn();
    await ctx.services.ownStatements.sweep();
    const before = (await statements()).map((s) => s.id).sort();
    expect(before.length).toBe(20);
    // As if the server died after the learning records committed and before their statements were written (and no
    // sweep had read past them yet).
    await db().deleteFrom('xapi_statement').where('org_id', '=', orgId).execute();
    await db().deleteFrom('own_statement_cursor').execute();
    expect(await statements()).toEqual([]);
    // A person's write and the sweep at once (two servers): every statement once.
    const [, swept] = await Promise.all([ctx.services.ownStatements.writePerson(orgId, louId, '0000'), ctx.services.ownStatements.sweep()]);
    expect(swept).toBeGreaterThanOrEqual(0);
    expect((await statements()).map((s) => s.id).sort()).toEqual(before);
    expect(await storedCount()).toBe(20);
    expect(await ctx.services.ownStatements.sweep()).toBe(0);
    expect(await ctx.services.ownStatements.writePerson(orgId, louId, '0000')).toBe(0);
    expect(await storedCount()).toBe(20);
  });

  it('catches up from its cursor, and reads again a little before it for records that committed late', async () => {
    await learn();
    await ctx.services.ownStatements.sweep();
    const sweptAt = ctx.clock.now().getTime();
    // Feedback dated five minutes before the last sweep (it was committing while the sweep ran), and the server died
    // before its statement was written after it.
    ctx.clock.set(new Date(sweptAt - 5 * 60_000));
    expect((await api(learner, 'POST', `/api/learn/courses/${courseId}/lessons/${closeId}/feedback`, { answeredMyQuestion: false, comment: 'Which button ends the call?' })).statusCode).toBe(204);
    await ctx.services.ownStatements.settle();
    const lost = (await statements({ verb: MORSEL_VERBS.rated.id })).find((s) => s.object.id === `${ACTIVITIES}/lessons/${closeId}`)!;
    await db().deleteFrom('xapi_statement').where('id', '=', lost.id).execute();
    ctx.clock.set(new Date(sweptAt + 60_000));
    expect(await ctx.services.ownStatements.sweep()).toBe(1);
    const rated = (await statements({ verb: MORSEL_VERBS.rated.id })).find((s) => s.object.id === `${ACTIVITIES}/lessons/${closeId}`)!;
    expect(rated.result).toEqual({ response: 'Which button ends the call?', extensions: { [`${EXTENSIONS}/answered-my-question`]: false } });
    expect(await ctx.services.ownStatements.sweep()).toBe(0);
  });

  it('leaves out a statement the LRS refuses and stores the rest; a failing database stops the sweep before its cursor moves', async () => {
    await learn();
    await db().deleteFrom('xapi_statement').where('org_id', '=', orgId).execute();
    const warn = vi.fn();
    const writerWith = (store: LrsService['store']) => createOwnStatements({ db: db(), clock: ctx.clock, lrs: { store }, learning: ctx.services.learning, logger: { warn }, publicUrl: HOME });
    const real = ctx.services.lrs;
    const refusingRatings = writerWith(async (writer, inputs) => {
      if ((inputs as Statement[]).some((s) => s.verb.id === MORSEL_VERBS.rated.id)) throw new AppError('statement_conflict', 'A different statement with this id is stored already.');
      return real.store(writer, inputs);
    });
    expect(await refusingRatings.sweep()).toBe(19);
    expect(verbNames(await statements())).not.toContain('rated');
    expect(warn).toHaveBeenCalledTimes(1);

    const cursor = () => db().selectFrom('own_statement_cursor').select('through').executeTakeFirst();
    const before = await cursor();
    ctx.clock.advance(60_000);
    const offline = writerWith(async () => {
      throw new Error('Connection terminated unexpectedly');
    });
    await db().deleteFrom('xapi_statement').where('org_id', '=', orgId).execute();
    await expect(offline.sweep()).rejects.toThrow('Connection terminated');
    expect(await cursor()).toEqual(before);
  });

  it('reads a first sweep’s history a day at a time, and carries on from the last day it finished after a failure', async () => {
    await learn();
    const all = (await statements()).map((s) => s.id).sort();
    await db().deleteFrom('xapi_statement').where('org_id', '=', orgId).execute();
    await db().deleteFrom('own_statement_cursor').execute();
    const reads: Array<[string, string | undefined]> = [];
    const learning: Parameters<typeof createOwnStatements>[0]['learning'] = {
      firstXapiRecordAt: () => ctx.services.learning.firstXapiRecordAt(),
      xapiRecordsSince: (since, scope, until) => (reads.push([since, until]), ctx.services.learning.xapiRecordsSince(since, scope, until)),
    };
    const real = ctx.services.lrs;
    // The database goes away when the sweep reaches the review, five days after the first answers.
    const failingAtTheReview = createOwnStatements({ db: db(), clock: ctx.clock, learning, logger: { warn: vi.fn() }, publicUrl: HOME, lrs: {
      store: async (writer, inputs) => {
        if ((inputs as Statement[]).some((s) => s.context?.extensions?.[`${EXTENSIONS}/answer-mode`] === 'review')) throw new Error('Connection terminated unexpectedly');
        return real.store(writer, inputs);
      },
    } });
    await expect(failingAtTheReview.sweep()).rejects.toThrow('Connection terminated');
    // One day per read from the oldest record (the baseline check on Monday), the cursor moved after each day.
    expect(reads[0]![0]).toBe(await ctx.services.learning.firstXapiRecordAt());
    expect(reads[0]![0]).toMatch(/^2026-03-02T/);
    expect(reads.length).toBeGreaterThanOrEqual(5);
    expect(reads.slice(0, -1).every(([since, until]) => until !== undefined && Date.parse(until) - Date.parse(since) === DAY)).toBe(true);
    expect(reads.at(-1)![0]).toBe(reads.at(-2)![1]);
    const cursor = (await db().selectFrom('own_statement_cursor').select('through').executeTakeFirstOrThrow()).through;
    expect(cursor).toBe(reads.at(-1)![0]);
    const stored = (await statements()).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(all.length);

    // Back again: the next sweep starts from the last day it finished (less the overlap) and writes the rest, once.
    reads.length = 0;
    const writer = createOwnStatements({ db: db(), clock: ctx.clock, learning, logger: { warn: vi.fn() }, publicUrl: HOME, lrs: real });
    expect(await writer.sweep()).toBe(all.length - stored);
    expect(reads[0]![0]).toBe(new Date(Date.parse(cursor) - 10 * 60_000).toISOString());
    expect((await statements()).map((s) => s.id).sort()).toEqual(all);
  });

  it('shows another organisation’s credentials none of them', async () => {
    await learn();
    await ctx.services.ownStatements.sweep();
    expect((await statements()).length).toBe(20);
    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const olga = await signIn(ctx.app, 'olga@other.test', 'other admin password');
    const theirs = await credentialOf(olga);
    expect(await statements({}, theirs)).toEqual([]);
    expect(await statements({ agent: JSON.stringify({ account: { homePage: HOME, name: louId } }) }, theirs)).toEqual([]);
  });
});
