/**
 * A campaign's two arms as outcome analyses read them (issue 8): the people sent the training and the randomised
 * hold-out, and when the campaign started. A system read for the analytics module.
 */
import type { Db } from '../../db/database.ts';

/** @returns undefined when the organisation has no such campaign. */
export async function findCampaignArms(db: Db, orgId: string, campaignId: string): Promise<{ name: string; launchedAt: string | null; trained: string[]; heldOut: string[] } | undefined> {
  const campaign = await db.selectFrom('campaign').select(['name', 'launched_at']).where('org_id', '=', orgId).where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) return undefined;
  const members = await db.selectFrom('campaign_member').select(['person_id', 'arm']).where('org_id', '=', orgId).where('campaign_id', '=', campaignId).execute();
  return {
    name: campaign.name,
    launchedAt: campaign.launched_at,
    trained: members.filter((m) => m.arm === 'trained').map((m) => m.person_id),
    heldOut: members.filter((m) => m.arm === 'held_out').map((m) => m.person_id),
  };
}

/** The launched campaigns with a hold-out: the ones whose arms can be compared, newest launch first. */
export async function listHoldOutCampaigns(db: Db, orgId: string): Promise<{ id: string; name: string; holdoutPercent: number; launchedAt: string }[]> {
  const rows = await db
    .selectFrom('campaign')
    .select(['id', 'name', 'holdout_percent', 'launched_at'])
    .where('org_id', '=', orgId)
    .where('holdout_percent', '>', 0)
    .where('launched_at', 'is not', null)
    .orderBy('launched_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, holdoutPercent: Number(row.holdout_percent), launchedAt: row.launched_at as string }));
}
