import type { Db } from '../../db/database.ts';
import type { PrivacyRequestTable } from './privacy.table.ts';

// Repositories only query. Every query filters by org_id.

export async function insertPrivacyRequest(db: Db, row: PrivacyRequestTable): Promise<void> {
  await db.insertInto('privacy_request').values(row).execute();
}

/** An organisation's privacy requests, newest first, optionally about one person, with names as they are now. */
export async function listPrivacyRequests(db: Db, orgId: string, filter: { personId?: string | undefined; limit: number }) {
  return db
    .selectFrom('privacy_request as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('person as by', 'by.id', 'r.requested_by')
    .select(['r.id', 'r.kind', 'r.person_id', 'p.display_name as person_name', 'r.requested_by', 'by.display_name as requested_by_name', 'r.report', 'r.created_at'])
    .where('r.org_id', '=', orgId)
    .$if(filter.personId !== undefined, (q) => q.where('r.person_id', '=', filter.personId!))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** Whether the person is an active admin. */
export async function isActiveAdmin(db: Db, orgId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('person_role')
    .innerJoin('person', 'person.id', 'person_role.person_id')
    .select('person.id')
    .where('person_role.org_id', '=', orgId)
    .where('person_role.person_id', '=', personId)
    .where('person_role.role', '=', 'admin')
    .where('person.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}
