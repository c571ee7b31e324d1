/**
 * The progress dashboard's reads (issue 8): enrolments, lesson completions and learning activity of a set of people,
 * for reporting only. They read the learning module's tables and never write them. Every query filters by org_id;
 * `personIds` undefined means everyone in the organisation. Timestamps are ISO text, so ranges compare as text.
 */
import type { Db } from '../../db/database.ts';

const CHUNK = 500;

/** Runs `read` over the people in chunks (or once for the whole organisation) and joins the rows. */
async function byPeople<T>(personIds: readonly string[] | undefined, read: (chunk: string[] | undefined) => Promise<T[]>): Promise<T[]> {
  if (personIds === undefined) return read(undefined);
  const unique = [...new Set(personIds)];
  const rows: T[] = [];
  for (let start = 0; start < unique.length; start += CHUNK) rows.push(...(await read(unique.slice(start, start + CHUNK))));
  return rows;
}

export interface EnrolmentFacts {
  id: string;
  person_id: string;
  course_id: string;
  course_version: number;
  source: 'assigned' | 'campaign' | 'self' | 'recertification';
  due_at: string | null;
  created_at: string;
  completed_at: string | null;
  cycle_started_at: string | null;
}

/** The enrolments of these people. */
export async function listEnrolments(db: Db, orgId: string, personIds: readonly string[] | undefined): Promise<EnrolmentFacts[]> {
  return byPeople(personIds, async (chunk) => {
    let query = db.selectFrom('enrolment').select(['id', 'person_id', 'course_id', 'course_version', 'source', 'due_at', 'created_at', 'completed_at', 'cycle_started_at']).where('org_id', '=', orgId);
    if (chunk) query = query.where('person_id', 'in', chunk);
    return (await query.execute()).map((row) => ({ ...row, course_version: Number(row.course_version) }));
  });
}

/** Every completed lesson (current cycle) of these people's enrolments. */
export async function listLessonCompletions(db: Db, orgId: string, personIds: readonly string[] | undefined): Promise<Array<{ enrolment_id: string; person_id: string; lesson_id: string; completed_at: string }>> {
  return byPeople(personIds, async (chunk) => {
    let query = db.selectFrom('lesson_progress').select(['enrolment_id', 'person_id', 'lesson_id', 'completed_at']).where('org_id', '=', orgId).where('completed_at', 'is not', null);
    if (chunk) query = query.where('person_id', 'in', chunk);
    return (await query.execute()) as Array<{ enrolment_id: string; person_id: string; lesson_id: string; completed_at: string }>;
  });
}

export interface ActivityRow {
  person_id: string;
  at: string;
  kind: 'lesson_started' | 'answer' | 'review';
}

/**
 * What these people did from `from` (inclusive) to `to` (exclusive): lessons started, answers (lesson, practice and
 * check answers) and reviews; only in `courseIds` when given.
 */
export async function listActivity(db: Db, orgId: string, personIds: readonly string[] | undefined, range: { from: string; to: string }, courseIds?: readonly string[]): Promise<ActivityRow[]> {
  if (courseIds && courseIds.length === 0) return [];
  return byPeople(personIds, async (chunk) => {
    let starts = db
      .selectFrom('lesson_progress')
      .innerJoin('enrolment', 'enrolment.id', 'lesson_progress.enrolment_id')
      .select(['lesson_progress.person_id as person_id', 'lesson_progress.started_at as at'])
      .where('lesson_progress.org_id', '=', orgId)
      .where('lesson_progress.started_at', '>=', range.from)
      .where('lesson_progress.started_at', '<', range.to);
    if (chunk) starts = starts.where('lesson_progress.person_id', 'in', chunk);
    if (courseIds) starts = starts.where('enrolment.course_id', 'in', [...courseIds]);
    let answers = db.selectFrom('attempt').select(['person_id', 'created_at as at', 'mode']).where('org_id', '=', orgId).where('created_at', '>=', range.from).where('created_at', '<', range.to);
    if (chunk) answers = answers.where('person_id', 'in', chunk);
    if (courseIds) answers = answers.where('course_id', 'in', [...courseIds]);
    return [
      ...(await starts.execute()).map((row) => ({ person_id: row.person_id, at: row.at, kind: 'lesson_started' as const })),
      ...(await answers.execute()).map((row) => ({ person_id: row.person_id, at: row.at, kind: row.mode === 'review' ? ('review' as const) : ('answer' as const) })),
    ];
  });
}

/** Each person's latest activity in each course (a lesson started or completed, or an answer): person → course → instant. */
export async function listLastActivity(db: Db, orgId: string, personIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const latest = new Map<string, Map<string, string>>();
  const keep = (personId: string, courseId: string, at: string | null) => {
    if (!at) return;
    const courses = latest.get(personId) ?? new Map<string, string>();
    if (!courses.has(courseId) || courses.get(courseId)! < at) courses.set(courseId, at);
    latest.set(personId, courses);
  };
  await byPeople(personIds, async (chunk) => {
    const progress = await db
      .selectFrom('lesson_progress')
      .innerJoin('enrolment', 'enrolment.id', 'lesson_progress.enrolment_id')
      .select((eb) => ['lesson_progress.person_id as person_id', 'enrolment.course_id as course_id', eb.fn.max('lesson_progress.started_at').as('started'), eb.fn.max('lesson_progress.completed_at').as('completed')])
      .where('lesson_progress.org_id', '=', orgId)
      .where('lesson_progress.person_id', 'in', chunk!)
      .groupBy(['lesson_progress.person_id', 'enrolment.course_id'])
      .execute();
    for (const row of progress) {
      keep(row.person_id, row.course_id, row.started as string | null);
      keep(row.person_id, row.course_id, row.completed as string | null);
    }
    const answers = await db
      .selectFrom('attempt')
      .select((eb) => ['person_id', 'course_id', eb.fn.max('created_at').as('answered')])
      .where('org_id', '=', orgId)
      .where('person_id', 'in', chunk!)
      .groupBy(['person_id', 'course_id'])
      .execute();
    for (const row of answers) keep(row.person_id, row.course_id, row.answered as string | null);
    return [];
  });
  return latest;
}
