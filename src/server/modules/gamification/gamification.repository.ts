import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PointsEntryTable } from './gamification.table.ts';

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
        .values({ org_id: entry.org_id, person_id: entry.person_id, season, points: entry.points })
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

/** Points a person earned from an instant up to another (the daily cap's count). */
export async function sumEarnedBetween(db: Db, personId: string, from: string, to: string): Promise<number> {
  const row = await db
    .selectFrom('points_entry')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('total'))
    .where('person_id', '=', personId)
    .where('points', '>', 0)
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
    .select((eb) => ['person_id', eb.fn.sum<number>(sql`case when points > 0 then points else 0 end`).as('earned'), eb.fn.sum<number>('points').as('balance')])
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
