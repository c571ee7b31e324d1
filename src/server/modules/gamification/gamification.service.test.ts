import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';
import * as repo from './gamification.repository.ts';
import { createGamificationService } from './gamification.service.ts';

const DAY = 86_400_000;
/** A Monday, 09:00 in London (the organisation's default zone is UTC unless set; the learner works Monday–Friday). */
const MONDAY = '2026-03-02T09:00:00.000Z';

describe.each(testDialects)('points on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let orgId: string;
  let personId: string;
  let courseId: string;
  let lessonIds: string[];

  const api = (session: TestSession, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  const db = () => ctx.services.database.db;
  const answer = (lessonId: string, value: boolean, clientId: string = randomUUID()) =>
    api(learner, 'POST', '/api/learn/attempts', { courseId, lessonId, questionId: 'q', response: { kind: 'true_false', value }, timeTakenMs: 3000, clientId });
  const ledger = async () => {
    await ctx.services.gamification.settle();
    return ctx.services.database.db.selectFrom('points_entry').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('award_key').execute();
  };
  /** The totals kept beside the ledger agree with it: all time, each season, and the wallet. */
  const expectTotalsToMatchLedger = async () => {
    const db = ctx.services.database.db;
    const entries = await db.selectFrom('points_entry').selectAll().where('org_id', '=', orgId).execute();
    const expected = new Map<string, number>();
    const add = (key: string, points: number) => expected.set(key, (expected.get(key) ?? 0) + points);
    for (const e of entries) {
      if (e.points > 0 && e.reason !== 'refund') for (const season of [repo.ALL_TIME, e.season_week, e.season_month]) add(`${e.person_id}/${season}`, e.points);
    }
    const totals = await db.selectFrom('points_total').selectAll().where('org_id', '=', orgId).execute();
    expect(new Map(totals.map((t) => [`${t.person_id}/${t.season}`, Number(t.points)]))).toEqual(expected);
    const sums = await repo.ledgerSums(db, orgId);
    for (const [person, sum] of sums) expect(await repo.balanceOf(db, orgId, person)).toBe(sum.balance);
  };

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(MONDAY);
    admin = await setUpOrganisation(ctx.app);
    orgId = admin.orgId;
    const system = systemActor(orgId);
    const lou = await ctx.services.identity.createPerson(system, { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: 'a long enough password' });
    personId = lou.id;
    learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
    ({ courseId, lessonIds } = await createPublishedCourse(ctx.services, orgId, 'Greetings', 8));
    await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [personId] });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('awards a completed lesson and a right first answer once, however often the learner answers again', async () => {
    expect((await answer(lessonIds[0]!, true)).json()).toMatchObject({ correct: true, lessonCompleted: true });
    const entries = await ledger();
    expect(entries.map((e) => [e.reason, e.points, e.award_key])).toEqual([
      ['first_try_correct', 5, `first_try:${lessonIds[0]}:q`],
      ['lesson_completed', 10, `lesson:${lessonIds[0]}`],
    ]);
    // The same question again (practice), the same request again, and syncs on top: nothing more.
    const clientId = randomUUID();
    await answer(lessonIds[0]!, true, clientId);
    await answer(lessonIds[0]!, true, clientId);
    await ctx.services.gamification.syncPerson(orgId, personId);
    await ctx.services.gamification.syncPerson(orgId, personId, '2000-01-01T00:00:00.000Z');
    expect(await ledger()).toHaveLength(2);
    // A wrong first answer in the next lesson completes it without the first-try points.
    await answer(lessonIds[1]!, false);
    expect((await ledger()).map((e) => e.reason)).toEqual(['first_try_correct', 'lesson_completed', 'lesson_completed']);
    await expectTotalsToMatchLedger();
    expect(await repo.balanceOf(ctx.services.database.db, orgId, personId)).toBe(25);
  });

  it('never awards twice when two servers sync the same person at once', async () => {
    for (const lessonId of lessonIds.slice(0, 4)) await answer(lessonId, true);
    await ctx.services.gamification.settle();
    await ctx.services.database.db.deleteFrom('points_entry').execute();
    await ctx.services.database.db.deleteFrom('points_total').execute();
    await ctx.services.database.db.deleteFrom('points_wallet').execute();
    // Two more services over the same database: as two app servers, they do not share the in-process queue.
    const other = () => createGamificationService({ db: ctx.services.database.db, clock: ctx.clock, identity: ctx.services.identity, learning: ctx.services.learning, logger: pino({ level: 'silent' }) });
    const servers = [other(), other(), ctx.services.gamification];
    await Promise.all(servers.flatMap((server) => [server.syncPerson(orgId, personId, '2000-01-01T00:00:00.000Z'), server.syncPerson(orgId, personId, '2000-01-01T00:00:00.000Z')]));
    const entries = await ledger();
    expect(entries).toHaveLength(8);
    expect(new Set(entries.map((e) => e.award_key)).size).toBe(8);
    await expectTotalsToMatchLedger();
  });

  it('awards remembering: a right answer in a review a few days later is worth more, once per review', async () => {
    await answer(lessonIds[0]!, true);
    ctx.clock.advance(5 * DAY);
    const boost = (await api(learner, 'GET', '/api/learn/boost')).json();
    expect(boost.items).toHaveLength(1);
    const reviewItemId = boost.items[0].reviewItemId;
    const clientId = randomUUID();
    const review = await api(learner, 'POST', '/api/learn/reviews', { reviewItemId, response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId });
    expect(review.json()).toMatchObject({ correct: true });
    // Answered again at once it is practice (not due): no second award.
    await api(learner, 'POST', '/api/learn/reviews', { reviewItemId, response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() });
    const recalls = (await ledger()).filter((e) => e.reason === 'recall_correct');
    expect(recalls).toHaveLength(1);
    expect(recalls[0]).toMatchObject({ points: 15, source_kind: 'review_item', source_id: reviewItemId });
  });

  it('makes the awards a crash lost, exactly once, when the sweep runs', async () => {
    for (const lessonId of lessonIds.slice(0, 3)) await answer(lessonId, true);
    const before = (await ledger()).map((e) => e.award_key).sort();
    // As if the server died after the answers committed and before their points were written.
    await ctx.services.database.db.deleteFrom('points_entry').execute();
    await ctx.services.database.db.deleteFrom('points_total').execute();
    await ctx.services.database.db.deleteFrom('points_wallet').execute();
    await ctx.services.gamification.sweep();
    await ctx.services.gamification.sweep();
    expect((await ledger()).map((e) => e.award_key).sort()).toEqual(before);
    await expectTotalsToMatchLedger();
  });

  it('counts a streak in working days and awards its milestone once', async () => {
    // Monday to Friday, one lesson a day; the weekend neither adds nor breaks; the next Monday is day 6.
    for (let day = 0; day < 8; day++) {
      ctx.clock.set(new Date(Date.parse(MONDAY) + day * DAY));
      const weekday = ctx.clock.now().getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      await answer(lessonIds[day]!, true);
    }
    const milestones = (await ledger()).filter((e) => e.reason === 'streak_milestone');
    expect(milestones.map((e) => [e.points, e.award_key])).toEqual([[20, 'streak:2026-03-02:5']]);
    await ctx.services.gamification.syncPerson(orgId, personId, '2000-01-01T00:00:00.000Z');
    expect((await ledger()).filter((e) => e.reason === 'streak_milestone')).toHaveLength(1);
  });

  it('keeps each day’s streak in a checkpoint and carries on from it, reading only the days since', async () => {
    // Monday to Wednesday, one lesson a day: after Wednesday's sync the checkpoint holds Monday and Tuesday.
    for (let day = 0; day < 3; day++) {
      ctx.clock.set(new Date(Date.parse(MONDAY) + day * DAY));
      await answer(lessonIds[day]!, true);
    }
    await ctx.services.gamification.settle();
    expect(await repo.findStreakCheckpoint(db(), personId)).toMatchObject({ through: '2026-03-03', current_days: 2, longest_days: 2, started_on: '2026-03-02', last_active_on: '2026-03-03' });
    expect((await api(learner, 'GET', '/api/me/points')).json().streak).toMatchObject({ current: 3, todayDone: true });
    // A checkpoint says more than the answers still read (as a learner with a long history would have): Thursday's
    // streak carries on from it, so nothing before it is replayed.
    await db().updateTable('streak_checkpoint').set({ current_days: 11, longest_days: 11, started_on: '2026-02-16' }).where('person_id', '=', personId).execute();
    ctx.clock.set(new Date(Date.parse(MONDAY) + 3 * DAY));
    await answer(lessonIds[3]!, true);
    await ctx.services.gamification.settle();
    expect((await api(learner, 'GET', '/api/me/points')).json().streak).toMatchObject({ current: 13, longest: 13, todayDone: true });
    expect(await repo.findStreakCheckpoint(db(), personId)).toMatchObject({ through: '2026-03-04', current_days: 12, started_on: '2026-02-16' });
    // A checkpoint only moves forward: an older one is not written over a later one.
    await repo.saveStreakCheckpoint(db(), { person_id: personId, org_id: orgId, through: '2026-03-01', current_days: 0, longest_days: 0, started_on: null, freezes_held: 0, freezes_used: 0, last_active_on: null, updated_at: MONDAY });
    expect(await repo.findStreakCheckpoint(db(), personId)).toMatchObject({ through: '2026-03-04', current_days: 12 });
  });

  it('does not settle a day in its first minutes after midnight, while answers dated in it may still be committing', async () => {
    ctx.clock.set(MONDAY);
    await answer(lessonIds[0]!, true);
    ctx.clock.set('2026-03-03T00:02:00.000Z');
    await ctx.services.gamification.syncPerson(orgId, personId);
    expect(await repo.findStreakCheckpoint(db(), personId)).toMatchObject({ through: '2026-03-01' });
    ctx.clock.set('2026-03-03T00:30:00.000Z');
    await ctx.services.gamification.syncPerson(orgId, personId);
    expect(await repo.findStreakCheckpoint(db(), personId)).toMatchObject({ through: '2026-03-02', current_days: 1 });
  });

  it('keeps to the organisation’s daily cap, in the learner’s day', async () => {
    await repo.upsertSettings(ctx.services.database.db, { org_id: orgId, rules: JSON.stringify({ dailyCap: 32 }), season_kind: 'weekly', leaderboards_enabled: 1, updated_at: MONDAY });
    for (const lessonId of lessonIds.slice(0, 4)) await answer(lessonId, true);
    const entries = await ledger();
    expect(entries.reduce((sum, e) => sum + e.points, 0)).toBe(32);
    // The next day starts afresh.
    ctx.clock.advance(DAY);
    await answer(lessonIds[4]!, true);
    expect((await ledger()).reduce((sum, e) => sum + e.points, 0)).toBe(32 + 15);
    await expectTotalsToMatchLedger();
  });
});
