/**
 * The foundation, end to end in a real browser: first-run setup, CSV import of people, the people list,
 * signing out, a magic link read from a real SMTP server, the learner's home, and accessibility (axe-core)
 * on each key page.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save phone-sized screenshots of key pages there.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations, launchBrowser, MOBILE_VIEWPORT, newContext } from './support/browser.ts';
import { findLink, startMailCatcher, type MailCatcher } from './support/mail.ts';
import { startMorsel, type MorselServer } from './support/server.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Grace Hopper', email: 'grace@northwind.example', password: 'correct horse battery' };
const ORGANISATION = 'Northwind Logistics';

/** An HR export: 10 people, 3 teams, managers by email, several time zones, one learner who also authors. */
const PEOPLE_CSV = `name,email,team,manager email,time zone,role
Amara Okafor,amara.okafor@northwind.example,Field Sales,,Africa/Lagos,manager;learner
Ben Carter,ben.carter@northwind.example,Field Sales,amara.okafor@northwind.example,Europe/London,learner
Chloé Dubois,chloe.dubois@northwind.example,Field Sales,amara.okafor@northwind.example,Europe/Paris,learner
Dev Patel,dev.patel@northwind.example,Support,,Asia/Kolkata,manager;learner
Elena García,elena.garcia@northwind.example,Support,dev.patel@northwind.example,Europe/Madrid,learner;author
Farah Haddad,farah.haddad@northwind.example,Support,dev.patel@northwind.example,Asia/Dubai,learner
Gustav Lindqvist,gustav.lindqvist@northwind.example,Warehouse,,Europe/Stockholm,manager;learner
Hana Sato,hana.sato@northwind.example,Warehouse,gustav.lindqvist@northwind.example,Asia/Tokyo,learner
Isaac Mensah,isaac.mensah@northwind.example,Warehouse,gustav.lindqvist@northwind.example,Africa/Accra,learner
Julia Souza,julia.souza@northwind.example,Warehouse,gustav.lindqvist@northwind.example,America/Sao_Paulo,learner
`;
const IMPORTED_NAMES = PEOPLE_CSV.trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0] ?? '');
const LEARNER = { name: 'Ben Carter', email: 'ben.carter@northwind.example' };

describe.skipIf(!chromiumCheck.isAvailable)('foundation, in a browser', () => {
  let mail: MailCatcher;
  let morsel: MorselServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mail = await startMailCatcher();
    [morsel, browser] = await Promise.all([startMorsel({ smtpUrl: mail.url }), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await morsel?.stop();
    await mail?.close();
  });

  async function openPage(viewport = MOBILE_VIEWPORT): Promise<Page> {
    const context = await newContext(browser, { baseURL: morsel.url, viewport });
    contexts.push(context);
    return context.newPage();
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const folder = process.env.E2E_SCREENSHOTS;
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  }

  async function expectHeading(page: Page, name: string | RegExp): Promise<void> {
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  it('sets up an organisation, imports people, and signs a learner in with an emailed link', { timeout: 60_000 }, async () => {
    const page = await openPage();

    // First run: every route leads to /setup.
    await page.goto('/admin/people');
    await page.waitForURL('**/setup');
    await expectHeading(page, 'Welcome to Morsel');
    expect(await page.title()).toBe('Set up Morsel · Morsel');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/London');
    await expectNoSeriousA11yViolations(page, 'the setup page');
    await page.getByLabel('Organisation name').fill(ORGANISATION);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await screenshot(page, 'setup');
    await page.getByRole('button', { name: 'Create organisation' }).click();

    // The admin lands on the (empty) people list, signed in.
    await page.waitForURL('**/admin/people');
    await expectHeading(page, 'People');
    await page.getByRole('banner').getByText(ORGANISATION).waitFor();
    await page.getByRole('heading', { name: 'No people yet' }).waitFor({ state: 'detached' }).catch(() => undefined);

    // Import: check first (nothing changes), then import for real.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Import', exact: true }).click();
    await page.waitForURL('**/admin/people/import');
    await page.getByLabel('CSV file').setInputFiles({ name: 'hr-export.csv', mimeType: 'text/csv', buffer: Buffer.from(PEOPLE_CSV) });
    await expect.poll(() => page.getByLabel('Or paste the CSV').inputValue()).toBe(PEOPLE_CSV);
    await page.getByRole('button', { name: 'Check only' }).click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor();
    expect(await page.locator('.report [role=status]').innerText()).toContain('Nothing has been imported yet');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import report' }).waitFor();
    const summary = await page.locator('.report [role=status]').innerText();
    expect(summary).toContain('10 created');
    expect(await page.locator('.stats').innerText()).toMatch(/Created\s*10/);
    expect(await page.locator('.report').innerText()).toMatch(/Field Sales.*Support.*Warehouse|Field Sales, Support and Warehouse/s);
    await expectNoSeriousA11yViolations(page, 'the import page with its report');

    // Everyone is in the list: the admin and the ten imported people.
    await page.getByRole('link', { name: 'See everyone in People' }).click();
    await page.waitForURL('**/admin/people');
    const table = page.getByRole('table', { name: 'People' });
    await table.getByRole('link', { name: 'Julia Souza' }).waitFor();
    const tableText = await table.innerText();
    for (const name of IMPORTED_NAMES) expect(tableText).toContain(name);
    expect(await page.getByText(/Showing 11 of 11 people/).count()).toBe(1);
    await screenshot(page, 'people');
    await expectNoSeriousA11yViolations(page, 'the people list (phone)');
    await page.setViewportSize({ width: 1280, height: 860 });
    await expectNoSeriousA11yViolations(page, 'the people list (desktop)');
    await page.setViewportSize(MOBILE_VIEWPORT);

    // Search narrows the list.
    await page.getByLabel('Search').fill('chloé');
    await page.waitForURL(/q=chlo/);
    await page.getByText(/Showing 1 of 1 person/).waitFor();

    // Teams were created by the import.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Teams' }).click();
    await page.waitForURL('**/admin/teams');
    await page.getByRole('table', { name: 'Teams' }).getByRole('link', { name: 'Warehouse' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the teams page');

    // Sign out, then in again as a learner with a link sent by email.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await expectHeading(page, 'Sign in');
    await expectNoSeriousA11yViolations(page, 'the sign-in page');
    await page.getByLabel('Email').fill(LEARNER.email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.locator('[role=status]').filter({ hasText: /\S/ }).first().waitFor();

    const email = await mail.waitForMailTo(LEARNER.email);
    const link = findLink(email, `${morsel.url}/auth/link?token=`);
    await page.goto(link);
    await page.waitForURL('**/learn');
    await expectHeading(page, new RegExp(LEARNER.name));
    await page.getByText('Nothing due today').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Learn']);
    await screenshot(page, 'learn');
    await expectNoSeriousA11yViolations(page, 'the learner home');

    // The link works once only.
    const reused = await openPage();
    await reused.goto(link);
    await reused.getByRole('heading', { name: 'This sign-in link does not work' }).waitFor();

    await page.getByRole('link', { name: /Your profile/ }).click();
    await page.waitForURL('**/profile');
    await expectHeading(page, 'Your profile');
    expect(await page.getByLabel('Display name').inputValue()).toBe(LEARNER.name);
    await expectNoSeriousA11yViolations(page, 'the profile page');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await expectHeading(page, 'Sign in');
    expect(morsel.output()).not.toMatch(/"level":(50|60)/);
  });

  it('shows the API’s error in an alert when the password is wrong', async () => {
    // Independent of the test above: set up the organisation through the API if it has not been.
    const status = (await (await fetch(`${morsel.url}/api/setup`)).json()) as { needed: boolean };
    if (status.needed) {
      const response = await fetch(`${morsel.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organisation: { name: ORGANISATION }, admin: { displayName: ADMIN.name, email: ADMIN.email, password: ADMIN.password } }),
      });
      expect(response.status).toBe(201);
    }
    const page = await openPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    expect((await alert.innerText()).trim().length).toBeGreaterThan(5);
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    // The right password then signs the admin in and lands on their home.
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/admin/people');

    // The outbox shows what was sent (the learner's sign-in link, when the test above ran) and nothing dead.
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Outbox' }).click();
    await page.waitForURL('**/admin/outbox');
    await expectHeading(page, 'Outbox');
    await page.getByRole('heading', { name: 'Nothing failed' }).waitFor();
    await page.getByRole('button', { name: /^Sent/ }).click();
    if (!status.needed) await page.getByRole('row').filter({ hasText: LEARNER.email }).first().waitFor();
    await screenshot(page, 'outbox');
    await expectNoSeriousA11yViolations(page, 'the outbox');
  });
});
