import type { Kysely } from 'kysely';

/**
 * Indexes for the certification sweep's catch-up (completions since a moment, across organisations). Frozen once
 * released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('lesson_progress_completed_idx').on('lesson_progress').column('completed_at').execute();
  await db.schema.createIndex('course_check_completed_idx').on('course_check').columns(['completed_at', 'phase']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('course_check_completed_idx').execute();
  await db.schema.dropIndex('lesson_progress_completed_idx').execute();
}
