import type { Kysely } from 'kysely';
import { checkAnswerKey, type CheckQuestion, compareChecks, type LearnerCheckScores, meanScore, scoreByObjective, selectCheckQuestions } from '../../../core/course-checks.ts';
import { gradeResponse, presentQuestionToLearner, ResponseMismatchError } from '../../../core/lessons/grading.ts';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';
import { type Actor, type IdentityService, requirePerson, systemActor } from '../identity/index.ts';
import * as checksRepo from './checks.repository.ts';
import type { CheckAnswerBody, CheckAnswerResult, CheckPhase, CheckResults, CheckView } from './checks.schemas.ts';
import type { CourseChecksState } from './learning.service.ts';
import { createCourseVersionCache, lessonsOf } from './course-versions.ts';
import * as repo from './learning.repository.ts';
import { visibleTeams } from './team-scope.ts';

export interface ChecksDeps {
  db: Kysely<Database>;
  clock: Clock;
  content: ContentService;
  identity: IdentityService;
  /** `learning.check_finished` is published after a check's last answer commits (certifications are evaluated then). */
  events: EventBus;
}

type CourseVersion = ContentSchemas.CourseVersion;
type QuestionBlock = Extract<Block, { type: 'question' }>;
const OTHER_LESSONS = 'Other lessons';

/**
 * Baseline and post checks per objective: the same few questions of a course (chosen by
 * `selectCheckQuestions`) before the first lesson and after the last, recorded as attempts in mode `baseline` /
 * `post` without review items. The baseline reveals nothing (no correctness, no feedback), so it does not teach to
 * the test; the post check gives feedback and, with the baseline, the change per objective.
 */
export function createChecksService({ db, clock, content, identity, events }: ChecksDeps) {
  const versionOf = createCourseVersionCache(content);

  /** The questions of a version's checks (empty: the course has no checks). */
  function questionsOf(version: CourseVersion): CheckQuestion[] {
    return selectCheckQuestions(lessonsOf(version).map((l) => ({ lessonId: l.lessonId, revision: l.revision, objectiveId: l.objectiveId, blocks: l.blocks })));
  }

  function blockOf(version: CourseVersion, question: Pick<CheckQuestion, 'lessonId' | 'questionId'>): { block: QuestionBlock; lessonTitle: string } {
    const lesson = lessonsOf(version).find((l) => l.lessonId === question.lessonId);
    const block = lesson?.blocks.find((b) => b.id === question.questionId);
    if (!lesson || block?.type !== 'question') throw new NotFoundError('question', question.questionId);
    return { block, lessonTitle: lesson.title };
  }

  async function enrolmentOf(person: Extract<Actor, { kind: 'person' }>, courseId: string) {
    const enrolment = await repo.findEnrolment(db, person.orgId, person.personId, courseId);
    if (!enrolment) throw new NotFoundError('course', courseId);
    return enrolment;
  }

  /** Where a check stands for an enrolment's current cycle. */
  async function statusOf(enrolment: repo.EnrolmentRow, phase: CheckPhase, row: checksRepo.CourseCheckRow | undefined): Promise<CheckView['status']> {
    if (row?.status === 'done' || row?.status === 'skipped') return row.status;
    if (phase === 'post') return enrolment.completed_at ? (row ? 'started' : 'pending') : 'locked';
    // The baseline measures what the learner knew before the course: once they answer in its lessons it is too late.
    if (await repo.hasCourseAttempts(db, enrolment.org_id, enrolment.person_id, enrolment.course_id, repo.cycleStartOf(enrolment))) return 'closed';
    return row ? 'started' : 'pending';
  }

  /** Each learner's per-objective scores of their done checks (the latest cycle's baseline and post). */
  async function scoresOf(orgId: string, rows: checksRepo.CourseCheckRow[]): Promise<Map<string, LearnerCheckScores & { baselineCheck?: string; postCheck?: string }>> {
    const attempts = await checksRepo.listAttemptsOfChecks(db, orgId, rows.map((r) => r.id));
    const byCheck = new Map<string, repo.AttemptRow[]>();
    for (const attempt of attempts) if (attempt.check_id) byCheck.set(attempt.check_id, [...(byCheck.get(attempt.check_id) ?? []), attempt]);
    const byPerson = new Map<string, LearnerCheckScores>();
    // Rows come oldest first: a later cycle's check replaces an earlier one's.
    for (const row of rows) {
      const objectiveOf = new Map((JSON.parse(row.questions) as CheckQuestion[]).map((q) => [`${q.lessonId}/${q.questionId}`, q.objectiveId]));
      const scores = scoreByObjective((byCheck.get(row.id) ?? []).map((a) => ({ objectiveId: objectiveOf.get(`${a.lesson_id}/${a.question_id}`) ?? null, score: Number(a.score) })));
      const entry = byPerson.get(row.person_id) ?? { baseline: null, post: null };
      byPerson.set(row.person_id, { ...entry, [row.phase]: scores });
    }
    return byPerson;
  }

  async function objectiveTitles(orgId: string): Promise<Map<string, string>> {
    return new Map((await content.listObjectives(systemActor(orgId))).map((o) => [o.id, o.title]));
  }

  function present(row: repo.AttemptRow, phase: CheckPhase): CheckView['answered'][string] {
    if (phase === 'baseline') return { correct: null, score: null, feedback: [] };
    return { correct: row.correct === 1, score: Number(row.score), feedback: JSON.parse(row.feedback) as string[] };
  }

  return {
    /** The outline's summary of a course's checks for an enrolment, or undefined when the course has none. */
    async stateOf(orgId: string, _personId: string, enrolment: repo.EnrolmentRow): Promise<CourseChecksState | undefined> {
      const version = await versionOf(orgId, enrolment.course_id, enrolment.course_version);
      if (questionsOf(version).length === 0) return undefined;
      const rows = await checksRepo.listChecksOfEnrolment(db, orgId, enrolment.id, enrolment.cycle);
      const baseline = await statusOf(enrolment, 'baseline', rows.find((r) => r.phase === 'baseline'));
      const post = await statusOf(enrolment, 'post', rows.find((r) => r.phase === 'post'));
      return {
        baseline: baseline === 'done' || baseline === 'skipped' ? 'done' : baseline === 'closed' ? 'none' : 'pending',
        post: post === 'done' ? 'done' : post === 'locked' ? 'locked' : 'pending',
      };
    },

    /**
     * A check as the learner takes it: its questions (answers hidden), what they answered, and once the post check
     * is done their score and the change per objective.
     * @throws NotFoundError when the learner is not enrolled or the course has no checks.
     */
    async get(actor: Actor, courseId: string, phase: CheckPhase): Promise<CheckView> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      const version = await versionOf(person.orgId, courseId, enrolment.course_version);
      const row = await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, phase);
      const questions = row ? (JSON.parse(row.questions) as CheckQuestion[]) : questionsOf(version);
      if (questions.length === 0) throw new NotFoundError('check', `${courseId}/${phase}`);
      const status = await statusOf(enrolment, phase, row);
      const answers = row ? await checksRepo.listCheckAttempts(db, person.orgId, row.id) : [];
      let results: CheckView['results'] = null;
      const post = phase === 'post' ? row : await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, 'post');
      if (post?.status === 'done') {
        const baseline = await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, 'baseline');
        const scores = (await scoresOf(person.orgId, [baseline, post].filter((r): r is checksRepo.CourseCheckRow => r?.status === 'done'))).get(person.personId);
        const titles = await objectiveTitles(person.orgId);
        results = compareChecks(scores ? [scores] : []).map((c) => ({ objectiveId: c.objectiveId, title: c.objectiveId ? (titles.get(c.objectiveId) ?? 'Objective') : OTHER_LESSONS, baseline: c.baseline, post: c.post }));
      }
      return {
        courseId,
        title: version.title,
        phase,
        status,
        questions: questions.map((q, index) => {
          const { block, lessonTitle } = blockOf(version, q);
          return { questionId: q.questionId, lessonId: q.lessonId, lessonTitle, objectiveId: q.objectiveId, question: presentQuestionToLearner(block.question, index + 1) };
        }),
        answered: Object.fromEntries(answers.map((a) => [checkAnswerKey({ lessonId: a.lesson_id, questionId: a.question_id }), present(a, phase)])),
        score: phase === 'post' && row?.status === 'done' && row.score !== null ? Number(row.score) : null,
        results,
      };
    },

    /**
     * Records an answer in a check. The first answer to each question counts; a retry with the same clientId
     * returns the first result. When every question is answered the check is done (a post check then evaluates
     * certifications).
     * @throws NotFoundError when not enrolled, no checks, or the question is not in the check.
     * @throws AppError check_locked / check_closed / check_done when the check cannot be taken now.
     */
    async answer(actor: Actor, courseId: string, phase: CheckPhase, input: CheckAnswerBody): Promise<CheckAnswerResult> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      const version = await versionOf(person.orgId, courseId, enrolment.course_version);
      const existing = await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, phase);
      const questions = existing ? (JSON.parse(existing.questions) as CheckQuestion[]) : questionsOf(version);
      if (questions.length === 0) throw new NotFoundError('check', `${courseId}/${phase}`);
      const summary = async (checkId: string, completed: boolean) => ({ answeredCount: new Set((await checksRepo.listCheckAttempts(db, person.orgId, checkId)).map((a) => checkAnswerKey({ lessonId: a.lesson_id, questionId: a.question_id }))).size, questionCount: questions.length, checkCompleted: completed });

      const previous = await repo.findAttemptByClientId(db, person.personId, input.clientId);
      if (previous?.check_id) {
        const check = await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, phase);
        return { ...present(previous, phase), ...(await summary(previous.check_id, check?.status === 'done')) };
      }
      const status = await statusOf(enrolment, phase, existing);
      if (status === 'locked') throw new AppError('check_locked', 'The post check opens once every lesson of the course is complete.');
      if (status === 'closed') throw new AppError('check_closed', 'The baseline check is taken before the first lesson; this course has begun.');
      if (status === 'done' || status === 'skipped') throw new AppError('check_done', 'This check is already finished.');
      const question = questions.find((q) => q.questionId === input.questionId && q.lessonId === input.lessonId);
      if (!question) throw new NotFoundError('question', input.questionId);
      const { block } = blockOf(version, question);
      let grade;
      try {
        grade = gradeResponse(block.question, input.response);
      } catch (error) {
        if (error instanceof ResponseMismatchError) throw new ValidationError(error.message, { field: 'response' });
        throw error;
      }
      const at = clock.now().toISOString();
      let completed = false;
      let checkId = '';
      let recorded: repo.AttemptRow | undefined;
      try {
        await db.transaction().execute(async (trx) => {
          await checksRepo.insertCheckIfAbsent(trx, { id: newId(), org_id: person.orgId, person_id: person.personId, enrolment_id: enrolment.id, course_id: courseId, course_version: enrolment.course_version, cycle: enrolment.cycle, phase, status: 'started', questions: JSON.stringify(questions), score: null, started_at: at, completed_at: null });
          const check = (await checksRepo.findCheck(trx, person.orgId, enrolment.id, enrolment.cycle, phase)) as checksRepo.CourseCheckRow;
          checkId = check.id;
          const earlier = await checksRepo.listCheckAttempts(trx, person.orgId, check.id);
          recorded = earlier.find((a) => a.question_id === input.questionId && a.lesson_id === input.lessonId);
          if (recorded) return; // The first answer counts.
          await repo.insertAttempt(trx, {
            id: newId(),
            org_id: person.orgId,
            person_id: person.personId,
            client_id: input.clientId,
            course_id: courseId,
            course_version: enrolment.course_version,
            lesson_id: question.lessonId,
            lesson_revision: question.lessonRevision,
            question_id: question.questionId,
            kind: block.question.kind,
            mode: phase,
            response: JSON.stringify(input.response),
            correct: grade.correct ? 1 : 0,
            score: grade.score,
            feedback: JSON.stringify(grade.feedback),
            time_taken_ms: input.timeTakenMs,
            confidence: input.confidence ?? null,
            review_item_id: null,
            check_id: check.id,
            created_at: at,
          });
          const scores = [...earlier.map((a) => Number(a.score)), grade.score];
          if (scores.length >= questions.length) {
            completed = true;
            await checksRepo.updateCheck(trx, check.id, { status: 'done', score: meanScore(scores), completed_at: at });
          }
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          const first = await repo.findAttemptByClientId(db, person.personId, input.clientId);
          if (first?.check_id) return { ...present(first, phase), ...(await summary(first.check_id, false)) };
        }
        throw error;
      }
      if (recorded) return { ...present(recorded, phase), ...(await summary(checkId, false)) };
      if (completed) await events.publish({ type: 'learning.check_finished', orgId: person.orgId, personId: person.personId, courseId, phase, at });
      const shown = phase === 'baseline' ? { correct: null, score: null, feedback: [] } : { correct: grade.correct, score: grade.score, feedback: grade.feedback };
      return { ...shown, ...(await summary(checkId, completed)) };
    },

    /**
     * Skips the baseline check (recorded as skipped, so it is not offered again this cycle).
     * @throws AppError check_required for the post check; check_done for a baseline already finished.
     */
    async skip(actor: Actor, courseId: string, phase: CheckPhase): Promise<void> {
      const person = requirePerson(actor);
      const enrolment = await enrolmentOf(person, courseId);
      const version = await versionOf(person.orgId, courseId, enrolment.course_version);
      const questions = questionsOf(version);
      if (questions.length === 0) throw new NotFoundError('check', `${courseId}/${phase}`);
      if (phase === 'post') throw new AppError('check_required', 'The post check cannot be skipped: it is how the course is assessed.');
      const existing = await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, phase);
      if (existing?.status === 'skipped') return;
      if (existing?.status === 'done') throw new AppError('check_done', 'This check is already finished.');
      const at = clock.now().toISOString();
      await checksRepo.insertCheckIfAbsent(db, { id: newId(), org_id: person.orgId, person_id: person.personId, enrolment_id: enrolment.id, course_id: courseId, course_version: enrolment.course_version, cycle: enrolment.cycle, phase, status: 'skipped', questions: JSON.stringify(questions), score: null, started_at: at, completed_at: at });
      const row = await checksRepo.findCheck(db, person.orgId, enrolment.id, enrolment.cycle, phase);
      if (row && row.status === 'started') await checksRepo.updateCheck(db, row.id, { status: 'skipped', completed_at: at });
    },

    /**
     * Baseline against post per objective for a course, across learners (each learner's latest done checks):
     * authors and admins see every learner, managers the members of their teams.
     * @throws NotFoundError when the course has no published version in the organisation.
     */
    async courseResults(actor: Actor, courseId: string): Promise<CheckResults> {
      const scope = await visibleTeams(identity, actor);
      const version = await content.findCourseVersion(actor.orgId, courseId, 'latest');
      if (!version) throw new NotFoundError('course', courseId);
      const rows = await checksRepo.listChecksOfCourse(db, actor.orgId, courseId, scope.personIds ? [...scope.personIds] : undefined);
      const learners = [...(await scoresOf(actor.orgId, rows)).values()];
      const titles = await objectiveTitles(actor.orgId);
      return {
        courseId,
        title: version.title,
        learners: { baseline: learners.filter((l) => l.baseline).length, post: learners.filter((l) => l.post).length, both: learners.filter((l) => l.baseline && l.post).length },
        objectives: compareChecks(learners).map((c) => ({ ...c, title: c.objectiveId ? (titles.get(c.objectiveId) ?? 'Objective') : OTHER_LESSONS })),
      };
    },

    /** The post check's score (0–100) of an enrolment's current cycle, if done; null when not (yet) done; undefined when the course has no checks. */
    async postScoreOf(enrolment: repo.EnrolmentRow): Promise<number | null | undefined> {
      const version = await versionOf(enrolment.org_id, enrolment.course_id, enrolment.course_version);
      if (questionsOf(version).length === 0) return undefined;
      const row = await checksRepo.findCheck(db, enrolment.org_id, enrolment.id, enrolment.cycle, 'post');
      return row?.status === 'done' && row.score !== null ? Number(row.score) : null;
    },
  };
}

export type ChecksService = ReturnType<typeof createChecksService>;
