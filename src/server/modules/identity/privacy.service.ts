/**
 * Privacy (issue 9): one person's data exported on request (by an admin, or by the person themselves) and erased on
 * request (by an admin, who types the person's email to confirm). Each module describes what it holds about a person
 * as a `PersonDataPart` (its `privacy.ts`); this service reads every part for an export and runs every part's erasure
 * in one transaction, then anonymises the person row rather than deleting it, so counts elsewhere (team sizes,
 * campaign arms) stay consistent. Each export and erasure is recorded in `privacy_request`: who, when, whom, and the
 * rows per table, for admins to read.
 */
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, requirePerson, requireRole } from './access.ts';
import { countActiveAdmins, findPersonRow, getOrganisationRow } from './identity.repository.ts';
import { countPersonRows, type ExportSections, type PersonDataPart, type PrivacySubject, readPersonRows } from './privacy.parts.ts';
import * as repo from './privacy.repository.ts';
import type { ErasureReport, EraseBody, PersonExport, PrivacyRequest, PrivacyRequestQuery } from './privacy.schemas.ts';

export interface PrivacyDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  /** Every module's part, identity's included. */
  parts: readonly PersonDataPart[];
  /**
   * Waits for background work started by the person's last requests (points and statements written after an answer),
   * so none of it lands after the erasure.
   */
  settleBackground?: () => Promise<void>;
}

/** The name of whoever acts, for the record: a person's id, or null for the operator. */
function requesterOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.personId : null;
}

/** Issue 9's use cases: export a person's data, erase it, list the requests made. */
export function createPrivacyService({ db, clock, events, parts, settleBackground }: PrivacyDeps) {
  /** The person in the actor's organisation. @throws NotFoundError */
  async function subjectOf(actor: Actor, personId: string): Promise<PrivacySubject & { displayName: string; status: string }> {
    const row = await findPersonRow(db, actor.orgId, personId);
    if (!row) throw new NotFoundError('person', personId);
    return { orgId: actor.orgId, personId: row.id, email: row.email, displayName: row.display_name, status: row.status };
  }

  /** Every section of a person's data: each part's tables, then what each part adds (which may replace a table's). */
  async function sectionsOf(subject: PrivacySubject): Promise<ExportSections> {
    const sections: ExportSections = {};
    for (const part of parts) {
      for (const spec of part.tables) sections[spec.table] = await readPersonRows(db, spec, subject);
      if (part.exportMore) Object.assign(sections, await part.exportMore(db, subject));
    }
    return sections;
  }

  /** The tables whose rows an erasure leaves, with how many rows the person has there and why. */
  async function keptOf(subject: PrivacySubject): Promise<ErasureReport['kept']> {
    const kept: ErasureReport['kept'] = [];
    for (const part of parts) {
      for (const spec of part.tables) {
        if (spec.erase === 'keep') kept.push({ table: spec.table, rows: await countPersonRows(db, spec, subject), why: spec.why ?? '' });
      }
    }
    return kept;
  }

  return {
    /** The tables each module covers (the schema test compares them with the database's person columns). */
    coveredTables(): { module: string; table: string; column: string; erase: string }[] {
      return parts.flatMap((part) => part.tables.map((spec) => ({ module: part.module, table: spec.table, column: spec.column, erase: spec.erase })));
    },

    /**
     * Everything Morsel holds about one person, as one JSON document; the export is recorded.
     * @throws ForbiddenError unless the actor is an admin, the operator, or the person themselves.
     * @throws NotFoundError when the person is not in the actor's organisation.
     */
    async exportPerson(actor: Actor, personId: string): Promise<PersonExport> {
      const isSelf = actor.kind === 'person' && actor.personId === personId;
      if (!isSelf) requireRole(actor, ['admin']);
      const subject = await subjectOf(actor, personId);
      const organisation = await getOrganisationRow(db, actor.orgId);
      const sections = await sectionsOf(subject);
      const counts = Object.fromEntries(Object.entries(sections).map(([name, rows]) => [name, rows.length]));
      const now = clock.now().toISOString();
      await repo.insertPrivacyRequest(db, { id: newId(), org_id: actor.orgId, kind: 'export', person_id: subject.personId, requested_by: requesterOf(actor), report: JSON.stringify(counts), created_at: now });
      return {
        format: 'morsel-person-export',
        version: 1,
        exportedAt: now,
        organisation: { id: organisation.id, name: organisation.name },
        person: { id: subject.personId, email: subject.email, displayName: subject.displayName },
        counts,
        sections,
      };
    },

    /**
     * The signed-in person's own data.
     * @throws ForbiddenError for API tokens.
     */
    async exportOwn(actor: Actor): Promise<PersonExport> {
      const person = requirePerson(actor);
      return this.exportPerson(person, person.personId);
    },

    /**
     * Erases a person's learning data, statements, points, messages and sessions in one transaction, and anonymises
     * their row (name, email, HR facts; deactivated). The erasure is recorded with the rows removed per table.
     * @throws ForbiddenError unless the actor is an admin (or the operator); admins cannot erase themselves.
     * @throws NotFoundError when the person is not in the actor's organisation.
     * @throws ValidationError when `confirm` is not the person's email.
     * @throws AppError last_admin when the person is the organisation's only active admin.
     */
    async erasePerson(actor: Actor, personId: string, input: EraseBody): Promise<ErasureReport> {
      requireRole(actor, ['admin']);
      if (actor.kind === 'person' && actor.personId === personId) throw new ForbiddenError('You cannot erase your own data; ask another admin.');
      const subject = await subjectOf(actor, personId);
      if (input.confirm.trim().toLowerCase() !== subject.email.toLowerCase()) {
        throw new ValidationError('Type the person’s email exactly to confirm the erasure.', { issues: [{ field: 'body.confirm', message: 'Does not match the person’s email.' }] });
      }
      if ((await repo.isActiveAdmin(db, actor.orgId, personId)) && (await countActiveAdmins(db, actor.orgId)) <= 1) {
        throw new AppError('last_admin', 'This would leave the organisation without an admin. Make someone else an admin first.');
      }
      await settleBackground?.();
      const now = clock.now().toISOString();
      const kept = await keptOf(subject);
      const requestId = newId();
      const removed = await db.transaction().execute(async (trx) => {
        const totals: Record<string, number> = {};
        // Identity last: the person row is anonymised after every other part has read what it needs.
        const ordered = [...parts.filter((part) => part.module !== 'identity'), ...parts.filter((part) => part.module === 'identity')];
        for (const part of ordered) Object.assign(totals, await part.erase(trx, subject, now));
        await repo.insertPrivacyRequest(trx, { id: requestId, org_id: actor.orgId, kind: 'erase', person_id: personId, requested_by: requesterOf(actor), report: JSON.stringify(totals), created_at: now });
        return totals;
      });
      if (subject.status === 'active') await events.publish({ type: 'identity.person_status_changed', orgId: actor.orgId, personId, status: 'deactivated', at: now });
      return { requestId, personId, erasedAt: now, removed, kept };
    },

    /**
     * The organisation's privacy requests (exports and erasures), newest first.
     * @throws ForbiddenError unless the actor is an admin.
     */
    async listRequests(actor: Actor, query: PrivacyRequestQuery): Promise<PrivacyRequest[]> {
      requireRole(actor, ['admin']);
      const rows = await repo.listPrivacyRequests(db, actor.orgId, { personId: query.personId, limit: query.limit });
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        personId: row.person_id,
        personName: row.person_name,
        requestedBy: row.requested_by ? { id: row.requested_by, name: row.requested_by_name ?? '' } : null,
        report: JSON.parse(row.report) as Record<string, number>,
        createdAt: row.created_at,
      }));
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
