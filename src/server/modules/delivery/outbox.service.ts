/** The outbox's use cases: queue a message inside the caller's transaction, and the admin's view and retry. */
import { requireRole, type Actor } from '../identity/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EmailPayload } from './email.channel.ts';
import { countOutboxByStatus, findOutboxMessage, hasOutboxKey, insertOutboxMessage, listOutboxMessages, type NewOutboxMessage, requeueDeadMessage } from './outbox.repository.ts';
import type { OutboxMessageTable, OutboxStatus } from './outbox.table.ts';

export interface OutboxDeps {
  db: Db;
  clock: Clock;
  maxAttempts: number;
  /** Called after something was queued, so a worker in this process looks at once instead of at its next poll. */
  onQueued?: () => void;
}

/** A message as the admin view shows it: where it goes and how it is doing, not its whole payload. */
export interface OutboxItem {
  id: string;
  channel: OutboxMessageTable['channel'];
  status: OutboxStatus;
  recipient: string | null;
  subject: string | null;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

function toItem(row: OutboxMessageTable): OutboxItem {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    recipient: text(payload.to) ?? text(payload.url) ?? null,
    subject: text(payload.subject),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export function createOutboxService(deps: OutboxDeps) {
  const { db, clock } = deps;
  const queue = (trx: Db, message: Omit<NewOutboxMessage, 'maxAttempts'> & { maxAttempts?: number }) =>
    insertOutboxMessage(trx, { ...message, maxAttempts: message.maxAttempts ?? deps.maxAttempts }, clock.now());
  return {
    /**
     * Queues a message in `trx`, the transaction of the change that causes it: if that rolls back, nothing is
     * sent; if it commits, the message will be. The same idempotency key twice is one message.
     * Call `notify()` after the transaction commits.
     */
    queue,

    /** Queues an email (see `queue`). */
    queueEmail(trx: Db, message: { orgId: string; personId: string | null; idempotencyKey: string; email: EmailPayload; notBefore?: Date }) {
      return queue(trx, { orgId: message.orgId, channel: 'email', personId: message.personId, idempotencyKey: message.idempotencyKey, payload: message.email, notBefore: message.notBefore });
    },

    /** Whether a message with this key was ever queued (to skip work whose message would be a duplicate anyway). */
    hasKey: (trx: Db, orgId: string, idempotencyKey: string) => hasOutboxKey(trx, orgId, idempotencyKey),

    /** Tells the worker there is something new (after the queuing transaction committed). */
    notify() {
      deps.onQueued?.();
    },

    /**
     * The organisation's messages, newest first, with counts by status.
     * @throws ForbiddenError unless the actor is an admin.
     */
    async list(actor: Actor, query: { status?: OutboxStatus | undefined; limit: number; before?: string | undefined }) {
      requireRole(actor, ['admin']);
      const rows = await listOutboxMessages(db, actor.orgId, { ...query, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      return {
        counts: await countOutboxByStatus(db, actor.orgId),
        items: page.map(toItem),
        nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    /**
     * Puts a dead message back in the queue with a fresh set of attempts.
     * @throws ForbiddenError unless the actor is an admin.
     * @throws NotFoundError when the organisation has no such message.
     * @throws AppError outbox_not_dead when the message is not dead (it is queued, being sent or sent).
     */
    async retry(actor: Actor, id: string): Promise<OutboxItem> {
      requireRole(actor, ['admin']);
      const row = await findOutboxMessage(db, actor.orgId, id);
      if (!row) throw new NotFoundError('message', id);
      if (!(await requeueDeadMessage(db, actor.orgId, id, clock.now()))) {
        throw new AppError('outbox_not_dead', `This message is ${row.status}, not dead: only dead messages can be retried.`);
      }
      deps.onQueued?.();
      return toItem((await findOutboxMessage(db, actor.orgId, id))!);
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
