/**
 * `dispatch-throughput`: emails through Morsel's durable outbox (queued in transactions, then sent by the
 * worker with its production mailer) to a real SMTP server on loopback, against plain pooled nodemailer sends
 * of the same messages to the same server, measured in the same run.
 *
 * The SMTP server (`src/server/testing/smtp-capture.ts`) runs in its own process, as the README asks of every
 * server under load: this file started as `node --import tsx bench/dispatch-throughput.bench.ts smtp-capture`
 * serves it, so the benchmark stays one file and the capture server never shares the sender's event loop.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pg from 'pg';
import type { Logger } from 'pino';
import { createDb, type DatabaseHandle } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { createEmailChannel, createOutboxService, createOutboxWorker, type EmailPayload, messageIdFor } from '../src/server/modules/delivery/index.ts';
import { countOutboxByStatus } from '../src/server/modules/delivery/outbox.repository.ts';
import { createIdentityService, createPasswordHasher } from '../src/server/modules/identity/index.ts';
import { createMailer } from '../src/server/modules/mail/mailer.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { createEventBus } from '../src/server/platform/events.ts';
import { startMailCatcher } from '../src/server/testing/smtp-capture.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { type ChildServer, freePort, startChildServer } from './lib/child-server.ts';
import { median } from './lib/http-load.ts';
import { type FigureTable, ratioOf, round } from './lib/report.ts';
import { POSTGRES_SKIPPED, postgresBaseFromEnv } from './lib/env.ts';

/** Emails per measured run. */
const MESSAGES = 2000;
/** Emails per untimed warm-up run (JIT, prepared statements, first connections); skipped with `--warmup 0`. */
const WARMUP_MESSAGES = 200;
/** Emails queued per transaction, as a campaign queues a batch of learners at a time. */
const QUEUE_BATCH = 100;
const AIM_RATIO = 0.5;
const FROM = 'Morsel <morsel@bench.test>';
const MESSAGE_ID_DOMAIN = 'bench.test';
const CHILD_ARG = 'smtp-capture';
const THIS_FILE = fileURLToPath(import.meta.url);

/** A worker configuration under test. `undefined` fields take `createOutboxWorker`'s production defaults. */
interface WorkerSetting {
  key: 'defaults' | 'tuned';
  label: string;
  batchSize?: number;
  concurrency?: number;
}

/**
 * The defaults Morsel ships (`services.ts` passes neither option; their values are read from outbox.worker.ts for
 * the label), and a tuning: twice as many lanes as pooled connections, so a connection has its next message while
 * a lane records the last one, and 5× fewer claims (each one a pause for every lane: see the README).
 */
function workerSettings(rootDir: string): WorkerSetting[] {
  const source = readFileSync(join(rootDir, 'src/server/modules/delivery/outbox.worker.ts'), 'utf8');
  const batchSize = /options\.batchSize \?\? (\d+)/.exec(source)?.[1] ?? '?';
  const concurrency = /options\.concurrency \?\? (\d+)/.exec(source)?.[1] ?? '?';
  return [
    { key: 'defaults', label: `production defaults (batch ${batchSize}, concurrency ${concurrency})` },
    { key: 'tuned', label: 'tuned (batch 200, concurrency 16)', batchSize: 200, concurrency: 16 },
  ];
}

/** The email every run sends as message `index`: the same payload for Morsel and for plain nodemailer. */
function emailFor(index: number): EmailPayload {
  return {
    to: `learner${index}@bench.test`,
    subject: `Your two-minute lesson: greeting callers (${index})`,
    text: `Hello learner ${index},\n\nToday's lesson takes two minutes: how to greet a caller by the brand first.\n\nOpen it: https://morsel.bench.test/learn/lesson-${index}\n`,
    headers: { 'List-Unsubscribe': '<https://morsel.bench.test/unsubscribe>' },
  };
}

/**
 * The pool Morsel's mailer opens, read from its source so the reference cannot drift from it: the mailer hides
 * its transport, and the point of the reference is the same number of SMTP connections.
 * @throws Error when mailer.ts no longer says `maxConnections: N`.
 */
function mailerPoolSize(rootDir: string): number {
  const source = readFileSync(join(rootDir, 'src/server/modules/mail/mailer.ts'), 'utf8');
  const match = /maxConnections:\s*(\d+)/.exec(source);
  if (!match?.[1]) throw new Error('src/server/modules/mail/mailer.ts no longer sets maxConnections: update the dispatch-throughput reference');
  return Number(match[1]);
}

// ---------------------------------------------------------------------------------------------------------
// The capture server, in its own process.

/** Child mode: the SMTP capture server on SMTP_PORT, and on PORT a small HTTP API the bench reads it through. */
async function serveCapture(): Promise<void> {
  const capture = await startMailCatcher({ port: Number(process.env.SMTP_PORT) });
  const http = createServer((request, response) => {
    if (request.url === '/healthz') return void response.end('ok');
    if (request.url === '/message-ids') {
      response.setHeader('content-type', 'application/json');
      return void response.end(JSON.stringify(capture.messages.map((mail) => mail.messageId)));
    }
    if (request.url === '/reset' && request.method === 'POST') {
      capture.messages.length = 0;
      return void response.end('ok');
    }
    response.statusCode = 404;
    response.end();
  });
  http.listen(Number(process.env.PORT), '127.0.0.1');
}

if (process.argv[2] === CHILD_ARG && process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) await serveCapture();

interface CaptureServer {
  smtpUrl: string;
  /** Message-IDs received since the last reset, in order of arrival. */
  takeMessageIds(): Promise<string[]>;
  stop(): Promise<void>;
}

async function startCapture(rootDir: string, log: (message: string) => void): Promise<CaptureServer> {
  const smtpPort = await freePort();
  const child: ChildServer = await startChildServer({ name: 'smtp-capture', args: [THIS_FILE, CHILD_ARG], cwd: rootDir, env: { SMTP_PORT: String(smtpPort) }, readyPath: '/healthz' });
  log(`started the SMTP capture server as pid ${child.pid} on smtp://127.0.0.1:${smtpPort}`);
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    async takeMessageIds() {
      const ids = (await (await fetch(`${child.url}/message-ids`)).json()) as string[];
      await fetch(`${child.url}/reset`, { method: 'POST' });
      return ids;
    },
    stop: () => child.stop(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Databases.

interface BenchDatabase {
  /** For the report, without credentials. */
  description: string;
  /** A fresh, migrated database with one organisation; `drop` removes it. */
  create(): Promise<{ handle: DatabaseHandle; orgId: string; drop(): Promise<void> }>;
}

async function withOrganisation(handle: DatabaseHandle): Promise<string> {
  const identity = createIdentityService({ db: handle.db, clock: systemClock, events: createEventBus(() => {}), passwords: createPasswordHasher() });
  const { organisation } = await identity.createOrganisation({ name: 'Bench' });
  return organisation.id;
}

/** SQLite in a file of a fresh temporary folder, as a production DATA_DIR (WAL, synchronous=NORMAL: `createDb`). */
const sqliteDatabase: BenchDatabase = {
  description: 'SQLite (better-sqlite3, WAL, synchronous=NORMAL) in a file in a fresh temporary folder',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'morsel-dispatch-'));
    const handle = createDb({ sqliteFile: join(dir, 'morsel.db') });
    await migrateToLatest(handle.db);
    return {
      handle,
      orgId: await withOrganisation(handle),
      async drop() {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Throwaway databases `morsel_bench_…` on the server of `baseUrl`, with the production pool size (createDb's default). */
async function postgresDatabase(baseUrl: string): Promise<BenchDatabase> {
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const settings = await admin(async (client) => {
    const { rows } = await client.query<{ name: string; setting: string }>("select name, setting from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit')");
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  });
  const url = new URL(baseUrl);
  return {
    description: `PostgreSQL ${settings.server_version ?? '?'} at ${url.hostname}:${url.port || '5432'} (fsync=${settings.fsync ?? '?'}, synchronous_commit=${settings.synchronous_commit ?? '?'}), createDb's default pool of 10`,
    async create() {
      const name = `morsel_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE "${name}"`));
      const dbUrl = new URL(baseUrl);
      dbUrl.pathname = `/${name}`;
      const handle = createDb({ databaseUrl: dbUrl.toString(), sqliteFile: '' });
      const drop = async () => {
        await handle.destroy();
        await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      };
      try {
        await migrateToLatest(handle.db);
        return { handle, orgId: await withOrganisation(handle), drop };
      } catch (error) {
        await drop();
        throw error;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The runs.

interface RunResult {
  /** Sending, start to all accepted by the SMTP server (and, for Morsel, all marked sent). */
  sendMs: number;
  /** CPU time of this (the sending) process while sending, user + system: the SMTP server's and PostgreSQL's are not in it. */
  cpuMs: number;
  /** Morsel only: queuing every message, in transactions of QUEUE_BATCH. */
  queueMs?: number;
  /** What is wrong with this run's deliveries (none: every message arrived exactly once). */
  problems: string[];
}

/** Every expected Message-ID arrived exactly once, and nothing else arrived. */
function checkArrivals(label: string, expected: string[], arrived: string[]): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const id of arrived) counts.set(id, (counts.get(id) ?? 0) + 1);
  const missing = expected.filter((id) => !counts.has(id)).length;
  const duplicated = [...counts.values()].filter((n) => n > 1).length;
  const expectedSet = new Set(expected);
  const unexpected = [...counts.keys()].filter((id) => !expectedSet.has(id)).length;
  if (missing > 0) problems.push(`${label}: ${missing} of ${expected.length} messages never arrived`);
  if (duplicated > 0) problems.push(`${label}: ${duplicated} messages arrived more than once`);
  if (unexpected > 0) problems.push(`${label}: ${unexpected} unexpected Message-IDs arrived`);
  return problems;
}

type PlainMode = 'all' | 'lanes';

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The reference: plain nodemailer with Morsel's transport options (pooled, same maxConnections and timeouts),
 * each message with an explicit Message-ID as Morsel's channel sets one. `all`: every sendMail at once and
 * nodemailer's pool queues them; `lanes`: as many sequential senders as pooled connections.
 */
async function runPlain(capture: CaptureServer, poolSize: number, mode: PlainMode, messages: number, run: string): Promise<RunResult> {
  const transport = nodemailer.createTransport({ url: capture.smtpUrl, pool: true, maxConnections: poolSize, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  transport.on('error', () => {});
  const expected = Array.from({ length: messages }, (_, index) => `<${run}-${index}@${MESSAGE_ID_DOMAIN}>`);
  const send = (index: number) => transport.sendMail({ from: FROM, ...emailFor(index), messageId: expected[index] });
  const problems: string[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    if (mode === 'all') {
      const outcomes = await Promise.allSettled(expected.map((_, index) => send(index)));
      const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
      if (failed > 0) problems.push(`plain nodemailer: ${failed} sends failed`);
    } else {
      let next = 0;
      await Promise.all(
        Array.from({ length: poolSize }, async () => {
          while (next < messages) await send(next++).catch(() => problems.push('plain nodemailer: a send failed'));
        }),
      );
    }
  } finally {
    transport.close();
  }
  const sendMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  return { sendMs, cpuMs, problems: [...problems, ...checkArrivals(`plain nodemailer (${run})`, expected, await capture.takeMessageIds())] };
}

/** Morsel: queue `messages` emails through the outbox service in transactions, then time the worker draining them over SMTP. */
async function runMorsel(capture: CaptureServer, database: BenchDatabase, setting: WorkerSetting, messages: number, run: string): Promise<RunResult> {
  const { handle, orgId, drop } = await database.create();
  const problems: string[] = [];
  const logged = (level: string) => (object: unknown, message?: string) => problems.push(`worker logged (${level}): ${message ?? ''} ${JSON.stringify(object).slice(0, 300)}`);
  const logger = { info: () => {}, warn: logged('warn'), error: logged('error') } as unknown as Pick<Logger, 'info' | 'warn' | 'error'>;
  const mailer = createMailer({ smtpUrl: capture.smtpUrl, from: FROM, logger: { info: () => {} } });
  try {
    const outbox = createOutboxService({ db: handle.db, clock: systemClock, maxAttempts: 8 });
    const keys = Array.from({ length: messages }, (_, index) => `${run}:${index}`);
    let started = performance.now();
    for (let first = 0; first < messages; first += QUEUE_BATCH) {
      await handle.db.transaction().execute(async (trx) => {
        for (let index = first; index < Math.min(first + QUEUE_BATCH, messages); index += 1) {
          await outbox.queueEmail(trx, { orgId, personId: null, idempotencyKey: keys[index]!, email: emailFor(index) });
        }
      });
    }
    const queueMs = performance.now() - started;

    const worker = createOutboxWorker({
      db: handle.db,
      dialect: handle.dialect,
      clock: systemClock,
      logger,
      channels: { email: createEmailChannel({ mailer, messageIdDomain: MESSAGE_ID_DOMAIN }) },
      ...(setting.batchSize === undefined ? {} : { batchSize: setting.batchSize }),
      ...(setting.concurrency === undefined ? {} : { concurrency: setting.concurrency }),
    });
    const cpu = process.cpuUsage();
    started = performance.now();
    const pass = await worker.drain();
    const sendMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);

    if (pass.sent !== messages) problems.push(`Morsel (${run}): the worker sent ${pass.sent} of ${messages} (${JSON.stringify(pass)})`);
    const counts = await countOutboxByStatus(handle.db, orgId);
    if (counts.sent !== messages) problems.push(`Morsel (${run}): ${counts.sent} of ${messages} marked sent (${JSON.stringify(counts)})`);
    const expected = keys.map((key) => messageIdFor(orgId, key, MESSAGE_ID_DOMAIN));
    problems.push(...checkArrivals(`Morsel (${run})`, expected, await capture.takeMessageIds()));
    return { sendMs, cpuMs, queueMs, problems };
  } finally {
    mailer.close();
    await drop();
  }
}

const perSecond = (messages: number, ms: number) => round((messages / ms) * 1000, 0);

export const dispatchThroughput: Benchmark = {
  name: 'dispatch-throughput',
  description: 'Emails through the outbox worker to a loopback SMTP server vs plain pooled nodemailer sends to the same server',
  async run({ load, rootDir, log }) {
    const loadBefore = loadavg()[0] ?? 0;
    const poolSize = mailerPoolSize(rootDir);
    const settings = workerSettings(rootDir);
    const pgBase = postgresBaseFromEnv();
    const databases: { name: string; database: BenchDatabase }[] = [{ name: 'SQLite', database: sqliteDatabase }];
    if (pgBase) databases.push({ name: 'PostgreSQL', database: await postgresDatabase(pgBase) });
    else log(POSTGRES_SKIPPED);

    const capture = await startCapture(rootDir, log);
    const metrics: FigureTable = {};
    const reference: FigureTable = {};
    const ratios: Record<string, number | null> = {};
    const failures: string[] = [];
    const defaultRatios: (number | null)[] = [];
    let runNumber = 0;
    const nextRun = (what: string) => `${what}-${(runNumber += 1)}`;
    try {
      for (const { name, database } of databases) {
        if (load.warmupSeconds > 0) {
          log(`${name}: warming up (${WARMUP_MESSAGES} emails each way, not measured)`);
          await runPlain(capture, poolSize, 'all', WARMUP_MESSAGES, nextRun('warmup'));
          await runMorsel(capture, database, settings[0]!, WARMUP_MESSAGES, nextRun('warmup'));
        }
        const plainMs: Record<PlainMode, number[]> = { all: [], lanes: [] };
        const plainCpuMs: Record<PlainMode, number[]> = { all: [], lanes: [] };
        const morselMs = new Map<WorkerSetting['key'], { sendMs: number[]; cpuMs: number[]; queueMs: number[] }>(settings.map((s) => [s.key, { sendMs: [], cpuMs: [], queueMs: [] }]));
        // Taking turns, so anything else the machine does spreads over all of them.
        for (let turn = 1; turn <= load.rounds; turn += 1) {
          for (const mode of ['all', 'lanes'] as const) {
            const result = await runPlain(capture, poolSize, mode, MESSAGES, nextRun(`plain-${mode}`));
            plainMs[mode].push(result.sendMs);
            plainCpuMs[mode].push(result.cpuMs);
            failures.push(...result.problems);
            log(`${name} round ${turn}: plain nodemailer (${mode}) ${perSecond(MESSAGES, result.sendMs)} emails/s`);
          }
          for (const setting of settings) {
            const result = await runMorsel(capture, database, setting, MESSAGES, nextRun(`morsel-${setting.key}`));
            morselMs.get(setting.key)!.sendMs.push(result.sendMs);
            morselMs.get(setting.key)!.cpuMs.push(result.cpuMs);
            morselMs.get(setting.key)!.queueMs.push(result.queueMs ?? Number.NaN);
            failures.push(...result.problems);
            log(`${name} round ${turn}: Morsel ${setting.label}: ${perSecond(MESSAGES, result.sendMs)} emails/s sending, queued in ${Math.round(result.queueMs ?? 0)} ms`);
          }
        }

        const plainRows: [string, number, number][] = [
          [`plain nodemailer, pool of ${poolSize}, Promise.all (next to ${name})`, median(plainMs.all), median(plainCpuMs.all)],
          [`plain nodemailer, pool of ${poolSize}, ${poolSize} sequential lanes (next to ${name})`, median(plainMs.lanes), median(plainCpuMs.lanes)],
        ];
        for (const [row, ms, cpuMs] of plainRows) {
          reference[row] = { 'emails/s': perSecond(MESSAGES, ms), 'send ms': round(ms, 0), 'CPU µs/email': round((cpuMs * 1000) / MESSAGES, 0), emails: MESSAGES };
        }
        // The reference is the faster of the two plain ways: the best a plain sender gets from the same pool.
        const fastestPlain = Math.max(...plainRows.map(([, ms]) => perSecond(MESSAGES, ms)));
        for (const setting of settings) {
          const figures = morselMs.get(setting.key)!;
          const sendMs = median(figures.sendMs);
          const queueMs = median(figures.queueMs);
          const row = `Morsel outbox on ${name}, worker ${setting.label}`;
          metrics[row] = {
            'emails/s': perSecond(MESSAGES, sendMs),
            'send ms': round(sendMs, 0),
            'CPU µs/email': round((median(figures.cpuMs) * 1000) / MESSAGES, 0),
            'queue ms': round(queueMs, 0),
            'queued/s': perSecond(MESSAGES, queueMs),
            'queue+send emails/s': perSecond(MESSAGES, queueMs + sendMs),
            emails: MESSAGES,
          };
          const ratio = ratioOf(perSecond(MESSAGES, sendMs), fastestPlain);
          ratios[`${name} ${setting.key}/plain emails/s`] = ratio;
          if (setting.key === 'defaults') defaultRatios.push(ratio);
        }
      }
    } finally {
      await capture.stop();
    }

    // The headline is the production configuration on the database where it is furthest from the reference.
    const ratio = defaultRatios.some((r) => r === null) ? null : Math.min(...(defaultRatios as number[]));
    return {
      metrics,
      reference,
      ratio,
      ratios,
      aim: `the outbox worker with its production defaults sends at ≥ ${AIM_RATIO}× the emails/s of plain pooled nodemailer (same pool size) to the same SMTP server, on every database run`,
      aimRatio: AIM_RATIO,
      meetsAim: ratio === null ? null : ratio >= AIM_RATIO,
      context: {
        databases: databases.map((d) => d.database.description).join('; '),
        PostgreSQL: pgBase ? 'ran' : 'skipped (no TEST_DATABASE_URL or BENCH_DATABASE_URL)',
        'SMTP server': 'smtp-capture.ts (smtp-server + mailparser) in its own process on 127.0.0.1',
        'SMTP connections (pool)': poolSize,
        'emails per run': MESSAGES,
        'queued per transaction': QUEUE_BATCH,
        'warm-up': load.warmupSeconds > 0 ? `${WARMUP_MESSAGES} emails each way per database, not measured` : 'none (--warmup 0)',
        rounds: `${load.rounds} (median)`,
        'ratio is': 'Morsel worker emails/s (drain only) ÷ the faster plain nodemailer way, next to the same database',
        'CPU µs/email': 'user + system time of the sending process while sending, ÷ emails (not the SMTP server, not PostgreSQL)',
        'load average (1 min) before → after': `${round(loadBefore, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
      },
      failures,
    };
  },
};
