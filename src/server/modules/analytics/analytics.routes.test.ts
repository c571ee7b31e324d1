/**
 * Organisational outcomes through HTTP, on both databases: a metric imported as CSV (all or nothing, errors by line),
 * then compared between the people who completed a course and the others, and between a campaign's trained arm
 * and its randomised hold-out: after training and before against after, with the warnings a small sample earns.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

/** Twelve learners: the first six complete the course on 10 March; win rates before (1–5 March) and after (15–20 March). */
const PEOPLE = Array.from({ length: 12 }, (_, k) => ({ email: `rep${k + 1}@acme.test`, trained: k < 6 }));

/** Each person's win rates: trained people gain about 0.12 after training, untrained about 0.02, with spread. */
function winRates(): string {
  const lines = ['person,date,metric,value'];
  PEOPLE.forEach((person, k) => {
    const base = 0.25 + (k % 6) * 0.02;
    for (const day of ['2026-03-01', '2026-03-03', '2026-03-05']) lines.push(`${person.email},${day},win rate,${(base + (day === '2026-03-03' ? 0.01 : 0)).toFixed(3)}`);
    const gain = person.trained ? 0.12 + (k % 3) * 0.01 : 0.02 + (k % 2) * 0.01;
    for (const day of ['2026-03-15', '2026-03-20']) lines.push(`${person.email},${day},win rate,${(base + gain).toFixed(3)}`);
  });
  return lines.join('\n');
}

describe.each(testDialects)('outcomes on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let courseId: string;
  let lessonIds: string[];
  const ids: string[] = [];

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: string | object, session: TestSession = admin) =>
    ctx.app.inject({ method, url, headers: { ...asSession(session), ...(typeof payload === 'string' ? { 'content-type': 'text/csv' } : {}) }, ...(payload === undefined ? {} : { payload }) });

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-10T09:00:00.000Z');
    admin = await setUpOrganisation(ctx.app);
    ({ courseId, lessonIds } = await createPublishedCourse(ctx.services, admin.orgId, 'Closing', 1));
    ids.length = 0;
    for (const person of PEOPLE) ids.push((await api('POST', '/api/people', { email: person.email, displayName: person.email.split('@')[0], roles: ['learner'], password: 'a long enough password' })).json().id);
    expect((await api('POST', '/api/enrolments', { courseId, personIds: ids.slice(0, 6) })).statusCode).toBe(200);
    for (const person of PEOPLE.filter((p) => p.trained)) {
      const learner = await signIn(ctx.app, person.email, 'a long enough password');
      const answered = await api('POST', '/api/learn/attempts', { courseId, lessonId: lessonIds[0], questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 3000, clientId: randomUUID() }, learner);
      expect(answered.json()).toMatchObject({ lessonCompleted: true });
    }
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('imports a metric all or nothing, reporting each bad line, and replaces values imported again', async () => {
    const bad = await api('POST', '/api/metrics/import', 'person,date,metric,value\nrep1@acme.test,2026-03-01,win rate,0.3\nnobody@acme.test,2026-03-01,win rate,0.3\nrep2@acme.test,someday,win rate,0.3');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { field: string }) => i.field)).toEqual(['body.3.person', 'body.4.date']);
    expect((await api('GET', '/api/metrics')).json()).toEqual([]);
    const imported = await api('POST', '/api/metrics/import', winRates());
    expect(imported.json()).toEqual({ rows: 60, created: 60, replaced: 0, metrics: ['win rate'] });
    expect((await api('POST', '/api/metrics/import', winRates())).json()).toMatchObject({ created: 0, replaced: 60 });
    expect((await api('GET', '/api/metrics')).json()).toEqual([{ metric: 'win rate', values: 60, people: 12, firstDate: '2026-03-01', lastDate: '2026-03-20' }]);
    const learner = await signIn(ctx.app, 'rep1@acme.test', 'a long enough password');
    expect((await api('POST', '/api/metrics/import', winRates(), learner)).statusCode).toBe(403);
  });

  it('compares the people who completed the course with the others: after training and before against after', async () => {
    await api('POST', '/api/metrics/import', winRates());
    const outcome = (await api('GET', `/api/outcomes?metric=${encodeURIComponent('win rate')}&courseId=${courseId}`)).json();
    expect(outcome).toMatchObject({ metric: 'win rate', design: 'observational', trainedBy: 'Completed the course' });
    expect(outcome.after.treated).toMatchObject({ label: 'trained', n: 6 });
    expect(outcome.after.control).toMatchObject({ label: 'untrained', n: 6 });
    // Trained gain 0.12–0.14 (mean 0.13), untrained 0.02–0.03 (mean 0.025): the difference in differences is 0.105.
    expect(outcome.differenceInDifferences.estimate).toBeCloseTo(0.105, 3);
    expect(outcome.differenceInDifferences.welch.pValue).toBeLessThan(0.001);
    expect(outcome.differenceInDifferences.welch.confidenceInterval.lower).toBeGreaterThan(0.09);
    expect(outcome.differenceInDifferences.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['small_group', 'not_randomised']));
    // Everyone's cut-off: the trained on the day they completed, the untrained on the trained people's median day.
    expect(new Set(outcome.people.map((p: { cutoff: string }) => p.cutoff))).toEqual(new Set(['2026-03-10']));

    const csv = await api('GET', `/api/outcomes.csv?metric=${encodeURIComponent('win rate')}&courseId=${courseId}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('name,email,group,cut-off,win rate before,win rate after,change');
    expect(lines).toHaveLength(13);
    expect(lines.filter((line) => line.includes(',trained,'))).toHaveLength(6);
  });

  it('compares a campaign’s trained arm with its randomised hold-out', async () => {
    await api('POST', '/api/metrics/import', winRates());
    const campaign = await api('POST', '/api/campaigns', { name: 'Closing week', courseIds: [courseId], audience: { personIds: ids }, startAt: '2026-03-10T09:00:00.000Z', pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 }, holdoutPercent: 50 });
    expect(campaign.statusCode).toBe(201);
    const campaignId = campaign.json().id;
    const early = await api('GET', `/api/outcomes?metric=win%20rate&campaignId=${campaignId}`);
    expect(early.statusCode).toBe(409);
    expect((await api('POST', `/api/campaigns/${campaignId}/launch`)).statusCode).toBe(200);
    const outcome = (await api('GET', `/api/outcomes?metric=win%20rate&campaignId=${campaignId}`)).json();
    expect(outcome.design).toBe('randomised_hold_out');
    expect(outcome.after.treated.label).toBe('treated');
    expect(outcome.after.control.label).toBe('hold_out');
    expect(outcome.after.treated.n + outcome.after.control.n).toBe(12);
    expect(outcome.after.control.n).toBeGreaterThan(0);
    expect(outcome.differenceInDifferences.warnings.map((w: { code: string }) => w.code)).not.toContain('not_randomised');
  });

  it('shows a manager the people of the teams they manage, and lets them import only their values', async () => {
    await api('POST', '/api/metrics/import', winRates());
    const brian = (await api('POST', '/api/people', { email: 'brian@acme.test', displayName: 'Brian', roles: ['manager'], password: 'a long enough password' })).json().id;
    const team = (await api('POST', '/api/teams', { name: 'Sales East' })).json().id;
    expect((await api('PUT', `/api/teams/${team}/members/${brian}`, { role: 'manager' })).statusCode).toBe(200);
    // His team: three who completed the course (rep1–rep3) and three who did not (rep7–rep9).
    for (const k of [0, 1, 2, 6, 7, 8]) expect((await api('PUT', `/api/teams/${team}/members/${ids[k]}`, { role: 'member' })).statusCode).toBe(200);
    const manager = await signIn(ctx.app, 'brian@acme.test', 'a long enough password');

    const outcome = (await api('GET', `/api/outcomes?metric=win%20rate&courseId=${courseId}`, undefined, manager)).json();
    expect(outcome.after.treated.n).toBe(3);
    expect(outcome.after.control.n).toBe(3);
    expect(new Set(outcome.people.map((p: { personId: string }) => p.personId))).toEqual(new Set([0, 1, 2, 6, 7, 8].map((k) => ids[k])));
    const csv = await api('GET', `/api/outcomes.csv?metric=win%20rate&courseId=${courseId}`, undefined, manager);
    expect(csv.body).toContain('rep9@acme.test');
    expect(csv.body).not.toContain('rep4@acme.test');
    // The admin still compares everyone.
    expect((await api('GET', `/api/outcomes?metric=win%20rate&courseId=${courseId}`)).json().people).toHaveLength(12);

    const refused = await api('POST', '/api/metrics/import', 'person,date,metric,value\nrep1@acme.test,2026-03-21,win rate,0.4\nrep4@acme.test,2026-03-21,win rate,0.4', manager);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues).toEqual([expect.objectContaining({ field: 'body.3.person', code: 'not_in_your_teams' })]);
    expect((await api('POST', '/api/metrics/import', 'person,date,metric,value\nrep1@acme.test,2026-03-21,win rate,0.4', manager)).json()).toMatchObject({ created: 1 });
  });

  it('lists what “trained” can mean to admins and managers, courses and campaigns included', async () => {
    await api('POST', '/api/people', { email: 'brian@acme.test', displayName: 'Brian', roles: ['manager'], password: 'a long enough password' });
    const manager = await signIn(ctx.app, 'brian@acme.test', 'a long enough password');
    const choices = await api('GET', '/api/outcomes/choices', undefined, manager);
    expect(choices.statusCode).toBe(200);
    expect(choices.json()).toEqual({ certifications: [], courses: [{ id: courseId, title: 'Closing' }], campaigns: [] });
    const learner = await signIn(ctx.app, 'rep1@acme.test', 'a long enough password');
    expect((await api('GET', '/api/outcomes/choices', undefined, learner)).statusCode).toBe(403);
  });

  it('answers what it cannot compare with a clear error', async () => {
    expect((await api('GET', `/api/outcomes?metric=win%20rate&courseId=${courseId}`)).statusCode).toBe(404);
    await api('POST', '/api/metrics/import', winRates());
    expect((await api('GET', `/api/outcomes?metric=win%20rate&courseId=${courseId}&campaignId=x`)).statusCode).toBe(400);
    expect((await api('GET', '/api/outcomes?metric=win%20rate')).statusCode).toBe(400);
    const nobody = await api('GET', '/api/outcomes?metric=win%20rate&courseId=no-such-course');
    expect(nobody.statusCode).toBe(409);
    expect(nobody.json().error.message).toMatch(/Nobody has completed this course yet/);
    expect((await api('GET', '/api/outcomes?metric=win%20rate&campaignId=no-such-campaign')).statusCode).toBe(404);
  });
});
