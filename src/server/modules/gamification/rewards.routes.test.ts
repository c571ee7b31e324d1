import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpCast, type Cast, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { newId } from '../../platform/ids.ts';
import * as points from './gamification.repository.ts';

describe.each(testDialects)('rewards routes on %s', (dialect) => {
  let ctx: TestContext;
  let cast: Cast;

  const api = (session: TestSession | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: session ? asSession(session) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

  async function give(session: TestSession, amount: number): Promise<void> {
    const at = ctx.clock.now().toISOString();
    await ctx.services.database.db
      .transaction()
      .execute((trx) =>
        points.insertEntryIfAbsent(trx, { id: newId(), org_id: session.orgId, person_id: session.personId, award_key: `lesson:${newId()}`, points: amount, reason: 'lesson_completed', source_kind: 'lesson', source_id: 'l', season_week: '2026-W10', season_month: '2026-03', created_at: at }),
      );
  }

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-02T09:00:00.000Z');
    cast = await setUpCast(ctx.app, ctx.services);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('runs the whole loop: an admin offers, a learner redeems (a retry is 200), an admin declines with a note and the points come back', async () => {
    const created = await api(cast.admin, 'POST', '/api/rewards', { name: 'Mug', cost: 40, stock: 2 });
    expect(created.statusCode).toBe(201);
    const mug = created.json();
    expect(mug).toMatchObject({ name: 'Mug', description: '', cost: 40, stock: 2, active: true });
    await give(cast.learner, 100);

    expect((await api(cast.learner, 'GET', '/api/rewards')).json()).toEqual({ balance: 100, rewards: [mug] });
    const redeemed = await api(cast.learner, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-0001' });
    expect(redeemed.statusCode).toBe(201);
    const retry = await api(cast.learner, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-0001' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(redeemed.json());
    expect((await api(cast.learner, 'GET', '/api/rewards')).json()).toMatchObject({ balance: 60, rewards: [{ stock: 1 }] });

    const queue = await api(cast.admin, 'GET', '/api/redemptions?all=true&status=requested');
    expect(queue.json().items.map((r: { person: { name: string }; reward: { name: string } }) => [r.person.name, r.reward.name])).toEqual([['lou', 'Mug']]);
    const declined = await api(cast.admin, 'POST', `/api/redemptions/${redeemed.json().id}/decline`, { note: 'Out of mugs' });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', note: 'Out of mugs', decidedBy: cast.admin.personId });
    // A bare POST, without a body, approves (here: would, but it was decided).
    const again = await api(cast.admin, 'POST', `/api/redemptions/${redeemed.json().id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('redemption_decided');
    expect((await api(cast.learner, 'GET', '/api/rewards')).json()).toMatchObject({ balance: 100, rewards: [{ stock: 2 }] });
    expect((await api(cast.learner, 'GET', '/api/redemptions')).json().items).toMatchObject([{ status: 'declined', note: 'Out of mugs' }]);
  });

  it('answers the expected failures with their codes', async () => {
    const mug = (await api(cast.admin, 'POST', '/api/rewards', { name: 'Mug', cost: 40, stock: 0 })).json();
    const pen = (await api(cast.admin, 'POST', '/api/rewards', { name: 'Pen', cost: 40 })).json();
    await give(cast.learner, 39);
    const redeem = (id: string, clientId: string) => api(cast.learner, 'POST', `/api/rewards/${id}/redemptions`, { clientId });
    const codeOf = async (response: Promise<{ statusCode: number; json(): { error: { code: string } } }>) => {
      const r = await response;
      return [r.statusCode, r.json().error.code];
    };
    expect(await codeOf(redeem(mug.id, 'client-0001'))).toEqual([409, 'reward_out_of_stock']);
    expect(await codeOf(redeem(pen.id, 'client-0002'))).toEqual([409, 'insufficient_points']);
    expect(await codeOf(redeem('no-such-reward', 'client-0003'))).toEqual([404, 'not_found']);
    await api(cast.admin, 'PATCH', `/api/rewards/${pen.id}`, { active: false });
    expect(await codeOf(redeem(pen.id, 'client-0004'))).toEqual([409, 'reward_inactive']);
    expect(await codeOf(api(cast.admin, 'POST', '/api/redemptions/no-such-redemption/approve', {}))).toEqual([404, 'not_found']);
    expect(await codeOf(api(cast.admin, 'PATCH', '/api/rewards/no-such-reward', { cost: 2 }))).toEqual([404, 'not_found']);
  });

  it('validates every input and never answers 500 for it', async () => {
    const mug = (await api(cast.admin, 'POST', '/api/rewards', { name: 'Mug', cost: 1 })).json();
    const bad: [string, 'GET' | 'POST' | 'PATCH', string, unknown][] = [
      ['cost 0', 'POST', '/api/rewards', { name: 'Free', cost: 0 }],
      ['fractional cost', 'POST', '/api/rewards', { name: 'Half', cost: 1.5 }],
      ['negative stock', 'POST', '/api/rewards', { name: 'Minus', cost: 1, stock: -1 }],
      ['no name', 'POST', '/api/rewards', { name: '  ', cost: 1 }],
      ['unknown field', 'POST', '/api/rewards', { name: 'X', cost: 1, price: 3 }],
      ['string cost', 'POST', '/api/rewards', { name: 'X', cost: '5' }],
      ['empty patch', 'PATCH', `/api/rewards/${mug.id}`, {}],
      ['patch cost 0', 'PATCH', `/api/rewards/${mug.id}`, { cost: 0 }],
      ['patch stock null-ish string', 'PATCH', `/api/rewards/${mug.id}`, { stock: 'none' }],
      ['short client id', 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'x' }],
      ['no client id', 'POST', `/api/rewards/${mug.id}/redemptions`, {}],
      ['long note', 'POST', '/api/redemptions/some-id/decline', { note: 'x'.repeat(1001) }],
      ['bad status', 'GET', '/api/redemptions?status=lost', undefined],
      ['bad limit', 'GET', '/api/redemptions?limit=0', undefined],
      ['bad all', 'GET', '/api/rewards?all=maybe', undefined],
    ];
    for (const [what, method, url, payload] of bad) {
      const response = await api(cast.admin, method, url, payload);
      expect(response.statusCode, what).toBe(400);
      expect(response.json().error.code, what).toBe('validation_failed');
    }
    // Not JSON at all.
    const garbage = await ctx.app.inject({ method: 'POST', url: '/api/rewards', headers: { ...asSession(cast.admin), 'content-type': 'application/json' }, payload: '{"name":' });
    expect(garbage.statusCode).toBe(400);
    // Unlimited stock can be set back with null.
    expect((await api(cast.admin, 'PATCH', `/api/rewards/${mug.id}`, { stock: 5 })).json().stock).toBe(5);
    expect((await api(cast.admin, 'PATCH', `/api/rewards/${mug.id}`, { stock: null })).json().stock).toBeNull();
  });

  it('keeps learners to their own redemptions and out of the admin’s actions', async () => {
    const mug = (await api(cast.admin, 'POST', '/api/rewards', { name: 'Mug', cost: 10 })).json();
    await give(cast.learner, 10);
    await give(cast.author, 10);
    const lous = (await api(cast.learner, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-lou-1' })).json();
    await api(cast.author, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-writer-1' });
    expect((await api(cast.learner, 'GET', '/api/redemptions')).json().items.map((r: { id: string }) => r.id)).toEqual([lous.id]);
    for (const [method, url, payload] of [
      ['GET', '/api/rewards?all=true', undefined],
      ['GET', '/api/redemptions?all=true', undefined],
      ['POST', '/api/rewards', { name: 'Free', cost: 1 }],
      ['PATCH', `/api/rewards/${mug.id}`, { cost: 1 }],
      ['POST', `/api/redemptions/${lous.id}/approve`, {}],
      ['POST', `/api/redemptions/${lous.id}/decline`, {}],
    ] as const) {
      expect((await api(cast.learner, method, url, payload)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await api(null, 'GET', '/api/rewards')).statusCode).toBe(401);
  });

  it('gives another organisation’s admin nothing of this one', async () => {
    const mug = (await api(cast.admin, 'POST', '/api/rewards', { name: 'Secret mug', cost: 10, stock: 3 })).json();
    await give(cast.learner, 10);
    const redemption = (await api(cast.learner, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-lou-1' })).json();
    const outsider = cast.outsider;
    expect((await api(outsider, 'GET', '/api/rewards?all=true')).json()).toEqual({ balance: 0, rewards: [] });
    expect((await api(outsider, 'GET', '/api/redemptions?all=true')).json()).toEqual({ items: [] });
    expect((await api(outsider, 'PATCH', `/api/rewards/${mug.id}`, { cost: 1, active: false })).statusCode).toBe(404);
    expect((await api(outsider, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-olga-1' })).statusCode).toBe(404);
    expect((await api(outsider, 'POST', `/api/redemptions/${redemption.id}/approve`, {})).statusCode).toBe(404);
    expect((await api(outsider, 'POST', `/api/redemptions/${redemption.id}/decline`)).statusCode).toBe(404);
    expect((await api(cast.admin, 'POST', `/api/redemptions/${redemption.id}/approve`)).json()).toMatchObject({ status: 'approved', note: null });
    expect((await api(cast.admin, 'GET', '/api/rewards?all=true')).json().rewards).toMatchObject([{ name: 'Secret mug', cost: 10, stock: 2, active: true }]);
    expect((await api(cast.admin, 'GET', '/api/redemptions?all=true')).json().items).toMatchObject([{ id: redemption.id, status: 'approved' }]);
  });
});
