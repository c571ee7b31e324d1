import type { Kysely } from 'kysely';

/**
 * Block-level progress (issue 8, "Lesson improvement"): how far into a lesson each learner got and how long they were
 * active in it, so authors see where learners drop off and how long a lesson really takes. `furthest_block` is the
 * index of the furthest block the player showed (only ever raised); `active_ms` the longest active time the player
 * reported. Both null for progress recorded before this migration or by a player that does not report them. Frozen
 * once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('lesson_progress').addColumn('furthest_block', 'integer').execute();
  await db.schema.alterTable('lesson_progress').addColumn('active_ms', 'integer').execute();
  // The improvement queue reads an organisation's progress by the day it started.
  await db.schema.createIndex('lesson_progress_org_started_idx').on('lesson_progress').columns(['org_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('lesson_progress_org_started_idx').execute();
  await db.schema.alterTable('lesson_progress').dropColumn('active_ms').execute();
  await db.schema.alterTable('lesson_progress').dropColumn('furthest_block').execute();
}
