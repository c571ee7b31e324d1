/**
 * Headless Chromium for end-to-end tests, from the system (`/usr/bin/chromium`); a browser is never
 * downloaded. Plus an axe-core accessibility check that fails on serious and critical violations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where the system Chromium lives. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A phone-sized viewport (iPhone 12–15). */
export const MOBILE_VIEWPORT = { width: 390, height: 844 };

/**
 * Whether the browser suite can run here. Missing Chromium fails loudly on CI and skips with a reason on a
 * developer machine.
 * @throws Error on CI when Chromium is missing.
 */
export function checkChromium(): { isAvailable: boolean; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { isAvailable: true, reason: '' };
  const reason = `Chromium was not found at ${CHROMIUM_PATH}; install it (apt-get install chromium) or set CHROMIUM_PATH to run the end-to-end tests.`;
  if (process.env.CI) throw new Error(reason);
  console.warn(`Skipping end-to-end browser tests: ${reason}`);
  return { isAvailable: false, reason };
}

/** Launches headless Chromium with a throwaway profile and no background traffic. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/**
 * A fresh browser context (own cookies and storage) with a phone or desktop viewport. `bypassCSP` switches the
 * page's Content-Security-Policy off, for tests that must prove a defence works without it (e.g. sanitising).
 */
export async function newContext(browser: Browser, options: { baseURL: string; viewport?: { width: number; height: number }; bypassCSP?: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    bypassCSP: options.bypassCSP ?? false,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

/** One accessibility problem axe found. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now.
 * Morsel's Content-Security-Policy (`script-src 'self'`) rightly blocks the inline <script> that
 * `page.addScriptTag` adds, and the tests keep that policy on (so they prove the app runs under it); the
 * axe source is therefore evaluated through the DevTools protocol, which the page's policy does not govern.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) {
    axeSource ??= readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as never;
  });
}

/**
 * Fails when axe finds a serious or critical violation on the page, listing each with the elements involved.
 * @throws Error describing every serious or critical violation.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const violations = (await runAxe(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (violations.length === 0) return;
  const lines = violations.map((violation) => {
    const nodes = violation.nodes
      .slice(0, 5)
      .map((node) => `      ${JSON.stringify(node.target)}${node.failureSummary ? `: ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`)
      .join('\n');
    return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
  });
  throw new Error(`Accessibility violations on ${label} (${page.url()}):\n${lines.join('\n')}`);
}
