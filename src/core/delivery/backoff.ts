/**
 * When a failed send is tried again: exponential backoff with jitter. Pure; the random source is an argument.
 *
 * The ceiling doubles with each attempt (`baseMs`, 2×, 4×…, capped at `maxMs`), and the delay is drawn
 * between half the ceiling and the ceiling ("equal jitter"): never immediate, and workers that failed together
 * (an SMTP server that went down for everyone) do not all come back at the same moment.
 */
export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** The default: 30 s, 1 min, 2 min … up to 1 hour between attempts. */
export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 30_000, maxMs: 3_600_000 };

/** The delay before attempt `failedAttempts + 1`, after `failedAttempts` (≥ 1) failures. `random` is in [0, 1). */
export function retryDelayMs(failedAttempts: number, settings: BackoffSettings = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
