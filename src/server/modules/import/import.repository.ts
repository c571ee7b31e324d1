import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { ImportJobTable, ImportLessonTable } from './import.table.ts';

// Repositories only query. Every query but the runner's claim filters by org_id.

export type ImportJobRow = Selectable<ImportJobTable>;

export async function insertImportJob(db: Db, row: Insertable<ImportJobTable>): Promise<void> {
  await db.insertInto('import_job').values(row).execute();
}

/** @throws NotFoundError when the import is not in the organisation. */
export async function getImportJobRow(db: Db, orgId: string, id: string): Promise<ImportJobRow> {
  const row = await db.selectFrom('import_job').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('import', id);
  return row;
}

/** The organisation's imports, newest first, without their sources (which may be megabytes each). */
export async function listImportJobRows(db: Db, orgId: string, limit: number) {
  return db
    .selectFrom('import_job')
    .select(['id', 'org_id', 'kind', 'status', 'title', 'source_name', 'source_format', 'media_id', 'proposals', 'revision', 'stage', 'progress_done', 'progress_total', 'course_id', 'error_code', 'error_message', 'created_at', 'updated_at'])
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Changes a job only while it is still as the caller last saw it (`expect`): the number of rows changed tells
 * whether it was (1) or someone else got there first (0).
 */
export async function updateImportJob(
  db: Db,
  id: string,
  expect: { status?: ImportJobTable['status']; revision?: number; leaseUntil?: string | null },
  patch: Updateable<ImportJobTable>,
): Promise<boolean> {
  let query = db.updateTable('import_job').set(patch).where('id', '=', id);
  if (expect.status !== undefined) query = query.where('status', '=', expect.status);
  if (expect.revision !== undefined) query = query.where('revision', '=', expect.revision);
  if (expect.leaseUntil !== undefined) query = expect.leaseUntil === null ? query.where('lease_until', 'is', null) : query.where('lease_until', '=', expect.leaseUntil);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The oldest job with work to do (to chunk, or accepted and to be made into drafts) that no runner holds. */
export async function findClaimableJob(db: Db, now: string, onlyId?: string): Promise<Pick<ImportJobRow, 'id' | 'status' | 'lease_until' | 'attempts'> | undefined> {
  let query = db.selectFrom('import_job');
  if (onlyId !== undefined) query = query.where('id', '=', onlyId);
  return query
    .select(['id', 'status', 'lease_until', 'attempts'])
    .where('status', 'in', ['queued', 'accepting'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function findImportJobById(db: Db, id: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteImportJob(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('import_job').where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function insertImportLessons(db: Db, rows: Insertable<ImportLessonTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('import_lesson').values(rows).execute();
}

/** Where these lessons came from, for those made by an import. */
export async function listImportSources(db: Db, orgId: string, lessonIds: readonly string[]): Promise<Selectable<ImportLessonTable>[]> {
  if (lessonIds.length === 0) return [];
  return db.selectFrom('import_lesson').selectAll().where('org_id', '=', orgId).where('lesson_id', 'in', [...lessonIds]).execute();
}
