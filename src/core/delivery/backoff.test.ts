import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  const settings = { baseMs: 1000, maxMs: 60_000 };
  it('doubles the ceiling with each failure up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, settings, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(20, settings, () => 0.999999)).toBe(60_000);
    expect(retryDelayMs(1000, settings, () => 0)).toBe(30_000);
  });
  it('draws between half the ceiling and the ceiling, so retries spread out but never come at once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, random) => {
        const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** (failures - 1));
        const delay = retryDelayMs(failures, settings, () => random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});
