import { type Insertable, type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { LrsCredentialTable } from './lrs.table.ts';
import { chunks } from '../../db/chunks.ts';

// Repositories only query. Every query filters by org_id.

export async function insertCredential(db: Db, row: Insertable<LrsCredentialTable>): Promise<void> {
  await db.insertInto('lrs_credential').values(row).execute();
}

export async function findCredentialByKey(db: Db, key: string) {
  return db.selectFrom('lrs_credential').selectAll().where('key', '=', key).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function listCredentials(db: Db, orgId: string) {
  return db.selectFrom('lrs_credential').select(['id', 'key', 'name', 'created_at', 'revoked_at']).where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
}

export async function revokeCredential(db: Db, orgId: string, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('lrs_credential').set({ revoked_at: at }).where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The stored statements among `ids` (lower-case), with what conflicts and voiding need. */
export async function findStatements(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('xapi_statement').select(['seq', 'id', 'is_voiding', 'voided', 'statement']).where('org_id', '=', orgId).where('id', 'in', ids).execute();
}

export interface NewStatementRow {
  org_id: string;
  id: string;
  stored: string;
  verb_id: string;
  registration: string | null;
  target_id: string | null;
  is_voiding: number;
  voided: number;
  statement: string;
  agents: { ifi: string; related: boolean }[];
  activities: { id: string; related: boolean }[];
}

/**
 * Inserts statements and their lookup rows in the caller's transaction: three multi-row statements however many
 * statements there are (each chunked to stay under the databases' limits on bound parameters).
 */
export async function insertStatements(trx: Db, rows: readonly NewStatementRow[]): Promise<void> {
  if (rows.length === 0) return;
  const seqById = new Map<string, number>();
  for (const chunk of chunks(rows, 200)) {
    const inserted = await trx
      .insertInto('xapi_statement')
      .values(chunk.map(({ agents: _a, activities: _v, ...row }) => row))
      .returning(['seq', 'id'])
      .execute();
    for (const row of inserted) seqById.set(row.id, Number(row.seq));
  }
  const agents = rows.flatMap((row) => row.agents.map((a) => ({ statement_seq: seqById.get(row.id)!, org_id: row.org_id, ifi: a.ifi, related: a.related ? 1 : 0 })));
  for (const chunk of chunks(agents, 500)) await trx.insertInto('xapi_statement_agent').values(chunk).execute();
  const activities = rows.flatMap((row) => row.activities.map((a) => ({ statement_seq: seqById.get(row.id)!, org_id: row.org_id, activity_id: a.id, related: a.related ? 1 : 0 })));
  for (const chunk of chunks(activities, 500)) await trx.insertInto('xapi_statement_activity').values(chunk).execute();
}

/** Marks as voided the statements `ids` that are not voiding statements themselves. */
export async function markVoided(trx: Db, orgId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('xapi_statement').set({ voided: 1 }).where('org_id', '=', orgId).where('id', 'in', ids).where('is_voiding', '=', 0).execute();
}

/** Of `ids`, those a stored voiding statement refers to. */
export async function listVoidedTargets(db: Db, orgId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('xapi_statement').select('target_id').where('org_id', '=', orgId).where('is_voiding', '=', 1).where('target_id', 'in', ids).execute();
  return rows.map((row) => row.target_id!);
}

/** Stores attachment data unless the organisation has it already (the same hash is the same content). */
export async function insertAttachments(trx: Db, rows: readonly { org_id: string; sha2: string; content_type: string; content: Buffer; created_at: string }[]): Promise<void> {
  for (const row of rows) await trx.insertInto('xapi_attachment').values(row).onConflict((oc) => oc.columns(['org_id', 'sha2']).doNothing()).execute();
}

export async function findAttachments(db: Db, orgId: string, hashes: readonly string[]) {
  if (hashes.length === 0) return [];
  return db.selectFrom('xapi_attachment').select(['sha2', 'content_type', 'content']).where('org_id', '=', orgId).where('sha2', 'in', hashes).execute();
}

export async function findStatementById(db: Db, orgId: string, id: string) {
  return db.selectFrom('xapi_statement').select(['statement', 'voided', 'stored']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** What a statements query filters on (the caller has parsed and normalised every value). */
export interface StatementFilter {
  agentIfi?: string | undefined;
  relatedAgents: boolean;
  verbId?: string | undefined;
  activityId?: string | undefined;
  relatedActivities: boolean;
  registration?: string | undefined;
  /** Stored after (exclusive), ISO. */
  since?: string | undefined;
  /** Stored at or before (inclusive), ISO. */
  until?: string | undefined;
  ascending: boolean;
  /** Continue after this statement (stored, seq) in the query's order. */
  after?: { stored: string; seq: number } | undefined;
  limit: number;
}

/**
 * Statements matching a filter, in stored order, at most `limit`, voided ones left out. A statement whose object
 * refers to a matching statement matches too, and so on down the chain (xAPI 1.0.3, "Filter Conditions for
 * StatementRefs"); the time, order and limit conditions apply to each statement itself. Written in SQL: a recursive
 * common table expression both databases run alike. Its step goes from each match to the statements targeting it
 * through the target index, and the page is read from the matches rather than by walking every statement in stored
 * order (`CROSS JOIN` fixes that join order on SQLite, which otherwise scans every statement once per match).
 */
export async function queryStatements(db: Db, orgId: string, filter: StatementFilter): Promise<{ seq: number; stored: string; statement: string }[]> {
  const matches: RawBuilder<unknown>[] = [sql`s.org_id = ${orgId}`];
  if (filter.verbId !== undefined) matches.push(sql`s.verb_id = ${filter.verbId}`);
  if (filter.registration !== undefined) matches.push(sql`s.registration = ${filter.registration}`);
  if (filter.agentIfi !== undefined) {
    const related = filter.relatedAgents ? sql`` : sql` AND a.related = 0`;
    matches.push(sql`EXISTS (SELECT 1 FROM xapi_statement_agent a WHERE a.statement_seq = s.seq AND a.org_id = ${orgId} AND a.ifi = ${filter.agentIfi}${related})`);
  }
  if (filter.activityId !== undefined) {
    const related = filter.relatedActivities ? sql`` : sql` AND v.related = 0`;
    matches.push(sql`EXISTS (SELECT 1 FROM xapi_statement_activity v WHERE v.statement_seq = s.seq AND v.org_id = ${orgId} AND v.activity_id = ${filter.activityId}${related})`);
  }

  const conditions: RawBuilder<unknown>[] = [sql`s.org_id = ${orgId}`, sql`s.voided = 0`];
  if (filter.since !== undefined) conditions.push(sql`s.stored > ${filter.since}`);
  if (filter.until !== undefined) conditions.push(sql`s.stored <= ${filter.until}`);
  if (filter.after) {
    const { stored, seq } = filter.after;
    conditions.push(filter.ascending ? sql`(s.stored > ${stored} OR (s.stored = ${stored} AND s.seq > ${seq}))` : sql`(s.stored < ${stored} OR (s.stored = ${stored} AND s.seq < ${seq}))`);
  }
  const order = filter.ascending ? sql`ORDER BY s.stored ASC, s.seq ASC` : sql`ORDER BY s.stored DESC, s.seq DESC`;
  const columns = sql`s.seq AS seq, s.stored AS stored, s.statement AS statement`;

  const query =
    matches.length === 1
      ? sql<{ seq: number; stored: string; statement: string }>`SELECT ${columns} FROM xapi_statement s WHERE ${sql.join(conditions, sql` AND `)} ${order} LIMIT ${filter.limit}`
      : sql<{ seq: number; stored: string; statement: string }>`WITH RECURSIVE matched(seq, id) AS (
          SELECT s.seq, s.id FROM xapi_statement s WHERE ${sql.join(matches, sql` AND `)}
          UNION
          SELECT t.seq, t.id FROM matched m CROSS JOIN xapi_statement t WHERE t.org_id = ${orgId} AND t.target_id = m.id
        )
        SELECT ${columns} FROM matched CROSS JOIN xapi_statement s WHERE s.seq = matched.seq AND ${sql.join(conditions, sql` AND `)} ${order} LIMIT ${filter.limit}`;
  const { rows } = await query.execute(db);
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}
