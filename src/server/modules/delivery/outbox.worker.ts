/**
 * The outbox worker: claims due messages, hands each to its channel, and records the outcome.
 *
 * **Guarantee.** A queued message is sent at least once, and more than once only when a worker dies (or loses
 * its lease) after the channel accepted the message and before the worker recorded it: then the message goes
 * out again when its lease expires, with the same idempotency key (for email, the same Message-ID), so the
 * receiving side can recognise the copy. Nothing queued is ever dropped: a message is `sent`, still `queued` /
 * `sending` (and will be tried), or `dead` with its last error, where an admin can retry it. Two workers never
 * hold the same message at once (see `claimDueMessages`), and a worker starts no send after half its lease has
 * passed (it hands the rest of its batch back), so a slow channel cannot make a batch outlive its lease. At
 * most `concurrency` messages (8 by default) are in a channel's hands at any moment: that bounds the copies a
 * crash can cause.
 *
 * Failed attempts are retried with exponential backoff and jitter (`src/core/delivery/backoff.ts`); after
 * `max_attempts`, or at once when the channel says the refusal is permanent, the message is dead.
 */
import type { Logger } from 'pino';
import { type BackoffSettings, DEFAULT_BACKOFF, retryDelayMs } from '../../../core/delivery/backoff.ts';
import type { Db, Dialect } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { newSecret } from '../../platform/ids.ts';
import { ChannelError, type Channels } from './channels.ts';
import { claimDueMessages, markOutboxFailed, markOutboxSent, releaseOutboxMessages } from './outbox.repository.ts';
import type { OutboxMessageTable } from './outbox.table.ts';

export interface OutboxWorkerOptions {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  channels: Channels;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Names this worker in `locked_by`; random by default. */
  workerId?: string;
  /** Messages claimed at a time (default 100). */
  batchSize?: number;
  /** Messages of a batch sent at the same time (default 8; measured in bench/dispatch-throughput). */
  concurrency?: number;
  /** How long a claim lasts before another worker may take the message over (default 5 minutes). */
  leaseMs?: number;
  /** How often an idle worker looks for due messages (default 1 s). */
  pollMs?: number;
  backoff?: BackoffSettings;
  random?: () => number;
  /**
   * Asked when a message is about to die; may return work (the next channel of a fallback) that runs in the
   * same transaction as recording the death, so a crash can never lose the fallback or do it twice. It must
   * do its reads before returning and use only the transaction it is given.
   */
  onDead?: (message: OutboxMessageTable) => Promise<((trx: Db) => Promise<void>) | null>;
}

/** What one pass did. */
export interface OutboxPass {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Claims one batch and sends it. Tests call this with a fake clock; `start` calls it in a loop. */
  runOnce(): Promise<OutboxPass>;
  /** Sends until the queue has nothing due, pass after pass (tests and the CLI). */
  drain(): Promise<OutboxPass>;
  /** Starts polling in the background. */
  start(): void;
  /** Looks for work now instead of at the next poll (after something was queued). */
  wake(): void;
  /** Stops polling and waits for the pass in progress to finish. */
  stop(): Promise<void>;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, dialect, clock, channels, logger } = options;
  const workerId = options.workerId ?? `worker-${newSecret(6)}`;
  const batchSize = options.batchSize ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;

  async function deliver(message: OutboxMessageTable): Promise<'sent' | 'retrying' | 'dead'> {
    const channel = channels[message.channel];
    let outcome: { providerId: string | null } | ChannelError;
    if (!channel) outcome = new ChannelError(`No ${message.channel} channel is configured on this server.`, false);
    else {
      try {
        outcome = await channel.send({ id: message.id, orgId: message.org_id, idempotencyKey: message.idempotency_key, payload: JSON.parse(message.payload) as unknown });
      } catch (error) {
        outcome = error instanceof ChannelError ? error : new ChannelError(error instanceof Error ? error.message : String(error), false);
      }
    }
    const now = clock.now();
    if (!(outcome instanceof ChannelError)) {
      const recorded = await markOutboxSent(db, message.id, workerId, now, outcome.providerId);
      if (!recorded) logger.warn({ messageId: message.id, workerId }, 'outbox: sent after the lease ran out; another worker may send it again');
      return 'sent';
    }
    const isDead = outcome.isPermanent || message.attempts >= message.max_attempts;
    const retryAt = isDead ? null : new Date(now.getTime() + retryDelayMs(message.attempts, backoff, random));
    const afterDeath = isDead && options.onDead ? await options.onDead(message).catch((error: unknown) => (logger.error({ err: error, messageId: message.id }, 'outbox: preparing the fallback failed'), null)) : null;
    let isRecorded = false;
    if (afterDeath) {
      try {
        await db.transaction().execute(async (trx) => {
          if (await markOutboxFailed(trx, message.id, workerId, now, outcome.message, retryAt)) await afterDeath(trx);
        });
        isRecorded = true;
      } catch (error) {
        // The fallback could not be queued: the death is still recorded (below), where an admin sees and retries it.
        logger.error({ err: error, messageId: message.id }, 'outbox: queuing the fallback failed');
      }
    }
    if (!isRecorded) await markOutboxFailed(db, message.id, workerId, now, outcome.message, retryAt);
    logger.warn({ messageId: message.id, channel: message.channel, attempt: message.attempts, dead: isDead, err: outcome.message }, 'outbox: send failed');
    return isDead ? 'dead' : 'retrying';
  }

  async function runOnce(): Promise<OutboxPass> {
    const claimedAt = clock.now();
    const claimed = await claimDueMessages(db, dialect, workerId, claimedAt, leaseMs, batchSize);
    const pass: OutboxPass = { claimed: claimed.length, sent: 0, retrying: 0, dead: 0 };
    // No send starts after half the lease: the rest of the batch is handed back, never sent on an expired claim.
    const lastStart = claimedAt.getTime() + leaseMs / 2;
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, claimed.length) }, async () => {
      while (next < claimed.length && clock.now().getTime() < lastStart) {
        const message = claimed[next++]!;
        pass[await deliver(message)] += 1;
      }
    });
    await Promise.all(lanes);
    if (next < claimed.length) {
      const handedBack = claimed.slice(next).map((message) => message.id);
      await releaseOutboxMessages(db, handedBack, workerId, clock.now());
      logger.warn({ workerId, handedBack: handedBack.length }, 'outbox: the batch ran past half its lease; the rest goes back to the queue');
      pass.claimed -= handedBack.length;
    }
    return pass;
  }

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;

  async function loop() {
    while (running) {
      let pass: OutboxPass = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
      try {
        pass = await runOnce();
      } catch (error) {
        // The database is down or busy: try again at the next poll; nothing is lost, the rows wait.
        logger.error({ err: error, workerId }, 'outbox: a pass failed');
      }
      if (!running) break;
      // A full batch means there is probably more: go again at once.
      if (pass.claimed < batchSize) {
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
          timer = setTimeout(resolve, pollMs);
        });
      }
    }
  }

  return {
    workerId,
    runOnce,
    async drain() {
      const total: OutboxPass = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
      for (;;) {
        const pass = await runOnce();
        for (const key of Object.keys(total) as Array<keyof OutboxPass>) total[key] += pass[key];
        if (pass.claimed === 0) return total;
      }
    },
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    wake() {
      if (timer) clearTimeout(timer);
      wakeUp?.();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wakeUp?.();
      await loopDone;
    },
  };
}
