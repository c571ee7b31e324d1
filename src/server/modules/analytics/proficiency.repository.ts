import { chunks } from '../../db/chunks.ts';
import type { Db } from '../../db/database.ts';

// Queries of the proficiency heat map; every one filters by org_id. They read the learning module's review items,
// review log and answers and the content module's lessons and objectives (read only, never written), in bulk: a
// few statements of up to CHUNK people each, never one per person.

const CHUNK = 500;


/** A review item with its lesson's objective. */
export interface ReviewItemOfObjective {
  id: string;
  person_id: string;
  objective_id: string;
  card: string;
  desired_retention: number;
}

/** The review items of these people made by `upTo` (of one course when given) whose lesson serves an objective. */
export async function listReviewItems(db: Db, orgId: string, personIds: readonly string[], options: { courseId?: string | undefined; upTo: string }): Promise<ReviewItemOfObjective[]> {
  const rows: ReviewItemOfObjective[] = [];
  for (const people of chunks(personIds, CHUNK)) {
    let query = db
      .selectFrom('review_item')
      .innerJoin('lesson', (join) => join.onRef('lesson.id', '=', 'review_item.lesson_id').on('lesson.org_id', '=', orgId))
      .select(['review_item.id', 'review_item.person_id', 'lesson.objective_id', 'review_item.card', 'review_item.desired_retention'])
      .where('review_item.org_id', '=', orgId)
      .where('review_item.person_id', 'in', people)
      .where('review_item.created_at', '<=', options.upTo)
      .where('lesson.objective_id', 'is not', null);
    if (options.courseId) query = query.where('review_item.course_id', '=', options.courseId);
    for (const row of await query.execute()) rows.push({ ...row, objective_id: row.objective_id as string, desired_retention: Number(row.desired_retention) });
  }
  return rows;
}

/** The reviews of these items up to `upTo`, oldest first per item (to replay a card as it stood then). */
export async function listReviewsOfItems(db: Db, orgId: string, itemIds: readonly string[], upTo: string): Promise<Array<{ review_item_id: string; reviewed_at: string; correct: number }>> {
  const rows: Array<{ review_item_id: string; reviewed_at: string; correct: number }> = [];
  for (const ids of chunks(itemIds, CHUNK)) {
    rows.push(
      ...(await db
        .selectFrom('review_log')
        .select(['review_item_id', 'reviewed_at', 'correct'])
        .where('org_id', '=', orgId)
        .where('review_item_id', 'in', ids)
        .where('reviewed_at', '<=', upTo)
        .orderBy('review_item_id')
        .orderBy('reviewed_at')
        .execute()),
    );
  }
  return rows;
}

/** An answer with its lesson's objective. */
export interface AnswerOfObjective {
  person_id: string;
  objective_id: string;
  lesson_id: string;
  question_id: string;
  mode: 'lesson' | 'review' | 'post' | 'baseline';
  score: number;
  created_at: string;
}

/** These people's answers up to `upTo` (of one course when given), practice left out, whose lesson serves an objective. */
export async function listAnswers(db: Db, orgId: string, personIds: readonly string[], options: { courseId?: string | undefined; upTo: string }): Promise<AnswerOfObjective[]> {
  const rows: AnswerOfObjective[] = [];
  for (const people of chunks(personIds, CHUNK)) {
    let query = db
      .selectFrom('attempt')
      .innerJoin('lesson', (join) => join.onRef('lesson.id', '=', 'attempt.lesson_id').on('lesson.org_id', '=', orgId))
      .select(['attempt.person_id', 'lesson.objective_id', 'attempt.lesson_id', 'attempt.question_id', 'attempt.mode', 'attempt.score', 'attempt.created_at'])
      .where('attempt.org_id', '=', orgId)
      .where('attempt.person_id', 'in', people)
      .where('attempt.mode', 'in', ['lesson', 'review', 'post', 'baseline'])
      .where('attempt.created_at', '<=', options.upTo)
      .where('lesson.objective_id', 'is not', null);
    if (options.courseId) query = query.where('attempt.course_id', '=', options.courseId);
    for (const row of await query.execute()) rows.push({ ...row, objective_id: row.objective_id as string, mode: row.mode as AnswerOfObjective['mode'], score: Number(row.score) });
  }
  return rows;
}

/** The titles of these objectives of the organisation. */
export async function listObjectiveTitles(db: Db, orgId: string, ids: readonly string[]): Promise<Array<{ id: string; title: string }>> {
  const rows: Array<{ id: string; title: string }> = [];
  for (const part of chunks(ids, CHUNK)) rows.push(...(await db.selectFrom('objective').select(['id', 'title']).where('org_id', '=', orgId).where('id', 'in', part).execute()));
  return rows;
}

/** A course of the organisation with the objectives it names, or undefined. */
export async function findCourse(db: Db, orgId: string, courseId: string): Promise<{ id: string; title: string; objectiveIds: string[] } | undefined> {
  const row = await db.selectFrom('course').select(['id', 'title', 'objective_ids']).where('org_id', '=', orgId).where('id', '=', courseId).executeTakeFirst();
  return row ? { id: row.id, title: row.title, objectiveIds: JSON.parse(row.objective_ids) as string[] } : undefined;
}

/** The courses ever published, by title (only those have answers). */
export async function listPublishedCourses(db: Db, orgId: string): Promise<Array<{ id: string; title: string }>> {
  return db.selectFrom('course').select(['id', 'title']).where('org_id', '=', orgId).where('latest_version', 'is not', null).orderBy('title').execute();
}
