/**
 * The Outcomes page without React: what the person picked (kept in the address, so a result can be bookmarked and
 * shared), the API's URLs, the pick lists, the problems of a refused metric import, and the result in words with
 * its numbers rounded to what the data support. Types come from the server; type-only imports, so nothing of the
 * server reaches the bundle.
 */
import type { z } from 'zod';
import type { GroupLabel, OutcomeWarning } from '../../core/analytics/outcomes.ts';
import type { MetricImportReport as MetricImportReportSchema, MetricSummary as MetricSummarySchema, TrainingChoices as TrainingChoicesSchema } from '../../server/modules/analytics/analytics.schemas.ts';
import type { Outcome } from '../../server/modules/analytics/analytics.service.ts';
import { ApiError, buildUrl } from '../lib/api-client.ts';

export type { Outcome, OutcomePerson } from '../../server/modules/analytics/analytics.service.ts';
export type { GroupLabel, GroupStatistics, OutcomeWarning } from '../../core/analytics/outcomes.ts';
export type MetricSummary = z.infer<typeof MetricSummarySchema>;
export type MetricImportReport = z.infer<typeof MetricImportReportSchema>;
export type TrainingChoices = z.infer<typeof TrainingChoicesSchema>;

/** What makes someone "trained" in a comparison. */
export type TrainedBy = 'certification' | 'course' | 'campaign';

/** The comparison a person picked; empty strings while not picked yet. */
export interface OutcomeSelection {
  metric: string;
  by: TrainedBy;
  id: string;
}

const ID_PARAM: Record<TrainedBy, string> = { certification: 'certificationId', course: 'courseId', campaign: 'campaignId' };
const TRAINED_BY: readonly TrainedBy[] = ['certification', 'course', 'campaign'];

/** The choices of "trained means", in the order the page offers them. */
export const TRAINED_BY_OPTIONS: ReadonlyArray<{ value: TrainedBy; label: string }> = [
  { value: 'certification', label: 'Earned a certification' },
  { value: 'course', label: 'Completed a course' },
  { value: 'campaign', label: 'Was sent a campaign (against its hold-out)' },
];

/** The selection in the page's address (`?metric=…&courseId=…`); a certification by default. */
export function selectionFromParams(params: URLSearchParams): OutcomeSelection {
  const by = TRAINED_BY.find((kind) => params.get(ID_PARAM[kind])) ?? (TRAINED_BY.find((kind) => kind === params.get('by')) ?? 'certification');
  return { metric: params.get('metric') ?? '', by, id: params.get(ID_PARAM[by]) ?? '' };
}

/** The address's parameters for a selection, empty values left out (`by` kept while no item is picked). */
export function selectionToParams(selection: OutcomeSelection): Record<string, string> {
  const params: Record<string, string> = {};
  if (selection.metric) params.metric = selection.metric;
  if (selection.id) params[ID_PARAM[selection.by]] = selection.id;
  else if (selection.by !== 'certification') params.by = selection.by;
  return params;
}

/** True when a selection names a metric and what trained means, so there is something to compare. */
export function isComplete(selection: OutcomeSelection): boolean {
  return selection.metric !== '' && selection.id !== '';
}

/** The outcome's API URL (or its CSV's), with exactly one of certificationId, courseId or campaignId. */
export function outcomeUrl(selection: OutcomeSelection, csv = false): string {
  return buildUrl(csv ? '/api/outcomes.csv' : '/api/outcomes', { metric: selection.metric, [ID_PARAM[selection.by]]: selection.id });
}

/** "win rate: 60 values of 12 people, 2026-03-01 to 2026-03-20". */
export function describeMetric(metric: MetricSummary): string {
  const people = metric.people === 1 ? '1 person' : `${metric.people} people`;
  const dates = metric.firstDate === metric.lastDate ? metric.firstDate : `${metric.firstDate} to ${metric.lastDate}`;
  return `${metric.metric}: ${metric.values} ${metric.values === 1 ? 'value' : 'values'} of ${people}, ${dates}`;
}

/** Certifications by title, archived ones marked (awards of an archived certification still count). */
export function certificationOptions(certifications: TrainingChoices['certifications']): Array<{ value: string; label: string }> {
  return [...certifications]
    .sort((a, b) => Number(a.status === 'archived') - Number(b.status === 'archived') || a.title.localeCompare(b.title))
    .map((c) => ({ value: c.id, label: c.status === 'archived' ? `${c.title} (archived)` : c.title }));
}

/** Courses that were ever published (only those can have been completed: the API lists no other), by title. */
export function courseOptions(courses: TrainingChoices['courses']): Array<{ value: string; label: string }> {
  return [...courses]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((c) => ({ value: c.id, label: c.title }));
}

/** Launched campaigns with a hold-out (only those have two arms to compare), newest launch first. */
export function campaignOptions(campaigns: TrainingChoices['campaigns']): Array<{ value: string; label: string }> {
  return [...campaigns]
    .sort((a, b) => b.launchedAt.localeCompare(a.launchedAt))
    .map((c) => ({ value: c.id, label: `${c.name} (hold-out ${c.holdoutPercent} %)` }));
}

// ---------------------------------------------------------------------------------------------------------------------
// Importing a metric
// ---------------------------------------------------------------------------------------------------------------------

/** One problem of a refused metrics CSV: its line (null for the whole file), column (null for the whole line), and what is wrong. */
export interface ImportProblem {
  line: number | null;
  column: string | null;
  message: string;
}

/**
 * The lines and columns a refused import names: the API answers 400 with `issues` of `{ field: 'body.<line>.<column>' }`
 * (`body.<line>` for a whole line, line 0 for the whole file). Empty for any other error.
 */
export function importProblemsOf(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.details || typeof error.details !== 'object') return [];
  const issues = (error.details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue): ImportProblem[] => {
    if (!issue || typeof issue !== 'object') return [];
    const { field, message } = issue as { field?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    const match = typeof field === 'string' ? /^body\.(\d+)(?:\.(.+))?$/.exec(field) : null;
    if (!match) return [{ line: null, column: null, message }];
    const line = Number(match[1]);
    return [{ line: line > 0 ? line : null, column: match[2] ?? null, message }];
  });
}

/** "3 lines need fixing; nothing was imported." */
export function describeRefusal(problems: readonly ImportProblem[]): string {
  const lines = new Set(problems.map((p) => p.line ?? 0)).size;
  return `${lines === 1 ? '1 line needs' : `${lines} lines need`} fixing; nothing was imported.`;
}

/** "Imported 60 values of win rate: 48 new, 12 replaced." */
export function describeImport(report: MetricImportReport): string {
  const values = report.rows === 1 ? '1 value' : `${report.rows} values`;
  const metrics = report.metrics.length === 0 ? '' : ` of ${report.metrics.join(', ')}`;
  return `Imported ${values}${metrics}: ${report.created} new, ${report.replaced} replaced.`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------------------

const MAX_DECIMALS = 6;
const clampDecimals = (decimals: number) => Math.min(MAX_DECIMALS, Math.max(0, decimals));

/**
 * Decimals that show an interval `width` wide with two significant digits: 0.054 → 3 (0.086, 0.059 to 0.113),
 * 40 → 0. Numbers shown with more digits than their uncertainty would be false precision.
 */
export function decimalsForWidth(width: number): number {
  if (!Number.isFinite(width) || width <= 0) return 3;
  return clampDecimals(1 - Math.floor(Math.log10(width)));
}

/** Decimals for three significant digits of the largest magnitude (0.28 → 3, 250 → 0), when there is no interval. */
export function decimalsForMagnitude(values: ReadonlyArray<number | null>): number {
  const largest = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)).map(Math.abs));
  if (largest === 0) return 3;
  return clampDecimals(2 - Math.floor(Math.log10(largest)));
}

/** The decimals of every number of an outcome: from its difference in differences' interval, else the after one's, else the means. */
export function decimalsForOutcome(outcome: Outcome): number {
  const interval = outcome.differenceInDifferences.welch?.confidenceInterval ?? outcome.after.welch?.confidenceInterval;
  if (interval) return decimalsForWidth(interval.upper - interval.lower);
  const did = outcome.differenceInDifferences;
  return decimalsForMagnitude([did.treated.before.mean, did.treated.after.mean, did.control.before.mean, did.control.after.mean, outcome.after.treated.mean, outcome.after.control.mean]);
}

/** A number with fixed decimals and a true minus sign ("−0.010"); never "−0.000"; "–" for none. */
export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = Math.abs(value).toFixed(decimals);
  return value < 0 && Number(text) !== 0 ? `−${text}` : text;
}

/** A change with its sign: "+0.090", "−0.010", "0.000". */
export function formatSigned(value: number | null | undefined, decimals: number): string {
  const text = formatNumber(value, decimals);
  return value !== null && value !== undefined && value > 0 && Number(Math.abs(value).toFixed(decimals)) !== 0 ? `+${text}` : text;
}

/** "p < 0.001", "p = 0.032". */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${Number(p.toPrecision(2))}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// The result in words
// ---------------------------------------------------------------------------------------------------------------------

/** What each group is called in a sentence's subject and object. */
const GROUP_WORDS: Record<GroupLabel, { name: string; subject: string; possessive: string }> = {
  trained: { name: 'Trained', subject: 'trained people', possessive: 'trained people’s' },
  untrained: { name: 'Untrained', subject: 'untrained people', possessive: 'untrained people’s' },
  treated: { name: 'Treated', subject: 'treated people', possessive: 'treated people’s' },
  hold_out: { name: 'Hold-out', subject: 'the hold-out', possessive: 'the hold-out’s' },
};

/** "Trained", "Hold-out": a group's name in a table or legend. */
export function groupName(label: GroupLabel): string {
  return GROUP_WORDS[label].name;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The result in plain language: one headline, then sentences with the detail. */
export interface OutcomeWords {
  headline: string;
  details: string[];
}

/**
 * The headline of a difference in differences, e.g. "Trained people’s win rate rose 0.105 more than untrained
 * people’s (95 % interval 0.090 to 0.120); n = 6 and 6." The direction reads from the treated group's own change:
 * if both groups fell, the treated group "fell less" rather than "rose more".
 */
function headlineOf(outcome: Outcome, decimals: number): string {
  const did = outcome.differenceInDifferences;
  const treated = GROUP_WORDS[did.treated.label];
  const control = GROUP_WORDS[did.control.label];
  const sizes = `n = ${did.treated.n} and ${did.control.n}`;
  if (did.estimate === null) {
    const empty = did.treated.n === 0 ? treated.subject : control.subject;
    return `No before-and-after comparison yet: no one among ${empty} has ${outcome.metric} values both before and after their cut-off; ${sizes}.`;
  }
  const amount = formatNumber(Math.abs(did.estimate), decimals);
  const ownChange = did.treated.change.mean ?? 0;
  const direction =
    Number(amount) === 0
      ? `changed about as much as ${control.possessive}`
      : did.estimate > 0
        ? ownChange >= 0
          ? `rose ${amount} more than ${control.possessive}`
          : `fell ${amount} less than ${control.possessive}`
        : ownChange <= 0
          ? `fell ${amount} more than ${control.possessive}`
          : `rose ${amount} less than ${control.possessive}`;
  const interval = did.welch ? ` (95 % interval ${formatNumber(did.welch.confidenceInterval.lower, decimals)} to ${formatNumber(did.welch.confidenceInterval.upper, decimals)})` : '';
  return `${capitalise(treated.possessive)} ${outcome.metric} ${direction}${interval}; ${sizes}.`;
}

/**
 * The outcome in words: the headline (the difference in differences, which allows for where each group started),
 * whether its interval includes zero, the effect size, the comparison after training alone, and what "trained" meant.
 */
export function describeOutcome(outcome: Outcome, trainedByTitle?: string): OutcomeWords {
  const decimals = decimalsForOutcome(outcome);
  const did = outcome.differenceInDifferences;
  const headline = headlineOf(outcome, decimals);
  const details: string[] = [];
  if (did.welch) {
    const { lower, upper } = did.welch.confidenceInterval;
    details.push(
      lower > 0 || upper < 0
        ? `The interval does not include zero: a difference this large would be unlikely by chance alone (${formatPValue(did.welch.pValue)}).`
        : `The interval includes zero, so the data are also consistent with no difference at all (${formatPValue(did.welch.pValue)}).`,
    );
  } else if (did.estimate !== null) {
    details.push('There is no interval: each group needs at least 2 people with values before and after, and some spread in their changes.');
  }
  if (did.hedgesG) details.push(`Effect size (Hedges’ g): ${formatNumber(did.hedgesG.g, 2)} standard deviations of the change.`);
  const after = outcome.after;
  if (after.treated.mean !== null && after.control.mean !== null && after.difference !== null) {
    const interval = after.welch ? ` (95 % interval ${formatNumber(after.welch.confidenceInterval.lower, decimals)} to ${formatNumber(after.welch.confidenceInterval.upper, decimals)})` : '';
    details.push(
      `After the cut-off alone, ${GROUP_WORDS[after.treated.label].subject} averaged ${formatNumber(after.treated.mean, decimals)} and ${GROUP_WORDS[after.control.label].subject} ${formatNumber(after.control.mean, decimals)}: a difference of ${formatSigned(after.difference, decimals)}${interval}.`,
    );
  }
  // A campaign's description already names it.
  const what = trainedByTitle && outcome.design === 'observational' ? `${outcome.trainedBy} “${trainedByTitle}”` : outcome.trainedBy;
  details.push(`Trained here means: ${what}.`);
  return { headline, details };
}

/**
 * The warnings to show: the difference in differences' (the headline's) first, then those of the comparison after
 * the cut-off whose kind the first did not already raise, so one concern is not said twice.
 */
export function outcomeWarnings(outcome: Outcome): OutcomeWarning[] {
  const seen = new Set(outcome.differenceInDifferences.warnings.map((w) => `${w.code}/${w.group ?? ''}`));
  return [...outcome.differenceInDifferences.warnings, ...outcome.after.warnings.filter((w) => !seen.has(`${w.code}/${w.group ?? ''}`))];
}
