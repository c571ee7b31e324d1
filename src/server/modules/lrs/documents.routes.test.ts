/**
 * The LRS's document resources (xAPI 1.0.3: State, Activity Profile, Agent Profile) and the Activities and Agents
 * resources, on both databases, through HTTP: every verb, JSON merge, documents of any content type, ETags and
 * preconditions, `since`, deletes, bad input with nothing written, tenancy, and the /xapi scope's version and
 * credential checks.
 */
import type { Statement } from '../../../core/xapi/index.ts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { mergeActivityDefinition, recordActivityDefinitions } from './documents.service.ts';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const JSON_TYPE = { 'content-type': 'application/json' };
const KIT = { objectType: 'Agent', mbox: 'mailto:kit@example.com', name: 'Kit' };
const MAX = { mbox: 'mailto:max@example.com' };
const LESSON = 'https://morsel.example/lessons/facing-shelves';
const COURSE = 'https://morsel.example/courses/opening';

const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');

describe.each(testDialects)('xAPI documents on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let basic: string;

  type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** A request to the LRS with its version header and credential; a JSON object or array payload goes as application/json. */
  const xapi = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method,
      url,
      headers: { ...VERSION, authorization: basic, ...(payload !== undefined && typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON_TYPE : {}), ...headers },
      ...(payload === undefined ? {} : { payload: typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : (payload as string | Buffer) }),
    });
  const query = (params: Record<string, string | undefined>) => new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  const state = (params: Record<string, string | undefined> = {}) => `/xapi/activities/state?${query({ activityId: LESSON, agent: JSON.stringify(KIT), ...params })}`;
  const activityProfile = (params: Record<string, string | undefined> = {}) => `/xapi/activities/profile?${query({ activityId: LESSON, ...params })}`;
  const agentProfile = (params: Record<string, string | undefined> = {}) => `/xapi/agents/profile?${query({ agent: JSON.stringify(KIT), ...params })}`;
  const credentialOf = async (session: TestSession) => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/lrs/credentials', headers: asSession(session), payload: { name: 'Documents tests' } });
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json();
    return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  };
  const expectError = (response: LightMyRequestResponse, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
  };
  const etagOf = async (url: string) => (await xapi('GET', url)).headers.etag as string;

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-02T09:00:00.000Z');
    admin = await setUpOrganisation(ctx.app);
    basic = await credentialOf(admin);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('asks every document, Activities and Agents request for a version and a credential (the /xapi scope)', async () => {
    for (const url of [state({ stateId: 's' }), activityProfile({ profileId: 'p' }), agentProfile({ profileId: 'p' }), `/xapi/activities?activityId=${LESSON}`, `/xapi/agents?agent=${encodeURIComponent(JSON.stringify(KIT))}`]) {
      expectError(await ctx.app.inject({ method: 'GET', url, headers: { authorization: basic } }), 400, 'xapi_version_required');
      const anonymous = await ctx.app.inject({ method: 'GET', url, headers: VERSION });
      expectError(anonymous, 401, 'unauthenticated');
      expect(anonymous.headers['www-authenticate']).toContain('Basic');
      expect(anonymous.headers['x-experience-api-version']).toBe('1.0.3');
      // A session cookie is no LRS credential.
      expect((await ctx.app.inject({ method: 'GET', url, headers: { ...VERSION, ...asSession(admin) } })).statusCode).toBe(401);
    }
    // Nothing was written by the refused writes either.
    expect((await ctx.app.inject({ method: 'PUT', url: state({ stateId: 's' }), headers: { ...VERSION, ...JSON_TYPE }, payload: '{}' })).statusCode).toBe(401);
    expect((await xapi('GET', state())).json()).toEqual([]);
  });

  describe('State', () => {
    it('stores a document by PUT, returns it with its ETag and Last-Modified, and replaces it by PUT', async () => {
      const document = { bookmark: 'b3', score: 2 };
      const put = await xapi('PUT', state({ stateId: 'progress' }), document);
      expect(put.statusCode).toBe(204);
      expect(put.headers['x-experience-api-version']).toBe('1.0.3');
      const got = await xapi('GET', state({ stateId: 'progress' }));
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(document);
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers.etag).toBe(`"${sha1(JSON.stringify(document))}"`);
      expect(got.headers['last-modified']).toBe(new Date('2026-03-02T09:00:00.000Z').toUTCString());

      ctx.clock.set('2026-03-02T10:00:00.000Z');
      // No precondition needed for State, even over an existing document.
      expect((await xapi('PUT', state({ stateId: 'progress' }), { bookmark: 'b4' })).statusCode).toBe(204);
      const replaced = await xapi('GET', state({ stateId: 'progress' }));
      expect(replaced.json()).toEqual({ bookmark: 'b4' });
      expect(replaced.headers['last-modified']).toBe(new Date('2026-03-02T10:00:00.000Z').toUTCString());
      expectError(await xapi('GET', state({ stateId: 'nothing-here' })), 404, 'not_found');
    });

    it('keeps documents apart by activity, agent and registration, and answers HEAD with the headers only', async () => {
      const registration = randomUUID();
      await xapi('PUT', state({ stateId: 's' }), { which: 'none' });
      await xapi('PUT', state({ stateId: 's', registration }), { which: 'registration' });
      await xapi('PUT', state({ stateId: 's', agent: JSON.stringify(MAX) }), { which: 'max' });
      await xapi('PUT', state({ stateId: 's', activityId: COURSE }), { which: 'course' });
      expect((await xapi('GET', state({ stateId: 's' }))).json()).toEqual({ which: 'none' });
      // A registration is a UUID in any case; an mbox too, and an agent is the same agent however it is written.
      expect((await xapi('GET', state({ stateId: 's', registration: registration.toUpperCase() }))).json()).toEqual({ which: 'registration' });
      expect((await xapi('GET', state({ stateId: 's', agent: JSON.stringify({ mbox: 'mailto:MAX@example.com', name: 'Max M' }) }))).json()).toEqual({ which: 'max' });
      expect((await xapi('GET', state({ stateId: 's', activityId: COURSE }))).json()).toEqual({ which: 'course' });
      const head = await xapi('HEAD', state({ stateId: 's' }));
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers.etag).toBe(`"${sha1(JSON.stringify({ which: 'none' }))}"`);
    });

    it('stores by POST when there is nothing, and merges JSON objects when there is, top-level properties whole', async () => {
      expect((await xapi('POST', state({ stateId: 'vars' }), { x: 'foo', y: 'bar', nested: { a: 1, b: 2 } })).statusCode).toBe(204);
      expect((await xapi('POST', state({ stateId: 'vars' }), { x: 'bash', z: 'faz', nested: { c: 3 } })).statusCode).toBe(204);
      const merged = await xapi('GET', state({ stateId: 'vars' }));
      expect(merged.json()).toEqual({ x: 'bash', y: 'bar', nested: { c: 3 }, z: 'faz' });
      expect(merged.headers.etag).toBe(`"${sha1(merged.rawPayload)}"`);
      // A document POSTed where none is, of any type, is stored as a PUT would.
      expect((await xapi('POST', state({ stateId: 'counter' }), '1', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(204);
      expect((await xapi('GET', state({ stateId: 'counter' }))).body).toBe('1');
    });

    it('refuses a POST that cannot merge (not JSON, not an object, either side), and changes nothing', async () => {
      await xapi('PUT', state({ stateId: 'vars' }), { x: 1 });
      await xapi('PUT', state({ stateId: 'text' }), 'plain words', { 'content-type': 'text/plain' });
      const before = await etagOf(state({ stateId: 'vars' }));
      for (const [stateId, body, contentType] of [
        ['vars', '[1, 2]', 'application/json'],
        ['vars', '"a string"', 'application/json'],
        ['vars', 'abcdefg', 'application/octet-stream'],
        ['vars', 'abc', 'application/x-www-form-urlencoded'],
        ['vars', '{"broken":', 'application/json'],
        ['text', '{"x":2}', 'application/json'],
      ] as const) {
        const refused = await xapi('POST', state({ stateId }), body, { 'content-type': contentType });
        expect(refused.statusCode, `${stateId} ${body}`).toBe(400);
      }
      expect(await etagOf(state({ stateId: 'vars' }))).toBe(before);
      expect((await xapi('GET', state({ stateId: 'text' }))).body).toBe('plain words');
      // application/json that is not JSON is refused by PUT too.
      expectError(await xapi('PUT', state({ stateId: 'fresh' }), '{nope', JSON_TYPE), 400, 'invalid_json');
      expect((await xapi('GET', state())).json()).toEqual(['text', 'vars']);
    });

    it('returns any content type as it was sent, byte for byte', async () => {
      const picture = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]), randomBytes(4096)]);
      expect((await xapi('PUT', state({ stateId: 'picture' }), picture, { 'content-type': 'image/png' })).statusCode).toBe(204);
      const got = await xapi('GET', state({ stateId: 'picture' }));
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.rawPayload.equals(picture)).toBe(true);
      expect(got.headers.etag).toBe(`"${sha1(picture)}"`);
      // Nothing a client stored runs as this site's page.
      expect(got.headers['content-security-policy']).toContain('sandbox');
      await xapi('PUT', state({ stateId: 'latin' }), Buffer.from('café', 'latin1'), { 'content-type': 'text/plain; charset=iso-8859-1' });
      const latin = await xapi('GET', state({ stateId: 'latin' }));
      expect(latin.headers['content-type']).toBe('text/plain; charset=iso-8859-1');
      expect(latin.rawPayload.equals(Buffer.from('café', 'latin1'))).toBe(true);
      // An empty document is a document; one sent without a Content-Type is application/octet-stream.
      expect((await xapi('PUT', state({ stateId: 'empty' }))).statusCode).toBe(204);
      expect((await xapi('GET', state({ stateId: 'empty' }))).rawPayload.length).toBe(0);
      expect((await xapi('PUT', state({ stateId: 'untyped' }), 'some bytes')).statusCode).toBe(204);
      const untyped = await xapi('GET', state({ stateId: 'untyped' }));
      expect(untyped.headers['content-type']).toBe('application/octet-stream');
      expect(untyped.body).toBe('some bytes');
    });

    it('refuses a document larger than the LRS takes with 413, storing nothing', async () => {
      const huge = Buffer.alloc(ctx.services.xapiDocuments.maxBytes + 1, 1);
      expectError(await xapi('PUT', state({ stateId: 'huge' }), huge, { 'content-type': 'application/octet-stream' }), 413, 'payload_too_large');
      expect((await xapi('PUT', state({ stateId: 'just-fits' }), huge.subarray(1), { 'content-type': 'application/octet-stream' })).statusCode).toBe(204);
      expect((await xapi('GET', state())).json()).toEqual(['just-fits']);
    });

    it('lists stateIds, changed after `since` only when asked, of every registration unless one is given', async () => {
      const registration = randomUUID();
      await xapi('PUT', state({ stateId: 'a' }), { n: 1 });
      ctx.clock.set('2026-03-02T10:00:00.000Z');
      await xapi('PUT', state({ stateId: 'b' }), { n: 2 });
      await xapi('PUT', state({ stateId: 'c', registration }), { n: 3 });
      await xapi('PUT', state({ stateId: 'other', agent: JSON.stringify(MAX) }), { n: 4 });
      const all = await xapi('GET', state());
      expect(all.json()).toEqual(['a', 'b', 'c']);
      expect(all.headers['last-modified']).toBe(new Date('2026-03-02T10:00:00.000Z').toUTCString());
      expect((await xapi('GET', state({ registration }))).json()).toEqual(['c']);
      expect((await xapi('GET', state({ since: '2026-03-02T09:00:00.000Z' }))).json()).toEqual(['b', 'c']);
      expect((await xapi('GET', state({ since: '2026-03-02T10:00:00.000Z' }))).json()).toEqual([]);
      // A timestamp with an offset names the same instant; one without a zone is UTC.
      expect((await xapi('GET', state({ since: '2026-03-02T10:30:00+01:00' }))).json()).toEqual(['b', 'c']);
      expect((await xapi('GET', state({ since: '2026-03-02T09:59:59' }))).json()).toEqual(['b', 'c']);
      // A POST that merges counts as a change.
      ctx.clock.set('2026-03-02T11:00:00.000Z');
      await xapi('POST', state({ stateId: 'a' }), { m: 1 });
      expect((await xapi('GET', state({ since: '2026-03-02T10:00:00.000Z' }))).json()).toEqual(['a']);
      // `since` beside a stateId does not filter the document.
      expect((await xapi('GET', state({ stateId: 'b', since: '2026-03-02T12:00:00.000Z' }))).json()).toEqual({ n: 2 });
    });

    it('deletes one document, or all of an activity and agent (of one registration when given)', async () => {
      const registration = randomUUID();
      for (const stateId of ['a', 'b']) await xapi('PUT', state({ stateId }), { stateId });
      await xapi('PUT', state({ stateId: 'r', registration }), {});
      await xapi('PUT', state({ stateId: 'kept', agent: JSON.stringify(MAX) }), {});
      await xapi('PUT', state({ stateId: 'kept', activityId: COURSE }), {});
      expect((await xapi('DELETE', state({ stateId: 'a' }))).statusCode).toBe(204);
      expect((await xapi('GET', state({ stateId: 'a' }))).statusCode).toBe(404);
      // Deleting what is not there is no error.
      expect((await xapi('DELETE', state({ stateId: 'a' }))).statusCode).toBe(204);
      expect((await xapi('DELETE', state({ registration }))).statusCode).toBe(204);
      expect((await xapi('GET', state())).json()).toEqual(['b']);
      await xapi('PUT', state({ stateId: 'r', registration }), {});
      expect((await xapi('DELETE', state())).statusCode).toBe(204);
      expect((await xapi('GET', state())).json()).toEqual([]);
      expect((await xapi('GET', state({ agent: JSON.stringify(MAX) }))).json()).toEqual(['kept']);
      expect((await xapi('GET', state({ activityId: COURSE }))).json()).toEqual(['kept']);
    });

    it('refuses missing or invalid parameters with 400 and writes nothing', async () => {
      const document = { x: 1 };
      const bad: Record<string, string | undefined>[] = [
        { activityId: undefined, stateId: 's' },
        { agent: undefined, stateId: 's' },
        { stateId: undefined },
        { stateId: '' },
        { activityId: 'not an iri', stateId: 's' },
        { activityId: '{"key":"value"}', stateId: 's' },
        { agent: 'not JSON', stateId: 's' },
        { agent: '1', stateId: 's' },
        { agent: JSON.stringify({ name: 'No identifier' }), stateId: 's' },
        { agent: JSON.stringify({ mbox: 'kit@example.com' }), stateId: 's' },
        { agent: JSON.stringify({ mbox: KIT.mbox, openid: 'https://openid.example/kit' }), stateId: 's' },
        { agent: JSON.stringify({ objectType: 'Group', member: [MAX] }), stateId: 's' },
        { registration: 'not a uuid', stateId: 's' },
        { stateId: 's', since: '2026-03-02T09:00:00Z' },
        { stateId: 's', colour: 'blue' },
        { StateId: 's' },
      ];
      for (const params of bad) {
        for (const method of ['PUT', 'POST'] as const) {
          const refused = await xapi(method, state(params), document);
          expect(refused.statusCode, `${method} ${JSON.stringify(params)}`).toBe(400);
          expect(refused.json().error.code).toBe('validation_failed');
        }
      }
      for (const params of [{ agent: 'not JSON' }, { activityId: 'nope' }, { since: 'yesterday' }, { registration: 'nope' }, { activityId: undefined }, { colour: 'blue' }]) {
        expect((await xapi('GET', state(params))).statusCode, `GET ${JSON.stringify(params)}`).toBe(400);
        expect((await xapi('DELETE', state(params))).statusCode, `DELETE ${JSON.stringify(params)}`).toBe(400);
      }
      expect((await xapi('GET', state())).json()).toEqual([]);
      // An identified group's identifier is an agent's as far as documents go.
      expect((await xapi('PUT', state({ stateId: 's', agent: JSON.stringify({ objectType: 'Group', mbox: 'mailto:team@example.com' }) }), document)).statusCode).toBe(204);
    });
  });

  describe('concurrency', () => {
    it('honours If-Match and If-None-Match on PUT, POST and DELETE, with 412 and no change when they fail', async () => {
      const url = state({ stateId: 'doc' });
      // If-Match needs a document; If-None-Match: * needs none.
      expectError(await xapi('PUT', url, { v: 0 }, { 'if-match': '*' }), 412, 'precondition_failed');
      expectError(await xapi('POST', url, { v: 0 }, { 'if-match': `"${sha1('x')}"` }), 412, 'precondition_failed');
      expect((await xapi('GET', state())).json()).toEqual([]);
      expect((await xapi('PUT', url, { v: 1 }, { 'if-none-match': '*' })).statusCode).toBe(204);
      const first = await etagOf(url);
      expectError(await xapi('PUT', url, { v: 2 }, { 'if-none-match': '*' }), 412, 'precondition_failed');
      expectError(await xapi('POST', url, { w: 2 }, { 'if-none-match': '*' }), 412, 'precondition_failed');

      expect((await xapi('PUT', url, { v: 2 }, { 'if-match': first })).statusCode).toBe(204);
      const second = await etagOf(url);
      // The old ETag no longer matches anything: nothing changes.
      const stale = await xapi('PUT', url, { v: 3 }, { 'if-match': first });
      expectError(stale, 412, 'precondition_failed');
      expectError(await xapi('POST', url, { w: 3 }, { 'if-match': first }), 412, 'precondition_failed');
      expectError(await xapi('DELETE', url, undefined, { 'if-match': first }), 412, 'precondition_failed');
      expectError(await xapi('PUT', url, { v: 3 }, { 'if-match': '"1111111111111111111111111111111111111111"' }), 412, 'precondition_failed');
      expect((await xapi('GET', url)).json()).toEqual({ v: 2 });

      // A list of tags matches any of them; If-None-Match with the current tag fails; * matches what exists.
      expect((await xapi('POST', url, { w: 1 }, { 'if-match': `"${sha1('other')}", ${second}` })).statusCode).toBe(204);
      const third = await etagOf(url);
      expectError(await xapi('PUT', url, { v: 4 }, { 'if-none-match': third }), 412, 'precondition_failed');
      expect((await xapi('PUT', url, { v: 4 }, { 'if-match': '*' })).statusCode).toBe(204);
      expect((await xapi('DELETE', url, undefined, { 'if-match': await etagOf(url) })).statusCode).toBe(204);
      expect((await xapi('GET', url)).statusCode).toBe(404);
    });

    it('lets exactly one of several writers holding the same ETag win, and loses no concurrent merge', async () => {
      const url = state({ stateId: 'contended' });
      await xapi('PUT', url, { start: true });
      const etag = await etagOf(url);
      const puts = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => xapi('PUT', url, { n }, { 'if-match': etag })));
      expect(puts.map((response) => response.statusCode).sort()).toEqual([204, 412, 412, 412, 412, 412]);
      const merges = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => xapi('POST', url, { [key]: key })));
      expect(merges.map((response) => response.statusCode)).toEqual([204, 204, 204, 204, 204, 204]);
      expect(Object.keys((await xapi('GET', url)).json()).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'n']);
    });

    it('refuses with 409 a profile PUT over an existing document without If-Match or If-None-Match, changing nothing', async () => {
      for (const url of [activityProfile({ profileId: 'settings' }), agentProfile({ profileId: 'settings' })]) {
        // Creating without a header is refused too (400, as the conformance suite asks); If-None-Match: * creates.
        expectError(await xapi('PUT', url, { theme: 'dark' }), 400, 'precondition_required');
        expect((await xapi('PUT', url, { theme: 'dark' }, { 'if-none-match': '*' })).statusCode).toBe(204);
        const conflict = await xapi('PUT', url, { theme: 'light' });
        expectError(conflict, 409, 'document_conflict');
        expect(conflict.json().error.message).toMatch(/If-Match/);
        expect((await xapi('GET', url)).json()).toEqual({ theme: 'dark' });
        expect((await xapi('PUT', url, { theme: 'light' }, { 'if-match': await etagOf(url) })).statusCode).toBe(204);
        expect((await xapi('GET', url)).json()).toEqual({ theme: 'light' });
        // POST and DELETE take the headers but do not need them.
        expect((await xapi('POST', url, { size: 'large' })).statusCode).toBe(204);
        expect((await xapi('GET', url)).json()).toEqual({ theme: 'light', size: 'large' });
        expect((await xapi('DELETE', url)).statusCode).toBe(204);
        expect((await xapi('GET', url)).statusCode).toBe(404);
      }
    });
  });

  describe('Activity Profile and Agent Profile', () => {
    it('stores, merges, lists (since a time), returns and deletes activity profile documents', async () => {
      expect((await xapi('PUT', activityProfile({ profileId: 'rubric' }), 'Rubric text', { 'content-type': 'text/plain', 'if-none-match': '*' })).statusCode).toBe(204);
      ctx.clock.set('2026-03-02T10:00:00.000Z');
      expect((await xapi('POST', activityProfile({ profileId: 'config' }), { a: 1 })).statusCode).toBe(204);
      expect((await xapi('POST', activityProfile({ profileId: 'config' }), { b: 2 })).statusCode).toBe(204);
      await xapi('PUT', activityProfile({ profileId: 'elsewhere', activityId: COURSE }), {}, { 'if-none-match': '*' });
      const rubric = await xapi('GET', activityProfile({ profileId: 'rubric' }));
      expect(rubric.body).toBe('Rubric text');
      expect(rubric.headers['content-type']).toBe('text/plain');
      expect(rubric.headers.etag).toBe(`"${sha1('Rubric text')}"`);
      expect((await xapi('GET', activityProfile({ profileId: 'config' }))).json()).toEqual({ a: 1, b: 2 });
      expect((await xapi('GET', activityProfile())).json()).toEqual(['rubric', 'config']);
      expect((await xapi('GET', activityProfile({ since: '2026-03-02T09:30:00Z' }))).json()).toEqual(['config']);
      expect((await xapi('DELETE', activityProfile({ profileId: 'rubric' }))).statusCode).toBe(204);
      expect((await xapi('GET', activityProfile())).json()).toEqual(['config']);
      // Its parameters: an activity IRI, a profileId for all but a list, nothing else.
      for (const params of [{ activityId: 'nope', profileId: 'p' }, { activityId: undefined, profileId: 'p' }, { profileId: undefined }, { profileId: 'p', agent: JSON.stringify(KIT) }, { profileId: 'p', registration: randomUUID() }]) {
        expect((await xapi('PUT', activityProfile(params), { x: 1 }, { 'if-none-match': '*' })).statusCode, JSON.stringify(params)).toBe(400);
      }
      expect((await xapi('DELETE', activityProfile())).statusCode).toBe(400);
      expect((await xapi('GET', activityProfile({ since: 'soon' }))).statusCode).toBe(400);
      expect((await xapi('GET', activityProfile())).json()).toEqual(['config']);
    });

    it('stores, merges, lists (since a time), returns and deletes agent profile documents', async () => {
      expect((await xapi('PUT', agentProfile({ profileId: 'prefs' }), { lang: 'en' }, { 'if-none-match': '*' })).statusCode).toBe(204);
      ctx.clock.set('2026-03-02T10:00:00.000Z');
      expect((await xapi('POST', agentProfile({ profileId: 'prefs' }), { sound: false })).statusCode).toBe(204);
      await xapi('PUT', agentProfile({ profileId: 'avatar' }), Buffer.from([1, 2, 3]), { 'content-type': 'image/gif', 'if-none-match': '*' });
      await xapi('PUT', agentProfile({ profileId: 'other', agent: JSON.stringify(MAX) }), {}, { 'if-none-match': '*' });
      // The same agent written another way (objectType left out, a name added) is the same agent.
      const prefs = await xapi('GET', agentProfile({ profileId: 'prefs', agent: JSON.stringify({ mbox: KIT.mbox, name: 'K' }) }));
      expect(prefs.json()).toEqual({ lang: 'en', sound: false });
      expect(prefs.headers['last-modified']).toBe(new Date('2026-03-02T10:00:00.000Z').toUTCString());
      expect((await xapi('GET', agentProfile({ profileId: 'avatar' }))).rawPayload.equals(Buffer.from([1, 2, 3]))).toBe(true);
      expect([...(await xapi('GET', agentProfile())).json()].sort()).toEqual(['avatar', 'prefs']);
      ctx.clock.set('2026-03-02T11:00:00.000Z');
      await xapi('POST', agentProfile({ profileId: 'avatar2' }), { x: 1 });
      expect((await xapi('GET', agentProfile({ since: '2026-03-02T10:30:00.000Z' }))).json()).toEqual(['avatar2']);
      expect((await xapi('DELETE', agentProfile({ profileId: 'prefs' }))).statusCode).toBe(204);
      expect([...(await xapi('GET', agentProfile())).json()].sort()).toEqual(['avatar', 'avatar2']);
      for (const params of [{ agent: 'not JSON', profileId: 'p' }, { agent: '{"key":"value"}', profileId: 'p' }, { agent: undefined, profileId: 'p' }, { profileId: undefined }, { profileId: 'p', activityId: LESSON }]) {
        expect((await xapi('POST', agentProfile(params), { x: 1 })).statusCode, JSON.stringify(params)).toBe(400);
      }
      expect([...(await xapi('GET', agentProfile())).json()].sort()).toEqual(['avatar', 'avatar2']);
    });
  });

  it('keeps each organisation’s documents to its own credentials', async () => {
    await xapi('PUT', state({ stateId: 'mine' }), { secret: 'acme' });
    await xapi('PUT', activityProfile({ profileId: 'mine' }), { secret: 'acme' }, { 'if-none-match': '*' });
    await xapi('PUT', agentProfile({ profileId: 'mine' }), { secret: 'acme' }, { 'if-none-match': '*' });
    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const ours = basic;
    basic = await credentialOf(await signIn(ctx.app, 'olga@other.test', 'other admin password'));
    for (const url of [state({ stateId: 'mine' }), activityProfile({ profileId: 'mine' }), agentProfile({ profileId: 'mine' })]) {
      expect((await xapi('GET', url)).statusCode).toBe(404);
      // The same key in another organisation is another document: storing it replaces nothing of the first.
      expect((await xapi('PUT', url, { secret: 'other' }, { 'if-none-match': '*' })).statusCode).toBe(204);
      expect((await xapi('DELETE', url)).statusCode).toBe(204);
    }
    expect((await xapi('DELETE', state())).statusCode).toBe(204);
    expect((await xapi('GET', state())).json()).toEqual([]);
    basic = ours;
    for (const url of [state({ stateId: 'mine' }), activityProfile({ profileId: 'mine' }), agentProfile({ profileId: 'mine' })]) expect((await xapi('GET', url)).json()).toEqual({ secret: 'acme' });
  });

  it('takes the alternate request syntax for documents (method in the query, headers and content as a form)', async () => {
    const form = new URLSearchParams({ Authorization: basic, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json', activityId: LESSON, agent: JSON.stringify(KIT), stateId: 'via-form', content: JSON.stringify({ from: 'form' }) });
    const put = await ctx.app.inject({ method: 'POST', url: '/xapi/activities/state?method=PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(put.statusCode, put.body).toBe(204);
    expect((await xapi('GET', state({ stateId: 'via-form' }))).json()).toEqual({ from: 'form' });
  });

  describe('Activities', () => {
    const statement = (object: object) => ({ id: randomUUID(), actor: KIT, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object, stored: '2026-03-02T09:00:00.000Z' }) as Statement;

    it('returns the activity with the canonical definition kept from statements, merged by language', async () => {
      const db = ctx.services.database.db;
      await recordActivityDefinitions(db, admin.orgId, [
        statement({ objectType: 'Activity', id: LESSON, definition: { name: { 'en-GB': 'Facing the shelves' }, type: 'http://adlnet.gov/expapi/activities/lesson' } }),
        statement({ id: COURSE }),
      ]);
      await recordActivityDefinitions(db, admin.orgId, [
        statement({ id: 'https://morsel.example/other', definition: { name: { en: 'Other' } } }),
        { ...statement({ id: 'https://morsel.example/quiz' }), context: { contextActivities: { parent: [{ id: LESSON, definition: { name: { fr: 'Les rayons' }, description: { 'en-GB': 'Keep shelves tidy' } } }] } } },
      ]);
      const got = await xapi('GET', `/xapi/activities?activityId=${encodeURIComponent(LESSON)}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual({ objectType: 'Activity', id: LESSON, definition: { name: { 'en-GB': 'Facing the shelves', fr: 'Les rayons' }, description: { 'en-GB': 'Keep shelves tidy' }, type: 'http://adlnet.gov/expapi/activities/lesson' } });
      // An activity without a definition held is still an Activity object (xAPI 1.0.3, 2.5.s2.b1: SHOULD*).
      expect((await xapi('GET', `/xapi/activities?activityId=${encodeURIComponent(COURSE)}`)).json()).toEqual({ objectType: 'Activity', id: COURSE });
      for (const params of ['', 'activityId=not-an-iri', `activityId=${LESSON}&colour=blue`]) expect((await xapi('GET', `/xapi/activities?${params}`)).statusCode, params).toBe(400);
      // Another organisation's credential does not see the definition.
      await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
      basic = await credentialOf(await signIn(ctx.app, 'olga@other.test', 'other admin password'));
      expect((await xapi('GET', `/xapi/activities?activityId=${encodeURIComponent(LESSON)}`)).json()).toEqual({ objectType: 'Activity', id: LESSON });
    });

    it('rolls definitions back with the statements they came with', async () => {
      const db = ctx.services.database.db;
      await expect(
        db.transaction().execute(async (trx) => {
          await recordActivityDefinitions(trx, admin.orgId, [statement({ id: LESSON, definition: { name: { en: 'Never stored' } } })]);
          throw new Error('the batch failed');
        }),
      ).rejects.toThrow('the batch failed');
      expect((await xapi('GET', `/xapi/activities?activityId=${encodeURIComponent(LESSON)}`)).json()).toEqual({ objectType: 'Activity', id: LESSON });
    });
  });

  describe('Agents', () => {
    const statementOf = (actor: object) => ({ actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: LESSON } });

    it('returns a Person with the agent’s identifier and the names it has gone by in stored statements', async () => {
      expect((await xapi('POST', '/xapi/statements', [statementOf(KIT), statementOf({ ...KIT, name: 'Kit Carson' }), statementOf({ mbox: KIT.mbox })])).statusCode).toBe(200);
      expect((await xapi('POST', '/xapi/statements', { ...statementOf(MAX), context: { instructor: { mbox: 'mailto:KIT@example.com', name: 'Coach Kit' } } })).statusCode).toBe(200);
      const person = await xapi('GET', `/xapi/agents?agent=${encodeURIComponent(JSON.stringify({ mbox: KIT.mbox }))}`);
      expect(person.statusCode).toBe(200);
      expect(person.json()).toEqual({ objectType: 'Person', name: ['Coach Kit', 'Kit Carson', 'Kit'], mbox: [KIT.mbox] });
      // An agent the LRS has never seen is still a Person: the information given.
      const account = { homePage: 'https://hr.example', name: 'k-42' };
      expect((await xapi('GET', `/xapi/agents?agent=${encodeURIComponent(JSON.stringify({ account, name: 'Kay' }))}`)).json()).toEqual({ objectType: 'Person', name: ['Kay'], account: [account] });
      expect((await xapi('GET', `/xapi/agents?agent=${encodeURIComponent(JSON.stringify({ openid: 'https://id.example/x' }))}`)).json()).toEqual({ objectType: 'Person', openid: ['https://id.example/x'] });
      for (const agent of [undefined, 'not JSON', '{"not_actor":"yup"}', JSON.stringify({ objectType: 'Group', mbox: 'mailto:team@example.com' }), JSON.stringify({ objectType: 'Person', mbox: [KIT.mbox] })]) {
        expect((await xapi('GET', `/xapi/agents?${agent === undefined ? '' : `agent=${encodeURIComponent(agent)}`}`)).statusCode, agent).toBe(400);
      }
      // Another organisation knows nothing of Kit's names.
      await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
      basic = await credentialOf(await signIn(ctx.app, 'olga@other.test', 'other admin password'));
      expect((await xapi('GET', `/xapi/agents?agent=${encodeURIComponent(JSON.stringify({ mbox: KIT.mbox }))}`)).json()).toEqual({ objectType: 'Person', mbox: [KIT.mbox] });
    });
  });
});

describe('mergeActivityDefinition', () => {
  it('merges language maps by language and extensions by key, and takes everything else from the newer definition', () => {
    const merged = mergeActivityDefinition(
      { name: { en: 'Old', fr: 'Vieux' }, type: 'https://example.com/old', extensions: { 'https://example.com/a': 1, 'https://example.com/b': 2 } },
      { name: { en: 'New' }, description: { en: 'Now described' }, type: 'https://example.com/new', extensions: { 'https://example.com/b': 3 } },
    );
    expect(merged).toEqual({ name: { en: 'New', fr: 'Vieux' }, description: { en: 'Now described' }, type: 'https://example.com/new', extensions: { 'https://example.com/a': 1, 'https://example.com/b': 3 } });
    expect(mergeActivityDefinition(undefined, { name: { en: 'First' } })).toEqual({ name: { en: 'First' } });
  });

  it('merges interaction components’ descriptions by id, and drops the old components when the interaction type changes', () => {
    const choice = { interactionType: 'choice' as const, correctResponsesPattern: ['a'], choices: [{ id: 'a', description: { en: 'Apple' } }, { id: 'b', description: { en: 'Banana' } }] };
    expect(mergeActivityDefinition(choice, { interactionType: 'choice', choices: [{ id: 'a', description: { fr: 'Pomme' } }, { id: 'c' }] })).toEqual({
      interactionType: 'choice',
      correctResponsesPattern: ['a'],
      choices: [{ id: 'a', description: { en: 'Apple', fr: 'Pomme' } }, { id: 'c' }],
    });
    expect(mergeActivityDefinition(choice, { interactionType: 'likert', scale: [{ id: '1' }] })).toEqual({ interactionType: 'likert', scale: [{ id: '1' }] });
  });
});
