/** What the "New for you" inbox says, without React: lengths, when a lesson came, why it came. Pure, so it is unit tested. */
import type { InboxItem } from '../../server/modules/delivery/inbox.schemas.ts';

/** A lesson's length in whole minutes, rounded up: "1 min", "2 min". */
export function formatLessonMinutes(seconds: number): string {
  return `${Math.max(1, Math.ceil(seconds / 60))} min`;
}

function dayKey(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date);
}

/**
 * When a lesson came, in the learner's zone: "Today 09:30", "Yesterday 16:05", "Mon 3 Mar". Falls back to the
 * browser's zone when the zone is unknown.
 */
export function formatArrival(iso: string, now: Date, timeZone: string, locale = 'en-GB'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(locale, { timeZone: zone });
  } catch {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(date);
  const day = dayKey(date, zone);
  if (day === dayKey(now, zone)) return `Today ${time}`;
  if (day === dayKey(new Date(now.getTime() - 86_400_000), zone)) return `Yesterday ${time}`;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone }).format(date).replace(/,/g, '');
}

/** The tag saying why a lesson came outside its campaign's plan; none for a campaign's own lessons. */
export function kindTag(kind: InboxItem['kind']): string | null {
  if (kind === 'reminder') return 'Reminder';
  if (kind === 'trigger') return 'Just in time';
  return null;
}

/**
 * The inbox split for display: lessons still to do (newest first, as the API gives them) and completed ones.
 * A lesson delivered twice (a reminder after the lesson itself) is listed once, by its newest delivery.
 */
export function splitInbox(items: readonly InboxItem[]): { open: InboxItem[]; completed: InboxItem[] } {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const key = `${item.courseId}/${item.lessonId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { open: unique.filter((item) => !item.completed), completed: unique.filter((item) => item.completed) };
}
