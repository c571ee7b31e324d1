/** Playing a lesson's video and audio, without React: speeds, the clock, and which position is worth keeping. */

/** The speeds offered, slowest first. */
export const PLAYBACK_SPEEDS = ['0.75', '1', '1.25', '1.5', '1.75', '2'] as const;

/** "1:05" for 65 seconds. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * The position to remember when playback stops at `seconds`, or null to forget it: at the very start nothing is
 * lost, and at the end (the last 2 s) the next visit should start again from the beginning.
 */
export function positionToRemember(seconds: number, duration: number): number | null {
  if (!Number.isFinite(seconds) || seconds < 1) return null;
  if (Number.isFinite(duration) && duration > 0 && duration - seconds < 2) return null;
  return Math.round(seconds * 10) / 10;
}

/** Where to resume a file of this length from a remembered position, or null to start at the beginning. */
export function resumePosition(remembered: number, duration: number): number | null {
  if (!(remembered > 0) || !Number.isFinite(duration) || remembered >= duration - 2) return null;
  return remembered;
}
