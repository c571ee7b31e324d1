import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { DatabaseHandle, Dialect } from '../../db/database.ts';
import { createFakeClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { createDb } from '../../db/database.ts';
import { createMailer } from '../mail/mailer.ts';
import { createTestDatabase, testDialects } from '../../testing/test-database.ts';
import { type MailCatcher, startMailCatcher } from '../../testing/smtp-capture.ts';
import { type Channel, ChannelError } from './channels.ts';
import { createEmailChannel, messageIdFor } from './email.channel.ts';
import { claimDueMessages, countOutboxByStatus, findOutboxMessage, insertOutboxMessage, requeueDeadMessage } from './outbox.repository.ts';
import { createOutboxWorker } from './outbox.worker.ts';

const logger = pino({ level: 'silent' });
const FAST = { baseMs: 1000, maxMs: 8000 };

async function addOrganisation(handle: DatabaseHandle): Promise<string> {
  const id = newId();
  const at = new Date().toISOString();
  await handle.db
    .insertInto('organisation')
    .values({ id, name: 'Acme', slug: `acme-${id.slice(-8)}`, time_zone: 'UTC', locale: 'en', working_days: '[1,2,3,4,5]', work_start: '09:00', work_end: '17:00', quiet_start: null, quiet_end: null, reading_words_per_minute: 200, created_at: at, updated_at: at })
    .execute();
  return id;
}

const email = (to: string, subject = 'Your lesson') => ({ to, subject, text: `Hello ${to}`, headers: { 'List-Unsubscribe': '<https://morsel.test/unsubscribe>' } });

describe.each(testDialects)('the outbox on %s', (dialect: Dialect) => {
  let handle: DatabaseHandle;
  let orgId: string;
  let smtp: MailCatcher;
  const clock = createFakeClock('2026-03-02T09:00:00.000Z');

  beforeEach(async () => {
    handle = await createTestDatabase(dialect);
    orgId = await addOrganisation(handle);
    smtp = await startMailCatcher({ rejectRecipient: (address) => address.startsWith('nobody@') });
    clock.set('2026-03-02T09:00:00.000Z');
  });
  // Pooled SMTP connections stay open until their mailer closes, and the SMTP server waits for them to close.
  const mailers: Array<ReturnType<typeof createMailer>> = [];
  const mailerFor = (url: string) => {
    const mailer = createMailer({ smtpUrl: url, from: 'Morsel <morsel@morsel.test>', logger });
    mailers.push(mailer);
    return mailer;
  };
  afterEach(async () => {
    for (const mailer of mailers.splice(0)) mailer.close();
    await smtp.close();
    await handle.destroy();
  });

  const emailWorker = (url = smtp.url) => {
    const mailer = mailerFor(url);
    return createOutboxWorker({ db: handle.db, dialect, clock, logger, channels: { email: createEmailChannel({ mailer, messageIdDomain: 'morsel.test' }) }, backoff: FAST, random: () => 0.5 });
  };
  const queue = (key: string, to: string, maxAttempts = 5) => insertOutboxMessage(handle.db, { orgId, channel: 'email', idempotencyKey: key, payload: email(to), maxAttempts }, clock.now());

  it('queues a key once, however often it is queued', async () => {
    const first = await queue('lesson-1:ana', 'ana@acme.test');
    const again = await queue('lesson-1:ana', 'ana@acme.test');
    expect(first.isNew).toBe(true);
    expect(again).toEqual({ id: first.id, isNew: false });
    expect(await countOutboxByStatus(handle.db, orgId)).toEqual({ queued: 1, sending: 0, sent: 0, dead: 0 });
  });

  it('starts no send after half its lease: a slow channel hands the rest of the batch back, attempt undone, for any worker to take at once', async () => {
    for (let index = 0; index < 6; index += 1) await queue(`slow-${index}`, `p${index}@acme.test`);
    const sentTo: string[] = [];
    // Each send takes two minutes of the (fake) clock; the lease is five minutes.
    const slowChannel: Channel = {
      async send(message) {
        clock.advance(2 * 60_000);
        sentTo.push((message.payload as { to: string }).to);
        return { providerId: null };
      },
    };
    const worker = createOutboxWorker({ db: handle.db, dialect, clock, logger, channels: { email: slowChannel }, concurrency: 1, leaseMs: 5 * 60_000 });
    const pass = await worker.runOnce();
    // Sends start at 0 and 2 minutes; at 4 minutes half the lease has gone, so the other four go back.
    expect(pass).toMatchObject({ claimed: 2, sent: 2 });
    expect(await countOutboxByStatus(handle.db, orgId)).toEqual({ queued: 4, sending: 0, sent: 2, dead: 0 });
    const handedBack = await handle.db.selectFrom('outbox_message').select(['attempts', 'locked_by']).where('status', '=', 'queued').execute();
    expect(handedBack.every((row) => row.attempts === 0 && row.locked_by === null)).toBe(true);
    await worker.drain();
    expect(sentTo.sort()).toEqual(['p0@acme.test', 'p1@acme.test', 'p2@acme.test', 'p3@acme.test', 'p4@acme.test', 'p5@acme.test']);
    expect(await countOutboxByStatus(handle.db, orgId)).toEqual({ queued: 0, sending: 0, sent: 6, dead: 0 });
  });

  it('sends through a real SMTP server with the key’s Message-ID and List-Unsubscribe, and records it', async () => {
    const { id } = await queue('lesson-1:ana', 'ana@acme.test');
    const pass = await emailWorker().drain();
    expect(pass).toMatchObject({ claimed: 1, sent: 1 });
    const mail = await smtp.waitForMailTo('ana@acme.test');
    expect(mail.messageId).toBe(messageIdFor(orgId, 'lesson-1:ana', 'morsel.test'));
    expect(mail.headers['list-unsubscribe']).toContain('https://morsel.test/unsubscribe');
    const row = await findOutboxMessage(handle.db, orgId, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_id: mail.messageId, last_error: null });
  });

  it('does not send a message before its time', async () => {
    await insertOutboxMessage(handle.db, { orgId, channel: 'email', idempotencyKey: 'later', payload: email('ana@acme.test'), maxAttempts: 5, notBefore: new Date('2026-03-02T10:00:00Z') }, clock.now());
    const worker = emailWorker();
    expect((await worker.drain()).claimed).toBe(0);
    clock.set('2026-03-02T10:00:00Z');
    expect((await worker.drain()).sent).toBe(1);
  });

  it('survives an SMTP outage: retries with backoff, delivers everything once after it returns, and dead-letters what ran out of attempts', async () => {
    const port = smtp.port;
    await smtp.close();
    for (let index = 0; index < 5; index += 1) await queue(`m${index}`, `p${index}@acme.test`);
    await queue('fragile', 'fragile@acme.test', 2);
    const worker = emailWorker(`smtp://127.0.0.1:${port}`);

    const down = await worker.drain();
    expect(down).toMatchObject({ claimed: 6, sent: 0, retrying: 6 });
    // Not again before the backoff: 1 s ceiling → 0.75 s with random 0.5.
    expect((await worker.drain()).claimed).toBe(0);
    clock.advance(750);
    expect(await worker.drain()).toMatchObject({ claimed: 6, retrying: 5, dead: 1 });
    const fragile = await handle.db.selectFrom('outbox_message').selectAll().where('idempotency_key', '=', 'fragile').executeTakeFirstOrThrow();
    expect(fragile).toMatchObject({ status: 'dead', attempts: 2 });
    expect(fragile.last_error).toMatch(/SMTP/);

    smtp = await startMailCatcher({ port });
    clock.advance(1500);
    expect(await worker.drain()).toMatchObject({ claimed: 5, sent: 5 });
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(['p0@acme.test', 'p1@acme.test', 'p2@acme.test', 'p3@acme.test', 'p4@acme.test']);

    // An admin retries the dead one: it goes out with a fresh set of attempts.
    expect(await requeueDeadMessage(handle.db, orgId, fragile.id, clock.now())).toBe(true);
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(6);
    expect(await countOutboxByStatus(handle.db, orgId)).toEqual({ queued: 0, sending: 0, sent: 6, dead: 0 });
  });

  it('gives up at once on a permanent refusal (550 no such mailbox)', async () => {
    const { id } = await queue('bad', 'nobody@acme.test');
    expect(await emailWorker().drain()).toMatchObject({ claimed: 1, dead: 1 });
    expect(await findOutboxMessage(handle.db, orgId, id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('takes over a message whose worker died holding it, once its lease runs out', async () => {
    const { id } = await queue('orphan', 'ana@acme.test');
    // A worker claims it and dies before sending.
    expect(await claimDueMessages(handle.db, dialect, 'dead-worker', clock.now(), 60_000, 10)).toHaveLength(1);
    const survivor = createOutboxWorker({ db: handle.db, dialect, clock, logger, channels: { email: createEmailChannel({ mailer: mailerFor(smtp.url), messageIdDomain: 'morsel.test' }) }, leaseMs: 60_000 });
    expect((await survivor.drain()).claimed).toBe(0);
    clock.advance(60_001);
    expect(await survivor.drain()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await findOutboxMessage(handle.db, orgId, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('treats a message without a channel configured as a failure to retry, not a loss', async () => {
    await insertOutboxMessage(handle.db, { orgId, channel: 'sms', idempotencyKey: 'sms-1', payload: { to: '+441234', text: 'hi' }, maxAttempts: 3 }, clock.now());
    expect(await emailWorker().drain()).toMatchObject({ claimed: 1, retrying: 1 });
    const row = await handle.db.selectFrom('outbox_message').selectAll().where('idempotency_key', '=', 'sms-1').executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/No sms channel/);
  });

  it('never lets two workers send the same message, however they race', async () => {
    const keys = Array.from({ length: 120 }, (_, index) => `race-${index}`);
    for (const key of keys) await insertOutboxMessage(handle.db, { orgId, channel: 'email', idempotencyKey: key, payload: email('x@acme.test'), maxAttempts: 3 }, clock.now());
    const sent: string[] = [];
    const slowChannel: Channel = {
      async send(message) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        sent.push(message.idempotencyKey);
        return { providerId: null };
      },
    };
    // On PostgreSQL each worker has its own connection pool, as separate servers would.
    const second: DatabaseHandle = dialect === 'postgres' ? createDb({ databaseUrl: (handle as DatabaseHandle & { url: string }).url, sqliteFile: '', poolSize: 3 }) : handle;
    try {
      const workers = [handle, second, handle, second].map((h, index) => createOutboxWorker({ db: h.db, dialect, clock, logger, channels: { email: slowChannel }, batchSize: 7, workerId: `w${index}` }));
      await Promise.all(workers.map((worker) => worker.drain()));
    } finally {
      if (second !== handle) await second.destroy();
    }
    expect(sent.length).toBe(keys.length);
    expect(new Set(sent).size).toBe(keys.length);
    expect(await countOutboxByStatus(handle.db, orgId)).toMatchObject({ sent: keys.length, queued: 0, sending: 0 });
  });

  it('a permanent channel error is final, any other error is retried', async () => {
    let calls = 0;
    const flaky: Channel = {
      async send() {
        calls += 1;
        if (calls === 1) throw new Error('socket hang up');
        if (calls === 2) throw new ChannelError('rate limited', false);
        return { providerId: 'ok' };
      },
    };
    const worker = createOutboxWorker({ db: handle.db, dialect, clock, logger, channels: { chat: flaky }, backoff: FAST, random: () => 0 });
    await insertOutboxMessage(handle.db, { orgId, channel: 'chat', idempotencyKey: 'c1', payload: {}, maxAttempts: 5 }, clock.now());
    expect(await worker.drain()).toMatchObject({ retrying: 1 });
    clock.advance(500);
    expect(await worker.drain()).toMatchObject({ retrying: 1 });
    clock.advance(1000);
    expect(await worker.drain()).toMatchObject({ sent: 1 });
  });
});
