/**
 * How far into a lesson the learner got and how long they were active in it, for the authors' improvement queue
 * (drop-off by block, time against the estimate). Pure: the hook in block-progress.hooks.ts feeds it the browser's
 * events with their times.
 *
 * Active time counts the gaps between signs of activity (scrolling, a tap, a key, the tab shown again) while the
 * lesson is visible, each gap at most {@link IDLE_AFTER_MS}: someone reading a long block still counts, a tab left
 * open over lunch does not.
 */

/** A gap between signs of activity counts at most this long. */
export const IDLE_AFTER_MS = 60_000;
/** The server keeps at most two hours. */
export const MAX_ACTIVE_MS = 2 * 3_600_000;
/** A new block is reported this long after it is reached (later blocks reached meanwhile go in the same report). */
export const REPORT_DELAY_MS = 2_000;

/** Active time so far, and since when the learner has been active (null while the lesson is hidden). */
export interface ActiveClock {
  activeMs: number;
  lastAt: number | null;
}

/** A clock started at `now`, counting if the lesson is visible. */
export function startActiveClock(now: number, isVisible = true): ActiveClock {
  return { activeMs: 0, lastAt: isVisible ? now : null };
}

const gapUntil = (clock: ActiveClock, now: number) => (clock.lastAt === null ? 0 : Math.min(IDLE_AFTER_MS, Math.max(0, now - clock.lastAt)));

/** A sign of activity at `now` (or the lesson shown again): the gap since the last one counts, capped. */
export function noteActivity(clock: ActiveClock, now: number): ActiveClock {
  return { activeMs: clock.activeMs + gapUntil(clock, now), lastAt: now };
}

/** The lesson hidden at `now`: the gap so far counts, and nothing more until it is shown again. */
export function pauseActiveClock(clock: ActiveClock, now: number): ActiveClock {
  return { activeMs: clock.activeMs + gapUntil(clock, now), lastAt: null };
}

/** Active time at `now`, whole milliseconds, at most {@link MAX_ACTIVE_MS}. */
export function activeMsAt(clock: ActiveClock, now: number): number {
  return Math.min(MAX_ACTIVE_MS, Math.round(clock.activeMs + gapUntil(clock, now)));
}

/** What a report says: the furthest block shown (from 0) and the active time. */
export interface ProgressReport {
  block: number;
  activeMs: number;
}

/**
 * The report to send now, or undefined when it would tell the server nothing new (no block reached yet, or neither
 * a further block nor at least a second more of active time than the last report sent).
 */
export function nextReport(furthest: number, activeMs: number, sent: ProgressReport | null): ProgressReport | undefined {
  if (furthest < 0) return undefined;
  if (sent && furthest <= sent.block && activeMs < sent.activeMs + 1000) return undefined;
  return { block: Math.max(furthest, sent?.block ?? 0), activeMs: Math.max(activeMs, sent?.activeMs ?? 0) };
}
