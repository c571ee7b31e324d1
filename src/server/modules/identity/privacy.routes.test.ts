/**
 * Issue 9 on both databases, through HTTP: a learner with data in every area (made through the real services: a
 * campaign's delivery and email, a baseline check, answers, feedback, a review, a post check, a certification,
 * points, a badge, a redemption, a leaderboard choice, a search, Morsel's own statements, an external statement and
 * documents naming their email, a metric value, a pilot's comment) is exported with every area present, then erased:
 * every area empty for them, another learner's data untouched, the sweeps bring nothing back, the LRS returns nothing
 * for their agent. Permissions and a wrong confirmation are refused with nothing erased.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from './access.ts';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const PASSWORD = 'a long enough password';
const HOME = 'http://morsel.test';
/** Monday 2 March 2026, 09:00 in London: inside the learners' working hours. */
const MONDAY = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

/** Tables where an erasure deletes everything of the person (the others keep an anonymised reference). */
const ERASED_TABLES = [
  'session', 'auth_link', 'lesson_comment', 'course_pilot', 'review_log', 'attempt', 'review_item', 'recertification', 'certification_award', 'course_check', 'lesson_progress', 'enrolment',
  'delivery', 'outbox_message', 'trigger_event', 'search_query', 'redemption', 'badge_award', 'points_entry', 'points_total', 'points_wallet', 'gamification_person', 'streak_checkpoint', 'business_metric',
] as const;
/** What Lou has in the export: at least one row in each. */
const EXPORTED_AREAS = [
  'person', 'person_role', 'team_member', 'teams', 'session', 'auth_link', 'lesson_comment', 'course_pilot', 'review_log', 'attempt', 'review_item', 'certification_award', 'course_check', 'lesson_progress', 'enrolment',
  'delivery', 'outbox_message', 'campaign_member', 'search_query', 'redemption', 'badge_award', 'points_entry', 'points_total', 'points_wallet', 'gamification_person', 'streak_checkpoint', 'business_metric', 'xapi_statement', 'xapi_document',
];

describe.each(testDialects)('exporting and erasing a person’s data on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let lou: TestSession;
  let kim: TestSession;
  let maya: TestSession;
  let orgId: string;
  let louId: string;
  let kimId: string;
  let courseId: string;
  let lessonIds: string[];
  let rewardId: string;
  let basic: string;

  const api = (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  const xapi = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...VERSION, authorization: basic, 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });
  const db = () => ctx.services.database.db;
  const answer = (session: TestSession, lessonId: string) =>
    api(session, 'POST', '/api/learn/attempts', { courseId, lessonId, questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() });
  const answerCheck = (session: TestSession, phase: 'baseline' | 'post', lessonId: string) =>
    api(session, 'POST', `/api/learn/courses/${courseId}/checks/${phase}/answers`, { questionId: 'q', lessonId, response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() });
  /** Rows of the person in a table, counted straight from the database. */
  const rowsOf = async (table: string, personId: string, column = 'person_id') =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${personId}`.execute(db())).rows[0]!.n);
  const louAgent = () => ({ objectType: 'Agent', account: { homePage: HOME, name: louId } });
  const louMbox = { objectType: 'Agent', mbox: 'mailto:lou@acme.test' };
  const statementsFor = async (agent: object) => {
    const response = await xapi('GET', `/xapi/statements?${new URLSearchParams({ agent: JSON.stringify(agent), limit: '500' })}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { statements: unknown[] }).statements;
  };
  const settle = async () => {
    await ctx.services.gamification.settle();
    await ctx.services.ownStatements.settle();
  };

  /** Lou (and, for comparison, Kim) do a bit of everything. */
  async function live(): Promise<void> {
    const system = systemActor(orgId);
    // A campaign enrols Lou: the dispatcher delivers the first lesson (inbox) and emails it (outbox).
    const campaign = await api(admin, 'POST', '/api/campaigns', { name: 'Launch week', courseIds: [courseId], audience: { personIds: [louId] }, startAt: MONDAY, pacing: { mode: 'daily', lessonsPerDay: 1 } });
    expect(campaign.statusCode, campaign.body).toBe(201);
    expect((await api(admin, 'POST', `/api/campaigns/${campaign.json().id}/launch`)).statusCode).toBe(200);
    ctx.clock.advance(3_600_000);
    expect((await ctx.services.dispatcher.dispatchDue()).sent).toBe(1);
    expect((await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [kimId] })).statusCode).toBe(200);
    expect((await api(admin, 'POST', '/api/certifications', { title: 'Greeting', scope: 'course', courseId, passMark: 50, validity: { amount: 90, unit: 'days' } })).statusCode).toBe(201);
    expect((await api(admin, 'POST', '/api/badges', { slug: 'first-points', name: 'First points', description: 'Earned a point.', rule: { kind: 'points_total', points: 1 } })).statusCode).toBe(201);

    // Baseline, both lessons (feedback on one), a review days later, the post check: certified.
    for (const session of [lou, kim]) for (const lessonId of lessonIds) expect((await answerCheck(session, 'baseline', lessonId)).statusCode).toBe(200);
    for (const session of [lou, kim]) for (const lessonId of lessonIds) expect((await answer(session, lessonId)).json()).toMatchObject({ correct: true, lessonCompleted: true });
    expect((await api(lou, 'POST', `/api/learn/courses/${courseId}/lessons/${lessonIds[0]}/feedback`, { answeredMyQuestion: true, rating: 5, comment: 'Lou liked it.' })).statusCode).toBe(204);
    await settle();
    ctx.clock.advance(5 * DAY);
    const item = (await api(lou, 'GET', '/api/learn/boost')).json().items[0];
    expect((await api(lou, 'POST', '/api/learn/reviews', { reviewItemId: item.reviewItemId, response: { kind: 'true_false', value: true }, timeTakenMs: 1500, clientId: randomUUID() })).json()).toMatchObject({ correct: true });
    await settle();
    for (const session of [lou, kim]) for (const lessonId of lessonIds) expect((await answerCheck(session, 'post', lessonId)).statusCode).toBe(200);
    await settle();
    await ctx.services.gamification.sweep();

    // A reward redeemed (still to be decided), a leaderboard choice, a search, a pilot's comment.
    expect((await api(lou, 'POST', `/api/rewards/${rewardId}/redemptions`, { clientId: 'lou-mug-1' })).statusCode).toBe(201);
    expect((await api(lou, 'PUT', '/api/me/leaderboard-visibility', { visibility: 'anonymous' })).statusCode).toBe(204);
    expect((await api(lou, 'GET', '/api/search?q=greeting')).statusCode).toBe(200);
    await ctx.services.content.setPilots(system, courseId, [louId, kimId]);
    for (const [session, text] of [[lou, 'Lou’s pilot note'], [kim, 'Kim’s pilot note']] as const) {
      expect((await api(session, 'POST', `/api/courses/${courseId}/lessons/${lessonIds[0]}/comments`, { body: text })).statusCode).toBe(201);
    }
    // A sign-in link emailed by an admin (outbox and auth_link), a metric value for both.
    expect((await api(admin, 'POST', `/api/people/${louId}/sign-in-link`)).statusCode).toBe(202);
    const metrics = await ctx.app.inject({ method: 'POST', url: '/api/metrics/import', headers: { ...asSession(admin), 'content-type': 'text/csv' }, payload: 'person,date,metric,value\nlou@acme.test,2026-03-02,win rate,0.4\nkim@acme.test,2026-03-02,win rate,0.6\n' });
    expect(metrics.statusCode, metrics.body).toBe(200);

    // Another tool's statement naming Lou by email, with a state document and an agent profile.
    const external = await xapi('POST', '/xapi/statements', { actor: { ...louMbox, name: 'Lou' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id: 'http://tools.example/meetings/kick-off' } });
    expect(external.statusCode, external.body).toBe(200);
    const kims = await xapi('POST', '/xapi/statements', { actor: { objectType: 'Agent', mbox: 'mailto:kim@acme.test' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id: 'http://tools.example/meetings/kick-off' } });
    expect(kims.statusCode, kims.body).toBe(200);
    const state = await xapi('PUT', `/xapi/activities/state?${new URLSearchParams({ activityId: 'http://tools.example/meetings/kick-off', agent: JSON.stringify(louMbox), stateId: 'seat' })}`, { row: 3 });
    expect(state.statusCode, state.body).toBe(204);
    const profile = await xapi('POST', `/xapi/agents/profile?${new URLSearchParams({ agent: JSON.stringify(louAgent()), profileId: 'preferences' })}`, { theme: 'dark' });
    expect(profile.statusCode, profile.body).toBe(204);
    await settle();
  }

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(MONDAY);
    admin = await setUpOrganisation(ctx.app);
    orgId = admin.orgId;
    const system = systemActor(orgId);
    const imported = await ctx.services.identity.importPeople(system, 'name,email,team,manager email,location\nMaya Manager,maya@acme.test,Sales,,Leeds\nLou,lou@acme.test,Sales,maya@acme.test,Leeds\nKim,kim@acme.test,Sales,maya@acme.test,York\n', { dryRun: false });
    expect(imported.applied).toBe(true);
    const people = (await ctx.services.identity.listPeople(system, { status: 'active', limit: 50 })).items;
    const idOf = (email: string) => people.find((p) => p.email === email)!.id;
    for (const email of ['maya@acme.test', 'lou@acme.test', 'kim@acme.test']) await ctx.services.auth.setPassword(orgId, idOf(email), PASSWORD);
    louId = idOf('lou@acme.test');
    kimId = idOf('kim@acme.test');
    lou = await signIn(ctx.app, 'lou@acme.test', PASSWORD);
    kim = await signIn(ctx.app, 'kim@acme.test', PASSWORD);
    maya = await signIn(ctx.app, 'maya@acme.test', PASSWORD);

    const objective = await ctx.services.content.createObjective(system, { title: 'Greet callers', performance: 'Greet callers', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    lessonIds = [];
    for (const title of ['The greeting', 'The farewell']) {
      const lesson = await ctx.services.content.createLesson(system, {
        title,
        coreQuestion: `What do I say in ${title.toLowerCase()}?`,
        objectiveId: objective.id,
        tags: [],
        variables: [],
        blocks: [
          { id: 'text', type: 'sample', format: 'text', content: `${title}: say it clearly.` },
          { id: 'q', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: `${title} is said clearly.`, answer: true } },
        ],
      });
      await ctx.services.content.publishLesson(system, lesson.id);
      lessonIds.push(lesson.id);
    }
    const course = await ctx.services.content.createCourse(system, { title: 'Calls', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm', title: 'M', lessonIds }] });
    await ctx.services.content.publishCourse(system, course.id);
    courseId = course.id;
    const reward = await api(admin, 'POST', '/api/rewards', { name: 'Mug', description: 'A mug.', cost: 5, stock: 3, active: true });
    expect(reward.statusCode, reward.body).toBe(201);
    rewardId = reward.json().id;
    const credential = (await api(admin, 'POST', '/api/lrs/credentials', { name: 'Tools' })).json();
    basic = `Basic ${Buffer.from(`${credential.key}:${credential.secret}`).toString('base64')}`;
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('exports everything Morsel holds about a person as one downloadable JSON file, without secrets', async () => {
    await live();
    const response = await api(admin, 'GET', `/api/people/${louId}/export`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="morsel-data-${louId}.json"`);
    const data = response.json();
    expect(data).toMatchObject({ format: 'morsel-person-export', version: 1, person: { id: louId, email: 'lou@acme.test', displayName: 'Lou' }, organisation: { id: orgId, name: 'Acme' } });
    const empty = EXPORTED_AREAS.filter((area) => !(data.sections[area]?.length > 0));
    expect(empty, 'areas with nothing exported').toEqual([]);
    expect(data.counts.attempt).toBe(data.sections.attempt.length);

    // Lou's things, not Kim's: HR facts, answers, the feedback, the metric, statements by account and by email.
    expect(data.sections.person[0]).toMatchObject({ email: 'lou@acme.test', attributes: { location: 'Leeds' } });
    expect(data.sections.teams).toEqual([expect.objectContaining({ name: 'Sales', role: 'member' })]);
    expect(data.sections.attempt.map((a: { mode: string }) => a.mode).sort()).toEqual(['baseline', 'baseline', 'lesson', 'lesson', 'post', 'post', 'review']);
    expect(data.sections.attempt[0].response).toEqual({ kind: 'true_false', value: true });
    expect(data.sections.lesson_progress).toEqual(expect.arrayContaining([expect.objectContaining({ rating: 5, comment: 'Lou liked it.' })]));
    expect(data.sections.business_metric).toEqual([expect.objectContaining({ metric: 'win rate', value: 0.4 })]);
    expect(data.sections.redemption).toEqual([expect.objectContaining({ status: 'requested', cost: 5 })]);
    expect(data.sections.lesson_comment).toEqual([expect.objectContaining({ body: 'Lou’s pilot note' })]);
    expect(data.sections.outbox_message.map((m: { recipient: string }) => m.recipient)).toEqual(['lou@acme.test', 'lou@acme.test']);
    const actors = data.sections.xapi_statement.map((s: { actor: { mbox?: string; account?: { name: string } } }) => s.actor.mbox ?? s.actor.account?.name);
    expect(new Set(actors)).toEqual(new Set([louId, 'mailto:lou@acme.test']));
    expect(data.sections.xapi_document.map((d: { kind: string; content: string }) => [d.kind, JSON.parse(d.content)]).sort()).toEqual([['agent_profile', { theme: 'dark' }], ['state', { row: 3 }]]);
    const text = response.body;
    for (const other of ['kim@acme.test', kimId, 'Kim’s pilot note']) expect(text).not.toContain(other);
    // No password hash, session token or CSRF token, sign-in link token or email body.
    const session = await db().selectFrom('session').select(['id', 'csrf_token']).where('person_id', '=', louId).executeTakeFirstOrThrow();
    for (const secret of ['argon2', session.id, session.csrf_token, '/auth/link?token=']) expect(text).not.toContain(secret);
    expect(data.sections.person[0]).not.toHaveProperty('password_hash');
    expect(data.sections.auth_link[0]).not.toHaveProperty('token_hash');

    // The learner downloads their own; the export is recorded for admins to see.
    const own = await api(lou, 'GET', '/api/profile/export');
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-disposition']).toContain('attachment');
    expect(own.json().counts).toMatchObject({ attempt: 7, business_metric: 1 });
    expect((await api(lou, 'GET', `/api/people/${louId}/export`)).statusCode).toBe(200);
    const requests = (await api(admin, 'GET', `/api/privacy/requests?personId=${louId}`)).json().items;
    expect(requests.map((r: { kind: string; requestedBy: { id: string } }) => [r.kind, r.requestedBy.id])).toEqual([['export', louId], ['export', louId], ['export', admin.personId]]);
  });

  it('erases a person’s data in every area and anonymises them; others’ data stays, and no sweep brings it back', async () => {
    await live();
    const before = Object.fromEntries(await Promise.all(ERASED_TABLES.map(async (table) => [table, await rowsOf(table, kimId)] as const)));
    const louStatements = (await statementsFor(louAgent())).length + (await statementsFor(louMbox)).length;
    expect(louStatements).toBeGreaterThan(5);
    const kimStatements = (await statementsFor({ objectType: 'Agent', account: { homePage: HOME, name: kimId } })).length;
    const stockBefore = (await db().selectFrom('reward').select('stock').where('id', '=', rewardId).executeTakeFirstOrThrow()).stock;

    const erased = await api(admin, 'POST', `/api/people/${louId}/erase`, { confirm: ' Lou@Acme.test ' });
    expect(erased.statusCode, erased.body).toBe(200);
    const report = erased.json();
    expect(report).toMatchObject({ personId: louId, removed: { person: 1, xapi_statement: louStatements, xapi_document: 2, business_metric: 1, redemption: 1 } });
    expect(report.removed.attempt).toBe(7);
    expect(report.kept.map((k: { table: string }) => k.table).sort()).toEqual(['campaign_member', 'person_role', 'privacy_request', 'team_member']);

    // Every area is empty for Lou; the row stays, anonymised and deactivated.
    for (const table of ERASED_TABLES) expect(await rowsOf(table, louId), table).toBe(0);
    const row = await db().selectFrom('person').selectAll().where('id', '=', louId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'Erased person', email: `erased-${louId}@erased.invalid`, status: 'deactivated', password_hash: null, attributes: '{}', manager_id: null, external_id: null });
    // Kim's data is as it was; the mug Lou asked for is back in stock.
    for (const table of ERASED_TABLES) expect(await rowsOf(table, kimId), table).toBe(before[table]);
    expect((await db().selectFrom('reward').select('stock').where('id', '=', rewardId).executeTakeFirstOrThrow()).stock).toBe(Number(stockBefore) + 1);
    expect(await statementsFor({ objectType: 'Agent', account: { homePage: HOME, name: kimId } })).toHaveLength(kimStatements);

    // The LRS knows nothing of Lou, by account or by email; the documents are gone.
    expect(await statementsFor(louAgent())).toEqual([]);
    expect(await statementsFor(louMbox)).toEqual([]);
    expect((await xapi('GET', `/xapi/agents/profile?${new URLSearchParams({ agent: JSON.stringify(louAgent()), profileId: 'preferences' })}`)).statusCode).toBe(404);

    // Lou's session is gone; the sweeps, run from scratch, bring nothing back.
    expect((await api(lou, 'GET', '/api/me')).statusCode).toBe(401);
    await db().deleteFrom('own_statement_cursor').execute();
    await db().deleteFrom('gamification_sweep').execute();
    ctx.clock.advance(60_000);
    await ctx.services.ownStatements.sweep();
    await ctx.services.gamification.sweep();
    await settle();
    for (const table of ['points_entry', 'points_total', 'points_wallet', 'badge_award']) expect(await rowsOf(table, louId), table).toBe(0);
    expect(await statementsFor(louAgent())).toEqual([]);
    // The leaderboard does not show them.
    expect(JSON.stringify((await api(kim, 'GET', '/api/leaderboards?season=all')).json().rows)).not.toContain(louId);

    // The erasure is on record: who, when, whom, and what went.
    const requests = (await api(admin, 'GET', '/api/privacy/requests')).json().items;
    expect(requests[0]).toMatchObject({ kind: 'erase', personId: louId, personName: 'Erased person', requestedBy: { id: admin.personId, name: 'Ada Admin' }, report: { attempt: 7 } });
    expect(JSON.stringify(requests)).not.toContain('lou@acme.test');
  });

  it('lets only admins erase, and only the person themselves or an admin export; a wrong confirmation erases nothing', async () => {
    await live();
    const attempts = await rowsOf('attempt', louId);
    // Learners: not another person's export, no erasing anyone (themselves neither).
    expect((await api(kim, 'GET', `/api/people/${louId}/export`)).json().error.code).toBe('forbidden');
    expect((await api(lou, 'POST', `/api/people/${louId}/erase`, { confirm: 'lou@acme.test' })).json().error.code).toBe('forbidden');
    expect((await api(kim, 'POST', `/api/people/${louId}/erase`, { confirm: 'lou@acme.test' })).json().error.code).toBe('forbidden');
    // Their manager may see their team, not export or erase them.
    expect((await api(maya, 'GET', `/api/people/${louId}/export`)).statusCode).toBe(403);
    expect((await api(maya, 'POST', `/api/people/${louId}/erase`, { confirm: 'lou@acme.test' })).statusCode).toBe(403);
    // An API token cannot either.
    const token = await ctx.services.auth.issueApiToken(orgId, { name: 'HR', scopes: ['people:read'] });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/people/${louId}/export`, headers: { authorization: `Bearer ${token.token}` } })).statusCode).toBe(403);
    // A wrong or missing confirmation: 400, nothing erased.
    const wrong = await api(admin, 'POST', `/api/people/${louId}/erase`, { confirm: 'kim@acme.test' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [expect.objectContaining({ field: 'body.confirm' })] } });
    expect((await api(admin, 'POST', `/api/people/${louId}/erase`, {})).statusCode).toBe(400);
    expect(await rowsOf('attempt', louId)).toBe(attempts);
    expect((await api(lou, 'GET', '/api/me')).statusCode).toBe(200);
    // Admins cannot erase themselves; someone in another organisation is not found.
    expect((await api(admin, 'POST', `/api/people/${admin.personId}/erase`, { confirm: 'admin@acme.test' })).statusCode).toBe(403);
    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const olga = await signIn(ctx.app, 'olga@other.test', 'other admin password');
    expect((await api(olga, 'POST', `/api/people/${louId}/erase`, { confirm: 'lou@acme.test' })).statusCode).toBe(404);
    expect((await api(olga, 'GET', `/api/people/${louId}/export`)).statusCode).toBe(404);
    expect(await rowsOf('attempt', louId)).toBe(attempts);
    // Only admins read the record of requests.
    expect((await api(maya, 'GET', '/api/privacy/requests')).statusCode).toBe(403);
    expect((await api(admin, 'GET', '/api/privacy/requests')).json().items.filter((r: { kind: string }) => r.kind === 'erase')).toEqual([]);
  });
});
