import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PointsEntryTable, RedemptionTable, RewardTable } from './gamification.table.ts';

// Repositories only query. Every query filters by org_id. The conditional updates are the concurrency guarantees:
// each checks and changes in one statement, so two requests at once cannot both pass a check the other invalidates.

export type RewardRow = RewardTable;
export type RedemptionRow = RedemptionTable & { reward_name: string };

export async function insertReward(db: Db, row: RewardTable): Promise<void> {
  await db.insertInto('reward').values(row).execute();
}

export async function findReward(db: Db, orgId: string, id: string): Promise<RewardRow | undefined> {
  return db.selectFrom('reward').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Rewards by name (then id); only active ones unless `includeInactive`. */
export async function listRewards(db: Db, orgId: string, options: { includeInactive: boolean }): Promise<RewardRow[]> {
  let query = db.selectFrom('reward').selectAll().where('org_id', '=', orgId);
  if (!options.includeInactive) query = query.where('active', '=', 1);
  return query.orderBy('name').orderBy('id').execute();
}

/** @returns whether the reward was found (and changed). */
export async function updateReward(db: Db, orgId: string, id: string, patch: Partial<Pick<RewardTable, 'name' | 'description' | 'cost' | 'stock' | 'active'>> & { updated_at: string }): Promise<boolean> {
  const result = await db.updateTable('reward').set(patch).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Takes one unit of an active reward's stock (nothing to take when the stock is unlimited, but the row is still
 * locked until the transaction ends) in one conditional statement.
 * @returns the reward's cost as of that statement, or undefined when it is inactive, out of stock or not there.
 */
export async function takeRewardUnit(trx: Db, orgId: string, id: string): Promise<{ cost: number; name: string } | undefined> {
  const row = await trx
    .updateTable('reward')
    // null - 1 is null: an unlimited reward stays unlimited.
    .set({ stock: sql<number | null>`stock - 1` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>', 0)]))
    .returning(['cost', 'name'])
    .executeTakeFirst();
  return row ? { cost: Number(row.cost), name: row.name } : undefined;
}

/** Puts one unit back into a reward's stock, when it has a stock (a declined redemption's). */
export async function returnRewardUnit(trx: Db, orgId: string, id: string): Promise<void> {
  await trx
    .updateTable('reward')
    .set({ stock: sql<number>`stock + 1` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('stock', 'is not', null)
    .execute();
}

/**
 * Takes points from a person's wallet only when the balance covers them, in one conditional statement.
 * @returns whether they were taken (false: not enough points, or no wallet yet).
 */
export async function deductFromWallet(trx: Db, orgId: string, personId: string, points: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('points_wallet')
    .set({ balance: sql<number>`balance - ${points}`, updated_at: at })
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('balance', '>=', points)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives points back to a person's wallet (a refund); creates the wallet if it is somehow missing. */
export async function creditWallet(trx: Db, orgId: string, personId: string, points: number, at: string): Promise<void> {
  await trx
    .insertInto('points_wallet')
    .values({ person_id: personId, org_id: orgId, balance: points, updated_at: at })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ balance: sql<number>`points_wallet.balance + ${points}`, updated_at: at }))
    .execute();
}

/**
 * Adds a spending or refund entry to the ledger. Unlike `insertEntryIfAbsent` it touches neither the totals (spending
 * never lowers what was earned, and a refund is not earning) nor the wallet (the caller moves it conditionally).
 * @throws the driver's unique violation when the person already has an entry with this key.
 */
export async function insertLedgerEntry(trx: Db, entry: PointsEntryTable): Promise<void> {
  await trx.insertInto('points_entry').values(entry).execute();
}

export async function balanceOf(db: Db, orgId: string, personId: string): Promise<number> {
  const row = await db.selectFrom('points_wallet').select('balance').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/** @throws the driver's unique violation when the person already used this client id. */
export async function insertRedemption(trx: Db, row: RedemptionTable): Promise<void> {
  await trx.insertInto('redemption').values(row).execute();
}

function selectRedemptions(db: Db, orgId: string) {
  return db
    .selectFrom('redemption')
    .innerJoin('reward', 'reward.id', 'redemption.reward_id')
    .selectAll('redemption')
    .select('reward.name as reward_name')
    .where('redemption.org_id', '=', orgId)
    .where('reward.org_id', '=', orgId);
}

export async function findRedemption(db: Db, orgId: string, id: string): Promise<RedemptionRow | undefined> {
  return selectRedemptions(db, orgId).where('redemption.id', '=', id).executeTakeFirst();
}

export async function findRedemptionByClientId(db: Db, orgId: string, personId: string, clientId: string): Promise<RedemptionRow | undefined> {
  return selectRedemptions(db, orgId).where('redemption.person_id', '=', personId).where('redemption.client_id', '=', clientId).executeTakeFirst();
}

/** A person's own redemptions, newest first. */
export async function listPersonRedemptions(db: Db, orgId: string, personId: string, options: { status?: RedemptionTable['status']; limit: number }): Promise<RedemptionRow[]> {
  let query = selectRedemptions(db, orgId).where('redemption.person_id', '=', personId);
  if (options.status) query = query.where('redemption.status', '=', options.status);
  return query.orderBy('redemption.requested_at', 'desc').orderBy('redemption.id', 'desc').limit(options.limit).execute();
}

/** The organisation's redemptions: those still to decide first, then the rest; oldest first within each. */
export async function listOrganisationRedemptions(db: Db, orgId: string, options: { status?: RedemptionTable['status']; limit: number }): Promise<RedemptionRow[]> {
  let query = selectRedemptions(db, orgId);
  if (options.status) query = query.where('redemption.status', '=', options.status);
  return query
    .orderBy(sql`case when redemption.status = 'requested' then 0 else 1 end`)
    .orderBy('redemption.requested_at')
    .orderBy('redemption.id')
    .limit(options.limit)
    .execute();
}

/**
 * Decides a redemption that is still `requested`, in one conditional statement: of two decisions at once, one
 * changes the row and the other finds it decided.
 * @returns the decided row (its reward, person and cost, as charged), or undefined when it was not `requested` or not there.
 */
export async function decideRedemption(
  trx: Db,
  orgId: string,
  id: string,
  decision: { status: 'approved' | 'declined'; note: string | null; decided_at: string; decided_by: string | null },
): Promise<Pick<RedemptionTable, 'id' | 'reward_id' | 'person_id' | 'cost'> | undefined> {
  return trx
    .updateTable('redemption')
    .set(decision)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .returning(['id', 'reward_id', 'person_id', 'cost'])
    .executeTakeFirst();
}
