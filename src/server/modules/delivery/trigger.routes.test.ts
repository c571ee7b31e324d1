import { afterEach, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../identity/index.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { testDialects } from '../../testing/test-database.ts';
import { createTriggerService } from './trigger.service.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Wednesday 4 March 2026, 12:00 UTC: 07:00 in New York (UTC−5 until 8 March). */
const WEDNESDAY_NOON_UTC = '2026-03-04T12:00:00.000Z';

type Json = Record<string, unknown>;

describe.each(testDialects)('just-in-time triggers on %s', (dialect) => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  /** An organisation (Europe/London, Mon–Fri 09:00–17:00, quiet 20:00–07:00), a published two-lesson course, Nina in New York working 10:00–18:00, and tokens. */
  async function setUp() {
    ctx = await createTestContext(dialect);
    ctx.clock.set(WEDNESDAY_NOON_UTC);
    const admin = await setUpOrganisation(ctx.app);
    const { app } = ctx;
    const system = systemActor(admin.orgId);
    const { identity, content, auth, learning } = ctx.services;
    await identity.updateOrganisation(system, { quietStart: '20:00', quietEnd: '07:00' });
    const nina = await identity.createPerson(system, { email: 'nina@acme.test', displayName: 'Nina Newyork', roles: ['learner'], timeZone: 'America/New_York', workStart: '10:00', workEnd: '18:00', externalId: 'crm-42', attributes: { region: 'North' } });
    const objective = await content.createObjective(system, { title: 'Handle renewals', performance: 'Renew a contract', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const lessonIds: string[] = [];
    for (const [title, coreQuestion] of [
      ['Renewal pricing', 'Which discount may I offer at renewal?'],
      ['Renewal paperwork', 'Which form does a renewal need?'],
    ] as const) {
      const lesson = await content.createLesson(system, {
        title,
        coreQuestion,
        objectiveId: objective.id,
        tags: [],
        variables: [],
        blocks: [
          { id: 'b1', type: 'sample', format: 'text', content: `${title}: the rule in one line.` },
          { id: 'b2', type: 'question', question: { kind: 'true_false', prompt: 'Is there a rule?', answer: true, askConfidence: false } },
        ],
      });
      await content.publishLesson(system, lesson.id);
      lessonIds.push(lesson.id);
    }
    const course = await content.createCourse(system, { title: 'Renewals', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm1', title: 'Renewals', lessonIds }] });
    await content.publishCourse(system, course.id);
    const draft = await content.createCourse(system, { title: 'Draft course', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm1', title: 'M', lessonIds: [lessonIds[0]!] }] });
    const events = (await auth.issueApiToken(admin.orgId, { name: 'CRM', scopes: ['events:write'] })).token;
    const reader = (await auth.issueApiToken(admin.orgId, { name: 'Decision gate', scopes: ['people:read'] })).token;

    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const asAdmin = asSession(admin);
    const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
      app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Json }) });
    const createRule = async (rule: Json) => {
      const response = await send('POST', '/api/trigger-rules', asAdmin, { name: 'Renewal coaching', eventType: 'deal.closed', courseId: course.id, ...rule });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string } & Json;
    };
    let keys = 0;
    const postEvent = (body: Json, token = events) => send('POST', '/api/events', bearer(token), { type: 'deal.closed', person: { email: 'nina@acme.test' }, idempotencyKey: `key-${(keys += 1)}`, ...body });
    /** Nina completes a lesson (enrolled by the system, answering its question). */
    const complete = async (lessonId: string) => {
      await learning.enrol(system, { courseId: course.id, personIds: [nina.id] });
      const ninaActor: Actor = { kind: 'person', orgId: admin.orgId, personId: nina.id, roles: ['learner'], sessionId: null };
      const result = await learning.submitAttempt(ninaActor, { courseId: course.id, lessonId, questionId: 'b2', response: { kind: 'true_false', value: true }, timeTakenMs: 1000, clientId: `complete-${lessonId}` });
      expect(result.lessonCompleted).toBe(true);
    };
    const deliveries = () => ctx!.services.database.db.selectFrom('delivery').selectAll().where('kind', '=', 'trigger').orderBy('send_at').execute();
    return { ctx, app, admin, asAdmin, system, nina, course, draft, lessonIds, events, reader, bearer, send, createRule, postEvent, complete, deliveries };
  }

  it('schedules a delayed lesson at the next opening of the person’s working hours in their own zone, and says so', async () => {
    const t = await setUp();
    const rule = await t.createRule({ lessonId: t.lessonIds[0], delaySeconds: 3600, channel: 'email' });
    expect(rule).toMatchObject({ eventType: 'deal.closed', courseTitle: 'Renewals', lessonTitle: 'Renewal pricing', delaySeconds: 3600, cooldownSeconds: 86_400, urgent: false, active: true, conditions: [] });

    const response = await t.postEvent({ type: 'Deal.Closed', idempotencyKey: 'deal-1001' });
    expect(response.statusCode, response.body).toBe(202);
    const result = response.json();
    // 12:00 UTC + 1 h = 08:00 in New York, before Nina's own 10:00 start (not the organisation's 09:00 in London): 10:00 EST is 15:00 UTC.
    expect(result).toEqual({
      eventId: expect.any(String),
      duplicate: false,
      personId: t.nina.id,
      scheduled: [{ ruleId: rule.id, ruleName: 'Renewal coaching', deliveryId: expect.any(String), courseId: t.course.id, lessonId: t.lessonIds[0], channel: 'email', sendAt: '2026-03-04T15:00:00.000Z', urgent: false }],
      skipped: [],
    });
    const [delivery] = await t.deliveries();
    expect(delivery).toMatchObject({ id: result.scheduled[0].deliveryId, person_id: t.nina.id, status: 'planned', kind: 'trigger', dedupe_key: `trigger:${result.eventId}:${rule.id}`, event_id: result.eventId, rule_id: rule.id, urgent: 0, send_at: '2026-03-04T15:00:00.000Z' });

    // The admin page's list of events shows it, with the person as the event named them.
    const list = (await t.send('GET', '/api/events?limit=10', t.asAdmin)).json();
    expect(list.items).toEqual([expect.objectContaining({ id: result.eventId, type: 'deal.closed', person: { reference: { email: 'nina@acme.test' }, id: t.nina.id, displayName: 'Nina Newyork' }, scheduled: result.scheduled, skipped: [] })]);
  });

  it('lets an urgent rule go at once in quiet hours while the ordinary one waits for the morning', async () => {
    const t = await setUp();
    // Thursday 02:00 UTC is Wednesday 21:00 in New York: after work and in the organisation's quiet hours.
    t.ctx.clock.set('2026-03-05T02:00:00.000Z');
    await t.createRule({ name: 'Before the compliance call', lessonId: t.lessonIds[0], urgent: true });
    await t.createRule({ name: 'Follow-up', lessonId: t.lessonIds[1] });
    const result = (await t.postEvent({ occurredAt: '2026-03-05T01:59:00Z' })).json();
    expect(result.scheduled.map((s: Json) => [s.ruleName, s.sendAt, s.urgent])).toEqual([
      // Never before now, even though the event occurred a minute ago.
      ['Before the compliance call', '2026-03-05T02:00:00.000Z', true],
      ['Follow-up', '2026-03-05T15:00:00.000Z', false],
    ]);
    expect((await t.deliveries()).map((d) => d.urgent)).toEqual([1, 0]);
  });

  it('skips a lesson sent within the cool-down, and sends it again once the cool-down has passed', async () => {
    const t = await setUp();
    const rule = await t.createRule({ lessonId: t.lessonIds[0], cooldownSeconds: 7 * 86_400, urgent: true });
    expect((await t.postEvent({})).json().scheduled).toHaveLength(1);
    t.ctx.clock.advance(DAY);
    const second = await t.postEvent({});
    expect(second.statusCode).toBe(202);
    expect(second.json()).toMatchObject({ duplicate: false, scheduled: [], skipped: [{ ruleId: rule.id, reason: 'cool_down', message: expect.stringContaining('7 days') }] });
    t.ctx.clock.advance(7 * DAY);
    expect((await t.postEvent({})).json().scheduled).toHaveLength(1);
    expect(await t.deliveries()).toHaveLength(2);
  });

  it('applies the cool-down of a rule without a lesson to the course, across rules of one event', async () => {
    const t = await setUp();
    await t.createRule({ name: 'Course A', cooldownSeconds: 3600 });
    await t.createRule({ name: 'Course B', cooldownSeconds: 3600 });
    const result = (await t.postEvent({})).json();
    expect(result.scheduled).toEqual([expect.objectContaining({ ruleName: 'Course A', lessonId: null, channel: null })]);
    expect(result.skipped).toEqual([expect.objectContaining({ ruleName: 'Course B', reason: 'cool_down' })]);
  });

  it('schedules once for the same idempotency key, sent twice and sent concurrently', async () => {
    const t = await setUp();
    await t.createRule({ lessonId: t.lessonIds[0], cooldownSeconds: 0 });
    const first = await t.postEvent({ idempotencyKey: 'crm-event-7' });
    const again = await t.postEvent({ idempotencyKey: 'crm-event-7' });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), duplicate: true });

    // Several identical calls at the same moment (a webhook retried by an impatient proxy): one schedules.
    const racing = await Promise.all([1, 2, 3, 4].map(() => t.postEvent({ idempotencyKey: 'crm-event-8' })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 202]);
    const bodies = racing.map((r) => r.json());
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.scheduled[0].deliveryId)).size).toBe(1);
    expect(await t.deliveries()).toHaveLength(2);
    expect(await t.ctx.services.database.db.selectFrom('trigger_event').select('id').execute()).toHaveLength(2);

    // The same key for another event is a mistake in the integration, not a retry.
    const reused = await t.postEvent({ idempotencyKey: 'crm-event-7', type: 'ticket.escalated' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('conflict');
  });

  it('records an event about an unknown person and answers 202 with person_unknown, so a webhook stops retrying', async () => {
    const t = await setUp();
    const rule = await t.createRule({ lessonId: t.lessonIds[0] });
    const response = await t.postEvent({ person: { email: 'Stranger@Acme.test' } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ duplicate: false, personId: null, scheduled: [], skipped: [{ ruleId: rule.id, reason: 'person_unknown' }] });
    expect(await t.deliveries()).toEqual([]);
    const [event] = (await t.send('GET', '/api/events', t.asAdmin)).json().items;
    expect(event.person).toEqual({ reference: { email: 'stranger@acme.test' }, id: null, displayName: null });

    // Known by external id, the same person is found.
    expect((await t.postEvent({ person: { externalId: 'crm-42' } })).json()).toMatchObject({ personId: t.nina.id, scheduled: [expect.anything()] });
  });

  it('fires only the rules whose conditions all hold, on the event’s attributes and the person’s HR attributes', async () => {
    const t = await setUp();
    const conditions = [
      { attribute: 'amount', op: 'gt', value: 1000 },
      { attribute: 'region', op: 'in', value: ['EU', 'UK'] },
      { attribute: 'person.region', op: 'eq', value: 'north' },
      { attribute: 'coupon', op: 'exists', value: false },
    ];
    const rule = await t.createRule({ lessonId: t.lessonIds[0], conditions, cooldownSeconds: 0 });
    await t.createRule({ name: 'Other type', eventType: 'ticket.escalated', lessonId: t.lessonIds[1] });
    expect(rule.conditions).toEqual(conditions);

    const small = (await t.postEvent({ attributes: { amount: 500, region: 'EU' } })).json();
    // Rules of other types are not listed.
    expect(small).toMatchObject({ scheduled: [], skipped: [{ ruleId: rule.id, reason: 'conditions_not_met', message: 'Condition not met: amount is more than 1000.' }] });
    const withCoupon = (await t.postEvent({ attributes: { amount: 1500, region: 'EU', coupon: 'SPRING' } })).json();
    expect(withCoupon.skipped[0].message).toBe('Condition not met: coupon is absent.');
    const big = (await t.postEvent({ attributes: { amount: '1500', region: ' eu ' } })).json();
    expect(big.scheduled).toEqual([expect.objectContaining({ ruleId: rule.id })]);

    // An event cannot pose as the person's record.
    const forged = await t.postEvent({ attributes: { amount: 1500, region: 'EU', 'person.region': 'north' } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('validation_failed');
  });

  it('answers the completion gate: done, not done, and done but outside `within`', async () => {
    const t = await setUp();
    await t.complete(t.lessonIds[0]!);
    const gate = (path: string, headers: Record<string, string> = t.bearer(t.reader)) => t.send('GET', path, headers);
    const done = await gate(`/api/people/NINA@acme.test/completions?lesson=${t.lessonIds[0]}&within=P30D`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ personId: t.nina.id, lessonId: t.lessonIds[0], completed: true, completedAt: WEDNESDAY_NOON_UTC, within: 'P30D', since: '2026-02-02T12:00:00.000Z', checkedAt: WEDNESDAY_NOON_UTC });
    const notDone = (await gate(`/api/people/crm-42/completions?lesson=${t.lessonIds[1]}&within=P30D`)).json();
    expect(notDone).toMatchObject({ completed: false, completedAt: null });

    // Admins may ask from the browser too.
    expect((await gate(`/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}`, t.asAdmin)).statusCode).toBe(200);

    t.ctx.clock.advance(31 * DAY);
    expect((await gate(`/api/people/crm-42/completions?lesson=${t.lessonIds[0]}&within=P30D`)).json()).toMatchObject({ completed: false, completedAt: WEDNESDAY_NOON_UTC });
    expect((await gate(`/api/people/crm-42/completions?lesson=${t.lessonIds[0]}&within=P2M`)).json()).toMatchObject({ completed: true });
    expect((await gate(`/api/people/crm-42/completions?lesson=${t.lessonIds[0]}`)).json()).toMatchObject({ completed: true, within: null, since: null });

    for (const [path, code, status] of [
      [`/api/people/nobody@acme.test/completions?lesson=${t.lessonIds[0]}`, 'not_found', 404],
      ['/api/people/nina@acme.test/completions?lesson=no-such-lesson', 'not_found', 404],
      [`/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}&within=banana`, 'validation_failed', 400],
      [`/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}&within=P0D`, 'validation_failed', 400],
      [`/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}&within=P3651D`, 'validation_failed', 400],
    ] as const) {
      const response = await gate(path);
      expect(response.statusCode, path).toBe(status);
      expect(response.json().error.code, path).toBe(code);
    }
    const invalid = (await gate(`/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}&within=30days`)).json();
    expect(invalid.error.details.issues).toEqual([{ field: 'querystring.within', message: expect.stringContaining('ISO 8601 duration such as P30D') }]);
  });

  it('refuses what is not valid with stable codes', async () => {
    const t = await setUp();
    const eightDaysAgo = new Date(Date.parse(WEDNESDAY_NOON_UTC) - 8 * DAY).toISOString();
    const tooOld = await t.postEvent({ occurredAt: eightDaysAgo });
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.json().error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('within the last 7 days'), details: { issues: [{ field: 'body.occurredAt' }] } });
    const ahead = await t.postEvent({ occurredAt: new Date(Date.parse(WEDNESDAY_NOON_UTC) + 10 * 60_000).toISOString() });
    expect(ahead.statusCode).toBe(400);
    expect((await t.postEvent({ type: 'deal closed' })).statusCode).toBe(400);
    expect((await t.postEvent({ person: { email: 'nina@acme.test', externalId: 'crm-42' } })).statusCode).toBe(400);
    expect((await t.postEvent({ idempotencyKey: '' })).statusCode).toBe(400);
    expect((await t.send('POST', '/api/events', t.bearer(t.events), { type: 'deal.closed', person: { email: 'nina@acme.test' } })).json().error.code).toBe('validation_failed');

    const rule = (payload: Json) => t.send('POST', '/api/trigger-rules', t.asAdmin, { name: 'R', eventType: 'deal.closed', courseId: t.course.id, ...payload });
    expect((await rule({ courseId: t.draft.id })).json().error.code).toBe('course_not_published');
    expect((await rule({ courseId: 'no-such-course' })).statusCode).toBe(409);
    const foreignLesson = await rule({ lessonId: 'not-in-the-course' });
    expect(foreignLesson.statusCode).toBe(400);
    expect(foreignLesson.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.lessonId' }] } });
    for (const bad of [{ delaySeconds: 31 * 86_400 }, { cooldownSeconds: 366 * 86_400 }, { delaySeconds: -1 }, { eventType: '9lives' }, { conditions: [{ attribute: 'amount', op: 'gt', value: 'lots' }] }, { conditions: [{ attribute: 'region', op: 'in', value: [] }] }, { channel: 'pigeon' }]) {
      const response = await rule(bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect((await t.send('GET', '/api/events?limit=0', t.asAdmin)).statusCode).toBe(400);
  });

  it('manages rules: list, change, deactivate (nothing fires), delete (planned deliveries are cancelled)', async () => {
    const t = await setUp();
    const rule = await t.createRule({ lessonId: t.lessonIds[0], cooldownSeconds: 0 });
    expect((await t.send('GET', '/api/trigger-rules', t.asAdmin)).json().items).toEqual([expect.objectContaining({ id: rule.id })]);
    const changed = await t.send('PATCH', `/api/trigger-rules/${rule.id}`, t.asAdmin, { lessonId: t.lessonIds[1], eventType: 'Deal.Won', delaySeconds: 600 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ eventType: 'deal.won', lessonId: t.lessonIds[1], lessonTitle: 'Renewal paperwork', delaySeconds: 600 });
    expect((await t.send('PATCH', `/api/trigger-rules/${rule.id}`, t.asAdmin, { courseId: t.draft.id })).statusCode).toBe(409);

    await t.send('PATCH', `/api/trigger-rules/${rule.id}`, t.asAdmin, { active: false });
    expect((await t.postEvent({ type: 'deal.won' })).json()).toMatchObject({ scheduled: [], skipped: [] });
    await t.send('PATCH', `/api/trigger-rules/${rule.id}`, t.asAdmin, { active: true });
    expect((await t.postEvent({ type: 'deal.won' })).json().scheduled).toHaveLength(1);

    expect((await t.send('DELETE', `/api/trigger-rules/${rule.id}`, t.asAdmin)).statusCode).toBe(204);
    expect((await t.deliveries()).map((d) => [d.status, d.outcome])).toEqual([['cancelled', 'rule_deleted']]);
    expect((await t.send('GET', `/api/trigger-rules/${rule.id}`, t.asAdmin)).statusCode).toBe(404);
    expect((await t.send('DELETE', `/api/trigger-rules/${rule.id}`, t.asAdmin)).statusCode).toBe(404);
  });

  it('lets only tokens with the right scope, and admins, post events and ask the gate', async () => {
    const t = await setUp();
    await t.createRule({ lessonId: t.lessonIds[0] });
    const wrongScope = await t.postEvent({}, t.reader);
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json().error.code).toBe('forbidden');
    const gateWithEventsToken = await t.send('GET', `/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}`, t.bearer(t.events));
    expect(gateWithEventsToken.statusCode).toBe(403);
    // A token is for integrations: it cannot manage rules or read the event log.
    expect((await t.send('GET', '/api/trigger-rules', t.bearer(t.events))).statusCode).toBe(403);
    expect((await t.send('GET', '/api/events', t.bearer(t.events))).statusCode).toBe(403);
    expect((await t.send('POST', '/api/events', {}, { type: 'deal.closed', person: { email: 'nina@acme.test' }, idempotencyKey: 'anonymous' })).statusCode).toBe(401);
    // An admin may post from a session, for testing from the page.
    expect((await t.send('POST', '/api/events', t.asAdmin, { type: 'deal.closed', person: { email: 'nina@acme.test' }, idempotencyKey: 'from-the-page' })).statusCode).toBe(202);
    expect(await t.deliveries()).toHaveLength(1);
  });

  it('keeps organisations apart: another organisation’s token neither sees nor triggers this one’s people', async () => {
    const t = await setUp();
    const rule = await t.createRule({ lessonId: t.lessonIds[0] });
    await t.complete(t.lessonIds[0]!);
    const { organisation, adminId } = await t.ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    expect(adminId).toBeDefined();
    const theirs = (await t.ctx.services.auth.issueApiToken(organisation.id, { name: 'Their CRM', scopes: ['events:write', 'people:read'] })).token;
    const event = await t.postEvent({ idempotencyKey: 'shared-key' }, theirs);
    expect(event.statusCode).toBe(202);
    expect(event.json()).toMatchObject({ personId: null, scheduled: [], skipped: [] });
    // Their key does not collide with ours either.
    expect((await t.postEvent({ idempotencyKey: 'shared-key' })).json()).toMatchObject({ duplicate: false, personId: t.nina.id, scheduled: [expect.anything()] });
    expect((await t.send('GET', `/api/people/nina@acme.test/completions?lesson=${t.lessonIds[0]}`, t.bearer(theirs))).statusCode).toBe(404);
    expect((await t.send('GET', `/api/people/crm-42/completions?lesson=${t.lessonIds[0]}`, t.bearer(theirs))).statusCode).toBe(404);

    // Sessions work on whichever app serves the routes: sign in on the real one.
    const olga = asSession(await signIn(t.ctx.app, 'olga@other.test', 'other admin password'));
    expect((await t.send('GET', `/api/trigger-rules/${rule.id}`, olga)).statusCode).toBe(404);
    expect((await t.send('PATCH', `/api/trigger-rules/${rule.id}`, olga, { active: false })).statusCode).toBe(404);
    expect((await t.send('GET', '/api/trigger-rules', olga)).json().items).toEqual([]);
    expect((await t.send('GET', '/api/events', olga)).json().items.map((e: Json) => e.id)).toEqual([event.json().eventId]);
  });
});

describe.each(testDialects)('the trigger service on %s', (dialect) => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  it('tells the dispatcher to look once something is planned, and only then', async () => {
    ctx = await createTestContext(dialect);
    const admin: TestSession = await setUpOrganisation(ctx.app);
    const system = systemActor(admin.orgId);
    const { identity, content, learning, database, clock } = ctx.services;
    await identity.createPerson(system, { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'] });
    const { courseId } = await createPublishedCourse(ctx.services, admin.orgId, 'Listening', 1);
    const course = { id: courseId };
    let planned = 0;
    const triggers = createTriggerService({ db: database.db, clock, identity, content, learning, onPlanned: () => (planned += 1) });
    await triggers.createRule(system, { name: 'R', eventType: 'ping', conditions: [], courseId: course.id, lessonId: null, channel: null, delaySeconds: 0, cooldownSeconds: 3600, urgent: true, active: true });
    const token: Actor = { kind: 'token', orgId: admin.orgId, tokenId: 't', scopes: ['events:write'] };
    const first = await triggers.receiveEvent(token, { type: 'ping', person: { email: 'lou@acme.test' }, attributes: {}, idempotencyKey: 'a' });
    expect(first.scheduled).toHaveLength(1);
    expect(planned).toBe(1);
    // Cool-down: nothing planned, no call.
    await triggers.receiveEvent(token, { type: 'ping', person: { email: 'lou@acme.test' }, attributes: {}, idempotencyKey: 'b' });
    await triggers.receiveEvent(token, { type: 'ping', person: { email: 'lou@acme.test' }, attributes: {}, idempotencyKey: 'a' });
    expect(planned).toBe(1);
    await expect(triggers.receiveEvent({ kind: 'token', orgId: admin.orgId, tokenId: 't', scopes: ['people:read'] }, { type: 'ping', person: { email: 'lou@acme.test' }, attributes: {}, idempotencyKey: 'c' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('answers the stored result when a concurrent call with the same key commits first (the unique constraint decides)', async () => {
    ctx = await createTestContext(dialect);
    const admin: TestSession = await setUpOrganisation(ctx.app);
    const system = systemActor(admin.orgId);
    const { identity, content, learning, database, clock } = ctx.services;
    await identity.createPerson(system, { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'] });
    const { courseId, lessonIds } = await createPublishedCourse(ctx.services, admin.orgId, 'Listening', 1);
    const course = { id: courseId };
    const lesson = { id: lessonIds[0]! };
    const token: Actor = { kind: 'token', orgId: admin.orgId, tokenId: 't', scopes: ['events:write'] };
    const body = { type: 'ping', person: { email: 'lou@acme.test' }, attributes: {}, idempotencyKey: 'raced' };
    // The other call runs to its commit after this one has checked for the key and before it inserts the event.
    let rival: Promise<unknown> | undefined;
    const racingIdentity: typeof identity = {
      ...identity,
      resolveOrganisation: async (orgId?: string) => {
        if (!rival) {
          rival = triggers.receiveEvent(token, body);
          await rival;
        }
        return identity.resolveOrganisation(orgId);
      },
    };
    const triggers = createTriggerService({ db: database.db, clock, identity: racingIdentity, content, learning });
    await triggers.createRule(system, { name: 'R', eventType: 'ping', conditions: [], courseId: course.id, lessonId: lesson.id, channel: null, delaySeconds: 0, cooldownSeconds: 0, urgent: false, active: true });
    const loser = await triggers.receiveEvent(token, body);
    const winner = (await rival) as Awaited<ReturnType<typeof triggers.receiveEvent>>;
    expect(winner.duplicate).toBe(false);
    expect(loser).toEqual({ ...winner, duplicate: true });
    expect(await database.db.selectFrom('delivery').select('id').execute()).toHaveLength(1);
    expect(await database.db.selectFrom('trigger_event').select('id').execute()).toHaveLength(1);
  });
});
