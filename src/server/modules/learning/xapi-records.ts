/**
 * The learning records Morsel writes as its own xAPI statements (issue 8), read and joined with what the statements
 * name: the person's display name, the lesson, question and course from the learner's course version (as the lesson
 * player reads them), the objective's title, the campaign that carries the course, the organisation's language and
 * the pass mark of the course's certification. A system read: no actor, no permission check; the LRS module calls it
 * through `LearningService.xapiRecordsSince`.
 */
import { Response } from '../../../core/lessons/grading.ts';
import type { Question } from '../../../core/lessons/lesson-model.ts';
import type { CampaignRef, CourseRef, LessonRef, MorselRecord, ObjectiveRef } from '../../../core/xapi/morsel-statements.ts';
import type { Db } from '../../db/database.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';
import { type IdentityService, listPersonNames, systemActor } from '../identity/index.ts';
import { lessonsOf } from './course-versions.ts';
import * as repo from './learning.repository.ts';

type CourseVersion = ContentSchemas.CourseVersion;
type Rows = Awaited<ReturnType<typeof repo.listXapiRecordsSince>>;

export interface XapiRecordsDeps {
  db: Db;
  identity: IdentityService;
  content: ContentService;
  /** The learning service's cache of course versions. @throws NotFoundError for a version that does not exist. */
  versionOf: (orgId: string, courseId: string, version: number) => Promise<CourseVersion>;
}

/** Records of the same instant in the order they happen: a lesson is opened, answered, completed, then rated. */
const KIND_ORDER: Record<MorselRecord['kind'], number> = { lesson_launched: 0, answer: 1, lesson_experienced: 2, lesson_completed: 3, lesson_rated: 4, check_finished: 5, certification_earned: 6 };

/** One organisation's records. */
export interface OrganisationRecords {
  orgId: string;
  /** Oldest first. */
  records: MorselRecord[];
}

/** The records dated since an instant, and before `until` (one person's, or everyone's), by organisation. */
export async function readXapiRecords(deps: XapiRecordsDeps, since: string, scope?: repo.XapiRecordScope, until = '9999'): Promise<OrganisationRecords[]> {
  const rows = await repo.listXapiRecordsSince(deps.db, since, scope, until);
  const inWindow = (at: string | null): at is string => at !== null && at >= since && at < until;
  const orgIds = new Set([...rows.progress, ...rows.attempts, ...rows.checks, ...rows.awards].map((row) => row.org_id));
  const groups: OrganisationRecords[] = [];
  for (const orgId of orgIds) {
    const ofOrg = <T extends { org_id: string }>(list: T[]) => list.filter((row) => row.org_id === orgId);
    const records = await recordsOfOrganisation(deps, orgId, inWindow, { progress: ofOrg(rows.progress), attempts: ofOrg(rows.attempts), checks: ofOrg(rows.checks), awards: ofOrg(rows.awards) });
    groups.push({ orgId, records: records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind])) });
  }
  return groups;
}

/** What one organisation's records are joined with, read once per read. */
async function lookupsOf(deps: XapiRecordsDeps, orgId: string, rows: Rows) {
  const personIds = [...new Set([...rows.progress, ...rows.attempts, ...rows.checks, ...rows.awards].map((row) => row.person_id))];
  const [people, organisation, campaigns, passMarks] = await Promise.all([
    listPersonNames(deps.db, orgId, personIds),
    deps.identity.getOrganisation(systemActor(orgId)).catch(() => undefined),
    repo.listCampaignsOfPeople(deps.db, orgId, personIds),
    repo.listCoursePassMarks(deps.db, orgId, [...new Set(rows.checks.map((row) => row.course_id))]),
  ]);
  const campaignOf = new Map<string, CampaignRef>();
  // Earliest joined first: the first campaign of a person and course is the one that carries it.
  for (const row of campaigns) if (!campaignOf.has(`${row.person_id}/${row.course_id}`)) campaignOf.set(`${row.person_id}/${row.course_id}`, { campaignId: row.campaign_id, name: row.name });
  const objectives: ObjectiveRef[] = [];
  const versions = new Map<string, Promise<CourseVersion | undefined>>();
  return {
    nameOf: new Map(people.map((person) => [person.id, person.display_name])),
    language: organisation?.locale ?? null,
    campaignOf: (personId: string, courseId: string) => campaignOf.get(`${personId}/${courseId}`) ?? null,
    passMarkOf: (courseId: string) => passMarks.get(courseId) ?? null,
    /** An objective, its title filled in by `nameObjectives` once every record is read. */
    objectiveOf(objectiveId: string): ObjectiveRef {
      const objective: ObjectiveRef = { objectiveId, title: null };
      objectives.push(objective);
      return objective;
    },
    /** Fills in the titles of the objectives the records name (read only when there are some). */
    async nameObjectives(): Promise<void> {
      if (objectives.length === 0) return;
      const titles = new Map((await deps.content.listObjectives(systemActor(orgId)).catch(() => [])).map((objective) => [objective.id, objective.title]));
      for (const objective of objectives) objective.title = titles.get(objective.objectiveId) ?? null;
    },
    /** The course version, or undefined when it cannot be read (the record is still written, with less said). */
    versionOf(courseId: string, version: number): Promise<CourseVersion | undefined> {
      const key = `${courseId}/${version}`;
      if (!versions.has(key)) versions.set(key, deps.versionOf(orgId, courseId, version).catch(() => undefined));
      return versions.get(key)!;
    },
  };
}

type Lookups = Awaited<ReturnType<typeof lookupsOf>>;

function courseRefOf(courseId: string, versionNumber: number, version: CourseVersion | undefined): CourseRef {
  return { courseId, title: version?.title ?? '', version: versionNumber };
}

function lessonRefOf(lookups: Lookups, lessonId: string, version: CourseVersion | undefined, revision = 0): LessonRef {
  const lesson = version ? lessonsOf(version).find((l) => l.lessonId === lessonId) : undefined;
  return {
    lessonId,
    title: lesson?.title ?? '',
    coreQuestion: lesson?.coreQuestion ?? '',
    revision: lesson?.revision ?? revision,
    objective: lesson?.objectiveId ? lookups.objectiveOf(lesson.objectiveId) : null,
  };
}

function questionOf(version: CourseVersion | undefined, lessonId: string, questionId: string): Question | null {
  const block = version ? lessonsOf(version).find((l) => l.lessonId === lessonId)?.blocks.find((b) => b.id === questionId) : undefined;
  return block?.type === 'question' ? block.question : null;
}

/** A stored response (JSON), or null when it no longer reads as one. */
function responseOf(stored: string): Response | null {
  try {
    const parsed = Response.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The enrolments an award's evidence names (`enrolment:<id>:<cycle>`, space separated). */
function enrolmentIdsOf(evidence: string): string[] {
  return [...evidence.matchAll(/enrolment:([^:\s]+):\d+/g)].map((match) => match[1]!);
}

async function recordsOfOrganisation(deps: XapiRecordsDeps, orgId: string, inWindow: (at: string | null) => at is string, rows: Rows): Promise<MorselRecord[]> {
  const lookups = await lookupsOf(deps, orgId, rows);
  const records: MorselRecord[] = [];
  const learnerOf = (personId: string) => {
    const displayName = lookups.nameOf.get(personId);
    return displayName === undefined ? undefined : { personId, displayName };
  };
  const language = lookups.language;

  for (const row of rows.progress) {
    const learner = learnerOf(row.person_id);
    if (!learner) continue;
    const version = await lookups.versionOf(row.course_id, Number(row.course_version));
    const shared = { learner, language, course: courseRefOf(row.course_id, Number(row.course_version), version), enrolmentId: row.enrolment_id, campaign: lookups.campaignOf(row.person_id, row.course_id), progressId: row.id, lesson: lessonRefOf(lookups, row.lesson_id, version) };
    // The row was read for one of its four instants: only what happened in the window is a record.
    if (inWindow(row.started_at)) records.push({ kind: 'lesson_launched', ...shared, at: row.started_at });
    if (inWindow(row.experienced_at)) records.push({ kind: 'lesson_experienced', ...shared, at: row.experienced_at });
    if (inWindow(row.completed_at)) records.push({ kind: 'lesson_completed', ...shared, at: row.completed_at });
    if (inWindow(row.feedback_at)) {
      const answered = row.answered_my_question === null ? null : Number(row.answered_my_question) === 1;
      records.push({ kind: 'lesson_rated', ...shared, at: row.feedback_at, answeredMyQuestion: answered, rating: row.rating === null ? null : Number(row.rating), comment: row.comment });
    }
  }

  for (const row of rows.attempts) {
    const learner = learnerOf(row.person_id);
    if (!learner) continue;
    const version = await lookups.versionOf(row.course_id, Number(row.course_version));
    records.push({
      kind: 'answer',
      learner,
      language,
      at: row.created_at,
      course: courseRefOf(row.course_id, Number(row.course_version), version),
      enrolmentId: row.enrolment_id,
      campaign: lookups.campaignOf(row.person_id, row.course_id),
      attemptId: row.id,
      lesson: lessonRefOf(lookups, row.lesson_id, version, Number(row.lesson_revision)),
      questionId: row.question_id,
      question: questionOf(version, row.lesson_id, row.question_id),
      mode: row.mode,
      correct: Number(row.correct) === 1,
      score: Number(row.score),
      response: responseOf(row.response),
      timeTakenMs: Number(row.time_taken_ms),
      confidence: row.confidence === null ? null : Number(row.confidence),
    });
  }

  for (const row of rows.checks) {
    const learner = learnerOf(row.person_id);
    if (!learner || row.completed_at === null || row.score === null) continue;
    const version = await lookups.versionOf(row.course_id, Number(row.course_version));
    records.push({
      kind: 'check_finished',
      learner,
      language,
      at: row.completed_at,
      course: courseRefOf(row.course_id, Number(row.course_version), version),
      enrolmentId: row.enrolment_id,
      campaign: lookups.campaignOf(row.person_id, row.course_id),
      checkId: row.id,
      phase: row.phase,
      score: Number(row.score),
      passMark: lookups.passMarkOf(row.course_id),
    });
  }

  for (const row of rows.awards) {
    const learner = learnerOf(row.person_id);
    if (!learner) continue;
    const enrolmentIds = enrolmentIdsOf(row.evidence);
    const enrolment = row.scope === 'course' && enrolmentIds.length === 1 ? await repo.findEnrolmentById(deps.db, orgId, enrolmentIds[0]!) : undefined;
    let course: CourseRef | null = null;
    if (row.scope === 'course' && row.course_id) {
      const version = enrolment ? await lookups.versionOf(row.course_id, Number(enrolment.course_version)) : await deps.content.findCourseVersion(orgId, row.course_id, 'latest');
      course = courseRefOf(row.course_id, version?.version ?? Number(enrolment?.course_version ?? 0), version);
    }
    records.push({
      kind: 'certification_earned',
      learner,
      language,
      at: row.earned_at,
      awardId: row.id,
      certification: { certificationId: row.certification_id, title: row.title, passMark: Number(row.pass_mark) },
      score: Number(row.score),
      course,
      enrolmentId: enrolment?.id ?? null,
      objectives: (JSON.parse(row.objective_ids) as string[]).map((id) => lookups.objectiveOf(id)),
    });
  }
  await lookups.nameObjectives();
  return records;
}
