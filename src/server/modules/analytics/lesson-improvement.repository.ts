import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

// Queries only, every one scoped by org_id. What is a simple count or sum is aggregated here, in SQL; the statistics
// (funnel shares, quantiles, correlations) are core/analytics/lesson-quality.ts's.

/** Which rows: progress started (or answers given) since an instant, optionally of one course and of some lessons. */
export interface ImprovementFilter {
  since: string;
  courseId?: string | undefined;
  lessonIds?: readonly string[] | undefined;
}

/** 1 when the progress row is completed, else 0 (selected and grouped by the same text, as PostgreSQL requires). */
const isCompleted = sql<number>`(case when p.completed_at is null then 0 else 1 end)`;

function progressRows(db: Db, orgId: string, filter: ImprovementFilter) {
  let query = db.selectFrom('lesson_progress as p').innerJoin('enrolment as e', 'e.id', 'p.enrolment_id').where('p.org_id', '=', orgId).where('p.started_at', '>=', filter.since);
  if (filter.courseId) query = query.where('e.course_id', '=', filter.courseId);
  if (filter.lessonIds) query = query.where('p.lesson_id', 'in', filter.lessonIds.length > 0 ? [...filter.lessonIds] : ['']);
  return query;
}

/** How many learners got how far, by lesson and the course version they played (its blocks are the version's). */
export async function countProgressByBlock(db: Db, orgId: string, filter: ImprovementFilter) {
  const rows = await progressRows(db, orgId, filter)
    .select((eb) => ['p.lesson_id', 'e.course_id', 'e.course_version', 'p.furthest_block', isCompleted.as('completed'), eb.fn.countAll<number>().as('count')])
    .groupBy(['p.lesson_id', 'e.course_id', 'e.course_version', 'p.furthest_block', isCompleted])
    .execute();
  return rows.map((row) => ({ lessonId: row.lesson_id, courseId: row.course_id, version: Number(row.course_version), furthestBlock: row.furthest_block === null ? null : Number(row.furthest_block), completed: Number(row.completed) === 1, count: Number(row.count) }));
}

/** Ratings and "did this answer your question?" answers per lesson: their counts and sums. */
export async function sumFeedback(db: Db, orgId: string, filter: ImprovementFilter) {
  const rows = await progressRows(db, orgId, filter)
    .select((eb) => ['p.lesson_id', eb.fn.count<number>('p.rating').as('ratings'), eb.fn.sum<number>('p.rating').as('rating_sum'), eb.fn.count<number>('p.answered_my_question').as('answered'), eb.fn.sum<number>('p.answered_my_question').as('answered_yes')])
    .groupBy('p.lesson_id')
    .execute();
  return rows.map((row) => ({ lessonId: row.lesson_id, ratings: Number(row.ratings), ratingSum: Number(row.rating_sum ?? 0), answered: Number(row.answered), answeredYes: Number(row.answered_yes ?? 0) }));
}

/** Each completed lesson's timing (active time where reported), with the course version played. */
export async function listTimedCompletions(db: Db, orgId: string, filter: ImprovementFilter) {
  const rows = await progressRows(db, orgId, filter).select(['p.lesson_id', 'e.course_id', 'e.course_version', 'p.active_ms', 'p.started_at', 'p.completed_at']).where('p.completed_at', 'is not', null).execute();
  return rows.map((row) => ({ lessonId: row.lesson_id, courseId: row.course_id, version: Number(row.course_version), activeMs: row.active_ms === null ? null : Number(row.active_ms), startedAt: row.started_at, completedAt: row.completed_at as string }));
}

/**
 * The first counted answers (mode `lesson`) given since the filter's instant: a person's later counted answer to the
 * same question (a recertification cycle, or the lesson again in another course) is left out.
 */
function firstAnswers(db: Db, orgId: string, filter: ImprovementFilter) {
  let query = db
    .selectFrom('attempt as a')
    .where('a.org_id', '=', orgId)
    .where('a.mode', '=', 'lesson')
    .where('a.created_at', '>=', filter.since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('attempt as earlier')
            .select('earlier.id')
            .whereRef('earlier.person_id', '=', 'a.person_id')
            .whereRef('earlier.lesson_id', '=', 'a.lesson_id')
            .whereRef('earlier.question_id', '=', 'a.question_id')
            .where('earlier.org_id', '=', orgId)
            .where('earlier.mode', '=', 'lesson')
            .where((eb) => eb.or([eb('earlier.created_at', '<', eb.ref('a.created_at')), eb.and([eb('earlier.created_at', '=', eb.ref('a.created_at')), eb('earlier.id', '<', eb.ref('a.id'))])])),
        ),
      ),
    );
  if (filter.courseId) query = query.where('a.course_id', '=', filter.courseId);
  if (filter.lessonIds) query = query.where('a.lesson_id', 'in', filter.lessonIds.length > 0 ? [...filter.lessonIds] : ['']);
  return query;
}

/** Per lesson and question: first answers and how many were right. */
export async function countAnswers(db: Db, orgId: string, filter: ImprovementFilter) {
  const rows = await firstAnswers(db, orgId, filter)
    .select((eb) => ['a.lesson_id', 'a.question_id', eb.fn.countAll<number>().as('answers'), eb.fn.sum<number>('a.correct').as('correct')])
    .groupBy(['a.lesson_id', 'a.question_id'])
    .execute();
  return rows.map((row) => ({ lessonId: row.lesson_id, questionId: row.question_id, answers: Number(row.answers), correct: Number(row.correct ?? 0) }));
}

/** Per lesson and question: each identical wrong first answer (as stored, JSON) and how many gave it. */
export async function countWrongResponses(db: Db, orgId: string, filter: ImprovementFilter) {
  const rows = await firstAnswers(db, orgId, filter)
    .where('a.correct', '=', 0)
    .select((eb) => ['a.lesson_id', 'a.question_id', 'a.response', eb.fn.countAll<number>().as('count')])
    .groupBy(['a.lesson_id', 'a.question_id', 'a.response'])
    .execute();
  return rows.map((row) => ({ lessonId: row.lesson_id, questionId: row.question_id, response: row.response, count: Number(row.count) }));
}

/** Every first answer of these courses (the discrimination's rest scores need each learner's other answers). */
export async function listItemResponses(db: Db, orgId: string, filter: { since: string; courseIds: readonly string[] }) {
  if (filter.courseIds.length === 0) return [];
  const rows = await firstAnswers(db, orgId, { since: filter.since })
    .where('a.course_id', 'in', [...filter.courseIds])
    .select(['a.person_id', 'a.course_id', 'a.lesson_id', 'a.question_id', 'a.correct', 'a.score'])
    .execute();
  return rows.map((row) => ({ personId: row.person_id, courseId: row.course_id, lessonId: row.lesson_id, questionId: row.question_id, correct: Number(row.correct) === 1, score: Number(row.score) }));
}

/** The courses a lesson's first answers were given in since an instant. */
export async function listCoursesAnswered(db: Db, orgId: string, filter: ImprovementFilter): Promise<string[]> {
  const rows = await firstAnswers(db, orgId, filter).select('a.course_id').distinct().execute();
  return rows.map((row) => row.course_id);
}
