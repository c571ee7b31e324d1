/**
 * Delivery under real processes: a campaign of 2,000 lessons (2,000 learners, one lesson each) dispatched and
 * sent by `morsel worker`, killed with SIGKILL in the middle and restarted; and two worker processes sharing
 * one PostgreSQL database. Mail goes to a real SMTP server.
 *
 * The guarantee checked (see dispatcher.ts and outbox.worker.ts): every learner gets their lesson; a message
 * arrives twice only if the worker died after the SMTP server accepted it and before the worker recorded it,
 * so at most as many copies as the worker had messages in the SMTP conversation at the moment it died (its
 * concurrency, 8), each with the original's Message-ID. Dispatching is exactly-once: a delivery becomes one
 * outbox message (one transaction), whatever is killed when. Without a crash, nothing arrives twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { pino } from 'pino';
import { systemClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { newId } from '../../platform/ids.ts';
import { createServices } from '../../services.ts';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';
import { countOutboxByStatus } from './outbox.repository.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const MESSAGES = 2000;
/** The worker's default concurrency (outbox.worker.ts): the most messages in the SMTP conversation at once. */
const CONCURRENCY = 8;

interface Setup {
  handle: DatabaseHandle;
  orgId: string;
  /** Environment pointing a `morsel worker` at this database. */
  env: Record<string, string>;
  cleanUp(): Promise<void>;
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'morsel-outbox-'));
  let handle: DatabaseHandle & { url?: string | undefined };
  if (dialect === 'sqlite') {
    handle = createDb({ sqliteFile: join(dataDir, 'morsel.db') });
    await migrateToLatest(handle.db);
  } else handle = await createTestDatabase('postgres');
  // The campaign is planned in-process, through the same services as the server, then left to the worker.
  const logger = pino({ level: 'silent' });
  const services = createServices(loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789', PUBLIC_URL: 'http://morsel.test', NODE_ENV: 'test' }), handle, logger, systemClock);
  const { organisation } = await services.identity.createOrganisation({ name: 'Acme', timeZone: 'UTC' });
  const orgId = organisation.id;
  // Open every minute of every day, so the run does not depend on when the suite runs.
  await services.identity.updateOrganisation(systemActor(orgId), { workingDays: [1, 2, 3, 4, 5, 6, 7], workStart: '00:00', workEnd: '23:59' });
  const at = new Date().toISOString();
  const personIds = Array.from({ length: MESSAGES }, () => newId());
  for (let start = 0; start < MESSAGES; start += 200) {
    await handle.db
      .insertInto('person')
      .values(personIds.slice(start, start + 200).map((id, index) => ({ id, org_id: orgId, email: `p${start + index}@acme.test`, display_name: `P${start + index}`, password_hash: null, phone: null, chat_handle: null, external_id: null, time_zone: null, working_days: null, work_start: null, work_end: null, locale: null, preferred_channels: '["app","email"]', manager_id: null, status: 'active' as const, email_opt_out_at: null, created_at: at, updated_at: at })))
      .execute();
  }
  const { courseId } = await createPublishedCourse(services, orgId, 'Greetings', 1);
  const system = systemActor(orgId);
  const campaign = await services.campaigns.create(system, { name: 'Greetings for everyone', courseIds: [courseId], audience: { personIds, teamIds: [], rule: null }, startAt: at, deadlineAt: null, pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 }, holdoutPercent: 0, channel: null });
  await services.campaigns.launch(system, campaign.id);
  // The planner works in whole minutes, so the lessons are planned for the next one: bring them to now rather
  // than have the test wait up to a minute for the worker to start sending.
  await handle.db.updateTable('delivery').set({ send_at: at }).where('org_id', '=', orgId).execute();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://morsel.test',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    OUTBOX_LEASE_SECONDS: '2',
    DISPATCH_INTERVAL_SECONDS: '1',
    ...(handle.url ? { DATABASE_URL: handle.url } : {}),
  };
  return {
    handle,
    orgId,
    env,
    async cleanUp() {
      services.mailer.close();
      await handle.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function startWorker(env: Record<string, string>, smtpUrl: string): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { cwd: REPO_ROOT, env: { ...env, SMTP_URL: smtpUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return Object.assign(child, { output: () => lines.join('').slice(-4000) });
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exited = (child: ChildProcess) => new Promise<void>((resolveExit) => (child.exitCode !== null || child.signalCode !== null ? resolveExit() : child.once('exit', () => resolveExit())));

/** How many of the campaign's deliveries are in each status. */
async function deliveryStatuses(handle: DatabaseHandle): Promise<Record<string, number>> {
  const rows = await handle.db.selectFrom('delivery').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Copies per Message-ID, as the SMTP server received them. */
function copiesById(smtp: MailCatcher): Map<string, number> {
  const copies = new Map<string, number>();
  for (const mail of smtp.messages) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);
  return copies;
}

const dialects = (process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']) as Array<'sqlite' | 'postgres'>;

describe.each(dialects)('outbox worker processes on %s', (dialect) => {
  let smtp: MailCatcher | undefined;
  let setup: Setup | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    children.length = 0;
    await smtp?.close();
    await setup?.cleanUp();
  });

  it('loses nothing when the worker is killed with SIGKILL mid-campaign and restarted', { timeout: 180_000 }, async () => {
    smtp = await startMailCatcher();
    setup = await setUp(dialect);
    const first = startWorker(setup.env, smtp.url);
    children.push(first);
    await waitFor(() => smtp!.messages.length >= 500 || first.exitCode !== null, '500 emails before the kill');
    expect(first.exitCode, first.output()).toBeNull();
    first.kill('SIGKILL');
    await exited(first);
    const beforeRestart = smtp.messages.length;
    expect(beforeRestart).toBeLessThan(MESSAGES);

    const second = startWorker(setup.env, smtp.url);
    children.push(second);
    await waitFor(async () => (await countOutboxByStatus(setup!.handle.db, setup!.orgId)).sent === MESSAGES, 'every message recorded as sent');

    const copies = copiesById(smtp);
    expect(copies.size).toBe(MESSAGES);
    const duplicated = [...copies.values()].filter((count) => count > 1);
    expect(duplicated.every((count) => count === 2)).toBe(true);
    expect(duplicated.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(smtp.messages.length).toBe(MESSAGES + duplicated.length);
    expect(await countOutboxByStatus(setup.handle.db, setup.orgId)).toEqual({ queued: 0, sending: 0, sent: MESSAGES, dead: 0 });
    // Every learner got their one lesson, and every delivery is settled once.
    expect(new Set(smtp.messages.flatMap((mail) => mail.to)).size).toBe(MESSAGES);
    expect(await deliveryStatuses(setup.handle)).toEqual({ sent: MESSAGES });
  });

  it.runIf(dialect === 'postgres')('never sends one message twice from two worker processes sharing the database', { timeout: 180_000 }, async () => {
    smtp = await startMailCatcher();
    setup = await setUp(dialect);
    const workers = [startWorker(setup.env, smtp.url), startWorker(setup.env, smtp.url)];
    children.push(...workers);
    await waitFor(async () => (await countOutboxByStatus(setup!.handle.db, setup!.orgId)).sent === MESSAGES, 'every message recorded as sent');
    const copies = copiesById(smtp);
    expect(copies.size).toBe(MESSAGES);
    expect(smtp.messages.length).toBe(MESSAGES);
    expect(await deliveryStatuses(setup.handle)).toEqual({ sent: MESSAGES });
    // Both took part.
    const senders = await setup.handle.db.selectFrom('outbox_message').select('locked_by').distinct().execute();
    expect(senders).toHaveLength(2);
  });
});
