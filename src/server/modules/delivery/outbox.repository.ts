/** Queries of the outbox. Claiming is the only tricky one: see `claimDueMessages`. */
import { sql } from 'kysely';
import type { Db, Dialect } from '../../db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { OutboxChannel, OutboxMessageTable, OutboxStatus } from './outbox.table.ts';

/** A message to queue. */
export interface NewOutboxMessage {
  orgId: string;
  channel: OutboxChannel;
  idempotencyKey: string;
  personId?: string | null;
  payload: unknown;
  maxAttempts: number;
  /** Not sent before this moment (a campaign's planned time); default now. */
  notBefore?: Date;
}

/**
 * Queues a message, inside the caller's transaction so it exists exactly when the change that causes it does.
 * A message with the same organisation and idempotency key already queued wins: nothing is added.
 */
export async function insertOutboxMessage(db: Db, message: NewOutboxMessage, now: Date): Promise<{ id: string; isNew: boolean }> {
  const at = now.toISOString();
  const id = newId();
  const inserted = await db
    .insertInto('outbox_message')
    .values({
      id,
      org_id: message.orgId,
      channel: message.channel,
      idempotency_key: message.idempotencyKey,
      person_id: message.personId ?? null,
      payload: JSON.stringify(message.payload),
      status: 'queued',
      attempts: 0,
      max_attempts: message.maxAttempts,
      next_attempt_at: (message.notBefore ?? now).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: null,
      provider_id: null,
      created_at: at,
      updated_at: at,
      sent_at: null,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, isNew: true };
  const existing = await db
    .selectFrom('outbox_message')
    .select('id')
    .where('org_id', '=', message.orgId)
    .where('idempotency_key', '=', message.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, isNew: false };
}

/**
 * Claims up to `limit` due messages for one worker and returns them: queued ones whose time has come, and
 * ones another worker claimed but whose lease ran out (it crashed or hung). Claiming counts an attempt.
 *
 * One statement, so no two workers ever claim the same message: on PostgreSQL the candidates are locked
 * with `FOR UPDATE SKIP LOCKED`, so concurrent workers skip each other's rows instead of waiting; SQLite has
 * one writer at a time, which serialises claims by itself.
 */
export async function claimDueMessages(db: Db, dialect: Dialect, workerId: string, now: Date, leaseMs: number, limit: number): Promise<OutboxMessageTable[]> {
  const at = now.toISOString();
  let due = db
    .selectFrom('outbox_message')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]), eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', at)])]))
    .orderBy('next_attempt_at')
    .limit(limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('outbox_message')
    .set((eb) => ({
      status: 'sending',
      locked_by: workerId,
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: eb('attempts', '+', 1),
      updated_at: at,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/**
 * Hands back claimed messages this worker did not start sending (its batch ran long): queued again at once,
 * the claim's attempt undone, so any worker takes them at its next claim instead of after the lease.
 */
export async function releaseOutboxMessages(db: Db, ids: readonly string[], workerId: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox_message')
    .set((eb) => ({ status: 'queued', locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1), updated_at: now.toISOString() }))
    .where('id', 'in', [...ids])
    .where('status', '=', 'sending')
    .where('locked_by', '=', workerId)
    .execute();
}

/** Records that the channel accepted the message (`locked_by` keeps which worker sent it). False when this worker no longer holds it (its lease ran out). */
export async function markOutboxSent(db: Db, id: string, workerId: string, now: Date, providerId: string | null): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set({ status: 'sent', sent_at: now.toISOString(), updated_at: now.toISOString(), provider_id: providerId, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a failed attempt: queued again for `retryAt`, or dead when `retryAt` is null. */
export async function markOutboxFailed(db: Db, id: string, workerId: string, now: Date, error: string, retryAt: Date | null): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set({
      status: retryAt ? 'queued' : 'dead',
      next_attempt_at: (retryAt ?? now).toISOString(),
      last_error: error.slice(0, 2000),
      updated_at: now.toISOString(),
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A page of an organisation's messages, newest first, optionally of one status. */
export async function listOutboxMessages(db: Db, orgId: string, options: { status?: OutboxStatus | undefined; limit: number; before?: string | undefined }): Promise<OutboxMessageTable[]> {
  let query = db.selectFrom('outbox_message').selectAll().where('org_id', '=', orgId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.before) query = query.where('id', '<', options.before);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

/** How many of an organisation's messages are in each status. */
export async function countOutboxByStatus(db: Db, orgId: string): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox_message')
    .select(['status', sql<number>`count(*)`.as('count')])
    .where('org_id', '=', orgId)
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** Puts a dead message back in the queue with a fresh set of attempts. False unless it was dead. */
export async function requeueDeadMessage(db: Db, orgId: string, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox_message')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now.toISOString(), updated_at: now.toISOString() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One message of an organisation. */
/** Whether the organisation has a message with this idempotency key (in any state). */
export async function hasOutboxKey(db: Db, orgId: string, idempotencyKey: string): Promise<boolean> {
  return (await db.selectFrom('outbox_message').select('id').where('org_id', '=', orgId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()) !== undefined;
}

export async function findOutboxMessage(db: Db, orgId: string, id: string): Promise<OutboxMessageTable | undefined> {
  return db.selectFrom('outbox_message').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}
