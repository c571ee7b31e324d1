/**
 * Issue 9: leaderboards honour opt-out. A learner who chose `hidden` is on no board, whoever looks (a teammate, their
 * manager, an admin), in no scope (organisation, team) and no season (this one, the previous one, all time); their
 * points still count toward their team against other teams, where no person is named.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';
import * as repo from './gamification.repository.ts';

/** Wednesday of ISO week 2026-W10 (UTC). */
const NOW = '2026-03-04T12:00:00.000Z';
const LAST_WEEK = '2026-02-25T12:00:00.000Z';

describe.each(testDialects)('a hidden learner on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  const people: Record<string, { id: string; session: TestSession }> = {};
  let serial = 0;
  const api = (session: TestSession, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  const give = (name: string, points: number, at: string) =>
    ctx.services.database.db.transaction().execute((trx) =>
      repo.insertEntryIfAbsent(trx, { id: `e${++serial}`, org_id: admin.orgId, person_id: people[name]!.id, award_key: `test:${serial}`, points, reason: 'lesson_completed', source_kind: 'lesson', source_id: 'l', season_week: at === NOW ? '2026-W10' : '2026-W09', season_month: '2026-03', created_at: at }),
    );

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(NOW);
    admin = await setUpOrganisation(ctx.app);
    const system = systemActor(admin.orgId);
    await ctx.services.identity.importPeople(system, 'name,email,team,manager email\nMaya Manager,maya@acme.test,Sales,\nAda,ada@acme.test,Sales,maya@acme.test\nDev Hidden,dev@acme.test,Sales,maya@acme.test\n', { dryRun: false });
    const list = await ctx.services.identity.listPeople(system, { status: 'active', limit: 50 });
    for (const name of ['maya', 'ada', 'dev']) {
      const person = list.items.find((p) => p.email === `${name}@acme.test`)!;
      await ctx.services.auth.setPassword(admin.orgId, person.id, 'a long enough password');
      people[name] = { id: person.id, session: await signIn(ctx.app, `${name}@acme.test`, 'a long enough password') };
    }
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('is left out of every board, scope and season, for every viewer, while their points still count for the team', async () => {
    await give('ada', 20, NOW);
    await give('dev', 90, NOW);
    await give('dev', 70, LAST_WEEK);
    expect((await api(people.dev!.session, 'PUT', '/api/me/leaderboard-visibility', { visibility: 'hidden' })).statusCode).toBe(204);
    // Points earned after opting out do not bring them back.
    await give('dev', 5, NOW);

    const salesId = (await ctx.services.identity.listTeams(systemActor(admin.orgId)))[0]!.id;
    const viewers = [people.ada!.session, people.maya!.session, admin, people.dev!.session];
    for (const viewer of viewers) {
      for (const query of ['', '?season=previous', '?season=all', `?scope=team&teamId=${salesId}`, `?scope=team&teamId=${salesId}&season=all`]) {
        const board = await api(viewer, 'GET', `/api/leaderboards${query}`);
        expect(board.statusCode, query).toBe(200);
        const body = board.json();
        expect(JSON.stringify(body.rows), query).not.toContain('Dev');
        expect(body.rows.map((r: { personId: string | null }) => r.personId), query).not.toContain(people.dev!.id);
        // Nobody ranks above Ada as a nameless row standing in for Dev.
        if (!query.includes('previous')) expect(body.rows[0], query).toMatchObject({ rank: 1, points: 20 });
      }
    }
    expect((await api(people.dev!.session, 'GET', '/api/leaderboards?scope=team')).json().viewer).toBeNull();
    // Team against team: Dev's points count for Sales, and no person is named there.
    const teams = (await api(people.ada!.session, 'GET', '/api/leaderboards/teams')).json();
    expect(teams.rows).toEqual([expect.objectContaining({ name: 'Sales', points: 115 })]);
    expect(JSON.stringify(teams)).not.toContain('Dev');

    // Opting back in shows them again.
    expect((await api(people.dev!.session, 'PUT', '/api/me/leaderboard-visibility', { visibility: 'named' })).statusCode).toBe(204);
    expect((await api(people.ada!.session, 'GET', '/api/leaderboards?scope=team')).json().rows[0]).toMatchObject({ name: 'Dev Hidden', points: 95 });
  });
});
