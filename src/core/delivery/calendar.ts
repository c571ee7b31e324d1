/**
 * A learner's sending window: when Morsel may reach them, in their own time zone. Pure; time is an argument.
 *
 * The window of a local day is the working hours of a working day minus the organisation's quiet hours (which
 * may wrap midnight, e.g. 20:00–07:00). Local times become instants through Luxon, so daylight-saving changes
 * are the time-zone database's business, never hand-rolled offsets; every instant proposed is checked back
 * against the window (`isOpenAt`), so a local time that a DST jump skips is never used.
 */
import { DateTime } from 'luxon';

/** When a learner may be reached. `workStart` < `workEnd` (HH:mm); quiet hours may wrap midnight. */
export interface Calendar {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: readonly number[];
  workStart: string;
  workEnd: string;
  quietStart: string | null;
  quietEnd: string | null;
}

/** One level's settings (person or team); null or absent means "as the level above says". */
export interface CalendarLayer {
  timeZone?: string | null;
  workingDays?: readonly number[] | null;
  workStart?: string | null;
  workEnd?: string | null;
}

/** A local day: its date in the learner's zone. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

const MINUTES_PER_DAY = 24 * 60;

/** Minutes since midnight of an `HH:mm` time. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * The calendar that applies to a person: their own settings override their team's, which override the
 * organisation's. Working hours are taken as a pair from the first level that sets both, so a start from one
 * level never meets an end from another. Quiet hours are the organisation's.
 */
export function resolveCalendar(person: CalendarLayer, team: CalendarLayer | undefined, organisation: Calendar): Calendar {
  const layers = [person, team ?? {}];
  const hours = layers.find((layer) => layer.workStart && layer.workEnd && minutesOf(layer.workStart) < minutesOf(layer.workEnd));
  return {
    timeZone: layers.find((layer) => layer.timeZone)?.timeZone ?? organisation.timeZone,
    workingDays: layers.find((layer) => layer.workingDays && layer.workingDays.length > 0)?.workingDays ?? organisation.workingDays,
    workStart: hours?.workStart ?? organisation.workStart,
    workEnd: hours?.workEnd ?? organisation.workEnd,
    quietStart: organisation.quietStart,
    quietEnd: organisation.quietEnd,
  };
}

/** The quiet hours as ranges of minutes within one day ([start, end)), split at midnight when they wrap. */
function quietRanges(calendar: Calendar): Array<[number, number]> {
  if (!calendar.quietStart || !calendar.quietEnd) return [];
  const start = minutesOf(calendar.quietStart);
  const end = minutesOf(calendar.quietEnd);
  if (start === end) return [];
  return start < end ? [[start, end]] : [[start, MINUTES_PER_DAY], [0, end]];
}

/**
 * The open minutes of a working day, as sorted [start, end) ranges of minutes since local midnight: working
 * hours minus quiet hours. Empty when nothing is left.
 */
export function openRanges(calendar: Calendar): Array<[number, number]> {
  let ranges: Array<[number, number]> = [[minutesOf(calendar.workStart), minutesOf(calendar.workEnd)]];
  for (const [quietStart, quietEnd] of quietRanges(calendar)) {
    ranges = ranges.flatMap(([start, end]): Array<[number, number]> => {
      if (quietEnd <= start || quietStart >= end) return [[start, end]];
      const kept: Array<[number, number]> = [];
      if (quietStart > start) kept.push([start, quietStart]);
      if (quietEnd < end) kept.push([quietEnd, end]);
      return kept;
    });
  }
  return ranges.filter(([start, end]) => end > start);
}

/** True when the instant falls inside the learner's window: a working day, working hours, not quiet hours. */
export function isOpenAt(calendar: Calendar, instant: Date, ranges = openRanges(calendar)): boolean {
  const local = DateTime.fromJSDate(instant, { zone: calendar.timeZone });
  if (!calendar.workingDays.includes(local.weekday)) return false;
  const minute = local.hour * 60 + local.minute + (local.second + local.millisecond / 1000) / 60;
  return ranges.some(([start, end]) => minute >= start && minute < end);
}

/** The learner's local day of an instant. */
export function localDayOf(calendar: Calendar, instant: Date): LocalDay {
  const local = DateTime.fromJSDate(instant, { zone: calendar.timeZone });
  return { year: local.year, month: local.month, day: local.day };
}

/** The local day `offset` days after `day` (calendar days, whatever their length). */
export function addDays(day: LocalDay, offset: number): LocalDay {
  const next = DateTime.fromObject(day, { zone: 'UTC' }).plus({ days: offset });
  return { year: next.year, month: next.month, day: next.day };
}

/** The ISO weekday of a local day. */
export function weekdayOf(day: LocalDay): number {
  return DateTime.fromObject(day, { zone: 'UTC' }).weekday;
}

/** The instant of a local time on a local day (a time skipped by a DST jump moves forward, as Luxon does). */
export function instantAt(calendar: Calendar, day: LocalDay, minuteOfDay: number): Date {
  return DateTime.fromObject({ ...day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }, { zone: calendar.timeZone }).toJSDate();
}

/**
 * Up to `count` sending times on one local day, one minute apart, inside the window, none before `notBefore`.
 * The first is `preferredOffset` minutes into the day's first open range (a good moment: not the first second
 * of the shift), or as soon as possible after `notBefore` when that is later; when the day cannot hold that
 * many from there, they move earlier so all fit. Every time is checked back against the window.
 */
export function slotsOnDay(calendar: Calendar, day: LocalDay, count: number, notBefore: Date, preferredOffset = 30): Date[] {
  if (count <= 0 || !calendar.workingDays.includes(weekdayOf(day))) return [];
  const ranges = openRanges(calendar);
  const first = ranges[0];
  if (!first) return [];
  const minutes: number[] = [];
  for (const [start, end] of ranges) for (let minute = start; minute < end; minute += 1) minutes.push(minute);
  // The preferred start, pulled back so that `count` minutes still fit after it.
  const preferred = minutes.indexOf(Math.min(first[0] + preferredOffset, first[1] - 1));
  let index = Math.max(0, Math.min(preferred, minutes.length - count));
  const earliest = DateTime.fromJSDate(notBefore, { zone: calendar.timeZone });
  const earliestDay = { year: earliest.year, month: earliest.month, day: earliest.day };
  const order = compareDays(earliestDay, day);
  if (order > 0) return [];
  if (order === 0) {
    // Not before `notBefore`: from its minute (the next whole one) when that is later than the preferred start.
    const wanted = earliest.hour * 60 + earliest.minute + (earliest.second > 0 || earliest.millisecond > 0 ? 1 : 0);
    const from = minutes.findIndex((minute) => minute >= wanted);
    if (from < 0) return [];
    index = Math.max(index, from);
  }
  const slots: Date[] = [];
  for (; index < minutes.length && slots.length < count; index += 1) {
    const instant = instantAt(calendar, day, minutes[index]!);
    const last = slots.at(-1);
    if (instant < notBefore || (last && instant <= last)) continue;
    if (isOpenAt(calendar, instant, ranges)) slots.push(instant);
  }
  return slots;
}

/** Negative, zero or positive as local day `a` is before, the same as or after `b`. */
export function compareDays(a: LocalDay, b: LocalDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The first instant at or after `from` inside the learner's window (to the next whole minute), looking up to
 * `horizonDays` local days ahead; null when the window never opens in that time.
 */
export function nextOpenInstant(calendar: Calendar, from: Date, horizonDays = 14): Date | null {
  const ranges = openRanges(calendar);
  if (ranges.length === 0 || calendar.workingDays.length === 0) return null;
  if (isOpenAt(calendar, from, ranges)) return from;
  for (let offset = 0, day = localDayOf(calendar, from); offset <= horizonDays; offset += 1, day = addDays(day, 1)) {
    const [slot] = slotsOnDay(calendar, day, 1, from, 0);
    if (slot) return slot;
  }
  return null;
}
