/**
 * Points, streaks, leaderboards and rewards (issue 7), end to end in a real browser. An admin publishes a one-question
 * lesson through the API and enrols two learners of one team and a third of another team, who answers it wrong
 * first time (10 points). On a phone, the first learner completes the lesson (right first time): Today shows their
 * points, a streak of one working day and a celebration of their first points. The leaderboard ranks them first in
 * the organisation, the other team's learner second; their team's board leaves the other team out; team against team
 * ranks the one-member team (10 per member) before theirs (15 points, 7.5 per member); last season's board is empty
 * and all time shows this season's points. Their points page shows the "First course" badge with its Open Badges
 * download; they choose to appear anonymously, and the second learner's board shows "Anonymous learner" in their
 * place. On a desktop, the admin sees a rule refused beside its field, and adds a reward; the learner redeems it
 * (after a confirmation); the admin approves it with a note; the learner sees it approved and their balance reduced.
 * Axe checks every new page. Declining a request and the badge form are in gamification-admin.e2e.test.ts.
 *
 * Points are awarded in the background a moment after an answer: the test waits for them by watching the page
 * (which polls), or in the set-up by polling the learner's points through the API, never by sleeping.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations, MOBILE_VIEWPORT } from './support/browser.ts';
import { addLearners, answerAndAwaitPoints, LESSON, publishOneQuestionCourse } from './support/gamification.ts';
import { browserSuite, type Call } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Gail Gamemaster', email: 'gail@fabrikam.example', password: 'correct horse battery' };
const KIT = { name: 'Kit Counter', email: 'kit@fabrikam.example', password: 'a long enough password' };
const MAX = { name: 'Max Shelf', email: 'max@fabrikam.example', password: 'another long password' };
const ASH = { name: 'Ash Till', email: 'ash@fabrikam.example', password: 'a till password too' };
const REWARD = { name: 'Coffee voucher', cost: '10', stock: '2' };
const NOTE = 'Collect it at the front desk.';

describe.skipIf(!chromiumCheck.isAvailable)('points, leaderboards and rewards, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Fabrikam Stores', admin: ADMIN, screenshotPrefix: 'gamification' });

  /**
   * What an author and an admin would do first, through the API: a published lesson, two enrolled learners in one
   * team and one in another, who completes the lesson (wrong first time) before the test begins.
   */
  async function setUp(call: Call): Promise<{ lessonPath: string }> {
    const course = await publishOneQuestionCourse(call);
    await addLearners(call, { learners: [KIT, MAX], team: 'Shop floor', course });
    await addLearners(call, { learners: [ASH], team: 'Tills', course });
    const ash = await signedIn({ person: ASH });
    await answerAndAwaitPoints(ash.call, course, false);
    return { lessonPath: course.lessonPath };
  }

  it('awards points and a streak for a lesson, ranks the learner (anonymously when they choose), and lets them redeem a reward an admin approves', { timeout: 180_000 }, async () => {
    const admin = await signedIn();
    const { lessonPath } = await setUp(admin.call);
    const pageErrors: string[] = [];

    // ——— Kit, on a phone, completes the lesson right first time ———
    const { page: kit } = await signedIn({ viewport: MOBILE_VIEWPORT, person: KIT });
    kit.on('pageerror', (error) => pageErrors.push(error.message));
    await kit.goto('/learn');
    const progress = kit.getByRole('region', { name: 'Points and streak' });
    await progress.getByText('0 working days').waitFor();
    await progress.getByText('Start a streak: one lesson or review on each of your working days.').waitFor();
    await kit.goto(lessonPath);
    await kit.getByRole('heading', { level: 1, name: LESSON.title }).waitFor();
    const question = kit.getByRole('region', { name: 'Question 1 of 1' });
    await question.getByLabel('True').check();
    await question.getByRole('button', { name: 'Check answer' }).click();
    await kit.getByRole('heading', { name: 'Lesson complete' }).waitFor();

    // Today: 10 points for the lesson and 5 for the first try arrive a moment later; the page polls for them.
    await kit.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
    await kit.waitForURL('**/learn');
    await progress.locator('.figure-main', { hasText: /^15 points$/ }).waitFor({ timeout: 20_000 });
    await progress.getByText('15 points this week').or(progress.getByText('15 points this month')).waitFor();
    await progress.locator('.figure-main', { hasText: /^1 working day$/ }).waitFor();
    await progress.getByText('Today done: your streak is safe.').waitFor();
    // The first points are celebrated, politely.
    await progress.getByRole('status').filter({ hasText: /Your first (lesson completed: 10 points|answer right first time: 5 points)!/ }).waitFor();
    await screenshot(kit, 'today');
    await expectNoSeriousA11yViolations(kit, 'Today with points');

    // The organisation's board ranks Kit first, their row marked as theirs, and Ash (10 points, from another team) second.
    await kit.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Leaderboard' }).click();
    await kit.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
    const boardChoice = kit.getByRole('group', { name: 'Leaderboard' });
    const seasonChoice = kit.getByRole('group', { name: 'Season' });
    expect(await boardChoice.getByRole('button', { name: 'My organisation' }).getAttribute('aria-pressed')).toBe('true');
    await kit.getByRole('heading', { level: 2, name: 'Everyone' }).waitFor();
    const kitRow = kit.getByRole('row', { name: /Kit Counter \(you\)/ });
    await kitRow.waitFor();
    expect(await kitRow.getAttribute('aria-current')).toBe('true');
    expect(await kitRow.getByRole('cell').allInnerTexts()).toEqual(['1', '15']);
    expect(await kit.getByRole('row', { name: /Ash Till/ }).getByRole('cell').allInnerTexts()).toEqual(['2', '10']);
    await screenshot(kit, 'leaderboard');
    await expectNoSeriousA11yViolations(kit, 'the leaderboard');
    // Their team's board: Shop floor's members only, so Ash is not on it.
    await boardChoice.getByRole('button', { name: 'My team' }).click();
    await kit.getByRole('heading', { level: 2, name: 'Shop floor' }).waitFor();
    expect(await boardChoice.getByRole('button', { name: 'My team' }).getAttribute('aria-pressed')).toBe('true');
    expect(await kit.getByRole('row', { name: /Kit Counter \(you\)/ }).getByRole('cell').allInnerTexts()).toEqual(['1', '15']);
    expect(await kit.getByRole('row', { name: /Ash Till/ }).count()).toBe(0);
    await expectNoSeriousA11yViolations(kit, 'the team’s board');
    // Team against team, by points per member: Tills (10 points, one member) before Shop floor (15 points, two members).
    await boardChoice.getByRole('button', { name: 'Teams' }).click();
    await kit.getByRole('heading', { level: 2, name: 'Teams' }).waitFor();
    expect(await kit.getByRole('columnheader').allInnerTexts()).toEqual(['Rank', 'Team', 'Per member', 'Points']);
    const tills = kit.getByRole('row', { name: /Tills/ });
    expect(await tills.getByRole('cell').allInnerTexts()).toEqual(['1', '10', '10']);
    await tills.getByText('1 member').waitFor();
    const shopFloor = kit.getByRole('row', { name: /Shop floor \(your team\)/ });
    expect(await shopFloor.getByRole('cell').allInnerTexts()).toEqual(['2', '7.5', '15']);
    await shopFloor.getByText('2 members').waitFor();
    await expectNoSeriousA11yViolations(kit, 'the teams’ board');
    // Seasons: nobody earned anything last season; all time counts this season's points.
    await boardChoice.getByRole('button', { name: 'My organisation' }).click();
    await kitRow.waitFor();
    await seasonChoice.getByRole('button', { name: /^Last (week|month)$/ }).click();
    await kit.getByRole('heading', { level: 2, name: 'No points yet' }).waitFor();
    expect(await kit.getByRole('row').count()).toBe(0);
    await kit.getByText('Earn points in this period to appear here.').waitFor();
    await expectNoSeriousA11yViolations(kit, 'the leaderboard of last season');
    await seasonChoice.getByRole('button', { name: 'All time' }).click();
    expect(await seasonChoice.getByRole('button', { name: 'All time' }).getAttribute('aria-pressed')).toBe('true');
    await kitRow.waitFor();
    expect(await kitRow.getByRole('cell').allInnerTexts()).toEqual(['1', '15']);
    await boardChoice.getByRole('button', { name: 'Teams' }).click();
    await shopFloor.waitFor();
    expect(await shopFloor.getByRole('cell').allInnerTexts()).toEqual(['2', '7.5', '15']);

    // The points page: history in words, what earns what; Kit chooses to appear anonymously.
    await kit.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Points' }).click();
    await kit.getByRole('heading', { level: 1, name: 'Your points' }).waitFor();
    const recent = kit.getByRole('list', { name: 'Recent points' });
    await recent.getByText('Completed a lesson').waitFor();
    await recent.getByText('Right first time').waitFor();
    await kit.getByRole('list', { name: 'What earns points' }).getByText('A streak of 5 working days').waitFor();
    // Completing the lesson completed the one-lesson course: the "First course" badge is earned, its assertion downloadable.
    const earned = kit.getByRole('list', { name: 'Earned' });
    await earned.getByText('First course', { exact: true }).waitFor({ timeout: 20_000 });
    await earned.getByRole('img', { name: 'First course' }).waitFor();
    const download = earned.getByRole('link', { name: /^Download \(Open Badges\)/ });
    expect(await download.getAttribute('href')).toMatch(/\?download=1$/);
    await kit.getByRole('list', { name: 'Still to earn' }).getByText('Ten-day streak').waitFor();
    const visibility = kit.getByRole('group', { name: 'How you appear on leaderboards' });
    expect(await visibility.getByLabel('Show my name').isChecked()).toBe(true);
    await visibility.getByLabel('Show me as “Anonymous learner”').check();
    await kit.getByRole('status').filter({ hasText: 'Saved: Show me as “Anonymous learner”.' }).waitFor();
    await screenshot(kit, 'points');
    await expectNoSeriousA11yViolations(kit, 'the points page');
    await kit.reload();
    await kit.getByRole('heading', { level: 1, name: 'Your points' }).waitFor();
    await expect.poll(() => kit.getByRole('group', { name: 'How you appear on leaderboards' }).getByLabel('Show me as “Anonymous learner”').isChecked()).toBe(true);

    // ——— Max sees Kit only as an anonymous learner ———
    const { page: max } = await signedIn({ viewport: MOBILE_VIEWPORT, person: MAX });
    max.on('pageerror', (error) => pageErrors.push(error.message));
    await max.goto('/learn/leaderboard');
    const anonymous = max.getByRole('row', { name: /Anonymous learner/ });
    await anonymous.waitFor();
    expect(await anonymous.getByRole('cell').allInnerTexts()).toEqual(['1', '15']);
    expect(await max.getByRole('row', { name: /Ash Till/ }).getByRole('cell').allInnerTexts()).toEqual(['2', '10']);
    expect(await max.getByText('Kit Counter').count()).toBe(0);
    await max.getByText('Earn points in this period to appear here.').waitFor();
    await expectNoSeriousA11yViolations(max, 'the leaderboard of a learner without points');

    // ——— The admin, on a desktop: a rule out of range is refused beside it; a reward is added ———
    const desk = admin.page;
    desk.on('pageerror', (error) => pageErrors.push(error.message));
    await desk.goto('/admin/gamification');
    await desk.getByRole('heading', { level: 1, name: 'Points and leaderboards' }).waitFor();
    const lessonRule = desk.getByLabel('Completing a lesson');
    await expect.poll(() => lessonRule.inputValue()).toBe('10');
    await lessonRule.fill('20000');
    await desk.getByRole('button', { name: 'Save points settings' }).click();
    await desk.getByRole('alert').filter({ hasText: 'One field needs correcting' }).waitFor();
    expect(await lessonRule.getAttribute('aria-invalid')).toBe('true');
    await desk.locator('.field', { has: lessonRule }).locator('.field-problem').waitFor();
    await screenshot(desk, 'admin-settings');
    await expectNoSeriousA11yViolations(desk, 'the points settings with a refused rule');

    await desk.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Rewards' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Rewards' }).waitFor();
    await desk.getByText('No request is waiting.').waitFor();
    const newReward = desk.getByRole('form', { name: 'New reward' });
    await newReward.getByLabel('Name').fill(REWARD.name);
    await newReward.getByLabel('Cost in points').fill(REWARD.cost);
    await newReward.getByLabel('Stock').fill(REWARD.stock);
    await newReward.getByRole('button', { name: 'Add reward' }).click();
    await desk.getByRole('status').filter({ hasText: `${REWARD.name} was added.` }).waitFor();
    const catalogue = desk.getByRole('region', { name: 'Catalogue' });
    await catalogue.getByRole('heading', { level: 3, name: REWARD.name }).waitFor();
    await catalogue.getByText('2 left').waitFor();
    await expectNoSeriousA11yViolations(desk, 'the rewards admin');

    // ——— Kit redeems it, after confirming ———
    await kit.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Rewards' }).click();
    await kit.getByRole('heading', { level: 1, name: 'Rewards' }).waitFor();
    await kit.getByText('Your balance:').filter({ hasText: '15 points' }).waitFor();
    await kit.getByText('You have not redeemed a reward yet.').waitFor();
    const card = kit.getByRole('article', { name: REWARD.name });
    await card.getByText('2 left').waitFor();
    await expectNoSeriousA11yViolations(kit, 'the rewards shop');
    await card.getByRole('button', { name: `Redeem ${REWARD.name}` }).click();
    const confirm = card.getByRole('group', { name: `Confirm: redeem ${REWARD.name}` });
    await confirm.getByText('Your balance will be 5 points.').waitFor();
    await expectNoSeriousA11yViolations(kit, 'the rewards shop, confirming');
    await confirm.getByRole('button', { name: 'Yes, redeem for 10 points' }).click();
    await kit.getByRole('status').filter({ hasText: `Requested: ${REWARD.name} for 10 points.` }).waitFor();
    await kit.getByText('Your balance:').filter({ hasText: '5 points' }).waitFor();
    const requests = kit.getByRole('region', { name: 'Your requests' });
    await requests.getByRole('row', { name: new RegExp(REWARD.name) }).getByText('Waiting for approval').waitFor();
    await card.getByText('1 left').waitFor();
    // With 5 points left, the reward is out of reach and says why.
    expect(await card.getByRole('button', { name: `Redeem ${REWARD.name}` }).isDisabled()).toBe(true);
    await card.getByText('You need 5 points more.').waitFor();
    await screenshot(kit, 'rewards');

    // ——— The admin approves it with a note ———
    await desk.reload();
    const request = desk.getByRole('article', { name: `${KIT.name}: ${REWARD.name}` });
    await request.getByLabel(`Note for ${KIT.name} (optional)`).fill(NOTE);
    await expectNoSeriousA11yViolations(desk, 'the rewards admin with a request');
    await request.getByRole('button', { name: `Approve ${REWARD.name} for ${KIT.name}` }).click();
    await desk.getByRole('status').filter({ hasText: `Approved: ${REWARD.name} for ${KIT.name}.` }).waitFor();
    await desk.getByText('No request is waiting.').waitFor();

    // ——— Kit sees it approved, with the note, and the balance reduced ———
    await kit.reload();
    const approved = kit.getByRole('region', { name: 'Your requests' }).getByRole('row', { name: new RegExp(REWARD.name) });
    await approved.getByText('Approved').waitFor();
    await approved.getByText(NOTE).waitFor();
    await kit.getByText('Your balance:').filter({ hasText: '5 points' }).waitFor();
    await expectNoSeriousA11yViolations(kit, 'the rewards shop with an approved request');
    await kit.getByRole('navigation', { name: 'Learn' }).getByRole('link', { name: 'Points' }).click();
    await kit.getByRole('list', { name: 'Recent points' }).getByText('Spent on a reward').waitFor();
    await kit.locator('.points-figures .figure-main', { hasText: /^5 points$/ }).waitFor();

    expect(pageErrors).toEqual([]);
  });
});
