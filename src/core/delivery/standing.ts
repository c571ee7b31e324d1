/**
 * A campaign member's standing: done, overdue, cannot finish (their plan ends after the deadline), behind (a lesson
 * sent more than a day ago is still not done), on track, or held out. Pure; the campaign view and the progress
 * dashboard's deadline risk (src/core/analytics/progress.ts) both go by it, so the two never disagree.
 */

export type MemberStanding = 'held_out' | 'done' | 'overdue' | 'cannot_finish' | 'behind' | 'on_track';

/** A sent lesson still not done after this long makes its learner `behind`. */
export const BEHIND_AFTER_MS = 24 * 3_600_000;

export interface StandingInput {
  arm: 'trained' | 'held_out';
  /** The planner's issue with this member's plan (`infeasible_deadline`, `no_window`, `compressed`), or null. */
  planIssue: string | null;
  /** Lessons the member must complete (0 for the hold-out). */
  total: number;
  completed: number;
  /** Each lesson sent so far (or skipped as done already), and whether it is done now. */
  sent: ReadonlyArray<{ sentAt: string; done: boolean }>;
  /** ISO instant, or null without a deadline. */
  deadline: string | null;
}

/**
 * The standing at `now`, the first rule that holds winning: held out, done, overdue (the deadline has passed),
 * cannot finish (the plan could not fit before the deadline, or the person has no sending window), behind, on track.
 */
export function memberStanding(input: StandingInput, now: Date): MemberStanding {
  if (input.arm === 'held_out') return 'held_out';
  if (input.total > 0 && input.completed >= input.total) return 'done';
  if (input.deadline && new Date(input.deadline) <= now) return 'overdue';
  if (input.planIssue === 'infeasible_deadline' || input.planIssue === 'no_window') return 'cannot_finish';
  if (input.sent.some((s) => !s.done && now.getTime() - new Date(s.sentAt).getTime() > BEHIND_AFTER_MS)) return 'behind';
  return 'on_track';
}
