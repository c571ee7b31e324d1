import { type Kysely, SqliteAdapter } from 'kysely';

/**
 * The LRS's document resources (issue 8; xAPI 1.0.3, Part Three, "Document Resources"): State, Activity Profile and
 * Agent Profile documents of any content type, stored as bytes with their Content-Type, SHA-1 ETag and time of last
 * change, keyed by hashes of their identifying parameters so long IRIs never overflow an index entry; and the
 * canonical Activity Definitions the Activities resource returns, kept from the statements stored. Frozen once
 * released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('xapi_document')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('context_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text')
    .addColumn('agent_ifi', 'text')
    .addColumn('registration', 'text')
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', sqlite ? 'blob' : 'bytea', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    // UTC ISO 8601 with milliseconds: text order is time order.
    .addColumn('updated', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xapi_document_pk', ['org_id', 'key_hash'])
    .execute();
  await db.schema.createIndex('xapi_document_context_idx').on('xapi_document').columns(['org_id', 'context_hash', 'updated']).execute();

  await db.schema
    .createTable('xapi_activity')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xapi_activity_pk', ['org_id', 'activity_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['xapi_activity', 'xapi_document']) await db.schema.dropTable(table).execute();
}
