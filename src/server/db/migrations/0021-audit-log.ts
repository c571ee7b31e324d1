import type { Kysely } from 'kysely';

/**
 * The audit log (issue 9): one row per administrative write through the API (and per refused one, 403), who made it,
 * which route with which target, the names of the body fields sent (never their values) and the outcome. Written by
 * the HTTP layer once the change has committed, before the response goes out (see http/audit-hook.ts). Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    // 'person', 'token' or 'system'.
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    // No foreign keys: the record must outlive what it names (a revoked token, an anonymised person).
    .addColumn('actor_person_id', 'text')
    .addColumn('actor_token_id', 'text')
    // The person's display name or the token's name at the time ("Erased person" after an erasure).
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    // The route pattern (`/api/people/:id`), never the URL with its query string.
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    // JSON array of the top-level body field names sent.
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_event_org_idx').on('audit_event').columns(['org_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_event').execute();
}
