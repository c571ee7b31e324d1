/**
 * Forwarding statements to an external LRS, on both databases: a real HTTP receiver on loopback speaking xAPI stands
 * for the other LRS. Statements stored here are queued in the same transaction and sent with the other LRS's key and
 * version header; an outage is retried, a refusal is dead-lettered; storing the same statements again forwards
 * nothing more; the settings are the admins' and never show the secret.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headersOf, type LoopbackServer, startLoopbackServer } from '../../testing/loopback-server.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const STATEMENT = { actor: { mbox: 'mailto:kit@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: 'https://morsel.example/lessons/a' } };

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(testDialects)('forwarding to an external LRS on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let receiver: LoopbackServer;
  let status = 200;
  const received: { headers: Record<string, string>; statements: { id: string; verb: { id: string } }[] }[] = [];

  const api = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, payload?: object, session: TestSession = admin) => ctx.app.inject({ method, url, headers: asSession(session), ...(payload ? { payload } : {}) });
  let basic: string;
  const postStatements = (body: unknown) => ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { 'x-experience-api-version': '1.0.3', authorization: basic }, payload: body as object });

  beforeEach(async () => {
    received.length = 0;
    status = 200;
    receiver = await startLoopbackServer(async (request, response) => {
      const body = await bodyOf(request);
      if (status === 200) received.push({ headers: headersOf(request), statements: JSON.parse(body) });
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? JSON.stringify(JSON.parse(body).map((s: { id: string }) => s.id)) : '{"message":"no"}');
    });
    ctx = await createTestContext(dialect, { env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' } });
    ctx.clock.set('2026-03-02T09:00:00.000Z');
    admin = await setUpOrganisation(ctx.app);
    const { key, secret } = (await api('POST', '/api/lrs/credentials', { name: 'Authoring tool' })).json();
    basic = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    await ctx.services.outboxWorker.stop();
  });
  afterEach(async () => {
    await ctx.close();
    await receiver.close();
  });

  it('sends statements stored here on to the external LRS, with its key and the version header, once', async () => {
    const set = await api('PUT', '/api/lrs/forwarding', { endpoint: `${receiver.url}/xapi`, key: 'other-key', secret: 'other-secret' });
    expect(set.json()).toMatchObject({ endpoint: `${receiver.url}/xapi/`, key: 'other-key', hasSecret: true });
    expect(JSON.stringify((await api('GET', '/api/lrs/forwarding')).json())).not.toContain('other-secret');
    const [id] = (await postStatements(STATEMENT)).json();
    await postStatements({ ...STATEMENT, id });
    await ctx.services.outboxWorker.drain();
    expect(received).toHaveLength(1);
    expect(received[0]!.headers).toMatchObject({ 'x-experience-api-version': '1.0.3', authorization: `Basic ${Buffer.from('other-key:other-secret').toString('base64')}`, 'content-type': 'application/json' });
    expect(received[0]!.statements.map((s) => [s.id, s.verb.id])).toEqual([[id, STATEMENT.verb.id]]);
    // A batch of 150 goes as two requests of at most 100.
    await postStatements(Array.from({ length: 150 }, () => STATEMENT));
    await ctx.services.outboxWorker.drain();
    // (The outbox may send the two in either order.)
    expect(received.slice(1).map((r) => r.statements.length).sort((a, b) => b - a)).toEqual([100, 50]);
  });

  it('retries while the external LRS is down, and dead-letters what it refuses for good', async () => {
    await api('PUT', '/api/lrs/forwarding', { endpoint: `${receiver.url}/xapi/`, key: 'k', secret: 's' });
    status = 503;
    await postStatements(STATEMENT);
    await ctx.services.outboxWorker.drain();
    expect(received).toEqual([]);
    const queued = (await api('GET', '/api/outbox?status=queued')).json();
    expect(queued.items.map((m: { channel: string }) => m.channel)).toEqual(['xapi']);
    status = 200;
    ctx.clock.advance(60 * 60_000);
    await ctx.services.outboxWorker.drain();
    expect(received).toHaveLength(1);
    status = 400;
    await postStatements({ ...STATEMENT, verb: { id: 'http://adlnet.gov/expapi/verbs/answered' } });
    await ctx.services.outboxWorker.drain();
    expect((await api('GET', '/api/outbox?status=dead')).json().items[0].lastError).toMatch(/external LRS answered 400/);
  });

  it('forwards nothing without settings, keeps the settings to admins, and refuses an endpoint it may not call', async () => {
    await postStatements(STATEMENT);
    await ctx.services.outboxWorker.drain();
    expect(received).toEqual([]);
    expect((await api('GET', '/api/lrs/forwarding')).json()).toBeNull();
    expect((await api('PUT', '/api/lrs/forwarding', { endpoint: `${receiver.url}/xapi/`, key: 'k' })).statusCode).toBe(400);
    expect((await api('PUT', '/api/lrs/forwarding', { endpoint: 'ftp://lrs.example/', key: 'k', secret: 's' })).statusCode).toBe(400);
    await api('POST', '/api/people', { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: 'a long enough password' });
    const learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
    expect((await api('PUT', '/api/lrs/forwarding', { endpoint: `${receiver.url}/xapi/`, key: 'k', secret: 's' }, learner)).statusCode).toBe(403);
    await api('PUT', '/api/lrs/forwarding', { endpoint: `${receiver.url}/xapi/`, key: 'k', secret: 's' });
    // Changing the key keeps the secret when none is given; removing stops forwarding.
    expect((await api('PUT', '/api/lrs/forwarding', { endpoint: `${receiver.url}/xapi/`, key: 'k2' })).json()).toMatchObject({ key: 'k2', hasSecret: true });
    expect((await api('DELETE', '/api/lrs/forwarding')).statusCode).toBe(204);
    expect((await api('DELETE', '/api/lrs/forwarding')).statusCode).toBe(404);
  });
});
