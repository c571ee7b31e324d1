/** What the identity module holds about a person (issue 9), and how an erasure treats it. */
import type { Db } from '../../db/database.ts';
import { relabelPersonEvents } from './audit.repository.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, type PrivacySubject } from './privacy.parts.ts';

/** The erased person's email: unique (their id), and under `.invalid`, a top-level domain that never routes (RFC 2606). */
export function erasedEmailOf(personId: string): string {
  return `erased-${personId}@erased.invalid`;
}

/** The name an erased person row carries. */
export const ERASED_NAME = 'Erased person';

const tables: readonly PersonTableSpec[] = [
  { table: 'person', column: 'id', erase: 'anonymise', why: 'The row stays (name, email and HR facts replaced, deactivated) so counts and references elsewhere hold.', json: ['working_days', 'preferred_channels', 'attributes'], omit: ['password_hash'] },
  { table: 'person_role', column: 'person_id', erase: 'keep', why: 'Roles of the anonymised row say nothing about who they were.' },
  { table: 'team_member', column: 'person_id', erase: 'keep', why: 'Team sizes stay as they were; the row names only the anonymised person.' },
  // The session's id is the SHA-256 of its cookie and the CSRF token a secret: neither is exported.
  { table: 'session', column: 'person_id', erase: 'delete', omit: ['id', 'csrf_token'] },
  { table: 'auth_link', column: 'person_id', erase: 'delete', omit: ['token_hash'] },
  { table: 'privacy_request', column: 'person_id', erase: 'keep', why: 'The audit trail of exports and erasures.', json: ['report'] },
  // What someone did in the organisation (as an admin, author or manager) must outlive them: the rows stay, naming the
  // anonymised person row, and the name recorded at the time becomes the erased name.
  { table: 'audit_event', column: 'actor_person_id', erase: 'anonymise', why: 'The record of who did what in the organisation stays; the name recorded with it is replaced.', json: ['fields'] },
];

/** The identity module's part: the person row (anonymised on erasure), roles, teams, sessions, sign-in links, privacy requests, audit events. */
export const identityPersonData: PersonDataPart = {
  module: 'identity',
  tables,
  async exportMore(db: Db, subject: PrivacySubject) {
    const teams = await db
      .selectFrom('team_member as tm')
      .innerJoin('team as t', 't.id', 'tm.team_id')
      .select(['t.id as teamId', 't.name', 'tm.role', 'tm.created_at as joinedAt'])
      .where('tm.org_id', '=', subject.orgId)
      .where('tm.person_id', '=', subject.personId)
      .orderBy('t.name')
      .execute();
    return { teams };
  },
  async erase(trx: Db, subject: PrivacySubject, now: string) {
    const removed = await deleteInOrder(trx, tables, subject);
    const result = await trx
      .updateTable('person')
      .set({
        display_name: ERASED_NAME,
        email: erasedEmailOf(subject.personId),
        password_hash: null,
        phone: null,
        chat_handle: null,
        external_id: null,
        time_zone: null,
        working_days: null,
        work_start: null,
        work_end: null,
        locale: null,
        preferred_channels: '[]',
        manager_id: null,
        attributes: '{}',
        email_opt_out_at: now,
        status: 'deactivated',
        updated_at: now,
      })
      .where('org_id', '=', subject.orgId)
      .where('id', '=', subject.personId)
      .executeTakeFirst();
    // Not counted as removed: the rows stay, only the name recorded with them changes.
    await relabelPersonEvents(trx, subject.orgId, subject.personId, ERASED_NAME);
    return { ...removed, person: Number(result.numUpdatedRows) };
  },
};
