import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../modules/identity/index.ts';
import { fileUploadSource } from '../modules/media/index.ts';
import { insertEntryIfAbsent } from '../modules/gamification/gamification.repository.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';

/**
 * Walks Fastify's own route table and calls every route as (a) nobody, (b) a learner, (c) another
 * organisation's admin. Routes that later issues add are covered without touching this file, except that a
 * route with a body needs a valid sample body below (otherwise validation would answer before permissions).
 */

/** A valid body for every route that takes one, keyed by "METHOD /url"; a function gets org A's ids. */
const SAMPLE_BODIES: Record<string, unknown | ((ids: Record<string, string>) => unknown)> = {
  'POST /api/enrolments': (ids: Record<string, string>) => ({ courseId: ids.course, personIds: [ids.person] }),
  'POST /api/learn/attempts': (ids: Record<string, string>) => ({ courseId: ids.course, lessonId: ids.lesson, questionId: 'b2', response: { kind: 'true_false', value: true }, timeTakenMs: 1, clientId: 'intruder-client-1' }),
  'POST /api/learn/courses/:courseId/lessons/:lessonId/feedback': { answeredMyQuestion: false },
  'POST /api/learn/courses/:courseId/lessons/:lessonId/progress': { block: 0, activeMs: 1000 },
  'POST /api/learn/courses/:courseId/checks/:phase/answers': (ids: Record<string, string>) => ({ questionId: 'b2', lessonId: ids.lesson, response: { kind: 'true_false', value: true }, timeTakenMs: 1, clientId: 'intruder-client-3' }),
  'POST /api/certifications': (ids: Record<string, string>) => ({ title: 'Intrusion', scope: 'course', courseId: ids.course, passMark: 80, validity: { amount: 12, unit: 'months' } }),
  'PATCH /api/certifications/:id': { title: 'Renamed by an intruder' },
  'POST /api/learn/reviews': { reviewItemId: 'no-such-item', response: { kind: 'true_false', value: true }, timeTakenMs: 1, clientId: 'intruder-client-2' },
  'POST /api/setup': { organisation: { name: 'Intruder' }, admin: { displayName: 'I', email: 'i@intruder.test', password: 'long enough password' } },
  'POST /api/auth/sign-in': { email: 'learner@acme.test', password: 'wrong password!' },
  'POST /api/auth/magic-link': { email: 'nobody@acme.test' },
  'POST /api/auth/magic-link/redeem': { token: 'not-a-real-token-at-all' },
  'POST /api/auth/password-reset': { email: 'nobody@acme.test' },
  'POST /api/auth/password-reset/confirm': { token: 'not-a-real-token-at-all', password: 'long enough password' },
  'PATCH /api/me': { locale: 'en' },
  'POST /api/me/password': { currentPassword: 'wrong password!', newPassword: 'long enough password' },
  'PATCH /api/organisation': { name: 'Renamed by an intruder' },
  'POST /api/people': { email: 'new@acme.test', displayName: 'New' },
  'PATCH /api/people/:id': { displayName: 'Renamed by an intruder' },
  'POST /api/people/import': 'name,email\nIntruder,intruder@acme.test\n',
  'POST /api/metrics/import': 'person,date,metric,value\nintruder@acme.test,2026-03-02,win rate,1\n',
  'POST /api/teams': { name: 'Intruders' },
  'PATCH /api/teams/:id': { name: 'Renamed by an intruder' },
  'PUT /api/teams/:id/members/:personId': { role: 'manager' },
  'POST /api/tokens': { name: 'stolen', scopes: ['people:read'] },
  'POST /api/objectives': { title: 'Intrusion', performance: 'Intrude' },
  'PATCH /api/objectives/:id': { title: 'Renamed by an intruder' },
  'POST /api/lessons': { title: 'Intrusion' },
  'PATCH /api/lessons/:id': { title: 'Renamed by an intruder', baseRevision: 1 },
  'POST /api/courses': { title: 'Intrusion' },
  'PATCH /api/courses/:id': { title: 'Renamed by an intruder' },
  'PUT /api/courses/:id/pilots': { personIds: [] },
  'POST /api/courses/:id/lessons/:lessonId/comments': { body: 'intrusion' },
  // POST /api/media and its captions read multipart forms as streams; a JSON body gets as far as the checks.
  'POST /api/media': { title: 'Intrusion' },
  'PATCH /api/media/:id': { title: 'Renamed by an intruder' },
  'POST /api/media/:id/captions': { language: 'en' },
  'POST /api/campaigns': (ids: Record<string, string>) => ({ name: 'Intrusion', courseIds: [ids.course], audience: { personIds: [ids.person] }, startAt: '2030-01-01T09:00:00.000Z', pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 } }),
  'PATCH /api/campaigns/:id': { name: 'Renamed by an intruder' },
  'POST /api/campaigns/:id/members': (ids: Record<string, string>) => ({ personIds: [ids.person] }),
  'PATCH /api/channel-settings': { chatFlavour: 'teams' },
  'POST /api/unsubscribe': { token: 'not.a-real.token' },
  'POST /api/trigger-rules': (ids: Record<string, string>) => ({ name: 'Intrusion', eventType: 'intrusion', conditions: [], courseId: ids.course, lessonId: null, channel: null, delaySeconds: 0, cooldownSeconds: 0, urgent: false, active: true }),
  'PATCH /api/trigger-rules/:id': { name: 'Renamed by an intruder' },
  'POST /api/events': { type: 'intrusion', person: { email: 'someone@acme.test' }, attributes: {}, idempotencyKey: 'intruder-event-1' },
  'POST /api/imports': { kind: 'document', text: '# Intrusion\n\nAn intruder wrote this.' },
  'POST /api/imports/:id/review': { op: 'drop', index: 0, baseRevision: 2 },
  'POST /api/imports/:id/accept': { baseRevision: 2 },
  'POST /api/search/feedback': (ids: Record<string, string>) => ({ queryId: 'not-your-search', lessonId: ids.lesson }),
  'PUT /api/search/synonyms': { groups: [['intrusion', 'break-in']] },
  'POST /api/rewards': { name: 'Intrusion', cost: 1 },
  'POST /api/lrs/credentials': { name: 'Intruder’s LRS credential' },
  'PUT /api/lrs/forwarding': { endpoint: 'https://lrs.example/xapi/', key: 'intruder', secret: 'intruder' },
  'PATCH /api/rewards/:id': { name: 'Renamed by an intruder', cost: 1, active: false },
  'POST /api/rewards/:id/redemptions': { clientId: 'intruder-client-4' },
  'POST /api/redemptions/:id/approve': {},
  'POST /api/redemptions/:id/decline': { note: 'intrusion' },
  'PUT /api/me/leaderboard-visibility': { visibility: 'anonymous' },
  'POST /api/badges': { slug: 'intrusion', name: 'Intrusion', description: 'An intruder’s badge.', rule: { kind: 'points_total', points: 1 } },
  'PATCH /api/badges/:id': { name: 'Renamed by an intruder' },
  'PATCH /api/gamification/settings': { leaderboardsEnabled: false },
  'PUT /api/teams/:teamId/leaderboard': { enabled: false },
  'POST /api/people/:id/erase': { confirm: 'mara@acme.test' },
};

/** Routes whose URL needs more than ids: a query string, or a person named by email. */
const URL_OVERRIDES: Record<string, (ids: Record<string, string>) => string> = {
  'GET /api/people/:id/completions': (ids) => `/api/people/mara@acme.test/completions?lesson=${ids.lesson}`,
  'GET /api/search': () => '/api/search?q=Secret%20recipe',
  'GET /api/outcomes': (ids) => `/api/outcomes?metric=win%20rate&courseId=${ids.course}`,
  'GET /api/outcomes.csv': (ids) => `/api/outcomes.csv?metric=win%20rate&courseId=${ids.course}`,
};

/** Which of org A's ids stands in for `:id` under each path, and for the other parameters. */
const ID_FOR_PREFIX: [string, string][] = [
  ['/api/teams/', 'team'],
  ['/api/tokens/', 'token'],
  ['/api/objectives/', 'objective'],
  ['/api/lessons/', 'lesson'],
  ['/api/courses/', 'course'],
  ['/api/people/', 'person'],
  ['/api/media/', 'media'],
  ['/api/certifications/', 'certification'],
  ['/api/campaigns/', 'campaign'],
  ['/api/trigger-rules/', 'rule'],
  ['/api/imports/', 'import'],
  ['/api/rewards/', 'reward'],
  ['/api/badges/', 'badge'],
  ['/api/redemptions/', 'redemption'],
];
const ID_FOR_PARAM: Record<string, string> = { teamId: 'team', courseId: 'course', personId: 'person', lessonId: 'lesson', commentId: 'comment', version: 'version', language: 'language', phase: 'phase' };

/** Routes any signed-in person may call about themselves or their own organisation. */
const SELF_ROUTES = new Set([
  'GET /api/me',
  'PATCH /api/me',
  'POST /api/me/password',
  'GET /api/organisation',
  'GET /api/courses' /* the courses they pilot */,
  // The media their lessons show: a learner's player fetches the item, its file, poster and captions.
  'GET /api/media/:id',
  'GET /api/media/:id/content',
  'GET /api/media/:id/poster',
  'GET /api/media/:id/captions/:language',
  // Their own learning: today's courses and boost (empty for someone not enrolled).
  'GET /api/learn/today',
  'GET /api/learn/boost',
  // Their own review load (empty for someone with no review items).
  'GET /api/learn/forecast',
  // Search: learners find the lessons of their own courses (none here), and mark their own searches unhelpful.
  'GET /api/search',
  'POST /api/search/feedback',
  // Their own inbox (an id that is not theirs is not found) and their own lesson emails.
  'GET /api/learn/inbox',
  'POST /api/learn/inbox/:id/read',
  'POST /api/profile/lesson-emails',
  // The rewards on offer in their organisation with their own balance, their own redemptions, and redeeming
  // (the learner here has no points: 409 insufficient_points).
  'GET /api/rewards',
  'GET /api/redemptions',
  'POST /api/rewards/:id/redemptions',
  // Their own points and leaderboard choice, and their organisation's leaderboards (nothing of another's).
  'GET /api/me/points',
  'GET /api/me/badges',
  'PUT /api/me/leaderboard-visibility',
  'GET /api/leaderboards',
  'GET /api/leaderboards/teams',
  // Their own data, as one JSON file.
  'GET /api/profile/export',
]);

/** Ends the caller's own session: called last, by no one here. */
const SKIPPED = new Set(['POST /api/auth/sign-out']);

describe.each(testDialects)('every route on %s', (dialect) => {
  const routes: { method: string; url: string; isPublic: boolean; hasBody: boolean }[] = [];
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let outsider: TestSession;
  const secretsOfA: string[] = [];
  const ids: Record<string, string> = {};

  const dataDir = mkdtempSync(join(tmpdir(), 'morsel-route-access-'));

  beforeAll(async () => {
    ctx = await createTestContext(dialect, {
      env: { DATA_DIR: dataDir },
      onRoute: (route) => {
        const methods = [route.method].flat().filter((m) => m !== 'HEAD');
        const isPublic = (route.config as { access?: string } | undefined)?.access === 'public';
        for (const method of methods) if (route.url.startsWith('/api/') || route.url === '/healthz') routes.push({ method, url: route.url, isPublic, hasBody: route.schema?.body !== undefined });
      },
    });
    admin = await setUpOrganisation(ctx.app, 'Acme Secret Org', 'admin@acme.test', 'correct horse battery');
    const people = await ctx.services.identity.importPeople(systemActor(admin.orgId), 'name,email,team,manager email\nMara Secretmanager,mara@acme.test,Secret Team,\nLearner Lou,learner@acme.test,Secret Team,mara@acme.test\n', { dryRun: false });
    expect(people.applied).toBe(true);
    const list = await ctx.services.identity.listPeople(systemActor(admin.orgId), { status: 'active', limit: 50 });
    const lou = list.items.find((p) => p.email === 'learner@acme.test')!;
    const mara = list.items.find((p) => p.email === 'mara@acme.test')!;
    await ctx.services.auth.setPassword(admin.orgId, lou.id, 'learner password 1');
    learner = await signIn(ctx.app, 'learner@acme.test', 'learner password 1');
    const token = await ctx.services.auth.issueApiToken(admin.orgId, { name: 'Secret integration', scopes: ['people:read'] });
    const team = (await ctx.services.identity.listTeams(systemActor(admin.orgId)))[0]!;
    const system = systemActor(admin.orgId);
    const objective = await ctx.services.content.createObjective(system, { title: 'Secret objective', performance: 'Keep secrets', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const lesson = await ctx.services.content.createLesson(system, {
      title: 'Secret lesson',
      coreQuestion: 'How do I keep the secret recipe safe?',
      objectiveId: objective.id,
      tags: ['secret'],
      variables: [],
      blocks: [
        { id: 'b1', type: 'sample', format: 'text', content: 'Secretrecipe steps' },
        { id: 'b2', type: 'question', question: { kind: 'true_false', prompt: 'Secrets stay inside?', answer: true, askConfidence: false } },
      ],
    });
    await ctx.services.content.publishLesson(system, lesson.id);
    const course = await ctx.services.content.createCourse(system, { title: 'Secret course', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm1', title: 'Secret module', lessonIds: [lesson.id] }] });
    await ctx.services.content.publishCourse(system, course.id);
    await ctx.services.content.setPilots(system, course.id, [mara.id]);
    const maraActor = { kind: 'person' as const, orgId: admin.orgId, personId: mara.id, roles: ['manager' as const], sessionId: null };
    const [comment] = await ctx.services.content.addComment(maraActor, course.id, lesson.id, 'Secretcomment text');
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'color=c=blue:s=64x48', '-frames:v', '1', join(dataDir, 'secret-diagram.png')]);
    const media = await ctx.services.media.upload(system, fileUploadSource(join(dataDir, 'secret-diagram.png'), { fields: { title: 'Secretdiagram title' } }));
    const certification = await ctx.services.certifications.create(system, { title: 'Secret certification', scope: 'course', courseId: course.id, passMark: 80, validity: { amount: 12, unit: 'months' } });
    const campaign = await ctx.services.campaigns.create(system, { name: 'Secret campaign', courseIds: [course.id], audience: { personIds: [mara.id], teamIds: [], rule: null }, startAt: '2030-01-01T09:00:00.000Z', deadlineAt: null, pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 }, holdoutPercent: 0, channel: null });
    const rule = await ctx.services.triggers.createRule(system, { name: 'Secret rule', eventType: 'secret.event', conditions: [], courseId: course.id, lessonId: null, channel: null, delaySeconds: 0, cooldownSeconds: 0, urgent: false, active: true });
    const secretImport = await ctx.services.imports.create(system, { kind: 'document', text: '# Secretimport heading\n\nThe secret plan is in the vault.', title: 'Secret import' });
    await ctx.services.imports.runUntilIdle();
    secretsOfA.push(campaign.id, 'Secret campaign', rule.id, 'Secret rule', secretImport.id, 'Secretimport', 'Secret import');
    Object.assign(ids, { import: secretImport.id, campaign: campaign.id, rule: rule.id, certification: certification.id, phase: 'baseline', person: mara.id, team: team.id, token: token.id, objective: objective.id, lesson: lesson.id, course: course.id, comment: comment!.id, version: '1', media: media.id, language: 'en' });
    secretsOfA.push(admin.orgId, 'Acme Secret Org', 'admin@acme.test', mara.id, 'mara@acme.test', 'Secretmanager', team.id, 'Secret Team', token.id, token.prefix);
    secretsOfA.push(objective.id, 'Secret objective', lesson.id, 'Secret lesson', 'Secretrecipe', course.id, 'Secret course', 'Secretcomment');
    secretsOfA.push(media.id, 'secret-diagram', 'Secretdiagram');
    secretsOfA.push(certification.id, 'Secret certification');
    // A reward, and Mara's redemption of it with points she earned.
    await ctx.services.database.db.transaction().execute((trx) =>
      insertEntryIfAbsent(trx, { id: 'secret-entry-1', org_id: admin.orgId, person_id: mara.id, award_key: 'lesson:secret', points: 50, reason: 'lesson_completed', source_kind: 'lesson', source_id: lesson.id, season_week: '2026-W10', season_month: '2026-03', created_at: '2026-03-02T09:00:00.000Z' }),
    );
    const reward = await ctx.services.rewards.createReward(system, { name: 'Secretreward mug', description: 'Secretreward description', cost: 20, stock: 5, active: true });
    const { redemption } = await ctx.services.rewards.redeem(maraActor, reward.id, 'mara-client-1');
    Object.assign(ids, { reward: reward.id, redemption: redemption.id });
    secretsOfA.push(reward.id, 'Secretreward', redemption.id);
    // A badge of the organisation's own.
    const badge = await ctx.services.badges.create(system, { slug: 'secret-badge', name: 'Secretbadge name', description: 'Secretbadge description', rule: { kind: 'points_total', points: 1 } });
    Object.assign(ids, { badge: badge.id });
    secretsOfA.push(badge.id, 'Secretbadge');

    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga Other', email: 'olga@other.test', password: 'other admin password' });
    outsider = await signIn(ctx.app, 'olga@other.test', 'other admin password');
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function urlOf(template: string, method?: string): string {
    const override = method && URL_OVERRIDES[`${method} ${template}`];
    if (override) return override(ids);
    const kind = ID_FOR_PREFIX.find(([prefix]) => template.startsWith(prefix))?.[1] ?? 'person';
    return template.replace(/:(\w+)/g, (_, param: string) => ids[param === 'id' ? kind : (ID_FOR_PARAM[param] ?? 'person')] ?? 'missing');
  }

  async function call(route: { method: string; url: string }, headers: Record<string, string>) {
    const key = `${route.method} ${route.url}`;
    const sample = SAMPLE_BODIES[key];
    const body = typeof sample === 'function' ? sample(ids) : sample;
    const isCsv = typeof body === 'string';
    return ctx.app.inject({
      method: route.method as 'GET',
      url: urlOf(route.url, route.method),
      headers: { ...headers, ...(isCsv ? { 'content-type': 'text/csv' } : {}) },
      ...(body === undefined ? {} : { payload: body as string }),
    });
  }

  /** Org A's data in a response, other than what the caller itself sent in the URL or body (echoed in "not found"). */
  function leaks(body: string, key: string): string[] {
    const sample = SAMPLE_BODIES[key];
    const sent = urlOf(key.split(' ')[1] ?? '', key.split(' ')[0]) + JSON.stringify(typeof sample === 'function' ? sample(ids) : (sample ?? ''));
    return secretsOfA.filter((secret) => !sent.includes(secret) && body.includes(secret));
  }


  it('has found the routes, and a sample body for every route that takes one', () => {
    expect(routes.length).toBeGreaterThan(25);
    const missing = routes.filter((r) => r.hasBody && !SKIPPED.has(`${r.method} ${r.url}`) && !(`${r.method} ${r.url}` in SAMPLE_BODIES));
    expect(missing.map((r) => `${r.method} ${r.url}`), 'add a valid sample body to SAMPLE_BODIES').toEqual([]);
  });

  it('refuses every non-public route without credentials (401), revealing nothing', async () => {
    for (const route of routes.filter((r) => !SKIPPED.has(`${r.method} ${r.url}`))) {
      const response = await call(route, {});
      if (!route.isPublic) expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.statusCode, `${route.method} ${route.url}`).toBeLessThan(500);
      expect(leaks(response.body, `${route.method} ${route.url}`), `${route.method} ${route.url}`).toEqual([]);
    }
  });

  it("refuses a learner every route that is not about themselves (403/404), revealing no one else's data", async () => {
    for (const route of routes.filter((r) => !r.isPublic && !SKIPPED.has(`${r.method} ${r.url}`))) {
      const key = `${route.method} ${route.url}`;
      const response = await call(route, asSession(learner));
      if (SELF_ROUTES.has(key)) {
        expect(response.statusCode, key).toBeLessThan(500);
        continue;
      }
      expect([403, 404], `${key} answered ${response.statusCode}: ${response.body}`).toContain(response.statusCode);
      expect(leaks(response.body, `${route.method} ${route.url}`), key).toEqual([]);
    }
  });

  it("gives another organisation's admin nothing of the first organisation (403/404), on every route", async () => {
    for (const route of routes.filter((r) => !SKIPPED.has(`${r.method} ${r.url}`))) {
      const key = `${route.method} ${route.url}`;
      const response = await call(route, asSession(outsider));
      expect(response.statusCode, key).toBeLessThan(500);
      expect(leaks(response.body, `${route.method} ${route.url}`), `${key}: ${response.body}`).toEqual([]);
      const touchesA = /:id|:personId/.test(route.url);
      if (touchesA && !route.isPublic) expect([403, 404], `${key} answered ${response.statusCode}: ${response.body}`).toContain(response.statusCode);
    }
    // Nothing of A changed under the outsider's writes.
    const org = await ctx.services.identity.getOrganisation(systemActor(admin.orgId));
    expect(org.name).toBe('Acme Secret Org');
    const mara = await ctx.services.identity.getPerson(systemActor(admin.orgId), ids.person!);
    expect(mara.displayName).toBe('Mara Secretmanager');
    const media = await ctx.services.media.get(systemActor(admin.orgId), ids.media!);
    expect(media.title).toBe('Secretdiagram title');
    expect((await ctx.services.certifications.get(systemActor(admin.orgId), ids.certification!)).title).toBe('Secret certification');
    expect((await ctx.services.campaigns.get(systemActor(admin.orgId), ids.campaign!)).name).toBe('Secret campaign');
    expect((await ctx.services.triggers.getRule(systemActor(admin.orgId), ids.rule!)).name).toBe('Secret rule');
    expect(await ctx.services.imports.get(systemActor(admin.orgId), ids.import!)).toMatchObject({ status: 'ready', title: 'Secret import' });
    expect((await ctx.services.rewards.listRewards({ kind: 'person', orgId: admin.orgId, personId: admin.personId, roles: ['admin'], sessionId: null }, { all: true })).rewards).toMatchObject([{ name: 'Secretreward mug', cost: 20, active: true }]);
    expect(await ctx.services.rewards.listRedemptions(systemActor(admin.orgId), { all: true, limit: 10 })).toMatchObject([{ id: ids.redemption, status: 'requested' }]);
  });
});
