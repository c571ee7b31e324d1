import type { Kysely } from 'kysely';

/**
 * Imports (issue 10): one row per document, transcript or recording being broken into proposed lessons, with the
 * proposals under review as JSON and the background job's lease and progress. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('source_format', 'text', (c) => c.notNull())
    .addColumn('source_text', 'text', (c) => c.notNull())
    .addColumn('chapters_text', 'text')
    .addColumn('media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('proposals', 'text')
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull())
    .addColumn('progress_total', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('accept_options', 'text')
    .addColumn('clip_media_ids', 'text')
    .addColumn('course_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_job_org_idx').on('import_job').columns(['org_id', 'id']).execute();
  // The runner looks for work across organisations: queued or accepting jobs whose lease is free.
  await db.schema.createIndex('import_job_work_idx').on('import_job').columns(['status', 'lease_until']).execute();
  // Where each imported lesson came from: search shows it, and authors can go back to the source.
  await db.schema
    .createTable('import_lesson')
    .addColumn('lesson_id', 'text', (c) => c.primaryKey().references('lesson.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('heading_path', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_lesson_org_idx').on('import_lesson').columns(['org_id', 'import_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_lesson').execute();
  await db.schema.dropTable('import_job').execute();
}
