/** The only source of "now" for services, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

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
