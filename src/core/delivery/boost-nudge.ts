/**
 * When a person's daily boost nudge is due: from the preferred moment of their working day (half an hour after
 * their work starts, or the first open minute after it, outside quiet hours, in their own zone) for a grace
 * period, while their window is open. A day without working hours has no nudge. Pure.
 */
import { type Calendar, isOpenAt, type LocalDay, localDayOf, slotsOnDay } from './calendar.ts';

/** How long after the preferred moment a nudge may still go (a server down at that moment catches up). */
export const BOOST_NUDGE_GRACE_MINUTES = 120;

/** The local date of a day, `YYYY-MM-DD`: the nudge's once-a-day key. */
export const localDateKey = (day: LocalDay) => `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;

/** The person's local date when a nudge is due at `now`, else null. */
export function boostNudgeDueOn(calendar: Calendar, now: Date, graceMinutes = BOOST_NUDGE_GRACE_MINUTES): string | null {
  const today = localDayOf(calendar, now);
  // From the start of yesterday (UTC) is early enough to allow every slot of the local day.
  const [slot] = slotsOnDay(calendar, today, 1, new Date(now.getTime() - 48 * 3_600_000));
  if (!slot || now < slot || now.getTime() >= slot.getTime() + graceMinutes * 60_000) return null;
  return isOpenAt(calendar, now) ? localDateKey(today) : null;
}
