import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareGroups,
  compareTrainedWithUntrained,
  compareTreatedWithHoldOut,
  differenceInDifferences,
  hedgesG,
  type MetricObservation,
  type PersonPeriod,
  standardisedMeanDifference,
  summariseValues,
  welchTTest,
} from './outcomes.ts';

/*
 * Reference values. Where a digit string below is long, it was computed independently of stdlib with 40-digit
 * arithmetic in Python's mpmath (its own regularised incomplete beta for the t distribution, findroot for the
 * quantile):
 *
 *   from mpmath import mp, mpf, betainc, sqrt, findroot; mp.dps = 40
 *   p = lambda t, df: betainc(df / 2, mpf(1) / 2, 0, df / (df + t * t), regularized=True)       # two-sided
 *   q = lambda df: findroot(lambda x: 1 - p(x, df) / 2 - mpf('0.975'), mpf(2))                   # t₀.₉₇₅(df)
 *   # means, sample variances, t = (ma − mb)/√(va/na + vb/nb), Welch–Satterthwaite df, CI = diff ± q(df)·SE
 *
 * The published values they agree with are named beside each test. A third check, below, integrates the t density
 * numerically in this file.
 */

/** Rosetta Code, task "Welch's t-test": its data sets and expected two-sided p-values (set 1 is Wikipedia's example 1). */
const ROSETTA = {
  set1: {
    a: [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
    b: [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
    p: 0.021378001462867,
  },
  // Unequal sizes and variances: 10 values with s ≈ 2.8 against 20 with s ≈ 0.9.
  set2: {
    a: [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
    b: [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8],
    p: 0.148841696605327,
  },
  // Wildly unequal variances (s ≈ 1.3 against s ≈ 76) and tiny groups: df falls to about 2.
  set5: { a: [3.0, 4.0, 1.0, 2.1], b: [490.2, 340.0, 433.9], p: 0.0107515611497845 },
};

/**
 * P(|T| > |t|) for T ~ t(df), by Simpson's rule: with x = √df·tan θ the density becomes proportional to cos^(df−1) θ
 * on [0, π/2), so p = ∫_θt^π/2 cos^(df−1) / ∫_0^π/2 cos^(df−1) with θt = atan(|t|/√df). No beta or gamma function:
 * an independent route to the same number. Accurate to about 1e-8 for df ≥ 2.
 */
function twoSidedPByIntegration(t: number, df: number, intervals = 20_000): number {
  const density = (theta: number) => Math.max(0, Math.cos(theta)) ** (df - 1);
  const simpson = (from: number, to: number) => {
    const h = (to - from) / intervals;
    let sum = density(from) + density(to);
    for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * density(from + i * h);
    return (sum * h) / 3;
  };
  return simpson(Math.atan(Math.abs(t) / Math.sqrt(df)), Math.PI / 2) / simpson(0, Math.PI / 2);
}

/** Equal up to the sign: `a === -b` (which, unlike Object.is, takes 0 and −0 as equal). */
function expectNegated(a: number | undefined, b: number | undefined): void {
  expect(a !== undefined && b !== undefined && a === -b, `${a} should be −(${b})`).toBe(true);
}

/** Every number in a result, however deep. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

const codes = (result: { warnings: Array<{ code: string }> }) => result.warnings.map((warning) => warning.code);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('welchTTest', () => {
  it('matches the Rosetta Code / Wikipedia example to twelve digits', () => {
    const result = welchTTest(ROSETTA.set1.a, ROSETTA.set1.b)!;
    expect(result.pValue).toBeCloseTo(ROSETTA.set1.p, 12);
    // Wikipedia gives t = −2.46, ν = 24.9 (rounded); mpmath:
    expect(result.t).toBeCloseTo(-2.4553563982860051, 12);
    expect(result.degreesOfFreedom).toBeCloseTo(24.988529290231414, 10);
    expect(result.difference).toBeCloseTo(-2.1666666666666667, 12);
    expect(result.confidenceInterval.lower).toBeCloseTo(-3.9840962671409281, 10);
    expect(result.confidenceInterval.upper).toBeCloseTo(-0.34923706619240523, 10);
  });

  it('handles unequal variances and sizes as the references do', () => {
    const set2 = welchTTest(ROSETTA.set2.a, ROSETTA.set2.b)!;
    expect(set2.pValue).toBeCloseTo(ROSETTA.set2.p, 12);
    expect(set2.t).toBeCloseTo(-1.5654335235985052, 12);
    expect(set2.degreesOfFreedom).toBeCloseTo(9.9047412486508289, 10);
    expect(set2.confidenceInterval.lower).toBeCloseTo(-3.6984213253751654, 10);
    expect(set2.confidenceInterval.upper).toBeCloseTo(0.64842132537516538, 10);

    const set5 = welchTTest(ROSETTA.set5.a, ROSETTA.set5.b)!;
    expect(set5.pValue).toBeCloseTo(ROSETTA.set5.p, 12);
    expect(set5.t).toBeCloseTo(-9.5594977219326583, 11);
    expect(set5.degreesOfFreedom).toBeCloseTo(2.0008523488562839, 12);
    expect(set5.confidenceInterval.lower).toBeCloseTo(-607.28198198998088, 8);
    expect(set5.confidenceInterval.upper).toBeCloseTo(-230.40135134335245, 8);
  });

  it("matches R's t.test output to the digits it prints", () => {
    // R's `t.test(ts1, ts2)` as quoted in a Cross Validated answer on Welch intervals: t = -1.8325, df = 17.9,
    // p-value = 0.08356, 95 percent confidence interval -2.1469104 0.1469104, means 10.4 and 11.4.
    const ts1 = [11, 9, 10, 11, 10, 12, 9, 11, 12, 9];
    const ts2 = [11, 13, 10, 13, 12, 9, 11, 12, 12, 11];
    const result = welchTTest(ts1, ts2)!;
    expect(result.t).toBeCloseTo(-1.8325, 4);
    expect(result.degreesOfFreedom).toBeCloseTo(17.9, 1);
    expect(result.pValue).toBeCloseTo(0.08356, 5);
    expect(result.confidenceInterval.lower).toBeCloseTo(-2.1469104, 7);
    expect(result.confidenceInterval.upper).toBeCloseTo(0.1469104, 7);
    expect(summariseValues(ts1).mean).toBeCloseTo(10.4, 12);
  });

  it('agrees with numerically integrating the t density, for the p-value and the interval', () => {
    for (const { a, b } of [ROSETTA.set1, ROSETTA.set2, ROSETTA.set5]) {
      const result = welchTTest(a, b)!;
      expect(result.pValue).toBeCloseTo(twoSidedPByIntegration(result.t, result.degreesOfFreedom), 8);
      // The interval's half-width is t₀.₉₇₅·SE: 5 % of the distribution lies beyond t₀.₉₇₅ on both sides together.
      const criticalT = (result.confidenceInterval.upper - result.difference) / result.standardError;
      expect(twoSidedPByIntegration(criticalT, result.degreesOfFreedom)).toBeCloseTo(0.05, 8);
    }
  });

  it('gives a p-value of 1 and an interval around 0 when the means are equal', () => {
    const result = welchTTest([1, 2, 3], [3, 2, 1])!;
    expect(result.t).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.confidenceInterval.lower).toBe(-result.confidenceInterval.upper);
  });

  it('needs two values in each group', () => {
    expect(welchTTest([], [1, 2])).toBeNull();
    expect(welchTTest([1], [1, 2])).toBeNull();
    expect(welchTTest([1, 2], [5])).toBeNull();
  });

  it('has Welch–Satterthwaite degrees of freedom of n − 1 of the other group when one group has no spread', () => {
    const result = welchTTest([4, 4, 4, 4], [1, 2, 3, 4, 5, 6])!;
    expect(result.degreesOfFreedom).toBeCloseTo(5, 12);
    expect(result.t).toBeCloseTo(0.5 / Math.sqrt(3.5 / 6), 12);
  });

  it('gives no test when neither group has any spread', () => {
    expect(welchTTest([2, 2, 2], [2, 2])).toBeNull();
    expect(welchTTest([2, 2, 2], [5, 5])).toBeNull();
  });

  it('refuses NaN and infinite values', () => {
    expect(() => welchTTest([1, Number.NaN], [1, 2])).toThrow(RangeError);
    expect(() => welchTTest([1, 2], [Number.POSITIVE_INFINITY, 2])).toThrow(RangeError);
    expect(() => welchTTest([1, 2], [Number.NEGATIVE_INFINITY, 2])).toThrow(RangeError);
  });
});

describe('hedgesG', () => {
  it('corrects d by J = 1 − 3/(4df − 1), as computed by hand', () => {
    // By hand: means 3 and 5, both variances 2.5, so s_pooled = √2.5 and d = −2/√2.5; df = 8, J = 1 − 3/31 = 28/31;
    // V_d = (5 + 5)/(5·5) + d²/(2·10) = 0.4 + 1.6/20 = 0.48; SE_g = J·√0.48.
    const result = hedgesG([1, 2, 3, 4, 5], [3, 4, 5, 6, 7])!;
    const d = -2 / Math.sqrt(2.5);
    expect(result.cohensD).toBeCloseTo(d, 14);
    expect(result.correction).toBeCloseTo(28 / 31, 14);
    expect(result.g).toBeCloseTo((28 / 31) * d, 14);
    expect(result.g).toBeCloseTo(-1.14250, 5);
    expect(result.standardError).toBeCloseTo((28 / 31) * Math.sqrt(0.48), 14);
    expect(result.confidenceInterval.lower).toBeCloseTo(result.g - 1.959963984540054 * (28 / 31) * Math.sqrt(0.48), 12);
    expect(result.confidenceInterval.upper).toBeCloseTo(result.g + 1.959963984540054 * (28 / 31) * Math.sqrt(0.48), 12);
  });

  it("matches Borenstein et al.'s worked example (Introduction to Meta-Analysis, 2009, chapter 4)", () => {
    // Means 103 and 100, standard deviations 5.5 and 4.5, 50 people each: S_within = 5.0249, d = 0.5970, V_d = 0.0418,
    // J = 0.9923, g = 0.5924, V_g = 0.0411, SE_g = 0.2028. Half of each group at mean − a, half at mean + a has a
    // sample standard deviation of a·√(50/49), so a = s·√(49/50) gives exactly those summaries.
    const groupOf = (mean: number, sd: number) => {
      const a = sd * Math.sqrt(49 / 50);
      return [...Array<number>(25).fill(mean - a), ...Array<number>(25).fill(mean + a)];
    };
    const treated = groupOf(103, 5.5);
    const control = groupOf(100, 4.5);
    expect(summariseValues(treated).standardDeviation).toBeCloseTo(5.5, 12);
    const result = hedgesG(treated, control)!;
    expect(result.cohensD).toBeCloseTo(0.5970, 4);
    expect(result.correction).toBeCloseTo(0.9923, 4);
    expect(result.g).toBeCloseTo(0.5924, 4);
    expect(result.standardError ** 2).toBeCloseTo(0.0411, 4);
    expect(result.standardError).toBeCloseTo(0.2028, 4);
  });

  it('needs two values in each group and some spread', () => {
    expect(hedgesG([1], [1, 2, 3])).toBeNull();
    expect(hedgesG([], [])).toBeNull();
    expect(hedgesG([3, 3], [3, 3, 3])).toBeNull();
  });
});

describe('standardisedMeanDifference', () => {
  it('divides the difference of means by √((s₁² + s₂²)/2)', () => {
    // Variances 2.5 and 10 (the second group is twice as spread): √((2.5 + 10)/2) = 2.5.
    expect(standardisedMeanDifference([1, 2, 3, 4, 5], [0, 2, 4, 6, 8])).toBeCloseTo((3 - 4) / 2.5, 14);
  });
});

describe('summariseValues', () => {
  it('gives n, the mean and the sample standard deviation', () => {
    expect(summariseValues([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, standardDeviation: Math.sqrt(32 / 7) });
  });

  it('gives exactly no spread, and the value itself, for identical values', () => {
    expect(summariseValues([0.1, 0.1, 0.1])).toEqual({ n: 3, mean: 0.1, standardDeviation: 0 });
  });

  it('has no standard deviation for one value and nothing for none', () => {
    expect(summariseValues([7])).toEqual({ n: 1, mean: 7, standardDeviation: null });
    expect(summariseValues([])).toEqual({ n: 0, mean: null, standardDeviation: null });
  });
});

describe('compareTrainedWithUntrained', () => {
  const trained = range(60, 12);
  const untrained = range(55, 12);

  it('reports both groups, the difference, the test and the effect size', () => {
    const result = compareTrainedWithUntrained(trained, untrained);
    expect(result.design).toBe('observational');
    expect(result.treated).toMatchObject({ label: 'trained', n: 12, mean: 65.5 });
    expect(result.control).toMatchObject({ label: 'untrained', n: 12, mean: 60.5 });
    expect(result.difference).toBe(5);
    expect(result.welch!.difference).toBe(5);
    expect(result.welch!.confidenceInterval.lower).toBeLessThan(5);
    expect(result.hedgesG!.g).toBeGreaterThan(0);
    expect(result.baselineStandardisedDifference).toBeNull();
  });

  it('warns that an observational comparison is not a randomised one', () => {
    expect(codes(compareTrainedWithUntrained(trained, untrained))).toEqual(['not_randomised']);
  });

  it('warns when the groups already differed before training by more than 0.25 standard deviations', () => {
    // Variance 2.5 in both baselines: a shift of 0.5 is 0.5/√2.5 ≈ 0.32 standard deviations, one of 0.3 is ≈ 0.19.
    const before = [1, 2, 3, 4, 5];
    const apart = compareTrainedWithUntrained(trained, untrained, { baseline: { treated: before.map((v) => v + 0.5), control: before } });
    expect(apart.baselineStandardisedDifference).toBeCloseTo(0.5 / Math.sqrt(2.5), 12);
    expect(codes(apart)).toContain('baseline_not_comparable');
    expect(apart.warnings.find((w) => w.code === 'baseline_not_comparable')!.message).toMatch(/0\.3162 standard deviations above/);

    const alike = compareTrainedWithUntrained(trained, untrained, { baseline: { treated: before.map((v) => v + 0.3), control: before } });
    expect(codes(alike)).not.toContain('baseline_not_comparable');
  });

  it('warns about a small group, naming it', () => {
    const result = compareTrainedWithUntrained(trained, range(55, 6));
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'small_group', group: 'control' }));
    expect(result.warnings.find((w) => w.code === 'small_group')!.message).toMatch(/untrained group has only 6 people/);
    expect(result.welch).not.toBeNull();
  });

  it('gives no p-value, interval or effect size with one person in a group, and says why', () => {
    const result = compareTrainedWithUntrained(trained, [58]);
    expect(result.difference).toBe(65.5 - 58);
    expect(result.control).toEqual({ label: 'untrained', n: 1, mean: 58, standardDeviation: null });
    expect(result.welch).toBeNull();
    expect(result.hedgesG).toBeNull();
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'too_few_to_test', group: 'control' }));
    expect(codes(result)).not.toContain('small_group');
  });

  it('copes with empty groups', () => {
    const result = compareTrainedWithUntrained([], []);
    expect(result.difference).toBeNull();
    expect(result.treated.mean).toBeNull();
    expect(result.welch).toBeNull();
    expect(result.hedgesG).toBeNull();
    expect(codes(result)).toEqual(['too_few_to_test', 'too_few_to_test', 'not_randomised']);
    expect(result.warnings[0]!.message).toMatch(/trained group has no one in it/);
  });

  it('warns when one group is more than four times the size of the other', () => {
    expect(codes(compareTrainedWithUntrained(range(0, 49), range(0, 12)))).toContain('unequal_group_sizes');
    expect(codes(compareTrainedWithUntrained(range(0, 48), range(0, 12)))).not.toContain('unequal_group_sizes');
    expect(codes(compareTrainedWithUntrained(range(0, 12), range(0, 49)))).toContain('unequal_group_sizes');
  });

  it('warns when everyone in a group has the same value, and computes nothing undefined', () => {
    const one = compareTrainedWithUntrained([0.4, 0.4, 0.4, 0.4], range(1, 12));
    expect(one.warnings).toContainEqual(expect.objectContaining({ code: 'zero_variance', group: 'treated' }));
    expect(one.welch).not.toBeNull();

    const both = compareTrainedWithUntrained([0.4, 0.4, 0.4], [0.5, 0.5]);
    expect(codes(both).filter((code) => code === 'zero_variance')).toHaveLength(2);
    expect(both.welch).toBeNull();
    expect(both.hedgesG).toBeNull();
    expect(both.difference).toBeCloseTo(-0.1, 15);
    expect(numbersIn(both).every(Number.isFinite)).toBe(true);
  });

  it('refuses NaN and infinite values, baseline included, with a RangeError', () => {
    expect(() => compareTrainedWithUntrained([1, Number.NaN], [1, 2])).toThrow(RangeError);
    expect(() => compareTrainedWithUntrained([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => compareTrainedWithUntrained([1, 2], [1, 2], { baseline: { treated: [Number.NaN], control: [] } })).toThrow(RangeError);
  });
});

describe('compareTreatedWithHoldOut', () => {
  it('calls the groups treated and hold-out and does not warn that the comparison is observational', () => {
    const result = compareTreatedWithHoldOut(range(60, 12), range(55, 12));
    expect(result.design).toBe('randomised_hold_out');
    expect(result.treated.label).toBe('treated');
    expect(result.control.label).toBe('hold_out');
    expect(result.warnings).toEqual([]);
  });

  it('names the hold-out in its warnings', () => {
    const result = compareTreatedWithHoldOut(range(60, 12), [1, 2, 3]);
    expect(result.warnings.find((w) => w.code === 'small_group')!.message).toMatch(/hold-out group has only 3 people/);
  });
});

describe('compareGroups', () => {
  const values = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 })), { maxLength: 25 });

  it('negates the difference, t, g and the intervals and keeps p and df when the groups are swapped', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const forward = compareGroups(a, b, { design: 'observational' });
        const backward = compareGroups(b, a, { design: 'observational' });
        expect(forward.difference === null).toBe(backward.difference === null);
        if (forward.difference !== null) expectNegated(forward.difference, backward.difference ?? undefined);
        expect(forward.welch === null).toBe(backward.welch === null);
        if (forward.welch && backward.welch) {
          expectNegated(forward.welch.t, backward.welch.t);
          expect(backward.welch.pValue).toBe(forward.welch.pValue);
          expect(backward.welch.degreesOfFreedom).toBe(forward.welch.degreesOfFreedom);
          expectNegated(forward.welch.confidenceInterval.lower, backward.welch.confidenceInterval.upper);
        }
        expect(forward.hedgesG === null).toBe(backward.hedgesG === null);
        if (forward.hedgesG && backward.hedgesG) {
          expectNegated(forward.hedgesG.g, backward.hedgesG.g);
          expect(backward.hedgesG.standardError).toBe(forward.hedgesG.standardError);
          expectNegated(forward.hedgesG.confidenceInterval.lower, backward.hedgesG.confidenceInterval.upper);
        }
      }),
    );
  });

  it('gives a p-value in [0, 1], an interval around the difference, and only finite numbers', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const result = compareGroups(a, b, { design: 'observational', baseline: { treated: b, control: a } });
        expect(numbersIn(result).every(Number.isFinite)).toBe(true);
        if (result.welch) {
          expect(result.welch.pValue).toBeGreaterThanOrEqual(0);
          expect(result.welch.pValue).toBeLessThanOrEqual(1);
          expect(result.welch.confidenceInterval.lower).toBeLessThanOrEqual(result.welch.difference);
          expect(result.welch.confidenceInterval.upper).toBeGreaterThanOrEqual(result.welch.difference);
        }
      }),
    );
  });

  it('agrees with numerically integrating the t density whenever df ≥ 2', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const welch = compareGroups(a, b, { design: 'observational' }).welch;
        if (!welch || welch.degreesOfFreedom < 2) return;
        expect(Math.abs(welch.pValue - twoSidedPByIntegration(welch.t, welch.degreesOfFreedom, 4_000))).toBeLessThan(1e-6);
      }),
      { numRuns: 60 },
    );
  });
});

describe('differenceInDifferences', () => {
  /*
   * Constructed so the answer is known: ten trained people whose metric rises by 3, 4, 5, 6, 7 (twice over), ten
   * untrained people whose metric rises by 0, 1, 2, 3, 4 (twice over), each from their own level, each with their own
   * cut-off. Each person has two rows before (level ± 1) and three after (level + change − 1, + 0 on the cut-off day
   * itself, + 1), so the means per person are exactly the level and level + change.
   *   Changes: means 5 and 2, variances 20/9 both ⇒ DiD = 3, SE = √(2·(20/9)/10) = 2/3, t = 4.5,
   *   df = (2·(2/9))² / (2·(2/9)²/9) = 18, g = (1 − 3/71)·3/√(20/9).
   *   p and t₀.₉₇₅(18) from mpmath: 0.00027699939350699767 and 2.1009220402410385.
   */
  const trainedChanges = [3, 4, 5, 6, 7, 3, 4, 5, 6, 7];
  const untrainedChanges = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4];
  const levels = [50, 62, 48, 55, 70, 41, 58, 66, 52, 60];

  function buildPerson(id: string, group: 'treated' | 'control', day: number, level: number, change: number) {
    const date = (offset: number) => new Date(Date.UTC(2026, 2, day + offset)).toISOString().slice(0, 10);
    const period: PersonPeriod = { personId: id, group, cutoff: date(0) };
    const rows: MetricObservation[] = [
      { personId: id, date: date(-20), value: level - 1 },
      { personId: id, date: date(-1), value: level + 1 },
      { personId: id, date: date(0), value: level + change },
      { personId: id, date: date(7), value: level + change - 1 },
      { personId: id, date: date(30), value: level + change + 1 },
    ];
    return { period, rows };
  }

  function buildStudy(options: { trainedShift?: number } = {}) {
    const people = [
      ...trainedChanges.map((change, i) => buildPerson(`t${i}`, 'treated', 1 + i, levels[i]! + (options.trainedShift ?? 0), change)),
      ...untrainedChanges.map((change, i) => buildPerson(`u${i}`, 'control', 10 + i, levels[i]!, change)),
    ];
    return { periods: people.map((p) => p.period), observations: people.flatMap((p) => p.rows) };
  }

  it('finds the difference in differences known by construction, with its test, interval and effect size', () => {
    const { periods, observations } = buildStudy();
    const result = differenceInDifferences(observations, periods);
    expect(result.treated).toMatchObject({ label: 'trained', n: 10, leftOut: 0 });
    expect(result.treated.before.mean).toBeCloseTo(56.2, 12);
    expect(result.treated.after.mean).toBeCloseTo(61.2, 12);
    expect(result.treated.change).toEqual({ n: 10, mean: 5, standardDeviation: Math.sqrt(20 / 9) });
    expect(result.control.change.mean).toBe(2);
    expect(result.estimate).toBe(3);
    const welch = result.welch!;
    expect(welch.difference).toBe(3);
    expect(welch.t).toBeCloseTo(4.5, 12);
    expect(welch.degreesOfFreedom).toBeCloseTo(18, 10);
    expect(welch.pValue).toBeCloseTo(0.00027699939350699767, 15);
    expect(welch.confidenceInterval.lower).toBeCloseTo(3 - 2.1009220402410385 * (2 / 3), 10);
    expect(welch.confidenceInterval.upper).toBeCloseTo(3 + 2.1009220402410385 * (2 / 3), 10);
    expect(result.hedgesG!.g).toBeCloseTo((68 / 71) * (3 / Math.sqrt(20 / 9)), 12);
    expect(result.baselineStandardisedDifference).toBe(0);
    expect(codes(result)).toEqual(['not_randomised']);
  });

  it("is unmoved by a steady gap between the groups, but warns when the gap is large", () => {
    const { periods, observations } = buildStudy({ trainedShift: 10 });
    const result = differenceInDifferences(observations, periods);
    expect(result.estimate).toBeCloseTo(3, 12);
    expect(result.welch!.t).toBeCloseTo(4.5, 10);
    expect(result.baselineStandardisedDifference).toBeGreaterThan(0.25);
    expect(codes(result)).toContain('baseline_not_comparable');
  });

  it('leaves out people without values on both sides, counts them, and ignores people not listed', () => {
    const { periods, observations } = buildStudy();
    const onlyBefore: PersonPeriod = { personId: 't-new', group: 'treated', cutoff: '2026-05-01' };
    const nothing: PersonPeriod = { personId: 'u-new', group: 'control', cutoff: '2026-05-01' };
    const extraRows: MetricObservation[] = [
      { personId: 't-new', date: '2026-04-01', value: 1_000 },
      { personId: 'stranger', date: '2026-04-01', value: -1_000 },
      { personId: 'stranger', date: '2026-06-01', value: 1_000 },
    ];
    const result = differenceInDifferences([...observations, ...extraRows], [...periods, onlyBefore, nothing]);
    expect(result.treated).toMatchObject({ n: 10, leftOut: 1 });
    expect(result.control).toMatchObject({ n: 10, leftOut: 1 });
    expect(result.estimate).toBe(3);
    expect(result.warnings.find((w) => w.code === 'people_left_out')!.message).toMatch(/^1 person trained and 1 person untrained left out/);
  });

  it('counts a row dated on the cut-off as after, and one a moment before as before', () => {
    const periods: PersonPeriod[] = [{ personId: 'p', group: 'treated', cutoff: '2026-03-10T09:00:00Z' }];
    const result = differenceInDifferences(
      [
        { personId: 'p', date: '2026-03-10T08:59:59.999Z', value: 1 },
        { personId: 'p', date: '2026-03-10T09:00:00Z', value: 5 },
      ],
      periods,
    );
    expect(result.treated.before.mean).toBe(1);
    expect(result.treated.after.mean).toBe(5);
  });

  it('calls the groups treated and hold-out in a randomised design, without the observational warning', () => {
    const { periods, observations } = buildStudy();
    const result = differenceInDifferences(observations, periods, { design: 'randomised_hold_out' });
    expect(result.treated.label).toBe('treated');
    expect(result.control.label).toBe('hold_out');
    expect(result.warnings).toEqual([]);
  });

  it('gives nothing undefined without data', () => {
    const result = differenceInDifferences([], [{ personId: 'a', group: 'treated', cutoff: '2026-03-01' }]);
    expect(result.estimate).toBeNull();
    expect(result.welch).toBeNull();
    expect(result.hedgesG).toBeNull();
    expect(result.treated).toMatchObject({ n: 0, leftOut: 1 });
    expect(codes(result)).toEqual(['too_few_to_test', 'too_few_to_test', 'people_left_out', 'not_randomised']);
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
  });

  it('warns about a change that is the same for everyone in a group', () => {
    const people = [...range(0, 3).map((i) => buildPerson(`t${i}`, 'treated', 1, levels[i]!, 2)), ...range(0, 3).map((i) => buildPerson(`u${i}`, 'control', 1, levels[i]!, i))];
    const result = differenceInDifferences(people.flatMap((p) => p.rows), people.map((p) => p.period));
    expect(result.warnings.find((w) => w.code === 'zero_variance')!.message).toMatch(/trained group have the same change from before to after \(2\)/);
    expect(result.welch!.degreesOfFreedom).toBeCloseTo(2, 12);
  });

  it('refuses NaN values, dates that are not dates, unknown groups and people listed twice', () => {
    const periods: PersonPeriod[] = [{ personId: 'a', group: 'treated', cutoff: '2026-03-01' }];
    expect(() => differenceInDifferences([{ personId: 'a', date: '2026-02-01', value: Number.NaN }], periods)).toThrow(RangeError);
    expect(() => differenceInDifferences([{ personId: 'a', date: '2026-02-01', value: Number.POSITIVE_INFINITY }], periods)).toThrow(RangeError);
    expect(() => differenceInDifferences([{ personId: 'a', date: 'last Tuesday-ish', value: 1 }], periods)).toThrow(RangeError);
    expect(() => differenceInDifferences([], [{ personId: 'a', group: 'treated', cutoff: 'soon' }])).toThrow(RangeError);
    expect(() => differenceInDifferences([], [{ personId: 'a', group: 'trained' as 'treated', cutoff: '2026-03-01' }])).toThrow(RangeError);
    expect(() => differenceInDifferences([], [...periods, ...periods])).toThrow(RangeError);
  });
});
