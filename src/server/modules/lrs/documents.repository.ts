import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { XapiActivityTable, XapiDocumentTable } from './documents.table.ts';

// Repositories only query. Every query filters by org_id.

/** A document as read back. */
export type StoredRow = Pick<XapiDocumentTable, 'content_type' | 'content' | 'etag' | 'updated'>;

/** A document with its bytes, or undefined. */
export async function findDocument(db: Db, orgId: string, keyHash: string): Promise<StoredRow | undefined> {
  const row = await db.selectFrom('xapi_document').select(['content_type', 'content', 'etag', 'updated']).where('org_id', '=', orgId).where('key_hash', '=', keyHash).executeTakeFirst();
  // better-sqlite3 and pg both answer a Buffer; normalise anything array-like all the same.
  return row && { ...row, content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as Uint8Array) };
}

/** Inserts a document unless one with its key exists already (then answers false: someone stored it first). */
export async function insertDocument(db: Db, row: Insertable<XapiDocumentTable>): Promise<boolean> {
  const result = await db
    .insertInto('xapi_document')
    .values(row)
    .onConflict((conflict) => conflict.columns(['org_id', 'key_hash']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Replaces a document's content if it is still the one the caller read (same ETag and Content-Type): a compare-and-set,
 * so two writers cannot both pass a precondition against the same state. Answers false when it changed meanwhile.
 */
export async function replaceDocument(db: Db, orgId: string, keyHash: string, expected: { etag: string; contentType: string }, next: Pick<XapiDocumentTable, 'content_type' | 'content' | 'etag' | 'updated'>): Promise<boolean> {
  const result = await db
    .updateTable('xapi_document')
    .set(next)
    .where('org_id', '=', orgId)
    .where('key_hash', '=', keyHash)
    .where('etag', '=', expected.etag)
    .where('content_type', '=', expected.contentType)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes a document if it is still the one the caller read (same ETag). Answers false when it changed or went. */
export async function deleteDocument(db: Db, orgId: string, keyHash: string, expectedEtag: string): Promise<boolean> {
  const result = await db.deleteFrom('xapi_document').where('org_id', '=', orgId).where('key_hash', '=', keyHash).where('etag', '=', expectedEtag).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The documents of one context (of one registration when given), changed after `since` (exclusive) when given. */
export async function listDocuments(db: Db, orgId: string, contextHash: string, filter: { registration?: string | undefined; since?: string | undefined }): Promise<Pick<XapiDocumentTable, 'document_id' | 'updated'>[]> {
  let query = db.selectFrom('xapi_document').select(['document_id', 'updated']).where('org_id', '=', orgId).where('context_hash', '=', contextHash);
  if (filter.registration !== undefined) query = query.where('registration', '=', filter.registration);
  if (filter.since !== undefined) query = query.where('updated', '>', filter.since);
  return query.orderBy('updated', 'asc').orderBy('document_id', 'asc').execute();
}

/** Deletes every document of one context (of one registration when given); answers how many. */
export async function deleteDocuments(db: Db, orgId: string, contextHash: string, registration: string | undefined): Promise<number> {
  let query = db.deleteFrom('xapi_document').where('org_id', '=', orgId).where('context_hash', '=', contextHash);
  if (registration !== undefined) query = query.where('registration', '=', registration);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The stored definitions (JSON) of the activities among `ids`. */
export async function findActivityDefinitions(db: Db, orgId: string, ids: readonly string[]): Promise<Pick<XapiActivityTable, 'activity_id' | 'definition'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('xapi_activity').select(['activity_id', 'definition']).where('org_id', '=', orgId).where('activity_id', 'in', ids).execute();
}

/**
 * Writes activity definitions, replacing stored ones. Rows go in the order given (callers sort them, so concurrent
 * writers lock rows in one order and cannot deadlock); a row stored meanwhile by another writer is overwritten, not a
 * unique violation that would fail the statements being stored.
 */
export async function upsertActivityDefinitions(db: Db, rows: readonly XapiActivityTable[]): Promise<void> {
  // Stay well under SQLite's bound-parameter limit.
  for (let start = 0; start < rows.length; start += 500) {
    await db
      .insertInto('xapi_activity')
      .values(rows.slice(start, start + 500))
      .onConflict((conflict) => conflict.columns(['org_id', 'activity_id']).doUpdateSet((eb) => ({ definition: eb.ref('excluded.definition'), updated: eb.ref('excluded.updated') })))
      .execute();
  }
}

/** The latest statements (JSON) an agent is in, in any place, voided ones left out: newest first, at most `limit`. */
export async function listStatementsOfAgent(db: Db, orgId: string, ifi: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('xapi_statement_agent as a')
    .innerJoin('xapi_statement as s', 's.seq', 'a.statement_seq')
    .select('s.statement')
    .where('a.org_id', '=', orgId)
    .where('a.ifi', '=', ifi)
    .where('s.org_id', '=', orgId)
    .where('s.voided', '=', 0)
    .orderBy('a.statement_seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.statement);
}
