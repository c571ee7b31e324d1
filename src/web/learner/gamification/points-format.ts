/**
 * The words of points, streaks, badges, leaderboards and rewards: reasons of the ledger in plain language, point
 * counts, streak status, what earns what (points and badges). Pure, so it is unit tested; the one vocabulary is
 * *points*, *streak*, *badge*, *reward*.
 */
import { ApiError } from '../../lib/api-client.ts';
import type { BadgeRule, MyPoints, PointRules, RedemptionStatus, SeasonChoice, Visibility } from '../../lib/gamification-types.ts';

/** Every reason code the ledger holds: the awards of `src/core/gamification/points.ts`, then the rewards shop's. */
export type LedgerReason = 'lesson_completed' | 'first_try_correct' | 'recall_correct' | 'certification_earned' | 'streak_milestone' | 'redemption' | 'refund';

/** What each reason of the ledger means, as a learner reads it in their history. */
export const REASON_LABELS: Readonly<Record<LedgerReason, string>> = {
  lesson_completed: 'Completed a lesson',
  first_try_correct: 'Right first time',
  recall_correct: 'Remembered in a review',
  certification_earned: 'Earned a certification',
  streak_milestone: 'Reached a streak milestone',
  redemption: 'Spent on a reward',
  refund: 'Refunded: a reward request was declined',
};

/** True for a reason code this app knows. */
export function isLedgerReason(reason: string): reason is LedgerReason {
  return Object.hasOwn(REASON_LABELS, reason);
}

/** The learner's words for a reason code; a code added to the server later reads as plain "Points". */
export function describeReason(reason: string): string {
  return isLedgerReason(reason) ? REASON_LABELS[reason] : 'Points';
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** "1 point", "1,250 points". */
export function formatPoints(points: number): string {
  return `${numberFormat.format(points)} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

/** A ledger amount with its sign: "+10", "−50" (a true minus sign), "0". */
export function formatSignedPoints(points: number): string {
  if (points > 0) return `+${numberFormat.format(points)}`;
  if (points < 0) return `−${numberFormat.format(-points)}`;
  return '0';
}

/** "1 working day", "12 working days". */
export function describeWorkingDays(days: number): string {
  return `${numberFormat.format(days)} working ${days === 1 ? 'day' : 'days'}`;
}

/** How the streak stands today, and whether that calls for action (`tone: 'warning'`) or is good news. */
export interface StreakStatus {
  text: string;
  tone: 'done' | 'warning' | 'neutral';
}

/** The line under the streak: done today, at risk, a freeze at stake, a day off, or how to start one. */
export function describeStreakStatus(streak: MyPoints['streak']): StreakStatus {
  if (streak.todayDone) return { text: 'Today done: your streak is safe.', tone: 'done' };
  if (streak.atRisk) return { text: 'Keep your streak: one lesson or review today.', tone: 'warning' };
  if (streak.freezeAtStake) return { text: 'One lesson or review today keeps your streak without using a freeze.', tone: 'warning' };
  if (!streak.todayIsWorkingDay) return { text: streak.current > 0 ? 'Not one of your working days: your streak waits for the next.' : 'Not one of your working days: start a streak on the next.', tone: 'neutral' };
  return { text: 'Start a streak: one lesson or review on each of your working days.', tone: 'neutral' };
}

/** What the freezes held do, or null when none is held. */
export function describeFreezes(freezesHeld: number): string | null {
  if (freezesHeld <= 0) return null;
  return freezesHeld === 1 ? '1 streak freeze held: it covers one missed working day.' : `${freezesHeld} streak freezes held: each covers one missed working day.`;
}

/** One line of "what earns what". */
export interface RuleLine {
  label: string;
  points: number;
}

/** What earns what under the organisation's rules, leaving out rules worth nothing; streak milestones in order. */
export function describeRules(rules: PointRules): RuleLine[] {
  const lines: RuleLine[] = [
    { label: 'Completing a lesson', points: rules.lessonCompleted },
    { label: 'A question right on your first try', points: rules.firstTryCorrect },
    {
      label: rules.recallMinDays === 1 ? 'Remembering an answer in a review, a day or more later' : `Remembering an answer in a review, ${rules.recallMinDays} days or more later`,
      points: rules.recallCorrect,
    },
    { label: 'Earning a certification', points: rules.certificationEarned },
    ...Object.entries(rules.streakMilestones)
      .map(([days, points]) => ({ days: Number(days), points }))
      .sort((a, b) => a.days - b.days)
      .map(({ days, points }) => ({ label: `A streak of ${describeWorkingDays(days)}`, points })),
  ];
  return lines.filter((line) => line.points > 0);
}

/** The daily cap in words, or null without one. */
export function describeDailyCap(dailyCap: number | null): string | null {
  return dailyCap === null ? null : `You can earn up to ${formatPoints(dailyCap)} a day.`;
}

/** A recall rate as a whole percentage (one decimal place when it has one): 0.9 → "90%", 0.875 → "87.5%". */
export function formatRate(rate: number): string {
  return `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(rate * 100)}%`;
}

/**
 * What earns a badge, in plain words that read for a learner and an admin alike: "Completing a first course",
 * "A streak of 10 working days", "90% of reviews right over the last 30 days, from at least 20 reviews", "Earning
 * the certification “Food safety”" (with the title the badges API gives).
 */
export function describeBadgeRule(rule: BadgeRule, certificationTitle: string | null = null): string {
  switch (rule.kind) {
    case 'first_course_completed':
      return 'Completing a first course';
    case 'streak_days':
      return `A streak of ${describeWorkingDays(rule.days)}`;
    case 'certification_earned':
      if (rule.certificationId === undefined) return 'Earning any certification';
      return certificationTitle === null ? 'Earning a particular certification' : `Earning the certification “${certificationTitle}”`;
    case 'recall_rate':
      return `${formatRate(rule.rate)} of reviews right over the last ${rule.days === 1 ? 'day' : `${numberFormat.format(rule.days)} days`}, from at least ${numberFormat.format(rule.minReviews)} ${rule.minReviews === 1 ? 'review' : 'reviews'}`;
    case 'points_total':
      return `${formatPoints(rule.points)} earned in all (spending them does not count against it)`;
    case 'lessons_completed':
      return `${numberFormat.format(rule.count)} ${rule.count === 1 ? 'lesson' : 'lessons'} completed`;
  }
}

/** The date a badge was earned, e.g. "Earned 12 Mar 2025"; the raw text when it is not a date. */
export function describeAwardedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return `Earned ${iso}`;
  return `Earned ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(date)}`;
}

/** The address that downloads a badge's Open Badges assertion as a file. */
export function assertionDownloadUrl(assertionUrl: string): string {
  return `${assertionUrl}${assertionUrl.includes('?') ? '&' : '?'}download=1`;
}

/** The leaderboard choices, as the learner picks them. */
export const VISIBILITY_OPTIONS: ReadonlyArray<{ value: Visibility; label: string }> = [
  { value: 'named', label: 'Show my name' },
  { value: 'anonymous', label: 'Show me as “Anonymous learner”' },
  { value: 'hidden', label: 'Leave me off leaderboards' },
];

/** The season switch's labels: "This week" / "This month", "Last week" / "Last month", "All time". */
export function seasonLabel(choice: SeasonChoice, kind: 'weekly' | 'monthly'): string {
  const unit = kind === 'weekly' ? 'week' : 'month';
  if (choice === 'current') return `This ${unit}`;
  if (choice === 'previous') return `Last ${unit}`;
  return 'All time';
}

/** The name a leaderboard row shows. */
export function rowName(row: { name: string | null; anonymous: boolean; isViewer: boolean }): string {
  if (row.isViewer) return row.anonymous ? `You (shown to others as “Anonymous learner”)` : `${row.name ?? 'You'} (you)`;
  if (row.anonymous || row.name === null) return 'Anonymous learner';
  return row.name;
}

/** What a redemption's status means to the learner who asked for it. */
export const REDEMPTION_STATUS_LABELS: Readonly<Record<RedemptionStatus, string>> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  declined: 'Declined: points refunded',
};

/** Stock in words: "Unlimited", "Out of stock", "3 left". */
export function describeStock(stock: number | null): string {
  if (stock === null) return 'Unlimited';
  if (stock === 0) return 'Out of stock';
  return `${numberFormat.format(stock)} left`;
}

/** "1st", "2nd", "3rd", "4th", "11th", "22nd". */
export function formatOrdinal(rank: number): string {
  const tens = rank % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][rank % 10] ?? 'th');
  return `${rank}${suffix}`;
}

/** A team's points per member, to one decimal place: "12.5". */
export function formatScore(score: number): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(score);
}

/**
 * What went wrong with a redemption, in the learner's words, for the refusals the API names (`insufficient_points`
 * with the cost and balance, `reward_out_of_stock`, `reward_inactive`, `not_found`); other errors as they are.
 */
export function describeRedeemError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  switch (error.code) {
    case 'insufficient_points': {
      const details = (error.details ?? {}) as { cost?: unknown; balance?: unknown };
      const cost = typeof details.cost === 'number' ? details.cost : undefined;
      const balance = typeof details.balance === 'number' ? details.balance : undefined;
      return new Error(cost !== undefined && balance !== undefined ? `Not enough points: this reward costs ${formatPoints(cost)} and you have ${formatPoints(balance)}.` : 'Not enough points for this reward yet.');
    }
    case 'reward_out_of_stock':
      return new Error('This reward is out of stock: nothing was taken from your points.');
    case 'reward_inactive':
    case 'not_found':
      return new Error('This reward is no longer offered: nothing was taken from your points.');
    default:
      return error;
  }
}
