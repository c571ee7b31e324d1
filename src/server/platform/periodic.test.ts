import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './periodic.ts';

describe('startPeriodic', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs soon after start and then at each interval, never twice at once, logging failures, until stopped', async () => {
    const warnings: string[] = [];
    let runs = 0;
    let release: (() => void) | undefined;
    const task = () => {
      runs += 1;
      if (runs === 2) return Promise.reject(new Error('database down'));
      if (runs === 3) return new Promise<void>((resolve) => (release = resolve));
      return Promise.resolve();
    };
    const stop = startPeriodic(task, { intervalMs: 1000, firstDelayMs: 100, logger: { warn: ((_context: unknown, message?: string) => void warnings.push(message ?? '')) as never }, failure: 'the sweep failed' });
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(900);
    expect(runs).toBe(2);
    expect(warnings).toEqual(['the sweep failed']);
    // The third run hangs: the next two ticks find it still running and skip.
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(3);
    release!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(4);
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(4);
  });
});
