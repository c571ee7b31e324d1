/**
 * The progress dashboard (issue 8), end to end in a real browser, as a manager on a desktop.
 *
 * Through the API an admin publishes a one-question course, makes a team of three learners with Mo as its manager,
 * and assigns the course: Ola's was due two days ago, the others' next month; Pat completes it today. In the browser
 * Mo opens Manage → Progress and sees the totals, both charts by their accessible names with their text
 * alternatives, Ola overdue with the reason, and downloads the completion CSV and the overdue list's CSV. Axe checks
 * the page; the test waits by watching the page, never by sleeping.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations } from './support/browser.ts';
import { publishOneQuestionCourse } from './support/gamification.ts';
import { browserSuite } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Ada Progress', email: 'ada@northwind.example', password: 'correct horse battery' };
const MANAGER = { name: 'Mo Manager', email: 'mo@northwind.example', password: 'mo the manager passphrase' };
const LEARNERS = [
  { key: 'ola', name: 'Ola Overdue', email: 'ola@northwind.example', password: 'ola learner passphrase' },
  { key: 'pat', name: 'Pat Punctual', email: 'pat@northwind.example', password: 'pat learner passphrase' },
  { key: 'quin', name: 'Quin Quiet', email: 'quin@northwind.example', password: 'quin learner passphrase' },
] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

describe.skipIf(!chromiumCheck.isAvailable)('progress, as a manager, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Northwind Depot', admin: ADMIN, screenshotPrefix: 'progress' });

  it('shows completion and activity over time, who is overdue and why, and downloads both as CSV', { timeout: 180_000 }, async () => {
    const admin = await signedIn();
    const course = await publishOneQuestionCourse(admin.call);
    const team = await admin.call<{ id: string }>('POST', '/api/teams', { name: 'Early shift' });
    const ids: Record<string, string> = {};
    for (const learner of LEARNERS) ids[learner.key] = (await admin.call<{ id: string }>('POST', '/api/people', { email: learner.email, displayName: learner.name, roles: ['learner'], password: learner.password, teamIds: [team.id] })).id;
    const mo = await admin.call<{ id: string }>('POST', '/api/people', { email: MANAGER.email, displayName: MANAGER.name, roles: ['manager'], password: MANAGER.password });
    await admin.call('PUT', `/api/teams/${team.id}/members/${mo.id}`, { role: 'manager' });
    await admin.call('POST', '/api/enrolments', { courseId: course.courseId, personIds: [ids.ola], dueAt: new Date(Date.now() - 2 * DAY_MS).toISOString() });
    await admin.call('POST', '/api/enrolments', { courseId: course.courseId, personIds: [ids.pat, ids.quin], dueAt: new Date(Date.now() + 30 * DAY_MS).toISOString() });
    const pat = await signedIn({ person: LEARNERS[1] });
    const answer = await pat.call<{ lessonCompleted: boolean }>('POST', '/api/learn/attempts', { courseId: course.courseId, lessonId: course.lessonId, questionId: 'check', response: { kind: 'true_false', value: true }, timeTakenMs: 3000, clientId: 'e2e-progress-pat' });
    expect(answer.lessonCompleted).toBe(true);

    const { page } = await signedIn({ person: MANAGER });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/manage');
    await page.getByRole('navigation', { name: 'Manage' }).getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('heading', { level: 1, name: 'Progress' }).waitFor();

    // One of three assigned lessons is complete; Pat was active today.
    const totals = page.getByRole('list', { name: 'Totals' });
    await totals.getByText('of assigned lessons completed (1 of 3)').waitFor();
    expect(await totals.getByText('33 %').count()).toBe(1);

    // The charts: images with accessible names, described in words, a line for everyone and one for the team.
    const completion = page.getByRole('img', { name: 'Share of assigned lessons completed, by day' });
    await completion.waitFor();
    expect(await completion.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
    const described = await completion.evaluate((svg) => document.getElementById(svg.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(described).toMatch(/^Share of assigned lessons completed by the end of each day, .+ to .+\. Everyone: 33\.3 % on .+\. Early shift: 33\.3 % on .+\.$/);
    const active = page.getByRole('img', { name: 'Active learners per day' });
    await active.waitFor();
    expect(await active.evaluate((svg) => document.getElementById(svg.getAttribute('aria-describedby') ?? '')?.textContent ?? '')).toContain('Everyone: 1 person active in all');

    // Ola is overdue, with the reason; Pat (done) and Quin (due next month, enrolled today) are not listed.
    const risk = page.getByRole('region', { name: 'Overdue and at risk' });
    await risk.getByText('1 overdue, 0 at risk').waitFor();
    const row = risk.getByRole('row', { name: /Ola Overdue/ });
    await row.getByText('Overdue', { exact: true }).waitFor();
    await row.getByText(/^Past the due date \(.+\) with 1 of 1 lesson left\.$/).waitFor();
    await row.getByText('Early shift').waitFor();
    expect(await risk.getByRole('row', { name: /Pat Punctual|Quin Quiet/ }).count()).toBe(0);
    await screenshot(page, 'page');
    await expectNoSeriousA11yViolations(page, 'the progress page');

    // The completion chart's data as CSV: everyone and the team, a row per day.
    const [completionDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV: completion over time' }).click()]);
    const series = readFileSync((await completionDownload.path())!, 'utf8').trim().split('\r\n');
    expect(series[0]).toBe('series,team_id,bucket,first_day,last_day,assigned_lessons,completed_lessons,completion_rate,enrolments,completed_enrolments,enrolment_completion_rate');
    expect(series).toHaveLength(1 + 2 * 30);
    expect(series.at(-1)).toMatch(new RegExp(`^Early shift,${team.id},.*,3,1,0\\.3333,3,1,0\\.3333$`));

    // The overdue list as CSV.
    const [riskDownload] = await Promise.all([page.waitForEvent('download'), risk.getByRole('link', { name: 'Download CSV: overdue and at risk' }).click()]);
    const rows = readFileSync((await riskDownload.path())!, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('name,email,teams,level,reason,campaign,courses,due,lessons_left,lessons_total,last_activity,why');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^Ola Overdue,ola@northwind\.example,Early shift,overdue,past_due,,Opening up,/);

    // Filtering by week keeps the choice in the address.
    await page.getByRole('search', { name: 'Filter progress' }).getByLabel('Show').selectOption({ label: 'By week' });
    await page.getByRole('img', { name: 'Active learners per week' }).waitFor();
    expect(new URL(page.url()).searchParams.get('bucket')).toBe('week');
    expect(pageErrors).toEqual([]);
  });
});
