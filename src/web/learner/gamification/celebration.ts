/**
 * When to celebrate: a streak milestone, or the first award of a kind, among the points entries that arrived
 * since the learner last saw their points. Pure (time is an argument); the hook keeps what was seen per person
 * in the browser's storage.
 */
import type { PointsEntry } from '../../lib/gamification-types.ts';
import { formatPoints, describeWorkingDays } from './points-format.ts';

/** What this browser remembers of a learner's points: the newest entry seen and every kind of award seen. */
export interface SeenPoints {
  seenUntil: string;
  reasons: string[];
}

/** Awards worth celebrating the first of; redemptions and refunds are the learner's own doing. */
const FIRSTS: Readonly<Record<string, string>> = {
  lesson_completed: 'Your first lesson completed',
  first_try_correct: 'Your first answer right first time',
  recall_correct: 'Your first answer remembered in a review',
  certification_earned: 'Your first certification',
};

/** On a browser that has never seen the learner's points, entries older than this count as seen. */
const FRESH_MS = 86_400_000;

/**
 * The celebration the new entries call for (null for none) and what is seen afterwards. On a browser that has
 * seen nothing yet, only entries of the last day are new, so a long-time learner is not congratulated on old news.
 * A streak milestone wins over a first; `streakDays` names the streak the milestone belongs to.
 */
export function findCelebration(recent: readonly PointsEntry[], seen: SeenPoints | null, now: Date, streakDays: number): { message: string | null; seen: SeenPoints } {
  const baseline: SeenPoints = seen ?? {
    seenUntil: new Date(now.getTime() - FRESH_MS).toISOString(),
    reasons: [],
  };
  const known = new Set(baseline.reasons);
  if (!seen) for (const entry of recent) if (entry.at <= baseline.seenUntil) known.add(entry.reason);
  // Oldest first, so the first of a kind is the one that came first.
  const fresh = recent.filter((entry) => entry.at > baseline.seenUntil).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let message: string | null = null;
  const milestone = fresh.findLast((entry) => entry.reason === 'streak_milestone');
  if (milestone) {
    message = `Streak milestone: ${describeWorkingDays(streakDays)} in a row! ${formatPoints(milestone.points)} for you.`;
  } else {
    const first = fresh.find((entry) => entry.points > 0 && !known.has(entry.reason) && FIRSTS[entry.reason]);
    if (first) message = `${FIRSTS[first.reason]}: ${formatPoints(first.points)}!`;
  }
  for (const entry of fresh) known.add(entry.reason);
  const newest = fresh.at(-1)?.at;
  return { message, seen: { seenUntil: newest && newest > baseline.seenUntil ? newest : baseline.seenUntil, reasons: [...known].sort() } };
}

/** Reads what was seen, tolerating anything a storage may hold. */
export function parseSeenPoints(text: string | null): SeenPoints | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object') return null;
    const { seenUntil, reasons } = value as { seenUntil?: unknown; reasons?: unknown };
    if (typeof seenUntil !== 'string' || !Array.isArray(reasons)) return null;
    return { seenUntil, reasons: reasons.filter((reason): reason is string => typeof reason === 'string') };
  } catch {
    return null;
  }
}
