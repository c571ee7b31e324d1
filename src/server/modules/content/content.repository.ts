import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { LessonSummary, LessonVariable, Objective } from './content.schemas.ts';
import type { CourseTable, CourseVersionTable, LessonCommentTable, LessonRevisionTable, LessonTable, ObjectiveTable } from './content.table.ts';

// Queries only; every one scoped by org_id.

export type ObjectiveRow = Selectable<ObjectiveTable>;
export type LessonRow = Selectable<LessonTable>;
export type CourseRow = Selectable<CourseTable>;

// ---------------------------------------------------------------- objectives

export function toObjective(row: ObjectiveRow, lessonCount: number): Objective {
  return {
    id: row.id,
    title: row.title,
    performance: row.performance,
    whyItMatters: row.why_it_matters,
    challenge: row.challenge,
    desiredRetention: Number(row.desired_retention),
    targetProficiency: Number(row.target_proficiency),
    lessonCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertObjective(db: Db, row: Insertable<ObjectiveTable>): Promise<void> {
  await db.insertInto('objective').values(row).execute();
}

export async function updateObjectiveRow(db: Db, orgId: string, id: string, patch: Updateable<ObjectiveTable>): Promise<void> {
  await db.updateTable('objective').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function deleteObjectiveRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('objective').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** @throws NotFoundError when the objective is not in the organisation. */
export async function getObjectiveRow(db: Db, orgId: string, id: string): Promise<ObjectiveRow> {
  const row = await db.selectFrom('objective').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('objective', id);
  return row;
}

export async function listObjectiveRows(db: Db, orgId: string): Promise<ObjectiveRow[]> {
  return db.selectFrom('objective').selectAll().where('org_id', '=', orgId).orderBy('title').execute();
}

/** Lessons per objective. */
/** The lessons that serve an objective. */
export async function listLessonIdsOfObjective(db: Db, orgId: string, objectiveId: string): Promise<string[]> {
  return (await db.selectFrom('lesson').select('id').where('org_id', '=', orgId).where('objective_id', '=', objectiveId).execute()).map((row) => row.id);
}

export async function countLessonsByObjective(db: Db, orgId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('lesson')
    .select(['objective_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('objective_id', 'is not', null)
    .groupBy('objective_id')
    .execute();
  return new Map(rows.map((r) => [r.objective_id as string, Number(r.n)]));
}

// ---------------------------------------------------------------- lessons

export interface LessonContentRow {
  title: string;
  coreQuestion: string;
  objectiveId: string | null;
  tags: string[];
  blocks: Block[];
  variables: LessonVariable[];
}

export function lessonContentOf(row: LessonRow): LessonContentRow {
  return {
    title: row.title,
    coreQuestion: row.core_question,
    objectiveId: row.objective_id,
    tags: JSON.parse(row.tags) as string[],
    blocks: JSON.parse(row.blocks) as Block[],
    variables: JSON.parse(row.variables) as LessonVariable[],
  };
}

/** The columns that hold a lesson's content. */
export function lessonContentColumns(content: LessonContentRow) {
  return {
    title: content.title,
    core_question: content.coreQuestion,
    objective_id: content.objectiveId,
    tags: JSON.stringify(content.tags),
    blocks: JSON.stringify(content.blocks),
    variables: JSON.stringify(content.variables),
  };
}

export function toLessonSummary(row: LessonRow): LessonSummary {
  return {
    id: row.id,
    title: row.title,
    coreQuestion: row.core_question,
    objectiveId: row.objective_id,
    tags: JSON.parse(row.tags) as string[],
    status: row.status,
    revision: row.revision,
    publishedRevision: row.published_revision,
    estimatedSeconds: Number(row.estimated_seconds),
    updatedAt: row.updated_at,
  };
}

export async function insertLesson(db: Db, row: Insertable<LessonTable>): Promise<void> {
  await db.insertInto('lesson').values(row).execute();
}

/**
 * Updates the lesson only if its revision is still `expectedRevision`; returns false when someone else saved first.
 */
export async function updateLessonRow(db: Db, orgId: string, id: string, expectedRevision: number, patch: Updateable<LessonTable>): Promise<boolean> {
  const result = await db.updateTable('lesson').set(patch).where('org_id', '=', orgId).where('id', '=', id).where('revision', '=', expectedRevision).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteLessonRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('lesson').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** @throws NotFoundError when the lesson is not in the organisation. */
export async function getLessonRow(db: Db, orgId: string, id: string): Promise<LessonRow> {
  const row = await db.selectFrom('lesson').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('lesson', id);
  return row;
}

export async function listLessonRows(db: Db, orgId: string, filter: { q?: string | undefined; status?: string | undefined; objectiveId?: string | undefined; ids?: string[] }): Promise<LessonRow[]> {
  let query = db.selectFrom('lesson').selectAll().where('org_id', '=', orgId);
  if (filter.status) query = query.where('status', '=', filter.status as LessonTable['status']);
  if (filter.objectiveId) query = query.where('objective_id', '=', filter.objectiveId);
  if (filter.ids) query = query.where('id', 'in', filter.ids.length > 0 ? filter.ids : ['-']);
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, '')}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['title']), 'like', pattern), eb(eb.fn('lower', ['core_question']), 'like', pattern)]));
  }
  return query.orderBy('updated_at', 'desc').limit(500).execute();
}

export async function insertLessonRevision(db: Db, row: Insertable<LessonRevisionTable>): Promise<void> {
  await db.insertInto('lesson_revision').values(row).execute();
}

export async function listLessonRevisions(db: Db, orgId: string, lessonId: string) {
  return db
    .selectFrom('lesson_revision')
    .leftJoin('person', 'person.id', 'lesson_revision.changed_by')
    .select(['lesson_revision.revision', 'lesson_revision.action', 'lesson_revision.changed_fields', 'lesson_revision.created_at', 'person.id as person_id', 'person.display_name'])
    .where('lesson_revision.org_id', '=', orgId)
    .where('lesson_revision.lesson_id', '=', lessonId)
    // UUIDv7 ids are time-ordered, and stay in order within one millisecond.
    .orderBy('lesson_revision.id', 'desc')
    .execute();
}

/** The content of a lesson at a revision that was published. */
export async function getPublishedSnapshot(db: Db, orgId: string, lessonId: string, revision: number): Promise<LessonContentRow> {
  const row = await db
    .selectFrom('lesson_revision')
    .select('snapshot')
    .where('org_id', '=', orgId)
    .where('lesson_id', '=', lessonId)
    .where('revision', '=', revision)
    .where('action', '=', 'published')
    .executeTakeFirst();
  if (!row) throw new NotFoundError('lesson revision', `${lessonId}@${revision}`);
  return JSON.parse(row.snapshot) as LessonContentRow;
}

/** Courses whose modules include the lesson. */
export async function listCourseIdsUsingLesson(db: Db, orgId: string, lessonId: string): Promise<string[]> {
  const rows = await db.selectFrom('course').select(['id', 'modules']).where('org_id', '=', orgId).execute();
  return rows.filter((r) => (JSON.parse(r.modules) as { lessonIds: string[] }[]).some((m) => m.lessonIds.includes(lessonId))).map((r) => r.id);
}

// ---------------------------------------------------------------- courses

export async function insertCourse(db: Db, row: Insertable<CourseTable>): Promise<void> {
  await db.insertInto('course').values(row).execute();
}

export async function updateCourseRow(db: Db, orgId: string, id: string, patch: Updateable<CourseTable>): Promise<void> {
  await db.updateTable('course').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function deleteCourseRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('course').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** @throws NotFoundError when the course is not in the organisation. */
export async function getCourseRow(db: Db, orgId: string, id: string): Promise<CourseRow> {
  const row = await db.selectFrom('course').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('course', id);
  return row;
}

export async function listCourseRows(db: Db, orgId: string, onlyIds?: string[]): Promise<CourseRow[]> {
  let query = db.selectFrom('course').selectAll().where('org_id', '=', orgId);
  if (onlyIds) query = query.where('id', 'in', onlyIds.length > 0 ? onlyIds : ['-']);
  return query.orderBy('updated_at', 'desc').execute();
}

export async function insertCourseVersion(db: Db, row: Insertable<CourseVersionTable>): Promise<void> {
  await db.insertInto('course_version').values(row).execute();
}

export async function listCourseVersionRows(db: Db, orgId: string, courseId: string) {
  return db.selectFrom('course_version').select(['version', 'estimated_seconds', 'published_at']).where('org_id', '=', orgId).where('course_id', '=', courseId).orderBy('version', 'desc').execute();
}

/** @throws NotFoundError when that version does not exist. */
export async function getCourseVersionRow(db: Db, orgId: string, courseId: string, version: number): Promise<Selectable<CourseVersionTable>> {
  const row = await db.selectFrom('course_version').selectAll().where('org_id', '=', orgId).where('course_id', '=', courseId).where('version', '=', version).executeTakeFirst();
  if (!row) throw new NotFoundError('course version', `${courseId} v${version}`);
  return row;
}

// ---------------------------------------------------------------- pilots and comments

export async function listPilotIds(db: Db, orgId: string, courseId: string): Promise<string[]> {
  const rows = await db.selectFrom('course_pilot').select('person_id').where('org_id', '=', orgId).where('course_id', '=', courseId).execute();
  return rows.map((r) => r.person_id);
}

export async function replacePilots(db: Db, orgId: string, courseId: string, personIds: string[], at: string): Promise<void> {
  await db.deleteFrom('course_pilot').where('org_id', '=', orgId).where('course_id', '=', courseId).execute();
  if (personIds.length > 0) {
    await db
      .insertInto('course_pilot')
      .values(personIds.map((personId) => ({ org_id: orgId, course_id: courseId, person_id: personId, created_at: at })))
      .execute();
  }
}

export async function listPilotedCourseIds(db: Db, orgId: string, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('course_pilot').select('course_id').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
  return rows.map((r) => r.course_id);
}

export async function insertComment(db: Db, row: Insertable<LessonCommentTable>): Promise<void> {
  await db.insertInto('lesson_comment').values(row).execute();
}

export async function listComments(db: Db, orgId: string, courseId: string) {
  return db
    .selectFrom('lesson_comment')
    .innerJoin('person', 'person.id', 'lesson_comment.person_id')
    .select(['lesson_comment.id', 'lesson_comment.lesson_id', 'lesson_comment.body', 'lesson_comment.created_at', 'lesson_comment.resolved_at', 'person.id as person_id', 'person.display_name'])
    .where('lesson_comment.org_id', '=', orgId)
    .where('lesson_comment.course_id', '=', courseId)
    .orderBy('lesson_comment.created_at')
    .execute();
}

/** Marks the comment resolved; false when there is no such comment on that course. */
export async function resolveComment(db: Db, orgId: string, courseId: string, commentId: string, by: string | null, at: string): Promise<boolean> {
  const result = await db
    .updateTable('lesson_comment')
    .set({ resolved_at: at, resolved_by: by })
    .where('org_id', '=', orgId)
    .where('course_id', '=', courseId)
    .where('id', '=', commentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
