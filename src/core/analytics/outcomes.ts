/**
 * Organisational outcomes (issue 8): is a business metric (win rate, average handle time, incidents…) different for
 * trained people than for untrained ones, or for a campaign's treated people than for its randomised hold-out, and
 * did it change more after training than it did without (difference in differences)?
 *
 * Pure statistics: numbers go in; means, standard deviations, Welch's t-test, 95 % confidence intervals, Hedges' g and
 * plain-language warnings come out. The unit is the person: each person counts once (their mean over the period), so
 * someone with many rows does not outweigh someone with few. A statistic that cannot be computed is `null`, never NaN
 * or Infinity, so a result serialises to JSON as it is.
 *
 * Differences are always treated − control (trained − untrained, treated − hold-out): whether a positive difference
 * is good depends on the metric (a higher win rate, a lower handle time), which the caller knows and this does not.
 *
 * The t distribution's CDF and quantile come from stdlib (ports of Boost's incomplete beta and its inverse); the
 * formulas around them are written out here with their names.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** The level of every confidence interval here. */
export const CONFIDENCE_LEVEL = 0.95;
/** Below this many people a group is "small" and earns a warning (a test still runs from 2 people up). */
export const SMALL_GROUP_SIZE = 10;
/** Fewer people than this in a group and no test is possible: a sample variance needs two values. */
export const MINIMUM_GROUP_SIZE_TO_TEST = 2;
/**
 * A baseline standardised mean difference above this (in absolute value) means the groups were not comparable
 * before training: the threshold of Rubin (2001) and Stuart (2010), "Matching methods for causal inference".
 */
export const BASELINE_IMBALANCE_LIMIT = 0.25;
/** One group more than this many times the size of the other is "very unequal". */
export const UNEQUAL_GROUP_SIZE_RATIO = 4;

/** z₀.₉₇₅, the standard normal's 97.5th percentile, for the approximate interval of Hedges' g. */
const NORMAL_QUANTILE_975 = 1.959963984540054;

/** How the two groups came about: chosen by circumstance, or by the campaign's random hold-out. */
export type ComparisonDesign = 'observational' | 'randomised_hold_out';
/** The role of a group: treated is trained (or sent the campaign), control is untrained (or held out). */
export type GroupRole = 'treated' | 'control';
/** What a group is called: trained/untrained in an observational comparison, treated/hold-out in a randomised one. */
export type GroupLabel = 'trained' | 'untrained' | 'treated' | 'hold_out';

/** n, mean and sample standard deviation (n − 1) of one group's values. */
export interface GroupStatistics {
  n: number;
  /** null when the group is empty. */
  mean: number | null;
  /** Sample standard deviation (divisor n − 1); null below two values. */
  standardDeviation: number | null;
}

/** A group's statistics with its name. */
export interface GroupSummary extends GroupStatistics {
  label: GroupLabel;
}

/** A two-sided interval at {@link CONFIDENCE_LEVEL}. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
}

/** Welch's unequal-variances t-test of treated − control (Welch 1947; Satterthwaite 1946 for the degrees of freedom). */
export interface WelchTest {
  /** mean(treated) − mean(control). */
  difference: number;
  /** √(s₁²/n₁ + s₂²/n₂). */
  standardError: number;
  /** difference / standardError. */
  t: number;
  /** Welch–Satterthwaite: (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)); not a whole number in general. */
  degreesOfFreedom: number;
  /** Two-sided: 2·F(−|t|; df). */
  pValue: number;
  /** 95 % interval of the difference: difference ± t₀.₉₇₅(df) · standardError. */
  confidenceInterval: ConfidenceInterval;
}

/** Hedges' g of treated − control in pooled standard deviations, with its small-sample correction. */
export interface HedgesG {
  /** J · d. */
  g: number;
  /** Cohen's d: difference / pooled standard deviation, before the correction. */
  cohensD: number;
  /** J = 1 − 3 / (4(n₁ + n₂ − 2) − 1), Hedges' (1981) approximation of his exact correction. */
  correction: number;
  /** J · √V_d with V_d = (n₁ + n₂)/(n₁n₂) + d²/(2(n₁ + n₂)) (Borenstein et al. 2009, eq. 4.20 and 4.24). */
  standardError: number;
  /** Approximate 95 % interval: g ± z₀.₉₇₅ · standardError (normal approximation). */
  confidenceInterval: ConfidenceInterval;
}

/** Stable codes of the warnings a person reads beside a result. */
export type OutcomeWarningCode =
  | 'too_few_to_test'
  | 'small_group'
  | 'unequal_group_sizes'
  | 'zero_variance'
  | 'baseline_not_comparable'
  | 'not_randomised'
  | 'people_left_out';

/** A warning: its stable code, a sentence or two for a manager, and the group it is about when it is about one. */
export interface OutcomeWarning {
  code: OutcomeWarningCode;
  message: string;
  group?: GroupRole;
}

/** One metric compared between two groups of people (one value per person). */
export interface GroupComparison {
  design: ComparisonDesign;
  treated: GroupSummary;
  control: GroupSummary;
  /** mean(treated) − mean(control); null when a group is empty. */
  difference: number | null;
  /** null when a group has fewer than 2 people or neither group has any spread. */
  welch: WelchTest | null;
  /** null when a group has fewer than 2 people or neither group has any spread. */
  hedgesG: HedgesG | null;
  /** The baseline's standardised mean difference, when baseline values were given and it can be computed. */
  baselineStandardisedDifference: number | null;
  warnings: OutcomeWarning[];
}

/** The same people's values before training, to check that the groups were comparable to begin with. */
export interface Baseline {
  treated: readonly number[];
  control: readonly number[];
}

/** Options of {@link compareGroups}. */
export interface CompareGroupsOptions {
  design: ComparisonDesign;
  baseline?: Baseline | undefined;
}

/** One row of an imported metric: a person's value on a date. */
export interface MetricObservation {
  personId: string;
  /** ISO 8601 date or timestamp; a date alone is midnight UTC. */
  date: string;
  value: number;
}

/** A person in a difference in differences: their group, and the instant that splits their rows into before and after. */
export interface PersonPeriod {
  personId: string;
  group: GroupRole;
  /** ISO 8601 date or timestamp. Rows dated before it are "before"; rows at or after it are "after". */
  cutoff: string;
}

/** Options of {@link differenceInDifferences}. */
export interface DifferenceInDifferencesOptions {
  /** Default observational (trained against untrained). */
  design?: ComparisonDesign | undefined;
}

/** One group of a difference in differences: statistics over its people with values on both sides of their cut-off. */
export interface DifferenceInDifferencesGroup {
  label: GroupLabel;
  /** People with values on both sides of their cut-off: the sample size. */
  n: number;
  /** People of the group without values on both sides, who are left out. */
  leftOut: number;
  /** Of each person's mean before their cut-off. */
  before: GroupStatistics;
  /** Of each person's mean after their cut-off. */
  after: GroupStatistics;
  /** Of each person's change: mean after − mean before. */
  change: GroupStatistics;
}

/** Before against after, treated against control. */
export interface DifferenceInDifferences {
  design: ComparisonDesign;
  treated: DifferenceInDifferencesGroup;
  control: DifferenceInDifferencesGroup;
  /** (after − before) of treated − (after − before) of control, as the difference of the mean per-person changes. */
  estimate: number | null;
  /** Welch's t-test of the per-person changes, treated against control; its difference is the estimate. */
  welch: WelchTest | null;
  /** Hedges' g of the per-person changes. */
  hedgesG: HedgesG | null;
  /** Standardised mean difference of the before means, treated against control. */
  baselineStandardisedDifference: number | null;
  warnings: OutcomeWarning[];
}

/** n, mean and variance: everything the tests read from a group. */
interface Moments {
  n: number;
  mean: number | null;
  variance: number | null;
}

const LABELS: Record<ComparisonDesign, Record<GroupRole, GroupLabel>> = {
  observational: { treated: 'trained', control: 'untrained' },
  randomised_hold_out: { treated: 'treated', control: 'hold_out' },
};

const LABEL_TEXT: Record<GroupLabel, string> = { trained: 'trained', untrained: 'untrained', treated: 'treated', hold_out: 'hold-out' };

// ---------------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Refuses anything but finite numbers, so NaN never flows into a result.
 * @throws RangeError naming the first value that is not a finite number.
 */
function assertFiniteValues(values: readonly number[], what: string): void {
  values.forEach((value, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${what}[${index}] must be a finite number, not ${String(value)}.`);
  });
}

/**
 * n, mean and sample variance by two passes (the mean, then the squared deviations from it), which stays accurate
 * when the values are large and close together. Identical values have a variance of exactly 0 (summing 0.1 three
 * times and dividing by 3 does not give 0.1 back, which would leave a spurious tiny spread).
 * @throws RangeError when a value is not finite or the values are too large to square.
 */
function momentsOf(values: readonly number[], what: string): Moments {
  assertFiniteValues(values, what);
  const n = values.length;
  const first = values[0];
  if (first === undefined) return { n, mean: null, variance: null };
  if (values.every((value) => value === first)) return { n, mean: first, variance: n >= 2 ? 0 : null };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const variance = n >= 2 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : null;
  if (!Number.isFinite(mean) || (variance !== null && !Number.isFinite(variance))) {
    throw new RangeError(`The ${what} values are too large to compute with.`);
  }
  return { n, mean, variance };
}

/** A summary of moments, for display: the standard deviation instead of the variance. */
function statisticsOf(moments: Moments): GroupStatistics {
  return { n: moments.n, mean: moments.mean, standardDeviation: moments.variance === null ? null : Math.sqrt(moments.variance) };
}

/**
 * n, mean and sample standard deviation (divisor n − 1) of a group's values.
 * @throws RangeError when a value is NaN or infinite.
 */
export function summariseValues(values: readonly number[]): GroupStatistics {
  return statisticsOf(momentsOf(values, 'values'));
}

/** Both groups' moments when each has at least two values, so that a variance exists. */
function testableMoments(a: Moments, b: Moments) {
  if (a.n < MINIMUM_GROUP_SIZE_TO_TEST || b.n < MINIMUM_GROUP_SIZE_TO_TEST) return null;
  if (a.mean === null || b.mean === null || a.variance === null || b.variance === null) return null;
  return { na: a.n, nb: b.n, ma: a.mean, mb: b.mean, va: a.variance, vb: b.variance };
}

/** Two-sided p-value of a t statistic: 2·F(−|t|; df), F the t distribution's CDF. */
function twoSidedPValue(t: number, degreesOfFreedom: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), degreesOfFreedom));
}

/** t₀.₉₇₅(df): the t distribution's quantile that leaves 2.5 % above it. */
function criticalT(degreesOfFreedom: number): number {
  return tQuantile(1 - (1 - CONFIDENCE_LEVEL) / 2, degreesOfFreedom);
}

function welchFromMoments(a: Moments, b: Moments): WelchTest | null {
  const m = testableMoments(a, b);
  if (!m) return null;
  const squaredErrorA = m.va / m.na;
  const squaredErrorB = m.vb / m.nb;
  const squaredError = squaredErrorA + squaredErrorB;
  // No spread in either group: t would be ±Infinity or 0/0.
  if (squaredError === 0) return null;
  const standardError = Math.sqrt(squaredError);
  const difference = m.ma - m.mb;
  const t = difference / standardError;
  if (!Number.isFinite(t)) return null;
  // Welch–Satterthwaite, written with each group's share of the squared error so tiny variances cannot underflow:
  // df = 1 / (wa²/(na − 1) + wb²/(nb − 1)) with wa = (sa²/na) / (sa²/na + sb²/nb).
  const shareA = squaredErrorA / squaredError;
  const shareB = squaredErrorB / squaredError;
  const degreesOfFreedom = 1 / (shareA ** 2 / (m.na - 1) + shareB ** 2 / (m.nb - 1));
  const margin = criticalT(degreesOfFreedom) * standardError;
  return {
    difference,
    standardError,
    t,
    degreesOfFreedom,
    pValue: twoSidedPValue(t, degreesOfFreedom),
    confidenceInterval: { lower: difference - margin, upper: difference + margin },
  };
}

/**
 * Welch's t-test of mean(treated) − mean(control): t, Welch–Satterthwaite degrees of freedom, two-sided p-value and
 * the 95 % confidence interval of the difference. Null when a group has fewer than 2 values or neither has any spread.
 * @throws RangeError when a value is NaN or infinite.
 */
export function welchTTest(treated: readonly number[], control: readonly number[]): WelchTest | null {
  return welchFromMoments(momentsOf(treated, 'treated'), momentsOf(control, 'control'));
}

/** J = 1 − 3 / (4·df − 1) with df = n₁ + n₂ − 2: Hedges' (1981) small-sample correction of d. */
function hedgesCorrection(degreesOfFreedom: number): number {
  return 1 - 3 / (4 * degreesOfFreedom - 1);
}

function hedgesFromMoments(a: Moments, b: Moments): HedgesG | null {
  const m = testableMoments(a, b);
  if (!m) return null;
  const degreesOfFreedom = m.na + m.nb - 2;
  // Pooled standard deviation: √(((n₁ − 1)s₁² + (n₂ − 1)s₂²) / (n₁ + n₂ − 2)).
  const pooledVariance = ((m.na - 1) * m.va + (m.nb - 1) * m.vb) / degreesOfFreedom;
  if (pooledVariance === 0) return null;
  const cohensD = (m.ma - m.mb) / Math.sqrt(pooledVariance);
  if (!Number.isFinite(cohensD)) return null;
  const correction = hedgesCorrection(degreesOfFreedom);
  const g = correction * cohensD;
  // V_d = (n₁ + n₂)/(n₁n₂) + d²/(2(n₁ + n₂)); V_g = J²·V_d.
  const varianceOfD = (m.na + m.nb) / (m.na * m.nb) + cohensD ** 2 / (2 * (m.na + m.nb));
  const standardError = correction * Math.sqrt(varianceOfD);
  const margin = NORMAL_QUANTILE_975 * standardError;
  return { g, cohensD, correction, standardError, confidenceInterval: { lower: g - margin, upper: g + margin } };
}

/**
 * Hedges' g of treated − control: the difference in pooled standard deviations times the small-sample correction
 * J = 1 − 3/(4(n₁ + n₂) − 9), with its standard error and an approximate 95 % interval. Null when a group has fewer
 * than 2 values or there is no spread at all.
 * @throws RangeError when a value is NaN or infinite.
 */
export function hedgesG(treated: readonly number[], control: readonly number[]): HedgesG | null {
  return hedgesFromMoments(momentsOf(treated, 'treated'), momentsOf(control, 'control'));
}

function standardisedDifferenceFromMoments(a: Moments, b: Moments): number | null {
  const m = testableMoments(a, b);
  if (!m) return null;
  // Austin (2009): (m₁ − m₂) / √((s₁² + s₂²) / 2), the usual balance diagnostic; unlike g it does not weight by n.
  const spread = Math.sqrt((m.va + m.vb) / 2);
  if (spread === 0) return null;
  const difference = (m.ma - m.mb) / spread;
  return Number.isFinite(difference) ? difference : null;
}

/**
 * Standardised mean difference (m₁ − m₂) / √((s₁² + s₂²) / 2), used to judge whether two groups were alike before
 * training. Null when a group has fewer than 2 values or neither has any spread.
 * @throws RangeError when a value is NaN or infinite.
 */
export function standardisedMeanDifference(treated: readonly number[], control: readonly number[]): number | null {
  return standardisedDifferenceFromMoments(momentsOf(treated, 'treated'), momentsOf(control, 'control'));
}

// ---------------------------------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------------------------------

/** What the warnings read: the groups, the design, and what kind of analysis they are about. */
interface WarningFacts {
  design: ComparisonDesign;
  analysis: 'comparison' | 'difference_in_differences';
  groups: Record<GroupRole, Moments>;
  baselineStandardisedDifference: number | null;
  leftOut?: Record<GroupRole, number>;
}

const ROLES: readonly GroupRole[] = ['treated', 'control'];

/** A number as a person reads it: at most four significant digits, no trailing zeros. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** "1 person", "6 people". */
const countOfPeople = (n: number) => (n === 1 ? '1 person' : `${n} people`);

/** too_few_to_test below 2 people, small_group below 10, per group. */
function sizeWarnings(facts: WarningFacts): OutcomeWarning[] {
  return ROLES.flatMap((role): OutcomeWarning[] => {
    const { n } = facts.groups[role];
    const name = LABEL_TEXT[LABELS[facts.design][role]];
    if (n < MINIMUM_GROUP_SIZE_TO_TEST) {
      const who = n === 0 ? 'has no one in it' : 'has only 1 person';
      return [{
        code: 'too_few_to_test',
        group: role,
        message: `The ${name} group ${who}. At least ${MINIMUM_GROUP_SIZE_TO_TEST} people are needed in each group to test a difference, so there is no p-value, confidence interval or effect size.`,
      }];
    }
    if (n < SMALL_GROUP_SIZE) {
      return [{
        code: 'small_group',
        group: role,
        message: `The ${name} group has only ${countOfPeople(n)}. With fewer than ${SMALL_GROUP_SIZE} people in a group, one or two unusual people can swing the result, and the confidence interval is wide.`,
      }];
    }
    return [];
  });
}

/** unequal_group_sizes when one group is more than four times the other (both non-empty). */
function unequalSizeWarning(facts: WarningFacts): OutcomeWarning[] {
  const treated = facts.groups.treated.n;
  const control = facts.groups.control.n;
  const smaller = Math.min(treated, control);
  if (smaller === 0 || Math.max(treated, control) <= UNEQUAL_GROUP_SIZE_RATIO * smaller) return [];
  const labels = LABELS[facts.design];
  return [{
    code: 'unequal_group_sizes',
    message: `The groups are very different in size (${countOfPeople(treated)} ${LABEL_TEXT[labels.treated]}, ${countOfPeople(control)} ${LABEL_TEXT[labels.control]}). The comparison is only as reliable as the smaller group allows.`,
  }];
}

/** zero_variance for each group of 2 or more people who all have the same value. */
function zeroVarianceWarnings(facts: WarningFacts): OutcomeWarning[] {
  const flat = ROLES.filter((role) => facts.groups[role].variance === 0);
  const both = flat.length === 2 ? ' With no spread in either group, no test or effect size can be computed.' : '';
  const measured = facts.analysis === 'difference_in_differences' ? 'the same change from before to after' : 'the same value';
  return flat.map((role) => {
    const { n, mean } = facts.groups[role];
    const name = LABEL_TEXT[LABELS[facts.design][role]];
    return {
      code: 'zero_variance',
      group: role,
      message: `All ${n} people in the ${name} group have ${measured} (${formatNumber(mean ?? 0)}). That is unusual for a business metric: check the imported data.${both}`,
    };
  });
}

/** baseline_not_comparable when the baseline's standardised difference exceeds 0.25 in absolute value. */
function baselineWarning(facts: WarningFacts): OutcomeWarning[] {
  const smd = facts.baselineStandardisedDifference;
  if (smd === null || Math.abs(smd) <= BASELINE_IMBALANCE_LIMIT) return [];
  const labels = LABELS[facts.design];
  const gap = `the ${LABEL_TEXT[labels.treated]} group's average was ${formatNumber(Math.abs(smd))} standard deviations ${smd > 0 ? 'above' : 'below'} the ${LABEL_TEXT[labels.control]} group's (more than ${BASELINE_IMBALANCE_LIMIT})`;
  const consequence = facts.analysis === 'comparison'
    ? 'Some or all of the difference afterwards may have been there before; the before-and-after comparison (difference in differences) allows for that.'
    : 'The difference in differences allows for a steady gap, but groups this far apart may not have changed alike without training (people far from the average tend to drift back towards it).';
  const when = facts.analysis === 'comparison' ? 'Beforehand' : 'Before the cut-off';
  return [{ code: 'baseline_not_comparable', message: `${when}, ${gap}. ${consequence}` }];
}

/** not_randomised for every observational analysis: association, not proof of cause. */
function designWarning(facts: WarningFacts): OutcomeWarning[] {
  if (facts.design !== 'observational') return [];
  const message = facts.analysis === 'comparison'
    ? 'Trained and untrained people were not chosen at random: people who trained may differ in other ways (experience, role, motivation, manager), so this difference shows an association, not that training caused it. A campaign with a randomised hold-out gives a fair comparison.'
    : 'Trained and untrained people were not chosen at random. Comparing each person\'s change allows for steady differences between them, but not for anything else that changed for one group only at the same time. A campaign with a randomised hold-out gives a fair comparison.';
  return [{ code: 'not_randomised', message }];
}

/** people_left_out when people of a difference in differences lack values on one side of their cut-off. */
function leftOutWarning(facts: WarningFacts): OutcomeWarning[] {
  const leftOut = facts.leftOut;
  if (!leftOut || leftOut.treated + leftOut.control === 0) return [];
  const labels = LABELS[facts.design];
  const parts = ROLES.filter((role) => leftOut[role] > 0).map((role) => `${countOfPeople(leftOut[role])} ${LABEL_TEXT[labels[role]]}`);
  return [{
    code: 'people_left_out',
    message: `${parts.join(' and ')} left out: only people with values both before and after their cut-off can show a change.`,
  }];
}

/** Every warning that applies, most fundamental first. */
function collectWarnings(facts: WarningFacts): OutcomeWarning[] {
  return [
    ...sizeWarnings(facts),
    ...zeroVarianceWarnings(facts),
    ...unequalSizeWarning(facts),
    ...baselineWarning(facts),
    ...leftOutWarning(facts),
    ...designWarning(facts),
  ];
}

// ---------------------------------------------------------------------------------------------------------------------
// Trained against untrained, treated against hold-out
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Compares one value per person between two groups: each group's n, mean and standard deviation, the difference of
 * the means (treated − control), Welch's t-test with its 95 % interval, Hedges' g with its approximate 95 % interval,
 * and the warnings that apply. With `baseline`, also whether the groups were alike before training.
 * @throws RangeError when a value is NaN or infinite.
 */
export function compareGroups(treated: readonly number[], control: readonly number[], options: CompareGroupsOptions): GroupComparison {
  const groups = { treated: momentsOf(treated, 'treated'), control: momentsOf(control, 'control') };
  const baselineStandardisedDifference = options.baseline
    ? standardisedDifferenceFromMoments(momentsOf(options.baseline.treated, 'baseline.treated'), momentsOf(options.baseline.control, 'baseline.control'))
    : null;
  const labels = LABELS[options.design];
  return {
    design: options.design,
    treated: { label: labels.treated, ...statisticsOf(groups.treated) },
    control: { label: labels.control, ...statisticsOf(groups.control) },
    difference: groups.treated.mean === null || groups.control.mean === null ? null : groups.treated.mean - groups.control.mean,
    welch: welchFromMoments(groups.treated, groups.control),
    hedgesG: hedgesFromMoments(groups.treated, groups.control),
    baselineStandardisedDifference,
    warnings: collectWarnings({ design: options.design, analysis: 'comparison', groups, baselineStandardisedDifference }),
  };
}

/**
 * Trained against untrained people, one value per person (e.g. each person's win rate after the launch week). An
 * observational comparison: its warnings say so. Give `baseline` (the same people's values before training) to check
 * that the groups were comparable to begin with.
 * @throws RangeError when a value is NaN or infinite.
 */
export function compareTrainedWithUntrained(
  trained: readonly number[],
  untrained: readonly number[],
  options: { baseline?: Baseline | undefined } = {},
): GroupComparison {
  return compareGroups(trained, untrained, { design: 'observational', baseline: options.baseline });
}

/**
 * A campaign's treated people against its randomised hold-out, one value per person: a randomised comparison, so no
 * warning that it is observational.
 * @throws RangeError when a value is NaN or infinite.
 */
export function compareTreatedWithHoldOut(treated: readonly number[], holdOut: readonly number[]): GroupComparison {
  return compareGroups(treated, holdOut, { design: 'randomised_hold_out' });
}

// ---------------------------------------------------------------------------------------------------------------------
// Before against after: difference in differences
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Parses an ISO 8601 date or timestamp to milliseconds.
 * @throws RangeError when it is not a date.
 */
function instantOf(text: string, what: string): number {
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} must be an ISO 8601 date, not ${JSON.stringify(text)}.`);
  return ms;
}

interface PersonTotals {
  group: GroupRole;
  cutoff: number;
  beforeSum: number;
  beforeCount: number;
  afterSum: number;
  afterCount: number;
}

/**
 * Indexes the people by id, with empty totals.
 * @throws RangeError for a person listed twice, an unknown group or a cut-off that is not a date.
 */
function indexPeople(periods: readonly PersonPeriod[]): Map<string, PersonTotals> {
  const index = new Map<string, PersonTotals>();
  for (const period of periods) {
    if (index.has(period.personId)) throw new RangeError(`Person ${period.personId} is listed twice.`);
    if (period.group !== 'treated' && period.group !== 'control') {
      throw new RangeError(`Person ${period.personId}'s group must be treated or control, not ${String(period.group)}.`);
    }
    const cutoff = instantOf(period.cutoff, `Person ${period.personId}'s cut-off`);
    index.set(period.personId, { group: period.group, cutoff, beforeSum: 0, beforeCount: 0, afterSum: 0, afterCount: 0 });
  }
  return index;
}

/**
 * Adds each observation to its person's before or after totals: before when dated before the person's cut-off, after
 * otherwise. Observations of people not listed are ignored: they belong to neither group.
 * @throws RangeError for a value that is not finite or a date that is not a date.
 */
function addObservations(index: Map<string, PersonTotals>, observations: readonly MetricObservation[]): void {
  observations.forEach((observation, row) => {
    const totals = index.get(observation.personId);
    if (!totals) return;
    if (typeof observation.value !== 'number' || !Number.isFinite(observation.value)) {
      throw new RangeError(`observations[${row}] (person ${observation.personId}) must have a finite value, not ${String(observation.value)}.`);
    }
    if (instantOf(observation.date, `observations[${row}].date`) < totals.cutoff) {
      totals.beforeSum += observation.value;
      totals.beforeCount += 1;
    } else {
      totals.afterSum += observation.value;
      totals.afterCount += 1;
    }
  });
}

/** Each group's per-person before means, after means and changes (after − before), and who is left out. */
function personChanges(index: Map<string, PersonTotals>) {
  const empty = () => ({ before: [] as number[], after: [] as number[], change: [] as number[], leftOut: 0 });
  const groups: Record<GroupRole, ReturnType<typeof empty>> = { treated: empty(), control: empty() };
  for (const totals of index.values()) {
    const group = groups[totals.group];
    if (totals.beforeCount === 0 || totals.afterCount === 0) {
      group.leftOut += 1;
      continue;
    }
    const before = totals.beforeSum / totals.beforeCount;
    const after = totals.afterSum / totals.afterCount;
    group.before.push(before);
    group.after.push(after);
    group.change.push(after - before);
  }
  return groups;
}

/**
 * Difference in differences: each person's mean before and after their own cut-off, then
 * DiD = mean(after − before | treated) − mean(after − before | control), tested with Welch's t-test on the per-person
 * changes (a person's change is their own control for steady differences between people), with its 95 % interval,
 * Hedges' g of the changes, the sample sizes (people with values on both sides), the baseline's standardised
 * difference and the warnings that apply. People without values on both sides are left out and counted.
 * @throws RangeError for a value that is not finite, a date or cut-off that is not a date, a person listed twice or
 *   an unknown group.
 */
export function differenceInDifferences(
  observations: readonly MetricObservation[],
  periods: readonly PersonPeriod[],
  options: DifferenceInDifferencesOptions = {},
): DifferenceInDifferences {
  const design = options.design ?? 'observational';
  const index = indexPeople(periods);
  addObservations(index, observations);
  const values = personChanges(index);
  const changes = { treated: momentsOf(values.treated.change, 'treated changes'), control: momentsOf(values.control.change, 'control changes') };
  const baselineStandardisedDifference = standardisedDifferenceFromMoments(
    momentsOf(values.treated.before, 'treated before means'),
    momentsOf(values.control.before, 'control before means'),
  );
  const leftOut = { treated: values.treated.leftOut, control: values.control.leftOut };
  const groupOf = (role: GroupRole): DifferenceInDifferencesGroup => ({
    label: LABELS[design][role],
    n: changes[role].n,
    leftOut: leftOut[role],
    before: summariseValues(values[role].before),
    after: summariseValues(values[role].after),
    change: statisticsOf(changes[role]),
  });
  return {
    design,
    treated: groupOf('treated'),
    control: groupOf('control'),
    estimate: changes.treated.mean === null || changes.control.mean === null ? null : changes.treated.mean - changes.control.mean,
    welch: welchFromMoments(changes.treated, changes.control),
    hedgesG: hedgesFromMoments(changes.treated, changes.control),
    baselineStandardisedDifference,
    warnings: collectWarnings({ design, analysis: 'difference_in_differences', groups: changes, baselineStandardisedDifference, leftOut }),
  };
}
