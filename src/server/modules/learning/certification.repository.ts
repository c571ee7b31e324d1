import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EnrolmentRow } from './learning.repository.ts';
import type { CertificationAwardTable, CertificationTable, EnrolmentTable, RecertificationTable } from './learning.table.ts';

// Queries of certifications, awards and recertifications; scoped by org_id (the sweep's cross-organisation list excepted).

export type CertificationRow = Selectable<CertificationTable>;
export type AwardRow = Selectable<CertificationAwardTable>;
export type RecertificationRow = Selectable<RecertificationTable>;

export async function listCertificationRows(db: Db, orgId: string, options: { activeOnly?: boolean } = {}): Promise<CertificationRow[]> {
  let query = db.selectFrom('certification').selectAll().where('org_id', '=', orgId);
  if (options.activeOnly) query = query.where('status', '=', 'active');
  return query.orderBy('title').orderBy('id').execute();
}

export async function findCertificationRow(db: Db, orgId: string, id: string): Promise<CertificationRow | undefined> {
  return db.selectFrom('certification').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function insertCertification(db: Db, row: Insertable<CertificationTable>): Promise<void> {
  await db.insertInto('certification').values(row).execute();
}

export async function updateCertification(db: Db, orgId: string, id: string, patch: Updateable<CertificationTable>): Promise<void> {
  await db.updateTable('certification').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Active certifications that restart enrolments on a lapse, in every organisation (the sweep). */
export async function listAutoRecertifyingCertifications(db: Db): Promise<CertificationRow[]> {
  return db.selectFrom('certification').selectAll().where('status', '=', 'active').where('auto_recertify', '=', 1).orderBy('org_id').orderBy('id').execute();
}

export async function listAwards(db: Db, orgId: string, certificationId: string, personId?: string): Promise<AwardRow[]> {
  let query = db.selectFrom('certification_award').selectAll().where('org_id', '=', orgId).where('certification_id', '=', certificationId);
  if (personId) query = query.where('person_id', '=', personId);
  return query.orderBy('earned_at').execute();
}

/** Records an award unless the same evidence already earned one; returns whether it was new. */
export async function insertAwardIfAbsent(db: Db, row: Insertable<CertificationAwardTable>): Promise<boolean> {
  const result = await db
    .insertInto('certification_award')
    .values(row)
    .onConflict((oc) => oc.columns(['certification_id', 'person_id', 'evidence']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listRecertifications(db: Db, orgId: string, certificationId: string): Promise<RecertificationRow[]> {
  return db.selectFrom('recertification').selectAll().where('org_id', '=', orgId).where('certification_id', '=', certificationId).orderBy('created_at').execute();
}

/** Records the recertification of a lapse unless it exists; returns whether it was new (the sweep's idempotency). */
export async function insertRecertificationIfAbsent(db: Db, row: Insertable<RecertificationTable>): Promise<boolean> {
  const result = await db
    .insertInto('recertification')
    .values(row)
    .onConflict((oc) => oc.columns(['award_id', 'course_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Every enrolment in some courses (compliance: who a certification concerns). */
export async function listEnrolmentsOfCourses(db: Db, orgId: string, courseIds: readonly string[]): Promise<EnrolmentRow[]> {
  if (courseIds.length === 0) return [];
  return db.selectFrom('enrolment').selectAll().where('org_id', '=', orgId).where('course_id', 'in', courseIds).execute();
}

/** The course versions learners of the organisation are enrolled in. */
export async function listEnrolledVersions(db: Db, orgId: string): Promise<Array<{ course_id: string; course_version: number }>> {
  return db.selectFrom('enrolment').select(['course_id', 'course_version']).distinct().where('org_id', '=', orgId).execute();
}

/** Starts a new cycle of an enrolment for recertification: progress and completion reset, answers count again. */
export async function restartEnrolment(db: Db, enrolment: EnrolmentRow, patch: Pick<EnrolmentTable, 'course_version' | 'due_at'>, at: string): Promise<void> {
  await db
    .updateTable('enrolment')
    .set({ source: 'recertification', course_version: patch.course_version, due_at: patch.due_at, cycle: enrolment.cycle + 1, cycle_started_at: at, completed_at: null })
    .where('id', '=', enrolment.id)
    .where('cycle', '=', enrolment.cycle)
    .execute();
  await db.updateTable('lesson_progress').set({ completed_at: null }).where('enrolment_id', '=', enrolment.id).execute();
}

/**
 * Who finished something since `since` that can earn a certification: a lesson completed or a post check done,
 * as (organisation, person, course), across organisations (the sweep's catch-up).
 */
export async function listRecentCompletions(db: Db, since: string): Promise<Array<{ org_id: string; person_id: string; course_id: string }>> {
  const lessons = db
    .selectFrom('lesson_progress')
    .innerJoin('enrolment', 'enrolment.id', 'lesson_progress.enrolment_id')
    .select(['enrolment.org_id as org_id', 'enrolment.person_id as person_id', 'enrolment.course_id as course_id'])
    .where('lesson_progress.completed_at', '>=', since);
  const checks = db.selectFrom('course_check').select(['org_id', 'person_id', 'course_id']).where('phase', '=', 'post').where('completed_at', '>=', since);
  // `union` (not `union all`) removes the duplicates: one evaluation per person and course.
  return lessons.union(checks).orderBy('org_id').orderBy('person_id').orderBy('course_id').execute();
}
