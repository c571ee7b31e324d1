/**
 * Morsel's own learning records as xAPI 1.0.3 statements (issue 8): a lesson launched, experienced, completed and
 * rated, an answer,
 * a baseline or post check finished, a certification earned. Pure: the records come in (the learning module reads
 * them), statements go out; nothing is stored here and time is whatever the record says.
 *
 * Every statement has a deterministic id (UUID v5 over a fixed namespace, the kind of statement and the record's
 * id), so writing the same record twice names the same statement, and the LRS takes it once.
 *
 * Verbs (ADL vocabulary, http://adlnet.gov/expapi/verbs/…, except `rated`, which ADL does not define: the xAPI
 * registry's http://id.tincanapi.com/verb/rated):
 * - a lesson started → `launched`. ADL: launched "starts the process of launching the next piece of learning
 *   content" — what opening a lesson in the player is (cmi5 uses it the same way: the system starts a unit for the
 *   learner).
 * - the lesson's last block shown to the learner (lesson_progress.experienced_at, from the player's block progress)
 *   → `experienced`: ADL's "encountered the content", which reaching its end is and opening it is not. It says nothing
 *   of answers; `completed` does.
 * - a lesson completed → `completed`; an answer → `answered`; a rating → `rated`;
 * - a check finished → `scored`, and for a post check with a pass mark also `passed` or `failed`. A baseline is
 *   "recorded but not marked" (it must not teach to the test), so it is scored and never passed or failed.
 * - a certification earned → `passed` (the certification, at its pass mark).
 *
 * The actor is the person as an account on this Morsel (`{ homePage: PUBLIC_URL, name: person id }`) with their
 * display name; never their email, so a statement forwarded to another LRS does not carry it.
 */
import { v5 as uuidV5, validate as isValidUuid } from 'uuid';
import { meetsPassMark } from '../certification.ts';
import type { Response } from '../lessons/grading.ts';
import type { Question } from '../lessons/lesson-model.ts';
import { type Activity, type Agent, isLanguageTag, type Statement } from './statement.ts';

/** The namespace of Morsel's statement ids (UUID v5): fixed forever, or rewritten records would get new ids. */
export const MORSEL_STATEMENT_NAMESPACE = '13c1be26-6412-4994-8478-b2a4f287e0ca';

const ADL = 'http://adlnet.gov/expapi/verbs';
/** The verbs Morsel's statements use. */
export const MORSEL_VERBS = {
  launched: { id: `${ADL}/launched`, display: { 'en-US': 'launched' } },
  experienced: { id: `${ADL}/experienced`, display: { 'en-US': 'experienced' } },
  completed: { id: `${ADL}/completed`, display: { 'en-US': 'completed' } },
  answered: { id: `${ADL}/answered`, display: { 'en-US': 'answered' } },
  scored: { id: `${ADL}/scored`, display: { 'en-US': 'scored' } },
  passed: { id: `${ADL}/passed`, display: { 'en-US': 'passed' } },
  failed: { id: `${ADL}/failed`, display: { 'en-US': 'failed' } },
  rated: { id: 'http://id.tincanapi.com/verb/rated', display: { 'en-US': 'rated' } },
} as const;

const ADL_ACTIVITY = 'http://adlnet.gov/expapi/activities';
/** The ADL activity types of what has one; campaigns and certifications get Morsel's own (see `morselIris`). */
const ACTIVITY_TYPES = {
  course: `${ADL_ACTIVITY}/course`,
  lesson: `${ADL_ACTIVITY}/lesson`,
  question: `${ADL_ACTIVITY}/cmi.interaction`,
  objective: `${ADL_ACTIVITY}/objective`,
  check: `${ADL_ACTIVITY}/assessment`,
} as const;

/** A lesson rating's scale (the learning API takes 1–5 stars). */
export const RATING_SCALE = { min: 1, max: 5 } as const;
/** The scale of "how sure are you?" (1 guessing, 2 unsure, 3 fairly sure, 4 certain). */
export const CONFIDENCE_SCALE = { min: 1, max: 4 } as const;

/** Where this Morsel is reached from outside (PUBLIC_URL): the home of its accounts, activities and extensions. */
export interface MorselSite {
  publicUrl: string;
}

export interface LearnerRef {
  personId: string;
  displayName: string;
}

export interface CourseRef {
  courseId: string;
  title: string;
  version: number;
}

export interface ObjectiveRef {
  objectiveId: string;
  /** Unknown when the objective was deleted or could not be read. */
  title: string | null;
}

export interface LessonRef {
  lessonId: string;
  title: string;
  coreQuestion: string;
  /** The lesson's revision in the learner's course version. */
  revision: number;
  objective: ObjectiveRef | null;
}

export interface CampaignRef {
  campaignId: string;
  name: string;
}

interface RecordBase {
  learner: LearnerRef;
  /** When it happened (ISO 8601): the statement's timestamp. */
  at: string;
  /** The language the learning happened in (the organisation's), when known: an RFC 5646 tag. */
  language: string | null;
}

/** Where a record sits: its course, the enrolment (the statement's registration) and the campaign that carried it. */
interface InCourse {
  course: CourseRef;
  enrolmentId: string | null;
  campaign: CampaignRef | null;
}

interface LessonRecord extends RecordBase, InCourse {
  /** The lesson_progress row. */
  progressId: string;
  lesson: LessonRef;
}

/** A learner opened a lesson (lesson_progress.started_at). */
export interface LessonLaunched extends LessonRecord {
  kind: 'lesson_launched';
}

/** A learner was shown a lesson's last block (lesson_progress.experienced_at: once, the first time). */
export interface LessonExperienced extends LessonRecord {
  kind: 'lesson_experienced';
}

/** A learner completed a lesson (lesson_progress.completed_at; again in each recertification cycle). */
export interface LessonCompleted extends LessonRecord {
  kind: 'lesson_completed';
}

/** "Did this answer your question?", a rating and a comment (lesson_progress.feedback_at; given again, rated again). */
export interface LessonRated extends LessonRecord {
  kind: 'lesson_rated';
  answeredMyQuestion: boolean | null;
  rating: number | null;
  comment: string | null;
}

/** Why an answer was given: in a lesson (it counts), a scheduled review, practice, or a baseline or post check. */
export type AnswerMode = 'lesson' | 'review' | 'practice' | 'baseline' | 'post';

/** One answer to one question (an attempt). */
export interface AnswerRecorded extends RecordBase, InCourse {
  kind: 'answer';
  attemptId: string;
  lesson: LessonRef;
  questionId: string;
  /** The question as the learner's course version has it; null when it cannot be found any more. */
  question: Question | null;
  mode: AnswerMode;
  correct: boolean;
  /** 0–1 (partial credit). */
  score: number;
  response: Response | null;
  timeTakenMs: number;
  confidence: number | null;
}

/** A baseline or post check with every question answered. */
export interface CheckFinished extends RecordBase, InCourse {
  kind: 'check_finished';
  checkId: string;
  phase: 'baseline' | 'post';
  /** 0–100. */
  score: number;
  /** 0–100: the course certification's pass mark (the highest, when several), or null when none applies. */
  passMark: number | null;
}

/** A certification award. */
export interface CertificationEarned extends RecordBase {
  kind: 'certification_earned';
  awardId: string;
  certification: { certificationId: string; title: string; passMark: number };
  /** 0–100. */
  score: number;
  /** The course it was earned in (a course certification), else null. */
  course: CourseRef | null;
  /** The enrolment that earned it, when exactly one did (a course certification). */
  enrolmentId: string | null;
  /** The objectives it certifies (an objectives certification). */
  objectives: ObjectiveRef[];
}

/** A learning record Morsel writes statements for. */
export type MorselRecord = LessonLaunched | LessonExperienced | LessonCompleted | LessonRated | AnswerRecorded | CheckFinished | CertificationEarned;

/** The IRIs of Morsel's activities, activity types and extensions, all under `<PUBLIC_URL>/xapi/`. */
export function morselIris(publicUrl: string) {
  const base = `${publicUrl.replace(/\/+$/, '')}/xapi`;
  const segment = encodeURIComponent;
  return {
    course: (courseId: string) => `${base}/activities/courses/${segment(courseId)}`,
    check: (courseId: string, phase: 'baseline' | 'post') => `${base}/activities/courses/${segment(courseId)}/checks/${phase}`,
    lesson: (lessonId: string) => `${base}/activities/lessons/${segment(lessonId)}`,
    question: (lessonId: string, questionId: string) => `${base}/activities/lessons/${segment(lessonId)}/questions/${segment(questionId)}`,
    objective: (objectiveId: string) => `${base}/activities/objectives/${segment(objectiveId)}`,
    campaign: (campaignId: string) => `${base}/activities/campaigns/${segment(campaignId)}`,
    certification: (certificationId: string) => `${base}/activities/certifications/${segment(certificationId)}`,
    activityType: (name: 'campaign' | 'certification') => `${base}/activity-types/${name}`,
    extension: (name: 'confidence' | 'answer-mode' | 'answered-my-question' | 'pass-mark') => `${base}/extensions/${name}`,
  };
}

/** A person as an xAPI agent: an account on this Morsel, named by their display name (never their email). */
export function learnerAgent(site: MorselSite, learner: LearnerRef): Agent {
  return { objectType: 'Agent', name: learner.displayName, account: { homePage: site.publicUrl, name: learner.personId } };
}

/** The authority of Morsel's own statements: Morsel itself, an account named `morsel` on this Morsel. */
export function morselAuthority(site: MorselSite): Agent {
  return { objectType: 'Agent', name: 'Morsel', account: { homePage: site.publicUrl, name: 'morsel' } };
}

/** A deterministic statement id: UUID v5 of the statement's kind and key in Morsel's namespace. */
export function statementIdOf(kind: string, key: string): string {
  return uuidV5(`${kind}:${key}`, MORSEL_STATEMENT_NAMESPACE);
}

/** The registration of an enrolment: its id when it is a UUID (new ids are UUIDv7), else a UUID v5 of it. */
export function registrationOf(enrolmentId: string): string {
  return isValidUuid(enrolmentId) ? enrolmentId.toLowerCase() : uuidV5(`enrolment:${enrolmentId}`, MORSEL_STATEMENT_NAMESPACE);
}

/** Milliseconds as an ISO 8601 duration, to the hundredth of a second (what an LRS must keep): 90 500 → PT1M30.5S. */
export function isoDuration(ms: number): string {
  const hundredths = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(hundredths / 360_000);
  const minutes = Math.floor((hundredths % 360_000) / 6_000);
  const seconds = (hundredths % 6_000) / 100;
  const parts = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${seconds > 0 || (hours === 0 && minutes === 0) ? `${seconds}S` : ''}`;
  return `PT${parts}`;
}

/** An answer as xAPI's response text for its interaction type: lists joined by `[,]`, true/false, free text. */
export function responseText(response: Response): string {
  switch (response.kind) {
    case 'true_false':
      return String(response.value);
    case 'single_choice':
      return response.optionId;
    case 'multiple_choice':
      return response.optionIds.join('[,]');
    case 'ordering':
      return response.itemIds.join('[,]');
    case 'cloze':
      return response.blanks.join('[,]');
    case 'short_text':
      return response.text;
  }
}

/** The language-map key of a record's texts: its language, or `und` (undetermined) when it is unknown. */
function languageOf(record: RecordBase): string {
  return record.language && isLanguageTag(record.language) ? record.language : 'und';
}

/** Interaction components with distinct ids (the first of a repeated id wins: xAPI requires them distinct). */
function componentsOf(items: readonly { id: string; text: string }[], language: string) {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id)).map((item) => ({ id: item.id, description: { [language]: item.text } }));
}

/**
 * A question's interaction type and components, where Morsel's kind maps onto one: true/false → true-false, single
 * and multiple choice → choice, ordering → sequencing, cloze and short text → fill-in. Correct responses are given
 * where they are exact; cloze and short text are graded leniently (case, spaces, keywords), which no pattern says.
 */
function interactionOf(question: Question, language: string): Partial<NonNullable<Activity['definition']>> {
  switch (question.kind) {
    case 'true_false':
      return { interactionType: 'true-false', correctResponsesPattern: [String(question.answer)] };
    case 'single_choice':
      return { interactionType: 'choice', choices: componentsOf(question.options, language), correctResponsesPattern: question.options.filter((o) => o.correct).map((o) => o.id) };
    case 'multiple_choice':
      return { interactionType: 'choice', choices: componentsOf(question.options, language), correctResponsesPattern: [question.options.filter((o) => o.correct).map((o) => o.id).join('[,]')] };
    case 'ordering':
      return { interactionType: 'sequencing', choices: componentsOf(question.items, language), correctResponsesPattern: [question.items.map((i) => i.id).join('[,]')] };
    case 'cloze':
    case 'short_text':
      return { interactionType: 'fill-in' };
  }
}

/** The activities of a site, named in a record's language. */
function activitiesOf(site: MorselSite, language: string) {
  const iris = morselIris(site.publicUrl);
  const named = (text: string | null) => (text ? { name: { [language]: text } } : {});
  return {
    iris,
    course: (course: CourseRef): Activity => ({ objectType: 'Activity', id: iris.course(course.courseId), definition: { ...named(course.title), type: ACTIVITY_TYPES.course } }),
    lesson: (lesson: LessonRef): Activity => ({ objectType: 'Activity', id: iris.lesson(lesson.lessonId), definition: { ...named(lesson.title), ...(lesson.coreQuestion ? { description: { [language]: lesson.coreQuestion } } : {}), type: ACTIVITY_TYPES.lesson } }),
    question: (lessonId: string, questionId: string, question: Question | null): Activity => ({
      objectType: 'Activity',
      id: iris.question(lessonId, questionId),
      definition: { ...named(question?.prompt ?? null), type: ACTIVITY_TYPES.question, ...(question ? interactionOf(question, language) : {}) },
    }),
    check: (course: CourseRef, phase: 'baseline' | 'post'): Activity => ({
      objectType: 'Activity',
      id: iris.check(course.courseId, phase),
      definition: { ...named(`${course.title}: ${phase === 'baseline' ? 'baseline check' : 'post check'}`), type: ACTIVITY_TYPES.check },
    }),
    objective: (objective: ObjectiveRef): Activity => ({ objectType: 'Activity', id: iris.objective(objective.objectiveId), definition: { ...named(objective.title), type: ACTIVITY_TYPES.objective } }),
    campaign: (campaign: CampaignRef): Activity => ({ objectType: 'Activity', id: iris.campaign(campaign.campaignId), definition: { ...named(campaign.name), type: iris.activityType('campaign') } }),
    certification: (certification: CertificationEarned['certification']): Activity => ({
      objectType: 'Activity',
      id: iris.certification(certification.certificationId),
      definition: { ...named(certification.title), type: iris.activityType('certification'), extensions: { [iris.extension('pass-mark')]: certification.passMark } },
    }),
  };
}

type Activities = ReturnType<typeof activitiesOf>;
type ContextOf = NonNullable<Statement['context']>;

/** Context activity lists without the empty ones (xAPI allows them, but they say nothing). */
function listsOf(lists: { parent?: Activity[]; grouping?: Activity[]; category?: Activity[] }): ContextOf['contextActivities'] {
  const kept = Object.entries(lists).filter(([, list]) => list.length > 0);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** A statement's context: registration, the lists, the platform, the language, the revision and extensions. */
function contextOf(record: RecordBase & { enrolmentId: string | null }, lists: Parameters<typeof listsOf>[0], extras: { revision?: string; extensions?: Record<string, unknown> } = {}): ContextOf {
  const contextActivities = listsOf(lists);
  return {
    ...(record.enrolmentId ? { registration: registrationOf(record.enrolmentId) } : {}),
    ...(contextActivities ? { contextActivities } : {}),
    ...(extras.revision !== undefined ? { revision: extras.revision } : {}),
    platform: 'Morsel',
    ...(record.language && isLanguageTag(record.language) ? { language: record.language } : {}),
    ...(extras.extensions ? { extensions: extras.extensions } : {}),
  };
}

/** The campaign (when there is one) as a grouping activity. */
function campaignGrouping(activities: Activities, record: InCourse): Activity[] {
  return record.campaign ? [activities.campaign(record.campaign)] : [];
}

/** The lesson's objective (when it has one) as a category activity. */
function objectiveCategory(activities: Activities, lesson: LessonRef): Activity[] {
  return lesson.objective ? [activities.objective(lesson.objective)] : [];
}

/** A statement about a lesson: its parent is the course, grouped by the campaign, in the category of its objective. */
function lessonStatement(site: MorselSite, record: LessonRecord, id: string, verb: Statement['verb'], result?: Statement['result']): Statement {
  const activities = activitiesOf(site, languageOf(record));
  return {
    id,
    actor: learnerAgent(site, record.learner),
    verb,
    object: activities.lesson(record.lesson),
    ...(result ? { result } : {}),
    context: contextOf(record, { parent: [activities.course(record.course)], grouping: campaignGrouping(activities, record), category: objectiveCategory(activities, record.lesson) }, { revision: String(record.lesson.revision) }),
    timestamp: record.at,
  };
}

/** `launched`: the learner opened the lesson (one statement per lesson and enrolment). */
export function launchedStatement(site: MorselSite, record: LessonLaunched): Statement {
  return lessonStatement(site, record, statementIdOf('launched', record.progressId), MORSEL_VERBS.launched);
}

/** `experienced`: the learner was shown the whole lesson, to its last block (once per lesson progress). */
export function experiencedStatement(site: MorselSite, record: LessonExperienced): Statement {
  return lessonStatement(site, record, statementIdOf('experienced', record.progressId), MORSEL_VERBS.experienced);
}

/** `completed`: the learner completed the lesson (one per completion: a recertification cycle completes it again). */
export function completedStatement(site: MorselSite, record: LessonCompleted): Statement {
  return lessonStatement(site, record, statementIdOf('completed', `${record.progressId}@${record.at}`), MORSEL_VERBS.completed, { completion: true });
}

/**
 * `rated`: "did this answer your question?" (a result extension), the rating as the score (1–5) and the comment as
 * the response. Feedback given again is a new statement (its own instant); the earlier one stays as it was.
 */
export function ratedStatement(site: MorselSite, record: LessonRated): Statement {
  const iris = morselIris(site.publicUrl);
  const result: NonNullable<Statement['result']> = {
    ...(record.rating !== null ? { score: { raw: record.rating, min: RATING_SCALE.min, max: RATING_SCALE.max } } : {}),
    ...(record.comment ? { response: record.comment } : {}),
    ...(record.answeredMyQuestion !== null ? { extensions: { [iris.extension('answered-my-question')]: record.answeredMyQuestion } } : {}),
  };
  return lessonStatement(site, record, statementIdOf('rated', `${record.progressId}@${record.at}`), MORSEL_VERBS.rated, result);
}

/**
 * `answered`: the question (a cmi.interaction) with success, the score (0–1, partial credit), the response as text,
 * the time taken and the confidence. Its parent is the lesson (in a check: the check, with the lesson grouped).
 */
export function answeredStatement(site: MorselSite, record: AnswerRecorded): Statement {
  const activities = activitiesOf(site, languageOf(record));
  const { iris } = activities;
  const inCheck = record.mode === 'baseline' || record.mode === 'post';
  const lesson = activities.lesson(record.lesson);
  const course = activities.course(record.course);
  const result: NonNullable<Statement['result']> = {
    success: record.correct,
    score: { scaled: record.score, raw: record.score, min: 0, max: 1 },
    ...(record.response ? { response: responseText(record.response) } : {}),
    duration: isoDuration(record.timeTakenMs),
    ...(record.confidence !== null ? { extensions: { [iris.extension('confidence')]: record.confidence } } : {}),
  };
  return {
    id: statementIdOf('answered', record.attemptId),
    actor: learnerAgent(site, record.learner),
    verb: MORSEL_VERBS.answered,
    object: activities.question(record.lesson.lessonId, record.questionId, record.question),
    result,
    context: contextOf(
      record,
      {
        parent: [inCheck ? activities.check(record.course, record.mode as 'baseline' | 'post') : lesson],
        grouping: [...(inCheck ? [lesson] : []), course, ...campaignGrouping(activities, record)],
        category: objectiveCategory(activities, record.lesson),
      },
      { revision: String(record.lesson.revision), extensions: { [iris.extension('answer-mode')]: record.mode } },
    ),
    timestamp: record.at,
  };
}

/**
 * A finished check: `scored` (0–100), and for a post check with a pass mark `passed` or `failed` (the pass mark as a
 * result extension) under one id, so a pass mark changed later cannot give the same check both.
 */
export function checkStatements(site: MorselSite, record: CheckFinished): Statement[] {
  const activities = activitiesOf(site, languageOf(record));
  const marked = record.phase === 'post' && record.passMark !== null;
  const object = activities.check(record.course, record.phase);
  const score = { scaled: record.score / 100, raw: record.score, min: 0, max: 100 };
  const context = contextOf(record, { parent: [activities.course(record.course)], grouping: campaignGrouping(activities, record) }, { revision: String(record.course.version) });
  const base = { actor: learnerAgent(site, record.learner), object, context, timestamp: record.at };
  const scored: Statement = { ...base, id: statementIdOf('scored', record.checkId), verb: MORSEL_VERBS.scored, result: { score, completion: true } };
  if (!marked) return [scored];
  const success = meetsPassMark(record.score, record.passMark as number);
  return [scored, { ...base, id: statementIdOf('check-result', record.checkId), verb: success ? MORSEL_VERBS.passed : MORSEL_VERBS.failed, result: { score, success, completion: true, extensions: { [activities.iris.extension('pass-mark')]: record.passMark } } }];
}

/** `passed`: the certification, with the score that earned it; grouped by its course, in the category of its objectives. */
export function certificationStatement(site: MorselSite, record: CertificationEarned): Statement {
  const activities = activitiesOf(site, languageOf(record));
  return {
    id: statementIdOf('certified', record.awardId),
    actor: learnerAgent(site, record.learner),
    verb: MORSEL_VERBS.passed,
    object: activities.certification(record.certification),
    result: { score: { scaled: record.score / 100, raw: record.score, min: 0, max: 100 }, success: true, completion: true },
    context: contextOf(record, { grouping: record.course ? [activities.course(record.course)] : [], category: record.objectives.map((objective) => activities.objective(objective)) }),
    timestamp: record.at,
  };
}

/** The statements of one learning record (one, or two for a marked post check). */
export function statementsOf(site: MorselSite, record: MorselRecord): Statement[] {
  switch (record.kind) {
    case 'lesson_launched':
      return [launchedStatement(site, record)];
    case 'lesson_experienced':
      return [experiencedStatement(site, record)];
    case 'lesson_completed':
      return [completedStatement(site, record)];
    case 'lesson_rated':
      return [ratedStatement(site, record)];
    case 'answer':
      return [answeredStatement(site, record)];
    case 'check_finished':
      return checkStatements(site, record);
    case 'certification_earned':
      return [certificationStatement(site, record)];
  }
}
