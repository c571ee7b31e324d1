/**
 * The authors' lesson-improvement queue (issue 8), end to end in a real browser.
 *
 * Through the API an admin (who may author) publishes a course of one lesson — a text, a case study, a single-choice
 * question whose wrong option "Your name" is tempting, and a true/false question — and enrols twelve learners. Each
 * learner plays through the learner API: opens the lesson, reports the blocks reached; two stop at block 2; ten answer,
 * seven of them "Your name". One more learner plays the lesson in the browser, and the player's own reports (block
 * progress sent as they scroll) reach the server. The author then opens Improve from the studio's navigation, sees the
 * lesson's suggestions in words, opens its evidence, finds the drop-off chart and the questions chart by their
 * accessible names, the common wrong answer in its table, and downloads a CSV. Axe checks both pages.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages there.
 */
import { describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations } from './support/browser.ts';
import { browserSuite } from './support/session.ts';

const chromiumCheck = checkChromium();

const ADMIN = { name: 'Ima Improver', email: 'ima@fabrikam.example', password: 'correct horse battery' };
const LESSON_TITLE = 'Greeting a caller';
const LEARNERS = Array.from({ length: 13 }, (_, k) => ({ name: `Caller ${k + 1}`, email: `caller${k + 1}@fabrikam.example`, password: `caller ${k + 1} passphrase` }));

describe.skipIf(!chromiumCheck.isAvailable)('the lesson-improvement queue, as an author, in a browser', () => {
  const { signedIn, screenshot } = browserSuite({ organisation: 'Fabrikam Support', admin: ADMIN, screenshotPrefix: 'improvement' });

  it('shows the lessons to improve, a lesson’s drop-off and question charts, the common wrong answer, and its CSV', { timeout: 240_000 }, async () => {
    const admin = await signedIn();
    const objective = await admin.call<{ id: string }>('POST', '/api/objectives', { title: 'Greet callers', performance: 'Opens every call with the brand.' });
    const lesson = await admin.call<{ id: string }>('POST', '/api/lessons', {
      title: LESSON_TITLE,
      coreQuestion: 'What do I say first when I answer a customer call?',
      objectiveId: objective.id,
      tags: ['calls'],
      blocks: [
        { id: 'intro', type: 'text', markdown: 'Callers want to know they reached the right place.' },
        { id: 'case', type: 'case_study', scenario: 'Sam answers: “Hi, Sam here.” The caller asks whether this is Fabrikam.', considerations: ['What was missing?'] },
        { id: 'q1', type: 'question', question: { kind: 'single_choice', prompt: 'What do you say first?', options: [{ id: 'a', text: 'The brand', correct: true }, { id: 'b', text: 'Your name', correct: false }, { id: 'c', text: 'Good morning', correct: false }] } },
        { id: 'q2', type: 'question', question: { kind: 'true_false', prompt: 'You offer help at the end of the greeting.', answer: true } },
      ],
    });
    await admin.call('POST', `/api/lessons/${lesson.id}/publish`);
    const course = await admin.call<{ id: string }>('POST', '/api/courses', { title: 'Phone greetings', objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'On the phone', lessonIds: [lesson.id] }] });
    await admin.call('POST', `/api/courses/${course.id}/publish`);
    const ids: string[] = [];
    for (const learner of LEARNERS) ids.push((await admin.call<{ id: string }>('POST', '/api/people', { email: learner.email, displayName: learner.name, roles: ['learner'], password: learner.password })).id);
    await admin.call('POST', '/api/enrolments', { courseId: course.id, personIds: ids });

    const lessonPath = `/api/learn/courses/${course.id}/lessons/${lesson.id}`;
    for (const [k, learner] of LEARNERS.slice(0, 12).entries()) {
      const { call } = await signedIn({ person: learner });
      await call('GET', lessonPath);
      await call('POST', `${lessonPath}/progress`, { block: 1, activeMs: 30_000 });
      if (k < 2) continue;
      await call('POST', `${lessonPath}/progress`, { block: 3, activeMs: 90_000 });
      await call('POST', '/api/learn/attempts', { courseId: course.id, lessonId: lesson.id, questionId: 'q1', response: { kind: 'single_choice', optionId: k < 9 ? 'b' : 'a' }, timeTakenMs: 3000, clientId: `e2e-improve-q1-${k}` });
      await call('POST', '/api/learn/attempts', { courseId: course.id, lessonId: lesson.id, questionId: 'q2', response: { kind: 'true_false', value: true }, timeTakenMs: 3000, clientId: `e2e-improve-q2-${k}` });
    }

    // The thirteenth learner plays in the browser: the player reports the blocks as they come into view.
    const player = await signedIn({ person: LEARNERS[12]! });
    await player.page.goto(`/learn/courses/${course.id}/lessons/${lesson.id}`);
    await player.page.getByRole('heading', { level: 1, name: LESSON_TITLE }).waitFor();
    await player.page.getByText('You offer help at the end of the greeting.').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await admin.call<{ funnel: { starters: number } }>('GET', `/api/improvement/lessons/${lesson.id}`)).funnel.starters, { timeout: 20_000 }).toBe(13);

    const page = admin.page;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/author');
    await page.getByRole('navigation', { name: 'Author' }).getByRole('link', { name: 'Improve' }).click();
    await page.getByRole('heading', { level: 1, name: 'Improve' }).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: LESSON_TITLE }) });
    await card.getByText('A common wrong answer').waitFor();
    await card.getByText(/7 learners \(70 %.*“Your name”/).waitFor();
    await card.getByText('Question too hard').waitFor();
    await screenshot(page, 'queue');
    await expectNoSeriousA11yViolations(page, 'the improvement queue');

    const queueCsv = await page.request.get(await page.getByRole('link', { name: 'Download the queue as CSV' }).getAttribute('href') as string);
    expect(queueCsv.ok()).toBe(true);
    expect(await queueCsv.text()).toContain('common_misconception');

    await card.getByRole('link', { name: `See the evidence for “${LESSON_TITLE}”` }).click();
    await page.getByRole('heading', { level: 1, name: LESSON_TITLE }).waitFor();
    await page.getByRole('img', { name: 'Drop-off by block: share of starters who reached each block' }).waitFor();
    await page.getByText(/13 learners started; 10 completed/).waitFor();
    // Everyone got the other question right: nothing to correlate with, so no discrimination yet, said in words.
    await page.getByRole('table', { name: 'Chart data: each question' }).getByRole('row', { name: /What do you say first\?.*30 %.*not enough data/ }).waitFor();
    const wrong = page.getByRole('table', { name: /Wrong answers at least 3 learners gave/ });
    await wrong.getByRole('row', { name: /What do you say first\?.*Your name.*7/ }).waitFor();
    await screenshot(page, 'lesson');
    await expectNoSeriousA11yViolations(page, 'a lesson’s evidence');

    const csvLink = page.getByRole('link', { name: 'Download the wrong answers as CSV' });
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path!, 'utf8');
    expect(csv.split('\r\n')[1]).toBe('q1,What do you say first?,Your name,7,1,0.7');
    expect(pageErrors).toEqual([]);
  });
});
