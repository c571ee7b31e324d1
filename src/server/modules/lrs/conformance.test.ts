/**
 * The requirements of ADL's LRS conformance suite (lrs-conformance-test-suite, test/v1_0_3) that this LRS once failed,
 * grouped by the suite's requirement id, on both databases, through HTTP. Each test sends the request the suite sends
 * and checks what the suite checks; where the suite asks more than xAPI 1.0.3 does, the test says so.
 */
import { createHash, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { buildMultipart } from './multipart.ts';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const ATTENDED = 'http://adlnet.gov/expapi/verbs/attended';
const MEETING = 'http://www.example.com/meetings/occurances/34534';
const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';
const AGENT_A = { mbox: 'mailto:agent-a@example.com', name: 'Agent A' };
const AGENT_B = { mbox: 'mailto:agent-b@example.com', name: 'Agent B' };

/** The suite's default statement: an agent attended a meeting, the verb displayed in two languages. */
function statement(overrides: Record<string, unknown> = {}) {
  return { actor: { objectType: 'Agent', name: 'xAPI mbox', mbox: 'mailto:xapi@adlnet.gov' }, verb: { id: ATTENDED, display: { 'en-GB': 'attended', 'en-US': 'attended' } }, object: { objectType: 'Activity', id: MEETING }, ...overrides };
}

describe.each(testDialects)('xAPI conformance suite requirements on %s', (dialect) => {
  let ctx: TestContext;
  let basic: string;

  const xapi = (method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...VERSION, authorization: basic, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set('2026-03-02T09:00:00.123Z');
    const admin = await setUpOrganisation(ctx.app);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/lrs/credentials', headers: asSession(admin), payload: { name: 'Conformance' } });
    const { key, secret } = created.json();
    basic = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  });
  afterEach(async () => {
    await ctx.close();
  });

  describe('XAPI-00098, XAPI-00100: an authority that is a group is an anonymous group of exactly two agents', () => {
    it('takes an anonymous two-member group as authority (and still records its own)', async () => {
      const posted = await xapi('POST', '/xapi/statements', statement({ authority: { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, AGENT_A] } }));
      expect(posted.statusCode, posted.body).toBe(200);
    });

    it('refuses an identified group, and a group of one or three members', async () => {
      const two = [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, AGENT_A];
      for (const authority of [
        { objectType: 'Group', name: 'xAPI Group', mbox: 'mailto:xapigroup@example.com', member: [AGENT_A, AGENT_B] },
        { objectType: 'Group', openid: 'http://openid.example.org/12345', member: two },
        { objectType: 'Group', member: [AGENT_A] },
        { objectType: 'Group', member: [...two, AGENT_B] },
      ]) {
        const refused = await xapi('POST', '/xapi/statements', statement({ authority }));
        expect(refused.statusCode, JSON.stringify(authority)).toBe(400);
        expect(refused.json().error.details.issues[0].field).toMatch(/^body\.authority/);
      }
    });
  });

  describe('Data 2.6: signed statements', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const jws = (payload: object) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return Buffer.from(`${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url')}`);
    };
    const postSigned = (contentType: string) => {
      const signed = statement({ id: randomUUID() });
      const signature = jws(signed);
      const withSignature = { ...signed, attachments: [{ usageType: SIGNATURE, display: { 'en-US': 'Signed by the Test Suite' }, contentType, length: signature.length, sha2: sha256(signature) }] };
      const { contentType: multipart, body } = buildMultipart([
        { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(withSignature)) },
        { headers: { 'Content-Type': contentType, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': sha256(signature) }, body: signature },
      ]);
      return ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...VERSION, authorization: basic, 'content-type': multipart }, payload: body });
    };

    it('takes a signature sent as application/octet-stream and refuses one of another content type (bad contentType)', async () => {
      expect((await postSigned('application/octet-stream')).statusCode).toBe(200);
      const refused = await postSigned('text/plain; charset=ascii');
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.message).toContain('application/octet-stream');
    });
  });

  describe('Data 2.4.11: attachments sent in the request body', () => {
    const TEXT = Buffer.from('here is a simple attachment');
    const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const withAttachment = statement({ attachments: [{ usageType: 'http://example.com/attachment-usage/test', display: { 'en-US': 'A test attachment' }, contentType: 'text/plain', length: TEXT.length, sha2: sha256(TEXT) }] });

    it('refuses an attachment part whose Content-Transfer-Encoding is not binary', async () => {
      const post = (encoding: string) => {
        const { contentType, body } = buildMultipart([
          { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(withAttachment)) },
          { headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': encoding, 'X-Experience-API-Hash': sha256(TEXT) }, body: TEXT },
        ]);
        return ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...VERSION, authorization: basic, 'content-type': contentType }, payload: body });
      };
      expect((await post('base64')).statusCode).toBe(400);
      expect((await post('binary')).statusCode).toBe(200);
    });

    it('answers 400 (not 415) to statements sent as multipart/form-data, and stores nothing', async () => {
      const response = await xapi('POST', '/xapi/statements', JSON.stringify(statement()), { 'content-type': 'multipart/form-data; boundary=-------314159265358979323846' });
      expect(response.statusCode).toBe(400);
      expect((await xapi('GET', '/xapi/statements')).json().statements).toEqual([]);
    });
  });

  describe('XAPI-00153, XAPI-00161: the headers of a statements GET', () => {
    it('says X-Experience-API-Consistent-Through even when it refuses the request (no version header: 400)', async () => {
      const refused = await ctx.app.inject({ method: 'GET', url: '/xapi/statements' });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['x-experience-api-consistent-through']).toBe('2026-03-02T09:00:00.123Z');
      expect((await xapi('GET', '/xapi/statements?foo=bar')).headers['x-experience-api-consistent-through']).toBe('2026-03-02T09:00:00.123Z');
    });

    it('answers Content-Type exactly application/json without attachments=true, for one statement and for a result', async () => {
      const [id] = (await xapi('POST', '/xapi/statements', statement())).json();
      for (const url of [`/xapi/statements?statementId=${id}`, `/xapi/statements?statementId=${id}&attachments=false`, '/xapi/statements?limit=1&attachments=false']) {
        const response = await xapi('GET', url);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type'], url).toBe('application/json');
      }
      expect((await xapi('GET', '/xapi/statements?attachments=true')).headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    });
  });

  describe('XAPI-00148, XAPI-00336: the alternate request syntax with the credential and version as real headers', () => {
    it('answers a POST ?method=GET whose form holds only the parameters', async () => {
      await xapi('POST', '/xapi/statements', statement());
      const response = await xapi('POST', '/xapi/statements?method=GET', 'limit=1', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ statements: [{ verb: { id: ATTENDED } }], more: '' });
    });

    it('stores a PUT sent as a form beside real headers, the real version header winning over a form field of 0.8', async () => {
      const id = randomUUID();
      const form = new URLSearchParams({ statementId: id, 'X-Experience-API-Version': '0.8', content: JSON.stringify(statement()) }).toString();
      const response = await xapi('POST', '/xapi/statements?method=PUT', form, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.statusCode, response.body).toBe(204);
      expect((await xapi('GET', `/xapi/statements?statementId=${id}`)).statusCode).toBe(200);
      // Without the real headers the form's fields are the headers, and 0.8 is refused.
      const formOnly = new URLSearchParams({ statementId: randomUUID(), 'X-Experience-API-Version': '0.8', Authorization: basic, content: JSON.stringify(statement()) }).toString();
      expect((await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formOnly })).statusCode).toBe(400);
    });
  });

  describe('XAPI-00317: the About resource', () => {
    it('lists 1.0.1 among its versions, and only 1.0.x versions', async () => {
      const about = await ctx.app.inject({ method: 'GET', url: '/xapi/about' });
      expect(about.json().version).toContain('1.0.1');
      expect(about.json().version).toContain('1.0.3');
      for (const version of about.json().version) expect(version).toMatch(/^1\.0\.\d$/);
    });
  });

  describe('Communication 3.2: 405 Method Not Allowed for methods the specification does not define', () => {
    it('answers 405 to DELETE statements and to POST, PUT, DELETE on Activities and Agents, even without a credential', async () => {
      const agent = encodeURIComponent(JSON.stringify(AGENT_A));
      const requests: ['DELETE' | 'POST' | 'PUT', string][] = [
        ['DELETE', `/xapi/statements?statementId=${randomUUID()}`],
        ['DELETE', `/xapi/activities?activityId=${MEETING}`],
        ['POST', `/xapi/activities?activityId=${MEETING}`],
        ['PUT', `/xapi/activities?activityId=${MEETING}`],
        ['DELETE', `/xapi/agents?agent=${agent}`],
        ['POST', `/xapi/agents?agent=${agent}`],
        ['PUT', `/xapi/agents?agent=${agent}`],
      ];
      for (const [method, url] of requests) {
        const anonymous = await ctx.app.inject({ method, url, headers: { 'x-experience-api-version': '1.0.1' } });
        expect(anonymous.statusCode, `${method} ${url}`).toBe(405);
        expect(anonymous.json().error.code).toBe('method_not_allowed');
        expect(anonymous.headers.allow).toContain('GET');
        expect((await xapi(method, url)).statusCode, `${method} ${url}`).toBe(405);
      }
      // The methods it has still work.
      expect((await xapi('GET', `/xapi/activities?activityId=${MEETING}`)).statusCode).toBe(200);
      expect((await xapi('HEAD', `/xapi/agents?agent=${agent}`)).statusCode).toBe(200);
    });
  });
});
