/**
 * Campaigns through the HTTP API on both databases: validation, launch with a hold-out, the deadline-risk view,
 * pause / resume / cancel, people added after the start, and who may do what.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOpenAt } from '../../../core/delivery/calendar.ts';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const HOUR = 3_600_000;

describe.each(testDialects)('campaigns on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let courseId: string;
  const people: Array<{ id: string; email: string }> = [];

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, session = admin) => ctx.app.inject({ method, url, headers: asSession(session), ...(payload && { payload }) });
  const view = async (id: string) => (await call('GET', `/api/campaigns/${id}`)).json();
  const deliveries = (campaignId: string) => ctx.services.database.db.selectFrom('delivery').selectAll().where('campaign_id', '=', campaignId).orderBy('send_at').execute();
  const draft = async (overrides: object = {}) => {
    const response = await call('POST', '/api/campaigns', { name: 'Launch week', courseIds: [courseId], audience: { personIds: people.map((p) => p.id) }, startAt: ctx.clock.now().toISOString(), deadlineAt: new Date(ctx.clock.now().getTime() + 7 * 24 * HOUR).toISOString(), pacing: { mode: 'daily', lessonsPerDay: 1 }, ...overrides });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    await ctx.services.outboxWorker.stop();
    // Monday 2 March 2026, 08:00 London.
    ctx.clock.set('2026-03-02T08:00:00.000Z');
    admin = await setUpOrganisation(ctx.app);
    people.length = 0;
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const created = await call('POST', '/api/people', { email: `p${n}@acme.test`, displayName: `Person ${n}`, roles: ['learner'] });
      people.push({ id: created.json().id, email: `p${n}@acme.test` });
    }
    ({ courseId } = await createPublishedCourse(ctx.services, admin.orgId, 'Phone launch', 3));
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('refuses bad input with stable codes and readable messages', async () => {
    const bad = await call('POST', '/api/campaigns', { name: '', courseIds: [], audience: {}, startAt: 'tomorrow', pacing: { mode: 'daily', lessonsPerDay: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const backwards = await call('POST', '/api/campaigns', { name: 'X', courseIds: [courseId], audience: {}, startAt: '2026-03-05T09:00:00Z', deadlineAt: '2026-03-04T09:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json())).toContain('The deadline must come after the start.');
    const unpublished = await draft({ courseIds: ['no-such-course'] });
    const refused = await call('POST', `/api/campaigns/${unpublished}/launch`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('course_not_published');
    const nobody = await draft({ audience: { personIds: [] } });
    expect((await call('POST', `/api/campaigns/${nobody}/launch`)).json().error.code).toBe('audience_empty');
    expect((await call('GET', '/api/campaigns/nope')).statusCode).toBe(404);
    // Learners cannot see or run campaigns.
    await call('POST', '/api/people', { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: 'a long enough password' });
    const learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
    expect((await call('GET', '/api/campaigns', undefined, learner)).statusCode).toBe(403);
  });

  it('holds back a random share of the audience, recorded as held out, and plans only for the others', async () => {
    const id = await draft({ holdoutPercent: 30 });
    const launched = await call('POST', `/api/campaigns/${id}/launch`);
    expect(launched.statusCode, launched.body).toBe(200);
    const shown = await view(id);
    expect(shown.summary).toMatchObject({ members: 10, trained: 7, heldOut: 3, lessonsPlanned: 21 });
    const heldOut = shown.members.filter((m: { arm: string }) => m.arm === 'held_out').map((m: { personId: string }) => m.personId);
    const planned = new Set((await deliveries(id)).map((d) => d.person_id));
    for (const personId of heldOut) expect(planned.has(personId)).toBe(false);
    // Launching twice is refused; drafts only.
    expect((await call('POST', `/api/campaigns/${id}/launch`)).json().error.code).toBe('campaign_wrong_status');
    expect((await call('PATCH', `/api/campaigns/${id}`, { name: 'Renamed' })).json().error.code).toBe('campaign_not_editable');
  });

  it('sends nothing while paused, re-plans from now on resume, and cancels what is left', async () => {
    const id = await draft();
    await call('POST', `/api/campaigns/${id}/launch`);
    // Monday 08:30 is before London's 09:00: the first lessons go at 09:30.
    ctx.clock.set('2026-03-02T09:31:00.000Z');
    expect((await ctx.services.dispatcher.dispatchDue()).sent).toBe(10);
    expect((await call('POST', `/api/campaigns/${id}/pause`)).json().status).toBe('paused');
    ctx.clock.set('2026-03-04T12:00:00.000Z');
    expect(await ctx.services.dispatcher.dispatchDue()).toEqual({ sent: 0, skipped: 0, deferred: 0 });
    const resumed = await call('POST', `/api/campaigns/${id}/resume`);
    expect(resumed.json().status).toBe('active');
    // Lessons 2 and 3 are planned again from now, in order, inside the window, before the deadline.
    const planned = (await deliveries(id)).filter((d) => d.status === 'planned' && d.kind === 'lesson');
    expect(planned).toHaveLength(20);
    for (const d of planned) {
      expect(new Date(d.send_at).getTime()).toBeGreaterThanOrEqual(ctx.clock.now().getTime());
      expect(isOpenAt({ timeZone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', quietStart: null, quietEnd: null }, new Date(d.send_at))).toBe(true);
    }
    const forOne = planned.filter((d) => d.person_id === people[0]!.id).map((d) => d.sequence);
    expect(forOne).toEqual([1, 2]);
    expect((await call('POST', `/api/campaigns/${id}/pause`)).statusCode).toBe(200);
    expect((await call('POST', `/api/campaigns/${id}/cancel`)).json().status).toBe('cancelled');
    expect((await deliveries(id)).filter((d) => d.status === 'planned')).toEqual([]);
    expect((await call('POST', `/api/campaigns/${id}/resume`)).json().error.code).toBe('campaign_wrong_status');
  });

  it('gives someone added after the start a compressed plan that still meets the deadline', async () => {
    const id = await draft({ audience: { personIds: [people[0]!.id] }, deadlineAt: '2026-03-06T17:00:00.000Z', pacing: { mode: 'spread' } });
    await call('POST', `/api/campaigns/${id}/launch`);
    ctx.clock.set('2026-03-05T10:00:00.000Z');
    const added = await call('POST', `/api/campaigns/${id}/members`, { personIds: [people[1]!.id, people[0]!.id] });
    expect(added.json()).toEqual({ added: 1, alreadyMembers: 1 });
    const late = (await deliveries(id)).filter((d) => d.person_id === people[1]!.id && d.kind === 'lesson');
    expect(late.map((d) => d.sequence)).toEqual([0, 1, 2]);
    for (const d of late) expect(new Date(d.send_at) < new Date('2026-03-06T17:00:00.000Z')).toBe(true);
    const member = (await view(id)).members.find((m: { personId: string }) => m.personId === people[1]!.id);
    expect(member).toMatchObject({ standing: 'on_track', planIssue: 'compressed', lessonsTotal: 3 });
  });

  it('tells, before the deadline, who cannot finish in time and who is falling behind', async () => {
    // Person 1 works only Saturdays: no working day before a Friday deadline.
    await call('PATCH', `/api/people/${people[0]!.id}`, { workingDays: [6] });
    const id = await draft({ audience: { personIds: [people[0]!.id, people[1]!.id] }, deadlineAt: '2026-03-06T17:00:00.000Z' });
    await call('POST', `/api/campaigns/${id}/launch`);
    ctx.clock.set('2026-03-02T10:00:00.000Z');
    await ctx.services.dispatcher.dispatchDue();
    let shown = await view(id);
    expect(shown.members.map((m: { displayName: string; standing: string }) => [m.displayName, m.standing])).toEqual([
      ['Person 1', 'cannot_finish'],
      ['Person 2', 'on_track'],
    ]);
    // A day and more later, person 2 has not opened Monday's lesson: behind.
    ctx.clock.set('2026-03-03T10:31:00.000Z');
    await ctx.services.dispatcher.dispatchDue();
    shown = await view(id);
    expect(shown.members.find((m: { displayName: string }) => m.displayName === 'Person 2').standing).toBe('behind');
    expect(shown.summary.standings).toMatchObject({ cannot_finish: 1, behind: 1 });
  });
});
