/**
 * The claims of docs/SECURITY.md that no feature's own tests already prove, each against the real app on both
 * databases: session cookie flags and rotation (fixation), generic 500s, what reaches the log, password hashing
 * parameters, link tokens (single use, expiry, guessing limited), sign-in rate limits not reset by a forged
 * X-Forwarded-For, uploads that are HTML or SVG in disguise, and stored XSS in lessons end to end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../modules/identity/index.ts';
import { createPasswordHasher } from '../modules/identity/passwords.ts';
import { loadConfig } from '../platform/config.ts';
import { hashToken } from '../platform/ids.ts';
import { createLogger } from '../platform/logger.ts';
import { failureOf, startLoopbackServer } from '../testing/loopback-server.ts';
import { extractLink, type MailCatcher, startMailCatcher } from '../testing/smtp-capture.ts';
import { asSession, createTestContext, setUpCast, setUpOrganisation, signIn, type TestContext, type TestSession } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';

const PASSWORD = 'correct horse battery';

/** A logger that keeps every line it writes, at the most verbose level, with the production logger's settings. */
function capturingLogger() {
  const lines: string[] = [];
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace', SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789', DATA_DIR: tmpdir() });
  const logger = createLogger(config, { destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, text: () => lines.join('') };
}

describe.each(testDialects)('session security on %s', (dialect) => {
  it('sets the session cookie HttpOnly, SameSite=Lax, on the whole site, and Secure exactly when PUBLIC_URL is https', async () => {
    for (const [publicUrl, secure] of [['http://morsel.test', false], ['https://morsel.example', true]] as const) {
      const ctx = await createTestContext(dialect, { env: { PUBLIC_URL: publicUrl } });
      try {
        await setUpOrganisation(ctx.app);
        const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@acme.test', password: PASSWORD } });
        expect(response.statusCode).toBe(200);
        const cookie = response.cookies.find((c) => c.name === 'morsel_session')!;
        expect(cookie, publicUrl).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
        expect(Boolean(cookie.secure), publicUrl).toBe(secure);
        // 256 random bits, base64url: nothing to guess.
        expect(cookie.value.length).toBeGreaterThanOrEqual(43);
      } finally {
        await ctx.close();
      }
    }
  });

  describe('with one organisation', () => {
    let ctx: TestContext;
    let admin: TestSession;
    beforeEach(async () => {
      ctx = await createTestContext(dialect);
      admin = await setUpOrganisation(ctx.app);
    });
    afterEach(async () => {
      await ctx.close();
    });

    it('issues a new session at every sign-in and never adopts a session token the browser brought (fixation)', async () => {
      const planted = 'planted-by-an-attacker-0123456789abcdefghijklmnop';
      const signedIn = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { cookie: `morsel_session=${planted}` }, payload: { email: 'admin@acme.test', password: PASSWORD } });
      expect(signedIn.statusCode).toBe(200);
      const issued = signedIn.cookies.find((c) => c.name === 'morsel_session')!.value;
      expect(issued).not.toBe(planted);
      expect((await ctx.app.inject({ url: '/api/me', headers: { cookie: `morsel_session=${planted}` } })).statusCode).toBe(401);
      const stored = await ctx.services.database.db.selectFrom('session').select('id').execute();
      expect(stored.map((row) => row.id)).not.toContain(hashToken(planted));

      // Signing in again while holding a live session gives another token and another CSRF token.
      const again = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { cookie: admin.cookie }, payload: { email: 'admin@acme.test', password: PASSWORD } });
      const second = again.cookies.find((c) => c.name === 'morsel_session')!.value;
      expect(`morsel_session=${second}`).not.toBe(admin.cookie);
      expect(again.json().csrfToken).not.toBe(admin.csrfToken);
      expect((await ctx.app.inject({ url: '/api/me', headers: { cookie: `morsel_session=${second}` } })).statusCode).toBe(200);
    });

    it('hashes passwords with argon2id at OWASP’s cost (19 MiB, 2 passes, 1 lane) and a fresh 128-bit salt each time', async () => {
      const row = await ctx.services.database.db.selectFrom('person').select('password_hash').where('id', '=', admin.personId).executeTakeFirstOrThrow();
      const hash = String(row.password_hash);
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(hash);
      expect(match, hash).not.toBeNull();
      const [, memory, passes, lanes, salt, digest] = match!;
      expect({ memory: Number(memory), passes: Number(passes), lanes: Number(lanes) }).toEqual({ memory: 19_456, passes: 2, lanes: 1 });
      expect(Buffer.from(salt!, 'base64').length).toBeGreaterThanOrEqual(16);
      expect(Buffer.from(digest!, 'base64').length).toBeGreaterThanOrEqual(32);
      expect(hash).not.toContain(PASSWORD);
      const hasher = createPasswordHasher();
      const other = await hasher.hash(PASSWORD);
      expect(other).not.toBe(hash);
      expect(await hasher.verify(hash, PASSWORD)).toBe(true);
      expect(await hasher.verify(hash, `${PASSWORD} `)).toBe(false);
    });

    it('lets a sign-in link (the SMS short form too) work once, and not after it expires', async () => {
      const personId = admin.personId;
      const fifteenMinutes = 15 * 60_000;
      const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? new URL(url).pathname.split('/').at(-1)!;
      const redeem = (token: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token } });

      for (const short of [false, true]) {
        const used = tokenOf(await ctx.services.auth.createSignInUrl(admin.orgId, personId, { ttlMs: fifteenMinutes, short }));
        expect((await redeem(used)).statusCode).toBe(200);
        const replay = await redeem(used);
        expect(replay.statusCode).toBe(400);
        expect(replay.json().error.code).toBe('link_invalid');

        const late = tokenOf(await ctx.services.auth.createSignInUrl(admin.orgId, personId, { ttlMs: fifteenMinutes, short }));
        ctx.clock.advance(fifteenMinutes + 1000);
        const expired = await redeem(late);
        expect(expired.statusCode).toBe(400);
        expect(expired.json().error.code).toBe('link_invalid');
      }
    });

    it('answers an unexpected failure with a generic 500 (no stack, no SQL, no table name) and logs it in full for the operator', async () => {
      await ctx.close();
      const log = capturingLogger();
      ctx = await createTestContext(dialect, { logger: log.logger });
      admin = await setUpOrganisation(ctx.app);
      // A table gone from under the app: the query fails inside the driver with an SQL error.
      await sql`alter table team rename to team_gone_for_this_test`.execute(ctx.services.database.db);
      const response = await ctx.app.inject({ url: '/api/teams', headers: asSession(admin) });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side. It has been logged; please try again.' } });
      expect(response.body).not.toMatch(/select|from|team|relation|no such table|sqlite|postgres|\.ts:|node_modules|stack/i);
      const logged = log.lines.map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string; stack?: string } }).find((entry) => entry.msg === 'unexpected error');
      expect(logged?.err?.message).toMatch(/team/);
      expect(logged?.err?.stack).toBeTruthy();
    });
  });

  describe('rate limits', () => {
    let ctx: TestContext;
    beforeEach(async () => {
      ctx = await createTestContext(dialect, { env: { SIGN_IN_RATE_LIMIT: '3' } });
      await setUpOrganisation(ctx.app);
    });
    afterEach(async () => {
      await ctx.close();
    });

    it('does not let a client reset the sign-in limit with a forged X-Forwarded-For (no proxy is trusted outside production)', async () => {
      const attempt = (n: number) =>
        ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'x-forwarded-for': `203.0.113.${n}` }, payload: { email: 'admin@acme.test', password: 'a wrong guess!' } });
      for (let n = 1; n <= 3; n++) expect((await attempt(n)).statusCode).toBe(401);
      const blocked = await attempt(4);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('rate_limited');
      // The right password is refused too while the limit lasts: guessing cannot continue by luck.
      const right = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@acme.test', password: PASSWORD } });
      expect(right.statusCode).toBe(429);
    });

    it('limits guessing of sign-in and reset link tokens from one address', async () => {
      for (const url of ['/api/auth/magic-link/redeem', '/api/auth/password-reset/confirm']) {
        const guess = (n: number) =>
          ctx.app.inject({ method: 'POST', url, payload: { token: `guessed-token-number-${n}`, ...(url.endsWith('/confirm') ? { password: 'a long enough password' } : {}) } });
        for (let n = 1; n <= 3; n++) expect((await guess(n)).json().error.code, url).toBe('link_invalid');
        expect((await guess(4)).statusCode, url).toBe(429);
      }
    });
  });
});

describe.each(testDialects)('secrets in the log on %s', (dialect) => {
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await startMailCatcher();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('keeps passwords, session cookies, CSRF tokens, API tokens and link tokens out of the log, even at trace level', async () => {
    const log = capturingLogger();
    const ctx = await createTestContext(dialect, { smtpUrl: smtp.url, logger: log.logger });
    try {
      const secrets: string[] = [PASSWORD];
      const admin = await setUpOrganisation(ctx.app);
      const session = await signIn(ctx.app, 'admin@acme.test', PASSWORD);
      secrets.push(session.cookie.split('=')[1]!, session.csrfToken, admin.cookie.split('=')[1]!);
      expect((await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: asSession(session), payload: { name: 'Sales' } })).statusCode).toBe(201);
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@acme.test', password: 'a wrong password here' } })).statusCode).toBe(401);
      secrets.push('a wrong password here');

      // An integration's token, good and revoked.
      const created = (await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: asSession(session), payload: { name: 'HR sync', scopes: ['people:read'] } })).json();
      secrets.push(created.token);
      expect((await ctx.app.inject({ url: '/api/people', headers: { authorization: `Bearer ${created.token}` } })).statusCode).toBe(200);
      expect((await ctx.app.inject({ url: '/api/people', headers: { authorization: 'Bearer mrsl_notarealtokenbutstillasecret' } })).statusCode).toBe(401);
      secrets.push('mrsl_notarealtokenbutstillasecret');

      // Links as people open them: the web page's URL carries the token, then the page redeems it.
      await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { email: 'admin@acme.test' } });
      const mail = await smtp.waitForMail((m) => m.subject.startsWith('Your sign-in link'));
      const link = new URL(extractLink(mail.text));
      const linkToken = link.searchParams.get('token')!;
      secrets.push(linkToken);
      expect((await ctx.app.inject({ url: `${link.pathname}${link.search}` })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/magic-link/redeem', payload: { token: linkToken } })).statusCode).toBe(200);
      const short = new URL(await ctx.services.auth.createSignInUrl(admin.orgId, admin.personId, { ttlMs: 60_000, short: true }));
      secrets.push(short.pathname.split('/').at(-1)!);
      expect((await ctx.app.inject({ url: short.pathname })).statusCode).toBe(200);
      await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: 'admin@acme.test' } });
      const reset = new URL(extractLink((await smtp.waitForMail((m) => m.subject.startsWith('Reset your'))).text));
      secrets.push(reset.searchParams.get('token')!);
      expect((await ctx.app.inject({ url: `${reset.pathname}${reset.search}` })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token: reset.searchParams.get('token'), password: 'the next long passphrase' } })).statusCode).toBe(200);
      secrets.push('the next long passphrase');

      const text = log.text();
      // The requests were logged (so the check below has something to look at), their link tokens masked.
      expect(text).toContain('"url":"/auth/link?token=[redacted]"');
      expect(text).toContain('"url":"/l/[redacted]"');
      expect(text).toContain('"url":"/reset-password?token=[redacted]"');
      for (const secret of secrets) expect(text.includes(secret), `the log holds ${secret.slice(0, 8)}…`).toBe(false);
    } finally {
      await ctx.close();
    }
  });
});

describe.each(testDialects)('uploads in disguise on %s', (dialect) => {
  let ctx: TestContext;
  let author: TestSession;
  let learner: TestSession;
  let dir: string;
  let png: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'morsel-security-upload-'));
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=8x8', '-frames:v', '1', join(dir, 'real.png')]);
    png = readFileSync(join(dir, 'real.png'));
    ctx = await createTestContext(dialect);
    ({ author, learner } = await setUpCast(ctx.app, ctx.services));
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A browser's multipart upload, byte for byte, with the file name and type it claims. */
  async function upload(name: string, content: Buffer | string, type = 'image/png') {
    const boundary = 'morselsecurityboundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await ctx.app.inject({ method: 'POST', url: '/api/media', headers: { ...asSession(author), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    return { status: response.statusCode, body: response.json() as Record<string, any> };
  }

  it('refuses HTML and SVG whatever they are called and whatever type the browser claims', async () => {
    const disguised: [string, string, string][] = [
      ['photo.png', '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>', 'image/png'],
      ['photo.jpg', '  \n<html><img src=x onerror=alert(1)></html>', 'image/jpeg'],
      ['diagram.png', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>', 'image/png'],
      ['diagram.gif', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/gif'],
      ['page.webp', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', 'image/webp'],
    ];
    for (const [name, content, type] of disguised) {
      const response = await upload(name, content, type);
      expect(response.status, name).toBe(415);
      expect(response.body.error.code, name).toBe('media_unsupported');
    }
    expect((await ctx.services.media.list(systemActor(author.orgId), { limit: 50 })).items).toEqual([]);
  });

  it('serves a real image with HTML hidden in it as an image that no browser runs: its type, nosniff, a sandboxing CSP', async () => {
    // HTML in a text chunk right after the header: still a valid PNG that decodes (trailing bytes would not).
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const chunkData = Buffer.concat([Buffer.from('Comment\0', 'latin1'), html]);
    const chunk = Buffer.alloc(12 + chunkData.length);
    chunk.writeUInt32BE(chunkData.length, 0);
    Buffer.concat([Buffer.from('tEXt', 'latin1'), chunkData]).copy(chunk, 4);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + chunkData.length)), 8 + chunkData.length);
    const afterHeader = 8 + 25; // signature, then IHDR (length, type, 13 bytes, CRC)
    const polyglot = Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
    expect(polyglot.includes(html)).toBe(true);
    const stored = await upload('../../../etc/evil".html\r\nX-Injected: 1.png', polyglot);
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    expect(stored.body).toMatchObject({ kind: 'image', mimeType: 'image/png' });
    expect(stored.body.filename).not.toMatch(/[/\\\r\n"]/);

    const served = await ctx.app.inject({ url: `/api/media/${stored.body.id}/content`, headers: asSession(learner) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers['x-injected']).toBeUndefined();
    expect(String(served.headers['content-disposition'])).toMatch(/^inline; filename="[^"\r\n/\\]*"/);
    expect(served.rawPayload.equals(polyglot)).toBe(true);
  });
});

describe.each(testDialects)('stored XSS in lessons on %s', (dialect) => {
  const PAYLOADS = [
    '<script>window.__xss = 1</script>',
    '<img src=x onerror="window.__xss = 1">',
    '<svg onload="window.__xss = 1"><circle r=5 /></svg>',
    '[click](javascript:window.__xss=1)',
    '[click](JaVaScRiPt:window.__xss=1)',
    '[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
    '![x](javascript:window.__xss=1)',
    '<a href="javascript:window.__xss=1">x</a>',
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
    '<a href="https://example.com" onclick="window.__xss=1">ok</a>',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    '{{trap}}',
  ];

  function expectInert(html: unknown, where: string) {
    expect(typeof html, where).toBe('string');
    const text = html as string;
    expect(text, where).not.toMatch(/<(script|iframe|object|embed|svg|math|style|link|meta|base|form|input|body|details|img|noscript)\b/i);
    expect(text, where).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(text, where).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|vbscript|data):/i);
  }

  it('hands learners and pilot previews lesson HTML with nothing executable, course variables included', async () => {
    const ctx = await createTestContext(dialect);
    try {
      const { author, learner } = await setUpCast(ctx.app, ctx.services);
      const system = systemActor(author.orgId);
      const markdown = `Before\n\n${PAYLOADS.join('\n\n')}\n\nAfter`;
      const objective = await ctx.services.content.createObjective(system, { title: 'Safety', performance: 'Stay safe', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
      const lesson = await ctx.services.content.createLesson(system, {
        title: 'Hostile lesson',
        coreQuestion: 'How do I stay safe when content is hostile?',
        objectiveId: objective.id,
        tags: [],
        variables: [{ name: 'trap', description: 'A value set per course' }],
        blocks: [
          { id: 't', type: 'text', markdown },
          { id: 'c', type: 'case_study', scenario: markdown, considerations: ['Think'] },
          { id: 'q', type: 'question', question: { kind: 'true_false', prompt: 'Safe?', answer: true, askConfidence: false } },
        ],
      });
      await ctx.services.content.publishLesson(system, lesson.id);
      const course = await ctx.services.content.createCourse(system, {
        title: 'Hostile course',
        description: '',
        objectiveIds: [],
        prerequisiteIds: [],
        variableValues: { trap: '<img src=x onerror="window.__xss=1">' },
        modules: [{ id: 'm', title: 'M', lessonIds: [lesson.id] }],
      });
      await ctx.services.content.publishCourse(system, course.id);
      await ctx.services.learning.enrol(system, { courseId: course.id, personIds: [learner.personId] });

      const played = await ctx.app.inject({ url: `/api/learn/courses/${course.id}/lessons/${lesson.id}`, headers: asSession(learner) });
      expect(played.statusCode, played.body).toBe(200);
      const blocks = played.json().lesson?.blocks ?? played.json().blocks;
      const text = blocks.find((b: { id: string }) => b.id === 't');
      const scenario = blocks.find((b: { id: string }) => b.id === 'c');
      expectInert(text.html, 'text block');
      expectInert(scenario.scenarioHtml, 'case study');
      expect(text.html).toContain('After');
      expect(scenario).not.toHaveProperty('scenario');

      const preview = await ctx.app.inject({ url: `/api/lessons/${lesson.id}/preview?trap=${encodeURIComponent('<script>window.__xss=1</script>')}`, headers: asSession(author) });
      expect(preview.statusCode, preview.body).toBe(200);
      for (const block of preview.json().blocks as Array<{ id: string; html?: string; scenarioHtml?: string }>) {
        if (block.id === 't') expectInert(block.html, 'preview text block');
        if (block.id === 'c') expectInert(block.scenarioHtml, 'preview case study');
      }
    } finally {
      await ctx.close();
    }
  });
});

describe.each(testDialects)('server-side request forgery through the external LRS on %s', (dialect) => {
  it('refuses an internal forwarding endpoint when it is set, and again when statements are sent to one', async () => {
    let reached = 0;
    const internal = await startLoopbackServer(async (_request, response) => {
      reached++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('["secret from the internal network"]');
    });
    const ctx = await createTestContext(dialect);
    try {
      const admin = await setUpOrganisation(ctx.app);
      for (const endpoint of [`${internal.url}/xapi/`, 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]:8080/xapi/', 'http://0x7f.1/xapi/']) {
        const refused = await ctx.app.inject({ method: 'PUT', url: '/api/lrs/forwarding', headers: asSession(admin), payload: { endpoint, key: 'k', secret: 's' } });
        expect(refused.statusCode, endpoint).toBe(400);
        expect(refused.json().error.details.issues[0].field, endpoint).toBe('body.endpoint');
      }
      // Settings that got past the first check (the name once resolved elsewhere, or written before it existed).
      await ctx.services.database.db.insertInto('lrs_forward').values({ org_id: admin.orgId, endpoint: `${internal.url}/xapi/`, key: 'k', secret: 's', updated_at: new Date().toISOString() }).execute();
      const failure = await failureOf(ctx.services.lrsForwarding.channel({ allowPrivateTargets: false }).send({ id: 'm1', orgId: admin.orgId, idempotencyKey: 'xapi:test', payload: { statements: [{ id: 'x' }] } }));
      expect(failure.isPermanent).toBe(true);
      expect(failure.message).toMatch(/loopback/);
      expect(reached).toBe(0);
    } finally {
      await ctx.close();
      await internal.close();
    }
  });
});
