/**
 * What the outcome's charts draw, without React or the chart library: each group's mean before and after the
 * cut-off with its 95 % interval, and the differences (after the cut-off, and the difference in differences) with
 * theirs, against zero. The same rows make the chart's data table, and a sentence makes its text alternative.
 *
 * The interval of a group's mean is the t interval mean ± t₀.₉₇₅(n − 1) · sd / √n, the t quantile from stdlib (the
 * library the server's statistics use). It loads with the chart, not with the page.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { ConfidenceInterval, GroupRole, GroupStatistics } from '../../core/analytics/outcomes.ts';
import { decimalsForOutcome, formatNumber, groupName, type GroupLabel, type Outcome } from './outcomes.ts';

/** Before or after a person's cut-off. */
export type Period = 'Before' | 'After';

/** One point of the means chart: a group's mean in a period, with its interval (null below 2 people). */
export interface MeanPoint {
  role: GroupRole;
  group: string;
  period: Period;
  n: number;
  mean: number;
  interval: ConfidenceInterval | null;
}

/** One row of the differences chart: treated − control, with its interval (null when it cannot be tested). */
export interface DifferenceRow {
  label: string;
  estimate: number;
  interval: ConfidenceInterval | null;
}

/**
 * The 95 % t interval of a group's mean: mean ± t₀.₉₇₅(n − 1) · sd / √n. Null without a mean, with fewer than 2
 * values, or without a standard deviation.
 */
export function meanInterval(statistics: GroupStatistics): ConfidenceInterval | null {
  const { n, mean, standardDeviation } = statistics;
  if (mean === null || standardDeviation === null || n < 2) return null;
  const margin = tQuantile(0.975, n - 1) * (standardDeviation / Math.sqrt(n));
  return { lower: mean - margin, upper: mean + margin };
}

/**
 * Each group's mean before and after its cut-off (the people of the difference in differences: those with values on
 * both sides), treated first. Groups without anyone are left out.
 */
export function meanPoints(outcome: Outcome): MeanPoint[] {
  const did = outcome.differenceInDifferences;
  return (['treated', 'control'] as const).flatMap((role) => {
    const group = did[role];
    return (['Before', 'After'] as const).flatMap((period): MeanPoint[] => {
      const statistics = period === 'Before' ? group.before : group.after;
      if (statistics.mean === null) return [];
      return [{ role, group: groupName(group.label), period, n: statistics.n, mean: statistics.mean, interval: meanInterval(statistics) }];
    });
  });
}

/** "Trained − untrained" (or "Treated − hold-out"). */
export function differenceName(treated: GroupLabel, control: GroupLabel): string {
  return `${groupName(treated)} − ${groupName(control).toLowerCase()}`;
}

/** The differences treated − control: after the cut-off, and the difference in differences (the change's difference). */
export function differenceRows(outcome: Outcome): DifferenceRow[] {
  const rows: DifferenceRow[] = [];
  if (outcome.after.difference !== null) rows.push({ label: 'After the cut-off', estimate: outcome.after.difference, interval: outcome.after.welch?.confidenceInterval ?? null });
  const did = outcome.differenceInDifferences;
  if (did.estimate !== null) rows.push({ label: 'Change (difference in differences)', estimate: did.estimate, interval: did.welch?.confidenceInterval ?? null });
  return rows;
}

/** The means chart's accessible name. */
export function meansChartName(outcome: Outcome): string {
  return `${capitalise(outcome.metric)} before and after, mean of each group with 95 % intervals`;
}

/** The differences chart's accessible name. */
export function differencesChartName(outcome: Outcome): string {
  const did = outcome.differenceInDifferences;
  return `${capitalise(outcome.metric)}: ${differenceName(did.treated.label, did.control.label).toLowerCase()}, with 95 % intervals, against zero`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An interval in words: "0.059 to 0.113", or "no interval". */
export function formatInterval(interval: ConfidenceInterval | null, decimals: number): string {
  return interval ? `${formatNumber(interval.lower, decimals)} to ${formatNumber(interval.upper, decimals)}` : 'no interval';
}

/** The means chart's text alternative: every point in one or two sentences. */
export function describeMeans(outcome: Outcome): string {
  const decimals = decimalsForOutcome(outcome);
  const points = meanPoints(outcome);
  if (points.length === 0) return `No group has ${outcome.metric} values both before and after its cut-off.`;
  const sentences = (['treated', 'control'] as const).flatMap((role) => {
    const mine = points.filter((p) => p.role === role);
    if (mine.length === 0) return [];
    const parts = mine.map((p) => `${p.period.toLowerCase()} ${formatNumber(p.mean, decimals)} (${formatInterval(p.interval, decimals)})`);
    return [`${mine[0]!.group} (n = ${mine[0]!.n}): ${parts.join(', ')}.`];
  });
  return `Mean ${outcome.metric}. ${sentences.join(' ')}`;
}

/** The differences chart's text alternative. */
export function describeDifferences(outcome: Outcome): string {
  const decimals = decimalsForOutcome(outcome);
  const rows = differenceRows(outcome);
  if (rows.length === 0) return 'There is no difference to show yet.';
  const did = outcome.differenceInDifferences;
  const parts = rows.map((row) => {
    const side = row.interval === null ? '' : row.interval.lower > 0 ? ', above zero' : row.interval.upper < 0 ? ', below zero' : ', including zero';
    return `${row.label}: ${formatNumber(row.estimate, decimals)} (${formatInterval(row.interval, decimals)}${side}).`;
  });
  return `${differenceName(did.treated.label, did.control.label)} in ${outcome.metric}. ${parts.join(' ')}`;
}
