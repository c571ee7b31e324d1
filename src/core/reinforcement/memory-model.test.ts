import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activation,
  DEFAULT_MEMORY_PARAMETERS as P,
  drawItem,
  drawLearner,
  hashInts,
  type Item,
  type Learner,
  lesson,
  type MemoryTrace,
  type Moment,
  newMemory,
  normal,
  present,
  psychologicalAge,
  recallProbability,
  retrieve,
  seededRandom,
  uniformAt,
} from './memory-model.ts';

const median: Learner & Item = { baseline: 0, decayFactor: 1 };
const startOf = (day: number): Moment => ({ day, second: 0 });
/** A right answer (u = 0 is below any p > 0) and a wrong one (u just below 1). */
const RIGHT = 0;
const WRONG = 1 - 1e-12;
/** Learners and items within about ±1.5 σ of the median: where the model's qualitative claims are meant to hold. */
const typical = fc.record({ baseline: fc.double({ min: -0.35, max: 0.35, noNaN: true }), decayFactor: fc.double({ min: 0.75, max: 1.33, noNaN: true }) });
const taughtOf = (learner: Learner, item: Item) => lesson(newMemory(learner, item, 0), 0, RIGHT).trace;
/** Days from `from` until recall falls below ½ (a half-life), capped. */
function halfLife(trace: MemoryTrace, from: number): number {
  for (let day = from + 1; day <= from + 2000; day++) if (recallProbability(trace, startOf(day)) < 0.5) return day - from;
  return 2000;
}

describe('memory model (ACT-R, Pavlik & Anderson; ground truth of the retention benchmark, not FSRS)', () => {
  it('recall is 0 before any exposure and logistic in activation: 1 / (1 + e^((τ − m)/s))', () => {
    const blank = newMemory(median, median, 0);
    expect(recallProbability(blank, startOf(1))).toBe(0);
    const taught = present(blank, startOf(0));
    const m = activation(taught, startOf(3));
    // One trace of decay α at 3 days (psychological age 3 · 86 400 · h seconds): m = β₀ − α · ln(age).
    expect(m).toBeCloseTo(P.baseline - P.decayIntercept * Math.log(3 * 86_400 * P.betweenSessionScale), 12);
    expect(recallProbability(taught, startOf(3))).toBeCloseTo(1 / (1 + Math.exp((P.threshold - m) / P.noise)), 12);
  });

  it('forgetting is monotone: recall falls day after day, and never reaches 0', () => {
    fc.assert(
      fc.property(typical, typical, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (learner, item, t, dt) => {
        const trace = taughtOf(learner, item);
        const now = recallProbability(trace, startOf(t));
        const later = recallProbability(trace, startOf(t + dt));
        expect(later).toBeLessThan(now);
        expect(later).toBeGreaterThan(0);
      }),
    );
  });

  it('within a session time counts in full; between days it counts h times', () => {
    expect(psychologicalAge({ day: 0, second: 0 }, { day: 0, second: 60 })).toBe(60);
    expect(psychologicalAge({ day: 0, second: 60 }, { day: 2, second: 0 })).toBeCloseTo(2 * 86_400 * P.betweenSessionScale - 60, 9);
    expect(psychologicalAge({ day: 0, second: 0 }, { day: 0, second: 0 })).toBe(1);
  });

  it('a successful retrieval raises recall at every later day, and each spaced success makes memory last longer', () => {
    fc.assert(
      fc.property(typical, typical, fc.integer({ min: 1, max: 30 }), (learner, item, gap) => {
        const taught = taughtOf(learner, item);
        const reviewed = retrieve(taught, startOf(gap), RIGHT);
        expect(reviewed.correct).toBe(true);
        for (const later of [gap + 1, gap + 10, gap + 60, 365]) {
          expect(recallProbability(reviewed.trace, startOf(later))).toBeGreaterThan(recallProbability(taught, startOf(later)));
        }
      }),
    );
    // Half-lives after the lesson, then after right answers on days 3, 10, 24 and 54 (median learner and item).
    let trace = taughtOf(median, median);
    const halfLives = [halfLife(trace, 0)];
    for (const day of [3, 10, 24, 54]) {
      trace = retrieve(trace, startOf(day), RIGHT).trace;
      halfLives.push(halfLife(trace, day));
    }
    for (let k = 1; k < halfLives.length; k++) expect(halfLives[k]!).toBeGreaterThan(halfLives[k - 1]!);
  });

  it('spacing effect: the longer the gap before a right answer, the more durable the trace it lays down', () => {
    fc.assert(
      fc.property(typical, typical, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (learner, item, short, extra) => {
        const taught = taughtOf(learner, item);
        const afterShort = retrieve(taught, startOf(short), RIGHT).trace;
        const afterLong = retrieve(taught, startOf(short + extra), RIGHT).trace;
        // d = c·e^m + α: laid down at a lower activation, the new trace decays more slowly.
        expect(afterLong.presentations.at(-1)!.decay).toBeLessThan(afterShort.presentations.at(-1)!.decay);
      }),
    );
  });

  it('spacing effect: a right answer after 7 days leaves better recall 60 days on than after 3 days, and 3 than 1', () => {
    // The median learner and item, and each factor 1 σ either way. (For the slowest forgetters on the easiest
    // items the gain of spacing and the cost of an older first trace nearly cancel: the model's spacing effect
    // is weak where memory is strong anyway.)
    const cases: [Learner, Item][] = [
      [median, median],
      [{ baseline: 0.25, decayFactor: 1 }, median],
      [{ baseline: -0.25, decayFactor: 1 }, median],
      [median, { baseline: 0.25, decayFactor: 1 }],
      [median, { baseline: -0.25, decayFactor: 1 }],
      [{ baseline: 0, decayFactor: 0.82 }, median],
      [{ baseline: 0, decayFactor: 1.22 }, median],
      [median, { baseline: 0, decayFactor: 0.82 }],
      [median, { baseline: 0, decayFactor: 1.22 }],
    ];
    for (const [learner, item] of cases) {
      const taught = taughtOf(learner, item);
      const recall60DaysOn = [1, 3, 7].map((gap) => recallProbability(retrieve(taught, startOf(gap), RIGHT).trace, startOf(gap + 60)));
      expect(recall60DaysOn[1]!).toBeGreaterThan(recall60DaysOn[0]!);
      expect(recall60DaysOn[2]!).toBeGreaterThan(recall60DaysOn[1]!);
    }
  });

  it('massed practice adds little: a second exposure on the same day lasts less than the same exposure a week later', () => {
    const taught = taughtOf(median, median);
    const massed = present(taught, { day: 0, second: 600 });
    const spaced = present(taught, startOf(7));
    expect(recallProbability(spaced, startOf(60))).toBeGreaterThan(recallProbability(massed, startOf(60)));
  });

  it('a miss with feedback helps less than a right answer at the same moment, but more than nothing', () => {
    fc.assert(
      fc.property(typical, typical, fc.integer({ min: 1, max: 30 }), (learner, item, day) => {
        const taught = taughtOf(learner, item);
        const right = retrieve(taught, startOf(day), RIGHT);
        const wrong = retrieve(taught, startOf(day), WRONG);
        expect(wrong.correct).toBe(false);
        expect(wrong.p).toBe(right.p);
        const later = startOf(day + 14);
        expect(recallProbability(wrong.trace, later)).toBeLessThan(recallProbability(right.trace, later));
        expect(recallProbability(wrong.trace, later)).toBeGreaterThan(recallProbability(taught, later));
      }),
    );
  });

  it('a quiz answer is the Bernoulli draw of the uniform number given: right below p, wrong at or above', () => {
    const trace = taughtOf(median, median);
    const p = recallProbability(trace, startOf(4));
    expect(retrieve(trace, startOf(4), p - 1e-9).correct).toBe(true);
    expect(retrieve(trace, startOf(4), p).correct).toBe(false);
    expect(retrieve(trace, startOf(4), 0.5).p).toBe(p);
  });

  it('varies by learner and by item: a higher baseline remembers better, a higher decay factor forgets faster', () => {
    const at = startOf(30);
    const p = (learner: Learner, item: Item) => recallProbability(taughtOf(learner, item), at);
    expect(p({ baseline: 0.3, decayFactor: 1 }, median)).toBeGreaterThan(p(median, median));
    expect(p(median, { baseline: -0.3, decayFactor: 1 })).toBeLessThan(p(median, median));
    expect(p({ baseline: 0, decayFactor: 1.3 }, median)).toBeLessThan(p(median, median));
    expect(p(median, { baseline: 0, decayFactor: 0.8 })).toBeGreaterThan(p(median, median));
    // The decay factor bends the curve (forgetting speed), not only its level: its effect grows with time.
    const gap = (day: number) => recallProbability(taughtOf(median, median), startOf(day)) - recallProbability(taughtOf({ baseline: 0, decayFactor: 1.2 }, median), startOf(day));
    expect(gap(30)).toBeGreaterThan(gap(1));
    const random = seededRandom(5);
    const learners = Array.from({ length: 50 }, () => drawLearner(random));
    expect(new Set(learners.map((l) => l.baseline)).size).toBe(50);
    expect(new Set(learners.map((l) => l.decayFactor)).size).toBe(50);
  });

  it('is pure: presenting or retrieving never changes the trace passed in', () => {
    const trace = taughtOf(median, median);
    const copy = structuredClone(trace);
    present(trace, startOf(5));
    retrieve(trace, startOf(9), RIGHT);
    expect(trace).toEqual(copy);
  });

  it('is reproducible from its seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = seededRandom(seed);
        const b = seededRandom(seed);
        const xs = Array.from({ length: 20 }, () => a());
        expect(Array.from({ length: 20 }, () => b())).toEqual(xs);
        for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
        expect(uniformAt(seed, 3, 4, 5)).toBe(uniformAt(seed, 3, 4, 5));
        expect(drawLearner(seededRandom(seed))).toEqual(drawLearner(seededRandom(seed)));
        expect(drawItem(seededRandom(seed))).toEqual(drawItem(seededRandom(seed)));
      }),
    );
    expect(hashInts(1, 2, 3)).not.toBe(hashInts(1, 2, 4));
    expect(hashInts(1, 2, 3)).not.toBe(hashInts(3, 2, 1));
  });

  it('draws plausibly: uniforms average ½, normals have mean 0 and σ 1', () => {
    const n = 20_000;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += uniformAt(7, k, 11, 13);
    expect(sum / n).toBeCloseTo(0.5, 1);
    const random = seededRandom(42);
    const zs = Array.from({ length: n }, () => normal(random));
    const mean = zs.reduce((a, z) => a + z, 0) / n;
    const sd = Math.sqrt(zs.reduce((a, z) => a + (z - mean) ** 2, 0) / n);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('without reviews, a population answers the lesson question, keeps most of it for a day, about a third after a month (the calibration)', () => {
    const random = seededRandom(hashInts(99, 1));
    const learners = Array.from({ length: 200 }, () => drawLearner(random));
    const items = Array.from({ length: 50 }, () => drawItem(random));
    const at = { q: 0, 1: 0, 30: 0, 90: 0 };
    learners.forEach((learner, l) =>
      items.forEach((item, i) => {
        const { p, trace } = lesson(newMemory(learner, item, normal(random)), 0, uniformAt(99, l, i, 0));
        at.q += p;
        for (const day of [1, 30, 90] as const) at[day] += recallProbability(trace, startOf(day));
      }),
    );
    const n = learners.length * items.length;
    expect(at.q / n).toBeGreaterThan(0.85);
    expect(at[1] / n).toBeGreaterThan(0.6);
    expect(at[1] / n).toBeLessThan(0.85);
    expect(at[30] / n).toBeGreaterThan(0.25);
    expect(at[30] / n).toBeLessThan(0.45);
    expect(at[90] / n).toBeGreaterThan(0.15);
    expect(at[90] / n).toBeLessThan(at[30] / n);
  });
});
