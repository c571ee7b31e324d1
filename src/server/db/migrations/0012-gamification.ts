import type { Kysely } from 'kysely';

/**
 * Gamification (issue 7): the points ledger (append-only; one row per thing earned or spent, unique per person and
 * award key so nothing is earned twice), totals kept beside it for leaderboards (all time, each week and each month)
 * and each person's spendable balance, an organisation's rules and leaderboard settings, each person's choices
 * (shown, anonymous or hidden) and streak freezes, badges and their awards, the rewards catalogue and redemptions.
 * Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('points_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('award_key', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    // The leaderboard seasons the entry counts in, in the organisation's zone when it was earned ('2026-W49', '2026-12').
    .addColumn('season_week', 'text', (c) => c.notNull())
    .addColumn('season_month', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('points_entry_award_unique', ['person_id', 'award_key'])
    .execute();
  await db.schema.createIndex('points_entry_person_idx').on('points_entry').columns(['person_id', 'created_at']).execute();

  // Earned points per person and season ('all' for all time); spending never lowers them.
  await db.schema
    .createTable('points_total')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('season', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    // 1 when the person appears on leaderboards (active, not hidden): a board and a rank read this index alone.
    .addColumn('shown', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_total_pk', ['person_id', 'season'])
    .execute();
  await db.schema.createIndex('points_total_board_idx').on('points_total').columns(['org_id', 'season', 'shown', 'points desc', 'person_id']).execute();

  await db.schema
    .createTable('points_wallet')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('balance', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('gamification_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisation.id').onDelete('cascade'))
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('season_kind', 'text', (c) => c.notNull())
    .addColumn('leaderboards_enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('gamification_team')
    .addColumn('team_id', 'text', (c) => c.primaryKey().references('team.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('leaderboard_enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('gamification_person')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    // 'named', 'anonymous' or 'hidden' (opted out).
    .addColumn('leaderboard_visibility', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('badge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    // The badge's id in the rules (core/gamification/badges.ts), e.g. `streak-10`.
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('badge_org_slug_unique', ['org_id', 'slug'])
    .execute();

  await db.schema
    .createTable('badge_award')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('badge_id', 'text', (c) => c.notNull().references('badge.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    // Open Badges: the recipient's e-mail is published only hashed with this salt.
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('awarded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('badge_award_unique', ['badge_id', 'person_id'])
    .execute();
  await db.schema.createIndex('badge_award_person_idx').on('badge_award').columns(['person_id']).execute();

  await db.schema
    .createTable('reward')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cost', 'integer', (c) => c.notNull())
    // null: unlimited. Never below zero: taken by a conditional update.
    .addColumn('stock', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reward_org_idx').on('reward').columns(['org_id']).execute();

  await db.schema
    .createTable('redemption')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('reward_id', 'text', (c) => c.notNull().references('reward.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    // The learner's idempotency key: a request sent twice redeems once.
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('cost', 'integer', (c) => c.notNull())
    // 'requested', 'approved', 'declined'.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addUniqueConstraint('redemption_client_unique', ['person_id', 'client_id'])
    .execute();
  await db.schema.createIndex('redemption_org_idx').on('redemption').columns(['org_id', 'status', 'requested_at']).execute();

  // The points sweep's cursor, and the indexes it reads the learning tables by (what happened since an instant;
  // lesson_progress has one on completed_at since 0008).
  await db.schema
    .createTable('gamification_sweep')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('through', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attempt_created_idx').on('attempt').columns(['created_at']).execute();
  await db.schema.createIndex('certification_award_earned_idx').on('certification_award').columns(['earned_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['attempt_created_idx', 'certification_award_earned_idx']) await db.schema.dropIndex(index).execute();
  for (const table of ['gamification_sweep', 'redemption', 'reward', 'badge_award', 'badge', 'gamification_person', 'gamification_team', 'gamification_settings', 'points_wallet', 'points_total', 'points_entry']) {
    await db.schema.dropTable(table).execute();
  }
}
