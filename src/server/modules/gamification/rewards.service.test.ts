import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seasonOf } from '../../../core/gamification/index.ts';
import { createTestContext, setUpOrganisation, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, systemActor } from '../identity/index.ts';
import * as points from './gamification.repository.ts';
import { createRewardsService, type RewardsService } from './rewards.service.ts';

/** A Monday, 09:00 UTC (10:00 in London, the organisation's zone). */
const MONDAY = '2026-03-02T09:00:00.000Z';

describe.each(testDialects)('rewards and redemptions on %s', (dialect) => {
  let ctx: TestContext;
  let rewards: RewardsService;
  let orgId: string;
  let admin: Actor;
  let pointsTotalBefore: Map<string, number>;

  const db = () => ctx.services.database.db;
  const person = (personId: string, roles: ('learner' | 'admin')[] = ['learner']): Actor => ({ kind: 'person', orgId, personId, roles, sessionId: null });

  /** A learner with points earned through the ledger (as the points sync writes them: entry, totals, wallet). */
  async function learnerWith(balance: number, name = `Learner ${newId().slice(-6)}`, org = orgId): Promise<Actor & { kind: 'person' }> {
    const created = await ctx.services.identity.createPerson(systemActor(org), { email: `${newId()}@acme.test`, displayName: name, roles: ['learner'] });
    if (balance > 0) {
      await db()
        .transaction()
        .execute((trx) =>
          points.insertEntryIfAbsent(trx, {
            id: newId(),
            org_id: org,
            person_id: created.id,
            award_key: `lesson:${newId()}`,
            points: balance,
            reason: 'lesson_completed',
            source_kind: 'lesson',
            source_id: 'l1',
            season_week: seasonOf(MONDAY, 'weekly', 'Europe/London').label,
            season_month: seasonOf(MONDAY, 'monthly', 'Europe/London').label,
            created_at: MONDAY,
          }),
        );
    }
    return { kind: 'person', orgId: org, personId: created.id, roles: ['learner'], sessionId: null };
  }

  const balanceOf = (actor: Actor & { kind: 'person' }) => points.balanceOf(db(), actor.orgId, actor.personId);
  const stockOf = async (rewardId: string) => (await db().selectFrom('reward').select('stock').where('id', '=', rewardId).executeTakeFirstOrThrow()).stock;
  const pointsTotals = async () => new Map((await db().selectFrom('points_total').selectAll().execute()).map((t) => [`${t.person_id}/${t.season}`, Number(t.points)]));
  const entriesOf = (personId: string) => db().selectFrom('points_entry').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('award_key').execute();

  /** Every wallet equals the sum of its person's ledger entries, and no wallet or stock is below zero. */
  async function expectLedgerToHold(): Promise<void> {
    const wallets = await db().selectFrom('points_wallet').selectAll().execute();
    const sums = new Map<string, number>();
    for (const e of await db().selectFrom('points_entry').select(['person_id', 'points']).execute()) sums.set(e.person_id, (sums.get(e.person_id) ?? 0) + Number(e.points));
    expect(new Map(wallets.map((w) => [w.person_id, Number(w.balance)]))).toEqual(sums);
    for (const wallet of wallets) expect(Number(wallet.balance)).toBeGreaterThanOrEqual(0);
    for (const reward of await db().selectFrom('reward').select('stock').execute()) if (reward.stock !== null) expect(Number(reward.stock)).toBeGreaterThanOrEqual(0);
  }

  /** Settles every promise; returns the fulfilled values and the codes of the rejections. */
  async function outcomes<T>(promises: Promise<T>[]): Promise<{ ok: T[]; codes: string[] }> {
    const settled = await Promise.allSettled(promises);
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const codes = settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as { code?: string }).code ?? s.reason)] : []));
    return { ok, codes };
  }

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(MONDAY);
    const session = await setUpOrganisation(ctx.app);
    orgId = session.orgId;
    admin = person(session.personId, ['admin']);
    rewards = ctx.services.rewards;
  });
  afterEach(async () => {
    await ctx.close();
  });

  describe('the catalogue', () => {
    it('lets admins create, edit and deactivate rewards, and shows learners the active ones with their balance', async () => {
      const mug = await rewards.createReward(admin, { name: 'Mug', description: 'A Morsel mug', cost: 50, stock: 10, active: true });
      const lunch = await rewards.createReward(admin, { name: 'Lunch with the CEO', description: '', cost: 500, stock: null, active: true });
      expect(mug).toMatchObject({ name: 'Mug', cost: 50, stock: 10, active: true });
      expect(lunch.stock).toBeNull();
      const lou = await learnerWith(120);
      const nobody = await learnerWith(0);
      expect(await rewards.listRewards(lou)).toEqual({ balance: 120, rewards: [lunch, mug] });
      expect((await rewards.listRewards(nobody)).balance).toBe(0);

      ctx.clock.advance(60_000);
      const edited = await rewards.updateReward(admin, mug.id, { cost: 60, stock: 3 });
      expect(edited).toMatchObject({ cost: 60, stock: 3, name: 'Mug', updatedAt: ctx.clock.now().toISOString() });
      await rewards.updateReward(admin, lunch.id, { active: false });
      expect((await rewards.listRewards(lou)).rewards.map((r) => r.name)).toEqual(['Mug']);
      expect((await rewards.listRewards(admin, { all: true })).rewards.map((r) => [r.name, r.active])).toEqual([
        ['Lunch with the CEO', false],
        ['Mug', true],
      ]);
    });

    it('refuses learners the admin’s actions, and API tokens the catalogue', async () => {
      const lou = await learnerWith(10);
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 5, stock: null, active: true });
      await expect(rewards.createReward(lou, { name: 'Free', description: '', cost: 1, stock: null, active: true })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(rewards.updateReward(lou, mug.id, { cost: 1 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(rewards.listRewards(lou, { all: true })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(rewards.listRedemptions(lou, { all: true, limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
      const token: Actor = { kind: 'token', orgId, tokenId: 't', scopes: ['people:read'] };
      await expect(rewards.listRewards(token)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(rewards.redeem(token, mug.id, 'client-0001')).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('a redemption', () => {
    it('takes a unit of stock and the cost from the wallet, with a negative ledger entry, and leaves the earned totals alone', async () => {
      const lou = await learnerWith(100, 'Lou');
      const before = await pointsTotals();
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 30, stock: 2, active: true });
      ctx.clock.set('2026-03-29T23:30:00.000Z'); // Monday 00:30 in London (BST): next week and still March there.
      const { redemption, created } = await rewards.redeem(lou, mug.id, 'client-0001');
      expect(created).toBe(true);
      expect(redemption).toMatchObject({ reward: { id: mug.id, name: 'Mug' }, person: { id: lou.personId, name: 'Lou' }, cost: 30, status: 'requested', note: null, decidedAt: null });
      expect(await balanceOf(lou)).toBe(70);
      expect(await stockOf(mug.id)).toBe(1);
      const spent = (await entriesOf(lou.personId)).find((e) => e.reason === 'redemption');
      expect(spent).toMatchObject({ points: -30, award_key: `redeem:${redemption.id}`, source_kind: 'redemption', source_id: redemption.id, season_week: '2026-W14', season_month: '2026-03' });
      expect(await pointsTotals()).toEqual(before);
      await expectLedgerToHold();
    });

    it('refuses what the learner cannot afford and rolls back the unit of stock it took', async () => {
      const lou = await learnerWith(29);
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 30, stock: 1, active: true });
      await expect(rewards.redeem(lou, mug.id, 'client-0001')).rejects.toMatchObject({ code: 'insufficient_points', details: { cost: 30, balance: 29 } });
      const broke = await learnerWith(0);
      await expect(rewards.redeem(broke, mug.id, 'client-0002')).rejects.toMatchObject({ code: 'insufficient_points' });
      expect(await stockOf(mug.id)).toBe(1);
      expect(await balanceOf(lou)).toBe(29);
      expect(await db().selectFrom('redemption').selectAll().execute()).toEqual([]);
      await expectLedgerToHold();
    });

    it('refuses a reward out of stock, an inactive one and one that does not exist', async () => {
      const lou = await learnerWith(100);
      const none = await rewards.createReward(admin, { name: 'Gone', description: '', cost: 1, stock: 0, active: true });
      const old = await rewards.createReward(admin, { name: 'Old', description: '', cost: 1, stock: 5, active: false });
      await expect(rewards.redeem(lou, none.id, 'client-0001')).rejects.toMatchObject({ code: 'reward_out_of_stock' });
      await expect(rewards.redeem(lou, old.id, 'client-0002')).rejects.toMatchObject({ code: 'reward_inactive' });
      await expect(rewards.redeem(lou, 'no-such-reward', 'client-0003')).rejects.toMatchObject({ code: 'not_found' });
      expect(await balanceOf(lou)).toBe(100);
      expect(await stockOf(old.id)).toBe(5);
    });

    it('answers a retry with the same client id with the first redemption, and refuses it for another reward', async () => {
      const lou = await learnerWith(100);
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 30, stock: null, active: true });
      const pen = await rewards.createReward(admin, { name: 'Pen', description: '', cost: 5, stock: null, active: true });
      const first = await rewards.redeem(lou, mug.id, 'client-0001');
      const again = await rewards.redeem(lou, mug.id, 'client-0001');
      expect(again).toEqual({ redemption: first.redemption, created: false });
      await expect(rewards.redeem(lou, pen.id, 'client-0001')).rejects.toMatchObject({ code: 'conflict' });
      expect(await balanceOf(lou)).toBe(70);
    });
  });

  describe('at the same time', () => {
    it('gives a reward with a stock of 3 to exactly 3 of 10 learners asking at once', async () => {
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 40, stock: 3, active: true });
      const learners = await Promise.all(Array.from({ length: 10 }, () => learnerWith(100)));
      const { ok, codes } = await outcomes(learners.map((l, i) => rewards.redeem(l, mug.id, `client-${i}-abcdef`)));
      expect(ok).toHaveLength(3);
      expect(codes.sort()).toEqual(Array(7).fill('reward_out_of_stock'));
      expect(await stockOf(mug.id)).toBe(0);
      const balances = (await Promise.all(learners.map(balanceOf))).sort((a, b) => a - b);
      expect(balances).toEqual([...Array(3).fill(60), ...Array(7).fill(100)]);
      expect(await db().selectFrom('redemption').selectAll().execute()).toHaveLength(3);
      await expectLedgerToHold();
    });

    it('lets a learner with points for exactly 2 redemptions make 2 of 6 sent at once', async () => {
      const lou = await learnerWith(50);
      const pen = await rewards.createReward(admin, { name: 'Pen', description: '', cost: 25, stock: null, active: true });
      const { ok, codes } = await outcomes(Array.from({ length: 6 }, (_, i) => rewards.redeem(lou, pen.id, `client-${i}-abcdef`)));
      expect(ok).toHaveLength(2);
      expect(codes).toEqual(Array(4).fill('insufficient_points'));
      expect(await balanceOf(lou)).toBe(0);
      expect(await stockOf(pen.id)).toBeNull();
      await expectLedgerToHold();
    });

    it('redeems once for the same client id sent 5 times at once, even when it takes the last unit and the last points', async () => {
      const lou = await learnerWith(30);
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 30, stock: 1, active: true });
      const { ok, codes } = await outcomes(Array.from({ length: 5 }, () => rewards.redeem(lou, mug.id, 'same-client-id')));
      expect(codes).toEqual([]);
      expect(new Set(ok.map((o) => o.redemption.id)).size).toBe(1);
      expect(ok.filter((o) => o.created)).toHaveLength(1);
      expect(await balanceOf(lou)).toBe(0);
      expect(await stockOf(mug.id)).toBe(0);
      expect((await entriesOf(lou.personId)).filter((e) => e.reason === 'redemption')).toHaveLength(1);

      // With points and stock to spare, too.
      const rich = await learnerWith(1000);
      const pen = await rewards.createReward(admin, { name: 'Pen', description: '', cost: 10, stock: null, active: true });
      const again = await outcomes(Array.from({ length: 5 }, () => rewards.redeem(rich, pen.id, 'same-client-id')));
      expect(again.codes).toEqual([]);
      expect(new Set(again.ok.map((o) => o.redemption.id)).size).toBe(1);
      expect(await balanceOf(rich)).toBe(990);
      await expectLedgerToHold();
    });

    it('lets exactly one of an approval and a decline sent at once apply, and refunds a declined redemption once', async () => {
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 20, stock: 10, active: true });
      const learners = await Promise.all(Array.from({ length: 6 }, () => learnerWith(20)));
      const redemptions = await Promise.all(learners.map(async (l, i) => (await rewards.redeem(l, mug.id, `client-${i}-abcdef`)).redemption));
      expect(await stockOf(mug.id)).toBe(4);
      // A second admin deciding at the same moment as the first.
      const otherAdmin = person((await learnerWith(0, 'Second admin')).personId, ['admin']);

      // Each redemption: an approval racing a decline, and two declines racing each other.
      const results = await Promise.all(
        redemptions.map((r, i) =>
          i % 2 === 0
            ? outcomes([rewards.approve(admin, r.id), rewards.decline(otherAdmin, r.id, 'Sorry')])
            : outcomes([rewards.decline(admin, r.id, 'No'), rewards.decline(otherAdmin, r.id, 'No again')]),
        ),
      );
      for (const { ok, codes } of results) {
        expect(ok).toHaveLength(1);
        expect(codes).toEqual(['redemption_decided']);
      }
      const declined = results.filter((r) => r.ok[0]!.status === 'declined').length;
      expect(declined).toBeGreaterThanOrEqual(3);
      expect(await stockOf(mug.id)).toBe(4 + declined);
      for (const [i, learner] of learners.entries()) {
        const status = results[i]!.ok[0]!.status;
        const refunds = (await entriesOf(learner.personId)).filter((e) => e.reason === 'refund');
        expect(refunds.map((e) => [e.points, e.award_key])).toEqual(status === 'declined' ? [[20, `refund:${redemptions[i]!.id}`]] : []);
        expect(await balanceOf(learner)).toBe(status === 'declined' ? 20 : 0);
      }
      // Decided is decided.
      await expect(rewards.approve(admin, redemptions[1]!.id)).rejects.toMatchObject({ code: 'redemption_decided', details: { status: 'declined' } });
      await expectLedgerToHold();
    });

    it('keeps the ledger the single source of truth through redemptions, races and refunds, and the earned totals unchanged', async () => {
      const learners = await Promise.all(Array.from({ length: 5 }, (_, i) => learnerWith(30 + i * 20)));
      pointsTotalBefore = await pointsTotals();
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 30, stock: 4, active: true });
      const pen = await rewards.createReward(admin, { name: 'Pen', description: '', cost: 20, stock: null, active: true });
      const requests = learners.flatMap((l, i) => [rewards.redeem(l, mug.id, `mug-${i}-abcdef`), rewards.redeem(l, pen.id, `pen-${i}-abcdef`), rewards.redeem(l, pen.id, `pen-${i}-abcdef`)]);
      const { ok } = await outcomes(requests);
      const made = [...new Map(ok.map((o) => [o.redemption.id, o.redemption])).values()];
      expect(made.length).toBeGreaterThan(0);
      await outcomes(made.flatMap((r, i) => (i % 3 === 0 ? [rewards.approve(admin, r.id)] : [rewards.decline(admin, r.id), rewards.decline(admin, r.id), rewards.approve(admin, r.id)])));
      await expectLedgerToHold();
      expect(await pointsTotals()).toEqual(pointsTotalBefore);
      const mugsOut = await db().selectFrom('redemption').select('id').where('reward_id', '=', mug.id).where('status', '!=', 'declined').execute();
      expect(await stockOf(mug.id)).toBe(4 - mugsOut.length);
    });
  });

  describe('lists', () => {
    it('shows learners their own redemptions newest first, and admins everyone’s with those to decide first, oldest first', async () => {
      const lou = await learnerWith(100, 'Lou');
      const mia = await learnerWith(100, 'Mia');
      const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 10, stock: null, active: true });
      const a = (await rewards.redeem(lou, mug.id, 'client-a-abcdef')).redemption;
      ctx.clock.advance(1000);
      const b = (await rewards.redeem(mia, mug.id, 'client-b-abcdef')).redemption;
      ctx.clock.advance(1000);
      const c = (await rewards.redeem(lou, mug.id, 'client-c-abcdef')).redemption;
      await rewards.decline(admin, a.id, 'Out of mugs, sorry');

      expect((await rewards.listRedemptions(lou, { limit: 100 })).map((r) => r.id)).toEqual([c.id, a.id]);
      expect((await rewards.listRedemptions(mia, { limit: 100 })).map((r) => r.id)).toEqual([b.id]);
      expect((await rewards.listRedemptions(lou, { limit: 100 })).find((r) => r.id === a.id)).toMatchObject({ status: 'declined', note: 'Out of mugs, sorry' });
      const all = await rewards.listRedemptions(admin, { all: true, limit: 100 });
      expect(all.map((r) => [r.id, r.person.name, r.status])).toEqual([
        [b.id, 'Mia', 'requested'],
        [c.id, 'Lou', 'requested'],
        [a.id, 'Lou', 'declined'],
      ]);
      expect((await rewards.listRedemptions(admin, { all: true, status: 'requested', limit: 1 })).map((r) => r.id)).toEqual([b.id]);
    });
  });

  describe('tenancy', () => {
    it('shows and changes nothing of one organisation from another', async () => {
      const mug = await rewards.createReward(admin, { name: 'Secret mug', description: '', cost: 10, stock: 5, active: true });
      const lou = await learnerWith(100);
      const { redemption } = await rewards.redeem(lou, mug.id, 'client-0001');

      const other = await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
      const outsider: Actor = { kind: 'person', orgId: other.organisation.id, personId: other.adminId!, roles: ['admin'], sessionId: null };
      const outsideLearner = await learnerWith(100, 'Otto', other.organisation.id);

      expect((await rewards.listRewards(outsider, { all: true })).rewards).toEqual([]);
      expect(await rewards.listRedemptions(outsider, { all: true, limit: 100 })).toEqual([]);
      await expect(rewards.updateReward(outsider, mug.id, { cost: 1 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(rewards.redeem(outsideLearner, mug.id, 'client-0002')).rejects.toMatchObject({ code: 'not_found' });
      await expect(rewards.approve(outsider, redemption.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(rewards.decline(outsider, redemption.id)).rejects.toMatchObject({ code: 'not_found' });

      expect(await rewards.listRewards(lou)).toMatchObject({ balance: 90, rewards: [{ name: 'Secret mug', cost: 10, stock: 4 }] });
      expect((await rewards.listRedemptions(admin, { all: true, limit: 10 })).map((r) => r.status)).toEqual(['requested']);
      expect(await balanceOf(outsideLearner)).toBe(100);
    });
  });

  it('works the same from a second service over the same database (as on a second server)', async () => {
    const second = createRewardsService({ db: db(), clock: ctx.clock, identity: ctx.services.identity });
    const mug = await rewards.createReward(admin, { name: 'Mug', description: '', cost: 10, stock: 2, active: true });
    const learners = await Promise.all(Array.from({ length: 4 }, () => learnerWith(10)));
    const { ok } = await outcomes(learners.map((l, i) => (i % 2 ? second : rewards).redeem(l, mug.id, `client-${i}-abcdef`)));
    expect(ok).toHaveLength(2);
    expect(await stockOf(mug.id)).toBe(0);
    await expectLedgerToHold();
  });
});
