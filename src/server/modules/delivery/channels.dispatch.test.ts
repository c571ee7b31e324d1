/**
 * Lessons through every channel, on both databases: SMS (a Twilio-shaped local server) with a short link and a
 * fallback to email when the provider refuses the number; chat (a Slack-shaped local server) with a plain
 * link; the in-app inbox; one-click unsubscribe; and the settings' refusal of private targets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { type FakeChat, startFakeChat } from '../../testing/fake-chat.ts';
import { type FakeSms, startFakeSms } from '../../testing/fake-sms.ts';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { asSession, createTestContext, sessionFrom, setUpOrganisation, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

describe.each(testDialects)('delivery channels on %s', (dialect) => {
  let ctx: TestContext | undefined;
  let smtp: MailCatcher | undefined;
  let sms: FakeSms | undefined;
  let chat: FakeChat | undefined;
  afterEach(async () => {
    await ctx?.close();
    await Promise.all([smtp?.close(), sms?.close(), chat?.close()]);
    ctx = smtp = sms = chat = undefined;
  });

  /** An organisation with one published 2-lesson course and an all-at-once campaign helper. */
  async function setUp(env: Record<string, string> = { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' }) {
    smtp = await startMailCatcher();
    ctx = await createTestContext(dialect, { smtpUrl: smtp.url, env });
    // Tuesday 3 March 2026, 10:00 London: inside the organisation's working hours.
    ctx.clock.set('2026-03-03T10:00:00.000Z');
    const admin = await setUpOrganisation(ctx.app);
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, session: TestSession = admin) => ctx!.app.inject({ method, url, headers: asSession(session), ...(payload && { payload }) });
    const course = await createPublishedCourse(ctx.services, admin.orgId, 'Returns', 2);
    const send = async (personIds: string[]) => {
      const id = (await call('POST', '/api/campaigns', { name: 'Returns', courseIds: [course.courseId], audience: { personIds }, startAt: ctx!.clock.now().toISOString(), pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 } })).json().id;
      expect((await call('POST', `/api/campaigns/${id}/launch`)).statusCode).toBe(200);
      ctx!.clock.advance(60 * 60_000);
      await ctx!.services.dispatcher.dispatchDue();
      await ctx!.services.outboxWorker.drain();
      return id as string;
    };
    return { admin, call, course, send };
  }

  it('texts a short sign-in link in at most 160 characters, and falls back to email when the provider refuses the number', async () => {
    const { call, send } = await setUp();
    sms = await startFakeSms();
    expect((await call('PATCH', '/api/channel-settings', { sms: sms.settings })).statusCode).toBe(200);
    const settings = (await call('GET', '/api/channel-settings')).json();
    expect(settings.sms).toEqual({ baseUrl: sms.url, accountSid: sms.accountSid, from: sms.settings.from, hasAuthToken: true });
    expect(JSON.stringify(settings)).not.toContain(sms.authToken);
    const ok = (await call('POST', '/api/people', { email: 'tex@acme.test', displayName: 'Tex', phone: '+447700900123', preferredChannels: ['sms', 'email'] })).json();
    const refused = (await call('POST', '/api/people', { email: 'bad@acme.test', displayName: 'Bad Number', phone: '+447700900999', preferredChannels: ['sms', 'email'] })).json();
    await ctx!.services.outboxWorker.stop();
    // The provider refuses the second number (Twilio 21211) for good: that message is dead, email takes over.
    const original = sms.requests.length;
    await send([ok.id]);
    expect(sms.requests.slice(original)).toHaveLength(2);
    const texts = sms.requests.filter((r) => r.status === 201);
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text.body.To).toBe('+447700900123');
      expect(text.body.Body!.length).toBeLessThanOrEqual(160);
      expect(text.body.Body).toMatch(/http:\/\/morsel\.test\/l\/[\w-]{12}$/);
    }
    // The short link signs Tex in, once.
    const token = texts[0]!.body.Body!.split('/l/')[1]!;
    const redeemed = await ctx!.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json().redirectTo).toMatch(/^\/learn\/courses\/.+\/lessons\/.+$/);
    expect((await ctx!.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } })).statusCode).toBe(400);

    sms.failNext(2, 400, 21211, "The 'To' number +447700900999 is not a valid phone number.");
    await send([refused.id]);
    await ctx!.services.outboxWorker.drain();
    const dead = (await call('GET', '/api/outbox?status=dead')).json().items;
    expect(dead).toHaveLength(2);
    expect(dead[0].lastError).toMatch(/21211/);
    const mails = smtp!.messages.filter((m) => m.to.includes('bad@acme.test'));
    expect(mails.map((m) => m.subject).sort()).toEqual(['Your next lesson: Returns 1', 'Your next lesson: Returns 2']);
  });

  it('posts to the team’s chat channel with a plain lesson link, never a sign-in link', async () => {
    const { call, send } = await setUp();
    chat = await startFakeChat();
    const team = (await call('POST', '/api/teams', { name: 'Store 12', chatWebhookUrl: chat.slackUrl })).json();
    const person = (await call('POST', '/api/people', { email: 'cat@acme.test', displayName: 'Cat', chatHandle: 'cat.m', preferredChannels: ['chat'] })).json();
    await call('PUT', `/api/teams/${team.id}/members/${person.id}`, { role: 'member' });
    await ctx!.services.outboxWorker.stop();
    await send([person.id]);
    expect(chat.requests).toHaveLength(2);
    const body = chat.requests[0]!.body as { text: string; blocks: unknown[] };
    expect(body.text).toContain('@cat.m');
    expect(JSON.stringify(body)).toMatch(/http:\/\/morsel\.test\/learn\/courses\/[^"]+\/lessons\//);
    expect(JSON.stringify(body)).not.toMatch(/token=|\/l\//);
    expect(chat.requests[0]!.headers['idempotency-key']).toMatch(/^delivery:.+:chat$/);
    // No email: chat worked, and it was the only channel the person asked for besides the last resort.
    expect(smtp!.messages.filter((m) => m.to.includes('cat@acme.test'))).toEqual([]);
  });

  it('keeps every delivery in the learner’s inbox, and stops lesson emails with one click', async () => {
    const { call, send } = await setUp();
    const person = (await call('POST', '/api/people', { email: 'ina@acme.test', displayName: 'Ina', roles: ['learner'], password: 'a long enough password' })).json();
    await ctx!.services.outboxWorker.stop();
    await send([person.id]);
    const mail = smtp!.messages.find((m) => m.to.includes('ina@acme.test'))!;
    const unsubscribe = new URL(/^<(.+)>$/.exec(mail.headers['list-unsubscribe']!)![1]!);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // The body's link opens the page that asks first (scanners follow links); a browser opening the header's URL lands there too.
    expect(mail.text).toContain(`http://morsel.test/unsubscribe?${unsubscribe.search.slice(1)}`);
    const opened = await ctx!.app.inject({ method: 'GET', url: `${unsubscribe.pathname}${unsubscribe.search}` });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/unsubscribe${unsubscribe.search}`);
    // RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click` form-encoded to the header's URL, as it is.
    const oneClick = await ctx!.app.inject({ method: 'POST', url: `${unsubscribe.pathname}${unsubscribe.search}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    expect(oneClick.json()).toEqual({ email: 'ina@acme.test' });
    const forged = await ctx!.app.inject({ method: 'POST', url: '/api/unsubscribe', payload: { token: `${person.id}.${person.id}.0123456789abcdef0123456789abcdef` } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('unsubscribe_invalid');

    const before = smtp!.messages.length;
    await send([person.id]);
    expect(smtp!.messages.length).toBe(before);
    const ina = sessionFrom(await ctx!.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ina@acme.test', password: 'a long enough password' } }));
    const inbox = (await call('GET', '/api/learn/inbox', undefined, ina)).json();
    // Two campaigns of the same two lessons: four deliveries, the second pair only in the app.
    expect(inbox.items).toHaveLength(4);
    expect(inbox.unread).toBe(4);
    expect(inbox.items[0]).toMatchObject({ kind: 'lesson', completed: false, readAt: null, estimatedSeconds: expect.any(Number) });
    expect((await call('POST', `/api/learn/inbox/${inbox.items[0].id}/read`, undefined, ina)).statusCode).toBe(204);
    expect((await call('GET', '/api/learn/inbox', undefined, ina)).json().unread).toBe(3);
    expect((await call('POST', '/api/learn/inbox/someone-elses/read', undefined, ina)).statusCode).toBe(404);
    // Lesson emails again, from the profile.
    expect((await call('POST', '/api/profile/lesson-emails', undefined, ina)).statusCode).toBe(204);
  });

  it('emails the lesson an urgent event asks for at once, even in quiet hours, from the token’s POST to the inbox', async () => {
    const { admin, call, course } = await setUp();
    await call('POST', '/api/people', { email: 'uma@acme.test', displayName: 'Uma', roles: ['learner'], externalId: 'crm-7' });
    await call('POST', '/api/trigger-rules', { name: 'Before a refund decision', eventType: 'refund.requested', conditions: [{ attribute: 'amount', op: 'gte', value: 500 }], courseId: course.courseId, lessonId: course.lessonIds[1], channel: null, delaySeconds: 0, cooldownSeconds: 86_400, urgent: true, active: true });
    const token = (await ctx!.services.auth.issueApiToken(admin.orgId, { name: 'Helpdesk', scopes: ['events:write'] })).token;
    // 23:30 in London: outside working hours and inside the organisation's quiet hours.
    ctx!.clock.set('2026-03-03T23:30:00.000Z');
    await ctx!.services.outboxWorker.stop();
    const post = (key: string, amount: number) =>
      ctx!.app.inject({ method: 'POST', url: '/api/events', headers: { authorization: `Bearer ${token}` }, payload: { type: 'refund.requested', person: { externalId: 'crm-7' }, attributes: { amount }, idempotencyKey: key } });
    const small = (await post('ticket-1', 20)).json();
    expect(small.scheduled).toEqual([]);
    expect(small.skipped[0].reason).toBe('conditions_not_met');
    const big = await post('ticket-2', 900);
    expect(big.statusCode).toBe(202);
    expect(big.json().scheduled).toEqual([expect.objectContaining({ lessonId: course.lessonIds[1], sendAt: '2026-03-03T23:30:00.000Z', urgent: true })]);
    await ctx!.services.dispatcher.dispatchDue();
    await ctx!.services.outboxWorker.drain();
    const mails = smtp!.messages.filter((m) => m.to.includes('uma@acme.test'));
    expect(mails.map((m) => m.subject)).toEqual(['Before you go on: Returns 2']);
    expect(mails[0]!.text).toContain('http://morsel.test/');
    // The same ticket again (a webhook retry) sends nothing more; so does another ticket within the cool-down.
    expect((await post('ticket-2', 900)).statusCode).toBe(200);
    expect((await post('ticket-3', 900)).json().skipped[0].reason).toBe('cool_down');
    await ctx!.services.dispatcher.dispatchDue();
    await ctx!.services.outboxWorker.drain();
    expect(smtp!.messages.filter((m) => m.to.includes('uma@acme.test'))).toHaveLength(1);
  });

  it('refuses webhook and provider URLs on private networks unless told to allow them', async () => {
    const { call } = await setUp({});
    const loopback = await call('PATCH', '/api/channel-settings', { chatWebhookUrl: 'http://127.0.0.1:9/hook' });
    expect(loopback.statusCode).toBe(400);
    expect(loopback.json().error).toMatchObject({ code: 'unsafe_url', details: { field: 'chatWebhookUrl' } });
    expect(loopback.json().error.message).toMatch(/ALLOW_PRIVATE_WEBHOOK_TARGETS/);
    const metadata = await call('PATCH', '/api/channel-settings', { sms: { baseUrl: 'http://169.254.169.254', accountSid: 'AC1', authToken: 'secret-token', from: '+15005550006' } });
    expect(metadata.json().error).toMatchObject({ code: 'unsafe_url', details: { field: 'sms.baseUrl' } });
    const team = await call('POST', '/api/teams', { name: 'Inside', chatWebhookUrl: 'http://10.0.0.5/hook' });
    expect(team.statusCode).toBe(400);
  });
});
