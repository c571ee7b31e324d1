import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
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

/**
 * Raises the furthest block and the active time of a lesson's progress, never lowering either (a late or repeated
 * report changes nothing). Returns whether the progress row exists.
 */
export async function raiseBlockProgress(db: Db, enrolmentId: string, lessonId: string, block: number, activeMs: number): Promise<boolean> {
  const result = await db
    .updateTable('lesson_progress')
    .set({
      furthest_block: sql<number>`case when furthest_block is null or furthest_block < ${block} then ${block} else furthest_block end`,
      active_ms: sql<number>`case when active_ms is null or active_ms < ${activeMs} then ${activeMs} else active_ms end`,
    })
    .where('enrolment_id', '=', enrolmentId)
    .where('lesson_id', '=', lessonId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records the first time a learner was shown a lesson's last block; returns whether this was that first time. */
export async function markExperienced(db: Db, enrolmentId: string, lessonId: string, at: string): Promise<boolean> {
  const result = await db.updateTable('lesson_progress').set({ experienced_at: at }).where('enrolment_id', '=', enrolmentId).where('lesson_id', '=', lessonId).where('experienced_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findAttemptByClientId(db: Db, personId: string, clientId: string): Promise<AttemptRow | undefined> {
  return db.selectFrom('attempt').selectAll().where('person_id', '=', personId).where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertAttempt(db: Db, row: Insertable<AttemptTable>): Promise<void> {
  await db.insertInto('attempt').values(row).execute();
}

/** When the enrolment's current cycle began: answers before it belong to an earlier cycle. */
export const cycleStartOf = (enrolment: Pick<EnrolmentRow, 'cycle_started_at'>): string | null => enrolment.cycle_started_at;

/** The first (counting) answers of a person in one lesson of one course, in the current cycle (from `since`). */
export async function listLessonAttempts(db: Db, orgId: string, personId: string, courseId: string, lessonId: string, since: string | null = null): Promise<AttemptRow[]> {
  let query = db
    .selectFrom('attempt')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('course_id', '=', courseId)
    .where('lesson_id', '=', lessonId)
    .where('mode', '=', 'lesson');
  if (since) query = query.where('created_at', '>=', since);
  return query.execute();
}

/** The first (counting) answers of a person in a whole course, in the current cycle (from `since`). */
export async function listCourseAttempts(db: Db, orgId: string, personId: string, courseId: string, since: string | null): Promise<AttemptRow[]> {
  let query = db.selectFrom('attempt').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).where('course_id', '=', courseId).where('mode', '=', 'lesson');
  if (since) query = query.where('created_at', '>=', since);
  return query.execute();
}

/** Whether the person has answered anything in the course's lessons in the current cycle. */
export async function hasCourseAttempts(db: Db, orgId: string, personId: string, courseId: string, since: string | null): Promise<boolean> {
  let query = db.selectFrom('attempt').select('id').where('org_id', '=', orgId).where('person_id', '=', personId).where('course_id', '=', courseId).where('mode', 'in', ['lesson', 'practice']);
  if (since) query = query.where('created_at', '>=', since);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** The review item of one question of a person, if they have one. */
export async function findReviewItemOfQuestion(db: Db, orgId: string, personId: string, lessonId: string, questionId: string): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('review_item').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).where('lesson_id', '=', lessonId).where('question_id', '=', questionId).executeTakeFirst();
}

/** Every review item of some people (for forecasts). */
export async function listReviewItemsOfPeople(db: Db, orgId: string, personIds: readonly string[]): Promise<Pick<ReviewItemRow, 'person_id' | 'card' | 'desired_retention' | 'due_at'>[]> {
  if (personIds.length === 0) return [];
  const rows: Pick<ReviewItemRow, 'person_id' | 'card' | 'desired_retention' | 'due_at'>[] = [];
  // In chunks: PostgreSQL and SQLite both cap bound parameters.
  for (let i = 0; i < personIds.length; i += 500) {
    rows.push(...(await db.selectFrom('review_item').select(['person_id', 'card', 'desired_retention', 'due_at']).where('org_id', '=', orgId).where('person_id', 'in', personIds.slice(i, i + 500)).execute()));
  }
  return rows;
}

/** Inserts the review item unless the person has one for the question; returns whether it was new. */
export async function insertReviewItemIfAbsent(db: Db, row: Insertable<ReviewItemTable>): Promise<boolean> {
  const result = await db
    .insertInto('review_item')
    .values(row)
    .onConflict((oc) => oc.columns(['person_id', 'lesson_id', 'question_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
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

/** How many review items each person has due at `now`, across organisations (the boost nudge job). */
export async function countDueReviewItemsByPerson(db: Db, now: string): Promise<Array<{ org_id: string; person_id: string; due: number }>> {
  const rows = await db
    .selectFrom('review_item')
    .select(['org_id', 'person_id', (eb) => eb.fn.countAll<number>().as('due')])
    .where('due_at', '<=', now)
    .groupBy(['org_id', 'person_id'])
    .execute();
  return rows.map((row) => ({ ...row, due: Number(row.due) }));
}

/** Items for practice: the ones due soonest, whether due or not. */
export async function listPracticeItems(db: Db, orgId: string, personId: string, limit: number): Promise<ReviewItemRow[]> {
  return db.selectFrom('review_item').selectAll().where('org_id', '=', orgId).where('person_id', '=', personId).orderBy('due_at').orderBy('id').limit(limit).execute();
}

export async function insertReviewLog(db: Db, row: Insertable<ReviewLogTable>): Promise<void> {
  await db.insertInto('review_log').values(row).execute();
}

/** The lessons these people have completed (any enrolment), with when; chunked so large audiences stay one query per chunk. */
export async function listCompletions(db: Db, orgId: string, personIds: readonly string[], lessonIds: readonly string[]): Promise<Array<{ person_id: string; lesson_id: string; completed_at: string }>> {
  const rows: Array<{ person_id: string; lesson_id: string; completed_at: string }> = [];
  if (lessonIds.length === 0) return rows;
  for (let start = 0; start < personIds.length; start += 500) {
    const chunk = personIds.slice(start, start + 500);
    const found = await db
      .selectFrom('lesson_progress')
      .select(['person_id', 'lesson_id', 'completed_at'])
      .where('org_id', '=', orgId)
      .where('person_id', 'in', chunk)
      .where('lesson_id', 'in', [...lessonIds])
      .where('completed_at', 'is not', null)
      .execute();
    for (const row of found) rows.push({ person_id: row.person_id, lesson_id: row.lesson_id, completed_at: row.completed_at! });
  }
  return rows;
}

/** What a person did since an instant that may earn points or keep a streak going (see `LearningService.activityForPoints`). */
export async function listPointsActivity(db: Db, orgId: string, personId: string, since: string) {
  const [attempts, completions, awards] = await Promise.all([
    db
      .selectFrom('attempt')
      .leftJoin('review_log', (join) => join.on('review_log.org_id', '=', orgId).onRef('review_log.review_item_id', '=', 'attempt.review_item_id').onRef('review_log.reviewed_at', '=', 'attempt.created_at'))
      .select(['attempt.id', 'attempt.lesson_id', 'attempt.question_id', 'attempt.mode', 'attempt.correct', 'attempt.review_item_id', 'attempt.created_at', 'review_log.delta_t_days'])
      .where('attempt.org_id', '=', orgId)
      .where('attempt.person_id', '=', personId)
      .where('attempt.created_at', '>=', since)
      .orderBy('attempt.created_at')
      .execute(),
    db.selectFrom('lesson_progress').select(['lesson_id', 'completed_at']).where('org_id', '=', orgId).where('person_id', '=', personId).where('completed_at', '>=', since).execute(),
    db.selectFrom('certification_award').select(['id', 'certification_id', 'earned_at']).where('org_id', '=', orgId).where('person_id', '=', personId).where('earned_at', '>=', since).execute(),
  ]);
  return { attempts, completions, awards };
}

/** What badge rules read of a person: courses and lessons completed, certifications earned, scheduled reviews since an instant. */
export async function badgeFacts(db: Db, orgId: string, personId: string, reviewsSince: string) {
  const [courses, lessons, awards, reviews] = await Promise.all([
    db.selectFrom('enrolment').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('person_id', '=', personId).where('completed_at', 'is not', null).executeTakeFirstOrThrow(),
    db.selectFrom('lesson_progress').select((eb) => eb.fn.count<number>('lesson_id').distinct().as('n')).where('org_id', '=', orgId).where('person_id', '=', personId).where('completed_at', 'is not', null).executeTakeFirstOrThrow(),
    db.selectFrom('certification_award').select('certification_id').where('org_id', '=', orgId).where('person_id', '=', personId).execute(),
    db.selectFrom('attempt').select(['created_at', 'correct']).where('org_id', '=', orgId).where('person_id', '=', personId).where('mode', '=', 'review').where('created_at', '>=', reviewsSince).execute(),
  ]);
  return { coursesCompleted: Number(courses.n), lessonsCompleted: Number(lessons.n), certificationIds: awards.map((a) => a.certification_id), reviews: reviews.map((r) => ({ answeredAt: r.created_at, correct: r.correct === 1 })) };
}

/** People of an organisation (or of every organisation) with attempts, completions or awards since an instant. */
export async function listActivePeopleSince(db: Db, since: string): Promise<{ org_id: string; person_id: string }[]> {
  const attempts = db.selectFrom('attempt').select(['org_id', 'person_id']).where('created_at', '>=', since);
  const completions = db.selectFrom('lesson_progress').select(['org_id', 'person_id']).where('completed_at', '>=', since);
  const awards = db.selectFrom('certification_award').select(['org_id', 'person_id']).where('earned_at', '>=', since);
  return attempts.union(completions).union(awards).execute();
}

/** Whose records a read of xAPI records covers: one person, or (absent) everyone in every organisation. */
export interface XapiRecordScope {
  orgId: string;
  personId: string;
}

/**
 * The learning records Morsel writes as xAPI statements since an instant, and before `until` when given (see
 * `LearningService.xapiRecordsSince`): lessons opened, completed or rated (lesson progress with its enrolment's
 * course), answers (with their enrolment), finished checks and certification awards (with the certification). Across
 * organisations unless scoped.
 */
export async function listXapiRecordsSince(db: Db, since: string, scope?: XapiRecordScope, until = '9999') {
  const progress = db
    .selectFrom('lesson_progress as p')
    .innerJoin('enrolment as e', 'e.id', 'p.enrolment_id')
    .select(['p.id', 'p.org_id', 'p.person_id', 'p.enrolment_id', 'p.lesson_id', 'p.started_at', 'p.experienced_at', 'p.completed_at', 'p.feedback_at', 'p.answered_my_question', 'p.rating', 'p.comment', 'e.course_id', 'e.course_version'])
    .where((eb) => eb.or((['p.started_at', 'p.experienced_at', 'p.completed_at', 'p.feedback_at'] as const).map((column) => eb.and([eb(column, '>=', since), eb(column, '<', until)]))));
  const attempts = db
    .selectFrom('attempt as a')
    // One enrolment per person and course (enrolment's unique key): the answer's registration.
    .leftJoin('enrolment as e', (join) => join.onRef('e.person_id', '=', 'a.person_id').onRef('e.course_id', '=', 'a.course_id'))
    .select(['a.id', 'a.org_id', 'a.person_id', 'a.course_id', 'a.course_version', 'a.lesson_id', 'a.lesson_revision', 'a.question_id', 'a.mode', 'a.response', 'a.correct', 'a.score', 'a.time_taken_ms', 'a.confidence', 'a.created_at', 'e.id as enrolment_id'])
    .where('a.created_at', '>=', since)
    .where('a.created_at', '<', until);
  const checks = db
    .selectFrom('course_check')
    .select(['id', 'org_id', 'person_id', 'enrolment_id', 'course_id', 'course_version', 'phase', 'score', 'completed_at'])
    .where('status', '=', 'done')
    .where('completed_at', '>=', since)
    .where('completed_at', '<', until);
  const awards = db
    .selectFrom('certification_award as w')
    .innerJoin('certification as c', 'c.id', 'w.certification_id')
    .select(['w.id', 'w.org_id', 'w.person_id', 'w.certification_id', 'w.score', 'w.evidence', 'w.earned_at', 'c.title', 'c.scope', 'c.course_id', 'c.objective_ids', 'c.pass_mark'])
    .where('w.earned_at', '>=', since)
    .where('w.earned_at', '<', until);
  const [progressRows, attemptRows, checkRows, awardRows] = await Promise.all([
    (scope ? progress.where('p.org_id', '=', scope.orgId).where('p.person_id', '=', scope.personId) : progress).execute(),
    (scope ? attempts.where('a.org_id', '=', scope.orgId).where('a.person_id', '=', scope.personId) : attempts).execute(),
    (scope ? checks.where('org_id', '=', scope.orgId).where('person_id', '=', scope.personId) : checks).execute(),
    (scope ? awards.where('w.org_id', '=', scope.orgId).where('w.person_id', '=', scope.personId) : awards).execute(),
  ]);
  return { progress: progressRows, attempts: attemptRows, checks: checkRows, awards: awardRows };
}

/** The instant of the oldest learning record Morsel writes as an xAPI statement (null: none yet). */
export async function findFirstXapiRecordAt(db: Db): Promise<string | null> {
  const [started, answered, finished, earned] = await Promise.all([
    db.selectFrom('lesson_progress').select((eb) => eb.fn.min('started_at').as('at')).executeTakeFirst(),
    db.selectFrom('attempt').select((eb) => eb.fn.min('created_at').as('at')).executeTakeFirst(),
    db.selectFrom('course_check').select((eb) => eb.fn.min('completed_at').as('at')).executeTakeFirst(),
    db.selectFrom('certification_award').select((eb) => eb.fn.min('earned_at').as('at')).executeTakeFirst(),
  ]);
  const instants = [started?.at, answered?.at, finished?.at, earned?.at].filter((at): at is string => typeof at === 'string');
  return instants.length === 0 ? null : instants.sort()[0]!;
}

/** The highest pass mark of the active course certifications of each course (0–100), by course id. */
export async function listCoursePassMarks(db: Db, orgId: string, courseIds: readonly string[]): Promise<Map<string, number>> {
  const marks = new Map<string, number>();
  if (courseIds.length === 0) return marks;
  const rows = await db.selectFrom('certification').select(['course_id', 'pass_mark']).where('org_id', '=', orgId).where('scope', '=', 'course').where('status', '=', 'active').where('course_id', 'in', [...courseIds]).execute();
  for (const row of rows) if (row.course_id) marks.set(row.course_id, Math.max(marks.get(row.course_id) ?? 0, Number(row.pass_mark)));
  return marks;
}

/**
 * The campaigns that carry people's courses: for each (person, course), the campaigns the person is trained in that
 * include the course, earliest joined first. Reads the delivery module's campaign tables, read only: an enrolment
 * does not record the campaign that made it (and an assigned one may be carried by a campaign later).
 */
export async function listCampaignsOfPeople(db: Db, orgId: string, personIds: readonly string[]): Promise<Array<{ person_id: string; course_id: string; campaign_id: string; name: string }>> {
  const rows: Array<{ person_id: string; course_id: string; campaign_id: string; name: string }> = [];
  const ids = [...new Set(personIds)];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('campaign_member as m')
        .innerJoin('campaign_course as cc', (join) => join.onRef('cc.campaign_id', '=', 'm.campaign_id').onRef('cc.org_id', '=', 'm.org_id'))
        .innerJoin('campaign as c', 'c.id', 'm.campaign_id')
        .select(['m.person_id', 'cc.course_id', 'c.id as campaign_id', 'c.name'])
        .where('m.org_id', '=', orgId)
        .where('m.arm', '=', 'trained')
        .where('m.person_id', 'in', ids.slice(i, i + 500))
        .orderBy('m.joined_at')
        .orderBy('c.id')
        .execute()),
    );
  }
  return rows;
}

/** An enrolment by id (any person), or undefined. */
export async function findEnrolmentById(db: Db, orgId: string, id: string): Promise<EnrolmentRow | undefined> {
  return db.selectFrom('enrolment').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}
