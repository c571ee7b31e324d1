/**
 * Importing ("Break it up"), end to end in a real browser: an author opens Import, uploads a real 14,000-word
 * Markdown handbook (PagerDuty's security training, from shared/fixtures), watches Morsel propose lessons, reviews
 * them beside the source (highlights a lesson's lines, merges two, splits one, edits a title with the keyboard,
 * drops one, meets a conflict when the import changed behind the page's back), accepts them with a course title,
 * and follows the link to the draft course, which lists the lessons. Axe checks the new-import page and the review
 * (wide and on a phone). Two shorter tests take a real transcript with its chapters (lessons by cue time, their cues
 * highlighted) and a recording without a transcript, uploaded through the media picker (lessons played span by
 * span; then cancels and deletes that import).
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDetail } from '../src/server/modules/import/import.schemas.ts';
import { fixturePath } from '../src/server/testing/fixtures.ts';
import { checkChromium, expectNoSeriousA11yViolations, launchBrowser, MOBILE_VIEWPORT, newContext } from './support/browser.ts';
import { startMorsel, type MorselServer } from './support/server.ts';
import { type Call, signInContext } from './support/session.ts';

const chromiumCheck = checkChromium();

const HANDBOOK = fixturePath('documents/pagerduty-security-training-for-everyone.md');
const CAPTIONS = fixturePath('transcripts/ableplayer-itaccess_captions_en.vtt');
const CHAPTERS = fixturePath('transcripts/ableplayer-itaccess_chapters_en.vtt');
const VIDEO = fixturePath('video/tears-of-steel-battle-clip-medium.webm');
const ADMIN = { name: 'Ines Importer', email: 'ines@fabrikam.example', password: 'correct horse battery' };
const COURSE_TITLE = 'Security for everyone at Fabrikam';
const EDITED_TITLE = 'Who looks after security here';

describe.skipIf(!chromiumCheck.isAvailable)('importing a document, in a browser', () => {
  let morsel: MorselServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [morsel, browser] = await Promise.all([startMorsel(), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await morsel?.stop();
  });

  async function signedIn(viewport?: { width: number; height: number }): Promise<{ page: Page; call: Call }> {
    const session = await signInContext(browser, { baseURL: morsel.url, organisation: 'Fabrikam', admin: ADMIN, ...(viewport && { viewport }) });
    contexts.push(session.context);
    return session;
  }

  /** Saves a screenshot of what is in view (the review page is very long). */
  async function screenshot(page: Page, name: string): Promise<void> {
    const folder = process.env.E2E_SCREENSHOTS;
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, `import-${name}.png`) });
  }

  const cards = (page: Page) => page.locator('li.proposal');
  /** The card of the proposal at this index of the import's list (cards are numbered "1.", "2." … in order). */
  const card = (page: Page, index: number): Locator => page.locator('li.proposal', { has: page.locator(`#proposal-${index}-title`) });
  const notice = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

  it('proposes lessons from a handbook, takes the author’s review and creates the draft course', { timeout: 180_000 }, async () => {
    const { page, call } = await signedIn();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The studio's navigation leads to Import.
    await page.goto('/author');
    const importLink = page.getByRole('navigation', { name: 'Author' }).getByRole('link', { name: 'Import', exact: true });
    await importLink.click();
    await page.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
    expect(await importLink.getAttribute('aria-current')).toBe('page');
    await page.getByRole('link', { name: 'New import' }).click();
    await page.waitForURL('**/author/imports/new');
    await page.getByRole('heading', { level: 1, name: 'New import' }).waitFor();

    // Nothing chosen: the form says what is missing, without asking the server.
    await page.getByRole('button', { name: 'Propose lessons' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose a document or paste its text first.' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the new-import page');

    // The handbook, read in the browser; its format follows from the file name.
    await page.getByLabel('Document file').setInputFiles(HANDBOOK);
    await notice(page, /Read “pagerduty-security-training-for-everyone\.md”: 96 KB, 1595 lines\./).waitFor();
    expect(await page.getByLabel('Format').inputValue()).toBe('markdown');
    await screenshot(page, 'new');
    await page.getByRole('button', { name: 'Propose lessons' }).click();
    await page.waitForURL(/\/author\/imports\/(?!new$)[^/]+$/);
    const importId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

    // Progress while queued (it may be quick), then the review.
    await page.getByRole('heading', { name: 'Proposed lessons' }).waitFor({ timeout: 60_000 });
    const detail = () => call<ImportDetail>('GET', `/api/imports/${encodeURIComponent(importId)}`);
    const proposed = await detail();
    expect(proposed.status).toBe('ready');
    expect(proposed.sourceName).toBe('pagerduty-security-training-for-everyone.md');
    const count = proposed.proposals.length;
    expect(count).toBeGreaterThan(10);
    expect(await cards(page).count()).toBe(count);
    // Grouped by the suggested modules.
    for (const module of proposed.course.modules) await page.getByRole('heading', { level: 3, name: module.title, exact: true }).first().waitFor();
    await screenshot(page, 'review-top');
    await expectNoSeriousA11yViolations(page, 'the review page');

    // Showing a lesson in the source highlights (and scrolls to) its lines.
    const third = proposed.proposals[2]!;
    const range = third.sourceRange as { startLine: number; endLine: number };
    await card(page, 2).getByRole('button', { name: 'Show in source' }).click();
    await notice(page, `Lines ${range.startLine}–${range.endLine} are highlighted`).waitFor();
    expect(await page.locator('.source-line.is-highlighted').count()).toBe(range.endLine - range.startLine + 1);
    // Scrolled into view inside the source box.
    await expect
      .poll(() =>
        page.locator(`.source-line[data-line="${range.startLine}"]`).evaluate((line: HTMLElement) => {
          const box = line.closest('.import-source')!;
          return line.offsetTop >= box.scrollTop && line.offsetTop < box.scrollTop + box.clientHeight && box.scrollTop > 0;
        }),
      )
      .toBe(true);
    expect(await card(page, 2).getByRole('button', { name: 'Shown in source' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'review');

    // Merge the first two.
    const [first, second] = proposed.proposals;
    await card(page, 0).getByRole('button', { name: /^Merge with next/ }).click();
    await notice(page, `“${first!.title}” and “${second!.title}” were merged.`).waitFor();
    await expect.poll(() => cards(page).count()).toBe(count - 1);
    const merged = await detail();
    expect(merged.revision).toBe(proposed.revision + 1);
    expect(merged.proposals[0]!.pieces.length).toBe(first!.pieces.length + second!.pieces.length);

    // Split the merged one where the second began.
    await card(page, 0).getByRole('button', { name: /^Split/ }).click();
    const splitSelect = card(page, 0).getByLabel('Split before');
    expect(await splitSelect.evaluate((element) => element === document.activeElement)).toBe(true);
    await splitSelect.selectOption(String(first!.pieces.length));
    await expectNoSeriousA11yViolations(page, 'the review page with the split form open');
    await card(page, 0).getByRole('button', { name: 'Split here' }).click();
    await notice(page, 'was split in two').waitFor();
    await expect.poll(() => cards(page).count()).toBe(count);
    const split = await detail();
    // The second part is the second proposal again; the first part ends where the first proposal ended (its pieces
    // are worked out again from the rebuilt text, so their count may differ).
    expect(split.proposals[1]!.pieces).toEqual(second!.pieces);
    expect(split.proposals[0]!.pieces.at(-1)).toBe(first!.pieces.at(-1));

    // Edit a title with the keyboard only: Edit opens the form with the title focused; Enter saves.
    await card(page, 3).getByRole('button', { name: /^Edit/ }).press('Enter');
    const titleField = card(page, 3).getByLabel('Title', { exact: true });
    expect(await titleField.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(EDITED_TITLE);
    await page.keyboard.press('Enter');
    await notice(page, 'were saved').waitFor();
    await page.locator('#proposal-3-title').filter({ hasText: EDITED_TITLE }).waitFor();
    // Focus comes back to the edited lesson's title.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('proposal-3-title');
    expect((await detail()).proposals[3]!.title).toBe(EDITED_TITLE);

    // Someone changes the import behind the page's back: the page's next change is refused and the latest shown.
    const behind = await detail();
    await call('POST', `/api/imports/${encodeURIComponent(importId)}/review`, { op: 'drop', index: count - 1, baseRevision: behind.revision });
    const last = card(page, count - 2);
    await last.getByRole('button', { name: /^Drop/ }).click();
    await last.getByRole('button', { name: 'Drop lesson' }).click();
    await page.getByRole('alert').filter({ hasText: 'the import changed meanwhile' }).waitFor();
    await expect.poll(() => cards(page).count()).toBe(count - 1);

    // Then the drop goes through.
    const dropped = (await detail()).proposals[count - 2]!;
    await card(page, count - 2).getByRole('button', { name: /^Drop/ }).click();
    await card(page, count - 2).getByRole('button', { name: 'Drop lesson' }).click();
    await notice(page, `“${dropped.title}” was dropped.`).waitFor();
    await expect.poll(() => cards(page).count()).toBe(count - 2);
    const reviewed = await detail();
    expect(reviewed.proposals.map((proposal) => proposal.title)).not.toContain(dropped.title);

    // The same review on a phone: one column, still accessible.
    const phone = await signedIn(MOBILE_VIEWPORT);
    await phone.page.goto(`/author/imports/${encodeURIComponent(importId)}`);
    await phone.page.getByRole('heading', { name: 'Proposed lessons' }).waitFor();
    await expectNoSeriousA11yViolations(phone.page, 'the review page on a phone');
    await screenshot(phone.page, 'review-phone');

    // Accept with a course title; the page follows the work until the drafts exist.
    await page.getByLabel('Course title').fill(COURSE_TITLE);
    await page.getByRole('button', { name: 'Accept and create drafts' }).click();
    const progress = page.getByRole('progressbar', { name: 'Creating the drafts' });
    await progress.or(page.getByRole('heading', { name: 'Drafts created' })).first().waitFor();
    // The work may finish before the bar is seen; when it is seen, it says what is happening.
    const progressText = await progress.getAttribute('aria-valuetext', { timeout: 500 }).catch(() => null);
    if (progressText !== null) {
      expect(progressText).toMatch(/…$|: \d+ of \d+$/);
      await screenshot(page, 'accepting');
    }
    await page.getByRole('heading', { name: 'Drafts created' }).waitFor({ timeout: 90_000 });
    await page.getByText(`${count - 2} draft lessons and a draft course were created`).waitFor();
    await screenshot(page, 'accepted');
    await page.getByRole('link', { name: 'Open the draft course' }).click();
    await page.waitForURL(/\/author\/courses\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    await page.getByText(`${count - 2} lessons in ${reviewed.course.modules.length} modules`).waitFor();
    await page.getByText(EDITED_TITLE).first().waitFor();

    // The list shows the import as done.
    await page.goto('/author/imports');
    const row = page.getByRole('row').filter({ hasText: 'pagerduty-security-training-for-everyone.md' });
    await row.getByText('Drafts created').waitFor();
    expect(await row.textContent()).toContain(`${count - 2} lessons`);

    expect(pageErrors).toEqual([]);
  });

  it('proposes lessons from captions and chapters, highlighting each lesson’s cues', { timeout: 90_000 }, async () => {
    const { page } = await signedIn();
    await page.goto('/author/imports/new');
    await page.getByRole('heading', { level: 1, name: 'New import' }).waitFor();
    await page.getByLabel(/^A transcript/).check();
    // Pasted text that is not captions: the server's refusal is shown, with its reason.
    await page.getByLabel('Or paste the captions').fill('Hello, this is not a captions file.');
    await page.getByRole('button', { name: 'Propose lessons' }).click();
    await page.getByRole('alert').filter({ hasText: 'The import was not started' }).waitFor();
    await page.getByLabel('Captions file').setInputFiles(CAPTIONS);
    await notice(page, 'Read “ableplayer-itaccess_captions_en.vtt”').waitFor();
    await page.getByLabel('Chapters (optional)').setInputFiles(CHAPTERS);
    await notice(page, 'Read “ableplayer-itaccess_chapters_en.vtt”').waitFor();
    await page.getByLabel('Course title (optional)').fill('IT accessibility, in their words');
    await expectNoSeriousA11yViolations(page, 'the new-import page for a transcript');
    await page.getByRole('button', { name: 'Propose lessons' }).click();
    await page.getByRole('heading', { name: 'Proposed lessons' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 1, name: 'IT accessibility, in their words' }).waitFor();

    // Each lesson shows its span of the talk; without a recording there is nothing to play.
    const first = card(page, 0);
    await first.locator('.proposal-path').getByText(/^From .+, 0:00–\d+:\d\d$/).waitFor();
    expect(await page.getByRole('button', { name: /^Play/ }).count()).toBe(0);
    await card(page, 1).getByRole('button', { name: 'Show in source' }).click();
    await notice(page, /Lines \d+–\d+ are highlighted/).waitFor();
    const highlighted = page.locator('.source-line.is-highlighted');
    expect(await highlighted.count()).toBeGreaterThan(1);
    // The highlight starts at a cue's timing line.
    expect(await highlighted.first().textContent()).toMatch(/\d\d:\d\d\.\d{3} --> /);
    await screenshot(page, 'review-transcript');
    await expectNoSeriousA11yViolations(page, 'the review of a transcript');
  });

  it('proposes cuts of a recording without a transcript, uploaded through the media picker, plays each span, then cancels and deletes it', { timeout: 120_000 }, async () => {
    const { page } = await signedIn();
    await page.goto('/author/imports/new');
    await page.getByRole('heading', { level: 1, name: 'New import' }).waitFor();
    await page.getByLabel(/^A recording without a transcript/).check();
    await page.getByRole('button', { name: 'Choose file…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('File to upload').setInputFiles(VIDEO);
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
    await page.getByText('tears-of-steel-battle-clip-medium.webm').first().waitFor();
    await page.getByRole('button', { name: 'Propose lessons' }).click();
    await page.getByRole('heading', { name: 'Proposed lessons' }).waitFor({ timeout: 60_000 });

    // The recording is beside the proposals; "Play" plays one lesson's span and says so.
    await page.locator('.import-recording video').waitFor();
    const play = card(page, 0).getByRole('button', { name: /^Play/ });
    await play.click();
    await notice(page, /^Playing 0:00–\d+:\d\d; it stops at the end of the lesson\.$/).waitFor();
    await screenshot(page, 'review-recording');
    await expectNoSeriousA11yViolations(page, 'the review of a recording');

    // Cancelled (after confirming), then deleted: back to the list, which no longer has it.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByRole('heading', { name: 'Cancelled' }).waitFor();
    await page.getByRole('button', { name: 'Delete import' }).click();
    await page.waitForURL('**/author/imports');
    await notice(page, 'The import was deleted.').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'tears-of-steel-battle-clip-medium.webm' }).count()).toBe(0);
  });
});
