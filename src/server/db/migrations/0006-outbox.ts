import type { Kysely } from 'kysely';

/**
 * The outbox: every message Morsel sends (email, chat, SMS, webhooks) as a durable row written in the same
 * transaction as the change that causes it, then claimed and sent by workers. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    // The same key twice is one message: a retried request or a replayed event never sends twice.
    .addUniqueConstraint('outbox_message_key_uq', ['org_id', 'idempotency_key'])
    .execute();
  // Workers look for due messages by status and time; the admin view lists an organisation's by status.
  await db.schema.createIndex('outbox_message_due_idx').on('outbox_message').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_message_org_idx').on('outbox_message').columns(['org_id', 'status', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_message').execute();
}
