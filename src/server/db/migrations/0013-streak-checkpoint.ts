import type { Kysely } from 'kysely';

/**
 * Streak checkpoints (issue 7): each person's streak as it stood at the end of a settled local day, so a points sync
 * replays only the days since (core/gamification/streaks.ts) instead of a year of answers on every answer. A
 * checkpoint only moves forward; deleting one costs a full replay, never a wrong streak. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('streak_checkpoint')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    // The local date (YYYY-MM-DD, the person's zone) the state holds at the end of.
    .addColumn('through', 'text', (c) => c.notNull())
    .addColumn('current_days', 'integer', (c) => c.notNull())
    .addColumn('longest_days', 'integer', (c) => c.notNull())
    .addColumn('started_on', 'text')
    .addColumn('freezes_held', 'integer', (c) => c.notNull())
    .addColumn('freezes_used', 'integer', (c) => c.notNull())
    .addColumn('last_active_on', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('streak_checkpoint').execute();
}
