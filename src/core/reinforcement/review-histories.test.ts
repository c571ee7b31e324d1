import { describe, expect, it } from 'vitest';
import { buildReviewHistories, isUsableWeights } from './review-histories.ts';

const log = (item: string, at: string, rating: number, stateBefore: number, deltaTDays: number | null = null) => ({ reviewItemId: item, reviewedAt: at, rating, stateBefore, deltaTDays });

describe('buildReviewHistories', () => {
  it('orders each item’s reviews and gives delta_t in whole days, 0 for the first', () => {
    const result = buildReviewHistories([
      log('a', '2026-03-05T10:00:00.000Z', 3, 2, null),
      log('a', '2026-03-02T09:00:00.000Z', 1, 0, 0),
      log('a', '2026-03-03T09:30:00.000Z', 3, 3, 1),
      log('b', '2026-03-02T09:00:00.000Z', 3, 0, 0),
    ]);
    expect(result.histories).toEqual([
      [
        { rating: 1, deltaT: 0 },
        { rating: 3, deltaT: 1 },
        { rating: 3, deltaT: 2 },
      ],
    ]);
    expect(result).toMatchObject({ reviewCount: 2, itemCount: 1 });
  });

  it('leaves out histories that lack their first review', () => {
    expect(buildReviewHistories([log('a', '2026-03-03T09:00:00.000Z', 3, 2, 3), log('a', '2026-03-09T09:00:00.000Z', 3, 2, 6)]).histories).toEqual([]);
  });

  it('accepts only 21 finite weights', () => {
    expect(isUsableWeights(new Array(21).fill(0.5))).toBe(true);
    expect(isUsableWeights(new Array(19).fill(0.5))).toBe(false);
    expect(isUsableWeights([...new Array(20).fill(0.5), Number.NaN])).toBe(false);
  });
});
