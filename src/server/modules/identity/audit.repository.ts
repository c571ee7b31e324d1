import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuditEventTable } from './audit.table.ts';

// Repositories only query. Every query filters by org_id.

export async function insertAuditEvent(db: Db, row: AuditEventTable): Promise<void> {
  await db.insertInto('audit_event').values(row).execute();
}

/** What a page of the audit log is filtered by; `before` is the last row of the previous page. */
export interface AuditFilter {
  actorId?: string | undefined;
  routePrefix?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: { createdAt: string; id: string } | undefined;
  limit: number;
}

/** An organisation's audit events, newest first. */
export async function listAuditEvents(db: Db, orgId: string, filter: AuditFilter): Promise<AuditEventTable[]> {
  const { actorId, routePrefix, from, to, before } = filter;
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('org_id', '=', orgId)
    .$if(actorId !== undefined, (q) => q.where((eb) => eb.or([eb('actor_person_id', '=', actorId!), eb('actor_token_id', '=', actorId!)])))
    // A prefix without LIKE, so `_` and `%` in the filter mean themselves on both databases.
    .$if(routePrefix !== undefined, (q) => q.where(sql<string>`substr(route, 1, ${routePrefix!.length})`, '=', routePrefix!))
    .$if(from !== undefined, (q) => q.where('created_at', '>=', from!))
    .$if(to !== undefined, (q) => q.where('created_at', '<', to!))
    .$if(before !== undefined, (q) =>
      q.where((eb) => eb.or([eb('created_at', '<', before!.createdAt), eb.and([eb('created_at', '=', before!.createdAt), eb('id', '<', before!.id)])])),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** The display name of a person of the organisation, if there is one. */
export async function findPersonLabel(db: Db, orgId: string, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('person').select('display_name').where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst();
  return row?.display_name;
}

/** The name of an API token of the organisation (revoked ones included), if there is one. */
export async function findTokenLabel(db: Db, orgId: string, tokenId: string): Promise<string | undefined> {
  const row = await db.selectFrom('api_token').select('name').where('org_id', '=', orgId).where('id', '=', tokenId).executeTakeFirst();
  return row?.name;
}

/** Replaces the name on a person's audit events (erasure); returns how many changed. */
export async function relabelPersonEvents(db: Db, orgId: string, personId: string, label: string): Promise<number> {
  const result = await db.updateTable('audit_event').set({ actor_label: label }).where('org_id', '=', orgId).where('actor_person_id', '=', personId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
