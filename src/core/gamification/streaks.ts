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
 *
 * **Checkpoints.** Replaying years of history on every answer would cost more as a learner learns more, so each
 * result carries a checkpoint: the streak's state at the end of a settled day (one no activity can still land on).
 * Given that checkpoint back as `resume`, the replay starts the day after it and needs only the activity since.
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

/** A streak's state at the end of a local day: everything the replay needs to carry on from the day after. */
export interface StreakCheckpoint {
  /** The local date (YYYY-MM-DD) this state holds at the end of. */
  through: string;
  current: number;
  longest: number;
  startedOn: string | null;
  freezesHeld: number;
  freezesUsed: number;
  lastActiveOn: string | null;
}

/**
 * What a streak is computed from. The replay starts at the first activity given, or the day after `resume`: to bound
 * the history without a checkpoint, start it on a day when the learner had no streak and pass the freezes they held
 * then as `freezesHeld`.
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
  /** The state at the end of a day before today, from an earlier result's `checkpoint`: activity up to it is ignored. */
  resume?: StreakCheckpoint;
  /**
   * The first local date still open to activity (e.g. the date a few minutes ago, for answers still committing);
   * default today. The result's checkpoint is the state at the end of the day before it.
   */
  settledBefore?: string;
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
  /** The state at the end of the day before `settledBefore` (today by default), to pass back as `resume` later. */
  checkpoint: StreakCheckpoint;
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

  const resume = input.resume && input.resume.through < today ? input.resume : undefined;
  const activeDates = new Set<string>();
  for (const instant of input.activityInstants) {
    const millis = Date.parse(instant);
    if (Number.isNaN(millis)) throw new RangeError(`Not a timestamp: ${instant}`);
    if (millis > now) continue;
    const date = localDate(millis, zoneAt(millis, input));
    // A move east can put an earlier instant on a date after "today"'s; today is the last day counted.
    const counted = date < today ? date : today;
    if (!resume || counted > resume.through) activeDates.add(counted);
  }

  const state: Omit<StreakCheckpoint, 'through'> = resume
    ? { current: resume.current, longest: resume.longest, startedOn: resume.startedOn, freezesHeld: Math.min(resume.freezesHeld, rules.maxFreezesHeld), freezesUsed: resume.freezesUsed, lastActiveOn: resume.lastActiveOn }
    : { current: 0, longest: 0, startedOn: null, freezesHeld: Math.min(Math.max(0, Math.floor(input.freezesHeld ?? 0)), rules.maxFreezesHeld), freezesUsed: 0, lastActiveOn: null };
  const settledBefore = input.settledBefore !== undefined && input.settledBefore < today ? input.settledBefore : today;
  const sorted = [...activeDates].sort();
  const first = resume ? dayAfter(resume.through) : sorted[0];
  // The state at the end of the day before `settledBefore`: the resumed one when it is that late, the state before
  // any activity when the replay starts after it, or else taken on the way.
  let checkpoint: StreakCheckpoint | undefined =
    resume && resume.through >= dayBefore(settledBefore) ? resume : first === undefined || first > settledBefore ? { through: dayBefore(settledBefore), ...state } : undefined;
  if (first !== undefined) {
    // Calendar arithmetic on dates, in UTC where every day has 24 hours; the zone's work is already done.
    for (let day = DateTime.fromISO(first, { zone: 'utc' }); ; day = day.plus({ days: 1 })) {
      const date = day.toISODate() as string;
      if (date === settledBefore) checkpoint ??= { through: dayBefore(date), ...state };
      if (date > today) break;
      if (activeDates.has(date)) state.lastActiveOn = date;
      if (!workingDays.has(day.weekday)) continue;
      if (activeDates.has(date)) {
        state.current += 1;
        if (state.current === 1) {
          state.startedOn = date;
          state.freezesUsed = 0;
        }
        if (state.current % rules.workingDaysPerFreeze === 0) state.freezesHeld = Math.min(state.freezesHeld + 1, rules.maxFreezesHeld);
        state.longest = Math.max(state.longest, state.current);
      } else if (date !== today && state.current > 0) {
        if (state.freezesHeld > 0) {
          state.freezesHeld -= 1;
          state.freezesUsed += 1;
        } else {
          state.current = 0;
          state.startedOn = null;
          state.freezesUsed = 0;
        }
      }
    }
  }
  if (!checkpoint) throw new Error('unreachable: the replay passes the settled day');

  const todayIsWorkingDay = workingDays.has(DateTime.fromISO(today, { zone: 'utc' }).weekday);
  const todayDone = activeDates.has(today);
  const pending = todayIsWorkingDay && !todayDone && state.current > 0;
  const { current, longest, startedOn, freezesHeld, freezesUsed, lastActiveOn } = state;
  return { current, longest, startedOn, today, todayIsWorkingDay, todayDone, freezesHeld, freezesUsed, atRisk: pending && freezesHeld === 0, freezeAtStake: pending && freezesHeld > 0, lastActiveOn, checkpoint };
}

/**
 * The instant from which activity must be read to carry on from `checkpoint` for a learner now in `timeZone`: the start
 * of the day before it there, early enough for activity after it however far the learner moved between zones.
 */
export function resumeReadsFrom(checkpoint: Pick<StreakCheckpoint, 'through'>, timeZone: string): string {
  const start = DateTime.fromISO(dayBefore(checkpoint.through), { zone: timeZone });
  if (!start.isValid) throw new RangeError(`Not a date or zone: ${checkpoint.through} in ${timeZone}`);
  return start.toUTC().toISO() as string;
}

function dayAfter(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() as string;
}

function dayBefore(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).minus({ days: 1 }).toISODate() as string;
}
