/**
 * Validation end to end in a real browser: an author makes a certification on the studio's page; a learner takes a course's baseline check on a phone (answers not
 * marked), does the lessons, then the post check (marked as they go, with their score per objective); the
 * certification is earned. A manager then sees before and after, the compliance view (and its CSV) and the
 * team's review forecast. Axe checks every page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations, launchBrowser, MOBILE_VIEWPORT } from './support/browser.ts';
import { type Call, signInContext } from './support/session.ts';
import { startMorsel, type MorselServer } from './support/server.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Casey Compliance', email: 'casey@contoso.example', password: 'correct horse battery' };
const LEARNER = { name: 'Lee Learner', email: 'lee@contoso.example', password: 'learner passphrase 1' };
const OBJECTIVE = 'Handle card data safely';
const COURSE = 'Card data basics';
const QUESTIONS = ['Card numbers may be written on a sticky note.', 'You read a card number back only when the caller asks.'];
const ANSWERS = [false, true];

describe.skipIf(!chromiumCheck.isAvailable)('checks, certification and compliance, in a browser', () => {
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

  /** A browser context signed in with a password (the organisation set up first when needed), and its API. */
  async function signedIn(person: { email: string; password: string }, viewport?: { width: number; height: number }): Promise<{ page: Page; call: Call }> {
    const session = await signInContext(browser, { baseURL: morsel.url, organisation: 'Contoso Support', admin: ADMIN, person, ...(viewport && { viewport }) });
    contexts.push(session.context);
    return session;
  }

  /** Answers the check's questions on the page: true/false by the question's prompt. */
  async function answerCheck(page: Page, phase: 'baseline' | 'post'): Promise<void> {
    for (let index = 0; index < QUESTIONS.length; index += 1) {
      const form = page.locator('form.check-question');
      await form.getByText(`Question ${index + 1} of ${QUESTIONS.length}`).waitFor();
      const prompt = (await form.locator('legend').textContent()) ?? '';
      const answer = ANSWERS[QUESTIONS.indexOf(prompt.trim())];
      expect(answer, `a question of this course: ${prompt}`).toBeDefined();
      await form.getByLabel(answer ? 'True' : 'False').check();
      await form.getByRole('button', { name: phase === 'baseline' ? 'Save answer' : 'Check answer' }).click();
      if (phase === 'post') {
        const feedback = page.getByRole('status').filter({ hasText: 'Right' });
        await feedback.waitFor();
        if (index === 0) await expectNoSeriousA11yViolations(page, 'the post check’s feedback');
        await feedback.getByRole('button', { name: index === QUESTIONS.length - 1 ? 'See your results' : 'Next question' }).click();
      }
    }
  }

  it('takes the baseline and post checks, earns the certification, and shows it to the manager', { timeout: 120_000 }, async () => {
    const admin = await signedIn(ADMIN);
    const objective = await admin.call<{ id: string }>('POST', '/api/objectives', { title: OBJECTIVE, performance: 'Never stores or repeats card data needlessly.' });
    const lessonIds: string[] = [];
    for (const [index, prompt] of QUESTIONS.entries()) {
      const lesson = await admin.call<{ id: string }>('POST', '/api/lessons', {
        title: `Card data ${index + 1}`,
        coreQuestion: index === 0 ? 'Where may I write down a card number?' : 'When do I read a card number back?',
        objectiveId: objective.id,
        blocks: [
          { id: 'rule', type: 'text', markdown: 'Card numbers stay in the payment screen.' },
          { id: 'q', type: 'question', question: { kind: 'true_false', prompt, answer: ANSWERS[index], feedbackTrue: 'That is the rule.', feedbackFalse: 'Not so: see the rule.' } },
        ],
      });
      await admin.call('POST', `/api/lessons/${lesson.id}/publish`);
      lessonIds.push(lesson.id);
    }
    const course = await admin.call<{ id: string }>('POST', '/api/courses', { title: COURSE, objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'Card data', lessonIds }] });
    await admin.call('POST', `/api/courses/${course.id}/publish`);

    // The certification, made on the author's page: a form error first, then the form filled in properly.
    await admin.page.goto('/author/certifications');
    await admin.page.getByRole('heading', { level: 1, name: 'Certifications' }).waitFor();
    await admin.page.getByText('No certifications yet').waitFor();
    await admin.page.getByRole('button', { name: 'New certification' }).click();
    const form = admin.page.locator('form', { has: admin.page.getByRole('heading', { name: 'New certification' }) });
    await form.getByRole('button', { name: 'Create certification' }).click();
    await form.getByRole('alert').first().waitFor();
    await expectNoSeriousA11yViolations(admin.page, 'the certification form with its errors');
    await form.getByLabel('Title').fill('Card data handler');
    await form.getByLabel('Course', { exact: true }).selectOption({ label: COURSE });
    await form.getByLabel('Pass mark (%)').fill('80');
    await form.getByLabel('Valid for').fill('12');
    await form.getByLabel('Validity unit').selectOption('months');
    await form.getByLabel('Start recertification automatically when it lapses').check();
    await form.getByLabel('Recertification due within (days)').fill('30');
    await form.getByRole('button', { name: 'Create certification' }).click();
    const certificationRow = admin.page.getByRole('row').filter({ hasText: 'Card data handler' });
    await certificationRow.getByText('Automatic, due within 30 days').waitFor();
    expect(await certificationRow.textContent()).toContain('80 %');
    expect(await certificationRow.textContent()).toContain('12 months');
    await expectNoSeriousA11yViolations(admin.page, 'the certifications page');
    const learner = await admin.call<{ id: string }>('POST', '/api/people', { email: LEARNER.email, displayName: LEARNER.name, roles: ['learner'], password: LEARNER.password });
    const team = await admin.call<{ id: string }>('POST', '/api/teams', { name: 'Payments desk' });
    await admin.call('PUT', `/api/teams/${team.id}/members/${learner.id}`, { role: 'member' });
    // Casey also manages the desk (the forecast shows the teams one manages).
    const me = await admin.call<{ person: { id: string } }>('GET', '/api/me');
    await admin.call('PUT', `/api/teams/${team.id}/members/${me.person.id}`, { role: 'manager' });
    await admin.call('POST', '/api/enrolments', { courseId: course.id, personIds: [learner.id] });

    // The learner, on a phone: the baseline check first, unmarked.
    const lee = await signedIn(LEARNER, MOBILE_VIEWPORT);
    await lee.page.goto(`/learn/courses/${course.id}/checks/baseline`);
    await lee.page.getByRole('heading', { level: 1, name: 'Before you start' }).waitFor();
    await expectNoSeriousA11yViolations(lee.page, 'the baseline check');
    await answerCheck(lee.page, 'baseline');
    await lee.page.getByText('All answered', { exact: false }).or(lee.page.getByRole('link', { name: 'Back to the course' })).first().waitFor();

    // The lessons (answered through the API: the player has its own browser test).
    for (const [index, lessonId] of lessonIds.entries()) {
      await lee.call('POST', '/api/learn/attempts', { courseId: course.id, lessonId, questionId: 'q', response: { kind: 'true_false', value: ANSWERS[index] }, timeTakenMs: 2000, clientId: `e2e-lesson-answer-${index}` });
    }

    // The post check, marked as the learner goes, then the score per objective.
    await lee.page.goto(`/learn/courses/${course.id}/checks/post`);
    await lee.page.getByRole('heading', { level: 1, name: 'Check what you learned' }).waitFor();
    await answerCheck(lee.page, 'post');
    await lee.page.getByRole('heading', { name: /^Your score: 100/ }).waitFor();
    await expectNoSeriousA11yViolations(lee.page, 'the post check’s results');

    // The manager's views.
    await admin.page.goto(`/manage/courses/${course.id}/checks`);
    await admin.page.getByRole('heading', { level: 1, name: `Before and after: ${COURSE}` }).waitFor();
    await admin.page.getByText(OBJECTIVE).first().waitFor();
    await expectNoSeriousA11yViolations(admin.page, 'the check results');

    await admin.page.goto('/manage/compliance');
    await admin.page.getByRole('heading', { level: 1, name: 'Compliance' }).waitFor();
    const row = admin.page.getByRole('row').filter({ hasText: LEARNER.name });
    await row.getByText('Certified').waitFor();
    await expectNoSeriousA11yViolations(admin.page, 'the compliance view');
    const download = admin.page.waitForEvent('download');
    await admin.page.getByRole('link', { name: /CSV/ }).click();
    const csv = await (await download).path().then((path) => import('node:fs').then((fs) => fs.readFileSync(path!, 'utf8')));
    expect(csv).toContain(LEARNER.email);
    expect(csv).toContain('Card data handler');

    await admin.page.goto('/manage/forecast');
    await admin.page.getByRole('heading', { level: 1, name: 'Review forecast' }).waitFor();
    await admin.page.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Payments desk' });
    await admin.page.getByRole('table', { name: 'Per member' }).getByText(LEARNER.name).waitFor();
    await expectNoSeriousA11yViolations(admin.page, 'the review forecast');
  });
});
