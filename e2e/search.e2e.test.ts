/**
 * Search ("Answer the question at hand"), end to end in a real browser. An admin (who may author) publishes a small
 * course through the API (refunds, time off, complaints), imports a short store handbook into draft lessons, and
 * enrols a learner of the Checkout team. On a phone, the learner types a question with a typo into Today's search
 * box and sees results as they type (the typo corrected, the question's words marked), opens the top result in the
 * player, asks something no lesson answers (Enter opens the search page, which says the question was passed on),
 * and marks a result as not answering their question. On a desktop, the author finds both questions among the
 * content gaps (and exports them as CSV), adds a synonym group (after a one-word group and a word too long for the
 * server are refused beside their rows), and sees a search through the synonym now find a lesson, as well as an
 * imported draft with the document and headings it came from. Axe checks the learner's search and every studio page.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ImportDetail } from '../src/server/modules/import/import.schemas.ts';
import type { ContentGaps } from '../src/server/modules/search/search.schemas.ts';
import { checkChromium, expectNoSeriousA11yViolations, MOBILE_VIEWPORT } from './support/browser.ts';
import { browserSuite, type Call } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Sol Searcher', email: 'sol@contoso.example', password: 'correct horse battery' };
const LEARNER = { name: 'Kit Checkout', email: 'kit@contoso.example', password: 'a long enough password' };
const REFUND = { title: 'Refunding a card payment', coreQuestion: 'How do I refund a customer who paid by card?' };
const TIME_OFF = { title: 'Booking time off', coreQuestion: 'How do I book time off?' };
const TYPO_QUESTION = 'how do I refnud a card payment?';
const UNANSWERED_QUESTION = 'Is there a gym discount?';
const UNHELPFUL_QUESTION = 'card refund';
const HANDBOOK = [
  '# Store handbook',
  '',
  '## Safety',
  '',
  '### Forklifts',
  '',
  'Only staff with a forklift licence may drive the forklift in the warehouse. Sound the horn at every corner and never carry a colleague on the forks.',
  '',
  '### Ladders',
  '',
  'Use the step ladder for the top shelves. Keep three points of contact while you climb, and ask a colleague to hold it.',
  '',
  '## Deliveries',
  '',
  'Check every pallet against the delivery note before you sign for it. Write any damage on the note and take a photo.',
  '',
].join('\n');

describe.skipIf(!chromiumCheck.isAvailable)('searching for the answer to a question, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Contoso Stores', admin: ADMIN, screenshotPrefix: 'search' });

  /** What an author would do in the studio, through the API: a published course, an imported draft, an enrolled learner. */
  async function setUpContent(call: Call): Promise<{ courseId: string; refundLessonId: string }> {
    const objective = await call<{ id: string }>('POST', '/api/objectives', { title: 'Serve customers at the till', performance: 'Handles refunds, complaints and their own time off without help.' });
    const question = (id: string, prompt: string) => ({ id, type: 'question', question: { kind: 'true_false', prompt, answer: true, feedbackTrue: 'Right.', feedbackFalse: 'Have another look.' } });
    const lesson = async (fields: { title: string; coreQuestion: string }, markdown: string, check: string) => {
      const created = await call<{ id: string }>('POST', '/api/lessons', { ...fields, objectiveId: objective.id, blocks: [{ id: 'how', type: 'text', markdown }, question('check', check)] });
      await call('POST', `/api/lessons/${created.id}/publish`);
      return created.id;
    };
    const refundLessonId = await lesson(
      REFUND,
      'Open the order in the till and choose **Refund**. A card payment is refunded to the same card: ask the customer to tap it on the reader. The money reaches their account in three to five working days; give them the refund receipt.',
      'A card payment is refunded to the same card.',
    );
    const timeOffId = await lesson(TIME_OFF, 'Book your vacation in the HR portal at least two weeks ahead. Your manager approves it within three working days.', 'You book a vacation in the HR portal.');
    const complaintId = await lesson(
      { title: 'Handling a complaint', coreQuestion: 'What do I do when a customer complains?' },
      'Listen without interrupting, apologise for how they feel, and write the complaint in the store log before the end of your shift.',
      'Every complaint goes in the store log.',
    );
    const course = await call<{ id: string }>('POST', '/api/courses', { title: 'At the till', objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'Customers', lessonIds: [refundLessonId, timeOffId, complaintId] }] });
    await call('POST', `/api/courses/${course.id}/publish`);

    const team = await call<{ id: string }>('POST', '/api/teams', { name: 'Checkout' });
    const learner = await call<{ id: string }>('POST', '/api/people', { email: LEARNER.email, displayName: LEARNER.name, roles: ['learner'], timeZone: 'Europe/London', password: LEARNER.password, teamIds: [team.id] });
    const enrolled = await call<{ enrolled: number }>('POST', '/api/enrolments', { courseId: course.id, personIds: [learner.id] });
    expect(enrolled.enrolled).toBe(1);

    // A short handbook, imported into draft lessons that remember the headings they came from.
    const started = await call<ImportDetail>('POST', '/api/imports', { kind: 'document', filename: 'store-handbook.md', text: HANDBOOK });
    const importPath = `/api/imports/${encodeURIComponent(started.id)}`;
    const until = async (status: ImportDetail['status']) => {
      await expect.poll(async () => (await call<ImportDetail>('GET', importPath)).status, { timeout: 30_000, interval: 250 }).toBe(status);
      return call<ImportDetail>('GET', importPath);
    };
    const ready = await until('ready');
    await call('POST', `${importPath}/accept`, { baseRevision: ready.revision, courseTitle: 'Store handbook', objectiveId: objective.id });
    await until('accepted');
    return { courseId: course.id, refundLessonId };
  }

  it('answers a learner’s question as they type, passes on what nothing answers, and shows the author the gaps and synonyms', { timeout: 180_000 }, async () => {
    const admin = await signedIn();
    const { courseId, refundLessonId } = await setUpContent(admin.call);

    // ——— The learner, on a phone ———
    const { page } = await signedIn({ viewport: MOBILE_VIEWPORT, person: LEARNER });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const searches: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/search') searches.push(new URL(request.url()).searchParams.get('q') ?? '');
    });
    await page.goto('/learn');
    const todaySearch = page.getByRole('search', { name: 'Lessons' });
    const box = todaySearch.getByRole('searchbox', { name: 'Ask a question' });
    await box.waitFor();

    // Typed a key at a time, faster than the debounce: searched once the typing pauses, not at every key.
    await box.pressSequentially(TYPO_QUESTION, { delay: 40 });
    const results = page.getByRole('list', { name: 'Lessons found' });
    await results.waitFor();
    // The correction is shown as the question asked, with the misspelt word put right.
    const corrected = TYPO_QUESTION.replace('refnud', 'refund');
    await page.getByText(`Showing results for ${corrected}`, { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: `found for “${corrected}”.` }).waitFor();
    expect(searches.at(-1)).toBe(TYPO_QUESTION);
    expect(searches.length).toBeLessThan(4);
    const top = results.getByRole('listitem').first();
    await top.getByRole('heading', { level: 3, name: REFUND.title }).waitFor();
    await top.getByText(REFUND.coreQuestion).waitFor();
    await top.getByText(/^(about \d+|under 1) min$/).waitFor();
    // The question's words are marked in the passage (as React nodes: <mark>, never injected HTML).
    const marks = await top.locator('.search-result-snippet mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toMatch(/refund|card|payment/);
    await screenshot(page, 'today-results');

    // The top result opens in the player, in the learner's course.
    await top.getByRole('link', { name: REFUND.title }).click();
    await page.waitForURL(`**/learn/courses/${courseId}/lessons/${refundLessonId}`);
    await page.getByRole('heading', { level: 1, name: REFUND.title }).waitFor();

    // A question nothing answers: Enter opens the search page, which says it was passed on.
    await page.goto('/learn');
    await box.fill(UNANSWERED_QUESTION);
    await page.getByText('Your question has been passed on to the training team').waitFor();
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/learn/search' && url.searchParams.get('q') === UNANSWERED_QUESTION);
    await page.getByRole('heading', { level: 1, name: 'Find a lesson' }).waitFor();
    const pageBox = page.getByRole('search', { name: 'Lessons' }).getByRole('searchbox', { name: 'Ask a question' });
    expect(await pageBox.inputValue()).toBe(UNANSWERED_QUESTION);
    // The box keeps the focus, so the learner can go on typing.
    await expect.poll(() => pageBox.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.getByRole('heading', { name: 'No lesson answers that yet' }).waitFor();
    await page.getByText('Your question has been passed on to the training team').waitFor();
    await page.getByRole('status').filter({ hasText: `No lesson found for “${UNANSWERED_QUESTION}”.` }).waitFor();
    await screenshot(page, 'nothing-found');
    await expectNoSeriousA11yViolations(page, 'the search page with nothing found');

    // A result that did not answer the question: marked, then thanked in a status message that takes the focus.
    await pageBox.fill(UNHELPFUL_QUESTION);
    await page.waitForURL((url) => url.searchParams.get('q') === UNHELPFUL_QUESTION);
    const first = page.getByRole('list', { name: 'Lessons found' }).getByRole('listitem').first();
    await first.getByRole('heading', { level: 2, name: REFUND.title }).waitFor();
    await first.getByRole('button', { name: 'Didn’t answer my question' }).click();
    const thanks = first.getByRole('status').filter({ hasText: 'Thanks: the training team will see that this lesson did not answer your question.' });
    await thanks.waitFor();
    await expect.poll(() => thanks.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await first.getByRole('button', { name: 'Didn’t answer my question' }).count()).toBe(0);
    await screenshot(page, 'marked-unhelpful');
    await expectNoSeriousA11yViolations(page, 'the search page with results');
    // Emptying the box clears the results at once.
    await pageBox.fill('');
    await page.getByRole('list', { name: 'Lessons found' }).waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);

    // ——— The author, on a desktop ———
    const author = admin.page;
    author.on('pageerror', (error) => pageErrors.push(error.message));
    await author.goto('/author');
    const searchNav = author.getByRole('navigation', { name: 'Author' }).getByRole('link', { name: 'Search', exact: true });
    await searchNav.click();
    await author.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    expect(await searchNav.getAttribute('aria-current')).toBe('page');
    const studioBox = author.getByRole('search', { name: 'Lessons, drafts included' }).getByRole('searchbox', { name: 'Search lessons' });

    // Before any synonym, "PTO" finds nothing.
    await studioBox.fill('PTO');
    await author.getByRole('heading', { name: 'No lesson matches “PTO”' }).waitFor();
    await expectNoSeriousA11yViolations(author, 'the studio’s search with nothing found');

    // The content gaps: both of the learner's questions, with the learner's team.
    const tabs = author.getByRole('navigation', { name: 'Search pages' });
    await tabs.getByRole('link', { name: 'Content gaps' }).click();
    await author.getByRole('heading', { level: 2, name: 'Content gaps' }).waitFor();
    const table = author.getByRole('table', { name: /Questions without a good answer/ });
    const unanswered = table.getByRole('row').filter({ hasText: `“${UNANSWERED_QUESTION}”` });
    const unhelpful = table.getByRole('row').filter({ hasText: `“${UNHELPFUL_QUESTION}”` });
    await unanswered.waitFor();
    await unhelpful.waitFor();
    expect(await unanswered.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining([`“${UNANSWERED_QUESTION}”`, 'Checkout (1)']));
    const gaps = await admin.call<ContentGaps>('GET', '/api/search/gaps?days=30');
    const markedGap = gaps.gaps.find((gap) => gap.example === UNHELPFUL_QUESTION);
    expect(markedGap).toMatchObject({ unhelpful: 1 });
    expect(gaps.gaps.find((gap) => gap.example === UNANSWERED_QUESTION)).toMatchObject({ withoutAnswer: 1, teams: [{ name: 'Checkout', count: 1 }] });
    const write = unanswered.getByRole('link', { name: `Write a lesson for this question: “${UNANSWERED_QUESTION}”` });
    expect(await write.getAttribute('href')).toBe(`/author/lessons/new?coreQuestion=${encodeURIComponent(UNANSWERED_QUESTION)}`);
    await screenshot(author, 'gaps');
    await expectNoSeriousA11yViolations(author, 'the content-gap list');

    // The CSV export holds the same rows.
    const [download] = await Promise.all([author.waitForEvent('download'), author.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^content-gaps-30-days-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('Question,Example as asked,Asked,Without an answer,Marked unhelpful,Teams,Last asked');
    expect(csv).toContain(UNANSWERED_QUESTION);
    expect(csv).toContain(UNHELPFUL_QUESTION);

    // A shorter period is kept in the address; today's questions are still in it.
    await author.getByLabel('Asked in the last').selectOption('7');
    await author.waitForURL((url) => url.searchParams.get('days') === '7');
    await unanswered.waitFor();
    // Writing the lesson starts from the question as it was asked, as its core question.
    await write.click();
    await author.waitForURL((url) => url.pathname === '/author/lessons/new');
    await expect.poll(() => author.getByLabel('Core question').inputValue()).toBe(UNANSWERED_QUESTION);
    await author.goBack();
    await unanswered.waitFor();

    // Synonyms: a one-word group is refused before sending; a word too long for the server is refused beside its row.
    await tabs.getByRole('link', { name: 'Synonyms' }).click();
    await author.getByRole('heading', { level: 2, name: 'Synonyms' }).waitFor();
    const group1 = author.getByRole('textbox', { name: 'Group 1' });
    await group1.fill('PTO');
    await author.getByRole('button', { name: 'Save synonyms' }).click();
    await author.getByRole('alert').filter({ hasText: 'One group needs correcting' }).waitFor();
    await author.getByText('Add at least one more word or phrase that means the same').waitFor();
    expect(await group1.getAttribute('aria-invalid')).toBe('true');
    await group1.fill('PTO, vacation, paid time off');
    await author.getByRole('button', { name: 'Add a group' }).click();
    const group2 = author.getByRole('textbox', { name: 'Group 2' });
    await expect.poll(() => group2.evaluate((input) => input === document.activeElement)).toBe(true);
    await author.keyboard.type(`refund, ${'money back '.repeat(7)}`);
    await author.getByRole('button', { name: 'Save synonyms' }).click();
    await author.getByRole('alert').filter({ hasText: 'One group needs correcting' }).waitFor();
    expect(await group2.getAttribute('aria-invalid')).toBe('true');
    const problem = await author.locator('.synonym-problem').innerText();
    expect(problem).toMatch(/^“money back money back .*…”: \S/);
    expect(await group1.getAttribute('aria-invalid')).toBeNull();
    await expectNoSeriousA11yViolations(author, 'the synonyms page with a problem');
    await author.getByRole('button', { name: 'Remove group 2' }).click();
    await author.getByRole('button', { name: 'Save synonyms' }).click();
    await author.getByRole('status').filter({ hasText: 'Saved: 1 group. The next search uses them.' }).waitFor();
    expect((await admin.call<{ groups: string[][] }>('GET', '/api/search/synonyms')).groups).toEqual([['PTO', 'vacation', 'paid time off']]);
    await screenshot(author, 'synonyms');
    await expectNoSeriousA11yViolations(author, 'the synonyms page');

    // Now "PTO" finds the lesson about vacation.
    await tabs.getByRole('link', { name: 'Search lessons' }).click();
    await studioBox.fill('PTO');
    const found = author.getByRole('list', { name: 'Lessons found' });
    await found.getByRole('heading', { name: TIME_OFF.title }).waitFor();
    expect(await found.getByRole('link', { name: TIME_OFF.title }).getAttribute('href')).toMatch(/^\/author\/lessons\/[^/]+$/);

    // Drafts are searched too, and an imported one says where it came from.
    await studioBox.fill('forklift licence');
    const imported = found.getByRole('listitem').first();
    await imported.getByText(/^From store-handbook\.md › .*Forklifts/).waitFor();
    await screenshot(author, 'studio-search');
    await expectNoSeriousA11yViolations(author, 'the studio’s search with results');
    expect(pageErrors).toEqual([]);
  });
});
