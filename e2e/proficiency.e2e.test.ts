/**
 * The proficiency heat map (issue 8), end to end in a real browser, as a manager on a desktop.
 *
 * Through the API an admin publishes a one-question course, puts four learners in "Morning crew" and two in "Late
 * crew", and makes Mo the manager of the morning crew. Three morning learners take the baseline check and get it
 * wrong, then everyone answers the lesson right (the fourth learner's first answer is their baseline). In the browser
 * Mo opens Proficiency from Manage and sees the heat map (an image with its name and a caption in words), its legend
 * and the table of the same cells for his team only; recall now is 100 %, just after the answers. He switches to
 * the change (+75 points: three from 0 to 100, one from 100 to 100), and downloads the CSV. Axe checks each state.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations } from './support/browser.ts';
import { addLearners, type Learner, publishOneQuestionCourse } from './support/gamification.ts';
import { browserSuite } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Pia Proficiency', email: 'pia@fernhill.example', password: 'correct horse battery' };
const MANAGER = { name: 'Mo Manager', email: 'mo@fernhill.example', password: 'mo manages mornings' };
const MORNING: Learner[] = Array.from({ length: 4 }, (_, k) => ({ name: `Early ${k + 1}`, email: `early${k + 1}@fernhill.example`, password: `early ${k + 1} passphrase` }));
const LATE: Learner[] = Array.from({ length: 2 }, (_, k) => ({ name: `Late ${k + 1}`, email: `late${k + 1}@fernhill.example`, password: `late ${k + 1} passphrase` }));
const OBJECTIVE = 'Open the store ready';

describe.skipIf(!chromiumCheck.isAvailable)('the proficiency heat map, as a manager, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Fernhill Grocers', admin: ADMIN, screenshotPrefix: 'proficiency' });

  it('shows the manager’s team as a heat map and a table, switches to the change, and downloads the CSV', { timeout: 180_000 }, async () => {
    const admin = await signedIn();
    const course = await publishOneQuestionCourse(admin.call);
    await addLearners(admin.call, { learners: MORNING, team: 'Morning crew', course });
    await addLearners(admin.call, { learners: LATE, team: 'Late crew', course });
    const teams = await admin.call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/teams');
    const morning = teams.items.find((t) => t.name === 'Morning crew')!;
    const mo = await admin.call<{ id: string }>('POST', '/api/people', { email: MANAGER.email, displayName: MANAGER.name, roles: ['manager'], password: MANAGER.password });
    await admin.call('PUT', `/api/teams/${morning.id}/members/${mo.id}`, { role: 'manager' });

    for (const [k, learner] of [...MORNING, ...LATE].entries()) {
      const { call } = await signedIn({ person: learner });
      const answer = { lessonId: course.lessonId, questionId: 'check', timeTakenMs: 3000 };
      if (k < 3) await call('POST', `/api/learn/courses/${course.courseId}/checks/baseline/answers`, { ...answer, response: { kind: 'true_false', value: false }, clientId: `e2e-baseline-${learner.email}` });
      await call('POST', '/api/learn/attempts', { ...answer, courseId: course.courseId, response: { kind: 'true_false', value: true }, clientId: `e2e-proficiency-${learner.email}` });
    }

    const { page } = await signedIn({ person: MANAGER });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/manage');
    await page.getByRole('navigation', { name: 'Manage' }).getByRole('link', { name: 'Proficiency' }).click();
    await page.getByRole('heading', { level: 1, name: 'Proficiency' }).waitFor();

    // The heat map: an image named for what it shows, described in words; the legend; the table of the same cells.
    const heatMap = page.getByRole('img', { name: 'Heat map: recall now by objective (rows) and team (columns)' });
    await heatMap.waitFor();
    expect(await heatMap.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
    expect(await heatMap.evaluate((svg) => document.getElementById(svg.getAttribute('aria-describedby') ?? '')?.textContent)).toBe(`Recall now, 1 objective by 1 team. Highest: ${OBJECTIVE}, Morning crew, 100 %.`);
    expect(await heatMap.locator('text').allTextContents()).toContain('100 %');
    await page.getByRole('img', { name: 'Colour scale: light for 0 %, teal for 100 %' }).waitFor();
    const table = page.getByRole('table', { name: 'Heat map data: recall now by objective and team' });
    await table.getByRole('columnheader', { name: 'Morning crew' }).waitFor();
    await table.getByRole('row', { name: `${OBJECTIVE} 100 % (4 people)`, exact: true }).waitFor();
    // Mo manages the morning crew only.
    expect(await page.getByText('Late crew').count()).toBe(0);
    await screenshot(page, 'now');
    await expectNoSeriousA11yViolations(page, 'the proficiency heat map (now)');

    // The change: three people from 0 to 100 %, one from 100 % to 100 %.
    // A click, not check(): the choice lives in the address, so the radio is checked once the page has navigated,
    // which check() does not wait for (on a busy machine it failed "did not change its state").
    const change = page.getByRole('group', { name: 'Show' }).getByLabel('Change');
    await change.click();
    await page.waitForURL((url) => url.searchParams.get('measure') === 'change');
    await expect.poll(() => change.isChecked()).toBe(true);
    const changeMap = page.getByRole('img', { name: 'Heat map: change from baseline by objective (rows) and team (columns)' });
    await changeMap.waitFor();
    expect(await changeMap.locator('text').allTextContents()).toContain('+75');
    await page.getByRole('table', { name: 'Heat map data: change from baseline by objective and team' }).getByRole('row', { name: `${OBJECTIVE} +75 points (4 people)`, exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('measure')).toBe('change');
    await screenshot(page, 'change');
    await expectNoSeriousA11yViolations(page, 'the proficiency heat map (change)');

    // The same cells as CSV.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('objective,team,at,now_percent,baseline_percent,change_points,people,people_now,people_baseline,people_change,note');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(new RegExp(`^${OBJECTIVE},Morning crew,[^,]+,100,25,75,4,4,4,4,$`));

    // The address keeps the view: a reload shows the change again.
    await page.reload();
    await changeMap.waitFor();
    expect(pageErrors).toEqual([]);
  });
});
