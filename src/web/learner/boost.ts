/** The review boost, without React: its mode, when an item comes back, and the summary at the end. */
import { calendarDaysBetween } from './today.ts';

/** `?mode=practice` is practice (nothing counts); anything else is today's boost. */
export type BoostMode = 'boost' | 'practice';
export const parseBoostMode = (value: string | null): BoostMode => (value === 'practice' ? 'practice' : 'boost');

/** How many items one round asks: the API's default boost, a few more in practice. */
export const itemsPerRound = (mode: BoostMode): number => (mode === 'practice' ? 5 : 3);

/**
 * When a reviewed item comes back, in calendar days of the learner's time zone: "Comes back tomorrow",
 * "Comes back in 4 days", "Comes back in about 3 months". Null in practice (nothing was rescheduled).
 */
export function describeComesBack(nextDueAt: string | null, now: Date, timeZone: string): string | null {
  if (!nextDueAt) return null;
  const due = new Date(nextDueAt);
  if (Number.isNaN(due.getTime())) return null;
  const days = calendarDaysBetween(now, due, timeZone);
  if (days <= 0) return 'Comes back later today';
  if (days === 1) return 'Comes back tomorrow';
  if (days < 60) return `Comes back in ${days} days`;
  return `Comes back in about ${Math.round(days / 30)} months`;
}

/** The line at the end of a round: "You remembered 2 of 3." (practice: "You got 2 of 3 right.") */
export function summariseRound(results: ReadonlyArray<{ correct: boolean }>, mode: BoostMode): string {
  const right = results.filter((result) => result.correct).length;
  if (results.length === 0) return 'Nothing was answered.';
  if (mode === 'practice') return `You got ${right} of ${results.length} right.`;
  if (right === results.length) return results.length === 1 ? 'You remembered it.' : `You remembered all ${results.length}.`;
  return `You remembered ${right} of ${results.length}. The ones you missed come back sooner.`;
}
