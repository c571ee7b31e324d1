import type { Kysely } from 'kysely';

/**
 * Morsel's own xAPI statements (issue 8): the sweep's cursor (the instant up to which every learning record has been
 * written as statements), and indexes for reading the records it writes since an instant: lessons opened and rated,
 * and checks finished. (Attempts, completions and awards have theirs since 0008 and 0012.) Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('own_statement_cursor')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('through', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lesson_progress_started_idx').on('lesson_progress').column('started_at').execute();
  await db.schema.createIndex('lesson_progress_feedback_idx').on('lesson_progress').column('feedback_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('lesson_progress_feedback_idx').execute();
  await db.schema.dropIndex('lesson_progress_started_idx').execute();
  await db.schema.dropTable('own_statement_cursor').execute();
}
