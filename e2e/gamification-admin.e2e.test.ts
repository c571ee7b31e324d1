/**
 * The admin's side of points and rewards (issue 7), end to end in a real browser, on a desktop. Through the API an
 * author publishes a one-question lesson, with a certification over its course; a learner completes it (15 points)
 * and asks for a reward of 10 points. In the browser the admin declines the request with a note: the learner sees it
 * declined with the note, and their 10 points back. Then the admin adds badges: a streak rule out of range is refused
 * beside its field, corrected and added; a second badge's rule is the certification, picked by its title from the
 * organisation's; both appear in the list with their rules in words. Axe checks every new page state.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations } from './support/browser.ts';
import { addLearners, answerAndAwaitPoints, publishOneQuestionCourse } from './support/gamification.ts';
import { browserSuite } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Gail Gamemaster', email: 'gail@fabrikam.example', password: 'correct horse battery' };
const ROBIN = { name: 'Robin Refund', email: 'robin@fabrikam.example', password: 'a refund passphrase' };
const REWARD = 'Team lunch';
const NOTE = 'Lunches are paused until the new quarter.';
const CERTIFICATION = 'Shelf ready';

describe.skipIf(!chromiumCheck.isAvailable)('rewards and badges, as an admin, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Fabrikam Stores', admin: ADMIN, screenshotPrefix: 'gamification-admin' });

  it('declines a reward request with a note, which the learner sees with their points refunded', { timeout: 120_000 }, async () => {
    const admin = await signedIn();
    const course = await publishOneQuestionCourse(admin.call);
    await addLearners(admin.call, { learners: [ROBIN], course });
    const reward = await admin.call<{ id: string }>('POST', '/api/rewards', { name: REWARD, cost: 10, stock: null });
    const robin = await signedIn({ person: ROBIN });
    await answerAndAwaitPoints(robin.call, course, true);
    await robin.call('POST', `/api/rewards/${reward.id}/redemptions`, { clientId: 'e2e-redeem-lunch' });
    const pageErrors: string[] = [];
    for (const page of [admin.page, robin.page]) page.on('pageerror', (error) => pageErrors.push(error.message));

    // Robin waits for the decision, 10 of their 15 points taken.
    await robin.page.goto('/learn/rewards');
    const balance = robin.page.getByText('Your balance:');
    await balance.filter({ hasText: '5 points' }).waitFor();
    const request = robin.page.getByRole('region', { name: 'Your requests' }).getByRole('row', { name: new RegExp(REWARD) });
    await request.getByText('Waiting for approval').waitFor();

    // The admin declines it, with a note for Robin.
    const desk = admin.page;
    await desk.goto('/admin/rewards');
    await desk.getByRole('heading', { level: 1, name: 'Rewards' }).waitFor();
    const toDecide = desk.getByRole('article', { name: `${ROBIN.name}: ${REWARD}` });
    await toDecide.getByText('10 points').waitFor();
    await toDecide.getByLabel(`Note for ${ROBIN.name} (optional)`).fill(NOTE);
    await toDecide.getByRole('button', { name: `Decline ${REWARD} for ${ROBIN.name}` }).click();
    await desk.getByRole('status').filter({ hasText: `Declined: ${REWARD} for ${ROBIN.name}; the points were refunded.` }).waitFor();
    await desk.getByText('No request is waiting.').waitFor();
    await desk.getByText(/^Decided requests \(\d+\)$/).click();
    const decided = desk.getByRole('table', { name: 'Decided requests' }).getByRole('row', { name: new RegExp(ROBIN.name) });
    await decided.getByText('Declined and refunded').waitFor();
    await decided.getByText(NOTE).waitFor();
    await screenshot(desk, 'declined');
    await expectNoSeriousA11yViolations(desk, 'the rewards admin with a declined request');

    // Robin sees it declined, with the note, and has the 15 points again.
    await robin.page.reload();
    await request.getByText('Declined: points refunded').waitFor();
    await request.getByText(NOTE).waitFor();
    await balance.filter({ hasText: '15 points' }).waitFor();
    await expectNoSeriousA11yViolations(robin.page, 'the rewards shop with a declined request');
    await robin.page.goto('/learn/points');
    await robin.page.getByRole('list', { name: 'Recent points' }).getByText('Refunded: a reward request was declined').waitFor();

    expect(pageErrors).toEqual([]);
  });

  it('adds badges: a rule out of range is refused beside its field, and a certification is picked by its title', { timeout: 120_000 }, async () => {
    const admin = await signedIn();
    const course = await publishOneQuestionCourse(admin.call);
    await admin.call('POST', '/api/certifications', { title: CERTIFICATION, scope: 'course', courseId: course.courseId, passMark: 80, validity: { amount: 12, unit: 'months' } });
    const desk = admin.page;
    const pageErrors: string[] = [];
    desk.on('pageerror', (error) => pageErrors.push(error.message));
    await desk.goto('/admin/gamification');
    const badges = desk.getByRole('region', { name: 'Badges' });
    await badges.getByRole('heading', { level: 3, name: 'Ten-day streak' }).waitFor();

    // A streak of 0 working days is refused, beside the field.
    const form = desk.getByRole('form', { name: 'New badge' });
    await form.getByLabel('Slug').fill('streak-20');
    await form.getByLabel('Name').fill('Twenty-day streak');
    await form.getByLabel('Description').fill('Learned something on 20 working days in a row.');
    await form.getByLabel('Earned by').selectOption({ label: 'A streak of working days' });
    const days = form.getByLabel('Working days', { exact: true });
    await days.fill('0');
    await form.getByRole('button', { name: 'Add badge' }).click();
    await form.getByRole('alert').filter({ hasText: 'One field needs correcting' }).waitFor();
    await form.locator('.field', { has: desk.getByLabel('Working days', { exact: true }) }).locator('.field-problem').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    await screenshot(desk, 'badge-refused');
    await expectNoSeriousA11yViolations(desk, 'the badge form with a refused rule');
    await days.fill('20');
    await form.getByRole('button', { name: 'Add badge' }).click();
    await badges.getByRole('status').filter({ hasText: 'Twenty-day streak was added.' }).waitFor();
    await badges.getByRole('article', { name: 'Twenty-day streak' }).getByText('A streak of 20 working days').waitFor();
    // The form is empty again, ready for the next badge.
    expect(await form.getByLabel('Slug').inputValue()).toBe('');

    // A badge for one certification, chosen from the organisation's by its title.
    await form.getByLabel('Slug').fill('shelf-ready');
    await form.getByLabel('Name').fill('Shelf ready');
    await form.getByLabel('Description').fill('Certified to open the store.');
    await form.getByLabel('Earned by').selectOption({ label: 'Earning a certification' });
    const certification = form.getByLabel('Certification', { exact: true });
    await certification.locator('option', { hasText: CERTIFICATION }).waitFor({ state: 'attached' });
    expect(await certification.locator('option').allInnerTexts()).toEqual(['Any certification', CERTIFICATION]);
    await certification.selectOption({ label: CERTIFICATION });
    await screenshot(desk, 'badge-certification');
    await expectNoSeriousA11yViolations(desk, 'the badge form with its certification pick list');
    await form.getByRole('button', { name: 'Add badge' }).click();
    await badges.getByRole('status').filter({ hasText: 'Shelf ready was added.' }).waitFor();
    const added = badges.getByRole('article', { name: 'Shelf ready' });
    await added.getByText(`Earning the certification “${CERTIFICATION}”`).waitFor();
    await added.getByText('shelf-ready', { exact: true }).waitFor();
    // The default badge for any certification still says so.
    await badges.getByRole('article', { name: 'Certified' }).getByText('Earning any certification').waitFor();
    await screenshot(desk, 'badges');
    await expectNoSeriousA11yViolations(desk, 'the badge list with the new badges');

    expect(pageErrors).toEqual([]);
  });
});
