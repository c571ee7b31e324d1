/**
 * The crash drill (issue 9, "Faults"): the server is killed with SIGKILL at random moments while a campaign is being
 * dispatched and learners answer, brought back on the same port and data each time, and afterwards nothing a learner
 * was told had happened is missing or doubled.
 *
 * - Set-up, through the API: an organisation open every day and hour, learners with passwords (signed in before the
 *   drill), a published course of three one-question lessons and a campaign of it, launched. Its deliveries are
 *   brought forward to the next few seconds (the planner works in whole minutes), so the dispatcher and the outbox
 *   (every second here) send the lesson emails while the server is being killed.
 * - Traffic: each learner waits for a lesson's email, as a real learner would (a lesson done before its email would
 *   be skipped by the dispatcher), answers its question (right or wrong), sometimes tries again (practice), then goes
 *   on to the next; once done, keeps practising until the last restart. Every submission has its own client id; one
 *   whose outcome is unknown (the connection dropped, the server was down) is sent again with the same client id until
 *   it is acknowledged with a 2xx, as the learner app does.
 * - Faults: five SIGKILLs, each 1–4 s after the server came up, at the first moment answers are in flight (requests
 *   take milliseconds: a kill at any moment would rarely cut one off), and a restart on the same port, data folder and
 *   database.
 * - Checks, once the server has settled (the points and own-statement sweeps run 3 s after a start): every
 *   acknowledged answer stored exactly once, with the result the learner was shown; every lesson completed; the
 *   points ledger holds each award once and exactly what the answers earned (the learner's points say the same);
 *   Morsel's own xAPI statements say each launch, answer and completion once; every delivery sent once, and each
 *   learner got each lesson's email under one Message-ID. The outbox may send a message twice only with the same
 *   Message-ID, when a crash falls between the SMTP server's acceptance and the worker's record of it (see
 *   outbox.worker.ts): such copies are counted and printed, not failed.
 *
 * Randomness (answers, practice, pauses, send times, the kills' moments) comes from a seed printed at the start;
 * `CRASH_DRILL_SEED=<seed>` replays the same drill (the interleaving with the server's own timing still varies).
 * Runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (a fresh database per run).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MORSEL_VERBS, morselIris } from '../src/core/xapi/morsel-statements.ts';
import { createDb, type DatabaseHandle, type Dialect } from '../src/server/db/database.ts';
import { createTestDatabase, testDialects } from '../src/server/testing/test-database.ts';
import { type ReceivedMail, startMailCatcher } from './support/mail.ts';
import { startRestartableMorsel } from './support/restartable-server.ts';
import { zoneAwayFromMidnight } from './support/zones.ts';

const SEED = process.env.CRASH_DRILL_SEED ? Number(process.env.CRASH_DRILL_SEED) : Math.floor(Math.random() * 2 ** 31);
const LEARNER_COUNT = 20;
const KILLS = 5;
const ADMIN = { name: 'Cass Crash', email: 'cass@drill.example', password: 'kill it and bring it back' };
const LESSONS = [
  { title: 'Counting the float', prompt: 'The float is counted before the till opens.' },
  { title: 'Locking the safe', prompt: 'The safe is locked whenever it is left.' },
  { title: 'Banking the takings', prompt: 'Takings are banked before noon.' },
] as const;
/** A submission's outcome is unknown for at most this long (the server is down for a restart, a few seconds). */
const ACKNOWLEDGE_WITHIN_MS = 90_000;

/** mulberry32: a small seeded generator, so a failing drill can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A signed-in browser's part, with fetch: the session cookie and its CSRF token. */
interface Session {
  /** Sends a request; resolves with the status and body, rejects when no answer came (connection refused or dropped). */
  send(method: string, path: string, data?: unknown): Promise<{ status: number; body: unknown }>;
  /** A request that must succeed; returns the body. */
  call<T>(method: string, path: string, data?: unknown): Promise<T>;
}

async function signIn(baseUrl: string, path: '/api/setup' | '/api/auth/sign-in', data: unknown): Promise<Session & { personId: string }> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  const body = (await response.json()) as { csrfToken: string; person: { id: string } };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .join('; ');
  const send = async (method: string, requestPath: string, payload?: unknown) => {
    const answer = await fetch(`${baseUrl}${requestPath}`, {
      method,
      headers: { cookie, 'x-csrf-token': body.csrfToken, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await answer.text();
    return { status: answer.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    personId: body.person.id,
    send,
    async call<T>(method: string, requestPath: string, payload?: unknown): Promise<T> {
      const { status, body: answer } = await send(method, requestPath, payload);
      if (status < 200 || status >= 300) throw new Error(`${method} ${requestPath}: ${status} ${JSON.stringify(answer)}`);
      return answer as T;
    },
  };
}

/** One answer a learner submits: its own client id, kept for every retry. */
interface Submission {
  learner: number;
  lesson: number;
  clientId: string;
  value: boolean;
  /** A second answer to a question already answered ("Try again"): practice, which counts for nothing. */
  isPractice: boolean;
  /** How many times it was sent before it was acknowledged. */
  sends: number;
  acknowledged?: { attemptId: string; correct: boolean; lessonCompleted: boolean };
}

/** What a learner will do, drawn up front from the seed so a replay does the same. */
interface LearnerPlan {
  /** Per lesson: the pause before answering, the answer, then the practice answers (each with its pause). */
  lessons: Array<{ pauseMs: number; value: boolean; practice: Array<{ pauseMs: number; value: boolean }> }>;
  /** Per lesson: milliseconds after the drill starts when its delivery comes due. */
  sendOffsetsMs: number[];
  /** Once done, more practice (a lesson, a pause, an answer) until the last restart, so kills find requests in flight. */
  morePractice: Array<{ lesson: number; pauseMs: number; value: boolean }>;
}

function planDrill(seed: number) {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => Math.round(low + random() * (high - low));
  const learners: LearnerPlan[] = Array.from({ length: LEARNER_COUNT }, () => ({
    lessons: LESSONS.map(() => ({
      pauseMs: between(200, 2500),
      value: random() < 0.7,
      practice: Array.from({ length: between(0, 2) }, () => ({ pauseMs: between(200, 1500), value: random() < 0.5 })),
    })),
    sendOffsetsMs: LESSONS.map((_, sequence) => sequence * 3000 + between(0, 4000)),
    morePractice: Array.from({ length: 400 }, () => ({ lesson: between(0, LESSONS.length - 1), pauseMs: between(50, 600), value: random() < 0.5 })),
  }));
  // Each kill: a pause of 1–4 s, then (so it cuts requests off, which take milliseconds) the first moment answers are
  // in flight, plus a few milliseconds, to land at different points of their handling: before, at or after the commit.
  const kills = Array.from({ length: KILLS }, () => ({ gapMs: between(1000, 4000), jitterMs: between(0, 4) }));
  return { learners, kills };
}

/** The counts a run prints, so a report can say how hard the drill hit. */
interface DrillLog {
  kills: Array<{ afterMs: number; inFlight: number; acknowledgedSoFar: number }>;
  /** Answers whose request the kill interrupted: the attempt was committed (found later, dated before the kill) or not. */
  interrupted: Array<{ submission: Submission; killedAt: string }>;
  unknownOutcomes: number;
  serverErrors: number;
  retriedSubmissions: number;
}

describe.each(testDialects)('the crash drill on %s', (dialect: Dialect) => {
  const cleanUps: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp().catch(() => undefined);
  });

  it('loses no acknowledged answer, completion, point or statement and sends no lesson twice, though the server is killed five times', { timeout: 240_000 }, async () => {
    console.log(`crash drill on ${dialect}: seed ${SEED} (replay with CRASH_DRILL_SEED=${SEED})`);
    const plan = planDrill(SEED);

    // The server, its SMTP server and (on PostgreSQL) a fresh database, all kept across restarts.
    const mail = await startMailCatcher();
    cleanUps.push(() => mail.close());
    let postgres: (DatabaseHandle & { url: string | undefined }) | undefined;
    if (dialect === 'postgres') {
      postgres = await createTestDatabase('postgres', { migrate: false });
      const created = postgres;
      cleanUps.push(() => created.destroy());
    }
    const morsel = await startRestartableMorsel({
      smtpUrl: mail.url,
      env: {
        DISPATCH_INTERVAL_SECONDS: '1',
        // A message a killed worker held goes out again once its claim runs out: seconds here, not the default 5 minutes.
        OUTBOX_LEASE_SECONDS: '4',
        // Twenty learners sign in from one address.
        SIGN_IN_RATE_LIMIT: '1000',
        ...(postgres?.url ? { DATABASE_URL: postgres.url } : {}),
      },
    });
    cleanUps.push(() => morsel.stop());
    /** The database, opened from the test to bring deliveries forward and to count rows (a second connection). */
    const withDatabase = async <T,>(read: (handle: DatabaseHandle) => Promise<T>): Promise<T> => {
      if (postgres) return read(postgres);
      const handle = createDb({ sqliteFile: join(morsel.dataDir, 'morsel.db') });
      try {
        return await read(handle);
      } finally {
        await handle.destroy();
      }
    };

    // Set-up: the organisation open all day, the course, the learners (signed in), the campaign launched.
    const admin = await signIn(morsel.url, '/api/setup', { organisation: { name: 'Crash Drill Ltd' }, admin: { displayName: ADMIN.name, email: ADMIN.email, password: ADMIN.password } });
    await admin.call('PATCH', '/api/organisation', { workingDays: [1, 2, 3, 4, 5, 6, 7], workStart: '00:00', workEnd: '23:59', quietStart: null, quietEnd: null });
    const objective = await admin.call<{ id: string }>('POST', '/api/objectives', { title: 'Handle the cash safely', performance: 'Counts, locks and banks the cash by the book.' });
    const lessonIds: string[] = [];
    for (const lesson of LESSONS) {
      const created = await admin.call<{ id: string }>('POST', '/api/lessons', {
        title: lesson.title,
        coreQuestion: `What is the rule for ${lesson.title.toLowerCase()}?`,
        objectiveId: objective.id,
        blocks: [
          { id: 'how', type: 'text', markdown: 'Follow the cash procedure on the office wall, step by step.' },
          { id: 'q', type: 'question', question: { kind: 'true_false', prompt: lesson.prompt, answer: true } },
        ],
      });
      await admin.call('POST', `/api/lessons/${created.id}/publish`);
      lessonIds.push(created.id);
    }
    const course = await admin.call<{ id: string }>('POST', '/api/courses', { title: 'Cash handling', objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'Cash', lessonIds }] });
    await admin.call('POST', `/api/courses/${course.id}/publish`);
    const learners = Array.from({ length: LEARNER_COUNT }, (_, index) => ({ name: `Cashier ${index + 1}`, email: `cashier${index + 1}@drill.example`, password: `cashier ${index + 1} passphrase` }));
    for (const learner of learners) {
      await admin.call('POST', '/api/people', { email: learner.email, displayName: learner.name, roles: ['learner'], timeZone: zoneAwayFromMidnight('Europe/London', 'Asia/Tokyo'), workingDays: [1, 2, 3, 4, 5, 6, 7], password: learner.password });
    }
    const sessions: Array<Session & { personId: string }> = [];
    for (const learner of learners) sessions.push(await signIn(morsel.url, '/api/auth/sign-in', { email: learner.email, password: learner.password }));
    const personIds = sessions.map((session) => session.personId);
    const campaign = await admin.call<{ id: string }>('POST', '/api/campaigns', {
      name: 'Cash handling for every cashier',
      courseIds: [course.id],
      audience: { personIds, teamIds: [], rule: null },
      startAt: new Date().toISOString(),
      pacing: { mode: 'all_at_once' },
      reminders: { count: 0, everyDays: 1 },
      holdoutPercent: 0,
    });
    await admin.call('POST', `/api/campaigns/${campaign.id}/launch`);
    const drillStart = Date.now();
    const deliveries = await withDatabase(async ({ db }) => {
      const rows = await db.selectFrom('delivery').select(['id', 'person_id', 'sequence', 'lesson_id']).where('campaign_id', '=', campaign.id).execute();
      for (const row of rows) {
        const offset = plan.learners[personIds.indexOf(row.person_id)]!.sendOffsetsMs[row.sequence]!;
        await db.updateTable('delivery').set({ send_at: new Date(drillStart + offset).toISOString() }).where('id', '=', row.id).execute();
      }
      return rows;
    });
    expect(deliveries).toHaveLength(LEARNER_COUNT * LESSONS.length);

    // The drill: learners answer while the server is killed and brought back.
    const log: DrillLog = { kills: [], interrupted: [], unknownOutcomes: 0, serverErrors: 0, retriedSubmissions: 0 };
    const submissions: Submission[] = [];
    const inFlight = new Set<Submission>();
    let isKilling = true;
    const lessonMail = (learner: number, lesson: number) => (m: ReceivedMail) => m.to.includes(learners[learner]!.email) && m.subject.includes(LESSONS[lesson]!.title);

    /** Sends a submission until it is acknowledged, with the same client id every time. */
    async function submit(submission: Submission): Promise<void> {
      const session = sessions[submission.learner]!;
      const body = { courseId: course.id, lessonId: lessonIds[submission.lesson]!, questionId: 'q', response: { kind: 'true_false', value: submission.value }, timeTakenMs: 2000, clientId: submission.clientId };
      const deadline = Date.now() + ACKNOWLEDGE_WITHIN_MS;
      for (;;) {
        submission.sends += 1;
        inFlight.add(submission);
        try {
          const { status, body: answer } = await session.send('POST', '/api/learn/attempts', body);
          if (status >= 200 && status < 300) {
            submission.acknowledged = answer as Submission['acknowledged'];
            return;
          }
          // A 4xx is an answer, not a fault: it would be a bug in the drill or the server, so it fails the drill.
          if (status < 500) throw new Error(`POST /api/learn/attempts (${submission.clientId}): ${status} ${JSON.stringify(answer)}`);
          log.serverErrors += 1;
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('POST /api/learn/attempts')) throw error;
          // No answer: the server died with the request, or is down. The outcome is unknown; send it again.
          log.unknownOutcomes += 1;
        } finally {
          inFlight.delete(submission);
        }
        if (submission.sends === 2) log.retriedSubmissions += 1;
        if (Date.now() > deadline) throw new Error(`${submission.clientId} was not acknowledged within ${ACKNOWLEDGE_WITHIN_MS} ms\n${morsel.output()}`);
        await sleep(250);
      }
    }

    async function playLearner(learner: number): Promise<void> {
      for (const [lesson, step] of plan.learners[learner]!.lessons.entries()) {
        await mail.waitForMail(lessonMail(learner, lesson), ACKNOWLEDGE_WITHIN_MS);
        const answers = [{ pauseMs: step.pauseMs, value: step.value }, ...step.practice];
        for (const [n, answer] of answers.entries()) {
          await sleep(answer.pauseMs);
          const submission: Submission = { learner, lesson, clientId: `drill-${SEED}-${learner}-${lesson}-${n}`, value: answer.value, isPractice: n > 0, sends: 0 };
          submissions.push(submission);
          await submit(submission);
        }
      }
      for (const [n, answer] of plan.learners[learner]!.morePractice.entries()) {
        if (!isKilling) return;
        await sleep(answer.pauseMs);
        const submission: Submission = { learner, lesson: answer.lesson, clientId: `drill-${SEED}-${learner}-more-${n}`, value: answer.value, isPractice: true, sends: 0 };
        submissions.push(submission);
        await submit(submission);
      }
    }

    async function killAndRestart(): Promise<void> {
      for (const { gapMs, jitterMs } of plan.kills) {
        await sleep(gapMs);
        for (const waitUntil = Date.now() + 2000; inFlight.size === 0 && Date.now() < waitUntil; ) await sleep(1);
        await sleep(jitterMs);
        const killedAt = new Date();
        log.kills.push({ afterMs: killedAt.getTime() - drillStart, inFlight: inFlight.size, acknowledgedSoFar: submissions.filter((s) => s.acknowledged).length });
        for (const submission of inFlight) log.interrupted.push({ submission, killedAt: killedAt.toISOString() });
        await morsel.kill();
        await morsel.start();
      }
      isKilling = false;
    }

    await Promise.all([killAndRestart(), ...learners.map((_, learner) => playLearner(learner))]);
    expect(morsel.starts()).toBe(KILLS + 1);
    expect(submissions.every((s) => s.acknowledged)).toBe(true);

    // What the learners were told.
    const firsts = submissions.filter((s) => !s.isPractice);
    expect(firsts).toHaveLength(LEARNER_COUNT * LESSONS.length);
    for (const s of submissions) expect(s.acknowledged!.correct, s.clientId).toBe(s.value);
    for (const s of firsts) expect(s.acknowledged!.lessonCompleted, s.clientId).toBe(true);

    // Every acknowledged answer stored exactly once, as acknowledged (the retry answered with the stored attempt).
    const attempts = await withDatabase(({ db }) => db.selectFrom('attempt').select(['id', 'person_id', 'client_id', 'mode', 'correct', 'lesson_id', 'created_at']).execute());
    expect(attempts).toHaveLength(submissions.length);
    const attemptByKey = new Map(attempts.map((row) => [`${row.person_id}|${row.client_id}`, row]));
    expect(attemptByKey.size).toBe(attempts.length);
    for (const s of submissions) {
      const row = attemptByKey.get(`${personIds[s.learner]}|${s.clientId}`);
      expect(row, s.clientId).toMatchObject({ id: s.acknowledged!.attemptId, mode: s.isPractice ? 'practice' : 'lesson', correct: s.value ? 1 : 0, lesson_id: lessonIds[s.lesson] });
    }

    // The requests a kill cut off: some had committed (the server died before it answered), and their retries were
    // answered with the stored attempt (checked above); the others had not, and their retries recorded them once.
    const committedBeforeKill = log.interrupted.filter(({ submission, killedAt }) => {
      const row = attemptByKey.get(`${personIds[submission.learner]}|${submission.clientId}`);
      return row !== undefined && row.created_at < killedAt;
    }).length;

    // Every lesson completed, as each learner's course shows it.
    for (const session of sessions) {
      const outline = await session.call<{ modules: Array<{ lessons: Array<{ lessonId: string; completed: boolean }> }> }>('GET', `/api/learn/courses/${course.id}`);
      expect(outline.modules.flatMap((m) => m.lessons).map((l) => [l.lessonId, l.completed])).toEqual(lessonIds.map((id) => [id, true]));
    }

    // Points: 10 a completed lesson, 5 more for a right first answer; each award once; the learner sees the total.
    const expectedPoints = personIds.map((_, learner) => firsts.filter((s) => s.learner === learner).reduce((sum, s) => sum + 10 + (s.value ? 5 : 0), 0));
    const expectedAwards = personIds.map((_, learner) => ({ lesson_completed: LESSONS.length, first_try_correct: firsts.filter((s) => s.learner === learner && s.value).length }));
    const ledger = async () => {
      const rows = await withDatabase(({ db }) => db.selectFrom('points_entry').select(['person_id', 'award_key', 'reason', 'points']).execute());
      const keys = rows.map((row) => `${row.person_id}|${row.award_key}`);
      const awards = personIds.map((personId) => {
        const mine = rows.filter((row) => row.person_id === personId);
        return { lesson_completed: mine.filter((row) => row.reason === 'lesson_completed').length, first_try_correct: mine.filter((row) => row.reason === 'first_try_correct').length };
      });
      const totals = personIds.map((personId) => rows.filter((row) => row.person_id === personId).reduce((sum, row) => sum + Number(row.points), 0));
      return { duplicateKeys: keys.length - new Set(keys).size, otherReasons: rows.filter((row) => row.reason !== 'lesson_completed' && row.reason !== 'first_try_correct').length, awards, totals };
    };
    await expect.poll(ledger, { timeout: 60_000, interval: 1000 }).toEqual({ duplicateKeys: 0, otherReasons: 0, awards: expectedAwards, totals: expectedPoints });
    for (const [learner, session] of sessions.entries()) {
      const points = await session.call<{ balance: number; earned: { allTime: number } }>('GET', '/api/me/points');
      expect({ balance: points.balance, allTime: points.earned.allTime }).toEqual({ balance: expectedPoints[learner], allTime: expectedPoints[learner] });
    }

    // Morsel's own statements: one launch and one completion per lesson, one answer per attempt; nothing twice.
    const iris = morselIris(morsel.url);
    const expectedStatements = new Map<string, number>();
    const add = (key: string) => expectedStatements.set(key, (expectedStatements.get(key) ?? 0) + 1);
    for (const s of submissions) {
      const personId = personIds[s.learner]!;
      add(`${personId} answered ${iris.question(lessonIds[s.lesson]!, 'q')}`);
      if (!s.isPractice) {
        add(`${personId} launched ${iris.lesson(lessonIds[s.lesson]!)}`);
        add(`${personId} completed ${iris.lesson(lessonIds[s.lesson]!)}`);
      }
    }
    const verbNames = new Map<string, string>([MORSEL_VERBS.answered, MORSEL_VERBS.launched, MORSEL_VERBS.completed].map((verb) => [verb.id, verb.display['en-US']!]));
    const statements = async () => {
      const rows = await withDatabase(({ db }) => db.selectFrom('xapi_statement').select(['id', 'verb_id', 'statement']).where('voided', '=', 0).execute());
      const counted = new Map<string, number>();
      for (const row of rows) {
        const verb = verbNames.get(row.verb_id);
        if (!verb) continue;
        const statement = (typeof row.statement === 'string' ? JSON.parse(row.statement) : row.statement) as { actor: { account: { name: string } }; object: { id: string } };
        const key = `${statement.actor.account.name} ${verb} ${statement.object.id}`;
        counted.set(key, (counted.get(key) ?? 0) + 1);
      }
      return Object.fromEntries([...counted].sort());
    };
    await expect.poll(statements, { timeout: 60_000, interval: 1000 }).toEqual(Object.fromEntries([...expectedStatements].sort()));

    // Deliveries dispatched once each, their messages sent; each learner got each lesson under one Message-ID.
    const outbox = async () =>
      withDatabase(async ({ db }) => ({
        deliveries: (await db.selectFrom('delivery').select('status').where('campaign_id', '=', campaign.id).execute()).map((row) => row.status).sort(),
        messages: (await db.selectFrom('outbox_message').select(['status', 'idempotency_key']).where('channel', '=', 'email').where('idempotency_key', 'like', 'delivery:%').execute()).map((row) => row.status).sort(),
      }));
    await expect.poll(outbox, { timeout: 30_000, interval: 1000 }).toEqual({ deliveries: deliveries.map(() => 'sent'), messages: deliveries.map(() => 'sent') });
    const messageIds = new Map<string, Set<string>>();
    let sameIdCopies = 0;
    for (const [learner] of learners.entries()) {
      for (const [lesson] of LESSONS.entries()) {
        const received = mail.messages.filter(lessonMail(learner, lesson));
        messageIds.set(`${learners[learner]!.email} ${LESSONS[lesson]!.title}`, new Set(received.map((m) => m.messageId)));
        sameIdCopies += received.length - 1;
      }
    }
    const distinctIds = Object.fromEntries([...messageIds].map(([key, ids]) => [key, ids.size]));
    expect(distinctIds).toEqual(Object.fromEntries([...messageIds.keys()].map((key) => [key, 1])));

    console.log(
      `crash drill on ${dialect} (seed ${SEED}): ${log.kills.length} kills at ${log.kills.map((k) => `${(k.afterMs / 1000).toFixed(1)} s (${k.inFlight} requests in flight, ${k.acknowledgedSoFar} answers acknowledged)`).join(', ')}; ` +
        `${submissions.length} answers acknowledged, ${log.retriedSubmissions} of them sent again after a crash (${log.unknownOutcomes} sends without an answer, ${log.serverErrors} 5xx); ` +
        `${log.interrupted.length} requests cut off by a kill, ${committedBeforeKill} of them committed before it; ` +
        `${mail.messages.filter((m) => LESSONS.some((l) => m.subject.includes(l.title))).length} lesson emails received for ${deliveries.length} deliveries, ${sameIdCopies} same-Message-ID copies`,
    );
    expect(log.kills).toHaveLength(KILLS);
  });
});
