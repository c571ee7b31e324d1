/** A browser context signed in through the API, with a JSON caller that carries its CSRF token; a suite's shared set-up. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, newContext } from './browser.ts';
import { type MorselServer, startMorsel } from './server.ts';

/** A JSON call of the API that must succeed; returns the answer's body (undefined for 204). */
export type Call = <T>(method: string, path: string, data?: unknown) => Promise<T>;

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  call: Call;
}

/**
 * Signs `person` in with their password on a new context; on an empty server it first sets up `organisation`
 * with `admin` as its first admin (who is then the one signed in). End-to-end databases may be shared between
 * test files, so either may happen.
 */
export async function signInContext(
  browser: Browser,
  options: { baseURL: string; viewport?: { width: number; height: number }; organisation: string; admin: { name: string; email: string; password: string }; person?: { email: string; password: string } },
): Promise<SignedIn> {
  const context = await newContext(browser, { baseURL: options.baseURL, ...(options.viewport && { viewport: options.viewport }) });
  const api = context.request;
  const person = options.person ?? options.admin;
  const needed = ((await (await api.get('/api/setup')).json()) as { needed: boolean }).needed;
  const response = needed
    ? await api.post('/api/setup', { data: { organisation: { name: options.organisation }, admin: { displayName: options.admin.name, email: options.admin.email, password: options.admin.password } } })
    : await api.post('/api/auth/sign-in', { data: { email: person.email, password: person.password } });
  expect(response.ok(), await response.text()).toBe(true);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const call: Call = async <T,>(method: string, path: string, data?: unknown): Promise<T> => {
    const answer = await api.fetch(path, { method, headers: { 'x-csrf-token': csrfToken }, ...(data === undefined ? {} : { data }) });
    expect(answer.ok(), `${method} ${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
    return (answer.status() === 204 ? undefined : await answer.json()) as T;
  };
  return { context, page: await context.newPage(), call };
}

/**
 * What a browser suite shares, registered (call it inside the `describe`): a Morsel server and Chromium started
 * before its tests; every context it signed in closed, then both stopped, after them. `signedIn` signs a person in
 * (setting up `organisation` with `admin` on an empty server); `screenshot` saves a page as `<prefix>-<name>.png`
 * when E2E_SCREENSHOTS names a folder.
 */
export function browserSuite(options: { organisation: string; admin: { name: string; email: string; password: string }; screenshotPrefix: string }) {
  let morsel: MorselServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [morsel, browser] = await Promise.all([startMorsel(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await morsel?.stop();
  });
  return {
    async signedIn(person: { viewport?: { width: number; height: number }; person?: { email: string; password: string } } = {}): Promise<{ page: Page; call: Call }> {
      const session = await signInContext(browser!, { baseURL: morsel!.url, organisation: options.organisation, admin: options.admin, ...person });
      contexts.push(session.context);
      return session;
    },
    async screenshot(page: Page, name: string): Promise<void> {
      const folder = process.env.E2E_SCREENSHOTS;
      if (!folder) return;
      mkdirSync(folder, { recursive: true });
      await page.screenshot({ path: join(folder, `${options.screenshotPrefix}-${name}.png`), fullPage: true });
    },
  };
}
