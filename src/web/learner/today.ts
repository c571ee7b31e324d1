/** What Today says, without React: the greeting, deadlines in the learner's own terms, progress and the boost. */

/** "Good morning" / "Good afternoon" / "Good evening" at this moment in the person's time zone ("Hello" at night). */
export function greetingFor(now: Date, timeZone: string): string {
  let hour: number;
  try {
    hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(now));
  } catch {
    hour = now.getHours();
  }
  if (hour < 5) return 'Hello';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** The calendar day (YYYY-MM-DD) of a moment in a time zone. */
function dayIn(date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  }
}

/** Whole calendar days from `from` to `to` in a time zone (0 on the same day, negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  return Math.round((Date.parse(dayIn(to, timeZone)) - Date.parse(dayIn(from, timeZone))) / 86_400_000);
}

/**
 * A deadline in calendar days of the learner's time zone: "due today", "due tomorrow", "due in 2 days",
 * "overdue by 1 day"; past a week, "due on 12 Mar". Null without a deadline.
 */
export function describeDue(dueAt: string | null, now: Date, timeZone: string): { text: string; isOverdue: boolean } | null {
  if (!dueAt) return null;
  const due = new Date(dueAt);
  if (Number.isNaN(due.getTime())) return null;
  const days = calendarDaysBetween(now, due, timeZone);
  if (due.getTime() < now.getTime()) {
    return { text: days >= 0 ? 'overdue since today' : `overdue by ${-days} ${-days === 1 ? 'day' : 'days'}`, isOverdue: true };
  }
  if (days === 0) return { text: 'due today', isOverdue: false };
  if (days === 1) return { text: 'due tomorrow', isOverdue: false };
  if (days <= 7) return { text: `due in ${days} days`, isOverdue: false };
  let date: string;
  try {
    date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(due);
  } catch {
    date = due.toDateString();
  }
  return { text: `due on ${date}`, isOverdue: false };
}

/** Whole-number percentage of lessons done (0 for an empty course). */
export function percentDone(completed: number, total: number): number {
  return total > 0 ? Math.round((completed / total) * 100) : 0;
}

/** "2 minutes" / "about a minute" / "under a minute" for a number of seconds. */
export function describeDuration(seconds: number): string {
  if (seconds < 45) return 'under a minute';
  if (seconds < 90) return 'about a minute';
  return `about ${Math.round(seconds / 60)} minutes`;
}

/** The boost card's line: "3 questions, about a minute" (about 15 s a question). */
export function describeBoost(count: number): string {
  return `${count} ${count === 1 ? 'question' : 'questions'}, ${describeDuration(Math.max(count * 15, 50))}`;
}

/** The line under the greeting: "1 lesson to go and 3 questions to review." or "You are all caught up." */
export function describeTodaySummary(lessons: number, reviews: number): string {
  if (lessons === 0 && reviews === 0) return 'You are all caught up.';
  const parts = [lessons > 0 ? `${lessons} ${lessons === 1 ? 'lesson' : 'lessons'} to go` : '', reviews > 0 ? `${reviews} ${reviews === 1 ? 'question' : 'questions'} to review` : ''].filter(Boolean);
  const line = `${parts.join(' and ')}.`;
  return line.charAt(0).toUpperCase() + line.slice(1);
}
