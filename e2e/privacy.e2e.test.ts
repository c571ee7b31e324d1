/**
 * Issue 9 in a real browser: a learner downloads their own data from their profile; an admin downloads a person's
 * data from the person's page, then erases it through the dialog (which asks for the email typed), and sees the
 * erasure on record. Axe checks the page and the dialog.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations } from './support/browser.ts';
import { browserSuite } from './support/session.ts';

const chromiumCheck = checkChromium();
const ADMIN = { name: 'Pat Privacy', email: 'pat@tailspin.example', password: 'correct horse battery' };
const LEARNER = { name: 'Rio Learner', email: 'rio@tailspin.example', password: 'learner passphrase 1' };

/** Clicks what starts a download and returns the file's JSON. */
async function downloadJson(page: Page, click: () => Promise<void>): Promise<{ person: { email: string }; sections: Record<string, unknown[]> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  expect(download.suggestedFilename()).toMatch(/^morsel-data-.+\.json$/);
  return JSON.parse(await readFile((await download.path())!, 'utf8'));
}

describe.skipIf(!chromiumCheck.isAvailable)('a person’s data, exported and erased, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Tailspin Toys', admin: ADMIN, screenshotPrefix: 'privacy' });

  it('lets a learner download their data and an admin download and erase someone’s', { timeout: 120_000 }, async () => {
    const admin = await signedIn();
    const created = await admin.call<{ id: string }>('POST', '/api/people', { email: LEARNER.email, displayName: LEARNER.name, roles: ['learner'], password: LEARNER.password, attributes: { location: 'Leeds' } });

    const learner = await signedIn({ person: LEARNER });
    await learner.page.goto('/profile');
    const own = await downloadJson(learner.page, () => learner.page.getByRole('link', { name: 'Download my data' }).click());
    expect(own.person.email).toBe(LEARNER.email);
    expect(own.sections.session!.length).toBeGreaterThan(0);

    await admin.page.goto(`/admin/people/${created.id}`);
    await admin.page.getByRole('heading', { name: 'Their data' }).waitFor();
    const theirs = await downloadJson(admin.page, () => admin.page.getByRole('link', { name: 'Download their data' }).click());
    expect(theirs.person.email).toBe(LEARNER.email);
    await expectNoSeriousA11yViolations(admin.page, 'the person page with its data panel');

    await admin.page.getByRole('button', { name: 'Erase their data…' }).click();
    const dialog = admin.page.getByRole('dialog', { name: `Erase ${LEARNER.name}’s data?` });
    await dialog.waitFor();
    const erase = dialog.getByRole('button', { name: 'Erase their data' });
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type their email/).fill('someone@tailspin.example');
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type their email/).fill(LEARNER.email.toUpperCase());
    await expectNoSeriousA11yViolations(admin.page, 'the erase dialog');
    await screenshot(admin.page, 'erase-dialog');
    await erase.click();
    // The dialog now tells what went (and is named so).
    const done = admin.page.getByRole('dialog', { name: 'Their data was erased' });
    await done.getByText(/^attempt|^session: 1 row$/).first().waitFor();
    await done.getByRole('button', { name: 'Close' }).click();

    // The page now shows the anonymised person, and the record of both requests.
    await admin.page.getByRole('heading', { level: 1, name: 'Erased person' }).waitFor();
    await admin.page.getByText(/^Erased on .+ by Pat Privacy$/).waitFor();
    // Their own download is on record too, under the name they now have.
    await admin.page.getByText(/^Exported on .+ by Erased person$/).waitFor();
    // The learner's session went with their data.
    expect((await learner.page.request.get('/api/me')).status()).toBe(401);
  });
});
