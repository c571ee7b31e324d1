/**
 * The Improve pages' logic, without React or the chart library: the API's addresses (JSON and CSV), rule names,
 * shares in words, and the charts' rows and text alternatives. The types come from the server's schemas.
 */
import type { z } from 'zod';
import type { ImprovementQueue as ImprovementQueueSchema, LessonImprovement as LessonImprovementSchema, SuggestionRule } from '../../../server/modules/analytics/lesson-improvement.schemas.ts';
import { buildUrl } from '../../lib/api-client.ts';

export type ImprovementQueue = z.infer<typeof ImprovementQueueSchema>;
export type LessonImprovement = z.infer<typeof LessonImprovementSchema>;
export type Suggestion = ImprovementQueue['lessons'][number]['suggestions'][number];
export type QuestionStatistics = LessonImprovement['questions'][number];
export type FunnelBlock = LessonImprovement['funnel']['blocks'][number];
export type LessonCsvPart = 'funnel' | 'questions' | 'wrong_answers';

/** The windows an author can pick, in days (90 is the API's default). */
export const IMPROVEMENT_PERIODS = [30, 90, 180, 365] as const;

/** The window from the address: one of {@link IMPROVEMENT_PERIODS}, else 90. */
export function parsePeriod(value: string | null): number {
  const days = Number(value);
  return (IMPROVEMENT_PERIODS as readonly number[]).includes(days) ? days : 90;
}

/** Each rule as a short heading. */
export const RULE_NAMES: Record<z.infer<typeof SuggestionRule>, string> = {
  steep_drop_off: 'Learners stop part-way',
  runs_long: 'Takes longer than estimated',
  too_hard: 'Question too hard',
  too_easy: 'Question too easy',
  poor_discrimination: 'Question does not tell who knows',
  common_misconception: 'A common wrong answer',
  low_rating: 'Rated low',
  did_not_answer: 'Does not answer the question',
  lint_warning: 'Linter findings',
};

/** `/api/improvement` (or its CSV) for a window, optionally of one course. */
export function queueUrl(days: number, options: { courseId?: string; csv?: boolean } = {}): string {
  return buildUrl(options.csv ? '/api/improvement.csv' : '/api/improvement', { courseId: options.courseId, days: days === 90 ? undefined : days });
}

/** One lesson's evidence (or one of its CSV tables) for a window. */
export function lessonUrl(lessonId: string, days: number, csvPart?: LessonCsvPart): string {
  const path = `/api/improvement/lessons/${encodeURIComponent(lessonId)}${csvPart ? '.csv' : ''}`;
  return buildUrl(path, { days: days === 90 ? undefined : days, part: csvPart });
}

/** Where the studio shows a lesson's evidence. */
export function lessonPagePath(lessonId: string, days: number): string {
  return buildUrl(`/author/improve/lessons/${encodeURIComponent(lessonId)}`, { days: days === 90 ? undefined : days });
}

/** A share as a whole percentage ("25 %"), or a dash without one. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${Math.round(share * 100)} %`;
}

/** A correlation with two decimals ("0.45", "−0.12"), or "not enough data". */
export function formatDiscrimination(r: number | null): string {
  if (r === null) return 'not enough data';
  return (r < 0 ? '−' : '') + Math.abs(r).toFixed(2);
}

/** Seconds as "1 min 30 s" or "45 s", or a dash. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  return whole % 60 === 0 ? `${Math.floor(whole / 60)} min` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** "Block 2 · case study": a block's place and type. */
export function blockLabel(block: Pick<FunnelBlock, 'index' | 'typeName'>): string {
  return `Block ${block.index + 1} · ${block.typeName}`;
}

/** The drop-off chart's text alternative: how many started, where the most stopped, how many completed. */
export function describeFunnel(detail: LessonImprovement): string {
  const { funnel } = detail;
  if (funnel.starters === 0) return 'No learner with known progress started this lesson in the period, so there is no drop-off to show.';
  const steepest = [...funnel.blocks].filter((b) => b.stoppedHere !== null).sort((a, b) => b.stoppedHere! - a.stoppedHere! || a.index - b.index)[0];
  const parts = [`${funnel.starters} ${funnel.starters === 1 ? 'learner' : 'learners'} started; ${funnel.completed} completed (${formatShare(funnel.completed / funnel.starters)}).`];
  parts.push(
    funnel.blocks.map((b) => `${blockLabel(b)}: ${formatShare(b.share)}`).join('; ') + '.',
  );
  if (steepest && steepest.stoppedHere! > 0) parts.push(`The most stopped at block ${steepest.index + 1} (${formatShare(steepest.stoppedHere)} of starters).`);
  return parts.join(' ');
}

/** One point of the questions chart: a question's difficulty (share right) and discrimination. */
export interface QuestionPoint {
  label: string;
  prompt: string;
  difficulty: number;
  discrimination: number;
}

/** The questions with both a difficulty and a discrimination, labelled Q1, Q2… in lesson order. */
export function questionPoints(detail: LessonImprovement): QuestionPoint[] {
  return detail.questions.flatMap((q, index) => (q.difficulty === null || q.discrimination.r === null ? [] : [{ label: `Q${index + 1}`, prompt: q.prompt, difficulty: q.difficulty, discrimination: q.discrimination.r }]));
}

/** The questions chart's text alternative: each question's share right and discrimination. */
export function describeQuestions(detail: LessonImprovement): string {
  if (detail.questions.length === 0) return 'This lesson has no questions.';
  return detail.questions
    .map((q, index) => `Q${index + 1} “${q.prompt}”: ${q.answers === 0 ? 'no answers yet' : `${formatShare(q.difficulty)} right of ${q.answers}, discrimination ${formatDiscrimination(q.discrimination.r)}`}.`)
    .join(' ');
}
