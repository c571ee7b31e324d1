import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AttemptTable, EnrolmentTable, LessonProgressTable, ReviewItemTable, ReviewLogTable } from './learning.table.ts';

// Queries only; every one scoped by org_id and, for a learner's data, by person_id.

export type EnrolmentRow = Selectable<EnrolmentTable>;
export type AttemptRow = Selectable<AttemptTable>;
export type ReviewItemRow = Selectable<ReviewItemTable>;

/** Inserts the enrolment unless the person is already enrolled in the course; returns whether it was new. */
export async function insertEnrolmentIfAbsent(db: Db, row: Insertable<EnrolmentTable>): Promise<boolean> {
  const result = await db
    .insertInto('enrolment')
    .values(row)
    .onConflict((oc) => oc.columns(['person_id', 'course_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listEnrolmentsOfPerson(db: Db, orgId: string, personId: string): Promise<EnrolmentRow[]> {
  return db.selectFrom('enrolment').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).orderBy('created_at').execute();
}

export async function findEnrolment(db: Db, orgId: string, personId: string, courseId: string): Promise<EnrolmentRow | undefined> {
  return db.selectFrom('enrolment').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).where('course_id', '=', courseId).executeTakeFirst();
}

export async function markEnrolmentCompleted(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('enrolment').set({ completed_at: at }).where('id', '=', id).where('completed_at', 'is', null).execute();
}

export async function listProgress(db: Db, enrolmentId: string): Promise<Selectable<LessonProgressTable>[]> {
  return db.selectFrom('lesson_progress').selectAll().where('enrolment_id', '=', enrolmentId).execute();
}

/** Starts the lesson's progress row if there is none. */
export async function ensureProgress(db: Db, row: Insertable<LessonProgressTable>): Promise<void> {
  await db
    .insertInto('lesson_progress')
    .values(row)
    .onConflict((oc) => oc.columns(['enrolment_id', 'lesson_id']).doNothing())
    .execute();
}

export async function updateProgress(db: Db, enrolmentId: string, lessonId: string, patch: Updateable<LessonProgressTable>): Promise<void> {
  await db.updateTable('lesson_progress').set(patch).where('enrolment_id', '=', enrolmentId).where('lesson_id', '=', lessonId).execute();
}

export async function findAttemptByClientId(db: Db, personId: string, clientId: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('attempt').selectAll().where('person_id', '=', personId).where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertAttempt(db: Db, row: Insertable<AttemptTable>): Promise<void> {
  await db.insertInto('attempt').values(row).execute();
}

/** The first (counting) answers of a person in one lesson of one course. */
export async function listLessonAttempts(db: Db, orgId: string, personId: string, courseId: string, lessonId: string): Promise<AttemptRow[]> {
  return db
    .selectFrom('attempt')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('course_id', '=', courseId)
    .where('lesson_id', '=', lessonId)
    .where('mode', '=', 'lesson')
    .execute();
}

export async function insertReviewItemIfAbsent(db: Db, row: Insertable<ReviewItemTable>): Promise<void> {
  await db
    .insertInto('review_item')
    .values(row)
    .onConflict((oc) => oc.columns(['person_id', 'lesson_id', 'question_id']).doNothing())
    .execute();
}

export async function findReviewItem(db: Db, orgId: string, personId: string, id: string): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('review_item').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).where('id', '=', id).executeTakeFirst();
}

/** Updates the card only if it is still the one the answer was graded against (no double scheduling). */
export async function updateReviewCard(db: Db, id: string, expectedUpdatedAt: string, patch: { card: string; due_at: string; updated_at: string }): Promise<boolean> {
  const result = await db.updateTable('review_item').set(patch).where('id', '=', id).where('updated_at', '=', expectedUpdatedAt).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Review items due at `now`, soonest first. */
export async function listDueReviewItems(db: Db, orgId: string, personId: string, now: string, limit: number): Promise<ReviewItemRow[]> {
  return db.selectFrom('review_item').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(limit).execute();
}

export async function countDueReviewItems(db: Db, orgId: string, personId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('review_item')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('due_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Items for practice: the ones due soonest, whether due or not. */
export async function listPracticeItems(db: Db, orgId: string, personId: string, limit: number): Promise<ReviewItemRow[]> {
  return db.selectFrom('review_item').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).orderBy('due_at').orderBy('id').limit(limit).execute();
}

export async function insertReviewLog(db: Db, row: Insertable<ReviewLogTable>): Promise<void> {
  await db.insertInto('review_log').values(row).execute();
}
