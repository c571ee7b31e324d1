/**
 * Angie's scenario (PRODUCT.md), in-process with a fake clock so two days run in seconds: four representatives
 * in four time zones, a 2-day campaign of 3 lessons. Each gets each lesson, once, in order, inside their own
 * working hours and before the deadline, by email with a magic link; the campaign view shows completion as it
 * happens; a learner who finished gets no reminder, one who did not gets exactly one.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isOpenAt } from '../../../core/delivery/calendar.ts';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { extractLink, type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { asSession, createTestContext, sessionFrom, setUpOrganisation, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const REPS = [
  { email: 'nia@northwind.test', displayName: 'Nia (New York)', timeZone: 'America/New_York' },
  { email: 'liam@northwind.test', displayName: 'Liam (London)', timeZone: 'Europe/London' },
  { email: 'kavya@northwind.test', displayName: 'Kavya (Kolkata)', timeZone: 'Asia/Kolkata' },
  { email: 'sam@northwind.test', displayName: 'Sam (Sydney)', timeZone: 'Australia/Sydney' },
];
const WORKING = { workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', quietStart: null, quietEnd: null };

describe.each(testDialects)('Angie’s 2-day campaign across four time zones on %s', (dialect) => {
  let ctx: TestContext | undefined;
  let smtp: MailCatcher | undefined;
  afterEach(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  it('reaches every representative inside their working hours, once per lesson, and shows completion live', async () => {
    smtp = await startMailCatcher();
    ctx = await createTestContext(dialect, { smtpUrl: smtp.url });
    const { app, services, clock } = ctx;
    // This test sends with `drain()` between clock steps; the background worker would see its leases expire
    // when the fake clock jumps 10 minutes mid-send, and send again (correctly, by the outbox's guarantee).
    await services.outboxWorker.stop();
    // Monday 2 March 2026, 06:00 UTC: Sydney's evening, Kolkata's morning, London and New York still asleep.
    clock.set('2026-03-02T06:00:00.000Z');
    const admin = await setUpOrganisation(app, 'Northwind');
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, session = admin) => app.inject({ method, url, headers: asSession(session), ...(payload && { payload }) });
    expect((await call('PATCH', '/api/organisation', { timeZone: 'Europe/London', ...WORKING })).statusCode).toBe(200);
    const people = [];
    for (const rep of REPS) {
      const created = await call('POST', '/api/people', { ...rep, roles: ['learner'] });
      expect(created.statusCode).toBe(201);
      people.push({ ...rep, id: created.json().id as string });
    }
    const team = (await call('POST', '/api/teams', { name: 'Customer service' })).json();
    for (const person of people) expect((await call('PUT', `/api/teams/${team.id}/members/${person.id}`, { role: 'member' })).statusCode).toBe(200);
    const { courseId, lessonIds } = await createPublishedCourse(services, admin.orgId, 'Greetings and farewells', 3);

    const deadline = '2026-03-04T06:00:00.000Z';
    const created = await call('POST', '/api/campaigns', { name: 'New greetings', courseIds: [courseId], audience: { teamIds: [team.id] }, startAt: clock.now().toISOString(), deadlineAt: deadline, pacing: { mode: 'spread' }, reminders: { count: 1, everyDays: 1 } });
    expect(created.statusCode).toBe(201);
    const campaignId = created.json().id as string;
    const launched = await call('POST', `/api/campaigns/${campaignId}/launch`);
    expect(launched.statusCode).toBe(200);
    expect(launched.json().status).toBe('active');
    const view = async () => (await call('GET', `/api/campaigns/${campaignId}`)).json();
    expect((await view()).summary).toMatchObject({ members: 4, trained: 4, heldOut: 0, lessonsPlanned: 12, lessonsSent: 0 });

    // Two and a half days in 10-minute steps: dispatch what is due, send what is queued, note when.
    const sentAt = new Map<string, string>();
    let nia: ReturnType<typeof sessionFrom> | undefined;
    const niaDone = new Set<string>();
    for (let step = 0; step < 6 * 24 * 2.5; step += 1) {
      await services.dispatcher.dispatchDue();
      await services.outboxWorker.drain();
      for (const mail of smtp.messages) if (!sentAt.has(mail.messageId)) sentAt.set(mail.messageId, clock.now().toISOString());
      // Nia opens each lesson from its email (a magic link) and completes it as soon as it arrives.
      for (const mail of smtp.messages.filter((m) => m.to.includes('nia@northwind.test') && !m.subject.startsWith('Reminder') && !niaDone.has(m.messageId))) {
        const link = new URL(extractLink(mail.text));
        const redeemed = await app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token: link.searchParams.get('token') } });
        expect(redeemed.statusCode, redeemed.body).toBe(200);
        const lessonId = lessonIds[niaDone.size]!;
        expect(redeemed.json().redirectTo).toBe(`/learn/courses/${courseId}/lessons/${lessonId}`);
        nia = sessionFrom(redeemed);
        const before = (await view()).members.find((m: { email: string }) => m.email === 'nia@northwind.test');
        expect(before.lessonsCompleted).toBe(niaDone.size);
        const answered = await call('POST', '/api/learn/attempts', { courseId, lessonId, questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 3000, clientId: randomUUID() }, nia);
        expect(answered.json().lessonCompleted).toBe(true);
        niaDone.add(mail.messageId);
        // Live: the next look at the campaign shows it.
        expect((await view()).members.find((m: { email: string }) => m.email === 'nia@northwind.test').lessonsCompleted).toBe(niaDone.size);
      }
      clock.advance(10 * 60_000);
    }

    // 3 lessons × 4 people, each once; then one reminder for each of the three who did nothing.
    const lessonMails = smtp.messages.filter((mail) => !mail.subject.startsWith('Reminder'));
    expect(lessonMails).toHaveLength(12);
    expect(new Set(smtp.messages.map((mail) => mail.messageId)).size).toBe(smtp.messages.length);
    for (const person of people) {
      const mine = lessonMails.filter((mail) => mail.to.includes(person.email));
      expect(mine.map((mail) => mail.subject)).toEqual(['Greetings and farewells 1', 'Greetings and farewells 2', 'Greetings and farewells 3'].map((title) => `Your next lesson: ${title}`));
      const calendar = { timeZone: person.timeZone, ...WORKING };
      for (const mail of mine) {
        const at = new Date(sentAt.get(mail.messageId)!);
        expect(isOpenAt(calendar, at), `${person.displayName} got “${mail.subject}” at ${at.toISOString()}`).toBe(true);
        expect(at.getTime()).toBeLessThan(new Date(deadline).getTime());
      }
      expect(mine[0]!.headers['list-unsubscribe']).toMatch(/^<http:\/\/morsel\.test\/api\/unsubscribe\?token=/);
      expect(mine[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    }
    // Reminders stop for whoever finished: none for Nia; at most the one configured for the others.
    const reminders = smtp.messages.filter((mail) => mail.subject.startsWith('Reminder'));
    expect(reminders.filter((mail) => mail.to.includes('nia@northwind.test'))).toEqual([]);
    expect(reminders.length).toBeGreaterThan(0);
    for (const person of people) expect(reminders.filter((mail) => mail.to.includes(person.email)).length).toBeLessThanOrEqual(1);

    const final = await view();
    expect(final.summary).toMatchObject({ lessonsSent: 12, lessonsCompleted: 3 });
    expect(final.summary.standings).toMatchObject({ done: 1, overdue: 3 });
    expect(final.members.find((m: { email: string }) => m.email === 'nia@northwind.test').standing).toBe('done');
    // Inbox: every lesson is in the learner's in-app feed as well, newest first.
    const inbox = (await call('GET', '/api/learn/inbox', undefined, nia!)).json();
    expect(inbox.items.filter((item: { kind: string }) => item.kind === 'lesson').map((item: { title: string }) => item.title)).toEqual(['Greetings and farewells 3', 'Greetings and farewells 2', 'Greetings and farewells 1']);
    expect(inbox.items.find((item: { title: string }) => item.title.endsWith(' 1')).completed).toBe(true);
  }, 120_000);
});
