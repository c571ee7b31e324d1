/**
 * Badges: awarded once, when a learner's statistics meet a rule. Pure; time is an argument.
 *
 * The rules are data (a zod schema), so an organisation can add its own badges to the default set. A badge once
 * awarded stays awarded: the rules look at lifetime facts (longest streak, points ever earned), never at
 * balances that go down (points spent on rewards).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

/** What earns a badge, by kind. */
export const BadgeRule = z.discriminatedUnion('kind', [
  /** Completing a first course. */
  z.object({ kind: z.literal('first_course_completed') }),
  /** A streak (the longest ever) of at least `days` working days. */
  z.object({ kind: z.literal('streak_days'), days: z.number().int().min(1).max(3650) }),
  /** Earning a certification: a given one, or any when `certificationId` is absent. */
  z.object({ kind: z.literal('certification_earned'), certificationId: z.string().min(1).max(64).optional() }),
  /** A recall rate (correct ÷ answered reviews) of at least `rate` over the last `days` days, from at least `minReviews` reviews. */
  z.object({
    kind: z.literal('recall_rate'),
    rate: z.number().min(0).max(1),
    days: z.number().int().min(1).max(365),
    minReviews: z.number().int().min(1).max(10_000),
  }),
  /** At least `points` points earned in total (spending them does not count against it). */
  z.object({ kind: z.literal('points_total'), points: z.number().int().min(1).max(100_000_000) }),
  /** At least `count` lessons completed. */
  z.object({ kind: z.literal('lessons_completed'), count: z.number().int().min(1).max(100_000) }),
]);
export type BadgeRule = z.infer<typeof BadgeRule>;

/** A badge an organisation awards: a stable slug id, what learners read, and the rule that earns it. */
export const BadgeDefinition = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens, up to 64'),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(500),
  rule: BadgeRule,
});
export type BadgeDefinition = z.infer<typeof BadgeDefinition>;

/** An organisation's badges: ids unique. */
export const BadgeSet = z
  .array(BadgeDefinition)
  .max(200)
  .refine((badges) => new Set(badges.map((badge) => badge.id)).size === badges.length, { message: 'badge ids must be unique' });
export type BadgeSet = z.infer<typeof BadgeSet>;

/**
 * The default badges:
 * - `first-course`: a first course completed;
 * - `streak-10`: a 10-working-day streak (two working weeks);
 * - `certified`: any certification earned;
 * - `sharp-memory`: 90% of reviews right over the last 30 days, from at least 20 reviews;
 * - `lessons-50`: 50 lessons completed;
 * - `points-1000`: 1,000 points earned.
 */
export const DEFAULT_BADGES: readonly BadgeDefinition[] = Object.freeze([
  { id: 'first-course', name: 'First course', description: 'Completed a first course.', rule: { kind: 'first_course_completed' } },
  { id: 'streak-10', name: 'Ten-day streak', description: 'Learned something on 10 working days in a row.', rule: { kind: 'streak_days', days: 10 } },
  { id: 'certified', name: 'Certified', description: 'Earned a certification.', rule: { kind: 'certification_earned' } },
  {
    id: 'sharp-memory',
    name: 'Sharp memory',
    description: 'Answered 90% of reviews right over 30 days.',
    rule: { kind: 'recall_rate', rate: 0.9, days: 30, minReviews: 20 },
  },
  { id: 'lessons-50', name: 'Fifty lessons', description: 'Completed 50 lessons.', rule: { kind: 'lessons_completed', count: 50 } },
  { id: 'points-1000', name: 'A thousand points', description: 'Earned 1,000 points.', rule: { kind: 'points_total', points: 1000 } },
]);

/** One review answer, for recall rates: scheduled reviews only, practice left out. */
export interface ReviewOutcome {
  answeredAt: string;
  correct: boolean;
}

/** What the badge rules read about a learner at an instant. */
export interface LearnerStats {
  /** Now. */
  at: string;
  coursesCompleted: number;
  lessonsCompleted: number;
  /** The longest streak ever, in working days. */
  longestStreak: number;
  /** Points earned ever (the sum of positive ledger entries; spending does not reduce it). */
  pointsEarned: number;
  /** The certifications the learner has ever earned (ids, repeats allowed). */
  certificationIds: readonly string[];
  /** Review answers covering at least the last `recallWindowDays(badges)` days; older ones are ignored. */
  reviews: readonly ReviewOutcome[];
}

/** How many days of review answers `badgesEarned` needs for these badges (0 when none reads reviews). */
export function recallWindowDays(badges: readonly BadgeDefinition[]): number {
  return Math.max(0, ...badges.map((badge) => (badge.rule.kind === 'recall_rate' ? badge.rule.days : 0)));
}

/**
 * The recall rate over the `days` days before `at` (after `at − days`, up to `at`): correct ÷ answered, with the
 * number answered; the rate is null when there is none.
 * @throws RangeError for an invalid timestamp.
 */
export function recallRate(reviews: readonly ReviewOutcome[], at: string, days: number): { rate: number | null; reviews: number } {
  const end = DateTime.fromISO(at, { zone: 'utc' });
  if (!end.isValid) throw new RangeError(`Not a timestamp: ${at}`);
  const from = end.minus({ days }).toMillis();
  const to = end.toMillis();
  let answered = 0;
  let correct = 0;
  for (const review of reviews) {
    const millis = Date.parse(review.answeredAt);
    if (Number.isNaN(millis)) throw new RangeError(`Not a timestamp: ${review.answeredAt}`);
    if (millis <= from || millis > to) continue;
    answered += 1;
    if (review.correct) correct += 1;
  }
  return { rate: answered === 0 ? null : correct / answered, reviews: answered };
}

/** True when the learner's statistics meet the rule. */
export function meetsBadgeRule(stats: LearnerStats, rule: BadgeRule): boolean {
  switch (rule.kind) {
    case 'first_course_completed':
      return stats.coursesCompleted >= 1;
    case 'streak_days':
      return stats.longestStreak >= rule.days;
    case 'certification_earned':
      return rule.certificationId === undefined ? stats.certificationIds.length > 0 : stats.certificationIds.includes(rule.certificationId);
    case 'recall_rate': {
      const { rate, reviews } = recallRate(stats.reviews, stats.at, rule.days);
      // A hair of tolerance so that 9 right out of 10 meets 0.9 whatever the floating point does.
      return reviews >= rule.minReviews && rate !== null && rate + 1e-9 >= rule.rate;
    }
    case 'points_total':
      return stats.pointsEarned >= rule.points;
    case 'lessons_completed':
      return stats.lessonsCompleted >= rule.count;
  }
}

/**
 * The ids of the badges newly earned: those whose rule the statistics meet and which were not awarded already, in
 * the order of `badges`.
 * @throws RangeError for an invalid timestamp in the statistics.
 */
export function badgesEarned(stats: LearnerStats, badges: readonly BadgeDefinition[], alreadyAwarded: Iterable<string>): string[] {
  const awarded = new Set(alreadyAwarded);
  return badges.filter((badge) => !awarded.has(badge.id) && meetsBadgeRule(stats, badge.rule)).map((badge) => badge.id);
}
