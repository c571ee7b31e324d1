import type { Kysely } from 'kysely';

/**
 * When a learner was first shown a lesson's last block (issue 8: Morsel's own `experienced` statements), set from the
 * player's block progress; null until then and for progress recorded before this migration. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lesson_progress').addColumn('experienced_at', 'text').execute();
  // The own-statements sweep reads progress by each of its instants.
  await db.schema.createIndex('lesson_progress_experienced_idx').on('lesson_progress').column('experienced_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('lesson_progress_experienced_idx').execute();
  await db.schema.alterTable('lesson_progress').dropColumn('experienced_at').execute();
}
