import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Search (issue 6), inside the database: on SQLite an FTS5 table (porter stemming, accents folded, prefix indexes)
 * beside a table of what each indexed row is; on PostgreSQL one table with a weighted `tsvector` under a GIN index.
 * Both: the words seen (typo correction; `pg_trgm` on PostgreSQL), each organisation's synonyms, and the questions
 * asked (content gaps). Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (isSqlite) {
    await sql`CREATE TABLE search_doc (
      id integer PRIMARY KEY,
      org_id text NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
      lesson_id text NOT NULL,
      variant text NOT NULL,
      revision integer NOT NULL,
      title text NOT NULL,
      core_question text NOT NULL,
      estimated_seconds double precision NOT NULL,
      UNIQUE (lesson_id, variant)
    )`.execute(db);
    // The text lives in the FTS5 table, whose rowid is search_doc.id.
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, core_question, tags, objective, body, transcript, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')`.execute(db);
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE TABLE search_doc (
      id serial PRIMARY KEY,
      org_id text NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
      lesson_id text NOT NULL,
      variant text NOT NULL,
      revision integer NOT NULL,
      title text NOT NULL,
      core_question text NOT NULL,
      estimated_seconds double precision NOT NULL,
      tags text NOT NULL,
      objective text NOT NULL,
      body text NOT NULL,
      transcript text NOT NULL,
      document tsvector NOT NULL,
      UNIQUE (lesson_id, variant)
    )`.execute(db);
    await sql`CREATE INDEX search_doc_document_idx ON search_doc USING gin (document)`.execute(db);
  }
  await db.schema.createIndex('search_doc_org_idx').on('search_doc').columns(['org_id', 'variant']).execute();

  await db.schema
    .createTable('search_term')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_term_pk', ['org_id', 'term'])
    .execute();
  if (!isSqlite) await sql`CREATE INDEX search_term_trgm_idx ON search_term USING gin (term gin_trgm_ops)`.execute(db);

  await db.schema
    .createTable('search_synonyms')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisation.id').onDelete('cascade'))
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_query')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('result_count', 'integer', (c) => c.notNull())
    .addColumn('top_lesson_id', 'text')
    .addColumn('top_score', 'double precision')
    .addColumn('unhelpful_lesson_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_query_org_idx').on('search_query').columns(['org_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_query').execute();
  await db.schema.dropTable('search_synonyms').execute();
  await db.schema.dropTable('search_term').execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) await sql`DROP TABLE search_fts`.execute(db);
  await db.schema.dropTable('search_doc').execute();
}
