import type { Kysely } from 'kysely';

/**
 * Privacy requests (issue 9): each export and erasure of one person's data, who asked for it and when, with what was
 * removed per table: the start of an audit trail an admin can read. The row outlives the erasure (it names the
 * anonymised person row, never their old name or email). Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('privacy_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    // 'export' or 'erase'.
    .addColumn('kind', 'text', (c) => c.notNull())
    // Whom it was about; the person row stays (anonymised) after an erasure.
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    // Who asked: a person's id, or null for the operator (the `morsel` command).
    .addColumn('requested_by', 'text')
    // JSON: rows removed (erase) or exported (export) per table.
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_request_org_idx').on('privacy_request').columns(['org_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('privacy_request').execute();
}
