/** Queries of deliveries, campaigns and channel settings. Every one is scoped by org_id except the dispatcher's scan. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CampaignCourseTable, CampaignMemberTable, CampaignTable, ChannelSettingsTable, DeliveryTable } from './delivery.table.ts';

export type DeliveryRow = Selectable<DeliveryTable>;
export type CampaignRow = Selectable<CampaignTable>;
export type CampaignMemberRow = Selectable<CampaignMemberTable>;
export type ChannelSettingsRow = Selectable<ChannelSettingsTable>;

/** Rows per INSERT: under SQLite's and PostgreSQL's bound-parameter limits for these tables. */
const INSERT_CHUNK = 200;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) await insert(rows.slice(start, start + INSERT_CHUNK));
}

// ---- channel settings ----

export async function findChannelSettings(db: Db, orgId: string): Promise<ChannelSettingsRow | undefined> {
  return db.selectFrom('channel_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function upsertChannelSettings(db: Db, row: Insertable<ChannelSettingsTable>): Promise<void> {
  const { org_id: _orgId, ...patch } = row;
  await db.insertInto('channel_settings').values(row).onConflict((oc) => oc.column('org_id').doUpdateSet(patch)).execute();
}

// ---- deliveries ----

/** Inserts deliveries; one whose dedupe key exists is left as it is (planning twice never sends twice). */
export async function insertDeliveries(db: Db, rows: readonly Insertable<DeliveryTable>[]): Promise<void> {
  await insertChunked(rows, (chunk) =>
    db
      .insertInto('delivery')
      .values(chunk)
      .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).doNothing())
      .execute(),
  );
}

/** Planned deliveries due at `now`, oldest first, leaving out those of campaigns that are not active. */
export async function listDueDeliveries(db: Db, now: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('delivery')
    .leftJoin('campaign', 'campaign.id', 'delivery.campaign_id')
    .selectAll('delivery')
    .where('delivery.status', '=', 'planned')
    .where('delivery.send_at', '<=', now)
    .where((eb) => eb.or([eb('delivery.campaign_id', 'is', null), eb('campaign.status', '=', 'active')]))
    .orderBy('delivery.send_at')
    .orderBy('delivery.id')
    .limit(limit)
    .execute();
}

/**
 * Marks a planned delivery as done (`sent` or `skipped`) in `trx`. Only one caller can win: the update
 * matches only while the delivery is still planned.
 * @returns whether this caller made the change.
 */
export async function settleDelivery(db: Db, id: string, patch: { status: 'sent' | 'skipped'; at: string; outcome: string | null; channels: readonly string[] | null }): Promise<boolean> {
  const result = await db
    .updateTable('delivery')
    .set({ status: patch.status, sent_at: patch.at, outcome: patch.outcome, channels_used: patch.channels ? JSON.stringify(patch.channels) : null })
    .where('id', '=', id)
    .where('status', '=', 'planned')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a planned delivery to a later time (it came due outside its learner's window). */
export async function deferDelivery(db: Db, id: string, sendAt: string): Promise<void> {
  await db.updateTable('delivery').set({ send_at: sendAt }).where('id', '=', id).where('status', '=', 'planned').execute();
}

export async function findDelivery(db: Db, orgId: string, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('delivery').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Planned deliveries of a campaign become cancelled (or are deleted, to be planned again: `remove`). */
export async function clearPlannedDeliveries(db: Db, orgId: string, campaignId: string, how: 'cancel' | 'remove', personIds?: readonly string[]): Promise<void> {
  if (personIds && personIds.length === 0) return;
  const people = personIds ? [...personIds] : null;
  if (how === 'cancel') {
    let update = db.updateTable('delivery').set({ status: 'cancelled', outcome: 'campaign_cancelled' }).where('org_id', '=', orgId).where('campaign_id', '=', campaignId).where('status', '=', 'planned');
    if (people) update = update.where('person_id', 'in', people);
    await update.execute();
    return;
  }
  let remove = db.deleteFrom('delivery').where('org_id', '=', orgId).where('campaign_id', '=', campaignId).where('status', '=', 'planned');
  if (people) remove = remove.where('person_id', 'in', people);
  await remove.execute();
}

export async function listCampaignDeliveries(db: Db, orgId: string, campaignId: string): Promise<DeliveryRow[]> {
  return db.selectFrom('delivery').selectAll().where('org_id', '=', orgId).where('campaign_id', '=', campaignId).orderBy('person_id').orderBy('sequence').execute();
}

/** A person's inbox: what was delivered to them, newest first. */
export async function listInbox(db: Db, orgId: string, personId: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('delivery')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('status', '=', 'sent')
    .orderBy('sent_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function markDeliveryRead(db: Db, orgId: string, personId: string, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('delivery').set({ read_at: at }).where('org_id', '=', orgId).where('person_id', '=', personId).where('id', '=', id).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The latest planned or sent trigger delivery of a lesson (or course) to a person at or after `since` (cool-downs). */
export async function findRecentTriggerDelivery(db: Db, orgId: string, personId: string, target: { courseId: string; lessonId: string | null }, since: string): Promise<DeliveryRow | undefined> {
  let query = db
    .selectFrom('delivery')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('kind', '=', 'trigger')
    .where('course_id', '=', target.courseId)
    .where('status', 'in', ['planned', 'sent'])
    .where('send_at', '>=', since);
  query = target.lessonId ? query.where('lesson_id', '=', target.lessonId) : query.where('lesson_id', 'is', null);
  return query.orderBy('send_at', 'desc').executeTakeFirst();
}

// ---- campaigns ----

export async function insertCampaign(db: Db, row: Insertable<CampaignTable>, courseIds: readonly string[]): Promise<void> {
  await db.insertInto('campaign').values(row).execute();
  await db
    .insertInto('campaign_course')
    .values(courseIds.map((courseId, position) => ({ campaign_id: row.id, org_id: row.org_id, position, course_id: courseId, course_version: null })))
    .execute();
}

export async function replaceCampaignCourses(db: Db, orgId: string, campaignId: string, courses: ReadonlyArray<{ courseId: string; version: number | null }>): Promise<void> {
  await db.deleteFrom('campaign_course').where('campaign_id', '=', campaignId).where('org_id', '=', orgId).execute();
  await db
    .insertInto('campaign_course')
    .values(courses.map((course, position) => ({ campaign_id: campaignId, org_id: orgId, position, course_id: course.courseId, course_version: course.version })))
    .execute();
}

export async function updateCampaign(db: Db, orgId: string, id: string, patch: Updateable<CampaignTable>): Promise<void> {
  await db.updateTable('campaign').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Changes a campaign's status only if it is still in one of `from` (two admins clicking at once: one wins). */
export async function moveCampaign(db: Db, orgId: string, id: string, from: readonly CampaignTable['status'][], patch: Updateable<CampaignTable>): Promise<boolean> {
  const result = await db.updateTable('campaign').set(patch).where('org_id', '=', orgId).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findCampaign(db: Db, orgId: string, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaign').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function listCampaigns(db: Db, orgId: string): Promise<CampaignRow[]> {
  return db.selectFrom('campaign').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
}

/** Active campaigns of every organisation (the audience sync and end-of-campaign check). */
export async function listActiveCampaigns(db: Db): Promise<CampaignRow[]> {
  return db.selectFrom('campaign').selectAll().where('status', '=', 'active').execute();
}

export async function listCampaignCourses(db: Db, orgId: string, campaignId: string): Promise<Selectable<CampaignCourseTable>[]> {
  return db.selectFrom('campaign_course').selectAll().where('org_id', '=', orgId).where('campaign_id', '=', campaignId).orderBy('position').execute();
}

export async function insertMembers(db: Db, rows: readonly Insertable<CampaignMemberTable>[]): Promise<void> {
  await insertChunked(rows, (chunk) =>
    db
      .insertInto('campaign_member')
      .values(chunk)
      .onConflict((oc) => oc.columns(['campaign_id', 'person_id']).doNothing())
      .execute(),
  );
}

export async function listMembers(db: Db, orgId: string, campaignId: string): Promise<CampaignMemberRow[]> {
  return db.selectFrom('campaign_member').selectAll().where('org_id', '=', orgId).where('campaign_id', '=', campaignId).execute();
}

export async function setMemberPlanIssue(db: Db, campaignId: string, personId: string, issue: CampaignMemberRow['plan_issue'], lessons: number): Promise<void> {
  await db.updateTable('campaign_member').set({ plan_issue: issue, plan_issue_lessons: lessons }).where('campaign_id', '=', campaignId).where('person_id', '=', personId).execute();
}

/** Whether the campaign still has planned deliveries (when none are left, it has ended). */
export async function hasPlannedDeliveries(db: Db, orgId: string, campaignId: string): Promise<boolean> {
  const row = await db.selectFrom('delivery').select('id').where('org_id', '=', orgId).where('campaign_id', '=', campaignId).where('status', '=', 'planned').limit(1).executeTakeFirst();
  return Boolean(row);
}
