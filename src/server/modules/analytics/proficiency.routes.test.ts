/**
 * The proficiency heat map through HTTP, on both databases, with everything made through the real services: two
 * courses (one objective each), a team of four and a team of two, baseline checks, lesson answers and a review. The
 * fake clock moves on so recall decays; the team of two stays withheld; managers see only their team.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const PASSWORD = 'a long enough password';
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const day = (n: number) => new Date(T0 + n * 86_400_000).toISOString();

interface Cell {
  objectiveId: string;
  teamId: string;
  now: number | null;
  baseline: number | null;
  change: number | null;
  people: number;
  counts: { now: number; baseline: number; change: number };
  suppressed: boolean;
  reason: string | null;
}

describe.each(testDialects)('the proficiency heat map on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  const learners = new Map<string, TestSession>();
  let closing: { courseId: string; lessonIds: string[] };
  let safety: { courseId: string; lessonIds: string[] };
  let north: string;
  let south: string;

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, session: TestSession = admin) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload }) });
  const heatMap = async (query = '', session: TestSession = admin) => {
    const response = await api('GET', `/api/proficiency${query}`, undefined, session);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { at: string; objectives: { id: string; title: string }[]; teams: { id: string; name: string; members: number }[]; cells: Cell[]; minimumPeople: number };
  };
  const objectiveId = async (title: string) => (await heatMap()).objectives.find((o) => o.title === title)!.id;
  const cellOf = (map: { cells: Cell[] }, objective: string, team: string) => map.cells.find((c) => c.objectiveId === objective && c.teamId === team)!;
  const answerLesson = (who: string, course: { courseId: string; lessonIds: string[] }, value: boolean) =>
    api('POST', '/api/learn/attempts', { courseId: course.courseId, lessonId: course.lessonIds[0], questionId: 'q', response: { kind: 'true_false', value }, timeTakenMs: 3000, clientId: randomUUID() }, learners.get(who)!);
  const answerBaseline = (who: string, course: { courseId: string; lessonIds: string[] }, value: boolean) =>
    api('POST', `/api/learn/courses/${course.courseId}/checks/baseline/answers`, { lessonId: course.lessonIds[0], questionId: 'q', response: { kind: 'true_false', value }, timeTakenMs: 3000, clientId: randomUUID() }, learners.get(who)!);

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(day(0));
    admin = await setUpOrganisation(ctx.app);
    closing = await createPublishedCourse(ctx.services, admin.orgId, 'Closing', 1);
    // A title a spreadsheet would run as a formula: the CSV must neutralise it.
    safety = await createPublishedCourse(ctx.services, admin.orgId, '=Safety', 1);
    north = (await api('POST', '/api/teams', { name: 'North' })).json().id;
    south = (await api('POST', '/api/teams', { name: 'South' })).json().id;
    const ids: string[] = [];
    for (const [name, team] of [['n1', north], ['n2', north], ['n3', north], ['n4', north], ['s1', south], ['s2', south]] as const) {
      const created = await api('POST', '/api/people', { email: `${name}@acme.test`, displayName: name, roles: ['learner'], password: PASSWORD, teamIds: [team] });
      expect(created.statusCode).toBe(201);
      ids.push(created.json().id);
      learners.set(name, await signIn(ctx.app, `${name}@acme.test`, PASSWORD));
    }
    for (const course of [closing, safety]) expect((await api('POST', '/api/enrolments', { courseId: course.courseId, personIds: ids })).statusCode).toBe(200);
    const brian = (await api('POST', '/api/people', { email: 'brian@acme.test', displayName: 'Brian', roles: ['manager'], password: PASSWORD })).json().id;
    expect((await api('PUT', `/api/teams/${north}/members/${brian}`, { role: 'manager' })).statusCode).toBe(200);
    await api('POST', '/api/people', { email: 'writer@acme.test', displayName: 'Writer', roles: ['author'], password: PASSWORD });

    // Closing: the north team takes the baseline check (two wrong, two right), then everyone answers the lesson right.
    for (const [who, value] of [['n1', false], ['n2', false], ['n3', true], ['n4', true]] as const) expect((await answerBaseline(who, closing, value)).statusCode).toBe(200);
    for (const who of learners.keys()) expect((await answerLesson(who, closing, true)).statusCode).toBe(200);
    // Safety, without a baseline check: n4 gets the lesson's question wrong.
    for (const who of learners.keys()) expect((await answerLesson(who, safety, who !== 'n4')).statusCode).toBe(200);
  });
  afterEach(async () => {
    learners.clear();
    await ctx.close();
  });

  it('shows now, baseline and change per objective and team, and withholds the team of two', async () => {
    ctx.clock.set(day(1));
    const map = await heatMap();
    expect(map.minimumPeople).toBe(3);
    expect(map.teams.map((t) => t.name)).toEqual(['North', 'South']);
    expect(map.objectives.map((o) => o.title)).toEqual(['=Safety: the objective', 'Closing: the objective']);
    const [safetyId, closingId] = map.objectives.map((o) => o.id) as [string, string];

    const closingNorth = cellOf(map, closingId, north);
    // Baseline: the check's two wrong and two right answers; now: a day after a right answer, recall is high.
    expect(closingNorth).toMatchObject({ baseline: 50, people: 4, counts: { now: 4, baseline: 4, change: 4 }, suppressed: false, reason: null });
    expect(closingNorth.now!).toBeGreaterThan(85);
    expect(closingNorth.change).toBeCloseTo(closingNorth.now! - 50, 0);
    // Without a check, the baseline is the first answers in the lesson: three right of four.
    const safetyNorth = cellOf(map, safetyId, north);
    expect(safetyNorth).toMatchObject({ baseline: 75, people: 4, suppressed: false });
    // n4 answered wrong: the objective's recall is lower than Closing's.
    expect(safetyNorth.now!).toBeLessThan(closingNorth.now!);
    // Two people: nothing shown, so neither can read the other's score off the cell.
    for (const objective of [safetyId, closingId]) {
      expect(cellOf(map, objective, south)).toMatchObject({ now: null, baseline: null, change: null, people: 2, suppressed: true, reason: 'too_few_people' });
    }
  });

  it('lets recall decay as time passes, and answers for an earlier moment as it stood then', async () => {
    const closingId = await objectiveId('Closing: the objective');
    ctx.clock.set(day(4));
    const before = cellOf(await heatMap(), closingId, north).now!;
    ctx.clock.set(day(30));
    // Sessions expire when idle for that long: sign in again.
    admin = await signIn(ctx.app, 'admin@acme.test', 'correct horse battery');
    learners.set('n1', await signIn(ctx.app, 'n1@acme.test', PASSWORD));
    const month = cellOf(await heatMap(), closingId, north).now!;
    expect(month).toBeLessThan(before);

    // n1 reviews the item on day 30: recall now rises, but the map asked for day 4 is unchanged (replayed from the log).
    const boost = (await api('GET', '/api/learn/boost', undefined, learners.get('n1')!)).json();
    const item = boost.items.find((i: { lessonId: string }) => i.lessonId === closing.lessonIds[0]);
    expect((await api('POST', '/api/learn/reviews', { reviewItemId: item.reviewItemId, response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() }, learners.get('n1')!)).statusCode).toBe(200);
    expect(cellOf(await heatMap(), closingId, north).now!).toBeGreaterThan(month);
    expect(cellOf(await heatMap(`?at=${encodeURIComponent(day(4))}`), closingId, north).now).toBe(before);
    // A moment before anyone answered: no evidence at all.
    expect(cellOf(await heatMap(`?at=${encodeURIComponent(day(-1))}`), closingId, north)).toBeUndefined();
  });

  it('narrows to one course and one team', async () => {
    ctx.clock.set(day(1));
    const map = await heatMap(`?courseId=${closing.courseId}&teamId=${north}`);
    expect(map.objectives.map((o) => o.title)).toEqual(['Closing: the objective']);
    expect(map.teams).toEqual([{ id: north, name: 'North', members: 5 }]);
    expect(map.cells).toHaveLength(1);
  });

  it('shows managers their teams only, authors and admins every team, and refuses learners', async () => {
    ctx.clock.set(day(1));
    const brian = await signIn(ctx.app, 'brian@acme.test', PASSWORD);
    const mine = await heatMap('', brian);
    expect(mine.teams.map((t) => t.name)).toEqual(['North']);
    expect(new Set(mine.cells.map((c) => c.teamId))).toEqual(new Set([north]));
    expect((await api('GET', `/api/proficiency?teamId=${south}`, undefined, brian)).statusCode).toBe(404);
    const csv = await api('GET', '/api/proficiency.csv', undefined, brian);
    expect(csv.body).not.toContain('South');

    const writer = await signIn(ctx.app, 'writer@acme.test', PASSWORD);
    expect((await heatMap('', writer)).teams.map((t) => t.name)).toEqual(['North', 'South']);
    const learner = await api('GET', '/api/proficiency', undefined, learners.get('n1')!);
    expect(learner.statusCode).toBe(403);
    expect(learner.json().error.code).toBe('forbidden');
    expect((await api('GET', '/api/proficiency.csv', undefined, learners.get('n1')!)).statusCode).toBe(403);
  });

  it('answers bad input with a clear error', async () => {
    const bad = await api('GET', '/api/proficiency?at=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await api('GET', '/api/proficiency?colour=red')).statusCode).toBe(400);
    const course = await api('GET', '/api/proficiency?courseId=no-such-course');
    expect(course.statusCode).toBe(404);
    expect(course.json().error.code).toBe('not_found');
    expect((await api('GET', '/api/proficiency.csv?teamId=no-such-team')).statusCode).toBe(404);
  });

  it('exports the same cells as formula-safe CSV', async () => {
    ctx.clock.set(day(1));
    const map = await heatMap();
    const csv = await api('GET', '/api/proficiency.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('proficiency.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('objective,team,at,now_percent,baseline_percent,change_points,people,people_now,people_baseline,people_change,note');
    expect(lines).toHaveLength(1 + map.cells.length);
    const closingNorth = cellOf(map, map.objectives[1]!.id, north);
    expect(lines).toContain(`Closing: the objective,North,${map.at},${closingNorth.now},50,${closingNorth.change},4,4,4,4,`);
    expect(lines).toContain(`'=Safety: the objective,South,${map.at},,,,2,2,2,2,values resting on fewer than 3 people are withheld`);
  });
});
