import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';
import { systemActor } from '../modules/identity/index.ts';
import { DEMO_LAUNCH_CERTIFICATION, DEMO_WIN_RATE_METRIC } from './demo-outcomes.ts';
import { seedDemo } from './demo-seed.ts';

describe.each(testDialects)('the demo on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('gives Brian’s sales team a leaderboard for launch week, once', async () => {
    const demo = await seedDemo(ctx.services);
    const orgId = demo.organisation.id;
    const people = await ctx.services.identity.listPeople(systemActor(orgId), { status: 'active', limit: 100 });
    const brian = people.items.find((p) => p.displayName === 'Brian Okafor')!;
    const asBrian = { kind: 'person' as const, orgId, personId: brian.id, roles: ['manager' as const, 'learner' as const], sessionId: null };
    const board = await ctx.services.gamification.leaderboard(asBrian, { scope: 'team', season: 'current', limit: 20 });
    expect(board.team?.name).toBe('Store Sales');
    expect(board.rows.length).toBeGreaterThanOrEqual(10);
    expect(board.rows[0]!.points).toBeGreaterThan(board.rows.at(-1)!.points);
    const totals = await ctx.services.database.db.selectFrom('points_entry').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect((await seedDemo(ctx.services)).created).toBe(false);
    await ctx.services.gamification.settle();
    expect(Number((await ctx.services.database.db.selectFrom('points_entry').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n)).toBe(Number(totals.n));
  });

  it('compares the win rate of Brian’s people certified launch-ready with the rest of the team, before and after launch week', async () => {
    const demo = await seedDemo(ctx.services);
    const orgId = demo.organisation.id;
    const people = await ctx.services.identity.listPeople(systemActor(orgId), { status: 'active', limit: 100 });
    const brian = people.items.find((p) => p.displayName === 'Brian Okafor')!;
    const asBrian = { kind: 'person' as const, orgId, personId: brian.id, roles: ['manager' as const, 'learner' as const], sessionId: null };
    expect((await ctx.services.analytics.listMetrics(asBrian)).map((m) => m.metric)).toEqual([DEMO_WIN_RATE_METRIC]);
    // Brian, a manager, picks the launch certification from what "trained" can mean; those who played every lesson of
    // the launch course and passed its post check hold it.
    const choices = await ctx.services.analytics.trainingChoices(asBrian);
    const certification = choices.certifications.find((c) => c.title === DEMO_LAUNCH_CERTIFICATION)!;
    expect(certification).toBeDefined();
    const outcome = await ctx.services.analytics.outcome(asBrian, { metric: DEMO_WIN_RATE_METRIC, certificationId: certification.id });
    expect(outcome.trainedBy).toBe('Earned the certification');
    const { treated, control, estimate, welch } = outcome.differenceInDifferences;
    expect(treated.n).toBeGreaterThanOrEqual(2);
    expect(control.n).toBeGreaterThanOrEqual(2);
    expect(treated.n + control.n).toBe(12);
    expect(outcome.after.treated.n).toBe(treated.n);
    // Completers gain more than the others, with spread in both groups, so the interval exists and is above zero.
    expect(estimate).toBeGreaterThan(0.05);
    expect(treated.change.standardDeviation).toBeGreaterThan(0);
    expect(control.change.standardDeviation).toBeGreaterThan(0);
    expect(welch!.confidenceInterval.lower).toBeGreaterThan(0);
    expect(outcome.differenceInDifferences.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['small_group', 'not_randomised']));
  });
});
