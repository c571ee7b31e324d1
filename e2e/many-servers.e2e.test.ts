/**
 * The large set-up (issue 9, "Many servers"): two app servers and a worker process sharing one PostgreSQL database
 * and one data folder (media), as README "Running more than one server" describes, driven through both.
 *
 * - A session made on server A is a session on server B (sessions are rows in the database; the browser sends its
 *   cookie to both, as it would behind one load balancer).
 * - Media uploaded through A is served by B (the shared folder).
 * - Work done through one is seen by the other: the course published on A is assigned to people created on B.
 * - Jobs across them: a campaign launched on B is dispatched while A, B and the worker all run the dispatcher and
 *   the outbox every second, and every learner gets the lesson's email exactly once.
 *
 * Needs PostgreSQL (TEST_DATABASE_URL, as `scripts/with-postgres.sh` and CI give it) and Debian's Chromium; skipped
 * with the reason otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/server/testing/test-database.ts';
import { checkChromium, launchBrowser } from './support/browser.ts';
import { addLearners, type Learner, publishOneQuestionCourse } from './support/gamification.ts';
import { type MailCatcher, startMailCatcher } from './support/mail.ts';
import { type MorselServer, REPO_ROOT, startMorsel } from './support/server.ts';
import { type Call, signInContext } from './support/session.ts';
import { zoneAwayFromMidnight } from './support/zones.ts';

const chromiumCheck = checkChromium();
const postgresUrl = process.env.TEST_DATABASE_URL;
const ADMIN = { name: 'Mo Many', email: 'mo@many.example', password: 'two servers one database' };
const LEARNERS: Learner[] = Array.from({ length: 6 }, (_, k) => ({ name: `Picker ${k + 1}`, email: `picker${k + 1}@many.example`, password: `picker ${k + 1} passphrase` }));
/** A 1 × 1 PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!postgresUrl || !chromiumCheck.isAvailable)(`two app servers and a worker on one PostgreSQL${postgresUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  let dropDatabase: () => Promise<void> = async () => {};
  let mail: MailCatcher;
  let a: MorselServer;
  let b: MorselServer;
  let worker: ChildProcess;
  let workerOutput = '';
  let browser: Browser;
  const shared = mkdtempSync(join(tmpdir(), 'morsel-shared-'));

  beforeAll(async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    dropDatabase = database.destroy;
    mail = await startMailCatcher();
    const env = { DATABASE_URL: database.url!, DATA_DIR: shared, SECRET_KEY: 'one secret for every server of this set-up, 40+ chars', DISPATCH_INTERVAL_SECONDS: '1' };
    // One after the other: the first migrates the empty database (Kysely locks, so at once would work too).
    a = await startMorsel({ smtpUrl: mail.url, env });
    b = await startMorsel({ smtpUrl: mail.url, env });
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', PUBLIC_URL: a.url, SMTP_URL: mail.url, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    worker?.kill('SIGTERM');
    await Promise.all([a?.stop(), b?.stop()]);
    await mail?.close();
    await dropDatabase();
    rmSync(shared, { recursive: true, force: true });
  });

  it('shares sessions, media, data and jobs: each learner’s lesson is sent once though three processes dispatch', async () => {
    // Set up on A, in a browser; the same browser is signed in on B.
    const admin = await signInContext(browser, { baseURL: a.url, organisation: 'Many Servers Ltd', admin: ADMIN });
    const onB = await admin.context.newPage();
    await onB.goto(`${b.url}/admin/people`);
    await onB.getByRole('heading', { level: 1, name: 'People' }).waitFor({ timeout: 30_000 });
    const session = await admin.context.request.get(`${b.url}/api/me`);
    expect(session.ok()).toBe(true);
    expect(((await session.json()) as { person: { email: string } }).person.email).toBe(ADMIN.email);

    // One caller per server, with the one session's CSRF token.
    const csrfToken = ((await session.json()) as { csrfToken: string }).csrfToken;
    const callOn = (server: MorselServer): Call => async <T,>(method: string, path: string, data?: unknown): Promise<T> => {
      const answer = await admin.context.request.fetch(`${server.url}${path}`, { method, headers: { 'x-csrf-token': csrfToken }, ...(data === undefined ? {} : { data }) });
      expect(answer.ok(), `${method} ${server.url}${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
      return (answer.status() === 204 ? undefined : await answer.json()) as T;
    };
    const [callA, callB] = [callOn(a), callOn(b)];

    // Media uploaded through A is served by B, byte for byte.
    const upload = await admin.context.request.post(`${a.url}/api/media`, { headers: { 'x-csrf-token': csrfToken }, multipart: { title: 'Pixel', file: { name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL } } });
    expect(upload.status(), await upload.text()).toBe(201);
    const { id: mediaId } = (await upload.json()) as { id: string };
    const served = await admin.context.request.get(`${b.url}/api/media/${mediaId}/content`);
    expect(served.status()).toBe(200);
    expect(Buffer.from(await served.body()).equals(PIXEL)).toBe(true);

    // The course published on A, the learners added on B; lessons may go out at any hour, every day.
    const course = await publishOneQuestionCourse(callA);
    await callB('PATCH', '/api/organisation', { quietStart: null, quietEnd: null, workingDays: [1, 2, 3, 4, 5, 6, 7], workStart: '00:00', workEnd: '23:59' });
    const personIds = await addLearners(callB, { learners: LEARNERS, course });
    const timeZone = zoneAwayFromMidnight('Europe/London', 'Asia/Tokyo');
    for (const id of personIds) await callA('PATCH', `/api/people/${id}`, { timeZone });

    // The campaign launched on B; A, B and the worker dispatch and send every second.
    const campaign = await callB<{ id: string }>('POST', '/api/campaigns', { name: 'All at once', courseIds: [course.courseId], audience: { personIds }, startAt: new Date().toISOString(), pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 } });
    await callB('POST', `/api/campaigns/${campaign.id}/launch`);
    // The planner works in whole minutes: the lessons go out within about one.
    for (const learner of LEARNERS) await mail.waitForMailTo(learner.email, 150_000);
    // Time for any second sending to arrive (the dispatchers run every second), then count.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    for (const learner of LEARNERS) {
      const received = mail.messages.filter((message) => message.to.some((to) => to.toLowerCase() === learner.email));
      expect(received, `${learner.email} got ${received.length} emails`).toHaveLength(1);
    }
    // Both servers see the same campaign: every member sent their lesson.
    const view = await callA<{ summary: { lessonsSent: number } }>('GET', `/api/campaigns/${campaign.id}`);
    expect(view.summary.lessonsSent).toBe(LEARNERS.length);
    expect(workerOutput).not.toMatch(/"level":(50|60)/);
  }, 300_000);
});
