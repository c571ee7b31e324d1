/**
 * The LRS's statements resource (xAPI 1.0.3), on both databases, through HTTP: versions and credentials, storing
 * one statement or a batch (all or none), conflicts, voiding, every query filter, paging with "more", the formats,
 * and tenancy (a credential sees its organisation's statements only).
 */
import { createHash, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';
const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const KIT = { mbox: 'mailto:kit@example.com', name: 'Kit' };
const MAX = { mbox: 'mailto:max@example.com', name: 'Max' };
const LESSON = 'https://morsel.example/lessons/facing-shelves';
const COURSE = 'https://morsel.example/courses/opening';

function statement(overrides: Record<string, unknown> = {}) {
  return { actor: KIT, verb: { id: ANSWERED, display: { 'en-GB': 'answered', 'fr-FR': 'a répondu' } }, object: { id: LESSON, definition: { name: { 'en-GB': 'Facing the shelves', fr: 'Les rayons' } } }, ...overrides };
}

describe.each(testDialects)('xAPI statements on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let basic: string;

  const xapi = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...VERSION, authorization: basic, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const query = async (params: Record<string, string>) => {
    const response = await xapi('GET', `/xapi/statements?${new URLSearchParams(params)}`);
    expect(response.statusCode).toBe(200);
    return response.json() as { statements: { id: string; actor: unknown; verb: { id: string; display?: unknown }; object: { id: string; definition?: unknown } }[]; more: string };
  };
  const credentialOf = async (session: TestSession) => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/lrs/credentials', headers: asSession(session), payload: { name: 'Tests' } });
    expect(created.statusCode).toBe(201);
    const { key, secret, endpoint } = created.json();
    expect(endpoint).toBe('http://morsel.test/xapi/');
    return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  };

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-02T09:00:00.000Z');
    admin = await setUpOrganisation(ctx.app);
    basic = await credentialOf(admin);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('says its version to anyone, and asks every other request for a version and a credential', async () => {
    const about = await ctx.app.inject({ method: 'GET', url: '/xapi/about' });
    expect(about.json()).toEqual({ version: ['1.0.3', '1.0.2', '1.0.1', '1.0.0'], extensions: {} });
    expect(about.headers['x-experience-api-version']).toBe('1.0.3');
    const noVersion = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { authorization: basic } });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.code).toBe('xapi_version_required');
    expect((await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { ...VERSION, authorization: basic, 'x-experience-api-version': '2.0.0' } })).statusCode).toBe(400);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: VERSION });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    const wrong = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { ...VERSION, authorization: `Basic ${Buffer.from('mk_nobody:secret').toString('base64')}` } });
    expect(wrong.statusCode).toBe(401);
    // A session cookie is no LRS credential.
    expect((await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { ...VERSION, ...asSession(admin) } })).statusCode).toBe(401);
  });

  it('stores a statement by PUT and by POST, adds what the LRS adds, and returns it by id', async () => {
    const id = randomUUID();
    const put = await xapi('PUT', `/xapi/statements?statementId=${id}`, statement());
    expect(put.statusCode).toBe(204);
    const posted = await xapi('POST', '/xapi/statements', statement({ verb: { id: COMPLETED } }));
    expect(posted.statusCode).toBe(200);
    const [postedId] = posted.json();
    expect(postedId).toMatch(/^[0-9a-f-]{36}$/);

    const got = await xapi('GET', `/xapi/statements?statementId=${id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['x-experience-api-consistent-through']).toBe('2026-03-02T09:00:00.000Z');
    expect(got.headers['last-modified']).toBe(new Date('2026-03-02T09:00:00.000Z').toUTCString());
    expect(got.json()).toMatchObject({ id, stored: '2026-03-02T09:00:00.000Z', timestamp: '2026-03-02T09:00:00.000Z', version: '1.0.0', authority: { objectType: 'Agent', name: 'Tests', account: { homePage: 'http://morsel.test' } }, actor: KIT });
    expect((await xapi('GET', `/xapi/statements?statementId=${randomUUID()}`)).statusCode).toBe(404);
  });

  it('takes the same statement again without change, and refuses a different one under a stored id', async () => {
    const id = randomUUID();
    expect((await xapi('PUT', `/xapi/statements?statementId=${id}`, statement())).statusCode).toBe(204);
    expect((await xapi('PUT', `/xapi/statements?statementId=${id}`, statement())).statusCode).toBe(204);
    expect((await xapi('POST', '/xapi/statements', statement({ id }))).json()).toEqual([id]);
    const conflict = await xapi('PUT', `/xapi/statements?statementId=${id}`, statement({ verb: { id: COMPLETED } }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('statement_conflict');
    expect((await xapi('PUT', `/xapi/statements?statementId=${id}`, statement({ id: randomUUID() }))).statusCode).toBe(400);
    expect((await query({})).statements).toHaveLength(1);
  });

  it('stores a batch all or none: one bad statement, or one id twice, stores nothing and says which', async () => {
    const bad = await xapi('POST', '/xapi/statements', [statement(), statement({ actor: { name: 'No identifier' } }), statement()]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('body.1.actor');
    const id = randomUUID();
    expect((await xapi('POST', '/xapi/statements', [statement({ id }), statement({ id })])).statusCode).toBe(400);
    // A conflict in the middle of a batch rolls back the statements before it.
    const stored = randomUUID();
    await xapi('PUT', `/xapi/statements?statementId=${stored}`, statement());
    expect((await xapi('POST', '/xapi/statements', [statement(), statement({ id: stored, verb: { id: COMPLETED } })])).statusCode).toBe(409);
    expect((await query({})).statements.map((s) => s.id)).toEqual([stored]);
    for (const body of ['not json', '"a string"', '[]']) expect((await ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...VERSION, authorization: basic, 'content-type': 'application/json' }, payload: body })).statusCode).toBe(400);
  });

  it('voids a statement: gone from queries and from GET by statementId, there by voidedStatementId; a voiding statement cannot be voided', async () => {
    const id = randomUUID();
    await xapi('PUT', `/xapi/statements?statementId=${id}`, statement());
    const voiding = randomUUID();
    const voided = await xapi('PUT', `/xapi/statements?statementId=${voiding}`, { actor: KIT, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id } });
    expect(voided.statusCode).toBe(204);
    expect((await xapi('GET', `/xapi/statements?statementId=${id}`)).statusCode).toBe(404);
    expect((await xapi('GET', `/xapi/statements?voidedStatementId=${id}`)).json()).toMatchObject({ id });
    expect((await xapi('GET', `/xapi/statements?voidedStatementId=${voiding}`)).statusCode).toBe(404);
    expect((await query({})).statements.map((s) => s.id)).toEqual([voiding]);
    // The voiding statement matches a filter its target matches (it refers to it).
    expect((await query({ verb: ANSWERED })).statements.map((s) => s.id)).toEqual([voiding]);
    expect((await xapi('POST', '/xapi/statements', { actor: KIT, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: voiding } })).statusCode).toBe(400);
    // A statement arriving after its voiding statement is voided at once.
    const late = randomUUID();
    await xapi('POST', '/xapi/statements', { actor: KIT, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: late } });
    await xapi('PUT', `/xapi/statements?statementId=${late}`, statement());
    expect((await xapi('GET', `/xapi/statements?voidedStatementId=${late}`)).statusCode).toBe(200);
  });

  it('filters by agent, verb, activity and registration, related ones on request, and by time', async () => {
    const registration = randomUUID();
    const ids: Record<string, string> = {};
    const post = async (name: string, body: object, at: string) => {
      ctx.clock.set(at);
      [ids[name]] = (await xapi('POST', '/xapi/statements', body)).json();
    };
    await post('kitAnswered', statement({ context: { registration, contextActivities: { parent: { id: COURSE } } } }), '2026-03-02T09:00:00.000Z');
    await post('maxCompleted', statement({ actor: MAX, verb: { id: COMPLETED }, context: { instructor: KIT } }), '2026-03-02T10:00:00.000Z');
    await post('groupAnswered', statement({ actor: { objectType: 'Group', member: [MAX, KIT] }, object: { id: COURSE } }), '2026-03-02T11:00:00.000Z');
    const idsOf = async (params: Record<string, string>) => (await query(params)).statements.map((s) => s.id);

    expect(await idsOf({ agent: JSON.stringify({ mbox: KIT.mbox }) })).toEqual([ids.groupAnswered, ids.kitAnswered]);
    expect(await idsOf({ agent: JSON.stringify({ mbox: KIT.mbox }), related_agents: 'true' })).toEqual([ids.groupAnswered, ids.maxCompleted, ids.kitAnswered]);
    expect(await idsOf({ verb: COMPLETED })).toEqual([ids.maxCompleted]);
    expect(await idsOf({ activity: COURSE })).toEqual([ids.groupAnswered]);
    expect(await idsOf({ activity: COURSE, related_activities: 'true' })).toEqual([ids.groupAnswered, ids.kitAnswered]);
    expect(await idsOf({ registration })).toEqual([ids.kitAnswered]);
    expect(await idsOf({ since: '2026-03-02T09:00:00.000Z', until: '2026-03-02T10:00:00Z' })).toEqual([ids.maxCompleted]);
    expect(await idsOf({ ascending: 'true' })).toEqual([ids.kitAnswered, ids.maxCompleted, ids.groupAnswered]);
    expect(await idsOf({ agent: JSON.stringify({ mbox: 'mailto:nobody@example.com' }) })).toEqual([]);

    const refusals: Record<string, string>[] = [{ agent: 'kit' }, { agent: JSON.stringify({ objectType: 'Group', member: [KIT] }) }, { verb: 'answered' }, { since: 'yesterday' }, { limit: '-1' }, { colour: 'blue' }, { statementId: ids.kitAnswered!, verb: ANSWERED }, { format: 'full' }];
    for (const params of refusals) {
      const refused = await xapi('GET', `/xapi/statements?${new URLSearchParams(params)}`);
      expect(refused.statusCode, JSON.stringify(params)).toBe(400);
    }
  });

  it('pages with "more" until it is empty, in either order', async () => {
    const posted: string[] = [];
    for (let k = 0; k < 5; k++) posted.push(...(await xapi('POST', '/xapi/statements', statement())).json());
    for (const ascending of [false, true]) {
      const seen: string[] = [];
      let page = await query({ limit: '2', ascending: String(ascending) });
      seen.push(...page.statements.map((s) => s.id));
      while (page.more) {
        const next = await xapi('GET', page.more);
        expect(next.statusCode).toBe(200);
        page = next.json();
        seen.push(...page.statements.map((s) => s.id));
      }
      expect(seen).toEqual(ascending ? posted : [...posted].reverse());
    }
    expect((await xapi('GET', '/xapi/statements?more=garbage')).statusCode).toBe(400);
  });

  it('returns statements exact, as ids, or in the reader’s language', async () => {
    const [id] = (await xapi('POST', '/xapi/statements', statement())).json();
    const ids = (await query({ format: 'ids' })).statements[0]!;
    expect(ids.actor).toEqual({ mbox: KIT.mbox });
    expect(ids.verb).toEqual({ id: ANSWERED });
    expect(ids.object).toEqual({ id: LESSON });
    const french = await xapi('GET', `/xapi/statements?statementId=${id}&format=canonical`, undefined, { 'accept-language': 'fr-FR, en;q=0.5' });
    expect(french.json().verb.display).toEqual({ 'fr-FR': 'a répondu' });
    expect(french.json().object.definition.name).toEqual({ fr: 'Les rayons' });
    const multipart = await xapi('GET', `/xapi/statements?statementId=${id}&attachments=true`);
    expect(multipart.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    expect(multipart.body).toContain(`"id":"${id}"`);
  });

  it('keeps each organisation’s statements to its own credentials, and lets admins revoke a credential', async () => {
    const [id] = (await xapi('POST', '/xapi/statements', statement())).json();
    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const { signIn } = await import('../../testing/test-app.ts');
    const olga = await signIn(ctx.app, 'olga@other.test', 'other admin password');
    const ours = basic;
    basic = await credentialOf(olga);
    expect((await query({})).statements).toEqual([]);
    expect((await xapi('GET', `/xapi/statements?statementId=${id}`)).statusCode).toBe(404);
    // The same id in another organisation is another statement.
    expect((await xapi('PUT', `/xapi/statements?statementId=${id}`, statement({ verb: { id: COMPLETED } }))).statusCode).toBe(204);
    basic = ours;
    const list = await ctx.app.inject({ method: 'GET', url: '/api/lrs/credentials', headers: asSession(admin) });
    expect(list.json().items).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain('secret');
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/lrs/credentials/${list.json().items[0].id}`, headers: asSession(admin) })).statusCode).toBe(204);
    expect((await xapi('GET', '/xapi/statements')).statusCode).toBe(401);
  });

  it('takes the alternate request syntax: the method in the query, headers, parameters and content as a form', async () => {
    const id = randomUUID();
    const form = (fields: Record<string, string>) => new URLSearchParams({ Authorization: basic, 'X-Experience-API-Version': '1.0.3', ...fields }).toString();
    const post = (method: string, fields: Record<string, string>, extraQuery = '') =>
      ctx.app.inject({ method: 'POST', url: `/xapi/statements?method=${method}${extraQuery}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
    const put = await post('PUT', { statementId: id, content: JSON.stringify(statement()), 'Content-Type': 'application/json' });
    expect(put.statusCode).toBe(204);
    const got = await post('GET', { statementId: id });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id });
    expect(got.headers['x-experience-api-version']).toBe('1.0.3');
    // Its credentials are checked as any request's; other query parameters and other methods are refused.
    expect((await post('GET', { statementId: id, Authorization: 'Basic bm9ib2R5Om5vdGhpbmc=' })).statusCode).toBe(401);
    const extra = await post('GET', {}, `&statementId=${id}`);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toMatch(/every parameter but method goes in the form body/);
    expect((await post('PATCH', { statementId: id })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=GET', headers: { 'content-type': 'application/json' }, payload: {} })).statusCode).toBe(400);
  });

  describe('attachments', () => {
    const PICTURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]);
    const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const attachment = (data: Buffer, extra: object = {}) => ({ usageType: 'https://morsel.example/attachments/photo', display: { en: 'Photo of the shelf' }, contentType: 'image/png', length: data.length, sha2: sha256(data), ...extra });
    /** POSTs statements as multipart/mixed with the given parts after them. */
    const postMultipart = (statements: unknown, parts: { data: Buffer; hash?: string; contentType?: string }[]) => {
      const { contentType, body } = buildMultipart([
        { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(statements)) },
        ...parts.map((part) => ({ headers: { 'Content-Type': part.contentType ?? 'image/png', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': part.hash ?? sha256(part.data) }, body: part.data })),
      ]);
      return ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...VERSION, authorization: basic, 'content-type': contentType }, payload: body });
    };

    it('stores attachment data sent with a statement and returns it with attachments=true', async () => {
      const posted = await postMultipart(statement({ attachments: [attachment(PICTURE)] }), [{ data: PICTURE }]);
      expect(posted.statusCode).toBe(200);
      const [id] = posted.json();
      const got = await xapi('GET', `/xapi/statements?statementId=${id}&attachments=true`);
      const parts = parseMultipart(got.rawPayload, boundaryOf(got.headers['content-type'] as string)!);
      expect(JSON.parse(parts[0]!.body.toString()).id).toBe(id);
      expect(parts[1]!.headers).toMatchObject({ 'content-type': 'image/png', 'x-experience-api-hash': sha256(PICTURE) });
      expect(parts[1]!.body.equals(PICTURE)).toBe(true);
      // A result too, and without attachments=true plain JSON.
      const result = await xapi('GET', '/xapi/statements?attachments=true');
      expect(parseMultipart(result.rawPayload, boundaryOf(result.headers['content-type'] as string)!)).toHaveLength(2);
      expect((await xapi('GET', `/xapi/statements?statementId=${id}`)).headers['content-type']).toMatch(/^application\/json/);
    });

    it('refuses data that is missing, extra, or not what its hash says, and stores nothing then', async () => {
      expect((await xapi('POST', '/xapi/statements', statement({ attachments: [attachment(PICTURE)] }))).statusCode).toBe(400);
      expect((await xapi('POST', '/xapi/statements', statement({ attachments: [attachment(PICTURE, { fileUrl: 'https://files.example/p.png' })] }))).statusCode).toBe(200);
      expect((await postMultipart(statement({ attachments: [attachment(PICTURE)] }), [{ data: Buffer.from('other bytes'), hash: sha256(PICTURE) }])).statusCode).toBe(400);
      expect((await postMultipart(statement({ attachments: [attachment(PICTURE)] }), [{ data: PICTURE }, { data: Buffer.from('stray') }])).statusCode).toBe(400);
      expect((await postMultipart(statement({ attachments: [attachment(PICTURE)] }), [])).statusCode).toBe(400);
      const noBoundary = await ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...VERSION, authorization: basic, 'content-type': 'multipart/mixed' }, payload: 'x' });
      expect(noBoundary.statusCode).toBe(400);
      expect((await query({})).statements).toHaveLength(1);
    });

    it('takes a statement signed with RS256 and refuses a signature that is malformed or of another statement', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jws = (payload: object, alg = 'RS256') => {
        const head = Buffer.from(JSON.stringify({ alg })).toString('base64url');
        const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
        return Buffer.from(`${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url')}`);
      };
      const signedPart = statement();
      const signature = (data: Buffer) => attachment(data, { usageType: 'http://adlnet.gov/expapi/attachments/signature', contentType: 'application/octet-stream' });
      const good = jws(signedPart);
      expect((await postMultipart({ ...signedPart, attachments: [signature(good)] }, [{ data: good, contentType: 'application/octet-stream' }])).statusCode).toBe(200);
      for (const bad of [Buffer.from('not a jws'), jws(signedPart, 'none'), jws(statement({ verb: { id: COMPLETED } }))]) {
        const refused = await postMultipart({ ...signedPart, attachments: [signature(bad)] }, [{ data: bad, contentType: 'application/octet-stream' }]);
        expect(refused.statusCode).toBe(400);
      }
    });
  });
});
