/**
 * The campaign planner: learners with their calendars, the campaign's ordered lessons, its start, deadline and
 * pacing → when each lesson goes to each learner. Pure; `now` is an argument.
 *
 * Guarantees (property-tested in planner.test.ts over random zones, hours, quiet hours and windows, DST
 * changes included):
 * - every delivery falls inside its learner's window (working day, working hours, not quiet hours);
 * - a learner's lessons go in the course's order, strictly one after another;
 * - every delivery falls before the deadline whenever the learner's window has room for them all, first by
 *   the chosen pacing, then compressed (more lessons a day), then as soon as possible;
 * - when it cannot, the plan says so (`infeasible_deadline` with how many lessons land after it, or
 *   `no_window` when the calendar never opens) instead of dropping anything.
 *
 * Learners who share a calendar share a plan, so planning a campaign costs one plan per distinct calendar
 * (time zone, days, hours), not per learner.
 */
import { addDays, type Calendar, compareDays, localDayOf, type LocalDay, openRanges, slotsOnDay } from './calendar.ts';

/** How a campaign paces its lessons. */
export type Pacing =
  | { mode: 'all_at_once' }
  /** N lessons on each of the learner's working days. */
  | { mode: 'daily'; lessonsPerDay: number }
  /** Spread evenly over the learner's working days before the deadline (one a day when there is no deadline). */
  | { mode: 'spread' };

/** What is being planned. */
export interface PlanRequest {
  /** The lessons, in the order they must arrive. */
  lessonIds: readonly string[];
  startAt: Date;
  deadline: Date | null;
  /** Nothing is planned before now: a learner added after the start gets a plan from now (compressed if need be). */
  now: Date;
  pacing: Pacing;
  /** Minutes into the first open range of a day at which a day's sends start (default 30). */
  preferredOffsetMinutes?: number;
}

/** One learner to plan for. */
export interface LearnerToPlan {
  learnerId: string;
  calendar: Calendar;
  /** How many of the lessons (from the first) this learner has already been sent; they are not planned again. */
  alreadySent?: number;
}

/** One lesson to one learner at one time. */
export interface PlannedDelivery {
  learnerId: string;
  lessonId: string;
  /** The lesson's place in the campaign, from 0. */
  sequence: number;
  sendAt: Date;
  isAfterDeadline: boolean;
}

/** Something the campaign view must tell an admin about one learner's plan. */
export interface PlanIssue {
  learnerId: string;
  /**
   * `compressed`: the pacing did not fit before the deadline, so lessons come closer together (informational).
   * `infeasible_deadline`: the learner's window has no room for every lesson before the deadline.
   * `no_window`: the learner's calendar never opens (no working day, or quiet hours cover working hours).
   */
  kind: 'compressed' | 'infeasible_deadline' | 'no_window';
  /** Lessons that will arrive after the deadline (infeasible) or cannot be placed at all (no window). */
  lessonCount: number;
}

export interface CampaignPlan {
  deliveries: PlannedDelivery[];
  issues: PlanIssue[];
}

/** One learner's send times for the lessons still to send, and what went wrong. */
export interface LearnerSchedule {
  sendAts: Date[];
  isCompressed: boolean;
  afterDeadline: number;
  hasNoWindow: boolean;
}

/** How far ahead the planner looks for open days before it gives up (a calendar that opens never). */
const HORIZON_DAYS = 400;

/** Plans a campaign for every learner. */
export function planCampaign(learners: readonly LearnerToPlan[], request: PlanRequest): CampaignPlan {
  const memo = new Map<string, LearnerSchedule>();
  const deliveries: PlannedDelivery[] = [];
  const issues: PlanIssue[] = [];
  for (const learner of learners) {
    const alreadySent = Math.min(Math.max(0, learner.alreadySent ?? 0), request.lessonIds.length);
    const key = `${calendarKey(learner.calendar)}|${alreadySent}`;
    let schedule = memo.get(key);
    if (!schedule) {
      schedule = scheduleLearner(learner.calendar, { ...request, lessonIds: request.lessonIds.slice(alreadySent) });
      memo.set(key, schedule);
    }
    schedule.sendAts.forEach((sendAt, index) => {
      const sequence = alreadySent + index;
      deliveries.push({
        learnerId: learner.learnerId,
        lessonId: request.lessonIds[sequence]!,
        sequence,
        sendAt,
        isAfterDeadline: request.deadline !== null && sendAt >= request.deadline,
      });
    });
    if (schedule.hasNoWindow) issues.push({ learnerId: learner.learnerId, kind: 'no_window', lessonCount: request.lessonIds.length - alreadySent - schedule.sendAts.length });
    else if (schedule.afterDeadline > 0) issues.push({ learnerId: learner.learnerId, kind: 'infeasible_deadline', lessonCount: schedule.afterDeadline });
    else if (schedule.isCompressed) issues.push({ learnerId: learner.learnerId, kind: 'compressed', lessonCount: 0 });
  }
  return { deliveries, issues };
}

/** A key equal for calendars that give the same plan. */
function calendarKey(calendar: Calendar): string {
  return [calendar.timeZone, [...calendar.workingDays].sort().join(''), calendar.workStart, calendar.workEnd, calendar.quietStart ?? '', calendar.quietEnd ?? ''].join('|');
}

/** The send times of one learner's lessons (see the module's guarantees). */
export function scheduleLearner(calendar: Calendar, request: PlanRequest): LearnerSchedule {
  const count = request.lessonIds.length;
  const begin = request.now > request.startAt ? request.now : request.startAt;
  const offset = request.preferredOffsetMinutes ?? 30;
  const none: LearnerSchedule = { sendAts: [], isCompressed: false, afterDeadline: 0, hasNoWindow: false };
  if (count === 0) return none;
  if (calendar.workingDays.length === 0 || openRanges(calendar).length === 0) return { ...none, hasNoWindow: true };

  const firstDay = localDayOf(calendar, begin);
  const deadline = request.deadline;
  const deadlineDay = deadline ? localDayOf(calendar, deadline) : null;
  /** The send times a day offers, none before the start and (when `beforeDeadline`) none at or after the deadline. */
  const slots = (day: LocalDay, wanted: number, beforeDeadline: boolean): Date[] => {
    if (!beforeDeadline || !deadline) return slotsOnDay(calendar, day, wanted, begin, offset);
    if (deadlineDay && compareDays(day, deadlineDay) > 0) return [];
    return slotsBefore(calendar, day, wanted, begin, deadline, offset);
  };

  // The open days before the deadline.
  const openDays: LocalDay[] = [];
  if (deadline && deadlineDay) {
    for (let day = firstDay, step = 0; compareDays(day, deadlineDay) <= 0 && step < HORIZON_DAYS; day = addDays(day, 1), step += 1) {
      if (slots(day, 1, true).length > 0) openDays.push(day);
    }
  }

  /** Places every lesson day after day, at most `perDay` a day, on the given days first (then on any open day). */
  const place = (perDay: number, chosenDays: readonly LocalDay[] | null): Date[] => {
    const sendAts: Date[] = [];
    const take = (day: LocalDay, wanted: number) => {
      const found = slots(day, wanted, true);
      // After the deadline (or without one), any open time will do.
      const daySlots = found.length > 0 || !deadline ? found : slots(day, wanted, false);
      for (const slot of daySlots) if (!sendAts.length || slot > sendAts.at(-1)!) sendAts.push(slot);
    };
    if (chosenDays) for (const day of chosenDays) if (sendAts.length < count) take(day, Math.min(perDay, count - sendAts.length));
    let day = chosenDays?.length ? addDays(chosenDays.at(-1)!, 1) : firstDay;
    for (let step = 0; sendAts.length < count && step < HORIZON_DAYS; step += 1, day = addDays(day, 1)) {
      take(day, Math.min(perDay, count - sendAts.length));
    }
    return sendAts;
  };
  const late = (sendAts: readonly Date[]) => (deadline ? sendAts.filter((sendAt) => sendAt >= deadline).length : 0);
  const result = (sendAts: Date[], isCompressed: boolean): LearnerSchedule => ({
    sendAts,
    isCompressed,
    afterDeadline: late(sendAts),
    hasNoWindow: sendAts.length < count,
  });

  const pacing = request.pacing;
  let first: Date[];
  if (pacing.mode === 'all_at_once') first = place(count, null);
  else if (pacing.mode === 'spread' && deadline && openDays.length >= count) {
    // One lesson on each of `count` open days spread evenly over those before the deadline.
    first = place(1, Array.from({ length: count }, (_, index) => openDays[Math.floor((index * openDays.length) / count)]!));
  } else first = place(pacing.mode === 'daily' ? Math.max(1, pacing.lessonsPerDay) : 1, null);
  if (!deadline || late(first) === 0 || first.length < count) return result(first, false);

  // Compressed: the same lessons over the open days there are before the deadline.
  if (openDays.length > 0) {
    const compressed = place(Math.ceil(count / openDays.length), null);
    if (late(compressed) === 0) return result(compressed, true);
  }
  // As soon as possible: every open minute counts.
  const asap = place(count, null);
  return result(late(asap) < late(first) ? asap : first, true);
}

/** A day's send times strictly before the deadline, pulled earlier when the preferred time would be too late. */
function slotsBefore(calendar: Calendar, day: LocalDay, wanted: number, notBefore: Date, deadline: Date, offset: number): Date[] {
  const found = slotsOnDay(calendar, day, wanted, notBefore, offset).filter((slot) => slot < deadline);
  if (found.length >= wanted || offset === 0) return found;
  // The day closes (for this campaign) at the deadline: try from the start of the window instead.
  const early = slotsOnDay(calendar, day, wanted, notBefore, 0).filter((slot) => slot < deadline);
  return early.length > found.length ? early : found;
}
