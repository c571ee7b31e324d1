/**
 * The learning records Morsel writes as xAPI statements, as the learning module reads them (both databases): what
 * happened since an instant and nothing before it, one person's or everyone's by organisation, joined with the names
 * the statements carry.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';

const MONDAY = '2026-03-02T09:00:00.000Z';
const PASSWORD = 'a long enough password';

describe.each(testDialects)('xAPI records of the learning module on %s', (dialect) => {
  let ctx: TestContext;
  let orgId: string;
  let courseId: string;
  let lessonIds: string[];
  const learners: Array<{ id: string; session: TestSession }> = [];

  const answer = (who: TestSession, lessonId: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/learn/attempts', headers: asSession(who), payload: { courseId, lessonId, questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() } });

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(MONDAY);
    const admin = await setUpOrganisation(ctx.app);
    orgId = admin.orgId;
    learners.length = 0;
    for (const name of ['lou', 'max']) {
      const person = await ctx.services.identity.createPerson(systemActor(orgId), { email: `${name}@acme.test`, displayName: name.toUpperCase(), roles: ['learner'], password: PASSWORD });
      learners.push({ id: person.id, session: await signIn(ctx.app, `${name}@acme.test`, PASSWORD) });
    }
    ({ courseId, lessonIds } = await createPublishedCourse(ctx.services, orgId, 'Greetings', 2));
    await ctx.app.inject({ method: 'POST', url: '/api/enrolments', headers: asSession(admin), payload: { courseId, personIds: learners.map((l) => l.id) } });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('reads what happened since an instant, joined with the learner, lesson, question, course and objective', async () => {
    const [lou] = learners;
    await ctx.app.inject({ method: 'GET', url: `/api/learn/courses/${courseId}/lessons/${lessonIds[0]}`, headers: asSession(lou!.session) });
    ctx.clock.set('2026-03-02T09:30:00.000Z');
    await answer(lou!.session, lessonIds[0]!);
    const [group] = await ctx.services.learning.xapiRecordsSince('2026-03-02T09:15:00.000Z', { orgId, personId: lou!.id });
    expect(group!.orgId).toBe(orgId);
    // The lesson was opened before the instant: its completion is read, its launch is not.
    expect(group!.records.map((r) => r.kind)).toEqual(['answer', 'lesson_completed']);
    const [answered, completed] = group!.records;
    expect(answered).toMatchObject({
      kind: 'answer',
      learner: { personId: lou!.id, displayName: 'LOU' },
      language: 'en',
      at: '2026-03-02T09:30:00.000Z',
      course: { courseId, title: 'Greetings', version: 1 },
      campaign: null,
      lesson: { lessonId: lessonIds[0], title: 'Greetings 1', coreQuestion: 'What is step 1 of greetings?', objective: { title: 'Greetings: the objective' } },
      questionId: 'q',
      question: { kind: 'true_false', answer: true },
      mode: 'lesson',
      correct: true,
      score: 1,
      response: { kind: 'true_false', value: true },
      timeTakenMs: 2000,
      confidence: null,
    });
    const enrolment = await ctx.services.database.db.selectFrom('enrolment').select('id').where('person_id', '=', lou!.id).executeTakeFirstOrThrow();
    expect(answered).toMatchObject({ enrolmentId: enrolment.id });
    expect(completed).toMatchObject({ kind: 'lesson_completed', enrolmentId: enrolment.id, at: '2026-03-02T09:30:00.000Z' });
    // From the start, the launch too.
    expect((await ctx.services.learning.xapiRecordsSince('0000', { orgId, personId: lou!.id }))[0]!.records.map((r) => [r.kind, r.at])).toEqual([
      ['lesson_launched', MONDAY],
      ['answer', '2026-03-02T09:30:00.000Z'],
      ['lesson_completed', '2026-03-02T09:30:00.000Z'],
    ]);
  });

  it('reads one person’s records, or everyone’s in every organisation, grouped by organisation', async () => {
    for (const learner of learners) await answer(learner.session, lessonIds[1]!);
    const other = await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const otherCourse = await createPublishedCourse(ctx.services, other.organisation.id, 'Elsewhere', 1);
    const olga = await signIn(ctx.app, 'olga@other.test', 'other admin password');
    await ctx.app.inject({ method: 'POST', url: '/api/enrolments', headers: asSession(olga), payload: { courseId: otherCourse.courseId, personIds: [olga.personId] } });
    await ctx.app.inject({ method: 'POST', url: '/api/learn/attempts', headers: asSession(olga), payload: { courseId: otherCourse.courseId, lessonId: otherCourse.lessonIds[0], questionId: 'q', response: { kind: 'true_false', value: false }, timeTakenMs: 1000, clientId: randomUUID() } });

    const mine = await ctx.services.learning.xapiRecordsSince('0000', { orgId, personId: learners[1]!.id });
    expect(mine.flatMap((g) => g.records.map((r) => r.learner.displayName))).toEqual(['MAX', 'MAX', 'MAX']);
    const everyone = await ctx.services.learning.xapiRecordsSince('0000');
    expect(everyone.map((g) => [g.orgId, new Set(g.records.map((r) => r.learner.displayName))]).sort()).toEqual(
      [
        [orgId, new Set(['LOU', 'MAX'])],
        [other.organisation.id, new Set(['Olga'])],
      ].sort(),
    );
    expect(await ctx.services.learning.xapiRecordsSince('2030-01-01T00:00:00.000Z')).toEqual([]);
  });
});
