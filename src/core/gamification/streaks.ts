/**
 * Streaks: how many of a learner's working days in a row they learned something, in their own time zone. Pure;
 * time is an argument, and the streak is replayed from the activity history, so it never drifts from the facts.
 *
 * Rules: a working day with activity adds 1; a non-working day neither adds nor breaks (activity on it adds
 * nothing either); a working day without activity breaks the streak unless the learner holds a freeze, which it
 * then uses up; today, not done yet, does not break it. A freeze is earned at every `workingDaysPerFreeze` days of
 * a streak, and at most `maxFreezesHeld` are held.
 *
 * Instants become local dates through Luxon in the zone the learner was in at that instant, so daylight-saving
 * changes and moves between zones are the time-zone database's business; days are then counted on the calendar.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * An organisation's streak rules. Defaults: a freeze for every 5 working days of streak (`workingDaysPerFreeze`),
 * at most 2 held (`maxFreezesHeld`); 0 held turns freezes off.
 */
export const StreakRules = z.object({
  workingDaysPerFreeze: z.number().int().min(1).max(365).default(5),
  maxFreezesHeld: z.number().int().min(0).max(10).default(2),
});
export type StreakRules = z.infer<typeof StreakRules>;

/** The default streak rules, as documented on `StreakRules`. */
export const DEFAULT_STREAK_RULES: StreakRules = StreakRules.parse({});

/** A zone the learner was in until an instant (exclusive), for activity from before a move. */
export interface PastTimeZone {
  until: string;
  timeZone: string;
}

/**
 * What a streak is computed from. The replay starts at the first activity given: to bound the history, start it on a
 * day when the learner had no streak and pass the freezes they held then as `freezesHeld`.
 */
export interface StreakInput {
  /** When the learner was active (ISO 8601 instants): completed a lesson or answered a question or review. */
  activityInstants: readonly string[];
  /** The learner's zone now (and for any instant after every `previousTimeZones` entry). */
  timeZone: string;
  /** Zones the learner was in before, each until an instant; an instant takes the first entry ending after it. */
  previousTimeZones?: readonly PastTimeZone[];
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  /** Now. Activity after it is ignored. */
  today: string;
  /** Freezes held before the first activity in the history (e.g. granted otherwise); default 0, at most `maxFreezesHeld`. */
  freezesHeld?: number;
  rules?: StreakRules;
}

/** Where a learner's streak stands today. */
export interface Streak {
  /** Working days in the current streak (0 when none). */
  current: number;
  /** The longest streak in the history given. */
  longest: number;
  /** The local date (YYYY-MM-DD) the current streak started; null when there is none. */
  startedOn: string | null;
  /** Today's local date (YYYY-MM-DD) in the learner's zone. */
  today: string;
  /** Whether today is one of the learner's working days. */
  todayIsWorkingDay: boolean;
  /** Whether the learner has been active today (any day, working or not). */
  todayDone: boolean;
  /** Freezes held now. */
  freezesHeld: number;
  /** Freezes used up by the current streak. */
  freezesUsed: number;
  /** The streak breaks at the end of today unless the learner is active: a working day, not done, no freeze. */
  atRisk: boolean;
  /** Ending today without activity would use a freeze: a working day, not done, a freeze held. */
  freezeAtStake: boolean;
  /** The last local date with activity, or null. */
  lastActiveOn: string | null;
}

/** The zone the learner was in at an instant. */
function zoneAt(instant: number, input: StreakInput): string {
  let best: { until: number; timeZone: string } | undefined;
  for (const past of input.previousTimeZones ?? []) {
    const until = Date.parse(past.until);
    if (until > instant && (!best || until < best.until)) best = { until, timeZone: past.timeZone };
  }
  return best?.timeZone ?? input.timeZone;
}

function localDate(instant: number, zone: string): string {
  const local = DateTime.fromMillis(instant, { zone });
  if (!local.isValid) throw new RangeError(`Not a time zone: ${zone}`);
  return local.toISODate() as string;
}

/**
 * The learner's streak at `today`, replayed from their activity history (see the module comment for the rules).
 * @throws RangeError for an invalid timestamp, time zone or weekday.
 */
export function computeStreak(input: StreakInput): Streak {
  const rules = input.rules ?? DEFAULT_STREAK_RULES;
  if (input.workingDays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) throw new RangeError('Working days are ISO weekdays, 1 to 7.');
  const workingDays = new Set(input.workingDays);
  const now = Date.parse(input.today);
  if (Number.isNaN(now)) throw new RangeError(`Not a timestamp: ${input.today}`);
  const today = localDate(now, input.timeZone);

  const activeDates = new Set<string>();
  for (const instant of input.activityInstants) {
    const millis = Date.parse(instant);
    if (Number.isNaN(millis)) throw new RangeError(`Not a timestamp: ${instant}`);
    if (millis > now) continue;
    const date = localDate(millis, zoneAt(millis, input));
    // A move east can put an earlier instant on a date after "today"'s; today is the last day counted.
    activeDates.add(date < today ? date : today);
  }

  let current = 0;
  let longest = 0;
  let startedOn: string | null = null;
  let freezesHeld = Math.min(Math.max(0, Math.floor(input.freezesHeld ?? 0)), rules.maxFreezesHeld);
  let freezesUsed = 0;
  const sorted = [...activeDates].sort();
  const first = sorted[0];
  if (first !== undefined) {
    // Calendar arithmetic on dates, in UTC where every day has 24 hours; the zone's work is already done.
    for (let day = DateTime.fromISO(first, { zone: 'utc' }); ; day = day.plus({ days: 1 })) {
      const date = day.toISODate() as string;
      if (date > today) break;
      if (!workingDays.has(day.weekday)) continue;
      if (activeDates.has(date)) {
        current += 1;
        if (current === 1) {
          startedOn = date;
          freezesUsed = 0;
        }
        if (current % rules.workingDaysPerFreeze === 0) freezesHeld = Math.min(freezesHeld + 1, rules.maxFreezesHeld);
        longest = Math.max(longest, current);
      } else if (date !== today && current > 0) {
        if (freezesHeld > 0) {
          freezesHeld -= 1;
          freezesUsed += 1;
        } else {
          current = 0;
          startedOn = null;
          freezesUsed = 0;
        }
      }
    }
  }

  const todayIsWorkingDay = workingDays.has(DateTime.fromISO(today, { zone: 'utc' }).weekday);
  const todayDone = activeDates.has(today);
  const pending = todayIsWorkingDay && !todayDone && current > 0;
  return {
    current,
    longest,
    startedOn,
    today,
    todayIsWorkingDay,
    todayDone,
    freezesHeld,
    freezesUsed,
    atRisk: pending && freezesHeld === 0,
    freezeAtStake: pending && freezesHeld > 0,
    lastActiveOn: sorted.at(-1) ?? null,
  };
}
