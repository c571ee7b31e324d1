/**
 * Points: what each learning event earns, under rules each organisation may tune. Pure; time is an argument.
 *
 * The points ledger (append-only, one entry per award, each with its reason and source) is the single source of
 * truth; a learner's points are the sum of their entries. Every award carries a *key* naming what may be earned
 * only once (a lesson, a question's first try, a review item on one due date, a certification award, a streak
 * milestone). The database makes `(org_id, person_id, award_key)` unique and inserts with "on conflict do
 * nothing", so repeating an item earns nothing and two concurrent duplicates cannot both land.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

/** The most one rule may award at once: generous, but keeps a typo from minting millions. */
export const MAX_RULE_POINTS = 10_000;

const RulePoints = z.number().int().min(0).max(MAX_RULE_POINTS);

/** The default streak milestones: working days in a row → points. */
export const DEFAULT_STREAK_MILESTONES: Readonly<Record<string, number>> = Object.freeze({ '5': 20, '10': 40, '20': 80, '50': 200 });

/**
 * An organisation's points rules. Every field has a default, so `{}` is valid:
 * - `lessonCompleted` 10: completing a lesson, once per lesson ever;
 * - `firstTryCorrect` 5: a correct first attempt at a question, once per question;
 * - `recallCorrect` 15: a correct answer in a scheduled review whose item waited at least `recallMinDays` since it
 *   was last answered, once per review item per due date. Worth more than a first try: remembering is the goal;
 * - `recallMinDays` 1: the wait (whole days of 24 hours) that makes a review answer a recall;
 * - `certificationEarned` 50: earning a certification, once per award (a renewal is a new award);
 * - `streakMilestones` {5: 20, 10: 40, 20: 80, 50: 200}: working days of streak → points, once per milestone per
 *   streak. Given milestones replace the defaults as a whole, so an organisation can remove one;
 * - `dailyCap` null: the most a learner may earn in one of their local days; null for no cap.
 * A rule worth 0 awards nothing.
 */
export const PointRules = z.object({
  lessonCompleted: RulePoints.default(10),
  firstTryCorrect: RulePoints.default(5),
  recallCorrect: RulePoints.default(15),
  recallMinDays: z.number().int().min(1).max(365).default(1),
  certificationEarned: RulePoints.default(50),
  streakMilestones: z
    .record(z.string().regex(/^[1-9]\d{0,3}$/, 'must be a number of working days from 1 to 9999'), RulePoints)
    .refine((milestones) => Object.keys(milestones).length <= 20, { message: 'at most 20 streak milestones' })
    .default(() => ({ ...DEFAULT_STREAK_MILESTONES })),
  dailyCap: z.number().int().min(1).max(1_000_000).nullable().default(null),
});
export type PointRules = z.infer<typeof PointRules>;

/** The default rules, as documented on `PointRules` (frozen: parse a copy to change one). */
export const DEFAULT_POINT_RULES: Readonly<PointRules> = freezeRules(PointRules.parse({}));

function freezeRules<T extends object>(value: T): Readonly<T> {
  for (const field of Object.values(value)) if (field && typeof field === 'object') Object.freeze(field);
  return Object.freeze(value);
}

/**
 * An organisation's rules: the given fields over the defaults.
 * @throws ZodError when a field is not a whole number in its range (or the input is not an object).
 */
export function parsePointRules(partial: unknown = {}): PointRules {
  return PointRules.parse(partial ?? {});
}

/** Why points were awarded: stable codes, stored in the ledger and shown translated in the UI. */
export type PointsReason = 'lesson_completed' | 'first_try_correct' | 'recall_correct' | 'certification_earned' | 'streak_milestone';
/** Every reason code, e.g. for a database check constraint or a translation table. */
export const POINTS_REASONS: readonly PointsReason[] = ['lesson_completed', 'first_try_correct', 'recall_correct', 'certification_earned', 'streak_milestone'];

/** What an award came from, for the ledger's `source_kind` and `source_id`. */
export type PointsSourceKind = 'lesson' | 'question' | 'review_item' | 'certification_award' | 'streak';

interface EventBase {
  personId: string;
  /** When it happened (ISO 8601 instant). */
  at: string;
}

/** A learner completed a lesson (not in practice mode; practice completions are not reported). */
export interface LessonCompletedEvent extends EventBase {
  type: 'lesson_completed';
  lessonId: string;
}

/** A learner answered a question inside a lesson. */
export interface AnswerEvent extends EventBase {
  type: 'answer';
  questionId: string;
  lessonId: string;
  /** True for the learner's first attempt at this question ever. */
  firstAttempt: boolean;
  correct: boolean;
  /** Practice (replays, previews, self-tests) never earns. */
  practice: boolean;
}

/** A learner answered a review item (spaced repetition). */
export interface ReviewAnswerEvent extends EventBase {
  type: 'review_answer';
  reviewItemId: string;
  correct: boolean;
  practice: boolean;
  /** When the item was last answered before this answer; null for its first answer. */
  previousAnsweredAt: string | null;
  answeredAt: string;
  /** When the scheduler had this review due. */
  dueAt: string;
}

/** A learner earned a certification award. */
export interface CertificationEarnedEvent extends EventBase {
  type: 'certification_earned';
  certificationId: string;
  awardId: string;
}

/** A learner's streak reached `days` working days (see `computeStreak`). */
export interface StreakReachedEvent extends EventBase {
  type: 'streak_reached';
  days: number;
  /** The local date (YYYY-MM-DD) the streak started on, which tells one streak from the next. */
  streakStartedOn: string;
}

/** The learning events that may earn points. */
export type PointsEvent = LessonCompletedEvent | AnswerEvent | ReviewAnswerEvent | CertificationEarnedEvent | StreakReachedEvent;

/** What one event earns, before it becomes a ledger entry. */
export interface Award {
  /**
   * What may be earned only once per person; the ledger's unique key with the person. Formats (ids URI-encoded):
   * `lesson:<lessonId>`, `first_try:<lessonId>:<questionId>` (a question's id is unique only in its lesson), `recall:<reviewItemId>:<due date YYYY-MM-DD, UTC>`,
   * `certification:<awardId>`, `streak:<streakStartedOn>:<milestone days>`.
   */
  key: string;
  points: number;
  reason: PointsReason;
  source: { kind: PointsSourceKind; id: string };
}

/** One entry of the points ledger: an award given to a person at an instant. */
export interface LedgerEntry extends Award {
  personId: string;
  at: string;
}

const DAY_MS = 86_400_000;

function millisOf(instant: string, field: string): number {
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`${field} is not a timestamp: ${instant}`);
  return millis;
}

/** The UTC date (YYYY-MM-DD) of an instant. */
function utcDateOf(instant: string, field: string): string {
  return new Date(millisOf(instant, field)).toISOString().slice(0, 10);
}

function award(key: string, points: number, reason: PointsReason, kind: PointsSourceKind, id: string): Award | null {
  return points > 0 ? { key, points, reason, source: { kind, id } } : null;
}

/** The milestones of the rules as sorted numbers of days. */
export function streakMilestonesOf(rules: PointRules): number[] {
  return Object.keys(rules.streakMilestones).map(Number).sort((a, b) => a - b);
}

/**
 * True when a review answer counts as a recall: not practice, correct, and the item waited at least
 * `recallMinDays` (24-hour days) since it was last answered.
 * @throws RangeError for an invalid timestamp.
 */
export function isRecall(event: ReviewAnswerEvent, rules: PointRules): boolean {
  if (event.practice || !event.correct || event.previousAnsweredAt === null) return false;
  const waited = millisOf(event.answeredAt, 'answeredAt') - millisOf(event.previousAnsweredAt, 'previousAnsweredAt');
  return waited >= rules.recallMinDays * DAY_MS;
}

/**
 * Every award one event earns, in a stable order. All events earn at most one, except a streak, which earns every
 * milestone up to its length: should the server see a streak jump past a milestone (late activity, a missed
 * event), nothing is lost, and the milestones already in the ledger are refused by their keys.
 * @throws RangeError for an invalid timestamp in a review answer.
 */
export function awardsFor(event: PointsEvent, rules: PointRules): Award[] {
  if (event.type === 'streak_reached') {
    return streakMilestonesOf(rules)
      .filter((days) => days <= event.days)
      .flatMap((days) => award(`streak:${event.streakStartedOn}:${days}`, rules.streakMilestones[String(days)] ?? 0, 'streak_milestone', 'streak', event.streakStartedOn) ?? []);
  }
  const single = singleAwardFor(event, rules);
  return single ? [single] : [];
}

/**
 * What one event earns, or null when it earns nothing (practice, a wrong or repeated-attempt answer, a review that
 * is not a recall, a rule worth 0). A `streak_reached` event earns the milestone equal to its `days` only; use
 * `awardsFor` to catch up on milestones a streak jumped past.
 * @throws RangeError for an invalid timestamp in a review answer.
 */
export function awardFor(event: PointsEvent, rules: PointRules): Award | null {
  if (event.type === 'streak_reached') {
    const points = rules.streakMilestones[String(event.days)] ?? 0;
    return award(`streak:${event.streakStartedOn}:${event.days}`, points, 'streak_milestone', 'streak', event.streakStartedOn);
  }
  return singleAwardFor(event, rules);
}

function singleAwardFor(event: Exclude<PointsEvent, StreakReachedEvent>, rules: PointRules): Award | null {
  switch (event.type) {
    case 'lesson_completed':
      return award(`lesson:${encodeURIComponent(event.lessonId)}`, rules.lessonCompleted, 'lesson_completed', 'lesson', event.lessonId);
    case 'answer':
      if (event.practice || !event.firstAttempt || !event.correct) return null;
      return award(`first_try:${encodeURIComponent(event.lessonId)}:${encodeURIComponent(event.questionId)}`, rules.firstTryCorrect, 'first_try_correct', 'question', `${event.lessonId}:${event.questionId}`);
    case 'review_answer':
      if (!isRecall(event, rules)) return null;
      return award(`recall:${encodeURIComponent(event.reviewItemId)}:${utcDateOf(event.dueAt, 'dueAt')}`, rules.recallCorrect, 'recall_correct', 'review_item', event.reviewItemId);
    case 'certification_earned':
      return award(`certification:${encodeURIComponent(event.awardId)}`, rules.certificationEarned, 'certification_earned', 'certification_award', event.awardId);
  }
}

/** The learner's local day holding an instant, as [start, end) instants: the span the daily cap counts over. */
export function localDaySpan(instant: string, timeZone: string): { date: string; start: string; end: string } {
  const local = DateTime.fromISO(instant, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Not a timestamp or zone: ${instant} in ${timeZone}`);
  const start = local.startOf('day');
  return { date: start.toISODate() as string, start: start.toUTC().toISO() as string, end: start.plus({ days: 1 }).toUTC().toISO() as string };
}

/**
 * An award under the daily cap, given the entries the learner already earned in the same local day: unchanged
 * without a cap, cut to what is left under it, or null when nothing is left. A null award does not use up its key,
 * so the item may still earn on a later day (once, like any award). The cap is exact only when awards for one
 * person are decided one at a time (the server serialises them per person).
 */
export function applyDailyCap<T extends Award>(earnedToday: ReadonlyArray<Pick<Award, 'points'>>, candidate: T, cap: number | null): T | null {
  if (cap === null) return candidate;
  const earned = earnedToday.reduce((sum, entry) => sum + Math.max(0, entry.points), 0);
  const left = cap - earned;
  if (left <= 0) return null;
  return candidate.points <= left ? candidate : { ...candidate, points: left };
}

/**
 * Replays events in the given order into ledger entries, as the server does one event at a time: each key earns
 * once, the daily cap (in the learner's `timeZone`) applies. For tests, simulations and audits of a ledger.
 * @throws RangeError for an invalid timestamp.
 */
export function buildLedger(events: readonly PointsEvent[], rules: PointRules, timeZone = 'UTC'): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const keys = new Set<string>();
  for (const event of events) {
    for (const candidate of awardsFor(event, rules)) {
      const ledgerKey = `${event.personId}\u0000${candidate.key}`;
      if (keys.has(ledgerKey)) continue;
      const day = localDaySpan(event.at, timeZone);
      const today = entries.filter((entry) => entry.personId === event.personId && entry.at >= day.start && entry.at < day.end);
      const capped = applyDailyCap(today, candidate, rules.dailyCap);
      if (!capped) continue;
      keys.add(ledgerKey);
      entries.push({ ...capped, personId: event.personId, at: new Date(millisOf(event.at, 'at')).toISOString() });
    }
  }
  return entries;
}
