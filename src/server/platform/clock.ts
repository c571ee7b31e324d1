/** The only source of "now" for services, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The system clock shifted by some hours (browser tests that need "tomorrow"; see MORSEL_TEST_CLOCK_OFFSET_HOURS). */
export function offsetClock(hours: number): Clock {
  return { now: () => new Date(Date.now() + hours * 3_600_000) };
}

/** A clock for tests that stands still until told to move. */
export function createFakeClock(start: Date | string = '2026-03-02T09:00:00.000Z'): Clock & {
  set(at: Date | string): void;
  advance(ms: number): void;
} {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** ISO-8601 UTC text, the one timestamp format stored in the database. */
export function toIso(date: Date): string {
  return date.toISOString();
}
