import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuthLinkTable, SessionTable } from './identity.table.ts';

// Sessions and sign-in links. Tokens are stored only as hashes.

export async function insertSession(db: Db, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('session').values(row).execute();
}

/** The session with this id, if it has not expired at `now` and its person is active (one query: it runs on every request). */
export async function findLiveSession(db: Db, id: string, now: string): Promise<Selectable<SessionTable> | undefined> {
  return db
    .selectFrom('session')
    .innerJoin('person', 'person.id', 'session.person_id')
    .selectAll('session')
    .where('session.id', '=', id)
    .where('session.expires_at', '>', now)
    .where('person.status', '=', 'active')
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('session').where('expires_at', '<=', now).execute();
}

export async function insertAuthLink(db: Db, row: Insertable<AuthLinkTable>): Promise<void> {
  await db.insertInto('auth_link').values(row).execute();
}

/**
 * Marks the unused, unexpired link with this hash as used and returns it; returns undefined when there is no
 * such link. One statement, so two concurrent redemptions cannot both succeed.
 */
export async function consumeAuthLink(
  db: Db,
  tokenHash: string,
  purpose: AuthLinkTable['purpose'],
  now: string,
): Promise<Selectable<AuthLinkTable> | undefined> {
  return db
    .updateTable('auth_link')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Ends every session of the person except `keepId` (the one changing the password). */
export async function deleteOtherSessions(db: Db, orgId: string, personId: string, keepId: string | null): Promise<void> {
  let query = db.deleteFrom('session').where('org_id', '=', orgId).where('person_id', '=', personId);
  if (keepId) query = query.where('id', '!=', keepId);
  await query.execute();
}
