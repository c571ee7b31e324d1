/**
 * The baseline and post checks in the learner app, without React: the check's types (from the server's schemas),
 * what to say about each status, and the progress and results lines.
 */
import type { z } from 'zod';
import type { CheckAnswerResult as CheckAnswerResultSchema, CheckView as CheckViewSchema } from '../../../server/modules/learning/checks.schemas.ts';
export { checkAnswerKey } from '../../../core/course-checks.ts';

export type CheckView = z.infer<typeof CheckViewSchema>;
export type CheckAnswerResult = z.infer<typeof CheckAnswerResultSchema>;
export type CheckPhase = CheckView['phase'];
export type CheckResult = NonNullable<CheckView['results']>[number];

/** Reads the `:phase` of the URL; null when it is not a check. */
export function readPhase(value: string | undefined): CheckPhase | null {
  return value === 'baseline' || value === 'post' ? value : null;
}

/** The page's heading and introduction for a phase. */
export function describePhase(phase: CheckPhase): { title: string; intro: string } {
  return phase === 'baseline'
    ? { title: 'Before you start', intro: 'A few questions to see what you already know. Answers are not marked now, so guess freely; you will see how you did after the course.' }
    : { title: 'Check what you learned', intro: 'The same few questions as before the course. You see the answers as you go, and what changed at the end.' };
}

/** What to tell the learner when the check cannot be taken (or is finished); null when it can. */
export function describeStatus(view: Pick<CheckView, 'status' | 'phase'>): string | null {
  switch (view.status) {
    case 'locked':
      return 'This check opens once you have completed every lesson of the course.';
    case 'closed':
      return 'This check is taken before the first lesson, and you have already begun the course.';
    case 'skipped':
      return 'You skipped this check.';
    case 'done':
      return view.phase === 'baseline' ? 'Thank you: your answers are recorded. On to the lessons.' : null;
    default:
      return null;
  }
}

/** "2 of 5 answered". */
export function progressLine(answered: number, total: number): string {
  return `${answered} of ${total} answered`;
}

/** A score as people read it: "75 %", or "–" when there is none. */
export function formatScore(score: number | null): string {
  return score === null ? '–' : `${Math.round(score)} %`;
}

/** One sentence per objective: "Greet callers: 50 % before, 100 % after (+50)". */
export function describeResult(result: CheckResult): string {
  const change = result.baseline !== null && result.post !== null ? Math.round(result.post - result.baseline) : null;
  const delta = change === null ? '' : ` (${change > 0 ? '+' : ''}${change})`;
  return `${result.title}: ${formatScore(result.baseline)} before, ${formatScore(result.post)} after${delta}`;
}
