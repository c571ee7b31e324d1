/**
 * Completion and engagement over time, and deadline risk (issue 8's dashboards). Pure: the server reads enrolments,
 * completions and activity, and these turn them into series per bucket (days or ISO weeks in the organisation's
 * time zone, through Luxon, so a bucket across a daylight-saving change is 23 or 25 hours long, never shifted).
 *
 * - Completion by the end of each bucket is cumulative: the share of the lessons assigned by then that were
 *   completed by then, and the share of enrolments (or campaign memberships) completed by then. A lesson completed
 *   before its assignment counts from the assignment.
 * - Engagement in each bucket: active learners (anyone who started a lesson, answered, reviewed or completed a
 *   lesson), answers (reviews apart), reviews and lessons completed.
 * - Deadline risk of an enrolment outside a campaign goes first by the campaign standing's rules
 *   (src/core/delivery/standing.ts: done, then overdue), then by the recent pace.
 */
import { DateTime } from 'luxon';
import { BEHIND_AFTER_MS, memberStanding, type MemberStanding } from '../delivery/standing.ts';

export type BucketUnit = 'day' | 'week';

/** One bucket of a series: a local day, or the part of an ISO week (Monday to Sunday) inside the window. */
export interface Bucket {
  /** `2026-03-09` for a day, `2026-W11` for a week. */
  key: string;
  /** The first and last local dates the bucket covers (a week is cut to the window). */
  firstDay: string;
  lastDay: string;
  /** ISO instants: start inclusive, end exclusive. */
  start: string;
  end: string;
}

/** Someone's assigned lessons: one enrolment, or one campaign membership. */
export interface Assignment {
  personId: string;
  assignedAt: string;
  /** How many lessons it asks for. */
  lessons: number;
  /** When each completed lesson was completed. */
  completions: readonly string[];
  /** When it was complete as a whole (every lesson), or null. */
  completedAt: string | null;
}

export type ActivityKind = 'lesson_started' | 'answer' | 'review';

/** Something a learner did at an instant. Lesson completions come from the assignments. */
export interface Activity {
  personId: string;
  at: string;
  kind: ActivityKind;
}

export interface ProgressPoint extends Bucket {
  /** Lessons assigned by the end of the bucket, and how many of them were completed by then. */
  assignedLessons: number;
  completedLessons: number;
  /** completedLessons / assignedLessons, null with nothing assigned. */
  completionRate: number | null;
  enrolments: number;
  completedEnrolments: number;
  enrolmentCompletionRate: number | null;
  /** People active in the bucket. */
  activeLearners: number;
  answers: number;
  reviews: number;
  lessonsCompleted: number;
}

export interface ProgressTotals {
  people: number;
  /** Distinct people active anywhere in the window. */
  activeLearners: number;
  answers: number;
  reviews: number;
  lessonsCompleted: number;
  /** As at the end of the window. */
  assignedLessons: number;
  completedLessons: number;
  completionRate: number | null;
  enrolments: number;
  completedEnrolments: number;
  enrolmentCompletionRate: number | null;
}

export interface ProgressSeries {
  points: ProgressPoint[];
  totals: ProgressTotals;
}

/** The longest window a series may cover, in days (a year, leap years included). */
export const MAX_WINDOW_DAYS = 366;

/** Whole local days from `from` to `to` inclusive (dates `YYYY-MM-DD`). */
export function windowDays(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days) + 1;
}

/** The local date of an instant in a zone, `YYYY-MM-DD`. */
export function localDateOf(instant: Date | string, timeZone: string): string {
  const at = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: timeZone }) : DateTime.fromJSDate(instant, { zone: timeZone });
  return at.toISODate() as string;
}

/** A local date moved by whole days, `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

/**
 * The buckets of a window of local dates `from`–`to` (inclusive) in `timeZone`: one per day, or one per ISO week
 * (the first and last cut to the window). Each starts at local midnight, wherever a DST change puts it.
 */
export function bucketsOf(window: { from: string; to: string }, unit: BucketUnit, timeZone: string): Bucket[] {
  const startOfDay = (date: string) => DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  const windowEnd = startOfDay(addDays(window.to, 1));
  const buckets: Bucket[] = [];
  let cursor = startOfDay(window.from);
  while (cursor < windowEnd) {
    const next = unit === 'day' ? startOfDay(addDays(cursor.toISODate() as string, 1)) : startOfDay(cursor.startOf('week').plus({ weeks: 1 }).toISODate() as string);
    const end = next < windowEnd ? next : windowEnd;
    const firstDay = cursor.toISODate() as string;
    buckets.push({
      key: unit === 'day' ? firstDay : cursor.toFormat("kkkk-'W'WW"),
      firstDay,
      lastDay: addDays(end.toISODate() as string, -1),
      start: cursor.toUTC().toISO() as string,
      end: end.toUTC().toISO() as string,
    });
    cursor = end;
  }
  return buckets;
}

/** The index of the bucket holding `instant`, or -1 outside the buckets. */
export function bucketIndexOf(buckets: readonly Bucket[], instant: string): number {
  const at = Date.parse(instant);
  let low = 0;
  let high = buckets.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const bucket = buckets[middle]!;
    if (at < Date.parse(bucket.start)) high = middle - 1;
    else if (at >= Date.parse(bucket.end)) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** From which bucket on something that happened at `instant` counts in a cumulative series: 0 before the window, -1 after it. */
function cumulativeFrom(buckets: readonly Bucket[], instant: string): number {
  if (buckets.length === 0) return -1;
  if (Date.parse(instant) < Date.parse(buckets[0]!.start)) return 0;
  return bucketIndexOf(buckets, instant);
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * The series of one group of people (a team, or everyone in scope): assignments and activity of anyone else are
 * left out. `people` is the group; its size is the totals' `people`.
 */
export function progressSeries(buckets: readonly Bucket[], people: ReadonlySet<string>, assignments: readonly Assignment[], activity: readonly Activity[]): ProgressSeries {
  const n = buckets.length;
  const assigned = new Array<number>(n).fill(0);
  const completed = new Array<number>(n).fill(0);
  const enrolments = new Array<number>(n).fill(0);
  const completedEnrolments = new Array<number>(n).fill(0);
  const answers = new Array<number>(n).fill(0);
  const reviews = new Array<number>(n).fill(0);
  const lessonsCompleted = new Array<number>(n).fill(0);
  const active = buckets.map(() => new Set<string>());
  const activeInWindow = new Set<string>();
  const addFrom = (counts: number[], index: number, amount = 1) => {
    if (index >= 0) counts[index]! += amount;
  };

  for (const assignment of assignments) {
    if (!people.has(assignment.personId)) continue;
    addFrom(assigned, cumulativeFrom(buckets, assignment.assignedAt), assignment.lessons);
    addFrom(enrolments, cumulativeFrom(buckets, assignment.assignedAt));
    if (assignment.completedAt) addFrom(completedEnrolments, cumulativeFrom(buckets, later(assignment.completedAt, assignment.assignedAt)));
    for (const at of assignment.completions) {
      addFrom(completed, cumulativeFrom(buckets, later(at, assignment.assignedAt)));
      const index = bucketIndexOf(buckets, at);
      if (index >= 0) {
        lessonsCompleted[index]! += 1;
        active[index]!.add(assignment.personId);
        activeInWindow.add(assignment.personId);
      }
    }
  }
  for (const event of activity) {
    if (!people.has(event.personId)) continue;
    const index = bucketIndexOf(buckets, event.at);
    if (index < 0) continue;
    active[index]!.add(event.personId);
    activeInWindow.add(event.personId);
    if (event.kind === 'answer') answers[index]! += 1;
    if (event.kind === 'review') reviews[index]! += 1;
  }

  const running = { assigned: 0, completed: 0, enrolments: 0, completedEnrolments: 0 };
  const points = buckets.map((bucket, k): ProgressPoint => {
    running.assigned += assigned[k]!;
    running.completed += completed[k]!;
    running.enrolments += enrolments[k]!;
    running.completedEnrolments += completedEnrolments[k]!;
    return {
      ...bucket,
      assignedLessons: running.assigned,
      completedLessons: running.completed,
      completionRate: rate(running.completed, running.assigned),
      enrolments: running.enrolments,
      completedEnrolments: running.completedEnrolments,
      enrolmentCompletionRate: rate(running.completedEnrolments, running.enrolments),
      activeLearners: active[k]!.size,
      answers: answers[k]!,
      reviews: reviews[k]!,
      lessonsCompleted: lessonsCompleted[k]!,
    };
  });
  const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);
  return {
    points,
    totals: {
      people: people.size,
      activeLearners: activeInWindow.size,
      answers: sum(answers),
      reviews: sum(reviews),
      lessonsCompleted: sum(lessonsCompleted),
      assignedLessons: running.assigned,
      completedLessons: running.completed,
      completionRate: rate(running.completed, running.assigned),
      enrolments: running.enrolments,
      completedEnrolments: running.completedEnrolments,
      enrolmentCompletionRate: rate(running.completedEnrolments, running.enrolments),
    },
  };
}

/** Each team's series, its people those of the team inside `scope` (a person in two teams counts in both). */
export function teamSeries<T extends { id: string; name: string; memberIds: readonly string[] }>(
  buckets: readonly Bucket[],
  teams: readonly T[],
  scope: ReadonlySet<string>,
  assignments: readonly Assignment[],
  activity: readonly Activity[],
): Array<{ id: string; name: string } & ProgressSeries> {
  return teams.map((team) => ({ id: team.id, name: team.name, ...progressSeries(buckets, new Set(team.memberIds.filter((id) => scope.has(id))), assignments, activity) }));
}

// ---------------------------------------------------------------------------------------------------- deadline risk

export type RiskLevel = 'done' | 'on_track' | 'at_risk' | 'overdue';
/**
 * Why someone is overdue or at risk: `past_due` (the deadline passed with lessons left), `cannot_finish` (a campaign
 * plan that does not fit before the deadline, or no sending window), `behind` (a campaign lesson sent more than a day
 * ago is not done), `too_slow` (at the recent pace the lessons left finish after the due date), `no_recent_progress`
 * (no lesson completed in the pace window, more than a day after enrolling).
 */
export type RiskReason = 'past_due' | 'cannot_finish' | 'behind' | 'too_slow' | 'no_recent_progress';

/** The pace is the lessons completed over the last this many days (or since enrolling, when that is sooner). */
export const PACE_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

export interface EnrolmentRiskInput {
  dueAt: string;
  enrolledAt: string;
  lessonsTotal: number;
  /** When each completed lesson of the current cycle was completed. */
  completions: readonly string[];
  completedAt: string | null;
}

export interface RiskAssessment {
  level: RiskLevel;
  reason: RiskReason | null;
  lessonsLeft: number;
  /** Lessons a day over the pace window; null when not measured (done, overdue, or enrolled less than a day). */
  pacePerDay: number | null;
  /** When the lessons left would be done at that pace; null without a pace. */
  projectedFinishAt: string | null;
}

/**
 * An enrolment's deadline risk at `now`. First the campaign standing's rules (every lesson complete: done; the due
 * date passed: overdue), then the pace: within a day of enrolling nobody is at risk (as a campaign lesson makes no
 * one behind before it waited a day); with no lesson completed in the pace window, at risk; otherwise at risk when
 * the lessons left, at the recent pace, would finish after the due date.
 */
export function enrolmentRisk(input: EnrolmentRiskInput, now: Date): RiskAssessment {
  const completed = input.completedAt ? input.lessonsTotal : Math.min(input.completions.length, input.lessonsTotal);
  const lessonsLeft = Math.max(0, input.lessonsTotal - completed);
  const standing = memberStanding({ arm: 'trained', planIssue: null, total: input.lessonsTotal, completed, sent: [], deadline: input.dueAt }, now);
  const unmeasured = { lessonsLeft, pacePerDay: null, projectedFinishAt: null };
  if (standing === 'done' || lessonsLeft === 0) return { level: 'done', reason: null, ...unmeasured, lessonsLeft: 0 };
  if (standing === 'overdue') return { level: 'overdue', reason: 'past_due', ...unmeasured };
  const since = Math.max(Date.parse(input.enrolledAt), now.getTime() - PACE_WINDOW_DAYS * DAY_MS);
  const elapsed = now.getTime() - since;
  const recent = input.completions.filter((at) => Date.parse(at) >= since && Date.parse(at) <= now.getTime()).length;
  if (elapsed <= BEHIND_AFTER_MS && recent === 0) return { level: 'on_track', reason: null, ...unmeasured };
  const pacePerDay = recent / Math.max(elapsed / DAY_MS, 1);
  if (recent === 0) return { level: 'at_risk', reason: 'no_recent_progress', lessonsLeft, pacePerDay: 0, projectedFinishAt: null };
  const projectedFinishAt = new Date(now.getTime() + (lessonsLeft / pacePerDay) * DAY_MS).toISOString();
  const isLate = Date.parse(projectedFinishAt) > Date.parse(input.dueAt);
  return { level: isLate ? 'at_risk' : 'on_track', reason: isLate ? 'too_slow' : null, lessonsLeft, pacePerDay, projectedFinishAt };
}

/** A campaign member's standing as deadline risk: overdue; cannot finish and behind are at risk; the rest are not. */
export function riskOfStanding(standing: MemberStanding): { level: RiskLevel; reason: RiskReason | null } | null {
  switch (standing) {
    case 'overdue':
      return { level: 'overdue', reason: 'past_due' };
    case 'cannot_finish':
      return { level: 'at_risk', reason: 'cannot_finish' };
    case 'behind':
      return { level: 'at_risk', reason: 'behind' };
    case 'done':
      return { level: 'done', reason: null };
    case 'on_track':
      return { level: 'on_track', reason: null };
    case 'held_out':
      return null;
  }
}

export interface RiskFacts {
  reason: RiskReason;
  dueAt: string | null;
  lessonsLeft: number;
  lessonsTotal: number;
  pacePerDay?: number | null;
  projectedFinishAt?: string | null;
  /** The planner's issue of a campaign member who cannot finish. */
  planIssue?: string | null;
}

const lessons = (count: number) => `${count} ${count === 1 ? 'lesson' : 'lessons'}`;

/** Why someone is overdue or at risk, in one sentence, dates as local dates in `timeZone` ("6 Mar 2026"). */
export function describeRisk(facts: RiskFacts, timeZone: string): string {
  const date = (instant: string) => DateTime.fromISO(instant, { zone: timeZone }).toFormat('d LLL yyyy');
  const left = `${facts.lessonsLeft} of ${lessons(facts.lessonsTotal)} left`;
  const due = facts.dueAt ? `due ${date(facts.dueAt)}` : 'no deadline';
  switch (facts.reason) {
    case 'past_due':
      return `Past the due date (${facts.dueAt ? date(facts.dueAt) : 'none'}) with ${left}.`;
    case 'cannot_finish':
      return facts.planIssue === 'no_window'
        ? `No working hours to send lessons in before the deadline (${facts.dueAt ? date(facts.dueAt) : 'none'}); ${left}.`
        : `Their plan cannot fit the lessons before the deadline (${facts.dueAt ? date(facts.dueAt) : 'none'}); ${left}.`;
    case 'behind':
      return `A lesson sent more than a day ago is not done; ${left}, ${due}.`;
    case 'too_slow': {
      const pace = (facts.pacePerDay ?? 0).toFixed(1).replace(/\.0$/, '');
      return `At their recent pace (${pace} ${facts.pacePerDay === 1 ? 'lesson' : 'lessons'} a day) the ${lessons(facts.lessonsLeft)} left take until ${facts.projectedFinishAt ? date(facts.projectedFinishAt) : 'later'}, after the due date (${facts.dueAt ? date(facts.dueAt) : 'none'}).`;
    }
    case 'no_recent_progress':
      return `No lesson completed in the last ${PACE_WINDOW_DAYS} days; ${left}, ${due}.`;
  }
}
