/**
 * The progress dashboard through HTTP, on both databases, with data made by the real services on a fake clock: a
 * launched campaign of a three-lesson course for four people on two teams (North: Nia, Ned; South: Sal, Sam), its
 * lessons completed on different days, and a two-lesson course assigned outside the campaign with due dates (Ned's
 * passes unfinished: overdue; Sam's is weeks away but Sam does nothing: at risk). Completion and engagement per day
 * and week, overall and per team; who is overdue or at risk and why; a manager sees only their team; bad input is a
 * 400; the CSVs carry the same numbers, formula-safe.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const PASSWORD = 'a long enough password';
const PEOPLE = [
  { key: 'nia', name: 'Nia North', team: 'North' },
  { key: 'ned', name: 'Ned North', team: 'North' },
  { key: 'sal', name: 'Sal South', team: 'South' },
  // A name a spreadsheet would run as a formula: the CSV must neutralise it.
  { key: 'sam', name: '=Sam South', team: 'South' },
] as const;
type Key = (typeof PEOPLE)[number]['key'];

interface Point {
  key: string;
  assignedLessons: number;
  completedLessons: number;
  completionRate: number | null;
  completedEnrolments: number;
  activeLearners: number;
  answers: number;
  lessonsCompleted: number;
}

describe.each(testDialects)('progress dashboard on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let manager: TestSession;
  let campaignId: string;
  let phone: { courseId: string; lessonIds: string[] };
  let safety: { courseId: string; lessonIds: string[] };
  const ids = {} as Record<Key, string>;
  const teams = {} as Record<'North' | 'South', string>;

  const get = (url: string, session: TestSession = admin) => ctx.app.inject({ method: 'GET', url, headers: asSession(session) });
  const post = async (url: string, payload: object, session: TestSession = admin) => {
    const response = await ctx.app.inject({ method: 'POST', url, headers: asSession(session), payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  /** The person completes these lessons (one question each) now, on the fake clock. */
  const complete = async (key: Key, course: { courseId: string; lessonIds: string[] }, lessons: number[]) => {
    const learner = await signIn(ctx.app, `${key}@acme.test`, PASSWORD);
    for (const n of lessons) {
      const answer = await post('/api/learn/attempts', { courseId: course.courseId, lessonId: course.lessonIds[n], questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() }, learner);
      expect(answer.lessonCompleted).toBe(true);
    }
  };

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    await ctx.services.outboxWorker.stop();
    // Monday 2 March 2026, 08:00 in London (GMT): the organisation's zone.
    ctx.clock.set('2026-03-02T08:00:00.000Z');
    admin = await setUpOrganisation(ctx.app);
    for (const name of ['North', 'South'] as const) teams[name] = (await post('/api/teams', { name })).id;
    for (const person of PEOPLE) ids[person.key] = (await post('/api/people', { email: `${person.key}@acme.test`, displayName: person.name, roles: ['learner'], password: PASSWORD, teamIds: [teams[person.team]] })).id;
    const mia = await post('/api/people', { email: 'mia@acme.test', displayName: 'Mia Manager', roles: ['manager'], password: PASSWORD });
    const made = await ctx.app.inject({ method: 'PUT', url: `/api/teams/${teams.North}/members/${mia.id}`, headers: asSession(admin), payload: { role: 'manager' } });
    expect(made.statusCode, made.body).toBe(200);
    manager = await signIn(ctx.app, 'mia@acme.test', PASSWORD);

    phone = await createPublishedCourse(ctx.services, admin.orgId, 'Phone launch', 3);
    safety = await createPublishedCourse(ctx.services, admin.orgId, 'Safety', 2);
    campaignId = (await post('/api/campaigns', { name: 'Launch week', courseIds: [phone.courseId], audience: { personIds: PEOPLE.map((p) => ids[p.key]) }, startAt: '2026-03-02T08:00:00.000Z', deadlineAt: '2026-03-06T17:00:00.000Z', pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 } })).id;
    await post(`/api/campaigns/${campaignId}/launch`, {});
    // Ned must finish Safety by Wednesday; Sam has until the 20th.
    await post('/api/enrolments', { courseId: safety.courseId, personIds: [ids.ned], dueAt: '2026-03-04T17:00:00.000Z' });
    await post('/api/enrolments', { courseId: safety.courseId, personIds: [ids.sam], dueAt: '2026-03-20T17:00:00.000Z' });
    // Every campaign lesson goes from 09:30 on Monday, a minute apart (and enrols its people).
    ctx.clock.set('2026-03-02T09:40:00.000Z');
expect((await ctx.services.dispatcher.dispatchDue()).sent).toBe(12);

    ctx.clock.set('2026-03-02T10:00:00.000Z');
    await complete('nia', phone, [0]);
    await complete('sal', phone, [0]);
    ctx.clock.set('2026-03-03T10:00:00.000Z');
    await complete('nia', phone, [1, 2]);
    ctx.clock.set('2026-03-04T11:00:00.000Z');
    await complete('sal', phone, [1]);
    ctx.clock.set('2026-03-05T12:00:00.000Z');
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('draws a campaign’s completion and engagement per day, overall and per team', async () => {
    const response = await get(`/api/progress?campaignId=${campaignId}&from=2026-03-02&to=2026-03-05&bucket=day`);
    expect(response.statusCode, response.body).toBe(200);
    const progress = response.json();
    expect(progress).toMatchObject({ from: '2026-03-02', to: '2026-03-05', bucket: 'day', timeZone: 'Europe/London', campaign: { id: campaignId, name: 'Launch week' }, team: null });
    const rows = (points: Point[]) => points.map((p) => [p.key, p.assignedLessons, p.completedLessons, p.completedEnrolments, p.activeLearners, p.answers, p.lessonsCompleted]);
    expect(rows(progress.overall.points)).toEqual([
      ['2026-03-02', 12, 2, 0, 2, 2, 2],
      ['2026-03-03', 12, 4, 1, 1, 2, 2],
      ['2026-03-04', 12, 5, 1, 1, 1, 1],
      ['2026-03-05', 12, 5, 1, 0, 0, 0],
    ]);
    expect(progress.overall.points[2].completionRate).toBeCloseTo(5 / 12, 12);
    expect(progress.overall.totals).toMatchObject({ people: 4, activeLearners: 2, answers: 5, lessonsCompleted: 5, assignedLessons: 12, completedLessons: 5, enrolments: 4, completedEnrolments: 1 });
    const byTeam = Object.fromEntries(progress.teams.map((t: { name: string; points: Point[] }) => [t.name, t.points.map((p) => p.completedLessons)]));
    expect(byTeam).toEqual({ North: [1, 3, 3, 3], South: [1, 1, 2, 2] });
    expect(progress.filters.campaigns).toEqual([{ id: campaignId, name: 'Launch week', status: 'active' }]);
    expect(progress.filters.teams.map((t: { name: string }) => t.name).sort()).toEqual(['North', 'South']);

    // Without the campaign: every enrolment, Safety's too (2 × 2 more lessons, assigned on Monday); the people are
    // everyone on a team (Mia, North's manager, included) and anyone else with something assigned.
    const all = (await get('/api/progress?from=2026-03-02&to=2026-03-05')).json();
    expect(all.overall.totals).toMatchObject({ people: 5, assignedLessons: 16, completedLessons: 5, enrolments: 6, completedEnrolments: 1 });

    // ISO weeks: Monday to Sunday, one bucket for the week, cut to the window.
    const week = (await get(`/api/progress?campaignId=${campaignId}&from=2026-03-02&to=2026-03-15&bucket=week`)).json();
    expect(week.overall.points.map((p: Point & { firstDay: string; lastDay: string }) => [p.key, p.firstDay, p.lastDay, p.completedLessons, p.activeLearners])).toEqual([
      ['2026-W10', '2026-03-02', '2026-03-08', 5, 2],
      ['2026-W11', '2026-03-09', '2026-03-15', 5, 0],
    ]);
  });

  it('names who is at risk before the deadline and who is overdue after it, with why', async () => {
    const before = (await get('/api/progress/at-risk')).json();
    const summary = (items: Array<{ displayName: string; source: string; level: string; reason: string; lessonsLeft: number }>) => items.map((i) => `${i.displayName} ${i.source} ${i.level} ${i.reason} ${i.lessonsLeft}`);
    // Ned's Safety was due Wednesday: overdue. The campaign's lessons were all sent on Monday: those not done are behind.
    // Sam has not touched Safety in three days: at risk. Nia is done. Overdue first, then by due date.
    expect(summary(before.items)).toEqual([
      'Ned North enrolment overdue past_due 2',
      '=Sam South campaign at_risk behind 3',
      'Ned North campaign at_risk behind 3',
      'Sal South campaign at_risk behind 1',
      '=Sam South enrolment at_risk no_recent_progress 2',
    ]);
    expect(before.counts).toEqual({ overdue: 1, atRisk: 4 });
    const ned = before.items[0];
    expect(ned).toMatchObject({ personId: ids.ned, email: 'ned@acme.test', teams: [{ id: teams.North, name: 'North' }], campaign: null, courses: [{ id: safety.courseId, title: 'Safety' }], dueAt: '2026-03-04T17:00:00.000Z', lessonsTotal: 2, why: 'Past the due date (4 Mar 2026) with 2 of 2 lessons left.' });
    const sal = before.items.find((i: { displayName: string }) => i.displayName === 'Sal South');
    expect(sal).toMatchObject({ campaign: { id: campaignId, name: 'Launch week' }, dueAt: '2026-03-06T17:00:00.000Z', lastActivityAt: '2026-03-04T11:00:00.000Z', why: 'A lesson sent more than a day ago is not done; 1 of 3 lessons left, due 6 Mar 2026.' });

    // The campaign view tells the same story.
    const view = (await get(`/api/campaigns/${campaignId}`)).json();
    expect(view.summary.standings).toMatchObject({ done: 1, behind: 3 });

    // After the campaign's deadline its unfinished members are overdue.
    ctx.clock.set('2026-03-07T12:00:00.000Z');
    const after = (await get(`/api/progress/at-risk?campaignId=${campaignId}`)).json();
    expect(summary(after.items)).toEqual(['=Sam South campaign overdue past_due 3', 'Ned North campaign overdue past_due 3', 'Sal South campaign overdue past_due 1']);
  });

  it('shows a manager only their team, refuses other teams, and refuses learners', async () => {
    const mine = await get(`/api/progress?campaignId=${campaignId}&from=2026-03-02&to=2026-03-05`, manager);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().teams.map((t: { name: string }) => t.name)).toEqual(['North']);
    expect(mine.json().filters.teams).toEqual([{ id: teams.North, name: 'North' }]);
    expect(mine.json().overall.totals).toMatchObject({ people: 2, assignedLessons: 6, completedLessons: 3 });
    const risk = (await get('/api/progress/at-risk', manager)).json();
    expect(new Set(risk.items.map((i: { personId: string }) => i.personId))).toEqual(new Set([ids.ned]));
    expect((await get(`/api/progress?teamId=${teams.South}`, manager)).statusCode).toBe(404);
    expect((await get(`/api/progress/at-risk?teamId=${teams.South}`, manager)).statusCode).toBe(404);
    expect((await get(`/api/progress.csv?teamId=${teams.South}`, manager)).statusCode).toBe(404);
    const team = (await get(`/api/progress?teamId=${teams.North}&from=2026-03-02&to=2026-03-05`, manager)).json();
    expect(team.team).toEqual({ id: teams.North, name: 'North' });

    const learner = await signIn(ctx.app, 'nia@acme.test', PASSWORD);
    for (const url of ['/api/progress', '/api/progress/at-risk', '/api/progress.csv', '/api/progress/at-risk.csv']) expect((await get(url, learner)).statusCode).toBe(403);
  });

  it('refuses bad input with a 400 and unknown ids with a 404', async () => {
    const backwards = await get('/api/progress?from=2026-03-05&to=2026-03-02');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe('validation_failed');
    const long = await get('/api/progress?from=2025-03-01&to=2026-03-05');
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details.issues[0].field).toBe('querystring.from');
    // A year of 366 days is allowed.
    expect((await get('/api/progress?from=2025-03-05&to=2026-03-05&bucket=week')).statusCode).toBe(200);
    // `from` alone, after today's default `to`.
    expect((await get('/api/progress?from=2026-04-01')).statusCode).toBe(400);
    expect((await get('/api/progress?bucket=month')).statusCode).toBe(400);
    expect((await get('/api/progress?from=yesterday')).statusCode).toBe(400);
    expect((await get('/api/progress?from=2026-02-30')).statusCode).toBe(400);
    expect((await get('/api/progress?colour=red')).statusCode).toBe(400);
    expect((await get('/api/progress?campaignId=no-such-campaign')).statusCode).toBe(404);
    expect((await get('/api/progress?teamId=no-such-team')).statusCode).toBe(404);
    expect((await get('/api/progress/at-risk?campaignId=no-such-campaign')).statusCode).toBe(404);
    expect((await get('/api/progress.csv?chart=pie')).statusCode).toBe(400);
  });

  it('gives the charts and the at-risk table as formula-safe CSV', async () => {
    const csv = await get(`/api/progress.csv?campaignId=${campaignId}&from=2026-03-02&to=2026-03-05`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('progress.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('series,team_id,bucket,first_day,last_day,assigned_lessons,completed_lessons,completion_rate,enrolments,completed_enrolments,enrolment_completion_rate,active_learners,answers,reviews,lessons_completed');
    // Everyone, North and South: four days each.
    expect(lines).toHaveLength(1 + 3 * 4);
    expect(lines[3]).toBe('Everyone in view,,2026-03-04,2026-03-04,2026-03-04,12,5,0.4167,4,1,0.25,1,1,0,1');
    expect(lines.filter((line) => line.startsWith(`North,${teams.North},`))).toHaveLength(4);
    const engagement = (await get(`/api/progress.csv?campaignId=${campaignId}&from=2026-03-02&to=2026-03-05&chart=engagement`)).body.split('\r\n');
    expect(engagement[0]).toBe('series,team_id,bucket,first_day,last_day,active_learners,answers,reviews,lessons_completed');

    const risk = await get('/api/progress/at-risk.csv');
    expect(risk.headers['content-disposition']).toContain('at-risk.csv');
    const rows = risk.body.trim().split('\r\n');
    expect(rows[0]).toBe('name,email,teams,level,reason,campaign,courses,due,lessons_left,lessons_total,last_activity,why');
    expect(rows).toHaveLength(1 + 5);
    expect(rows[1]).toBe('Ned North,ned@acme.test,North,overdue,past_due,,Safety,2026-03-04 17:00,2,2,,Past the due date (4 Mar 2026) with 2 of 2 lessons left.');
    // The formula-like name is text in a spreadsheet.
    expect(rows.filter((row) => row.startsWith("'=Sam South,"))).toHaveLength(2);
  });
});
