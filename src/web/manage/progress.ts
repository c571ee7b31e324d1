/**
 * The Progress page without React: the filters (kept in the address, so a view can be bookmarked and shared), the
 * window they mean on the organisation's calendar, the API's URLs, the charts' rows, their text alternatives and the
 * words of the overdue / at-risk table. Types come from the server's schemas; type-only imports, so nothing of the
 * server reaches the bundle.
 */
import type { z } from 'zod';
import type { AtRisk as AtRiskSchema, Progress as ProgressSchema, ProgressPoint as ProgressPointSchema } from '../../server/modules/analytics/progress.schemas.ts';
import { buildUrl } from '../lib/api-client.ts';

export type Progress = z.infer<typeof ProgressSchema>;
export type ProgressPoint = z.infer<typeof ProgressPointSchema>;
export type AtRisk = z.infer<typeof AtRiskSchema>;
export type AtRiskItem = AtRisk['items'][number];
export type Bucket = Progress['bucket'];

/** How far back the page looks, in days ending today. */
export type RangeDays = '7' | '30' | '84' | '365';

export interface ProgressFilters {
  campaignId: string;
  teamId: string;
  range: RangeDays;
  bucket: Bucket;
}

export const RANGE_OPTIONS: ReadonlyArray<{ value: RangeDays; label: string }> = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '84', label: 'Last 12 weeks' },
  { value: '365', label: 'Last year' },
];

export const BUCKET_OPTIONS: ReadonlyArray<{ value: Bucket; label: string }> = [
  { value: 'day', label: 'By day' },
  { value: 'week', label: 'By week' },
];

const DEFAULT_FILTERS: ProgressFilters = { campaignId: '', teamId: '', range: '30', bucket: 'day' };

/** The filters in the page's address (`?campaignId=…&teamId=…&range=84&bucket=week`); unknown values fall back to the defaults. */
export function filtersFromParams(params: URLSearchParams): ProgressFilters {
  const range = RANGE_OPTIONS.find((o) => o.value === params.get('range'))?.value ?? DEFAULT_FILTERS.range;
  const bucket = BUCKET_OPTIONS.find((o) => o.value === params.get('bucket'))?.value ?? DEFAULT_FILTERS.bucket;
  return { campaignId: params.get('campaignId') ?? '', teamId: params.get('teamId') ?? '', range, bucket };
}

/** The address's parameters for some filters, defaults left out. */
export function filtersToParams(filters: ProgressFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.campaignId) params.campaignId = filters.campaignId;
  if (filters.teamId) params.teamId = filters.teamId;
  if (filters.range !== DEFAULT_FILTERS.range) params.range = filters.range;
  if (filters.bucket !== DEFAULT_FILTERS.bucket) params.bucket = filters.bucket;
  return params;
}

/** Today's date in a time zone, `YYYY-MM-DD` (the organisation's "today", wherever the browser is). */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const DAY_MS = 86_400_000;
const dateOf = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** The window of a range ending `today`: the last `range` days, today included. */
export function windowOf(range: RangeDays, today: string): { from: string; to: string } {
  return { from: new Date(dateOf(today).getTime() - (Number(range) - 1) * DAY_MS).toISOString().slice(0, 10), to: today };
}

/** The series' API URL, or its CSV's (the columns of one chart). */
export function progressUrl(filters: ProgressFilters, today: string, csv?: 'completion' | 'engagement'): string {
  const query = { campaignId: filters.campaignId, teamId: filters.teamId, ...windowOf(filters.range, today), bucket: filters.bucket };
  return csv ? buildUrl('/api/progress.csv', { ...query, chart: csv }) : buildUrl('/api/progress', query);
}

/** The overdue / at-risk list's API URL, or its CSV's. */
export function atRiskUrl(filters: Pick<ProgressFilters, 'campaignId' | 'teamId'>, csv = false): string {
  return buildUrl(csv ? '/api/progress/at-risk.csv' : '/api/progress/at-risk', { campaignId: filters.campaignId, teamId: filters.teamId });
}

/** What a chart shows. */
export type ChartMetric = 'completion' | 'active';

/** One point of a chart's line: a series (everyone in view, or a team) on the first day of a bucket. */
export interface ChartRow {
  series: string;
  date: Date;
  label: string;
  value: number;
}

/** "2 Mar", or "w/c 2 Mar" for a week (the week commencing that Monday, or the window's first day). */
export function bucketLabel(point: Pick<ProgressPoint, 'firstDay'>, bucket: Bucket): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(dateOf(point.firstDay));
  return bucket === 'week' ? `w/c ${day}` : day;
}

/** The name of the series of everyone in view. */
export function overallName(progress: Pick<Progress, 'team'>): string {
  return progress.team ? progress.team.name : 'Everyone';
}

/** The series a chart draws: everyone in view and each team (one team when filtered to it: drawn once). */
export function chartSeries(progress: Progress): Array<{ name: string } & Progress['overall']> {
  return [{ name: overallName(progress), ...progress.overall }, ...(progress.team ? [] : progress.teams)];
}

/** The value of a point: the completion rate in per cent (null with nothing assigned), or the active learners. */
export function valueOf(point: ProgressPoint, metric: ChartMetric): number | null {
  if (metric === 'active') return point.activeLearners;
  return point.completionRate === null ? null : Math.round(point.completionRate * 1000) / 10;
}

/** Every drawable point of a chart, series by series (points without a value are left out). */
export function chartRows(progress: Progress, metric: ChartMetric): ChartRow[] {
  return chartSeries(progress).flatMap((series) =>
    series.points.flatMap((point) => {
      const value = valueOf(point, metric);
      return value === null ? [] : [{ series: series.name, date: dateOf(point.firstDay), label: bucketLabel(point, progress.bucket), value }];
    }),
  );
}

/** A share in per cent, "42 %", or "–" without one. */
export function formatPercent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)} %`;
}

const unit = (bucket: Bucket) => (bucket === 'day' ? 'day' : 'week');

/** The chart's accessible name. */
export function chartName(progress: Progress, metric: ChartMetric): string {
  return metric === 'completion' ? `Share of assigned lessons completed, by ${unit(progress.bucket)}` : `Active learners per ${unit(progress.bucket)}`;
}

/** The chart's text alternative: the window, then each series in a sentence (where it started and ended, or its busiest bucket). */
export function describeChart(progress: Progress, metric: ChartMetric): string {
  const sentences = chartSeries(progress).map((series) => {
    const points = series.points.map((point) => ({ point, value: valueOf(point, metric) })).filter((p): p is { point: ProgressPoint; value: number } => p.value !== null);
    if (points.length === 0) return `${series.name}: nothing assigned yet.`;
    const first = points[0]!;
    const last = points.at(-1)!;
    if (metric === 'completion') {
      const [from, to] = [bucketLabel(first.point, progress.bucket), bucketLabel(last.point, progress.bucket)];
      if (points.length === 1) return `${series.name}: ${last.value} % on ${to}.`;
      return first.value === last.value ? `${series.name}: ${last.value} % from ${from} to ${to}.` : `${series.name}: ${first.value} % on ${from}, ${last.value} % on ${to}.`;
    }
    const busiest = points.reduce((best, p) => (p.value > best.value ? p : best), first);
    const total = series.totals.activeLearners;
    return busiest.value === 0 ? `${series.name}: nobody active.` : `${series.name}: ${total} ${total === 1 ? 'person' : 'people'} active in all, most on ${bucketLabel(busiest.point, progress.bucket)} (${busiest.value}).`;
  });
  const window = `${bucketLabel({ firstDay: progress.from }, 'day')} to ${bucketLabel({ firstDay: progress.to }, 'day')}`;
  const what = metric === 'completion' ? `Share of assigned lessons completed by the end of each ${unit(progress.bucket)}` : `People who started a lesson, answered or reviewed, per ${unit(progress.bucket)}`;
  return `${what}, ${window}. ${sentences.join(' ')}`;
}

export const LEVEL_LABELS: Record<AtRiskItem['level'], string> = { overdue: 'Overdue', at_risk: 'At risk' };

/** Where the deadline comes from: the campaign, or the course's own due date. */
export function describeAssignment(item: Pick<AtRiskItem, 'campaign' | 'courses'>): string {
  const courses = item.courses.map((c) => c.title).join(', ');
  return item.campaign ? `${item.campaign.name} (${courses})` : courses;
}

/** "2 of 3". */
export function describeLessonsLeft(item: Pick<AtRiskItem, 'lessonsLeft' | 'lessonsTotal'>): string {
  return `${item.lessonsLeft} of ${item.lessonsTotal}`;
}

/** The headline of the at-risk list: "1 overdue, 4 at risk", or that nobody is. */
export function describeRiskCounts(counts: AtRisk['counts']): string {
  if (counts.overdue === 0 && counts.atRisk === 0) return 'Nobody is overdue or at risk.';
  return `${counts.overdue} overdue, ${counts.atRisk} at risk`;
}
