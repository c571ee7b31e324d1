import type { Kysely } from 'kysely';
import { gradeResponse, presentQuestionToLearner, ResponseMismatchError } from '../../../core/lessons/grading.ts';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import { isDue, newReviewCard, ratingOf, type ReviewCard, scheduleReview } from '../../../core/reinforcement/scheduler.ts';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { type ContentService, type ContentSchemas, renderForLearner } from '../content/index.ts';
import { type Actor, type IdentityService, requirePerson, requireRole } from '../identity/index.ts';
import type { AttemptBody, LearnerLesson, ReviewBody, Today } from './learning.schemas.ts';
import { createCourseVersionCache, lessonsOf } from './course-versions.ts';
import * as repo from './learning.repository.ts';
import { type OrganisationRecords, readXapiRecords } from './xapi-records.ts';

export interface LearningDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: EventBus;
  identity: IdentityService;
  content: ContentService;
  /** The organisation's fitted FSRS weights (fsrs-fit.service.ts); the FSRS-6 defaults when absent. */
  weightsOf?: (orgId: string) => Promise<readonly number[] | undefined>;
  /** The baseline and post checks' state for the course outline (checks.service.ts). */
  checksOf?: (orgId: string, personId: string, enrolment: repo.EnrolmentRow) => Promise<CourseChecksState | undefined>;
}

/** What the outline says of a course's checks (absent when the course has none). */
export interface CourseChecksState {
  baseline: 'pending' | 'done' | 'none';
  post: 'pending' | 'done' | 'locked' | 'none';
}

type CourseVersion = ContentSchemas.CourseVersion;
type VersionLesson = CourseVersion['modules'][number]['lessons'][number];
type Grade = { correct: boolean; score: number; feedback: string[] };

/** Longest gap between two reviews of one item: workplace knowledge should not vanish for a year. */
const MAXIMUM_INTERVAL_DAYS = 365;
const SCHEDULER = 'fsrs-6:ts-fsrs@5:binary';
/** Which weights scheduled a review: the defaults, or the organisation's fitted ones. */
const schedulerName = (weights: readonly number[] | undefined) => (weights ? `${SCHEDULER}:fitted` : SCHEDULER);

/**
 * The learner's loop: enrolments, playing lessons from the version they started, answering with feedback,
 * completion, and spaced retrieval practice (review items scheduled by FSRS, the daily boost, practice).
 */
export function createLearningService({ db, clock, events, identity, content, weightsOf = async () => undefined, checksOf }: LearningDeps) {
  const versionOf = createCourseVersionCache(content);

  const questionIdsOf = (lesson: VersionLesson) => lesson.blocks.filter((b) => b.type === 'question').map((b) => b.id);

  async function enrolmentOf(actor: Extract<Actor, { kind: 'person' }>, courseId: string) {
    const enrolment = await repo.findEnrolment(db, actor.orgId, actor.personId, courseId);
    if (!enrolment) throw new NotFoundError('course', courseId);
    return enrolment;
  }

  function lessonIn(version: CourseVersion, lessonId: string): VersionLesson {
    const lesson = lessonsOf(version).find((l) => l.lessonId === lessonId);
    if (!lesson) throw new NotFoundError('lesson', lessonId);
    return lesson;
  }

  function questionIn(lesson: VersionLesson, questionId: string): Extract<Block, { type: 'question' }> {
    const block = lesson.blocks.find((b) => b.id === questionId);
    if (!block || block.type !== 'question') throw new NotFoundError('question', questionId);
    return block;
  }

  function grade(block: Extract<Block, { type: 'question' }>, response: AttemptBody['response']): Grade {
    try {
      return gradeResponse(block.question, response);
    } catch (error) {
      if (error instanceof ResponseMismatchError) throw new ValidationError(error.message, { field: 'response' });
      throw error;
    }
  }

  const gradeOf = (row: repo.AttemptRow): Grade => ({ correct: row.correct === 1, score: Number(row.score), feedback: JSON.parse(row.feedback) as string[] });

  /**
   * Marks the lesson complete once each of its questions has a counting answer, and the course once every lesson is.
   * `answered`: the questions of the lesson with a counting answer in this cycle, this one included.
   */
  async function recordCompletion(trx: Kysely<Database> | Parameters<typeof repo.listProgress>[0], enrolment: repo.EnrolmentRow, version: CourseVersion, lesson: VersionLesson, at: string, answered: ReadonlySet<string>): Promise<boolean> {
    if (!questionIdsOf(lesson).every((id) => answered.has(id))) return false;
    await repo.updateProgress(trx, enrolment.id, lesson.lessonId, { completed_at: at });
    const progress = await repo.listProgress(trx, enrolment.id);
    const done = new Set(progress.filter((p) => p.completed_at !== null || p.lesson_id === lesson.lessonId).map((p) => p.lesson_id));
    if (lessonsOf(version).every((l) => done.has(l.lessonId))) await repo.markEnrolmentCompleted(trx, enrolment.id, at);
    return true;
  }

  return {
    /**
     * Enrols people in the latest published version of a course (authors and admins; campaigns will call it too).
     * People already enrolled keep the version they started.
     * @throws AppError conflict when the course is not published.
     */
    async enrol(actor: Actor, input: { courseId: string; personIds: string[]; dueAt?: string | undefined }) {
      requireRole(actor, ['author']);
      if (!(await content.isCourseOpen(actor.orgId, input.courseId))) {
        throw new AppError('conflict', 'Only a published course can be assigned. Publish it first.');
      }
      const version = (await content.findCourseVersion(actor.orgId, input.courseId, 'latest')) as CourseVersion;
      const personIds = [...new Set(input.personIds)];
      for (const personId of personIds) {
        if (!(await identity.findPerson(actor.orgId, personId))) throw new ValidationError(`No person ${personId} in this organisation.`, { field: 'personIds' });
      }
      let enrolled = 0;
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        for (const personId of personIds) {
          const isNew = await repo.insertEnrolmentIfAbsent(trx, {
            id: newId(),
            org_id: actor.orgId,
            person_id: personId,
            course_id: input.courseId,
            course_version: version.version,
            source: 'assigned',
            assigned_by: actor.kind === 'person' ? actor.personId : null,
            due_at: input.dueAt ? new Date(input.dueAt).toISOString() : null,
            created_at: at,
            completed_at: null,
          });
          if (isNew) enrolled++;
        }
      });
      return { enrolled, alreadyEnrolled: personIds.length - enrolled, version: version.version };
    },

    /** What the learner has to do today: each course's progress and next lesson, and the review boost. */
    async today(actor: Actor, boostSize = 3): Promise<Today> {
      const person = requirePerson(actor);
      const now = clock.now().toISOString();
      const courses = [];
      for (const enrolment of await repo.listEnrolmentsOfPerson(db, person.orgId, person.personId)) {
        const version = await versionOf(person.orgId, enrolment.course_id, enrolment.course_version);
        const done = new Set((await repo.listProgress(db, enrolment.id)).filter((p) => p.completed_at).map((p) => p.lesson_id));
        const lessons = lessonsOf(version);
        const next = lessons.find((l) => !done.has(l.lessonId));
        courses.push({
          enrolmentId: enrolment.id,
          courseId: enrolment.course_id,
          title: version.title,
          version: version.version,
          dueAt: enrolment.due_at,
          completedLessons: lessons.filter((l) => done.has(l.lessonId)).length,
          totalLessons: lessons.length,
          completedAt: enrolment.completed_at,
          nextLesson: next ? { lessonId: next.lessonId, title: next.title, coreQuestion: next.coreQuestion, estimatedSeconds: next.estimatedSeconds } : null,
        });
      }
      return { courses, boost: { dueCount: await repo.countDueReviewItems(db, person.orgId, person.personId, now), size: boostSize } };
    },

    /** The course as the learner's version has it, with what they completed. */
    async outline(actor: Actor, courseId: string) {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      const version = await versionOf(person.orgId, courseId, enrolment.course_version);
      const done = new Set((await repo.listProgress(db, enrolment.id)).filter((p) => p.completed_at).map((p) => p.lesson_id));
      const checks = checksOf ? await checksOf(person.orgId, person.personId, enrolment) : undefined;
      return {
        courseId,
        title: version.title,
        version: version.version,
        modules: version.modules.map((m) => ({
          title: m.title,
          lessons: m.lessons.map((l) => ({ lessonId: l.lessonId, title: l.title, coreQuestion: l.coreQuestion, estimatedSeconds: l.estimatedSeconds, completed: done.has(l.lessonId) })),
        })),
        ...(checks ? { checks } : {}),
      };
    },

    /** One lesson to play, from the learner's version, with the answers they already gave. */
    async lesson(actor: Actor, courseId: string, lessonId: string): Promise<LearnerLesson> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      const version = await versionOf(person.orgId, courseId, enrolment.course_version);
      const lesson = lessonIn(version, lessonId);
      const at = clock.now().toISOString();
      await repo.ensureProgress(db, { id: newId(), org_id: person.orgId, enrolment_id: enrolment.id, person_id: person.personId, lesson_id: lessonId, started_at: at, completed_at: null, answered_my_question: null, rating: null, comment: null, feedback_at: null });
      const progress = (await repo.listProgress(db, enrolment.id)).find((p) => p.lesson_id === lessonId);
      const attempts = await repo.listLessonAttempts(db, person.orgId, person.personId, courseId, lessonId, repo.cycleStartOf(enrolment));
      const rendered = renderForLearner(lesson);
      return {
        courseId,
        lessonId,
        title: rendered.title,
        coreQuestion: rendered.coreQuestion,
        estimatedSeconds: lesson.estimatedSeconds,
        blocks: rendered.blocks,
        answered: Object.fromEntries(attempts.map((a) => [a.question_id, gradeOf(a)])),
        completed: Boolean(progress?.completed_at),
        feedbackGiven: Boolean(progress?.feedback_at),
      };
    },

    /**
     * Grades an answer in a lesson and records it. The first answer to a question counts (and becomes a review
     * item scheduled by FSRS); later ones are practice. A retry with the same clientId returns the first result.
     * @throws NotFoundError when the learner is not enrolled, or the lesson or question is not in their version.
     */
    async submitAttempt(actor: Actor, input: AttemptBody) {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, input.courseId);
      const version = await versionOf(person.orgId, input.courseId, enrolment.course_version);
      const lesson = lessonIn(version, input.lessonId);
      const block = questionIn(lesson, input.questionId);
      const previous = await repo.findAttemptByClientId(db, person.personId, input.clientId);
      if (previous) return { attemptId: previous.id, ...gradeOf(previous), lessonCompleted: await this.isLessonCompleted(actor, input.courseId, input.lessonId) };
      const result = grade(block, input.response);
      const now = clock.now();
      const at = now.toISOString();
      const desiredRetention = await content.desiredRetentionOf(person.orgId, lesson.objectiveId);
      const weights = await weightsOf(person.orgId);
      const attemptId = newId();
      let lessonCompleted = false;
      let counted = false;
      try {
        await db.transaction().execute(async (trx) => {
          const earlier = await repo.listLessonAttempts(trx, person.orgId, person.personId, input.courseId, input.lessonId, repo.cycleStartOf(enrolment));
          counted = !earlier.some((a) => a.question_id === input.questionId);
          let reviewItemId: string | null = null;
          // A recertification cycle answers questions that already have a review item: its schedule goes on.
          const existingItem = counted ? await repo.findReviewItemOfQuestion(trx, person.orgId, person.personId, input.lessonId, input.questionId) : undefined;
          if (existingItem) reviewItemId = existingItem.id;
          else if (counted) {
            reviewItemId = newId();
            const card = scheduleReview(newReviewCard(now), result.correct, now, { desiredRetention, maximumIntervalDays: MAXIMUM_INTERVAL_DAYS, weights }).card;
            const isNewItem = await repo.insertReviewItemIfAbsent(trx, {
              id: reviewItemId,
              org_id: person.orgId,
              person_id: person.personId,
              course_id: input.courseId,
              course_version: enrolment.course_version,
              lesson_id: input.lessonId,
              question_id: input.questionId,
              desired_retention: desiredRetention,
              card: JSON.stringify(card),
              due_at: card.due,
              created_at: at,
              updated_at: at,
            });
            // Another request (the same answer sent twice at once) made the item first: point to it, log nothing.
            if (!isNewItem) reviewItemId = (await repo.findReviewItemOfQuestion(trx, person.orgId, person.personId, input.lessonId, input.questionId))?.id ?? null;
            // The item's first review, as the optimiser reads a review history (delta_t 0).
            else await repo.insertReviewLog(trx, { id: newId(), org_id: person.orgId, person_id: person.personId, review_item_id: reviewItemId, reviewed_at: at, rating: ratingOf(result.correct), state_before: 0, correct: result.correct ? 1 : 0, response_ms: input.timeTakenMs, desired_retention: desiredRetention, scheduler: schedulerName(weights), delta_t_days: 0 });
          }
          await repo.insertAttempt(trx, {
            id: attemptId,
            org_id: person.orgId,
            person_id: person.personId,
            client_id: input.clientId,
            course_id: input.courseId,
            course_version: enrolment.course_version,
            lesson_id: input.lessonId,
            lesson_revision: lesson.revision,
            question_id: input.questionId,
            kind: block.question.kind,
            mode: counted ? 'lesson' : 'practice',
            response: JSON.stringify(input.response),
            correct: result.correct ? 1 : 0,
            score: result.score,
            feedback: JSON.stringify(result.feedback),
            time_taken_ms: input.timeTakenMs,
            confidence: input.confidence ?? null,
            review_item_id: reviewItemId,
            created_at: at,
          });
          await repo.ensureProgress(trx, { id: newId(), org_id: person.orgId, enrolment_id: enrolment.id, person_id: person.personId, lesson_id: input.lessonId, started_at: at, completed_at: null, answered_my_question: null, rating: null, comment: null, feedback_at: null });
          const answered = new Set([...earlier.map((a) => a.question_id), input.questionId]);
          // A practice answer changes no completion: the lesson is complete exactly when it was before.
          lessonCompleted = counted ? await recordCompletion(trx, enrolment, version, lesson, at, answered) : questionIdsOf(lesson).every((id) => answered.has(id));
        });
      } catch (error) {
        // The same clientId sent twice at once: the first insert won; answer with its result.
        if (isUniqueViolation(error)) {
          const first = await repo.findAttemptByClientId(db, person.personId, input.clientId);
          if (first) return { attemptId: first.id, ...gradeOf(first), lessonCompleted: await this.isLessonCompleted(actor, input.courseId, input.lessonId) };
        }
        throw error;
      }
      if (counted) await events.publish({ type: 'learning.answer_recorded', orgId: person.orgId, personId: person.personId, attemptId, correct: result.correct, at });
      if (lessonCompleted && counted) await events.publish({ type: 'learning.lesson_completed', orgId: person.orgId, personId: person.personId, courseId: input.courseId, lessonId: input.lessonId, at });
      return { attemptId, ...result, lessonCompleted };
    },

    /**
     * Enrols a person for a campaign or a trigger (a system action: the caller checked permissions), inside the
     * caller's transaction, in the given course version. Someone already enrolled keeps their enrolment; a
     * later deadline never replaces an earlier one.
     * @returns whether a new enrolment was made.
     */
    async ensureEnrolment(trx: Kysely<Database>, input: { orgId: string; personId: string; courseId: string; version: number; dueAt: string | null; assignedBy: string | null }): Promise<boolean> {
      return repo.insertEnrolmentIfAbsent(trx, {
        id: newId(),
        org_id: input.orgId,
        person_id: input.personId,
        course_id: input.courseId,
        course_version: input.version,
        source: 'campaign',
        assigned_by: input.assignedBy,
        due_at: input.dueAt,
        created_at: clock.now().toISOString(),
        completed_at: null,
      });
    },

    /** Who has review items due now, by organisation: org id → person id → how many. */
    async dueReviewCounts(): Promise<Map<string, Map<string, number>>> {
      const byOrg = new Map<string, Map<string, number>>();
      for (const row of await repo.countDueReviewItemsByPerson(db, clock.now().toISOString())) {
        const people = byOrg.get(row.org_id) ?? new Map<string, number>();
        people.set(row.person_id, row.due);
        byOrg.set(row.org_id, people);
      }
      return byOrg;
    },

    /** When each of these people completed each of these lessons: person id → lesson id → completed at. */
    async completions(orgId: string, personIds: readonly string[], lessonIds: readonly string[], trx: Kysely<Database> = db): Promise<Map<string, Map<string, string>>> {
      const byPerson = new Map<string, Map<string, string>>();
      for (const row of await repo.listCompletions(trx, orgId, personIds, lessonIds)) {
        const lessons = byPerson.get(row.person_id) ?? new Map<string, string>();
        const earlier = lessons.get(row.lesson_id);
        if (!earlier || row.completed_at < earlier) lessons.set(row.lesson_id, row.completed_at);
        byPerson.set(row.person_id, lessons);
      }
      return byPerson;
    },

    async isLessonCompleted(actor: Actor, courseId: string, lessonId: string): Promise<boolean> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      return Boolean((await repo.listProgress(db, enrolment.id)).find((p) => p.lesson_id === lessonId)?.completed_at);
    },

    /** "Did this answer your question?", a rating and a comment, after the lesson. */
    async giveFeedback(actor: Actor, courseId: string, lessonId: string, input: { answeredMyQuestion: boolean; rating?: number | undefined; comment?: string | undefined }): Promise<void> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      lessonIn(await versionOf(person.orgId, courseId, enrolment.course_version), lessonId);
      const at = clock.now().toISOString();
      await repo.ensureProgress(db, { id: newId(), org_id: person.orgId, enrolment_id: enrolment.id, person_id: person.personId, lesson_id: lessonId, started_at: at, completed_at: null, answered_my_question: null, rating: null, comment: null, feedback_at: null });
      await repo.updateProgress(db, enrolment.id, lessonId, { answered_my_question: input.answeredMyQuestion ? 1 : 0, rating: input.rating ?? null, comment: input.comment || null, feedback_at: at });
      await events.publish({ type: 'learning.lesson_rated', orgId: person.orgId, personId: person.personId, courseId, lessonId, at });
    },

    /**
     * How far the player got in a lesson: raises the furthest block shown and the active time (neither ever goes
     * down, so a repeated or late report is harmless). For the authors' improvement queue (drop-off by block, time
     * spent against the estimate).
     * @throws NotFoundError when the learner is not enrolled or the lesson is not in their version.
     * @throws ValidationError when `block` is not a block of the lesson.
     */
    async recordBlockProgress(actor: Actor, courseId: string, lessonId: string, input: { block: number; activeMs: number }): Promise<void> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      const lesson = lessonIn(await versionOf(person.orgId, courseId, enrolment.course_version), lessonId);
      if (input.block >= lesson.blocks.length) throw new ValidationError(`This lesson has ${lesson.blocks.length} blocks: block ${input.block} is not one of them (the first is 0).`, { field: 'block' });
      const at = clock.now().toISOString();
      if (!(await repo.raiseBlockProgress(db, enrolment.id, lessonId, input.block, input.activeMs))) {
        // Opening the lesson starts its progress; a report that comes first starts it here.
        await repo.ensureProgress(db, { id: newId(), org_id: person.orgId, enrolment_id: enrolment.id, person_id: person.personId, lesson_id: lessonId, started_at: at, completed_at: null, answered_my_question: null, rating: null, comment: null, feedback_at: null });
        await repo.raiseBlockProgress(db, enrolment.id, lessonId, input.block, input.activeMs);
      }
      // The last block shown: the learner has experienced the whole lesson (an xAPI `experienced`, once).
      if (input.block === lesson.blocks.length - 1 && (await repo.markExperienced(db, enrolment.id, lessonId, at))) {
        await events.publish({ type: 'learning.lesson_experienced', orgId: person.orgId, personId: person.personId, courseId, lessonId, at });
      }
    },

    /**
     * What a person did since an instant that may earn points (a system read for the gamification module): counted
     * answers with, for scheduled reviews, the whole days the item waited; completed lessons; certification awards.
     */
    async activityForPoints(orgId: string, personId: string, since: string) {
      const { attempts, completions, awards } = await repo.listPointsActivity(db, orgId, personId, since);
      return {
        answers: attempts.map((a) => ({ attemptId: a.id, lessonId: a.lesson_id, questionId: a.question_id, mode: a.mode, correct: a.correct === 1, reviewItemId: a.review_item_id, waitedDays: a.delta_t_days, at: a.created_at })),
        completions: completions.map((c) => ({ lessonId: c.lesson_id, at: c.completed_at as string })),
        certifications: awards.map((a) => ({ awardId: a.id, certificationId: a.certification_id, at: a.earned_at })),
      };
    },

    /** What badge rules read of a person (a system read for the gamification module). */
    async badgeFacts(orgId: string, personId: string, reviewsSince: string) {
      return repo.badgeFacts(db, orgId, personId, reviewsSince);
    },

    /** Who did anything that may earn points since an instant, in every organisation (the points sweep's work list). */
    async peopleActiveSince(since: string) {
      return (await repo.listActivePeopleSince(db, since)).map((row) => ({ orgId: row.org_id, personId: row.person_id }));
    },

    /**
     * The learning records Morsel writes as its own xAPI statements, dated since an instant (a system read for the LRS
     * module): lessons opened, completed and rated, answers, finished checks and certification awards, each with the
     * names its statements carry (see xapi-records.ts). One person's, or (without `scope`) everyone's, by organisation;
     * only those before `until` when it is given.
     */
    async xapiRecordsSince(since: string, scope?: repo.XapiRecordScope, until?: string): Promise<OrganisationRecords[]> {
      return readXapiRecords({ db, identity, content, versionOf }, since, scope, until);
    },

    /** The instant of the oldest record `xapiRecordsSince` can read (null: none yet), where a first read begins. */
    async firstXapiRecordAt(): Promise<string | null> {
      return repo.findFirstXapiRecordAt(db);
    },

    /** Today's boost: up to `size` due review items (or, in practice mode, the soonest ones, due or not). */
    async boost(actor: Actor, options: { practice: boolean; size: number }) {
      const person = requirePerson(actor);
      const now = clock.now().toISOString();
      const rows = options.practice ? await repo.listPracticeItems(db, person.orgId, person.personId, options.size) : await repo.listDueReviewItems(db, person.orgId, person.personId, now, options.size);
      const items = [];
      for (const [index, row] of rows.entries()) {
        const lesson = lessonsOf(await versionOf(person.orgId, row.course_id, row.course_version)).find((l) => l.lessonId === row.lesson_id);
        const block = lesson?.blocks.find((b) => b.id === row.question_id);
        if (!lesson || block?.type !== 'question') continue;
        items.push({ reviewItemId: row.id, lessonId: row.lesson_id, lessonTitle: lesson.title, question: presentQuestionToLearner(block.question, index + 1), dueAt: row.due_at });
      }
      return { items, dueCount: await repo.countDueReviewItems(db, person.orgId, person.personId, now) };
    },

    /**
     * Answers a review item. When it is due (and not practice) FSRS schedules the next review (wrong → Again,
     * right → Good) and the review is logged for fitting parameters; otherwise it is practice and changes nothing.
     */
    async answerReview(actor: Actor, input: ReviewBody) {
      const person = requirePerson(actor);
      const item = await repo.findReviewItem(db, person.orgId, person.personId, input.reviewItemId);
      if (!item) throw new NotFoundError('review item', input.reviewItemId);
      const lesson = lessonIn(await versionOf(person.orgId, item.course_id, item.course_version), item.lesson_id);
      const block = questionIn(lesson, item.question_id);
      const previous = await repo.findAttemptByClientId(db, person.personId, input.clientId);
      const card = JSON.parse(item.card) as ReviewCard;
      if (previous) return { ...gradeOf(previous), nextDueAt: previous.mode === 'review' ? item.due_at : null };
      const result = grade(block, input.response);
      const now = clock.now();
      const at = now.toISOString();
      const scheduled = !input.practice && isDue(card, now);
      const weights = scheduled ? await weightsOf(person.orgId) : undefined;
      const next = scheduled ? scheduleReview(card, result.correct, now, { desiredRetention: Number(item.desired_retention), maximumIntervalDays: MAXIMUM_INTERVAL_DAYS, weights }) : undefined;
      const deltaTDays = card.lastReview ? Math.max(0, Math.floor((now.getTime() - Date.parse(card.lastReview)) / 86_400_000)) : 0;
      try {
        await db.transaction().execute(async (trx) => {
          if (next) {
            if (!(await repo.updateReviewCard(trx, item.id, item.updated_at, { card: JSON.stringify(next.card), due_at: next.card.due, updated_at: at }))) {
              throw new AppError('conflict', 'This question was just answered on another device.');
            }
            await repo.insertReviewLog(trx, { id: newId(), org_id: person.orgId, person_id: person.personId, review_item_id: item.id, reviewed_at: at, rating: next.log.rating, state_before: next.log.stateBefore, correct: result.correct ? 1 : 0, response_ms: input.timeTakenMs, desired_retention: Number(item.desired_retention), scheduler: schedulerName(weights), delta_t_days: deltaTDays });
          }
          await repo.insertAttempt(trx, {
            id: newId(),
            org_id: person.orgId,
            person_id: person.personId,
            client_id: input.clientId,
            course_id: item.course_id,
            course_version: item.course_version,
            lesson_id: item.lesson_id,
            lesson_revision: lesson.revision,
            question_id: item.question_id,
            kind: block.question.kind,
            mode: next ? 'review' : 'practice',
            response: JSON.stringify(input.response),
            correct: result.correct ? 1 : 0,
            score: result.score,
            feedback: JSON.stringify(result.feedback),
            time_taken_ms: input.timeTakenMs,
            confidence: input.confidence ?? null,
            review_item_id: item.id,
            created_at: at,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          const first = await repo.findAttemptByClientId(db, person.personId, input.clientId);
          if (first) return { ...gradeOf(first), nextDueAt: null };
        }
        throw error;
      }
      if (next) await events.publish({ type: 'learning.review_answered', orgId: person.orgId, personId: person.personId, reviewItemId: item.id, correct: result.correct, at });
      return { ...result, nextDueAt: next ? next.card.due : null };
    },
  };
}

export type LearningService = ReturnType<typeof createLearningService>;
