/**
 * The learner's loop, end to end in a real browser at phone size. An admin (who may author) builds a course
 * through the API: an objective, a lesson with a short video (made with ffmpeg here: the picture and tone are
 * synthetic, the captions are written for it) and two questions, a second lesson, a published course, and a
 * learner enrolled in it. The learner asks for a sign-in link, opens it from the captured email and lands on the
 * lesson; the video plays; they answer the first question wrongly (targeted feedback), the second rightly, see the
 * lesson complete, say whether it answered their question, and see the next lesson.
 * Morsel is then restarted on the same data with its clock 48 hours ahead: the missed question is in the daily
 * boost, and the learner answers it and learns when it comes back. Axe checks Today, the player and the boost.
 *
 * Set E2E_SCREENSHOTS=/some/dir to also save screenshots of the learner's pages there.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChromium, expectNoSeriousA11yViolations, launchBrowser, MOBILE_VIEWPORT, newContext } from './support/browser.ts';
import { findLink, startMailCatcher, type MailCatcher } from './support/mail.ts';
import { startMorsel, type MorselServer } from './support/server.ts';

const chromiumCheck = checkChromium();
const run = promisify(execFile);

const ADMIN = { name: 'Ada Admin', email: 'ada@northwind.example', password: 'correct horse battery' };
const LEARNER = { name: 'Lou Learner', email: 'lou@northwind.example' };
const LESSON = { title: 'Greeting a caller the new way', coreQuestion: 'What do I say first when I answer a customer call?' };
const Q1 = { prompt: 'What do you say first?', right: 'The brand, then your name', wrong: 'Your name, then the brand', feedback: 'The brand comes first, so callers know they reached the right place.' };
const Q2 = { prompt: 'You offer help at the end of the greeting.' };
const VIDEO_SECONDS = 6;
const CAPTIONS = ['WEBVTT', '', '00:00:00.000 --> 00:00:03.000', 'Thank you for calling Northwind.', '', '00:00:03.000 --> 00:00:06.000', 'My name is Sam. How can I help?', ''].join('\n');

/** Polls until the process with this id has exited. */
async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`Morsel (pid ${pid}) did not stop within ${timeoutMs} ms`);
}

/** A JSON call of the API that must succeed; returns the answer's body. */
async function call<T>(api: APIRequestContext, csrfToken: string, method: 'POST' | 'GET', path: string, data?: unknown): Promise<T> {
  const response = await api.fetch(path, { method, headers: { 'x-csrf-token': csrfToken }, ...(data === undefined ? {} : { data }) });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/**
 * Signs the admin in on this context's cookie jar, setting the organisation up first when it is not yet (an
 * end-to-end PostgreSQL database may be shared with other tests). Returns the CSRF token and the admin's id.
 */
async function signInAdmin(api: APIRequestContext): Promise<{ csrfToken: string; personId: string }> {
  const status = (await (await api.get('/api/setup')).json()) as { needed: boolean };
  const response = status.needed
    ? await api.post('/api/setup', { data: { organisation: { name: 'Northwind Contact Centre' }, admin: { displayName: ADMIN.name, email: ADMIN.email, password: ADMIN.password } } })
    : await api.post('/api/auth/sign-in', { data: { email: ADMIN.email, password: ADMIN.password } });
  expect(response.ok(), await response.text()).toBe(true);
  const session = (await response.json()) as { csrfToken: string; person: { id: string } };
  return { csrfToken: session.csrfToken, personId: session.person.id };
}

describe.skipIf(!chromiumCheck.isAvailable)('learning, in a browser at phone size', () => {
  let mail: MailCatcher;
  let morsel: MorselServer;
  let later: MorselServer | undefined;
  let browser: Browser;
  let workDir: string;
  let videoPath: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'morsel-e2e-video-'));
    videoPath = join(workDir, 'greeting.webm');
    // A synthetic picture (a test pattern) and tone, long enough to play and seek.
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=15:duration=${VIDEO_SECONDS}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${VIDEO_SECONDS}`, '-c:v', 'libvpx', '-b:v', '150k', '-c:a', 'libvorbis', '-shortest', videoPath]);
    mail = await startMailCatcher();
    [morsel, browser] = await Promise.all([startMorsel({ smtpUrl: mail.url }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await later?.stop();
    await morsel?.stop();
    await mail?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function screenshot(page: Page, name: string): Promise<void> {
    const folder = process.env.E2E_SCREENSHOTS;
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(folder, `learning-${name}.png`), fullPage: true });
  }

  /** The set-up an author would do in the studio, through the API: returns the course and its first lesson. */
  async function buildCourse(): Promise<{ courseId: string; lessonId: string; secondLessonTitle: string }> {
    const context = await newContext(browser, { baseURL: morsel.url });
    contexts.push(context);
    const api = context.request;
    const { csrfToken } = await signInAdmin(api);

    const upload = await api.post('/api/media', { headers: { 'x-csrf-token': csrfToken }, multipart: { title: 'The greeting', file: { name: 'greeting.webm', mimeType: 'video/webm', buffer: readFileSync(videoPath) } } });
    expect(upload.status(), await upload.text()).toBe(201);
    const video = (await upload.json()) as { id: string; durationSeconds: number };
    expect(video.durationSeconds).toBeCloseTo(VIDEO_SECONDS, 0);
    const captions = await api.post(`/api/media/${video.id}/captions?language=en`, { headers: { 'x-csrf-token': csrfToken, 'content-type': 'text/vtt' }, data: CAPTIONS });
    expect(captions.status(), await captions.text()).toBe(201);

    const objective = await call<{ id: string }>(api, csrfToken, 'POST', '/api/objectives', { title: 'Greet callers the new way', performance: 'Opens every call with the brand, their name and an offer to help.', desiredRetention: 0.95 });
    const lesson = await call<{ id: string }>(api, csrfToken, 'POST', '/api/lessons', {
      ...LESSON,
      objectiveId: objective.id,
      tags: ['greeting', 'calls'],
      blocks: [
        { id: 'video', type: 'video', mediaId: video.id, title: 'Sam answers a call' },
        { id: 'how', type: 'text', markdown: 'Say the **brand**, then your name, then offer help.' },
        {
          id: 'q1',
          type: 'question',
          question: {
            kind: 'single_choice',
            prompt: Q1.prompt,
            askConfidence: true,
            options: [
              { id: 'a', text: Q1.right, correct: true, feedback: 'Yes: the brand first, then your name.' },
              { id: 'b', text: Q1.wrong, correct: false, feedback: Q1.feedback },
            ],
          },
        },
        { id: 'q2', type: 'question', question: { kind: 'true_false', prompt: Q2.prompt, answer: true, feedbackTrue: 'Right: the offer of help closes the greeting.', feedbackFalse: 'It does come last.' } },
      ],
    });
    await call(api, csrfToken, 'POST', `/api/lessons/${lesson.id}/publish`);
    const secondLessonTitle = 'Closing a call';
    const second = await call<{ id: string }>(api, csrfToken, 'POST', '/api/lessons', {
      title: secondLessonTitle,
      coreQuestion: 'How do I end a customer call?',
      objectiveId: objective.id,
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling Northwind. Have a good day.' },
        { id: 'q', type: 'question', question: { kind: 'true_false', prompt: 'You thank the caller before saying goodbye.', answer: true } },
      ],
    });
    await call(api, csrfToken, 'POST', `/api/lessons/${second.id}/publish`);
    const course = await call<{ id: string }>(api, csrfToken, 'POST', '/api/courses', { title: 'Phone greetings', objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'On the phone', lessonIds: [lesson.id, second.id] }] });
    await call(api, csrfToken, 'POST', `/api/courses/${course.id}/publish`);

    const learner = await call<{ id: string }>(api, csrfToken, 'POST', '/api/people', { email: LEARNER.email, displayName: LEARNER.name, roles: ['learner'], timeZone: 'Europe/London' });
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const enrolled = await call<{ enrolled: number }>(api, csrfToken, 'POST', '/api/enrolments', { courseId: course.id, personIds: [learner.id], dueAt });
    expect(enrolled.enrolled).toBe(1);
    return { courseId: course.id, lessonId: lesson.id, secondLessonTitle };
  }

  /** A phone-sized browser signed in as the learner through a magic link from the captured email, landing on `redirectTo`. */
  async function signInByLink(server: MorselServer, redirectTo: string): Promise<Page> {
    const context = await newContext(browser, { baseURL: server.url, viewport: MOBILE_VIEWPORT });
    contexts.push(context);
    const page = await context.newPage();
    const before = mail.messages.length;
    const asked = await page.request.post('/api/auth/magic-link', { data: { email: LEARNER.email, redirectTo } });
    expect(asked.ok(), await asked.text()).toBe(true);
    const email = await mail.waitForMail((m) => m.to.includes(LEARNER.email) && mail.messages.indexOf(m) >= before, 15_000);
    await page.goto(findLink(email, `${server.url}/auth/link?token=`));
    await page.waitForURL((url) => url.pathname === redirectTo.split('?')[0], { timeout: 15_000 });
    return page;
  }

  it('plays a lesson from a magic link, gives feedback, completes it, and brings the missed question back two days later', { timeout: 180_000 }, async () => {
    const { courseId, lessonId, secondLessonTitle } = await buildCourse();
    const lessonPath = `/learn/courses/${courseId}/lessons/${lessonId}`;

    // The sign-in link lands on the lesson itself.
    const page = await signInByLink(morsel, lessonPath);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.getByRole('heading', { level: 1, name: LESSON.title }).waitFor();
    await page.getByText(LESSON.coreQuestion).waitFor();
    await page.getByText('Lesson 1 of 2').waitFor();

    // The video has its source and captions, plays, and its speed can be changed.
    const video = page.locator('video');
    await video.waitFor();
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentSrc)).toContain('/api/media/');
    expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeCloseTo(VIDEO_SECONDS, 0);
    expect(await page.locator('video track[kind="captions"]').getAttribute('srclang')).toBe('en');
    await page.getByLabel('Playback speed').selectOption('1.5');
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1.5);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    // Where it stopped is kept on the device, and the next visit resumes there.
    const kept = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.startsWith('morsel.media-position.'))?.[1]);
    expect(Number(kept)).toBeGreaterThan(1.4);
    await page.reload();
    await page.getByText(/^Resumed at 0:0\d\.$/).waitFor();
    expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(1.4);
    await screenshot(page, 'player');
    await expectNoSeriousA11yViolations(page, 'the lesson player');

    // The first question, answered wrongly (fairly sure): the feedback says why.
    const first = page.getByRole('region', { name: 'Question 1 of 2' });
    await first.getByLabel(Q1.wrong).check();
    await first.getByLabel('Fairly sure').check();
    await first.getByRole('button', { name: 'Check answer' }).click();
    await first.locator('.answer-feedback.is-incorrect', { hasText: 'Not quite' }).waitFor();
    await first.getByText(Q1.feedback).waitFor();
    // The grade takes the focus, so a screen reader reads it and the keyboard continues from there.
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('answer-feedback');
    await first.getByRole('button', { name: 'Try again (practice)' }).waitFor();
    await page.getByText('Finish the lesson').waitFor();

    // The second, answered rightly: the lesson is complete.
    const second = page.getByRole('region', { name: 'Question 2 of 2' });
    await second.getByLabel('True').check();
    await second.getByRole('button', { name: 'Check answer' }).click();
    await second.locator('.answer-feedback.is-correct', { hasText: 'Correct' }).waitFor();
    await page.getByRole('heading', { name: 'Lesson complete' }).waitFor();
    await page.getByText('You got 1 of 2 right first time').waitFor();

    // A second try at the first question is practice: it does not change the result.
    await first.getByRole('button', { name: 'Try again (practice)' }).click();
    await first.getByLabel(Q1.right).check();
    await first.getByRole('button', { name: 'Check answer' }).click();
    await first.locator('.answer-feedback.is-correct', { hasText: 'Practice: Correct' }).waitFor();

    // "Did this answer your question?"
    const feedback = page.getByRole('form', { name: 'Did this answer your question?' });
    await feedback.getByRole('button', { name: 'Send feedback' }).click();
    await feedback.getByText('Choose Yes or No first.').waitFor();
    await feedback.getByLabel('Yes', { exact: true }).check();
    await feedback.locator('label', { hasText: '4 of 5' }).click();
    expect(await feedback.getByLabel('4 of 5').isChecked()).toBe(true);
    await feedback.getByLabel('Anything to add? (optional)').fill('Short and clear.');
    await screenshot(page, 'player-complete');
    await expectNoSeriousA11yViolations(page, 'the lesson player, complete');
    await feedback.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText('Thank you for your feedback.').waitFor();

    // The next lesson is offered; Today shows the progress.
    await page.getByRole('link', { name: `Next lesson: ${secondLessonTitle}` }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Learn' }).click();
    await page.waitForURL('**/learn');
    await page.getByRole('heading', { level: 1, name: new RegExp(`, ${LEARNER.name}$`) }).waitFor();
    const card = page.locator('.course-card', { hasText: 'Phone greetings' });
    await card.getByText('1 of 2 lessons').waitFor();
    await card.getByText('due in 3 days').waitFor();
    await card.getByText('How do I end a customer call?').waitFor();
    await page.getByText('Nothing to review today.').waitFor();
    // Points and a streak of one working day, awarded in the background a moment after the first lesson.
    await page.getByRole('region', { name: 'Points and streak' }).getByText(/1 working day/).first().waitFor();
    await screenshot(page, 'today');
    await expectNoSeriousA11yViolations(page, 'Today');

    // The course outline ticks the lesson done and resumes at the next one.
    await card.getByRole('link', { name: 'Phone greetings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phone greetings' }).waitFor();
    await page.locator('.lesson-row.is-done', { hasText: LESSON.title }).waitFor();
    await page.getByRole('link', { name: `Resume: ${secondLessonTitle}` }).waitFor();
    await screenshot(page, 'course');
    await expectNoSeriousA11yViolations(page, 'the course outline');
    expect(pageErrors).toEqual([]);

    // Two days later (the same data, the clock 48 hours ahead): the missed question is due.
    process.kill(morsel.pid, 'SIGTERM');
    await waitForExit(morsel.pid);
    later = await startMorsel({ smtpUrl: mail.url, env: { DATA_DIR: morsel.dataDir, MORSEL_TEST_CLOCK_OFFSET_HOURS: '48' } });
    const next = await signInByLink(later, '/learn');
    await next.getByRole('heading', { level: 1, name: new RegExp(`, ${LEARNER.name}$`) }).waitFor();
    const boostCard = next.getByRole('region', { name: /Daily boost/ });
    await boostCard.getByText('1', { exact: true }).waitFor();
    await screenshot(next, 'today-boost');
    await expectNoSeriousA11yViolations(next, 'Today with a boost');
    await boostCard.getByRole('link', { name: 'Start the boost' }).click();
    await next.waitForURL('**/learn/boost');
    await next.getByRole('heading', { level: 1, name: 'Daily boost' }).waitFor();
    await next.getByText('Question 1 of 1').waitFor();
    await next.getByText(LESSON.title).waitFor();
    const item = next.getByRole('region', { name: 'Review question 1' });
    await item.getByText(Q1.prompt).waitFor();
    await screenshot(next, 'boost');
    await expectNoSeriousA11yViolations(next, 'the boost');
    await item.getByLabel(Q1.right).check();
    await item.getByRole('button', { name: 'Check answer' }).click();
    await item.locator('.answer-feedback.is-correct', { hasText: 'Correct' }).waitFor();
    await item.getByText(/^Comes back (tomorrow|in \d+ days)\.$/).waitFor();
    await screenshot(next, 'boost-answered');
    await expectNoSeriousA11yViolations(next, 'the boost, answered');
    await item.getByRole('button', { name: 'Finish' }).click();
    await next.getByRole('heading', { name: 'Boost done' }).waitFor();
    await next.getByText('You remembered it.').waitFor();

    // Practice is offered and says plainly that it does not count.
    await next.getByRole('link', { name: 'Practise more (does not count)' }).click();
    await next.waitForURL('**/learn/boost?mode=practice');
    await next.getByRole('heading', { level: 1, name: 'Practice' }).waitFor();
    await next.getByText('Practice does not count.').waitFor();
    const practice = next.getByRole('region', { name: 'Practice question 1' });
    await practice.waitFor();
    await screenshot(next, 'practice');
    await expectNoSeriousA11yViolations(next, 'practice');

    // It installs as an app: a manifest, and a service worker that keeps the app shell but never the API.
    const manifest = await next.request.get('/manifest.webmanifest');
    expect(manifest.headers()['content-type']).toContain('application/manifest+json');
    expect(await manifest.json()).toMatchObject({ start_url: '/learn', display: 'standalone', icons: expect.arrayContaining([expect.objectContaining({ sizes: '512x512' })]) });
    const cached = await next.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const paths: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      return paths;
    });
    expect(cached).toContain('/learn');
    expect(cached.some((path) => path.startsWith('/assets/') && path.endsWith('.js'))).toBe(true);
    expect(cached.filter((path) => path.startsWith('/api'))).toEqual([]);
    // Offline, the app still opens (and says the server cannot be reached) instead of the browser's error page.
    await next.context().setOffline(true);
    await next.reload();
    await next.getByRole('heading', { name: 'Morsel cannot be reached' }).waitFor();
    await next.context().setOffline(false);
  });
});

/**
 * Every kind of block and question in the player, used with the keyboard alone at phone size: an image, audio, a
 * skill demonstration step by step, a checklist, a template copied to the clipboard, a link, a code sample, a
 * case study; multiple choice (partial credit), ordering, cloze and short text questions.
 */
describe.skipIf(!chromiumCheck.isAvailable)('every block and question type, by keyboard', () => {
  let mail: MailCatcher;
  let morsel: MorselServer;
  let browser: Browser;
  let workDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'morsel-e2e-media-'));
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x0f5f5a:s=320x180', '-frames:v', '1', join(workDir, 'screen.png')]);
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=3', '-c:a', 'libopus', join(workDir, 'greeting.ogg')]);
    mail = await startMailCatcher();
    [morsel, browser] = await Promise.all([startMorsel({ smtpUrl: mail.url }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await morsel?.stop();
    await mail?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('plays every block and grades every question type', { timeout: 120_000 }, async () => {
    const admin = await newContext(browser, { baseURL: morsel.url });
    contexts.push(admin);
    const { csrfToken, personId } = await signInAdmin(admin.request);
    const upload = async (file: string, mimeType: string) => {
      const response = await admin.request.post('/api/media', { headers: { 'x-csrf-token': csrfToken }, multipart: { file: { name: file, mimeType, buffer: readFileSync(join(workDir, file)) } } });
      expect(response.status(), await response.text()).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const imageId = await upload('screen.png', 'image/png');
    const audioId = await upload('greeting.ogg', 'audio/ogg');
    const objective = await call<{ id: string }>(admin.request, csrfToken, 'POST', '/api/objectives', { title: 'Handle a call', performance: 'Handles a call from greeting to goodbye.' });
    const lesson = await call<{ id: string }>(admin.request, csrfToken, 'POST', '/api/lessons', {
      title: 'A call from start to finish',
      coreQuestion: 'How do I handle a customer call from start to finish?',
      objectiveId: objective.id,
      tags: ['calls'],
      blocks: [
        { id: 'img', type: 'image', mediaId: imageId, alt: 'The phone screen when a call comes in', caption: 'The incoming-call screen' },
        { id: 'aud', type: 'audio', mediaId: audioId, title: 'The greeting, spoken', transcript: 'Thank you for calling Northwind, my name is Sam.' },
        { id: 'demo', type: 'skill_demo', title: 'Transfer a call', steps: [{ text: 'Press Hold.' }, { text: 'Dial the extension.', mediaId: imageId }, { text: 'Press Transfer.' }] },
        { id: 'list', type: 'tool', kind: 'checklist', title: 'Before you hang up', items: ['Summarise', 'Ask if anything else', 'Thank the caller'] },
        { id: 'tpl', type: 'tool', kind: 'template', title: 'Call note', template: 'Caller:\nReason:\nNext step:' },
        { id: 'link', type: 'tool', kind: 'link', title: 'the call log', url: 'https://crm.example.com/calls' },
        { id: 'code', type: 'sample', format: 'code', content: 'transfer --to 2040', caption: 'The transfer command' },
        { id: 'case', type: 'case_study', scenario: 'A caller is **angry** about a late delivery.', considerations: ['What do you say first?'] },
        { id: 'mc', type: 'question', question: { kind: 'multiple_choice', prompt: 'Which belong in the greeting?', options: [{ id: 'brand', text: 'The brand', correct: true }, { id: 'name', text: 'Your name', correct: true }, { id: 'weather', text: 'The weather', correct: false, feedback: 'Small talk can wait.' }] } },
        { id: 'order', type: 'question', question: { kind: 'ordering', prompt: 'Put the greeting in order.', items: [{ id: '1', text: 'Brand' }, { id: '2', text: 'Name' }, { id: '3', text: 'Offer help' }], feedbackCorrect: 'That is the order.' } },
        { id: 'cloze', type: 'question', question: { kind: 'cloze', prompt: 'Fill in the greeting.', text: 'Thank you for calling [[Northwind]], my name is [[Sam]].', feedbackCorrect: 'Word for word.' } },
        { id: 'short', type: 'question', question: { kind: 'short_text', prompt: 'What do you offer at the end?', expected: ['help'], keywords: ['help'], feedbackCorrect: 'Yes, help.' } },
      ],
    });
    const published = await admin.request.post(`/api/lessons/${lesson.id}/publish`, { headers: { 'x-csrf-token': csrfToken } });
    expect(published.ok(), await published.text()).toBe(true);
    const course = await call<{ id: string }>(admin.request, csrfToken, 'POST', '/api/courses', { title: 'Calls', modules: [{ id: 'm', title: 'Calls', lessonIds: [lesson.id] }] });
    await call(admin.request, csrfToken, 'POST', `/api/courses/${course.id}/publish`);
    await call(admin.request, csrfToken, 'POST', '/api/enrolments', { courseId: course.id, personIds: [personId] });

    // The admin is enrolled too; they play it on a phone.
    const context = await newContext(browser, { baseURL: morsel.url, viewport: MOBILE_VIEWPORT });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: morsel.url });
    const page = await context.newPage();
    const signedIn = await page.request.post('/api/auth/sign-in', { data: { email: ADMIN.email, password: ADMIN.password } });
    expect(signedIn.ok()).toBe(true);
    await page.goto(`/learn/courses/${course.id}/lessons/${lesson.id}`);
    await page.getByRole('heading', { level: 1, name: 'A call from start to finish' }).waitFor();
    const keyboard = page.keyboard;

    await page.getByRole('img', { name: 'The phone screen when a call comes in' }).first().waitFor();
    await page.locator('audio').waitFor();
    await page.waitForFunction(() => (document.querySelector('audio')?.readyState ?? 0) >= 1);
    await page.locator('summary', { hasText: 'Transcript' }).focus();
    await keyboard.press('Enter');
    await page.getByText('Thank you for calling Northwind, my name is Sam.').waitFor();

    // The skill demonstration, one step at a time.
    const demo = page.getByRole('region', { name: 'Transfer a call' });
    await demo.getByText('Step 1 of 3').waitFor();
    await demo.getByText('Press Hold.').waitFor();
    await demo.getByRole('button', { name: 'Next step' }).focus();
    await keyboard.press('Enter');
    await demo.getByText('Step 2 of 3').waitFor();
    await demo.getByText('Dial the extension.').waitFor();
    await keyboard.press('Enter');
    await demo.getByText('Press Transfer.').waitFor();
    expect(await demo.getByRole('button', { name: 'Next step' }).isDisabled()).toBe(true);
    await demo.getByRole('button', { name: 'Previous step' }).focus();
    await keyboard.press('Enter');
    await demo.getByText('Step 2 of 3').waitFor();

    // Tools: tick a checklist, copy a template, open a link in a new tab.
    const checklist = page.getByRole('group', { name: 'Before you hang up' });
    await checklist.getByLabel('Summarise').focus();
    await keyboard.press('Space');
    await checklist.getByText('1 of 3 done').waitFor();
    await page.getByRole('button', { name: 'Copy template' }).focus();
    await keyboard.press('Enter');
    await page.getByText('✓ Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Caller:\nReason:\nNext step:');
    const link = page.getByRole('link', { name: /Open the call log/ });
    expect(await link.getAttribute('href')).toBe('https://crm.example.com/calls');
    expect(await link.getAttribute('target')).toBe('_blank');
    await page.getByRole('region', { name: 'The transfer command' }).waitFor();
    await page.getByText('Case study').waitFor();
    await expectNoSeriousA11yViolations(page, 'the player with every block type');

    // Multiple choice with partial credit.
    const mc = page.getByRole('region', { name: 'Question 1 of 4' });
    await mc.getByLabel('The brand').focus();
    await keyboard.press('Space');
    await mc.getByRole('button', { name: 'Check answer' }).focus();
    await keyboard.press('Enter');
    await mc.locator('.answer-feedback.is-partial', { hasText: 'Partly right: 50%' }).waitFor();

    // Ordering with the move buttons; the focus follows the moved item.
    const order = page.getByRole('region', { name: 'Question 2 of 4' });
    const itemTexts = () => order.locator('.ordering-text').allInnerTexts();
    const target = ['Brand', 'Name', 'Offer help'];
    for (let guard = 0; guard < 10 && JSON.stringify(await itemTexts()) !== JSON.stringify(target); guard++) {
      const texts = await itemTexts();
      const index = texts.findIndex((textShown, i) => textShown !== target[i]);
      const wanted = target[index] as string;
      await order.getByRole('button', { name: `Move “${wanted}” up` }).focus();
      await keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(new RegExp(`Move “${wanted}”`));
    }
    await order.getByRole('status').filter({ hasText: /is now number/ }).waitFor();
    await order.getByRole('button', { name: 'Check answer' }).click();
    await order.locator('.answer-feedback.is-correct', { hasText: 'That is the order.' }).waitFor();

    // Cloze and short text, typed.
    const cloze = page.getByRole('region', { name: 'Question 3 of 4' });
    await cloze.getByLabel('Blank 1 of 2').fill('northwind');
    await cloze.getByRole('button', { name: 'Check answer' }).click();
    await cloze.getByText('Fill in blank 2 first.').waitFor();
    await cloze.getByLabel('Blank 2 of 2').fill('Sam.');
    await cloze.getByRole('button', { name: 'Check answer' }).click();
    await cloze.locator('.answer-feedback.is-correct', { hasText: 'Word for word.' }).waitFor();
    const short = page.getByRole('region', { name: 'Question 4 of 4' });
    await short.getByLabel('Your answer').fill('I offer help');
    await short.getByRole('button', { name: 'Check answer' }).click();
    await short.locator('.answer-feedback.is-correct', { hasText: 'Yes, help.' }).waitFor();

    await page.getByRole('heading', { name: 'Lesson complete' }).waitFor();
    await page.getByRole('link', { name: 'Course finished: back to Today' }).waitFor();
    await screenshot(page, 'every-block');
    await expectNoSeriousA11yViolations(page, 'the player with every question answered');

    // Coming back later shows the answers already given.
    await page.reload();
    await page.getByRole('heading', { name: 'Lesson complete' }).waitFor();
    await mc.getByText('You answered this earlier.').waitFor();
  });

  async function screenshot(page: Page, name: string): Promise<void> {
    const folder = process.env.E2E_SCREENSHOTS;
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(folder, `learning-${name}.png`), fullPage: true });
  }
});
