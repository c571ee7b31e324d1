import { describe, expect, it } from 'vitest';
import { activeMsAt, IDLE_AFTER_MS, MAX_ACTIVE_MS, nextReport, noteActivity, pauseActiveClock, startActiveClock } from './block-progress.ts';

describe('active time in a lesson', () => {
  it('counts the gaps between signs of activity, each at most a minute', () => {
    let clock = startActiveClock(0);
    clock = noteActivity(clock, 20_000);
    clock = noteActivity(clock, 25_000);
    // Five minutes without a sign: one minute counts.
    clock = noteActivity(clock, 325_000);
    expect(activeMsAt(clock, 325_000)).toBe(25_000 + IDLE_AFTER_MS);
    expect(activeMsAt(clock, 335_000)).toBe(25_000 + IDLE_AFTER_MS + 10_000);
  });

  it('stops counting while the lesson is hidden, and starts again when it is shown', () => {
    let clock = startActiveClock(0);
    clock = pauseActiveClock(clock, 10_000);
    expect(activeMsAt(clock, 500_000)).toBe(10_000);
    clock = noteActivity(clock, 500_000);
    expect(activeMsAt(clock, 503_000)).toBe(13_000);
    expect(activeMsAt(startActiveClock(0, false), 50_000)).toBe(0);
  });

  it('never reports more than the two hours the server keeps', () => {
    expect(activeMsAt({ activeMs: MAX_ACTIVE_MS + 5, lastAt: null }, 0)).toBe(MAX_ACTIVE_MS);
  });
});

describe('progress reports', () => {
  it('reports a further block, or a second more of active time, and nothing else', () => {
    expect(nextReport(-1, 5000, null)).toBeUndefined();
    expect(nextReport(0, 300, null)).toEqual({ block: 0, activeMs: 300 });
    expect(nextReport(0, 900, { block: 0, activeMs: 300 })).toBeUndefined();
    expect(nextReport(0, 1300, { block: 0, activeMs: 300 })).toEqual({ block: 0, activeMs: 1300 });
    expect(nextReport(2, 400, { block: 0, activeMs: 300 })).toEqual({ block: 2, activeMs: 400 });
  });
});
