/**
 * The audit log (issue 9): administrative writes made through the API, and refused ones (403), recorded by the HTTP
 * layer (http/audit-hook.ts) as each response goes out, and read by admins newest first or as CSV. A record names who acted
 * (a person or an API token, with their name at the time), the route pattern and its target, the names of the body
 * fields sent (never their values: bodies carry passwords and secrets) and the status answered.
 */
import { type CsvCell, toCsv } from '../../../core/csv.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, requireRole } from './access.ts';
import * as repo from './audit.repository.ts';
import type { AuditEvent, AuditPage, AuditQuery } from './audit.schemas.ts';
import type { AuditEventTable } from './audit.table.ts';

export interface AuditDeps {
  db: Db;
  clock: Clock;
}

/** One request to record, as the HTTP layer saw it. */
export interface AuditInput {
  actor: Actor;
  method: string;
  route: string;
  targetId: string | null;
  status: number;
  fields: readonly string[];
  ip: string | null;
}

/** Rows in one CSV download at most (newest first); narrow the dates for more. */
export const AUDIT_CSV_MAX_ROWS = 10_000;

/** The actor's id and name as the record keeps them. */
async function actorColumns(db: Db, actor: Actor): Promise<Pick<AuditEventTable, 'actor_kind' | 'actor_person_id' | 'actor_token_id' | 'actor_label'>> {
  switch (actor.kind) {
    case 'person':
      return { actor_kind: 'person', actor_person_id: actor.personId, actor_token_id: null, actor_label: (await repo.findPersonLabel(db, actor.orgId, actor.personId)) ?? 'Unknown person' };
    case 'token':
      return { actor_kind: 'token', actor_person_id: null, actor_token_id: actor.tokenId, actor_label: (await repo.findTokenLabel(db, actor.orgId, actor.tokenId)) ?? 'Unknown API token' };
    case 'system':
      return { actor_kind: 'system', actor_person_id: null, actor_token_id: null, actor_label: 'Operator' };
  }
}

function toAuditEvent(row: AuditEventTable): AuditEvent {
  return {
    id: row.id,
    actor: { kind: row.actor_kind, id: row.actor_person_id ?? row.actor_token_id, label: row.actor_label },
    method: row.method,
    route: row.route,
    targetId: row.target_id,
    status: Number(row.status),
    fields: parseFields(row.fields),
    ip: row.ip,
    createdAt: row.created_at,
  };
}

function parseFields(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** @throws ValidationError for a cursor this server did not give out. */
function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  const after = decodeKeyCursor(cursor);
  return after && { createdAt: after.key, id: after.id };
}

/** Issue 9's audit log: record a request, list and export the records. */
export function createAuditService({ db, clock }: AuditDeps) {
  function filterOf(orgId: string, query: AuditQuery) {
    return { actorId: query.actor, routePrefix: query.route, from: query.from, to: query.to, orgId };
  }

  return {
    /**
     * Records one request; the HTTP layer calls it once the status is known, before the response goes out.
     * @throws whatever the database throws (the caller logs it; the response is never affected).
     */
    async record(input: AuditInput): Promise<void> {
      const createdAt = clock.now().toISOString();
      await repo.insertAuditEvent(db, {
        id: newId(),
        org_id: input.actor.orgId,
        ...(await actorColumns(db, input.actor)),
        method: input.method,
        route: input.route,
        target_id: input.targetId,
        status: input.status,
        fields: JSON.stringify(input.fields),
        ip: input.ip,
        created_at: createdAt,
      });
    },

    /**
     * A page of the organisation's audit log, newest first.
     * @throws ForbiddenError unless the actor is an admin.
     * @throws ValidationError for a cursor this server did not give out.
     */
    async list(actor: Actor, query: AuditQuery): Promise<AuditPage> {
      requireRole(actor, ['admin']);
      const { orgId, ...filter } = filterOf(actor.orgId, query);
      const rows = await repo.listAuditEvents(db, orgId, { ...filter, before: decodeCursor(query.cursor), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { items: page.map(toAuditEvent), nextCursor: rows.length > query.limit && last ? encodeKeyCursor(last.created_at, last.id) : null };
    },

    /**
     * The audit log with the same filters as CSV (formula-safe), newest first, at most AUDIT_CSV_MAX_ROWS rows; the
     * cursor and limit are ignored.
     * @throws ForbiddenError unless the actor is an admin.
     */
    async csv(actor: Actor, query: AuditQuery): Promise<string> {
      requireRole(actor, ['admin']);
      const { orgId, ...filter } = filterOf(actor.orgId, query);
      const rows = await repo.listAuditEvents(db, orgId, { ...filter, limit: AUDIT_CSV_MAX_ROWS });
      const cells = rows.map((row): CsvCell[] => {
        const event = toAuditEvent(row);
        return [event.createdAt, event.actor.kind, event.actor.id, event.actor.label, event.method, event.route, event.targetId, event.status, event.fields.join(' '), event.ip];
      });
      return toCsv(['when', 'actor kind', 'actor id', 'actor', 'method', 'route', 'target', 'status', 'fields', 'ip'], cells);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
