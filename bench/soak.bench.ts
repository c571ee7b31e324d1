import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import type { Benchmark, BenchContext } from './lib/benchmark.ts';
import { countFromEnv, POSTGRES_SKIPPED, postgresBaseFromEnv } from './lib/env.ts';
import { type MorselUnderTest, startMorsel } from './lib/morsel-server.ts';
import { type Figure, type FigureTable, latencyFigures, ratioOf, round } from './lib/report.ts';

/**
 * `soak`: the real server (its own process) under a steady, realistic load for minutes, on SQLite and then on
 * PostgreSQL: SOAK_LEARNERS virtual learners doing the learner's loop with think times, one author editing a lesson
 * and a campaign whose lessons go out during the run (dispatcher, outbox and late joiners in the background).
 * It asks three questions of the server: does anything fail (any non-2xx answer, network error or error logged by
 * the server), does latency drift (p99 of the last minute against the first minute after warm-up, the server's
 * own figure in the same run), and does memory grow (RSS of the server process read from /proc, the last 30 s
 * against the 30 s after warm-up; the issue's aim: under 10 %).
 *
 * Opt-in (`npm run bench -- soak`): it takes SOAK_MINUTES per database plus set-up.
 */

const AIM_RSS_RATIO = 1.1;
/** Seconds per reporting window. */
const WINDOW_S = 30;
/** RSS and CPU sample interval. */
const SAMPLE_MS = 5000;
const REQUEST_TIMEOUT_MS = 30_000;
const LEARNER_PASSWORD = 'soak learner password';
const AUTHOR_EMAIL = 'author@soak.test';

/** Route classes, as the tables name them. */
const ROUTE = {
  today: 'GET /api/learn/today',
  outline: 'GET /api/learn/courses/:c',
  lesson: 'GET /api/learn/courses/:c/lessons/:l',
  progress: 'POST …/lessons/:l/progress',
  attempt: 'POST /api/learn/attempts',
  feedback: 'POST …/lessons/:l/feedback',
  boost: 'GET /api/learn/boost',
  review: 'POST /api/learn/reviews',
  search: 'GET /api/search',
  searchFeedback: 'POST /api/search/feedback',
  inbox: 'GET /api/learn/inbox',
  inboxRead: 'POST /api/learn/inbox/:id/read',
  authorEdit: 'PATCH /api/lessons/:id (author)',
  authorPublish: 'POST /api/lessons/:id/publish (author)',
  authorSearch: 'GET /api/search?drafts (author)',
  addMembers: 'POST /api/campaigns/:id/members (admin)',
  campaignView: 'GET /api/campaigns/:id (admin)',
} as const;
type RouteClass = (typeof ROUTE)[keyof typeof ROUTE];

interface Settings {
  minutes: number;
  learners: number;
  warmupSeconds: number;
  /** Requests in flight at once, at most (the client's connection pool). */
  concurrency: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  dispatchIntervalSeconds: number;
}

function numberFromEnv(name: string, fallback: number, min: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} wants a number ≥ ${min}, not "${value}"`);
  return n;
}

function settingsFromEnv(): Settings {
  const minutes = numberFromEnv('SOAK_MINUTES', 10, 0.5);
  // Warm-up: the first 2 minutes, or a quarter of a shorter run (whole windows), so a 2-minute run still has figures.
  const warmupDefault = Math.min(120, Math.max(WINDOW_S, Math.floor((minutes * 60) / 4 / WINDOW_S) * WINDOW_S));
  const warmupSeconds = numberFromEnv('SOAK_WARMUP_SECONDS', warmupDefault, 0);
  if (warmupSeconds + WINDOW_S > minutes * 60) throw new Error(`SOAK_WARMUP_SECONDS (${warmupSeconds}) leaves less than one ${WINDOW_S} s window of a ${minutes}-minute run`);
  return {
    minutes,
    learners: countFromEnv('SOAK_LEARNERS', 200, 4),
    warmupSeconds,
    concurrency: countFromEnv('SOAK_CONCURRENCY', 32, 1),
    thinkMinMs: 1000,
    thinkMaxMs: 3000,
    dispatchIntervalSeconds: 2,
  };
}

// ------------------------------------------------------------------------------------------------ HTTP client

/** One timed request as the soak saw it. */
interface Sample {
  /** Ms since the load started, when the request ended. */
  at: number;
  route: RouteClass;
  /** From sending (a connection slot held) to the whole body read. */
  ms: number;
  /** Time spent waiting for one of the client's `concurrency` slots before sending. */
  waitMs: number;
}

interface SoakError {
  at: number;
  route: RouteClass;
  /** HTTP status, or `network` / `timeout`. */
  status: string;
  detail: string;
}

class RequestFailed extends Error {}

/**
 * A keep-alive HTTP client with at most `concurrency` requests in flight (a semaphore in front of an agent with as
 * many sockets), timing every request and recording every answer that is not 2xx.
 */
class SoakClient {
  readonly samples: Sample[] = [];
  readonly errors: SoakError[] = [];
  private readonly agent: Agent;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** Samples are recorded only while true (not during set-up). */
  recording = false;

  constructor(
    readonly baseUrl: string,
    private readonly concurrency: number,
    private readonly startedAt: () => number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  }

  close(): void {
    this.agent.destroy();
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }

  /**
   * Sends one request and returns the parsed JSON body (undefined for an empty one).
   * @throws RequestFailed (after recording it) on a non-2xx answer, a network error or a timeout.
   */
  async call<T>(route: RouteClass, session: Session, method: string, path: string, body?: unknown): Promise<T> {
    const queued = performance.now();
    await this.acquire();
    const sent = performance.now();
    try {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { cookie: session.cookie };
      if (method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(`${this.baseUrl}${path}`, { method, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
        req.on('error', reject);
        req.end(payload);
      }).catch((error: unknown) => {
        const message = (error as Error).message;
        this.fail(route, message.startsWith('timeout') ? 'timeout' : 'network', `${method} ${path}: ${message}`);
        throw new RequestFailed(message);
      });
      const ended = performance.now();
      if (this.recording) this.samples.push({ at: this.startedAt() === 0 ? 0 : Date.now() - this.startedAt(), route, ms: ended - sent, waitMs: sent - queued });
      if (status < 200 || status > 299) {
        this.fail(route, String(status), `${method} ${path}: ${text.slice(0, 300)}`);
        throw new RequestFailed(`HTTP ${status}`);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    } finally {
      this.release();
    }
  }

  /** Something the soak did not expect in a 2xx answer (a learner stops on it); counts as an error of the run. */
  recordUnexpected(route: RouteClass, detail: string): void {
    this.fail(route, 'unexpected answer', detail);
  }

  private fail(route: RouteClass, status: string, detail: string): void {
    this.errors.push({ at: this.startedAt() === 0 ? -1 : Date.now() - this.startedAt(), route, status, detail });
  }
}

interface Session {
  cookie: string;
  csrfToken: string;
}

// ------------------------------------------------------------------------------------------------ set-up

/** A lesson as the bench wrote it: which answers are right, so learners can answer right or wrong on purpose. */
interface SeededLesson {
  id: string;
  blockCount: number;
  /** Question block id → the right response and a wrong one. */
  questions: { id: string; right: unknown; wrong: unknown }[];
}

interface Seeded {
  courseA: { id: string; lessons: SeededLesson[] };
  courseB: { id: string; lessons: SeededLesson[] };
  lessonsById: Map<string, SeededLesson>;
  learners: { id: string; email: string; session: Session }[];
  author: Session;
  admin: Session;
  authorLesson: { id: string; revision: number };
  campaignId: string;
  /** Learners not yet in the campaign, added in waves during the run. */
  laterWaves: string[][];
}

const TOPICS = [
  ['greeting', 'How do I greet a caller?', 'Say the brand first, then your name, then offer help. A warm greeting sets the tone of the call.'],
  ['refund', 'When can I give a refund?', 'Refunds within 30 days need the receipt; after that a manager approves. Record every refund in the till.'],
  ['password', 'How do I choose a strong password?', 'Use a passphrase of four random words, never reuse it, and keep it in the password manager.'],
  ['phishing', 'How do I spot a phishing email?', 'Check the sender address, hover over links, and report anything asking for credentials to IT security.'],
  ['ladder', 'How do I use a ladder safely?', 'Keep three points of contact, face the ladder, and never stand on the top two rungs.'],
  ['spill', 'What do I do about a spill?', 'Put a wet-floor sign down at once, clean it with the spill kit, and report chemical spills to the supervisor.'],
  ['holiday', 'How do I book holiday?', 'Request paid time off in the rota app two weeks ahead; your manager approves it within three working days.'],
  ['complaint', 'How do I handle a complaint?', 'Listen without interrupting, apologise for the experience, and agree the next step with a date.'],
] as const;

const SEARCHES = ['greeting a caller', 'refund without receipt', 'strong password', 'phishing email', 'ladder safety', 'spill kit', 'book holiday', 'complaint next step', 'pasword manager', 'refnd', 'wet floor sign', 'paid time off', 'report to IT security', 'apologise'];

function lessonBody(index: number, objectiveId: string): Record<string, unknown> {
  const [tag, coreQuestion, text] = TOPICS[index % TOPICS.length]!;
  return {
    title: `${tag[0]!.toUpperCase()}${tag.slice(1)} (${index + 1})`,
    coreQuestion,
    objectiveId,
    tags: [tag],
    blocks: [
      { id: 't', type: 'text', markdown: text },
      { id: 's', type: 'sample', format: 'text', content: `An example about ${tag}.` },
      { id: 'q1', type: 'question', question: { kind: 'single_choice', prompt: `What comes first (${tag})?`, options: [{ id: 'a', text: 'The right step', correct: true }, { id: 'b', text: 'A wrong step', correct: false }, { id: 'c', text: 'Another wrong step', correct: false }] } },
      { id: 'q2', type: 'question', question: { kind: 'true_false', prompt: `Is this about ${tag}?`, answer: true, feedbackTrue: 'Yes.', feedbackFalse: 'It is.' } },
    ],
  };
}

const QUESTIONS_OF_LESSON = [
  { id: 'q1', right: { kind: 'single_choice', optionId: 'a' }, wrong: { kind: 'single_choice', optionId: 'b' } },
  { id: 'q2', right: { kind: 'true_false', value: true }, wrong: { kind: 'true_false', value: false } },
];

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

async function signIn(baseUrl: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`sign-in of ${email} answered ${response.status}: ${text.slice(0, 300)}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('morsel_session='));
  if (!cookie) throw new Error(`sign-in of ${email} set no session cookie`);
  return { cookie, csrfToken: (JSON.parse(text) as { csrfToken: string | null }).csrfToken ?? '' };
}

/**
 * Everything through the API, as an admin would: an all-day, every-day organisation, 8 published lessons in two
 * courses, the learners (with passwords) and an author, every learner enrolled in course A and signed in, and a
 * campaign of course B launched for the first quarter of them (the rest join in waves during the run).
 */
async function seed(morsel: MorselUnderTest, client: SoakClient, settings: Settings, log: (m: string) => void): Promise<Seeded> {
  const admin: Session = { cookie: morsel.cookie, csrfToken: morsel.session.csrfToken ?? '' };
  const call = <T>(method: string, path: string, body?: unknown) => client.call<T>(ROUTE.today, admin, method, path, body);

  // Lessons may go out at any minute of any day, so a campaign's lessons go out during the run whatever the hour.
  await call('PATCH', '/api/organisation', { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], workStart: '00:00', workEnd: '23:59', quietStart: null, quietEnd: null });
  const objective = await call<{ id: string }>('POST', '/api/objectives', { title: 'Work safely and well', performance: 'Handle everyday situations at work' });
  const lessons: SeededLesson[] = [];
  for (let i = 0; i < 8; i++) {
    const lesson = await call<{ id: string }>('POST', '/api/lessons', lessonBody(i, objective.id));
    await call('POST', `/api/lessons/${lesson.id}/publish`);
    lessons.push({ id: lesson.id, blockCount: 4, questions: QUESTIONS_OF_LESSON });
  }
  const courseA = await call<{ id: string }>('POST', '/api/courses', {
    title: 'Everyday essentials',
    modules: [
      { id: 'm1', title: 'Customers', lessonIds: [lessons[0]!.id, lessons[1]!.id] },
      { id: 'm2', title: 'Security', lessonIds: [lessons[2]!.id, lessons[3]!.id] },
    ],
  });
  await call('POST', `/api/courses/${courseA.id}/publish`);
  const courseB = await call<{ id: string }>('POST', '/api/courses', { title: 'Safety and people', modules: [{ id: 'm1', title: 'All', lessonIds: lessons.slice(4).map((l) => l.id) }] });
  await call('POST', `/api/courses/${courseB.id}/publish`);

  log(`creating ${settings.learners} learners and an author (argon2 hashes: this takes a while)`);
  const people = await inBatches(
    Array.from({ length: settings.learners }, (_, i) => i),
    4,
    (i) =>
      call<{ id: string; email: string }>('POST', '/api/people', {
        email: `learner${i}@soak.test`,
        displayName: `Learner ${i}`,
        roles: ['learner'],
        password: LEARNER_PASSWORD,
        // Half prefer the app alone; everyone falls back to email (written to the log: no SMTP_URL).
        ...(i % 2 === 0 ? { preferredChannels: ['app'] } : {}),
      }),
  );
  await call('POST', '/api/people', { email: AUTHOR_EMAIL, displayName: 'Soak Author', roles: ['author'], password: LEARNER_PASSWORD });
  await call('POST', '/api/enrolments', { courseId: courseA.id, personIds: people.map((p) => p.id) });

  log('signing every learner in');
  const sessions = await inBatches(people, 4, (p) => signIn(morsel.server.url, p.email, LEARNER_PASSWORD));
  const author = await signIn(morsel.server.url, AUTHOR_EMAIL, LEARNER_PASSWORD);

  const draft = await client.call<{ id: string; revision: number }>(ROUTE.authorEdit, author, 'POST', '/api/lessons', { ...lessonBody(0, objective.id), title: 'Draft under edit' });

  const ids = people.map((p) => p.id);
  const waveSize = Math.ceil(ids.length / 4);
  const waves = [0, 1, 2, 3].map((w) => ids.slice(w * waveSize, (w + 1) * waveSize)).filter((w) => w.length > 0);
  const campaign = await call<{ id: string }>('POST', '/api/campaigns', {
    name: 'Soak campaign',
    courseIds: [courseB.id],
    audience: { personIds: waves[0] },
    startAt: new Date().toISOString(),
    // One lesson a minute from now (the planner's consecutive minutes), so the dispatcher works during the run.
    pacing: { mode: 'all_at_once' },
    reminders: { count: 0, everyDays: 1 },
  });
  await call('POST', `/api/campaigns/${campaign.id}/launch`);

  return {
    courseA: { id: courseA.id, lessons: lessons.slice(0, 4) },
    courseB: { id: courseB.id, lessons: lessons.slice(4) },
    lessonsById: new Map(lessons.map((l) => [l.id, l])),
    learners: people.map((p, i) => ({ id: p.id, email: p.email, session: sessions[i]! })),
    author,
    admin,
    authorLesson: { id: draft.id, revision: draft.revision },
    campaignId: campaign.id,
    laterWaves: waves.slice(1),
  };
}

// ------------------------------------------------------------------------------------------------ the load

interface Counts {
  loops: number;
  attempts: number;
  reviews: number;
  searches: number;
  authorEdits: number;
  authorPublishes: number;
  wavesAdded: number;
}

const sleep = (ms: number, until = Number.POSITIVE_INFINITY) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, until - Date.now()))));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

interface TodayAnswer {
  courses: { courseId: string; nextLesson: { lessonId: string } | null }[];
}
interface BoostAnswer {
  items: { reviewItemId: string; lessonId: string; question: { kind?: string } }[];
}

/** One virtual learner: the loop with think times until `until`. A failed request ends the step, not the learner. */
async function runLearner(client: SoakClient, seeded: Seeded, learner: Seeded['learners'][number], settings: Settings, until: number, counts: Counts): Promise<void> {
  const think = () => sleep(settings.thinkMinMs + Math.random() * (settings.thinkMaxMs - settings.thinkMinMs), until);
  const s = learner.session;
  // Start spread over the first think time so 200 learners do not arrive at once.
  await sleep(Math.random() * settings.thinkMaxMs, until);
  while (Date.now() < until) {
    try {
      counts.loops += 1;
      const today = await client.call<TodayAnswer>(ROUTE.today, s, 'GET', '/api/learn/today');
      await think();
      // The next lesson of a course with one left; once everything is done, a lesson again (practice).
      const open = today.courses.filter((c) => c.nextLesson);
      let courseId: string;
      let lessonId: string;
      if (open.length > 0) {
        const course = pick(open);
        courseId = course.courseId;
        lessonId = course.nextLesson!.lessonId;
      } else {
        const course = pick(today.courses);
        courseId = course.courseId;
        const outline = await client.call<{ modules: { lessons: { lessonId: string }[] }[] }>(ROUTE.outline, s, 'GET', `/api/learn/courses/${courseId}`);
        lessonId = pick(outline.modules.flatMap((m) => m.lessons)).lessonId;
        await think();
      }
      const seededLesson = seeded.lessonsById.get(lessonId);
      if (!seededLesson) throw new Error(`today offered lesson ${lessonId}, which the soak did not make`);
      const started = Date.now();
      const lesson = await client.call<{ blocks: { id: string }[] }>(ROUTE.lesson, s, 'GET', `/api/learn/courses/${courseId}/lessons/${lessonId}`);
      await think();
      await client.call(ROUTE.progress, s, 'POST', `/api/learn/courses/${courseId}/lessons/${lessonId}/progress`, { block: 1, activeMs: Date.now() - started });
      for (const question of seededLesson.questions) {
        await think();
        await client.call(ROUTE.attempt, s, 'POST', '/api/learn/attempts', {
          courseId,
          lessonId,
          questionId: question.id,
          response: Math.random() < 0.75 ? question.right : question.wrong,
          timeTakenMs: 1000 + Math.floor(Math.random() * 4000),
          confidence: 1 + Math.floor(Math.random() * 4),
          clientId: randomUUID(),
        });
        counts.attempts += 1;
      }
      await client.call(ROUTE.progress, s, 'POST', `/api/learn/courses/${courseId}/lessons/${lessonId}/progress`, { block: lesson.blocks.length - 1, activeMs: Date.now() - started });
      if (Math.random() < 0.15) {
        await client.call(ROUTE.feedback, s, 'POST', `/api/learn/courses/${courseId}/lessons/${lessonId}/feedback`, { answeredMyQuestion: Math.random() < 0.8, rating: 1 + Math.floor(Math.random() * 5) });
      }
      await think();

      // Reviews: the due boost (items come due a day after the first answer, so inside a soak it is usually
      // empty), else a little practice, which answers review items without scheduling them.
      let boost = await client.call<BoostAnswer>(ROUTE.boost, s, 'GET', '/api/learn/boost');
      let practice = false;
      if (boost.items.length === 0 && Math.random() < 0.5) {
        boost = await client.call<BoostAnswer>(ROUTE.boost, s, 'GET', '/api/learn/boost?practice=true&size=2');
        practice = true;
      }
      for (const item of boost.items) {
        await think();
        const question = seeded.lessonsById.get(item.lessonId)?.questions.find((q) => (q.right as { kind: string }).kind === item.question.kind);
        if (!question) throw new Error(`boost item of an unknown lesson or question kind: ${JSON.stringify(item).slice(0, 200)}`);
        await client.call(ROUTE.review, s, 'POST', '/api/learn/reviews', { reviewItemId: item.reviewItemId, response: Math.random() < 0.8 ? question.right : question.wrong, timeTakenMs: 2000, practice, clientId: randomUUID() });
        counts.reviews += 1;
      }
      await think();

      if (Math.random() < 0.5) {
        const results = await client.call<{ queryId: string | null; results: { lessonId: string }[] }>(ROUTE.search, s, 'GET', `/api/search?q=${encodeURIComponent(pick(SEARCHES))}`);
        counts.searches += 1;
        if (results.queryId && results.results.length > 0 && Math.random() < 0.1) {
          await client.call(ROUTE.searchFeedback, s, 'POST', '/api/search/feedback', { queryId: results.queryId, lessonId: results.results[0]!.lessonId });
        }
        await think();
      }
      if (Math.random() < 0.25) {
        const inbox = await client.call<{ items: { id: string; readAt?: string | null }[] }>(ROUTE.inbox, s, 'GET', '/api/learn/inbox');
        const unread = inbox.items.find((item) => !item.readAt);
        if (unread) await client.call(ROUTE.inboxRead, s, 'POST', `/api/learn/inbox/${unread.id}/read`);
        await think();
      }
    } catch (error) {
      if (!(error instanceof RequestFailed)) {
        // Not the server's failure but an answer the soak did not expect (or its own bug): recorded, and this learner stops.
        client.recordUnexpected(ROUTE.today, `learner ${learner.email}: ${(error as Error).message}`);
        return;
      }
      // Recorded by the client; go on with the next loop after a pause, as a person would.
      await think();
    }
  }
}

/** The author: edits a draft lesson every 3–5 s against the revision it has, publishes every tenth edit, searches drafts now and then. */
async function runAuthor(client: SoakClient, seeded: Seeded, until: number, counts: Counts): Promise<void> {
  let revision = seeded.authorLesson.revision;
  const id = seeded.authorLesson.id;
  let edit = 0;
  while (Date.now() < until) {
    await sleep(3000 + Math.random() * 2000, until);
    if (Date.now() >= until) break;
    try {
      edit += 1;
      const lesson = await client.call<{ revision: number }>(ROUTE.authorEdit, seeded.author, 'PATCH', `/api/lessons/${id}`, {
        baseRevision: revision,
        title: `Draft under edit, version ${edit}`,
        blocks: [
          { id: 't', type: 'text', markdown: `Say the brand first, then your name. Edit ${edit}: ${'a few more words '.repeat(1 + (edit % 5))}` },
          ...(lessonBody(0, 'unused').blocks as unknown[]).slice(1),
        ],
      });
      revision = lesson.revision;
      counts.authorEdits += 1;
      if (edit % 10 === 0) {
        const published = await client.call<{ revision: number }>(ROUTE.authorPublish, seeded.author, 'POST', `/api/lessons/${id}/publish`);
        revision = published.revision;
        counts.authorPublishes += 1;
      }
      if (edit % 4 === 0) await client.call(ROUTE.authorSearch, seeded.author, 'GET', `/api/search?drafts=true&q=${encodeURIComponent(pick(SEARCHES))}`);
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error;
      // A refused edit (stale revision…) is an error of the run; read the lesson again to go on.
      const lesson = await client.call<{ revision: number }>(ROUTE.authorEdit, seeded.author, 'GET', `/api/lessons/${id}`).catch(() => undefined);
      if (lesson) revision = lesson.revision;
    }
  }
}

/** The admin: the rest of the audience joins the campaign in waves (each gets a plan from now), and the campaign view is read every window. */
async function runAdmin(client: SoakClient, seeded: Seeded, startedAt: number, until: number, counts: Counts): Promise<{ lessonsSent: number; lessonsPlanned: number; members: number } | null> {
  const span = until - startedAt;
  const waveTimes = seeded.laterWaves.map((_, i) => startedAt + ((i + 1) * span) / (seeded.laterWaves.length + 1));
  let last: { lessonsSent: number; lessonsPlanned: number; members: number } | null = null;
  let nextView = startedAt + WINDOW_S * 1000;
  for (;;) {
    const nextWave = waveTimes[counts.wavesAdded];
    const wakeAt = Math.min(nextWave ?? Number.POSITIVE_INFINITY, nextView);
    if (wakeAt >= until) break;
    await sleep(wakeAt - Date.now());
    try {
      if (nextWave !== undefined && wakeAt === nextWave) {
        await client.call(ROUTE.addMembers, seeded.admin, 'POST', `/api/campaigns/${seeded.campaignId}/members`, { personIds: seeded.laterWaves[counts.wavesAdded] });
        counts.wavesAdded += 1;
      } else {
        nextView += WINDOW_S * 1000;
        const view = await client.call<{ summary: { lessonsSent: number; lessonsPlanned: number; members: number } }>(ROUTE.campaignView, seeded.admin, 'GET', `/api/campaigns/${seeded.campaignId}`);
        last = view.summary;
      }
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error;
      if (nextWave !== undefined && wakeAt === nextWave) counts.wavesAdded += 1;
    }
  }
  return last;
}

// ------------------------------------------------------------------------------------------------ measuring the server

interface ProcessSample {
  /** Ms since the load started (negative: during set-up). */
  at: number;
  rssMb: number;
  /**
   * Of the RSS: the main thread's malloc heap (`[heap]`: SQLite, other native code) and anonymous mappings (V8's heap
   * pages, thread arenas). A leak of JavaScript objects grows the second; a native one the first.
   */
  mallocMb: number;
  anonMb: number;
  /** The server's CPU seconds (user + system) so far. */
  cpuSeconds: number;
}

/** The server's resident memory (VmRSS, and where it is from /proc/PID/smaps) and CPU time from /proc, measured from outside. */
function readProcess(pid: number): Omit<ProcessSample, 'at'> | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    let mallocKb = 0;
    let anonKb = 0;
    let mapping = '';
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (header) mapping = header[1] ?? '';
      else if (line.startsWith('Rss:')) {
        const kb = Number(line.slice(4).trim().split(/\s+/)[0]);
        if (mapping === '[heap]') mallocKb += kb;
        else if (mapping === '') anonKb += kb;
      }
    }
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: round(rssKb / 1024, 1), mallocMb: round(mallocKb / 1024, 1), anonMb: round(anonKb / 1024, 1), cpuSeconds: ticks / 100 };
  } catch {
    return null;
  }
}

/** Error and fatal lines the server logged (pino JSON, level ≥ 50), read from the tail of its output. */
function serverErrorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(50|60)/.test(line));
}

// ------------------------------------------------------------------------------------------------ one database

interface DatabaseRun {
  label: string;
  database: string;
  metrics: FigureTable;
  reference: FigureTable;
  ratios: Record<string, number | null>;
  rssRatio: number | null;
  context: Record<string, Figure>;
  failures: string[];
}

function windowFigures(samples: readonly Sample[], errors: number, processSamples: readonly ProcessSample[], from: number, to: number, cpuSecondsBefore?: number): Record<string, Figure> {
  const inside = samples.filter((s) => s.at >= from && s.at < to);
  const latency = latencyFigures(inside.map((s) => s.ms));
  const inWindow = processSamples.filter((p) => p.at >= from && p.at < to);
  const rss = inWindow.map((p) => p.rssMb);
  const lastCpu = processSamples.filter((p) => p.at < to).at(-1)?.cpuSeconds;
  const cpu = cpuSecondsBefore !== undefined && lastCpu !== undefined ? round((100 * (lastCpu - cpuSecondsBefore)) / ((to - from) / 1000), 0) : null;
  const waits = [...inside.map((s) => s.waitMs)].sort((a, b) => a - b);
  return {
    requests: inside.length,
    reqPerSec: round(inside.length / ((to - from) / 1000), 1),
    errors,
    p50Ms: inside.length ? latency.p50Ms : null,
    p95Ms: inside.length ? latency.p95Ms : null,
    p99Ms: inside.length ? latency.p99Ms : null,
    maxMs: inside.length ? round(latency.maxMs, 0) : null,
    'client wait p99 ms': waits.length ? round(waits[Math.min(waits.length - 1, Math.ceil(0.99 * waits.length) - 1)]!, 1) : null,
    'RSS MB (median)': rss.length ? median(rss) : null,
    // V8 gives pages back after a major GC, so RSS saw-tooths; the lowest sample is the nearest to what stays.
    'RSS MB (min)': rss.length ? Math.min(...rss) : null,
    '[heap] MB': inWindow.length ? median(inWindow.map((p) => p.mallocMb)) : null,
    'anon MB': inWindow.length ? median(inWindow.map((p) => p.anonMb)) : null,
    'server CPU %': cpu,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, 1);
}

const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

async function soakOne(context: BenchContext, settings: Settings, label: string, postgresUrl: string | null): Promise<DatabaseRun> {
  const { log, rootDir } = context;
  const loadBefore = loadavg()[0] ?? 0;
  const morsel = await startMorsel({
    rootDir,
    log: (m) => log(`${label}: ${m}`),
    postgresUrl,
    // The dispatcher every 2 s, so a lesson due at a minute goes out within seconds; sign-ins are one per learner.
    env: { DISPATCH_INTERVAL_SECONDS: String(settings.dispatchIntervalSeconds) },
  });
  let startedAt = 0;
  const client = new SoakClient(morsel.server.url, settings.concurrency, () => startedAt);
  const processSamples: ProcessSample[] = [];
  const serverErrors = new Set<string>();
  let sampler: NodeJS.Timeout | undefined;
  try {
    const setupStarted = Date.now();
    const seeded = await seed(morsel, client, settings, (m) => log(`${label}: ${m}`));
    if (client.errors.length > 0) throw new Error(`set-up failed: ${client.errors.map((e) => `${e.status} ${e.detail}`).join('; ')}`);
    log(`${label}: set-up took ${Math.round((Date.now() - setupStarted) / 1000)} s; soaking for ${settings.minutes} min with ${settings.learners} learners`);

    const durationMs = settings.minutes * 60_000;
    startedAt = Date.now();
    const until = startedAt + durationMs;
    const sample = () => {
      const p = readProcess(morsel.server.pid);
      if (p) processSamples.push({ at: Date.now() - startedAt, ...p });
      for (const line of serverErrorLines(morsel.server.output())) serverErrors.add(line);
    };
    sample();
    sampler = setInterval(sample, SAMPLE_MS);
    client.recording = true;
    const progress = setInterval(() => {
      const done = Date.now() - startedAt;
      const recent = client.samples.filter((s) => s.at >= done - WINDOW_S * 1000);
      const p = processSamples.at(-1);
      log(`${label}: ${clock(done)} ${recent.length} requests in the last ${WINDOW_S} s, ${client.errors.length} errors so far, RSS ${p?.rssMb ?? '?'} MB ([heap] ${p?.mallocMb ?? '?'}, anon ${p?.anonMb ?? '?'})`);
    }, WINDOW_S * 1000);

    const counts: Counts = { loops: 0, attempts: 0, reviews: 0, searches: 0, authorEdits: 0, authorPublishes: 0, wavesAdded: 0 };
    let campaign: Awaited<ReturnType<typeof runAdmin>> = null;
    try {
      [campaign] = await Promise.all([
        runAdmin(client, seeded, startedAt, until, counts),
        runAuthor(client, seeded, until, counts),
        ...seeded.learners.map((learner) => runLearner(client, seeded, learner, settings, until, counts)),
      ]);
    } finally {
      clearInterval(progress);
    }
    const endedAt = Date.now() - startedAt;
    client.recording = false;
    sample();
    clearInterval(sampler);
    sampler = undefined;
    // The campaign's figures once more, after the load (not timed).
    const finalView = await client
      .call<{ summary: { lessonsSent: number; lessonsPlanned: number; members: number } }>(ROUTE.campaignView, seeded.admin, 'GET', `/api/campaigns/${seeded.campaignId}`)
      .then((v) => v.summary)
      .catch(() => campaign);

    // ---- figures
    const warmupMs = settings.warmupSeconds * 1000;
    const endMs = Math.min(durationMs, endedAt);
    const spanMs = Math.min(60_000, (endMs - warmupMs) / 2);
    const errorsIn = (from: number, to: number) => client.errors.filter((e) => e.at >= from && e.at < to).length;
    const cpuAt = (t: number) => [...processSamples].reverse().find((p) => p.at <= t)?.cpuSeconds;
    const figure = (from: number, to: number) => windowFigures(client.samples, errorsIn(from, to), processSamples, from, to, cpuAt(from));

    // Memory after warm-up and at the end: medians of the samples in the 30 s after warm-up and the last 30 s (RSS moves with every GC).
    const rssAfterWarmup = figure(warmupMs, warmupMs + WINDOW_S * 1000)['RSS MB (median)'] as number | null;
    const rssEnd = figure(endMs - WINDOW_S * 1000, endMs + 1)['RSS MB (median)'] as number | null;
    const first = figure(warmupMs, warmupMs + spanMs);
    const last = figure(endMs - spanMs, endMs + 1);
    const rssRatio = ratioOf(rssEnd, rssAfterWarmup);
    const floorOf = (from: number, to: number) => {
      const values = processSamples.filter((p) => p.at >= from && p.at < to).map((p) => p.rssMb);
      return values.length ? Math.min(...values) : null;
    };
    const spanLabel = spanMs >= 60_000 ? 'minute' : `${Math.round(spanMs / 1000)} s`;

    const metrics: FigureTable = {};
    metrics[`${label}: last ${spanLabel}`] = { ...last, 'RSS MB (median)': rssEnd };
    for (let from = 0; from < endMs; from += WINDOW_S * 1000) {
      const to = Math.min(from + WINDOW_S * 1000, endMs + 1);
      metrics[`${label} ${clock(from)}–${clock(Math.min(to, endMs))}${from < warmupMs ? ' (warm-up)' : ''}`] = figure(from, to);
    }
    const measured = client.samples.filter((s) => s.at >= warmupMs);
    for (const route of Object.values(ROUTE)) {
      const ofRoute = measured.filter((s) => s.route === route);
      if (ofRoute.length === 0) continue;
      const l = latencyFigures(ofRoute.map((s) => s.ms));
      metrics[`${label} ${route} (after warm-up)`] = { requests: ofRoute.length, errors: client.errors.filter((e) => e.route === route && e.at >= warmupMs).length, p50Ms: l.p50Ms, p95Ms: l.p95Ms, p99Ms: l.p99Ms, maxMs: round(l.maxMs, 0) };
    }
    const reference: FigureTable = { [`${label}: first ${spanLabel} after warm-up`]: { ...first, 'RSS MB (median)': rssAfterWarmup } };

    const failures: string[] = [];
    const grouped = new Map<string, { count: number; first: SoakError }>();
    for (const e of client.errors) {
      const key = `${e.route} → ${e.status}`;
      const entry = grouped.get(key);
      if (entry) entry.count += 1;
      else grouped.set(key, { count: 1, first: e });
    }
    for (const [key, { count, first: example }] of grouped) failures.push(`${label}: ${key}: ${count}× (first at ${example.at < 0 ? 'set-up' : clock(example.at)}: ${example.detail})`);
    for (const line of serverErrors) failures.push(`${label}: the server logged an error: ${line.slice(0, 500)}`);

    const allLatency = latencyFigures(measured.map((s) => s.ms));
    return {
      label,
      database: morsel.database,
      metrics,
      reference,
      rssRatio,
      ratios: {
        [`${label} RSS end ÷ after warm-up`]: rssRatio,
        [`${label} RSS floor (min) last ÷ first ${spanLabel} after warm-up`]: ratioOf(floorOf(endMs - spanMs, endMs + 1), floorOf(warmupMs, warmupMs + spanMs)),
        [`${label} p99 last ÷ first ${spanLabel} after warm-up`]: ratioOf(last.p99Ms as number | null, first.p99Ms as number | null),
        [`${label} p50 last ÷ first ${spanLabel} after warm-up`]: ratioOf(last.p50Ms as number | null, first.p50Ms as number | null),
        [`${label} req/s last ÷ first ${spanLabel} after warm-up`]: ratioOf(last.reqPerSec as number | null, first.reqPerSec as number | null),
      },
      context: {
        [`${label} database`]: morsel.database,
        [`${label} requests after warm-up (p50 / p99 ms)`]: `${measured.length} (${allLatency.p50Ms} / ${allLatency.p99Ms})`,
        [`${label} errors`]: client.errors.length,
        [`${label} RSS MB min / max during the load`]: processSamples.length ? `${Math.min(...processSamples.map((p) => p.rssMb))} / ${Math.max(...processSamples.map((p) => p.rssMb))}` : null,
        [`${label} RSS growth after warm-up %`]: rssRatio === null ? null : round((rssRatio - 1) * 100, 1),
        [`${label} learner loops / answers / reviews / searches`]: `${counts.loops} / ${counts.attempts} / ${counts.reviews} / ${counts.searches}`,
        [`${label} author edits / publishes`]: `${counts.authorEdits} / ${counts.authorPublishes}`,
        [`${label} campaign members / lessons planned / sent (after the load)`]: finalView ? `${finalView.members} / ${finalView.lessonsPlanned} / ${finalView.lessonsSent}` : null,
        [`${label} waves of late joiners added`]: counts.wavesAdded,
        [`${label} load average (1 min) before → after`]: `${round(loadBefore, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
      },
      failures,
    };
  } finally {
    if (sampler) clearInterval(sampler);
    client.close();
    await morsel.close();
  }
}

// ------------------------------------------------------------------------------------------------ the benchmark

/**
 * `soak` (issue 9, "Load and soak"): see the top of this file. Runs SQLite, then PostgreSQL when
 * `BENCH_DATABASE_URL` or `TEST_DATABASE_URL` names a server.
 */
export const soak: Benchmark = {
  name: 'soak',
  description: 'SOAK_LEARNERS (200) learners, an author and a campaign for SOAK_MINUTES (10) on each database: errors, p99 and RSS over time',
  optIn: true,
  async run(context) {
    const settings = settingsFromEnv();
    const postgres = postgresBaseFromEnv();
    if (!postgres) context.log(POSTGRES_SKIPPED);
    const runs: DatabaseRun[] = [];
    runs.push(await soakOne(context, settings, 'SQLite', null));
    if (postgres) runs.push(await soakOne(context, settings, 'PostgreSQL', postgres));

    const rssRatios = runs.map((r) => r.rssRatio);
    const ratio = rssRatios.some((r) => r === null) ? null : Math.max(...(rssRatios as number[]));
    return {
      metrics: Object.assign({}, ...runs.map((r) => r.metrics)) as FigureTable,
      reference: Object.assign({}, ...runs.map((r) => r.reference)) as FigureTable,
      ratio,
      ratios: Object.assign({}, ...runs.map((r) => r.ratios)) as Record<string, number | null>,
      aim: `zero errors, and the server's RSS at the end under ${AIM_RSS_RATIO}× its RSS after warm-up (growth under 10 %) on every database run; p99 over time reported (last against first minute after warm-up), not judged`,
      aimRatio: AIM_RSS_RATIO,
      aimBound: 'at_most',
      meetsAim: ratio === null ? null : ratio <= AIM_RSS_RATIO && runs.every((r) => r.failures.length === 0),
      context: {
        learners: settings.learners,
        'minutes per database': settings.minutes,
        'warm-up s': settings.warmupSeconds,
        'think time s': `${settings.thinkMinMs / 1000}–${settings.thinkMaxMs / 1000}`,
        'client concurrency (requests in flight, keep-alive sockets)': settings.concurrency,
        DISPATCH_INTERVAL_SECONDS: settings.dispatchIntervalSeconds,
        'RSS sampled every s': SAMPLE_MS / 1000,
        ...Object.assign({}, ...runs.map((r) => r.context)),
      },
      failures: runs.flatMap((r) => r.failures),
    };
  },
};
