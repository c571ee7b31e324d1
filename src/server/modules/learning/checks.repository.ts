import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AttemptRow } from './learning.repository.ts';
import type { CourseCheckTable } from './learning.table.ts';

// Queries of baseline and post checks; every one scoped by org_id.

export type CourseCheckRow = Selectable<CourseCheckTable>;

export async function findCheck(db: Db, orgId: string, enrolmentId: string, cycle: number, phase: 'baseline' | 'post'): Promise<CourseCheckRow | undefined> {
  return db.selectFrom('course_check').selectAll().where('org_id', '=', orgId).where('enrolment_id', '=', enrolmentId).where('cycle', '=', cycle).where('phase', '=', phase).executeTakeFirst();
}

export async function listChecksOfEnrolment(db: Db, orgId: string, enrolmentId: string, cycle: number): Promise<CourseCheckRow[]> {
  return db.selectFrom('course_check').selectAll().where('org_id', '=', orgId).where('enrolment_id', '=', enrolmentId).where('cycle', '=', cycle).execute();
}

/** Starts the check unless it exists (two devices at once: one row). */
export async function insertCheckIfAbsent(db: Db, row: Insertable<CourseCheckTable>): Promise<void> {
  await db
    .insertInto('course_check')
    .values(row)
    .onConflict((oc) => oc.columns(['enrolment_id', 'cycle', 'phase']).doNothing())
    .execute();
}

export async function updateCheck(db: Db, id: string, patch: Updateable<CourseCheckTable>): Promise<void> {
  await db.updateTable('course_check').set(patch).where('id', '=', id).execute();
}

/** The answers recorded in one check, oldest first. */
export async function listCheckAttempts(db: Db, orgId: string, checkId: string): Promise<AttemptRow[]> {
  return db.selectFrom('attempt').selectAll().where('org_id', '=', orgId).where('check_id', '=', checkId).orderBy('created_at').orderBy('id').execute();
}

/** Finished or skipped checks of a course (every learner, or the given ones), for the before/after report. */
export async function listChecksOfCourse(db: Db, orgId: string, courseId: string, personIds?: readonly string[]): Promise<CourseCheckRow[]> {
  let query = db.selectFrom('course_check').selectAll().where('org_id', '=', orgId).where('course_id', '=', courseId).where('status', '=', 'done');
  if (personIds) {
    if (personIds.length === 0) return [];
    query = query.where('person_id', 'in', personIds);
  }
  return query.orderBy('started_at').execute();
}

/** The answers of many checks at once. */
export async function listAttemptsOfChecks(db: Db, orgId: string, checkIds: readonly string[]): Promise<AttemptRow[]> {
  const rows: AttemptRow[] = [];
  for (let i = 0; i < checkIds.length; i += 500) {
    rows.push(...(await db.selectFrom('attempt').selectAll().where('org_id', '=', orgId).where('check_id', 'in', checkIds.slice(i, i + 500)).execute()));
  }
  return rows;
}
