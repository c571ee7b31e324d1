import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';
import * as repo from './gamification.repository.ts';

/** Wednesday of ISO week 2026-W10, in the organisation's zone (UTC by default). */
const NOW = '2026-03-04T12:00:00.000Z';
const LAST_WEEK = '2026-02-25T12:00:00.000Z';

describe.each(testDialects)('leaderboards on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let orgId: string;
  const people: Record<string, { id: string; session: TestSession }> = {};
  const teams: Record<string, string> = {};

  const api = (session: TestSession, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  let serial = 0;
  /** Gives someone points at an instant, through the ledger as the service would. */
  const give = (name: string, points: number, at = NOW) =>
    ctx.services.database.db.transaction().execute((trx) =>
      repo.insertEntryIfAbsent(trx, { id: `e${++serial}`, org_id: orgId, person_id: people[name]!.id, award_key: `test:${serial}`, points, reason: 'lesson_completed', source_kind: 'lesson', source_id: 'l', season_week: at === NOW ? '2026-W10' : '2026-W09', season_month: '2026-03', created_at: at }),
    );

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(NOW);
    admin = await setUpOrganisation(ctx.app);
    orgId = admin.orgId;
    const system = systemActor(orgId);
    const imported = await ctx.services.identity.importPeople(
      system,
      'name,email,team,manager email\nMaya Manager,maya@acme.test,Sales,\nAda,ada@acme.test,Sales,maya@acme.test\nBen,ben@acme.test,Sales,maya@acme.test\nCleo,cleo@acme.test,Sales,maya@acme.test\nDev,dev@acme.test,Support,\n',
      { dryRun: false },
    );
    expect(imported.applied).toBe(true);
    const list = await ctx.services.identity.listPeople(system, { status: 'active', limit: 50 });
    for (const name of ['maya', 'ada', 'ben', 'cleo', 'dev']) {
      const person = list.items.find((p) => p.email === `${name}@acme.test`)!;
      await ctx.services.auth.setPassword(orgId, person.id, 'a long enough password');
      people[name] = { id: person.id, session: await signIn(ctx.app, `${name}@acme.test`, 'a long enough password') };
    }
    for (const team of await ctx.services.identity.listTeams(system)) teams[team.name] = team.id;
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('ranks the organisation this season: ties share a rank, anonymous people keep their name to themselves, hidden people are left out', async () => {
    await give('ada', 30);
    await give('ben', 50);
    await give('cleo', 30);
    await give('dev', 80);
    await give('maya', 10);
    await give('maya', 500, LAST_WEEK);
    expect((await api(people.cleo!.session, 'PUT', '/api/me/leaderboard-visibility', { visibility: 'anonymous' })).statusCode).toBe(204);
    expect((await api(people.dev!.session, 'PUT', '/api/me/leaderboard-visibility', { visibility: 'hidden' })).statusCode).toBe(204);

    const board = (await api(people.ada!.session, 'GET', '/api/leaderboards')).json();
    expect(board.season.label).toBe('2026-W10');
    // Ada and Cleo tie (in a stable order by id); Cleo appears without her name.
    const rows = board.rows.map((r: { rank: number; name: string | null; points: number }) => [r.rank, r.name ?? 'anonymous', r.points]);
    expect([rows[0], rows[3]]).toEqual([
      [1, 'Ben', 50],
      [4, 'Maya Manager', 10],
    ]);
    expect([rows[1], rows[2]]).toEqual(expect.arrayContaining([[2, 'Ada', 30], [2, 'anonymous', 30]]));
    expect(board.rows.filter((r: { anonymous: boolean }) => r.anonymous)).toEqual([expect.objectContaining({ name: null, personId: null, isViewer: false })]);
    expect(board.viewer).toEqual({ rank: 2, points: 30 });
    // Cleo sees herself; Dev, hidden, has no place; nobody sees Dev.
    expect((await api(people.cleo!.session, 'GET', '/api/leaderboards')).json().rows.find((r: { isViewer: boolean }) => r.isViewer)).toMatchObject({ name: 'Cleo', anonymous: true });
    const devs = (await api(people.dev!.session, 'GET', '/api/leaderboards')).json();
    expect(devs.viewer).toBeNull();
    expect(JSON.stringify(devs.rows)).not.toContain('Dev');
    // Someone deactivated leaves the board (and the ranks below them move up).
    expect((await api(admin, 'PATCH', `/api/people/${people.ben!.id}`, { status: 'deactivated' })).statusCode).toBe(200);
    await ctx.services.gamification.settle();
    const without = (await api(people.ada!.session, 'GET', '/api/leaderboards')).json();
    expect(JSON.stringify(without.rows)).not.toContain('Ben');
    expect(without.viewer).toEqual({ rank: 1, points: 30 });
    expect((await api(admin, 'PATCH', `/api/people/${people.ben!.id}`, { status: 'active' })).statusCode).toBe(200);
    await ctx.services.gamification.settle();
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards')).json().viewer).toEqual({ rank: 2, points: 30 });
    // Last week's season, and all time.
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards?season=previous')).json().rows).toEqual([expect.objectContaining({ name: 'Maya Manager', points: 500, rank: 1 })]);
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards?season=all')).json().rows[0]).toMatchObject({ name: 'Maya Manager', points: 510 });
  });

  it('shows a team its own board, lets its manager turn it off, and compares teams per member', async () => {
    await give('ada', 30);
    await give('ben', 30);
    await give('dev', 45);
    const own = (await api(people.ada!.session, 'GET', '/api/leaderboards?scope=team')).json();
    expect(own.team).toEqual({ id: teams.Sales, name: 'Sales' });
    expect(own.rows.map((r: { name: string }) => r.name)).toEqual(['Ada', 'Ben']);
    // Another team's board is not a member's to see (managers and admins may).
    expect((await api(people.ada!.session, 'GET', `/api/leaderboards?scope=team&teamId=${teams.Support}`)).statusCode).toBe(403);
    expect((await api(admin, 'GET', `/api/leaderboards?scope=team&teamId=${teams.Support}`)).json().rows).toEqual([expect.objectContaining({ name: 'Dev', points: 45 })]);

    // Sales has four active members (60 points, 15 each); Support one (45): Support leads.
    const versus = (await api(people.ada!.session, 'GET', '/api/leaderboards/teams')).json();
    expect(versus.rows.map((r: { name: string; rank: number; members: number; points: number; score: number }) => [r.rank, r.name, r.members, r.points, r.score])).toEqual([
      [1, 'Support', 1, 45, 45],
      [2, 'Sales', 4, 60, 15],
    ]);
    // Last season nobody had points: no team is on that board.
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards/teams?season=previous')).json()).toMatchObject({ enabled: true, rows: [] });

    expect((await api(people.ada!.session, 'PUT', `/api/teams/${teams.Sales}/leaderboard`, { enabled: false })).statusCode).toBe(403);
    expect((await api(people.maya!.session, 'PUT', `/api/teams/${teams.Sales}/leaderboard`, { enabled: false })).json()).toEqual({ teamId: teams.Sales, enabled: false });
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards?scope=team')).json()).toMatchObject({ enabled: false, rows: [] });
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards/teams')).json().rows.map((r: { name: string }) => r.name)).toEqual(['Support']);
  });

  it('lets admins change the rules and turn leaderboards off; rules out of range are refused with the rule named', async () => {
    expect((await api(people.ada!.session, 'GET', '/api/gamification/settings')).statusCode).toBe(403);
    const bad = await api(admin, 'PATCH', '/api/gamification/settings', { rules: { lessonCompleted: -5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [expect.objectContaining({ field: 'body.rules.lessonCompleted' })] } });
    const changed = (await api(admin, 'PATCH', '/api/gamification/settings', { rules: { lessonCompleted: 25, firstTryCorrect: 0 }, seasonKind: 'monthly' })).json();
    expect(changed).toMatchObject({ rules: { lessonCompleted: 25, firstTryCorrect: 0, recallCorrect: 15 }, seasonKind: 'monthly', leaderboardsEnabled: true });

    // A lesson completed now earns by the new rules.
    const { courseId, lessonIds } = await createPublishedCourse(ctx.services, orgId, 'Pitch', 1);
    await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [people.ada!.id] });
    const answered = await api(people.ada!.session, 'POST', '/api/learn/attempts', { courseId, lessonId: lessonIds[0], questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: 'client-0001' });
    expect(answered.json()).toMatchObject({ correct: true, lessonCompleted: true });
    await ctx.services.gamification.settle();
    const mine = (await api(people.ada!.session, 'GET', '/api/me/points')).json();
    expect(mine).toMatchObject({ balance: 25, earned: { allTime: 25, season: 25 }, season: { kind: 'monthly', label: '2026-03' }, streak: { current: 1, todayDone: true }, leaderboardVisibility: 'named' });
    expect(mine.recent).toEqual([expect.objectContaining({ reason: 'lesson_completed', points: 25 })]);

    await api(admin, 'PATCH', '/api/gamification/settings', { leaderboardsEnabled: false });
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards')).json()).toMatchObject({ enabled: false, rows: [], viewer: null });
  });

  it('keeps organisations apart', async () => {
    await give('ada', 30);
    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const olga = await signIn(ctx.app, 'olga@other.test', 'other admin password');
    expect((await api(olga, 'GET', '/api/leaderboards')).json().rows).toEqual([]);
    expect((await api(olga, 'GET', '/api/leaderboards/teams')).json().rows).toEqual([]);
    expect((await api(olga, 'GET', `/api/leaderboards?scope=team&teamId=${teams.Sales}`)).statusCode).toBe(404);
    expect((await api(olga, 'PUT', `/api/teams/${teams.Sales}/leaderboard`, { enabled: false })).statusCode).toBe(404);
  });
});
