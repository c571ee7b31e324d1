/**
 * Angie's campaign, end to end in a real browser against a real server and SMTP server. An admin builds a
 * two-lesson course and two learners (London and Kolkata) through the API, then in the browser creates a
 * campaign on the form (course, people picked by name, start now, all at once), saves it as a draft and launches
 * it. The server's own dispatcher emails each learner their lessons; one learner opens the emailed magic link on
 * a phone, lands on the lesson and completes it; the campaign view, left open and never reloaded, shows that
 * completion arrive. Axe checks the form and the view.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations, launchBrowser, MOBILE_VIEWPORT, newContext } from './support/browser.ts';
import { findLink, startMailCatcher, type MailCatcher } from './support/mail.ts';
import { startMorsel, type MorselServer } from './support/server.ts';
import { type Call, signInContext } from './support/session.ts';
import { zoneAwayFromMidnight } from './support/zones.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Angie Admin', email: 'angie@fabrikam.example', password: 'correct horse battery' };
const LEARNERS = [
  { name: 'Lou London', email: 'lou@fabrikam.example', timeZone: zoneAwayFromMidnight('Europe/London', 'Asia/Tokyo') },
  { name: 'Kiran Kolkata', email: 'kiran@fabrikam.example', timeZone: zoneAwayFromMidnight('Asia/Kolkata', 'America/Chicago') },
];
const COURSE = 'The new price list';
const LESSONS = [
  { title: 'Quoting the new prices', coreQuestion: 'Which price do I quote a returning customer?', prompt: 'Returning customers get the loyalty price.' },
  { title: 'Explaining the change', coreQuestion: 'What do I say when a customer asks why prices changed?', prompt: 'You explain the change in one sentence.' },
];

describe.skipIf(!chromiumCheck.isAvailable)('a campaign, in a browser', () => {
  let mail: MailCatcher;
  let morsel: MorselServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mail = await startMailCatcher();
    [morsel, browser] = await Promise.all([startMorsel({ smtpUrl: mail.url, env: { DISPATCH_INTERVAL_SECONDS: '1' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await morsel?.stop();
    await mail?.close();
  });

  /** A desktop browser signed in as the admin (the organisation set up when needed), and its API. */
  async function adminBrowser(): Promise<{ page: Page; call: Call }> {
    const session = await signInContext(browser, { baseURL: morsel.url, organisation: 'Fabrikam Sales', admin: ADMIN });
    contexts.push(session.context);
    return session;
  }

  /** The author's part, through the API: a published course of the two lessons. */
  async function buildCourse(call: Call, title = COURSE): Promise<{ course: { id: string }; lessonIds: string[] }> {
    const objective = await call<{ id: string }>('POST', '/api/objectives', { title: 'Quote the new prices', performance: 'Quotes the right price to every customer.' });
    const lessonIds: string[] = [];
    for (const lesson of LESSONS) {
      const created = await call<{ id: string }>('POST', '/api/lessons', {
        title: lesson.title,
        coreQuestion: lesson.coreQuestion,
        objectiveId: objective.id,
        blocks: [
          { id: 'how', type: 'text', markdown: 'Check the customer record, then quote from the new list.' },
          { id: 'q', type: 'question', question: { kind: 'true_false', prompt: lesson.prompt, answer: true } },
        ],
      });
      await call('POST', `/api/lessons/${created.id}/publish`);
      lessonIds.push(created.id);
    }
    const course = await call<{ id: string }>('POST', '/api/courses', { title, objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'Prices', lessonIds }] });
    await call('POST', `/api/courses/${course.id}/publish`);
    return { course, lessonIds };
  }

  it('creates and launches a campaign on the form, emails each learner, and shows a completion live', { timeout: 240_000 }, async () => {
    const { page, call } = await adminBrowser();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Open every day and hour, so the run does not depend on when the suite runs.
    await call('PATCH', '/api/organisation', { workingDays: [1, 2, 3, 4, 5, 6, 7], workStart: '00:00', workEnd: '23:59', quietStart: null, quietEnd: null });
    const { course, lessonIds } = await buildCourse(call);
    for (const learner of LEARNERS) await call('POST', '/api/people', { email: learner.email, displayName: learner.name, roles: ['learner'], timeZone: learner.timeZone });

    // The form: a course, two people picked by name, a start of now, all lessons at once, no reminders.
    await page.goto('/campaigns/new');
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Price list, December');
    await page.getByLabel(new RegExp(COURSE)).check();
    for (const learner of LEARNERS) {
      await page.getByLabel('Find people').fill(learner.name.split(' ')[0]!);
      await page.getByRole('list', { name: 'Matching people' }).getByRole('listitem').filter({ hasText: learner.name }).getByRole('button').click();
      await page.getByRole('list', { name: 'Chosen people' }).getByRole('button', { name: `Remove ${learner.name}` }).waitFor();
    }
    const now = await page.evaluate(() => {
      const at = new Date(Date.now() - 60_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    });
    await page.getByLabel('Start', { exact: true }).fill(now);
    await page.getByLabel(/^All at once/).check();
    await page.getByLabel('Number of reminders').fill('0');
    await expectNoSeriousA11yViolations(page, 'the new campaign form');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/campaigns\/[^/]+$/);
    await page.getByRole('heading', { level: 2, name: 'Not launched yet' }).waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Launch' }).click();
    const counters = page.getByTestId('campaign-counters');
    await counters.getByText('2 people in the campaign: 2 trained.').waitFor({ timeout: 15_000 });
    await counters.getByText(/0\s+of 4 completed/).waitFor();
    await expectNoSeriousA11yViolations(page, 'the campaign view');

    // The dispatcher sends both lessons to both learners (the planner works in whole minutes: within about one).
    for (const learner of LEARNERS) {
      for (const lesson of LESSONS) await mailFor(learner.email, lesson.title, 120_000);
    }
    await counters.getByText(/4\s+of 4 lessons sent/).waitFor({ timeout: 30_000 });
    const louMail = mail.messages.find((m) => m.to.includes(LEARNERS[0]!.email) && m.subject.includes(LESSONS[0]!.title))!;
    expect(louMail.headers['list-unsubscribe']).toMatch(/^<http:\/\/.+\/api\/unsubscribe\?token=.+>$/);

    // Lou opens the first lesson from the email on a phone and completes it, without a password.
    const phone = await newContext(browser, { baseURL: morsel.url, viewport: MOBILE_VIEWPORT });
    contexts.push(phone);
    const lou = await phone.newPage();
    await lou.goto(findLink(louMail, `${morsel.url}/auth/link?token=`));
    await lou.waitForURL(`**/learn/courses/${course.id}/lessons/${lessonIds[0]}`, { timeout: 15_000 });
    await lou.getByRole('heading', { level: 1, name: LESSONS[0]!.title }).waitFor();
    const question = lou.getByRole('region', { name: /^Question 1/ });
    await question.getByLabel('True').check();
    await question.getByRole('button', { name: 'Check answer' }).click();
    await lou.getByRole('heading', { name: 'Lesson complete' }).waitFor();

    // The campaign view, still open and not reloaded, shows it.
    await counters.getByText(/1\s+of 4 completed/).waitFor({ timeout: 30_000 });
    await page.getByRole('row').filter({ hasText: LEARNERS[0]!.name }).getByText('1 / 2 done').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('makes an urgent trigger rule on the admin page, sends a test event there, and the learner gets the lesson at once', { timeout: 120_000 }, async () => {
    const { page, call } = await adminBrowser();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await buildCourse(call, 'Price exceptions');
    const learner = { name: 'Tess Trigger', email: 'tess@fabrikam.example' };
    await call('POST', '/api/people', { email: learner.email, displayName: learner.name, roles: ['learner'], timeZone: 'America/Chicago' });

    // Channels: a webhook on a private address is refused with a reason (no ALLOW_PRIVATE_WEBHOOK_TARGETS here).
    await page.goto('/admin/channels');
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the channel settings');
    await page.getByLabel('Chat webhook URL').fill('http://10.0.0.5/hook');
    await page.getByRole('button', { name: /^Save/ }).click();
    await page.getByText(/unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true/).first().waitFor();

    await page.goto('/admin/triggers');
    await page.getByRole('heading', { level: 1, name: 'Triggers' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Before a price exception');
    await page.getByLabel('Event type', { exact: true }).first().fill('price.exception');
    await page.getByLabel('Course', { exact: true }).selectOption({ label: 'Price exceptions' });
    await page.getByLabel('Lesson', { exact: true }).selectOption({ label: LESSONS[1]!.title });
    await page.getByLabel(/^Urgent/).check();
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('row').filter({ hasText: 'Before a price exception' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the trigger rules');

    const tryIt = page.getByRole('region', { name: 'Try an event' });
    await tryIt.getByLabel('Event type').fill('price.exception');
    await tryIt.getByLabel('Person’s email').fill(learner.email);
    await tryIt.getByRole('button', { name: 'Send event' }).click();
    await tryIt.getByText(/Before a price exception.*scheduled for/).waitFor();
    const mail = await mailFor(learner.email, LESSONS[1]!.title);
    expect(mail.text).toContain(`/auth/link?token=`);
    await page.getByRole('region', { name: 'Recent events' }).getByText('price.exception').first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  /** The lesson email to this address whose subject names the lesson (urgent ones included). */
  function mailFor(address: string, lessonTitle: string, timeoutMs = 60_000) {
    return mail.waitForMail((m) => m.to.includes(address) && m.subject.includes(lessonTitle), timeoutMs);
  }
});
