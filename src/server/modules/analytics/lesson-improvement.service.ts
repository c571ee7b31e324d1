/**
 * Lesson improvement (issue 8): the authors' queue of suggested fixes, and one lesson's evidence in detail — drop-off
 * by block, time spent against the estimate, ratings and the "answered my question" rate, per-question difficulty and
 * discrimination, common wrong answers, the current revision's lint findings — plus the organisation's top search
 * content gaps. Counts and sums come from SQL (lesson-improvement.repository.ts); the statistics and the rules from
 * core/analytics/lesson-quality.ts.
 *
 * Blocks: a learner's furthest block is an index into the lesson as their course version has it. The funnel is drawn
 * over the newest revision learners played; starters of a revision whose blocks differ (other ids, or another order)
 * are left out of the funnel and the time, and counted as `otherRevisions`. Questions are matched by block id.
 */
import { blockTitle, blockTypeName, commonWrongAnswers, type Discrimination, dropOffFunnel, itemDiscrimination, type LessonEvidence, MINIMUMS, suggestImprovements, summariseFeedback, summariseTimeSpent } from '../../../core/analytics/lesson-quality.ts';
import { toCsv } from '../../../core/csv.ts';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { ContentService } from '../content/index.ts';
import { type Actor, requireRole } from '../identity/index.ts';
import { createCourseVersionCache, lessonsOf } from '../learning/index.ts';
import type { SearchService } from '../search/index.ts';
import * as repo from './lesson-improvement.repository.ts';
import type { ImprovementQuery, ImprovementQueue, LessonImprovement, LessonImprovementCsvQuery, LessonImprovementQuery, QueueLesson } from './lesson-improvement.schemas.ts';

export interface LessonImprovementDeps {
  db: Db;
  clock: Clock;
  content: Pick<ContentService, 'listLessons' | 'lintLessonById' | 'getLesson' | 'getCourse' | 'findCourseVersion'>;
  search: Pick<SearchService, 'contentGaps'>;
}

/** How many content gaps the queue shows. */
const QUEUE_CONTENT_GAPS = 5;

/** A lesson as one course version has it. */
interface PlayedLesson {
  revision: number;
  blocks: Block[];
  estimatedSeconds: number;
}

type QuestionBlock = Extract<Block, { type: 'question' }>;
type Lint = LessonImprovement['lint'];

/** Everything read for a set of lessons in one window, by lesson. */
interface WindowData {
  progress: Awaited<ReturnType<typeof repo.countProgressByBlock>>;
  feedback: Map<string, Awaited<ReturnType<typeof repo.sumFeedback>>[number]>;
  timed: Awaited<ReturnType<typeof repo.listTimedCompletions>>;
  answers: Awaited<ReturnType<typeof repo.countAnswers>>;
  wrong: Awaited<ReturnType<typeof repo.countWrongResponses>>;
  /** By `lessonId/questionId`. */
  discrimination: Map<string, Discrimination>;
  /** By `courseId/version`, then lesson id. */
  played: Map<string, Map<string, PlayedLesson>>;
}

const versionKey = (courseId: string, version: number) => `${courseId}/${version}`;
const itemKey = (lessonId: string, questionId: string) => `${lessonId}/${questionId}`;
const signatureOf = (blocks: readonly Block[]) => blocks.map((b) => b.id).join('\u0000');

/** A lint report's findings as the improvement API shows them. */
function lintOf(findings: ReadonlyArray<{ rule: string; severity: Lint[number]['severity']; message: string; blockId?: string | undefined }>): Lint {
  return findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, ...(f.blockId ? { blockId: f.blockId } : {}) }));
}

export function createLessonImprovementService({ db, clock, content, search }: LessonImprovementDeps) {
  const versionOf = createCourseVersionCache(content);
  const sinceOf = (days: number) => new Date(clock.now().getTime() - days * 86_400_000).toISOString();

  /** Reads the window's rows for the filter, and the course versions they were played in. */
  async function readWindow(orgId: string, filter: repo.ImprovementFilter): Promise<WindowData> {
    const [progress, feedback, timed, answers, wrong, courseIds] = await Promise.all([
      repo.countProgressByBlock(db, orgId, filter),
      repo.sumFeedback(db, orgId, filter),
      repo.listTimedCompletions(db, orgId, filter),
      repo.countAnswers(db, orgId, filter),
      repo.countWrongResponses(db, orgId, filter),
      repo.listCoursesAnswered(db, orgId, filter),
    ]);
    // Rest scores take every question of the course, not only the lessons asked about.
    const responses = await repo.listItemResponses(db, orgId, { since: filter.since, courseIds });
    const discrimination = itemDiscrimination(responses.map((r) => ({ personId: r.personId, groupId: r.courseId, itemId: itemKey(r.lessonId, r.questionId), correct: r.correct, score: r.score })));
    const played = new Map<string, Map<string, PlayedLesson>>();
    for (const row of [...progress, ...timed]) {
      const key = versionKey(row.courseId, row.version);
      if (played.has(key)) continue;
      const version = await versionOf(orgId, row.courseId, row.version).catch(() => undefined);
      played.set(key, new Map((version ? lessonsOf(version) : []).map((l) => [l.lessonId, { revision: l.revision, blocks: l.blocks, estimatedSeconds: l.estimatedSeconds }])));
    }
    return { progress, feedback: new Map(feedback.map((f) => [f.lessonId, f])), timed, answers, wrong, discrimination, played };
  }

  /** One lesson's evidence and suggestions from the window's data; `current` is the working copy's blocks and estimate. */
  function evaluate(lessonId: string, current: { blocks: Block[]; estimatedSeconds: number }, data: WindowData, lint: Lint): Omit<LessonImprovement, 'lessonId' | 'title' | 'coreQuestion' | 'status' | 'days' | 'since' | 'minimums'> & { learners: number } {
    const playedOf = (courseId: string, version: number) => data.played.get(versionKey(courseId, version))?.get(lessonId);
    const progress = data.progress.filter((row) => row.lessonId === lessonId);
    // The newest revision played is the funnel's; without any, the working copy's blocks (and nobody in the funnel).
    const newest = progress.map((row) => playedOf(row.courseId, row.version)).filter((l): l is PlayedLesson => l !== undefined).sort((a, b) => b.revision - a.revision)[0];
    const blocks = newest?.blocks ?? current.blocks;
    const signature = signatureOf(blocks);
    const isSameBlocks = (courseId: string, version: number) => {
      const played = playedOf(courseId, version);
      return played !== undefined && signatureOf(played.blocks) === signature;
    };
    const counted = progress.filter((row) => isSameBlocks(row.courseId, row.version));
    const otherRevisions = progress.filter((row) => !isSameBlocks(row.courseId, row.version)).reduce((sum, row) => sum + row.count, 0);
    const funnel = dropOffFunnel(blocks.length, counted);
    const time = summariseTimeSpent(
      data.timed.filter((row) => row.lessonId === lessonId && isSameBlocks(row.courseId, row.version)),
      newest?.estimatedSeconds ?? current.estimatedSeconds,
    );
    const feedbackRow = data.feedback.get(lessonId);
    const feedback = summariseFeedback(feedbackRow ?? { ratingSum: 0, ratings: 0, answeredYes: 0, answered: 0 });

    // Each question by block id: from the funnel's blocks, else any revision played, else the working copy.
    const questionBlocks = new Map<string, QuestionBlock>();
    const allBlocks = [...blocks, ...[...data.played.values()].flatMap((lessons) => lessons.get(lessonId)?.blocks ?? []), ...current.blocks];
    for (const block of allBlocks) if (block.type === 'question' && !questionBlocks.has(block.id)) questionBlocks.set(block.id, block);
    const answerRows = data.answers.filter((row) => row.lessonId === lessonId);
    const questionIds = [...new Set([...blocks.filter((b) => b.type === 'question').map((b) => b.id), ...answerRows.map((row) => row.questionId)])].filter((id) => questionBlocks.has(id));
    const questions = questionIds.map((questionId) => {
      const block = questionBlocks.get(questionId)!;
      const row = answerRows.find((r) => r.questionId === questionId);
      const answers = row?.answers ?? 0;
      const correct = row?.correct ?? 0;
      const wrong = data.wrong.filter((w) => w.lessonId === lessonId && w.questionId === questionId).map((w) => ({ response: JSON.parse(w.response) as unknown, count: w.count }));
      const index = blocks.findIndex((b) => b.id === questionId);
      return {
        questionId,
        blockIndex: index >= 0 ? index : null,
        kind: block.question.kind,
        prompt: block.question.prompt,
        answers,
        correct,
        difficulty: answers > 0 ? correct / answers : null,
        discrimination: data.discrimination.get(itemKey(lessonId, questionId)) ?? { n: 0, r: null },
        commonWrongAnswers: commonWrongAnswers(block.question, wrong, answers),
      };
    });
    const described = blocks.map((block) => ({ id: block.id, type: block.type, title: blockTitle(block) }));
    const evidence: LessonEvidence = { blocks: described, funnel, time, feedback, questions, lint };
    return {
      learners: progress.reduce((sum, row) => sum + row.count, 0),
      revision: newest?.revision ?? null,
      funnel: {
        starters: funnel.starters,
        unknown: funnel.unknown,
        completed: funnel.completed,
        otherRevisions,
        blocks: funnel.steps.map((step) => ({ ...step, blockId: described[step.index]!.id, type: described[step.index]!.type, typeName: blockTypeName(described[step.index]!.type), title: described[step.index]!.title })),
      },
      time,
      feedback,
      questions,
      lint,
      suggestions: suggestImprovements(evidence),
    };
  }

  const service = {
    /**
     * The queue (authors and admins): the lessons with suggested fixes, most impactful first — lessons learners
     * started in the window, and published ones (for their lint findings) — and the top search content gaps.
     * @throws NotFoundError for a course the organisation does not have.
     */
    async queue(actor: Actor, query: ImprovementQuery): Promise<ImprovementQueue> {
      requireRole(actor, ['author']);
      const since = sinceOf(query.days);
      const courseLessonIds = query.courseId ? new Set((await content.getCourse(actor, query.courseId)).modules.flatMap((m) => m.lessonIds)) : undefined;
      const summaries = (await content.listLessons(actor, {})).filter((lesson) => !courseLessonIds || courseLessonIds.has(lesson.id));
      const data = await readWindow(actor.orgId, { since, courseId: query.courseId });
      const started = new Set(data.progress.map((row) => row.lessonId));
      const lessons: QueueLesson[] = [];
      for (const summary of summaries) {
        if (!started.has(summary.id) && summary.publishedRevision === null) continue;
        const lint = lintOf((await content.lintLessonById(actor, summary.id)).findings);
        // The queue does not need the working copy's blocks unless nobody played the lesson (then there is no funnel).
        const result = evaluate(summary.id, { blocks: [], estimatedSeconds: summary.estimatedSeconds }, data, lint);
        if (result.suggestions.length === 0) continue;
        lessons.push({ lessonId: summary.id, title: summary.title, status: summary.status, learners: result.learners, completed: result.funnel.completed, impact: result.suggestions.reduce((sum, s) => sum + s.impact, 0), suggestions: result.suggestions });
      }
      lessons.sort((a, b) => b.impact - a.impact || b.learners - a.learners || a.title.localeCompare(b.title));
      const gaps = (await search.contentGaps(actor, query.days)).gaps.slice(0, QUEUE_CONTENT_GAPS);
      return {
        days: query.days,
        since,
        courseId: query.courseId ?? null,
        minimums: { ...MINIMUMS },
        lessons,
        contentGaps: gaps.map((gap) => ({ question: gap.question, example: gap.example, asked: gap.asked, withoutAnswer: gap.withoutAnswer, unhelpful: gap.unhelpful, writeLessonPath: `/author/lessons/new?coreQuestion=${encodeURIComponent(gap.example)}` })),
      };
    },

    /**
     * One lesson's evidence (authors and admins): the funnel by block, time against the estimate, ratings, each
     * question's difficulty, discrimination and common wrong answers, the current revision's lint, the suggestions.
     * @throws NotFoundError for a lesson the organisation does not have.
     */
    async lesson(actor: Actor, lessonId: string, query: LessonImprovementQuery): Promise<LessonImprovement> {
      requireRole(actor, ['author']);
      const lesson = await content.getLesson(actor, lessonId);
      const since = sinceOf(query.days);
      const data = await readWindow(actor.orgId, { since, lessonIds: [lessonId] });
      const lint = lintOf(lesson.lint.findings);
      const { learners: _learners, ...result } = evaluate(lessonId, { blocks: lesson.blocks, estimatedSeconds: lesson.estimatedSeconds }, data, lint);
      return { lessonId, title: lesson.title, coreQuestion: lesson.coreQuestion, status: lesson.status, days: query.days, since, minimums: { ...MINIMUMS }, ...result };
    },

    /** The queue as CSV (formula-safe): one row per suggestion. */
    async queueCsv(actor: Actor, query: ImprovementQuery): Promise<string> {
      const queue = await service.queue(actor, query);
      return toCsv(
        ['lesson', 'lesson id', 'status', 'learners', 'completed', 'rule', 'suggestion', 'evidence', 'impact'],
        queue.lessons.flatMap((lesson) =>
          lesson.suggestions.map((s) => [lesson.title, lesson.lessonId, lesson.status, lesson.learners, lesson.completed, s.rule, s.message, Object.entries(s.evidence).map(([key, value]) => `${key}=${value}`).join('; '), s.impact]),
        ),
      );
    },

    /** One table of a lesson's detail as CSV (formula-safe): the funnel, the questions, or the common wrong answers. */
    async lessonCsv(actor: Actor, lessonId: string, query: LessonImprovementCsvQuery): Promise<string> {
      const detail = await service.lesson(actor, lessonId, { days: query.days });
      if (query.part === 'funnel') {
        return toCsv(
          ['block', 'block id', 'type', 'title', 'learners who reached it', 'share of starters', 'share who stopped here'],
          detail.funnel.blocks.map((b) => [b.index + 1, b.blockId, b.typeName, b.title, b.reached, b.share, b.stoppedHere]),
        );
      }
      if (query.part === 'questions') {
        return toCsv(
          ['question id', 'block', 'kind', 'prompt', 'first answers', 'right', 'share right', 'discrimination', 'learners in discrimination'],
          detail.questions.map((q) => [q.questionId, q.blockIndex === null ? null : q.blockIndex + 1, q.kind, q.prompt, q.answers, q.correct, q.difficulty, q.discrimination.r, q.discrimination.n]),
        );
      }
      return toCsv(
        ['question id', 'prompt', 'wrong answer', 'learners', 'share of wrong answers', 'share of all answers'],
        detail.questions.flatMap((q) => q.commonWrongAnswers.map((w) => [q.questionId, q.prompt, w.answer, w.count, w.shareOfWrong, w.shareOfAnswers])),
      );
    },
  };
  return service;
}

export type LessonImprovementService = ReturnType<typeof createLessonImprovementService>;
