/**
 * The outbox under real processes: `morsel worker` killed with SIGKILL in the middle of 2,000 emails and
 * restarted, and two worker processes sharing one PostgreSQL database. Mail goes to a real SMTP server.
 *
 * The guarantee checked (see outbox.worker.ts): every message arrives; a message arrives twice only if the
 * worker died after the SMTP server accepted it and before the worker recorded it, so at most as many copies
 * as the worker had messages in the SMTP conversation at the moment it died (its concurrency, 4), each with the
 * original's Message-ID. Without a crash, nothing arrives twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { newId } from '../../platform/ids.ts';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { countOutboxByStatus, insertOutboxMessage } from './outbox.repository.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const MESSAGES = 2000;
const CONCURRENCY = 4;

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
  const orgId = newId();
  const at = new Date().toISOString();
  await handle.db
    .insertInto('organisation')
    .values({ id: orgId, name: 'Acme', slug: 'acme', time_zone: 'UTC', locale: 'en', working_days: '[1,2,3,4,5]', work_start: '09:00', work_end: '17:00', quiet_start: null, quiet_end: null, reading_words_per_minute: 200, created_at: at, updated_at: at })
    .execute();
  const now = new Date();
  await handle.db.transaction().execute(async (trx) => {
    for (let index = 0; index < MESSAGES; index += 1) {
      await insertOutboxMessage(trx, { orgId, channel: 'email', idempotencyKey: `lesson-1:p${index}`, payload: { to: `p${index}@acme.test`, subject: `Lesson for p${index}`, text: 'Two minutes on greetings.' }, maxAttempts: 5 }, now);
    }
  });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://morsel.test',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    OUTBOX_LEASE_SECONDS: '2',
    ...(handle.url ? { DATABASE_URL: handle.url } : {}),
  };
  return {
    handle,
    orgId,
    env,
    async cleanUp() {
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
    // Both took part.
    const senders = await setup.handle.db.selectFrom('outbox_message').select('locked_by').distinct().execute();
    expect(senders).toHaveLength(2);
  });
});
