import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { asSession, createTestContext, setUpOrganisation, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(testDialects)('sign-in emails through the outbox, and the admin’s outbox view, on %s', (dialect) => {
  let ctx: TestContext | undefined;
  let smtp: MailCatcher | undefined;
  afterEach(async () => {
    await ctx?.close();
    await smtp?.close();
    ctx = undefined;
    smtp = undefined;
  });

  it('keeps a magic link asked for during an SMTP outage and delivers it, once, when the server is back', async () => {
    const port = await freePort();
    ctx = await createTestContext(dialect, { smtpUrl: `smtp://127.0.0.1:${port}`, env: { OUTBOX_MAX_ATTEMPTS: '5' } });
    const admin = await setUpOrganisation(ctx.app);
    const added = await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'lea@acme.test', displayName: 'Lea Learner' } });
    expect(added.statusCode).toBe(201);

    const asked = await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email: 'lea@acme.test' } });
    expect(asked.statusCode).toBe(202);
    // The first attempt fails (nothing listens): the admin sees it waiting, with the error.
    await expect.poll(async () => (await ctx!.app.inject({ url: '/api/outbox', headers: asSession(admin) })).json().items[0]?.lastError ?? null, { timeout: 10_000 }).toMatch(/SMTP/);
    const waiting = (await ctx.app.inject({ url: '/api/outbox', headers: asSession(admin) })).json();
    expect(waiting.counts).toMatchObject({ queued: 1, sent: 0, dead: 0 });
    expect(waiting.items[0]).toMatchObject({ channel: 'email', status: 'queued', recipient: 'lea@acme.test', subject: 'Your sign-in link for Acme', attempts: 1 });

    // The server comes back; once the backoff has passed, the link arrives, once.
    smtp = await startMailCatcher({ port });
    ctx.clock.advance(120_000);
    ctx.services.outboxWorker.wake();
    const mail = await smtp.waitForMailTo('lea@acme.test');
    expect(mail.text).toContain('http://morsel.test/auth/link?token=');
    await expect.poll(async () => (await ctx!.app.inject({ url: '/api/outbox?status=sent', headers: asSession(admin) })).json().items.length, { timeout: 10_000 }).toBe(1);
    ctx.clock.advance(3_600_000);
    ctx.services.outboxWorker.wake();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(1);
  });

  it('lets an admin see dead messages and retry them, and only dead ones', async () => {
    smtp = await startMailCatcher({ rejectRecipient: (address) => address === 'gone@acme.test' });
    ctx = await createTestContext(dialect, { smtpUrl: smtp.url });
    const admin = await setUpOrganisation(ctx.app);
    const person = (await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'gone@acme.test', displayName: 'Gone' } })).json();
    const sent = await ctx.app.inject({ method: 'POST', url: `/api/people/${person.id}/sign-in-link`, headers: asSession(admin) });
    expect(sent.statusCode).toBeLessThan(300);
    // 550 no such mailbox: dead at once.
    await expect.poll(async () => (await ctx!.app.inject({ url: '/api/outbox?status=dead', headers: asSession(admin) })).json().items.length, { timeout: 10_000 }).toBe(1);
    const dead = (await ctx.app.inject({ url: '/api/outbox?status=dead', headers: asSession(admin) })).json().items[0];
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, recipient: 'gone@acme.test' });
    expect(dead.lastError).toMatch(/550|mailbox/i);

    const retried = await ctx.app.inject({ method: 'POST', url: `/api/outbox/${dead.id}/retry`, headers: asSession(admin) });
    expect(retried.statusCode).toBe(200);
    // Queued again with a fresh set of attempts (the worker, woken at once, may already be on it).
    expect(retried.json().id).toBe(dead.id);
    expect(retried.json().attempts).toBeLessThanOrEqual(1);
    // It is refused again (still no such mailbox) and is dead again, after one more attempt.
    await expect.poll(async () => (await ctx!.app.inject({ url: '/api/outbox?status=dead', headers: asSession(admin) })).json().items[0]?.attempts ?? 0, { timeout: 10_000 }).toBe(1);

    // Retrying what is not dead is refused with a stable code.
    const ok = (await ctx.app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email: 'ok@acme.test', displayName: 'Ok' } })).json();
    await ctx.app.inject({ method: 'POST', url: `/api/people/${ok.id}/sign-in-link`, headers: asSession(admin) });
    await smtp.waitForMailTo('ok@acme.test');
    await expect.poll(async () => (await ctx!.app.inject({ url: '/api/outbox?status=sent', headers: asSession(admin) })).json().items.length, { timeout: 10_000 }).toBe(1);
    const sentId = (await ctx.app.inject({ url: '/api/outbox?status=sent', headers: asSession(admin) })).json().items[0].id;
    const notDead = await ctx.app.inject({ method: 'POST', url: `/api/outbox/${sentId}/retry`, headers: asSession(admin) });
    expect(notDead.statusCode).toBe(409);
    expect(notDead.json().error.code).toBe('outbox_not_dead');
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/outbox/nope/retry', headers: asSession(admin) });
    expect(unknown.statusCode).toBe(404);
    const bad = await ctx.app.inject({ url: '/api/outbox?status=lost&limit=0', headers: asSession(admin) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });
});
