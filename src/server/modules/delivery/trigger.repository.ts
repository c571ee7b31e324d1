/** Queries of trigger rules and trigger events, always scoped by org_id. Deliveries go through delivery.repository.ts. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TriggerEventTable, TriggerRuleTable } from './delivery.table.ts';

export type TriggerRuleRow = Selectable<TriggerRuleTable>;
export type TriggerEventRow = Selectable<TriggerEventTable>;

// ---- rules ----

export async function insertTriggerRule(db: Db, row: Insertable<TriggerRuleTable>): Promise<void> {
  await db.insertInto('trigger_rule').values(row).execute();
}

export async function updateTriggerRule(db: Db, orgId: string, id: string, patch: Updateable<TriggerRuleTable>): Promise<void> {
  await db.updateTable('trigger_rule').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** @returns whether a rule was deleted. */
export async function deleteTriggerRule(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('trigger_rule').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findTriggerRule(db: Db, orgId: string, id: string): Promise<TriggerRuleRow | undefined> {
  return db.selectFrom('trigger_rule').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Every rule of the organisation, oldest first (the order rules fire in). */
export async function listTriggerRules(db: Db, orgId: string): Promise<TriggerRuleRow[]> {
  return db.selectFrom('trigger_rule').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
}

/** The active rules of one event type (stored lower-cased), oldest first. */
export async function listActiveTriggerRules(db: Db, orgId: string, eventType: string): Promise<TriggerRuleRow[]> {
  return db
    .selectFrom('trigger_rule')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('event_type', '=', eventType)
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A deleted rule's deliveries that have not gone yet are cancelled: deleting a rule stops it. */
export async function cancelPlannedRuleDeliveries(db: Db, orgId: string, ruleId: string): Promise<void> {
  await db.updateTable('delivery').set({ status: 'cancelled', outcome: 'rule_deleted' }).where('org_id', '=', orgId).where('rule_id', '=', ruleId).where('status', '=', 'planned').execute();
}

// ---- events ----

/**
 * Inserts an event.
 * @throws the driver's unique violation when the organisation already has an event with this idempotency key.
 */
export async function insertTriggerEvent(db: Db, row: Insertable<TriggerEventTable>): Promise<void> {
  await db.insertInto('trigger_event').values(row).execute();
}

export async function setTriggerEventResult(db: Db, orgId: string, id: string, result: string): Promise<void> {
  await db.updateTable('trigger_event').set({ result }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function findTriggerEventByKey(db: Db, orgId: string, idempotencyKey: string): Promise<TriggerEventRow | undefined> {
  return db.selectFrom('trigger_event').selectAll().where('org_id', '=', orgId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** The latest events received, newest first. */
export async function listTriggerEvents(db: Db, orgId: string, limit: number): Promise<TriggerEventRow[]> {
  return db.selectFrom('trigger_event').selectAll().where('org_id', '=', orgId).orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

// ---- people (lookup by what an integration knows them by) ----

/**
 * The ids of the active people of an organisation with this email (compared lower-cased, as stored) or external
 * id; at most two, enough to tell "one" from "several" (external ids are not unique).
 */
export async function findActivePersonIds(db: Db, orgId: string, reference: { email: string } | { externalId: string }): Promise<string[]> {
  let query = db.selectFrom('person').select('id').where('org_id', '=', orgId).where('status', '=', 'active');
  query = 'email' in reference ? query.where('email', '=', reference.email.trim().toLowerCase()) : query.where('external_id', '=', reference.externalId.trim());
  const rows = await query.orderBy('created_at').orderBy('id').limit(2).execute();
  return rows.map((row) => row.id);
}
