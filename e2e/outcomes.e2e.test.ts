/**
 * Learning records and organisational outcomes (issue 8), end to end in a real browser, as an admin on a desktop.
 *
 * The LRS: the admin creates a credential and sees its secret once (with a copy button and a "store it now"
 * message), the key and secret authenticate against /xapi/, the secret is gone after a reload, and once the admin
 * revokes the credential (after a confirmation) /xapi/ refuses it.
 *
 * Outcomes: through the API an author publishes a one-question course and the admin enrols eight learners, four of
 * whom complete it today. In the browser the admin pastes a win-rate CSV with a person nobody knows and a date that is
 * not a date, and sees both lines named and nothing imported; then uploads a good CSV (each learner's win rate two
 * and one weeks before, and today), picks the metric and the course, and reads the result in words, the warnings,
 * both groups, the charts by their accessible names and their data; the "Download CSV" link downloads every person.
 * Axe checks every new page state; the test waits by watching the page, never by sleeping.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations } from './support/browser.ts';
import { addLearners, type Learner, publishOneQuestionCourse } from './support/gamification.ts';
import { browserSuite } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Olu Outcomes', email: 'olu@tailspin.example', password: 'correct horse battery' };
const LEARNERS: Learner[] = Array.from({ length: 8 }, (_, k) => ({ name: `Seller ${k + 1}`, email: `seller${k + 1}@tailspin.example`, password: `seller ${k + 1} passphrase` }));
/** The first four complete the course today. */
const TRAINED = LEARNERS.slice(0, 4);
const COURSE_TITLE = 'Opening up';
const CREDENTIAL = 'Safety simulation';

const DAY_MS = 24 * 60 * 60 * 1000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Each learner's win rate two weeks and one week before today (their usual rate, then 0.01 more) and today, the day
 * the trained ones completed the course: the trained gain 0.10 to 0.13, the others 0 to 0.02. Per person the change is
 * the gain − 0.005, so the difference in differences is 0.115 − 0.01 = 0.105; SciPy 1.17's Welch test of the changes
 * gives the 95 % interval 0.0854 to 0.1246. The untrained started higher, so after the cut-off alone the difference is
 * only 0.025 (−0.0368 to 0.0868); the trained people's mean after is 0.395 (t interval 0.3334 to 0.4566).
 */
function winRatesCsv(today: string): string {
  const todayMs = Date.parse(`${today}T00:00:00.000Z`);
  const lines = ['person,date,metric,value'];
  LEARNERS.forEach((learner, k) => {
    const usual = 0.25 + k * 0.02;
    const gain = k < 4 ? 0.1 + k * 0.01 : [0, 0.01, 0.02, 0.01][k - 4]!;
    lines.push(`${learner.email},${dayOf(todayMs - 14 * DAY_MS)},win rate,${usual.toFixed(3)}`);
    lines.push(`${learner.email},${dayOf(todayMs - 7 * DAY_MS)},win rate,${(usual + 0.01).toFixed(3)}`);
    lines.push(`${learner.email},${today},win rate,${(usual + gain).toFixed(3)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Calls /xapi/statements with an LRS key and secret (HTTP Basic), as external content would. */
async function xapiStatus(page: Page, key: string, secret: string): Promise<number> {
  const response = await fetch(new URL('/xapi/statements?limit=1', page.url()), {
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'x-experience-api-version': '1.0.3' },
  });
  return response.status;
}

describe.skipIf(!chromiumCheck.isAvailable)('learning records and outcomes, as an admin, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Tailspin Phones', admin: ADMIN, screenshotPrefix: 'outcomes' });

  it('creates an LRS credential whose secret is shown once, and revokes it', { timeout: 120_000 }, async () => {
    const { page } = await signedIn();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto('/admin/people');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Learning records (xAPI)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Learning records (xAPI)' }).waitFor();
    const endpoint = page.getByLabel('LRS endpoint');
    expect(await endpoint.inputValue()).toBe(new URL('/xapi/', page.url()).href);
    await page.getByRole('heading', { name: 'No credentials yet' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the LRS page without credentials');

    // Created: the key and the secret, shown this once, each with a copy button.
    await page.getByRole('form', { name: 'New credential' }).getByLabel('Name').fill(CREDENTIAL);
    await page.getByRole('button', { name: 'Create credential' }).click();
    const created = page.getByRole('region', { name: `Credential “${CREDENTIAL}” created` });
    await created.getByText('Store the secret now').waitFor();
    const key = await created.getByLabel('Key').inputValue();
    const secret = await created.getByLabel('Secret').inputValue();
    expect(key).toMatch(/^mk_/);
    expect(secret.length).toBeGreaterThanOrEqual(20);
    await created.getByRole('button', { name: 'Copy secret' }).click();
    await created.getByRole('status').filter({ hasText: 'Secret copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const row = page.getByRole('row', { name: new RegExp(CREDENTIAL) });
    await row.getByText(key).waitFor();
    await screenshot(page, 'lrs-created');
    await expectNoSeriousA11yViolations(page, 'the LRS page with a new credential');
    expect(await xapiStatus(page, key, secret)).toBe(200);

    // Once only: after a reload the key is listed, the secret nowhere.
    await page.reload();
    await row.getByText(key).waitFor();
    expect(await created.count()).toBe(0);
    expect(await page.getByText(secret).count()).toBe(0);

    // Revoked after a confirmation: marked so, and refused by the LRS at once.
    const confirmations: string[] = [];
    page.once('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await row.getByRole('button', { name: `Revoke ${CREDENTIAL}` }).click();
    await page.getByRole('status').filter({ hasText: `The credential “${CREDENTIAL}” was revoked.` }).waitFor();
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect(confirmations).toEqual([expect.stringContaining(`Revoke the LRS credential “${CREDENTIAL}”?`)]);
    await screenshot(page, 'lrs-revoked');
    await expectNoSeriousA11yViolations(page, 'the LRS page with a revoked credential');
    expect(await xapiStatus(page, key, secret)).toBe(401);

    expect(pageErrors).toEqual([]);
  });

  it('imports a metric (naming every bad line), compares the people who completed a course with the others, and downloads the CSV', { timeout: 180_000 }, async () => {
    const admin = await signedIn();
    const course = await publishOneQuestionCourse(admin.call);
    await addLearners(admin.call, { learners: LEARNERS, course });
    for (const learner of TRAINED) {
      const { call } = await signedIn({ person: learner });
      const answer = await call<{ lessonCompleted: boolean }>('POST', '/api/learn/attempts', { courseId: course.courseId, lessonId: course.lessonId, questionId: 'check', response: { kind: 'true_false', value: true }, timeTakenMs: 3000, clientId: `e2e-outcome-${learner.email}` });
      expect(answer.lessonCompleted).toBe(true);
    }
    // Completed today (UTC), which is everyone's cut-off.
    const today = new Date().toISOString().slice(0, 10);
    const page = admin.page;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto('/manage');
    await page.getByRole('navigation', { name: 'Manage' }).getByRole('link', { name: 'Outcomes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outcomes' }).waitFor();
    await page.getByRole('heading', { name: 'No metric yet' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the outcomes page without metrics');

    // A file with a person nobody knows (line 3) and a date that is not a date (line 4): both named, nothing imported.
    const importForm = page.getByRole('form', { name: 'Import a metric' });
    await importForm.getByLabel('Or paste the CSV').fill(`person,date,metric,value\n${LEARNERS[0]!.email},${today},win rate,0.3\nnobody@tailspin.example,${today},win rate,0.3\n${LEARNERS[1]!.email},someday,win rate,0.3\n`);
    await importForm.getByRole('button', { name: 'Import' }).click();
    await importForm.getByRole('alert').filter({ hasText: '2 lines need fixing; nothing was imported.' }).waitFor();
    const problems = importForm.getByRole('table', { name: 'Lines to fix' });
    await problems.getByRole('row', { name: /^3 person No one in the organisation has the email or id "nobody@tailspin\.example"/ }).waitFor();
    await problems.getByRole('row', { name: /^4 date "someday" is not a date/ }).waitFor();
    await page.getByRole('heading', { name: 'No metric yet' }).waitFor();
    await screenshot(page, 'import-refused');
    await expectNoSeriousA11yViolations(page, 'the outcomes page with a refused import');

    // The good file, uploaded: the metric is picked at once.
    await importForm.getByLabel('CSV file').setInputFiles({ name: 'win-rates.csv', mimeType: 'text/csv', buffer: Buffer.from(winRatesCsv(today)) });
    await importForm.getByText('Contents of win-rates.csv.').waitFor();
    await importForm.getByRole('button', { name: 'Import' }).click();
    await importForm.getByRole('status').filter({ hasText: 'Imported 24 values of win rate: 24 new, 0 replaced.' }).waitFor();
    expect(await problems.count()).toBe(0);
    const compare = page.getByRole('form', { name: 'Compare' });
    await expect.poll(() => compare.getByLabel('Metric').inputValue()).toBe('win rate');

    // Trained means: completed the course.
    await compare.getByLabel('Completed a course').check();
    await compare.getByLabel('Course', { exact: true }).selectOption({ label: COURSE_TITLE });
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText('Trained people’s win rate rose 0.105 more than untrained people’s (95 % interval 0.085 to 0.125); n = 4 and 4.').waitFor();
    await result.getByText(/^The interval does not include zero/).waitFor();
    await result.getByText(`Trained here means: Completed the course “${COURSE_TITLE}”.`).waitFor();
    const warnings = result.getByRole('region', { name: 'Bear in mind' });
    await warnings.getByText('The trained group has only 4 people.', { exact: false }).waitFor();
    await warnings.getByText('were not chosen at random', { exact: false }).waitFor();
    const groups = result.getByRole('table', { name: /^Both groups/ });
    await groups.getByRole('row', { name: 'Trained 4 0 0.285 (sd 0.026) 0.395 (sd 0.039) +0.110 (sd 0.013)', exact: true }).waitFor();
    await groups.getByRole('row', { name: 'Untrained 4 0 0.365 (sd 0.026) 0.370 (sd 0.032) +0.005 (sd 0.008)', exact: true }).waitFor();

    // The charts: images with accessible names, described in words, and their data as tables.
    const means = result.getByRole('img', { name: 'Win rate before and after, mean of each group with 95 % intervals' });
    await means.waitFor();
    expect(await means.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
    const differences = result.getByRole('img', { name: 'Win rate: trained − untrained, with 95 % intervals, against zero' });
    await differences.waitFor();
    expect(await differences.evaluate((svg) => document.getElementById(svg.getAttribute('aria-describedby') ?? '')?.textContent)).toBe(
      'Trained − untrained in win rate. After the cut-off: 0.025 (−0.037 to 0.087, including zero). Change (difference in differences): 0.105 (0.085 to 0.125, above zero).',
    );
    await result.getByRole('table', { name: 'Chart data: mean of each group' }).getByRole('row', { name: 'Trained After 4 0.395 0.333 to 0.457', exact: true }).waitFor();
    await result.getByRole('table', { name: 'Chart data: trained − untrained' }).getByRole('row', { name: 'Change (difference in differences) 0.105 0.085 to 0.125' }).waitFor();
    await screenshot(page, 'result');
    await expectNoSeriousA11yViolations(page, 'the outcome with its charts');

    // The same people as CSV.
    const download = page.waitForEvent('download');
    await result.getByRole('link', { name: 'Download CSV' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('name,email,group,cut-off,win rate before,win rate after,change');
    expect(csv).toHaveLength(1 + LEARNERS.length);
    expect(csv.filter((line) => line.includes(',trained,'))).toHaveLength(4);
    expect(csv.filter((line) => line.includes(',untrained,'))).toHaveLength(4);
    expect(csv.find((line) => line.includes(TRAINED[0]!.email))).toContain(`,trained,${today},`);

    // The address keeps the comparison: a reload shows the same result.
    await page.reload();
    await result.getByText(/^Trained people’s win rate rose 0\.105 more/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
