import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_PARAMETERS } from './memory-model.ts';
import { fsrsPolicy, HORIZON, makePopulation, noReviewPolicy, qstreamPolicy, reviewsPerItem, reviewsPerRetainedItem, simulate, sm2Policy } from './retention-simulation.ts';

// A small population: qualitative claims only, no figures from the benchmark, no timing.
const population = makePopulation(20_260_105, 40, 20, DEFAULT_MEMORY_PARAMETERS);
const fsrs = (desiredRetention: number) => fsrsPolicy({ desiredRetention, maximumIntervalDays: 365 });

describe('retention simulation (the retention benchmark)', () => {
  const none = simulate(population, noReviewPolicy);
  const results = {
    fsrs: simulate(population, fsrs(0.9)),
    qstream: simulate(population, qstreamPolicy),
    sm2: simulate(population, sm2Policy),
  };

  it('any reinforcement beats none at day 90 and on average over the 90 days', () => {
    for (const result of Object.values(results)) {
      expect(result.reviews).toBeGreaterThan(0);
      expect(result.retention90).toBeGreaterThan(none.retention90);
      expect(result.meanRetention1to90).toBeGreaterThan(none.meanRetention1to90);
    }
  });

  it('without reinforcement memory only fades: no reviews, nothing scheduled, less at day 90 than at day 30', () => {
    expect(none.reviews).toBe(0);
    expect(none.retiredShare).toBe(1);
    expect(none.retention90).toBeLessThan(none.retention30);
    expect(reviewsPerRetainedItem(none)).toBe(0);
  });

  it('is deterministic for a seed, and another seed gives another population', () => {
    expect(simulate(makePopulation(20_260_105, 40, 20, DEFAULT_MEMORY_PARAMETERS), fsrs(0.9))).toEqual(results.fsrs);
    expect(simulate(population, qstreamPolicy)).toEqual(results.qstream);
    expect(simulate(makePopulation(7, 40, 20, DEFAULT_MEMORY_PARAMETERS), sm2Policy).retention90).not.toBe(results.sm2.retention90);
  });

  it('uses common random numbers: policies that ask nothing after the lesson give identical results', () => {
    const alsoNothing = { ...noReviewPolicy, label: 'again' };
    expect({ ...simulate(population, alsoNothing), label: noReviewPolicy.label }).toEqual(none);
  });

  it('FSRS: a higher desired retention costs more reviews and retains more', () => {
    const low = simulate(population, fsrs(0.7));
    expect(low.reviews).toBeLessThan(results.fsrs.reviews);
    expect(low.retention90).toBeLessThan(results.fsrs.retention90);
    expect(results.fsrs.meanPredictedRecallAtReview).not.toBeNull();
    expect(results.qstream.meanPredictedRecallAtReview).toBeNull();
  });

  it("Qstream's rule asks each item at most a few times in 90 days and retires some", () => {
    // Reviews come 12 or 24 days apart, so at most ⌊89 / 12⌋ = 7 per item.
    expect(reviewsPerItem(results.qstream)).toBeLessThanOrEqual(Math.floor((HORIZON - 1) / 12));
    expect(results.qstream.retiredShare).toBeGreaterThan(0);
    expect(results.sm2.retiredShare).toBe(0);
  });

  it('logs each learner × item as the optimiser reads it: the lesson answer at delta_t 0, then one entry per review', () => {
    const histories: Array<Array<{ rating: number; deltaT: number }>> = [];
    const result = simulate(population, fsrs(0.9), { histories });
    // Logging changes nothing of the run.
    expect(result).toEqual(results.fsrs);
    // Items reviewed at least once; every review is in exactly one history.
    expect(histories.reduce((sum, h) => sum + h.length - 1, 0)).toBe(result.reviews);
    for (const history of histories) {
      expect(history[0]?.deltaT).toBe(0);
      expect(history.every((r) => r.rating === 1 || r.rating === 3)).toBe(true);
      expect(history.slice(1).every((r) => r.deltaT >= 1)).toBe(true);
      expect(history.reduce((sum, r) => sum + r.deltaT, 0)).toBeLessThan(HORIZON);
    }
  });
});
