/**
 * Telling learners their reward request was decided, on both databases, with a real SMTP server and a fake SMS
 * provider: the news goes by email (or SMS when the learner prefers it) with a sign-in link to their rewards, once
 * per decision, in their working hours; a learner who cannot be reached is not messaged, and the decision stands.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { type FakeSms, startFakeSms } from '../../testing/fake-sms.ts';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import * as points from './gamification.repository.ts';
import { decisionNotice } from './rewards.service.ts';

describe.each(testDialects)('reward decision notices on %s', (dialect) => {
  let ctx: TestContext | undefined;
  let smtp: MailCatcher | undefined;
  let sms: FakeSms | undefined;
  afterEach(async () => {
    await ctx?.close();
    await smtp?.close();
    await sms?.close();
    ctx = smtp = sms = undefined;
  });

  /** An organisation offering a mug for 40 points; Lou (London, 09:00–17:00 on weekdays) has 100 points and asks for it. */
  async function setUp(person: Record<string, unknown> = {}) {
    smtp = await startMailCatcher();
    // The fake SMS provider listens on loopback, which the outbound-address guard refuses unless told otherwise.
    ctx = await createTestContext(dialect, { smtpUrl: smtp.url, env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' } });
    ctx.clock.set('2026-03-02T10:00:00.000Z'); // Monday, 10:00 in London
    const admin = await setUpOrganisation(ctx.app);
    const call = (session: TestSession, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx!.app.inject({ method, url, headers: asSession(session), ...(payload && { payload }) });
    const lou = await call(admin, 'POST', '/api/people', { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], timeZone: 'Europe/London', workStart: '09:00', workEnd: '17:00', password: 'a long enough password', ...person });
    expect(lou.statusCode).toBe(201);
    const learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
    await ctx.services.database.db.transaction().execute((trx) =>
      points.insertEntryIfAbsent(trx, { id: newId(), org_id: admin.orgId, person_id: learner.personId, award_key: 'lesson:l1', points: 100, reason: 'lesson_completed', source_kind: 'lesson', source_id: 'l1', season_week: '2026-W10', season_month: '2026-03', created_at: '2026-03-02T09:00:00.000Z' }),
    );
    const mug = (await call(admin, 'POST', '/api/rewards', { name: 'Mug', cost: 40 })).json();
    const redemption = (await call(learner, 'POST', `/api/rewards/${mug.id}/redemptions`, { clientId: 'client-0001' })).json();
    await ctx.services.outboxWorker.stop();
    const sent = async () => {
      await ctx!.services.outboxWorker.drain();
      return smtp!.messages.filter((m) => m.to.includes('lou@acme.test'));
    };
    return { admin, learner, call, redemption, sent };
  }

  it('emails a decline with the note and the refund, once, with a link that signs the learner in to their rewards', async () => {
    const { admin, call, redemption, sent } = await setUp();
    expect((await call(admin, 'POST', `/api/redemptions/${redemption.id}/decline`, { note: 'Out of mugs until May' })).statusCode).toBe(200);
    // Deciding again is refused, and sends nothing more.
    expect((await call(admin, 'POST', `/api/redemptions/${redemption.id}/approve`)).statusCode).toBe(409);
    const mails = await sent();
    expect(mails.map((m) => m.subject)).toEqual(['Your request for “Mug” was declined']);
    expect(mails[0]!.text).toContain('Its 40 points are back in your balance. Note: Out of mugs until May');
    const token = /\/auth\/link\?token=([\w-]+)/.exec(mails[0]!.text)![1]!;
    const redeemed = await ctx!.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } });
    expect(redeemed.json().redirectTo).toBe('/learn/rewards');
  });

  it('waits for the learner’s working hours: a decision at night is sent the next morning', async () => {
    const { admin, call, redemption, sent } = await setUp();
    ctx!.clock.set('2026-03-02T21:30:00.000Z'); // Monday, 21:30 in London
    expect((await call(admin, 'POST', `/api/redemptions/${redemption.id}/approve`, { note: 'Collect it at reception.' })).statusCode).toBe(200);
    expect(await sent()).toEqual([]);
    ctx!.clock.set('2026-03-03T09:00:00.000Z');
    const mails = await sent();
    expect(mails.map((m) => [m.subject, m.text.includes('Note: Collect it at reception.')])).toEqual([['Your request for “Mug” was approved', true]]);
  });

  it('texts a learner who prefers SMS, within 160 characters with the short link whole', async () => {
    sms = await startFakeSms();
    const { admin, call, redemption, sent } = await setUp({ phone: '+447700900123', preferredChannels: ['sms', 'email'] });
    expect((await call(admin, 'PATCH', '/api/channel-settings', { sms: sms.settings })).statusCode).toBe(200);
    await call(admin, 'POST', `/api/redemptions/${redemption.id}/approve`);
    expect(await sent()).toEqual([]);
    const [text, ...more] = sms.requests;
    expect(more).toEqual([]);
    expect(text!.body.Body).toMatch(/^Acme.*: Your request for “Mug” was approved http:\/\/morsel\.test\/l\/[\w-]{12}$/);
    expect(text!.body.Body!.length).toBeLessThanOrEqual(160);
  });

  it('does not message a learner who cannot be reached, and the decision stands', async () => {
    const { admin, learner, call, redemption, sent } = await setUp();
    await ctx!.services.database.db.updateTable('person').set({ email_opt_out_at: '2026-03-01T00:00:00.000Z' }).where('id', '=', learner.personId).execute();
    expect((await call(admin, 'POST', `/api/redemptions/${redemption.id}/decline`)).json()).toMatchObject({ status: 'declined' });
    expect(await sent()).toEqual([]);
    expect((await call(admin, 'GET', '/api/outbox')).json().items).toEqual([]);
    expect((await call(learner, 'GET', '/api/rewards')).json().balance).toBe(100);
  });
});

describe('decisionNotice', () => {
  it('says what was decided, the note, and for a decline that the points are back', () => {
    expect(decisionNotice('Mug', 'approved', 40, undefined)).toEqual({ headline: 'Your request for “Mug” was approved', lead: 'It cost 40 points. Enjoy it!' });
    expect(decisionNotice('Mug', 'approved', 40, 'At reception')).toEqual({ headline: 'Your request for “Mug” was approved', lead: 'Note: At reception' });
    expect(decisionNotice('Mug', 'declined', 40, undefined).lead).toBe('Its 40 points are back in your balance.');
  });
});
