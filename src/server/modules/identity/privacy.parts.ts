/**
 * Privacy (issue 9): what each module holds about one person, and how it forgets them. Every module that owns a table
 * with a person column describes it as a `PersonDataPart` in its own `privacy.ts`; the privacy service (wired in
 * services.ts, so identity imports no other module) exports every part's rows and erases every part in one
 * transaction. `privacy.schema.test.ts` reads the schema and fails when a table with a `person_id` or `*_person_id`
 * column is covered by no part.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** What an erasure does to a person's rows in one table. */
export type EraseAction = 'delete' | 'anonymise' | 'keep';

/** One table that names a person, as the export reads it and the erasure treats it. */
export interface PersonTableSpec {
  table: string;
  /** The column naming the person (`person_id`, or `id` for the person row itself). */
  column: string;
  erase: EraseAction;
  /** Why rows are kept or anonymised rather than deleted (shown beside the erasure's report). */
  why?: string;
  /** Columns holding JSON text, parsed in the export. */
  json?: readonly string[];
  /** Columns never exported: secrets (password hashes, CSRF tokens, token hashes) and internal bookkeeping. */
  omit?: readonly string[];
}

/** Whom a privacy request is about. `email` is the person's address before any erasure. */
export interface PrivacySubject {
  orgId: string;
  personId: string;
  email: string;
}

/** Rows per export section: a table's name, or a section a part adds (`xapi_statement`, `xapi_document`). */
export type ExportSections = Record<string, unknown[]>;

/** What one module holds about a person and how it forgets them. */
export interface PersonDataPart {
  module: string;
  tables: readonly PersonTableSpec[];
  /** Sections of the export not found by a person column (say, statements by their agent). */
  exportMore?(db: Db, subject: PrivacySubject): Promise<ExportSections>;
  /**
   * Removes (or anonymises) the person's data this module owns, inside the caller's transaction.
   * @returns rows changed per table.
   */
  erase(trx: Db, subject: PrivacySubject, now: string): Promise<Record<string, number>>;
}

/** A person's rows in one table of their organisation, JSON columns parsed and secret columns left out. */
export async function readPersonRows(db: Db, spec: PersonTableSpec, subject: PrivacySubject): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(spec.table)} where org_id = ${subject.orgId} and ${sql.ref(spec.column)} = ${subject.personId}`.execute(db);
  return rows.map((row) => presentRow(row, spec));
}

/** How many rows a person has in one table of their organisation. */
export async function countPersonRows(db: Db, spec: PersonTableSpec, subject: PrivacySubject): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(spec.table)} where org_id = ${subject.orgId} and ${sql.ref(spec.column)} = ${subject.personId}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Deletes a person's rows in one table of their organisation; returns how many went. */
export async function deletePersonRows(trx: Db, table: string, subject: PrivacySubject, column = 'person_id'): Promise<number> {
  const result = await sql`delete from ${sql.table(table)} where org_id = ${subject.orgId} and ${sql.ref(column)} = ${subject.personId}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes, in order, the person's rows in each table whose spec says `delete`; returns rows removed per table. */
export async function deleteInOrder(trx: Db, specs: readonly PersonTableSpec[], subject: PrivacySubject): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const spec of specs) if (spec.erase === 'delete') removed[spec.table] = await deletePersonRows(trx, spec.table, subject, spec.column);
  return removed;
}

/** A stored row as the export shows it: secrets out, JSON text parsed (left as text when it is not JSON), bytes as base64. */
export function presentRow(row: Readonly<Record<string, unknown>>, spec: Pick<PersonTableSpec, 'json' | 'omit'>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (spec.omit?.includes(key)) continue;
    if (typeof value === 'string' && spec.json?.includes(key)) out[key] = parseJsonOr(value);
    else if (value instanceof Uint8Array) out[key] = Buffer.from(value).toString('base64');
    else if (typeof value === 'bigint') out[key] = Number(value);
    else out[key] = value;
  }
  return out;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
