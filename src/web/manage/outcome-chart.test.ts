import { describe, expect, it } from 'vitest';
import { describeDifferences, describeMeans, differenceRows, differencesChartName, formatInterval, meanInterval, meanPoints, meansChartName } from './outcome-chart.ts';
import { buildOutcome, closingWeekOutcome } from './outcome-fixtures.ts';

/*
 * Reference values computed independently with SciPy 1.17 (stats.t.ppf):
 *   t₀.₉₇₅(5) = 2.5705818356, so the interval of a mean of 6 values with sd 0.02 is ± 0.0209887128;
 *   the closing-week fixture's people before (either group): mean 0.303333, sd 0.0374166, interval 0.264067 to 0.342600;
 *   after: trained mean 0.43, interval 0.385476 to 0.474524; untrained mean 0.325, interval 0.283684 to 0.366316.
 */

describe('the outcome’s charts', () => {
  it('gives each group’s mean a t interval, and none below two people', () => {
    const interval = meanInterval({ n: 6, mean: 0.3, standardDeviation: 0.02 });
    expect(interval!.lower).toBeCloseTo(0.3 - 0.0209887128, 9);
    expect(interval!.upper).toBeCloseTo(0.3 + 0.0209887128, 9);
    expect(meanInterval({ n: 1, mean: 0.3, standardDeviation: null })).toBeNull();
    expect(meanInterval({ n: 0, mean: null, standardDeviation: null })).toBeNull();
    expect(meanInterval({ n: 3, mean: 0.3, standardDeviation: 0 })).toEqual({ lower: 0.3, upper: 0.3 });
  });

  it('plots both groups before and after, trained first, with their intervals', () => {
    const points = meanPoints(closingWeekOutcome());
    expect(points.map((p) => `${p.group} ${p.period} n=${p.n}`)).toEqual(['Trained Before n=6', 'Trained After n=6', 'Untrained Before n=6', 'Untrained After n=6']);
    expect(points[0]!.mean).toBeCloseTo(0.303333, 6);
    expect(points[0]!.interval!.lower).toBeCloseTo(0.264067, 6);
    expect(points[0]!.interval!.upper).toBeCloseTo(0.3426, 6);
  });

  it('plots the difference after the cut-off and the difference in differences, leaving out what cannot be computed', () => {
    const rows = differenceRows(closingWeekOutcome());
    expect(rows.map((r) => r.label)).toEqual(['After the cut-off', 'Change (difference in differences)']);
    expect(rows[1]!.estimate).toBeCloseTo(0.105, 12);
    expect(rows[1]!.interval!.lower).toBeCloseTo(0.0951856190263427, 9);
    const onlyTrained = buildOutcome([{ group: 'treated', before: [0.3], after: [0.4] }]);
    expect(differenceRows(onlyTrained)).toEqual([]);
    expect(meanPoints(onlyTrained).map((p) => [p.period, p.interval])).toEqual([
      ['Before', null],
      ['After', null],
    ]);
  });

  it('names each chart and describes it in words, every point with its interval', () => {
    const outcome = closingWeekOutcome();
    expect(meansChartName(outcome)).toBe('Win rate before and after, mean of each group with 95 % intervals');
    expect(differencesChartName(outcome)).toBe('Win rate: trained − untrained, with 95 % intervals, against zero');
    expect(describeMeans(outcome)).toBe('Mean win rate. Trained (n = 6): before 0.303 (0.264 to 0.343), after 0.430 (0.385 to 0.475). Untrained (n = 6): before 0.303 (0.264 to 0.343), after 0.325 (0.284 to 0.366).');
    expect(describeDifferences(outcome)).toBe('Trained − untrained in win rate. After the cut-off: 0.105 (0.052 to 0.158, above zero). Change (difference in differences): 0.105 (0.095 to 0.115, above zero).');
    expect(formatInterval(null, 3)).toBe('no interval');
  });
});
