import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { LINK_TTL_MS } from './auth.service.ts';

describe.each(testDialects)('auth service on %s', (dialect) => {
  let ctx: TestContext;
  let orgId: string;
  let personId: string;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    const { organisation } = await ctx.services.identity.createOrganisation({ name: 'Acme' }, { displayName: 'Ada', email: 'ada@acme.test', password: 'correct horse battery' });
    orgId = organisation.id;
    personId = (await ctx.services.identity.listPeople({ kind: 'system', orgId }, { status: 'active', limit: 1 })).items[0]!.id;
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('refuses a sign-in link after it expires', async () => {
    const url = await ctx.services.auth.createSignInUrl(orgId, personId, { ttlMs: LINK_TTL_MS.sign_in });
    const token = new URL(url).searchParams.get('token')!;
    ctx.clock.advance(LINK_TTL_MS.sign_in + 1);
    await expect(ctx.services.auth.redeemSignInLink(token, null)).rejects.toMatchObject({ code: 'link_invalid' });
  });

  it('lets exactly one of many concurrent redemptions of a link succeed', async () => {
    const token = new URL(await ctx.services.auth.createSignInUrl(orgId, personId, { ttlMs: 60_000 })).searchParams.get('token')!;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ctx.services.auth.redeemSignInLink(token, null)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('link_invalid'));
  });

  it('refuses the link of a deactivated person', async () => {
    const token = new URL(await ctx.services.auth.createSignInUrl(orgId, personId, { ttlMs: 60_000 })).searchParams.get('token')!;
    await ctx.services.database.db.updateTable('person').set({ status: 'deactivated' }).where('id', '=', personId).execute();
    await expect(ctx.services.auth.redeemSignInLink(token, null)).rejects.toMatchObject({ code: 'link_invalid' });
  });

  it('ends the access of a deactivated person at once', async () => {
    const session = await ctx.services.auth.signIn({ email: 'ada@acme.test', password: 'correct horse battery' }, null);
    expect(await ctx.services.auth.authenticateSession(session.token)).toBeDefined();
    await ctx.services.database.db.updateTable('person').set({ status: 'deactivated' }).where('id', '=', personId).execute();
    expect(await ctx.services.auth.authenticateSession(session.token)).toBeUndefined();
  });

  it('does not accept a link token that was tampered with', async () => {
    const token = new URL(await ctx.services.auth.createSignInUrl(orgId, personId, { ttlMs: 60_000 })).searchParams.get('token')!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    await expect(ctx.services.auth.redeemSignInLink(tampered, null)).rejects.toMatchObject({ code: 'link_invalid' });
  });

  it('expires a session after the idle period and slides it forward while in use', async () => {
    const session = await ctx.services.auth.signIn({ email: 'ada@acme.test', password: 'correct horse battery' }, null);
    const hours = ctx.services.config.sessionIdleHours;
    ctx.clock.advance((hours - 1) * 3_600_000);
    expect(await ctx.services.auth.authenticateSession(session.token)).toBeDefined();
    ctx.clock.advance((hours - 1) * 3_600_000);
    expect(await ctx.services.auth.authenticateSession(session.token)).toBeDefined();
    ctx.clock.advance(hours * 3_600_000 + 1);
    expect(await ctx.services.auth.authenticateSession(session.token)).toBeUndefined();
    await ctx.services.auth.deleteExpiredSessions();
    expect(await ctx.services.database.db.selectFrom('session').selectAll().execute()).toEqual([]);
  });

  it('stores neither session tokens nor link tokens in the clear', async () => {
    const session = await ctx.services.auth.signIn({ email: 'ada@acme.test', password: 'correct horse battery' }, null);
    const link = new URL(await ctx.services.auth.createSignInUrl(orgId, personId, { ttlMs: 60_000 })).searchParams.get('token')!;
    const dump = JSON.stringify([
      await ctx.services.database.db.selectFrom('session').selectAll().execute(),
      await ctx.services.database.db.selectFrom('auth_link').selectAll().execute(),
      await ctx.services.database.db.selectFrom('person').select('password_hash').execute(),
    ]);
    expect(dump).not.toContain(session.token);
    expect(dump).not.toContain(link);
    expect(dump).not.toContain('correct horse battery');
    expect(dump).toContain('$argon2id$');
  });

  it('asks which organisation when one email and password open accounts in two', async () => {
    await ctx.services.identity.createOrganisation({ name: 'Beta', slug: 'beta' }, { displayName: 'Ada', email: 'ada@acme.test', password: 'correct horse battery' });
    await expect(ctx.services.auth.signIn({ email: 'ada@acme.test', password: 'correct horse battery' }, null)).rejects.toMatchObject({ code: 'organisation_required' });
    const session = await ctx.services.auth.signIn({ email: 'ada@acme.test', password: 'correct horse battery', organisation: 'beta' }, null);
    expect(session.orgId).not.toBe(orgId);
  });
});
