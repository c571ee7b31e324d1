import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';
import { systemActor } from '../modules/identity/index.ts';
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
});
