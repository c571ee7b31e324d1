/**
 * The daily boost nudge, on both databases, with a real SMTP server: a learner in Tokyo who missed a question
 * is nudged by email half an hour into their next working day once it is due, once that day however often the
 * job runs, with a link that signs them in to the boost; nobody with nothing due is nudged; an organisation
 * that turned nudges off sends none.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

describe.each(testDialects)('boost nudges on %s', (dialect) => {
  let ctx: TestContext | undefined;
  let smtp: MailCatcher | undefined;
  afterEach(async () => {
    await ctx?.close();
    await smtp?.close();
    ctx = smtp = undefined;
  });

  /** Tomo (Tokyo, 09:00–17:00) answers a lesson's question wrongly on Monday 2 March 2026, 09:05 local (due again a day later); Ned (New York) never answers. */
  async function setUp() {
    smtp = await startMailCatcher();
    ctx = await createTestContext(dialect, { smtpUrl: smtp.url });
    ctx.clock.set('2026-03-02T00:05:00.000Z');
    const admin = await setUpOrganisation(ctx.app);
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, session = admin) => ctx!.app.inject({ method, url, headers: asSession(session), ...(payload && { payload }) });
    const course = await createPublishedCourse(ctx.services, admin.orgId, 'Refunds', 1);
    const tomo = (await call('POST', '/api/people', { email: 'tomo@acme.test', displayName: 'Tomo', roles: ['learner'], timeZone: 'Asia/Tokyo', workStart: '09:00', workEnd: '17:00', password: 'a long enough password' })).json();
    const ned = (await call('POST', '/api/people', { email: 'ned@acme.test', displayName: 'Ned', roles: ['learner'], timeZone: 'America/New_York' })).json();
    expect((await call('POST', '/api/enrolments', { courseId: course.courseId, personIds: [tomo.id, ned.id] })).statusCode).toBe(200);
    const learner = await signIn(ctx.app, 'tomo@acme.test', 'a long enough password');
    const answered = await call('POST', '/api/learn/attempts', { courseId: course.courseId, lessonId: course.lessonIds[0], questionId: 'q', response: { kind: 'true_false', value: false }, timeTakenMs: 3000, clientId: randomUUID() }, learner);
    expect(answered.json()).toMatchObject({ correct: false, lessonCompleted: true });
    await ctx.services.outboxWorker.stop();
    /** Runs the job and sends what it queued; returns the nudges Tomo has had so far. */
    const run = async () => {
      await ctx!.services.boostNudger.nudgeDue();
      await ctx!.services.outboxWorker.drain();
      return smtp!.messages.filter((m) => m.subject.startsWith('Your daily boost'));
    };
    return { call, run, learner };
  }

  it('nudges once, half an hour into the learner’s working day, with a link into the boost', async () => {
    const { run } = await setUp();
    // A missed question comes back the next day: Tuesday. Monday evening and Tuesday before 09:30 Tokyo, nothing.
    for (const at of ['2026-03-02T10:00:00Z', '2026-03-03T00:29:00Z']) {
      ctx!.clock.set(at);
      expect(await run()).toEqual([]);
    }
    ctx!.clock.set('2026-03-03T00:30:00Z'); // 09:30 in Tokyo
    const [nudge, ...more] = await run();
    expect(more).toEqual([]);
    expect(nudge!.to).toEqual(['tomo@acme.test']);
    expect(nudge!.subject).toBe('Your daily boost: 1 question, about a minute');
    expect(nudge!.headers['list-unsubscribe']).toMatch(/\/api\/unsubscribe\?token=/);
    // The job runs every few minutes: still one nudge that day.
    for (const at of ['2026-03-03T00:35:00Z', '2026-03-03T02:00:00Z']) {
      ctx!.clock.set(at);
      expect(await run()).toHaveLength(1);
    }
    // The link signs Tomo in and lands on the boost.
    const token = /\/auth\/link\?token=([\w-]+)/.exec(nudge!.text)![1]!;
    const redeemed = await ctx!.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } });
    expect(redeemed.json().redirectTo).toBe('/learn/boost');
    // Ned has nothing due: never nudged.
    expect(smtp!.messages.filter((m) => m.to.includes('ned@acme.test'))).toEqual([]);
  });

  it('nudges again the next working day while questions are still due, and never when the organisation turned nudges off', async () => {
    const { run, call } = await setUp();
    ctx!.clock.set('2026-03-03T00:30:00Z');
    expect(await run()).toHaveLength(1);
    ctx!.clock.set('2026-03-04T00:31:00Z');
    expect(await run()).toHaveLength(2);
    const off = await call('PATCH', '/api/channel-settings', { boostNudges: false });
    expect(off.json().boostNudges).toBe(false);
    ctx!.clock.set('2026-03-05T00:31:00Z');
    expect(await run()).toHaveLength(2);
  });
});
