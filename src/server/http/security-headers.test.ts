/**
 * Security headers (docs/SECURITY.md, ASVS V14.4): every kind of response Morsel sends — the web app's HTML, API
 * JSON, errors, CSV downloads, uploaded media — carries the headers that keep a browser from running what it
 * should not, framing the site, sniffing types or leaking URLs (with their link tokens) in the Referer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, type TestContext, type TestSession } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';

/** The CSP's directives by name. */
function directivesOf(header: string | string[] | number | undefined): Map<string, string> {
  expect(typeof header, 'a content-security-policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

/** What every response must carry, whatever it is. */
function expectBrowserHardening(headers: Record<string, string | string[] | number | undefined>, what: string) {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-frame-options'], what).toBe('SAMEORIGIN');
  expect(headers['strict-transport-security'], what).toMatch(/max-age=\d{7,}/);
  expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(headers['x-powered-by'], what).toBeUndefined();
  expect(String(headers.server ?? ''), what).not.toMatch(/\d/);
  const csp = directivesOf(headers['content-security-policy']);
  expect(csp.get('frame-ancestors'), what).toBe("'none'");
  expect(csp.get('object-src'), what).toBe("'none'");
}

describe.each(testDialects)('security headers on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    admin = await setUpOrganisation(ctx.app);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('serves the web app’s HTML with a CSP that allows no inline or foreign script, no framing and no plugins', async () => {
    for (const url of ['/', '/learn', '/auth/link?token=abc123abc123']) {
      const response = await ctx.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html; charset=utf-8/);
      expectBrowserHardening(response.headers, url);
      const csp = directivesOf(response.headers['content-security-policy']);
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('script-src-attr')).toBe("'none'");
      expect(csp.get('base-uri')).toBe("'self'");
      expect(csp.get('form-action')).toBe("'self'");
      expect(csp.get('connect-src')).toBe("'self'");
      // Plain http (the test's PUBLIC_URL): upgrading would break every asset.
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
    }
  });

  it('sends the same headers with API JSON, with errors (401 and CSRF refusals too) and with CSV downloads', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['/api/me', asSession(admin), 200],
      ['/api/me', {}, 401],
      ['/api/people/no-such-person', asSession(admin), 404],
      ['/api/no-such-route', asSession(admin), 404],
      ['/healthz', {}, 200],
      ['/api/compliance.csv', asSession(admin), 200],
    ];
    for (const [url, headers, status] of cases) {
      const response = await ctx.app.inject({ url, headers });
      expect(response.statusCode, url).toBe(status);
      expectBrowserHardening(response.headers, url);
    }
    // Refusals that end the request before any route runs (authentication and CSRF in onRequest) included.
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/teams', headers: { cookie: admin.cookie }, payload: { name: 'Forged' } });
    expect(forged.json().error.code).toBe('csrf_failed');
    expectBrowserHardening(forged.headers, 'a CSRF refusal');
    const csv = await ctx.app.inject({ url: '/api/compliance.csv', headers: asSession(admin) });
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('gives JSON responses a charset-bearing JSON content type, so no browser reads them as HTML', async () => {
    for (const url of ['/api/me', '/api/no-such-route']) {
      const response = await ctx.app.inject({ url, headers: asSession(admin) });
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8');
    }
  });
});

describe('security headers behind HTTPS', () => {
  it('asks browsers to upgrade insecure requests only when PUBLIC_URL is https', async () => {
    const ctx = await createTestContext('sqlite', { env: { PUBLIC_URL: 'https://morsel.example' } });
    try {
      const response = await ctx.app.inject({ url: '/learn' });
      expect(directivesOf(response.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
