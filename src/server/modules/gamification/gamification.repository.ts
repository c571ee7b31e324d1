import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { BadgeAwardTable, BadgeTable, PointsEntryTable, StreakCheckpointTable } from './gamification.table.ts';

// Repositories only query. Every query filters by org_id (or by a person, whose id is unique across organisations).

/** The season every entry counts in. */
export const ALL_TIME = 'all';

/**
 * Adds an entry to the ledger unless the person already has one with its key, and when it was added, adds its
 * points to the person's totals (all time and the entry's two seasons) and wallet, in the caller's transaction.
 * @returns whether the entry was new.
 */
export async function insertEntryIfAbsent(trx: Db, entry: PointsEntryTable): Promise<boolean> {
  const inserted = await trx
    .insertInto('points_entry')
    .values(entry)
    .onConflict((oc) => oc.columns(['person_id', 'award_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  if (entry.points > 0) {
    for (const season of [ALL_TIME, entry.season_week, entry.season_month]) {
      await trx
        .insertInto('points_total')
        .values({ org_id: entry.org_id, person_id: entry.person_id, season, points: entry.points, shown: shownExpression(entry.person_id) })
        .onConflict((oc) => oc.columns(['person_id', 'season']).doUpdateSet({ points: sql`points_total.points + ${entry.points}` }))
        .execute();
    }
  }
  await trx
    .insertInto('points_wallet')
    .values({ person_id: entry.person_id, org_id: entry.org_id, balance: entry.points, updated_at: entry.created_at })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: sql`points_wallet.balance + ${entry.points}`, updated_at: entry.created_at }))
    .execute();
  return true;
}

/** 1 when the person appears on leaderboards (active, not hidden), else 0: what `points_total.shown` holds. */
function shownExpression(personId: string | ReturnType<typeof sql>) {
  return sql<number>`(CASE WHEN EXISTS (SELECT 1 FROM person WHERE person.id = ${personId} AND person.status = 'active')
    AND NOT EXISTS (SELECT 1 FROM gamification_person gp WHERE gp.person_id = ${personId} AND gp.leaderboard_visibility = 'hidden') THEN 1 ELSE 0 END)`;
}

/** Sets `shown` again on a person's totals (or every person's of an organisation) after their status or choice changed. */
export async function refreshShown(db: Db, orgId: string, personId?: string): Promise<void> {
  await db
    .updateTable('points_total')
    .set({ shown: shownExpression(sql`points_total.person_id`) })
    .where('org_id', '=', orgId)
    .$if(personId !== undefined, (q) => q.where('person_id', '=', personId!))
    .execute();
}

/** Points a person earned from an instant up to another (the daily cap's count; refunds are not earnings). */
export async function sumEarnedBetween(db: Db, personId: string, from: string, to: string): Promise<number> {
  const row = await db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('total'))
    .where('person_id', '=', personId)
    .where('points', '>', 0)
    // A refund gives back what was spent: it was earned before, and does not count again.
    .where('reason', '!=', 'refund')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function listEntries(db: Db, orgId: string, personId: string, limit: number) {
  return db.selectFrom('points_entry').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function totalsOf(db: Db, orgId: string, personId: string, seasons: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.selectFrom('points_total').select(['season', 'points']).where('org_id', '=', orgId).where('person_id', '=', personId).where('season', 'in', [...seasons]).execute();
  return new Map(rows.map((r) => [r.season, Number(r.points)]));
}

export async function balanceOf(db: Db, orgId: string, personId: string): Promise<number> {
  const row = await db.selectFrom('points_wallet').select('balance').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/** Ledger sums per person (for checking the totals against the single source of truth). */
export async function ledgerSums(db: Db, orgId: string): Promise<Map<string, { earned: number; balance: number }>> {
  const rows = await db
    .selectFrom('points_entry')
    .select((eb) => ['person_id', eb.fn.sum<number>(sql`case when points > 0 and reason <> 'refund' then points else 0 end`).as('earned'), eb.fn.sum<number>('points').as('balance')])
    .where('org_id', '=', orgId)
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id, { earned: Number(r.earned), balance: Number(r.balance) }]));
}

export async function findSettings(db: Db, orgId: string) {
  return db.selectFrom('gamification_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function upsertSettings(db: Db, row: { org_id: string; rules: string; season_kind: 'weekly' | 'monthly'; leaderboards_enabled: number; updated_at: string }): Promise<void> {
  await db
    .insertInto('gamification_settings')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ rules: row.rules, season_kind: row.season_kind, leaderboards_enabled: row.leaderboards_enabled, updated_at: row.updated_at }))
    .execute();
}

export async function sweepCursor(db: Db, name: string): Promise<string | undefined> {
  return (await db.selectFrom('gamification_sweep').select('through').where('name', '=', name).executeTakeFirst())?.through;
}

export async function setSweepCursor(db: Db, name: string, through: string): Promise<void> {
  await db
    .insertInto('gamification_sweep')
    .values({ name, through })
    .onConflict((oc) => oc.column('name').doUpdateSet({ through }))
    .execute();
}

/** People shown on a board (active, not hidden: `shown`, so the board index alone answers), optionally one team's. */
function boardPeople(db: Db, orgId: string, season: string, teamId: string | undefined) {
  return db
    .selectFrom('points_total as pt')
    .where('pt.org_id', '=', orgId)
    .where('pt.season', '=', season)
    .where('pt.shown', '=', 1)
    .where('pt.points', '>', 0)
    .$if(teamId !== undefined, (q) => q.where((eb) => eb.exists(eb.selectFrom('team_member as tm').select('tm.person_id').whereRef('tm.person_id', '=', 'pt.person_id').where('tm.team_id', '=', teamId!).where('tm.org_id', '=', orgId))));
}

/** The top of a board: most points first, then by person id (a stable order for ties), with names and choices. */
export async function topOfBoard(db: Db, orgId: string, season: string, teamId: string | undefined, limit: number) {
  const top = boardPeople(db, orgId, season, teamId).select(['pt.person_id', 'pt.points']).orderBy('pt.points', 'desc').orderBy('pt.person_id').limit(limit);
  return db
    .selectFrom(top.as('top'))
    .innerJoin('person as p', 'p.id', 'top.person_id')
    .leftJoin('gamification_person as gp', 'gp.person_id', 'top.person_id')
    .select(['top.person_id', 'top.points', 'p.display_name', 'gp.leaderboard_visibility'])
    .orderBy('top.points', 'desc')
    .orderBy('top.person_id')
    .execute();
}

/** How many people on the board have more points than `points` (a competition rank is that plus one). */
export async function countAbove(db: Db, orgId: string, season: string, teamId: string | undefined, points: number): Promise<number> {
  const row = await boardPeople(db, orgId, season, teamId)
    .where('pt.points', '>', points)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Each team's points in a season and its active members (everyone counts toward the team, shown or not). */
export async function teamTotals(db: Db, orgId: string, season: string) {
  return db
    .selectFrom('team as t')
    .innerJoin('team_member as tm', (join) => join.onRef('tm.team_id', '=', 't.id').on('tm.org_id', '=', orgId))
    .innerJoin('person as p', (join) => join.onRef('p.id', '=', 'tm.person_id').on('p.status', '=', 'active'))
    .leftJoin('points_total as pt', (join) => join.onRef('pt.person_id', '=', 'tm.person_id').on('pt.season', '=', season))
    .leftJoin('gamification_team as gt', 'gt.team_id', 't.id')
    .where('t.org_id', '=', orgId)
    .where((eb) => eb.or([eb('gt.leaderboard_enabled', 'is', null), eb('gt.leaderboard_enabled', '=', 1)]))
    .groupBy(['t.id', 't.name'])
    .select((eb) => ['t.id', 't.name', eb.fn.coalesce(eb.fn.sum<number>('pt.points'), sql<number>`0`).as('points'), eb.fn.count<number>('tm.person_id').distinct().as('members')])
    .execute();
}

export async function teamsOfPerson(db: Db, orgId: string, personId: string) {
  return db
    .selectFrom('team_member as tm')
    .innerJoin('team as t', 't.id', 'tm.team_id')
    .select(['t.id', 't.name', 'tm.role'])
    .where('tm.org_id', '=', orgId)
    .where('tm.person_id', '=', personId)
    .orderBy('t.name')
    .execute();
}

export async function findTeam(db: Db, orgId: string, teamId: string) {
  return db.selectFrom('team').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', teamId).executeTakeFirst();
}

export async function isTeamBoardEnabled(db: Db, teamId: string): Promise<boolean> {
  const row = await db.selectFrom('gamification_team').select('leaderboard_enabled').where('team_id', '=', teamId).executeTakeFirst();
  return row === undefined || row.leaderboard_enabled === 1;
}

export async function setTeamBoard(db: Db, row: { team_id: string; org_id: string; leaderboard_enabled: number; updated_at: string }): Promise<void> {
  await db
    .insertInto('gamification_team')
    .values(row)
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ leaderboard_enabled: row.leaderboard_enabled, updated_at: row.updated_at }))
    .execute();
}

export async function visibilityOf(db: Db, personId: string): Promise<'named' | 'anonymous' | 'hidden'> {
  return (await db.selectFrom('gamification_person').select('leaderboard_visibility').where('person_id', '=', personId).executeTakeFirst())?.leaderboard_visibility ?? 'named';
}

export async function setVisibility(db: Db, row: { person_id: string; org_id: string; leaderboard_visibility: 'named' | 'anonymous' | 'hidden'; updated_at: string }): Promise<void> {
  await db
    .insertInto('gamification_person')
    .values(row)
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ leaderboard_visibility: row.leaderboard_visibility, updated_at: row.updated_at }))
    .execute();
  await refreshShown(db, row.org_id, row.person_id);
}

export async function findStreakCheckpoint(db: Db, personId: string): Promise<StreakCheckpointTable | undefined> {
  return db.selectFrom('streak_checkpoint').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

/** Stores a person's streak checkpoint unless the one stored is as late already: checkpoints only move forward. */
export async function saveStreakCheckpoint(db: Db, row: StreakCheckpointTable): Promise<void> {
  const { person_id: _, org_id: __, ...state } = row;
  await db
    .insertInto('streak_checkpoint')
    .values(row)
    .onConflict((oc) => oc.column('person_id').doUpdateSet(state).where('streak_checkpoint.through', '<', row.through))
    .execute();
}

export async function listBadges(db: Db, orgId: string) {
  return db.selectFrom('badge').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('slug').execute();
}

/** Adds badges unless the organisation has one of the same slug (two first reads at once add the defaults once). */
export async function insertBadgesIfAbsent(db: Db, rows: readonly Insertable<BadgeTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('badge')
    .values([...rows])
    .onConflict((oc) => oc.columns(['org_id', 'slug']).doNothing())
    .execute();
}

export async function insertBadge(db: Db, row: Insertable<BadgeTable>): Promise<void> {
  await db.insertInto('badge').values(row).execute();
}

export async function updateBadge(db: Db, orgId: string, badgeId: string, patch: { name: string; description: string; rule: string; active: number; updated_at: string }): Promise<void> {
  await db.updateTable('badge').set(patch).where('org_id', '=', orgId).where('id', '=', badgeId).execute();
}

/** A person's awards, with each badge's slug. */
export async function listBadgeAwards(db: Db, orgId: string, personId: string) {
  return db
    .selectFrom('badge_award as a')
    .innerJoin('badge as b', 'b.id', 'a.badge_id')
    .select(['a.id', 'a.badge_id', 'a.awarded_at', 'b.slug'])
    .where('a.org_id', '=', orgId)
    .where('a.person_id', '=', personId)
    .execute();
}

/** Awards a badge unless the person holds it already; returns whether it was new. */
export async function insertBadgeAwardIfAbsent(db: Db, row: Insertable<BadgeAwardTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('badge_award')
    .values(row)
    .onConflict((oc) => oc.columns(['badge_id', 'person_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** One award with its recipient's email (hashed into the assertion). */
export async function findBadgeAward(db: Db, orgId: string, awardId: string) {
  return db
    .selectFrom('badge_award as a')
    .innerJoin('person as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.badge_id', 'a.salt', 'a.awarded_at', 'p.email'])
    .where('a.org_id', '=', orgId)
    .where('a.id', '=', awardId)
    .executeTakeFirst();
}
