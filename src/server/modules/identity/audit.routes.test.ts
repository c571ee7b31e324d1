/**
 * Issue 9's audit log on both databases, through HTTP: an admin's writes (a person added, their roles changed, an API
 * token created and revoked) and the token's own write are recorded in order with their routes, targets and field
 * names, never a password or a token; a learner's answers and feedback are not recorded; a manager's refused write
 * (403) is; only admins read the log (JSON and CSV), and bad filters answer 400.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from './access.ts';
import type { AuditEvent, AuditPage } from './audit.schemas.ts';
import { ERASED_NAME } from './privacy.ts';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'Tr0ub4dor&3-never-logged';

describe.each(testDialects)('the audit log on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let orgId: string;

  const api = (session: TestSession | { bearer: string }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({
      method,
      url,
      headers: 'bearer' in session ? { authorization: `Bearer ${session.bearer}` } : asSession(session),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  /** Each request's record is written before its response goes out; let a second pass between requests. */
  const step = async () => {
    ctx.clock.advance(1000);
  };
  const auditLog = async (query = '') => {
    const response = await api(admin, 'GET', `/api/audit${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as AuditPage;
  };
  const shape = (event: AuditEvent) => ({ actor: event.actor.label, kind: event.actor.kind, method: event.method, route: event.route, targetId: event.targetId, status: event.status, fields: event.fields });

  /** A person with roles and a password, signed in. */
  async function member(email: string, roles: string[]): Promise<TestSession & { id: string }> {
    const person = await ctx.services.identity.createPerson(systemActor(orgId), { email, displayName: email.split('@')[0]!, roles: roles as ['learner'], password: PASSWORD });
    return { ...(await signIn(ctx.app, email, PASSWORD)), id: person.id };
  }

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    admin = await setUpOrganisation(ctx.app);
    orgId = admin.orgId;
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('records an admin’s writes and a token’s, in order, with routes, targets and field names but never a secret', async () => {
    const created = await api(admin, 'POST', '/api/people', { email: 'nia@acme.test', displayName: 'Nia', roles: ['learner'], password: NEW_PASSWORD });
    expect(created.statusCode, created.body).toBe(201);
    const niaId = created.json().id as string;
    await step();
    expect((await api(admin, 'PATCH', `/api/people/${niaId}`, { roles: ['learner', 'manager'] })).statusCode).toBe(200);
    await step();
    const token = await api(admin, 'POST', '/api/tokens', { name: 'HR sync', scopes: ['people:write'] });
    expect(token.statusCode, token.body).toBe(201);
    const { id: tokenId, token: secret } = token.json() as { id: string; token: string };
    await step();
    const byToken = await api({ bearer: secret }, 'PATCH', `/api/people/${niaId}`, { displayName: 'Nia Q' });
    expect(byToken.statusCode, byToken.body).toBe(200);
    await step();
    expect((await api(admin, 'DELETE', `/api/tokens/${tokenId}`)).statusCode).toBe(204);
    await step();
    // Reads are not recorded.
    expect((await api(admin, 'GET', '/api/people')).statusCode).toBe(200);

    const { items, nextCursor } = await auditLog();
    expect(nextCursor).toBeNull();
    expect(items.map(shape)).toEqual([
      { actor: 'Ada Admin', kind: 'person', method: 'DELETE', route: '/api/tokens/:id', targetId: tokenId, status: 204, fields: [] },
      { actor: 'HR sync', kind: 'token', method: 'PATCH', route: '/api/people/:id', targetId: niaId, status: 200, fields: ['displayName'] },
      { actor: 'Ada Admin', kind: 'person', method: 'POST', route: '/api/tokens', targetId: null, status: 201, fields: ['name', 'scopes'] },
      { actor: 'Ada Admin', kind: 'person', method: 'PATCH', route: '/api/people/:id', targetId: niaId, status: 200, fields: ['roles'] },
      { actor: 'Ada Admin', kind: 'person', method: 'POST', route: '/api/people', targetId: null, status: 201, fields: ['email', 'displayName', 'roles', 'password'] },
    ]);
    expect(items[0]!.actor.id).toBe(admin.personId);
    expect(items[1]!.actor.id).toBe(tokenId);
    expect(items[0]!.createdAt > items[4]!.createdAt).toBe(true);

    // Nothing stored anywhere in the rows is a password or a token.
    const rows = await ctx.services.database.db.selectFrom('audit_event').selectAll().execute();
    expect(rows).toHaveLength(5);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(NEW_PASSWORD);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(0, 16));

    // Filters: by actor, by route prefix, by time; and pages through a cursor.
    expect((await auditLog(`?actor=${tokenId}`)).items.map((e) => e.actor.label)).toEqual(['HR sync']);
    expect((await auditLog('?route=/api/tokens')).items.map((e) => e.route)).toEqual(['/api/tokens/:id', '/api/tokens']);
    expect((await auditLog(`?from=${encodeURIComponent(items[1]!.createdAt)}&to=${encodeURIComponent(items[0]!.createdAt)}`)).items.map((e) => e.id)).toEqual([items[1]!.id]);
    const first = await auditLog('?limit=2');
    expect(first.items.map((e) => e.id)).toEqual([items[0]!.id, items[1]!.id]);
    const second = await auditLog(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.id)).toEqual([items[2]!.id, items[3]!.id]);
    const third = await auditLog(`?limit=2&cursor=${second.nextCursor}`);
    expect(third).toEqual({ items: [expect.objectContaining({ id: items[4]!.id })], nextCursor: null });

    // The CSV: the same records with the same filter, formula-safe.
    const csv = await api(admin, 'GET', '/api/audit.csv?route=/api/people');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('audit-log.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('when,actor kind,actor id,actor,method,route,target,status,fields,ip');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,token,${tokenId},HR sync,PATCH,/api/people/:id,${niaId},200,displayName,`);
    expect(lines[3]).toContain(',POST,/api/people,,201,email displayName roles password,');
    expect(csv.body).not.toContain(NEW_PASSWORD);
  });

  it('records nothing of a learner’s answers and feedback, and records a manager’s refused write (403)', async () => {
    const system = systemActor(orgId);
    const lou = await member('lou@acme.test', ['learner']);
    const maya = await member('maya@acme.test', ['manager']);
    const objective = await ctx.services.content.createObjective(system, { title: 'Greet callers', performance: 'Greet callers', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const lesson = await ctx.services.content.createLesson(system, {
      title: 'The greeting',
      coreQuestion: 'What do I say first?',
      objectiveId: objective.id,
      tags: [],
      variables: [],
      blocks: [
        { id: 'text', type: 'sample', format: 'text', content: 'Say it clearly.' },
        { id: 'q', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: 'Say it clearly.', answer: true } },
      ],
    });
    await ctx.services.content.publishLesson(system, lesson.id);
    const course = await ctx.services.content.createCourse(system, { title: 'Calls', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm', title: 'M', lessonIds: [lesson.id] }] });
    await ctx.services.content.publishCourse(system, course.id);
    await ctx.services.learning.enrol(system, { courseId: course.id, personIds: [lou.id] });

    const answer = await api(lou, 'POST', '/api/learn/attempts', { courseId: course.id, lessonId: lesson.id, questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() });
    expect(answer.statusCode, answer.body).toBeLessThan(300);
    const feedback = await api(lou, 'POST', `/api/learn/courses/${course.id}/lessons/${lesson.id}/feedback`, { answeredMyQuestion: true });
    expect(feedback.statusCode, feedback.body).toBeLessThan(300);
    expect((await api(lou, 'PATCH', '/api/me', { locale: 'en' })).statusCode).toBe(200);
    expect((await auditLog()).items).toEqual([]);

    // A manager trying to create an API token is refused, and the refusal is recorded.
    const refused = await api(maya, 'POST', '/api/tokens', { name: 'Mine', scopes: ['people:read'] });
    expect(refused.statusCode).toBe(403);
    // …but not a request refused as invalid (400), nor an anonymous one (401).
    expect((await api(maya, 'POST', '/api/tokens', { name: '' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x', scopes: ['people:read'] } })).statusCode).toBe(401);
    const { items } = await auditLog();
    expect(items.map(shape)).toEqual([{ actor: 'maya', kind: 'person', method: 'POST', route: '/api/tokens', targetId: null, status: 403, fields: ['name', 'scopes'] }]);
    expect(items[0]!.actor.id).toBe(maya.id);

    // Erasing the manager keeps the record of what they did, under the erased name.
    const erased = await api(admin, 'POST', `/api/people/${maya.id}/erase`, { confirm: 'maya@acme.test' });
    expect(erased.statusCode, erased.body).toBe(200);
    const after = await auditLog();
    expect(after.items.map((e) => [e.actor.label, e.actor.id, e.route, e.targetId])).toEqual([
      ['Ada Admin', admin.personId, '/api/people/:id/erase', maya.id],
      [ERASED_NAME, maya.id, '/api/tokens', null],
    ]);
  });

  it('lets only admins read the log, and refuses bad filters with 400', async () => {
    const maya = await member('maya@acme.test', ['manager', 'author']);
    const lou = await member('lou@acme.test', ['learner']);
    for (const session of [maya, lou]) {
      for (const url of ['/api/audit', '/api/audit.csv']) {
        const response = await api(session, 'GET', url);
        expect(response.statusCode, url).toBe(403);
        expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
      }
    }
    const token = await ctx.services.auth.issueApiToken(orgId, { name: 'Reader', scopes: ['people:read'] });
    expect((await api({ bearer: token.token }, 'GET', '/api/audit')).statusCode).toBe(403);
    for (const query of ['limit=0', 'limit=201', 'limit=many', 'from=yesterday', 'to=2026-13-01T00:00:00Z', 'route=people', 'cursor=not-a-cursor', 'from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z']) {
      const response = await api(admin, 'GET', `/api/audit?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });
});
