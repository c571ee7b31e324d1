import { type Kysely, SqliteAdapter } from 'kysely';

/**
 * The Learning Record Store (issue 8): credentials per organisation (HTTP Basic key and hashed secret), xAPI
 * statements as stored (their JSON with what the LRS added) with the columns GET filters on, and the agents and
 * activities each statement is about (directly or "related"), so a query by agent or activity reads an index
 * instead of every statement's JSON. `seq` orders statements stored in the same millisecond and keys the lookups
 * compactly. Attachment data sent with statements is kept once per SHA-2 hash; an organisation may forward its
 * statements to an external LRS. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('lrs_credential')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('lrs_credential_org_idx').on('lrs_credential').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('xapi_statement')
    // SQLite: the rowid itself; PostgreSQL: a bigint identity.
    .addColumn('seq', sqlite ? 'integer' : 'bigint', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity()))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    // UTC ISO 8601 with milliseconds: text order is time order.
    .addColumn('stored', 'text', (c) => c.notNull())
    .addColumn('verb_id', 'text', (c) => c.notNull())
    .addColumn('registration', 'text')
    // The statement a StatementRef object points at (voiding statements too).
    .addColumn('target_id', 'text')
    .addColumn('is_voiding', 'integer', (c) => c.notNull())
    .addColumn('voided', 'integer', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addUniqueConstraint('xapi_statement_id_unique', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('xapi_statement_stored_idx').on('xapi_statement').columns(['org_id', 'stored', 'seq']).execute();
  await db.schema.createIndex('xapi_statement_verb_idx').on('xapi_statement').columns(['org_id', 'verb_id', 'stored']).execute();
  await db.schema.createIndex('xapi_statement_registration_idx').on('xapi_statement').columns(['org_id', 'registration']).execute();
  await db.schema.createIndex('xapi_statement_target_idx').on('xapi_statement').columns(['org_id', 'target_id']).execute();

  for (const [table, column] of [
    ['xapi_statement_agent', 'ifi'],
    ['xapi_statement_activity', 'activity_id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('statement_seq', sqlite ? 'integer' : 'bigint', (c) => c.notNull().references('xapi_statement.seq').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn(column, 'text', (c) => c.notNull())
      // 0: the actor or object (group members included); 1: only related (context, authority, sub-statement).
      .addColumn('related', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['statement_seq', column])
      .execute();
    await db.schema.createIndex(`${table}_lookup_idx`).on(table).columns(['org_id', column, 'related', 'statement_seq']).execute();
  }

  // Attachment data sent with statements (multipart/mixed), once per organisation and SHA-2 hash.
  await db.schema
    .createTable('xapi_attachment')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('sha2', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', sqlite ? 'blob' : 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xapi_attachment_pk', ['org_id', 'sha2'])
    .execute();

  // An organisation's external LRS, to which every statement stored is forwarded through the outbox.
  await db.schema
    .createTable('lrs_forward')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisation.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['lrs_forward', 'xapi_attachment', 'xapi_statement_activity', 'xapi_statement_agent', 'xapi_statement', 'lrs_credential']) await db.schema.dropTable(table).execute();
}
