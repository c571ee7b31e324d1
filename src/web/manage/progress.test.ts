import { describe, expect, it } from 'vitest';
import {
  atRiskUrl,
  bucketLabel,
  chartName,
  chartRows,
  describeAssignment,
  describeChart,
  describeRiskCounts,
  filtersFromParams,
  filtersToParams,
  formatPercent,
  type Progress,
  type ProgressPoint,
  progressUrl,
  todayIn,
  windowOf,
} from './progress.ts';

const point = (firstDay: string, completed: number, assigned: number, active: number): ProgressPoint => ({
  key: firstDay,
  firstDay,
  lastDay: firstDay,
  start: `${firstDay}T00:00:00.000Z`,
  end: `${firstDay}T00:00:00.000Z`,
  assignedLessons: assigned,
  completedLessons: completed,
  completionRate: assigned > 0 ? completed / assigned : null,
  enrolments: assigned / 3,
  completedEnrolments: 0,
  enrolmentCompletionRate: assigned > 0 ? 0 : null,
  activeLearners: active,
  answers: active,
  reviews: 0,
  lessonsCompleted: active,
});

const totals = (active: number) => ({ people: 2, activeLearners: active, answers: 0, reviews: 0, lessonsCompleted: 0, assignedLessons: 6, completedLessons: 3, completionRate: 0.5, enrolments: 2, completedEnrolments: 1, enrolmentCompletionRate: 0.5 });

/** Two days of a campaign: everyone, North (done on day 2) and South (nothing assigned yet). */
function buildProgress(overrides: Partial<Progress> = {}): Progress {
  return {
    from: '2026-03-02',
    to: '2026-03-03',
    bucket: 'day',
    timeZone: 'Europe/London',
    campaign: null,
    team: null,
    overall: { points: [point('2026-03-02', 1, 6, 2), point('2026-03-03', 3, 6, 1)], totals: totals(2) },
    teams: [
      { id: 't1', name: 'North', points: [point('2026-03-02', 1, 3, 1), point('2026-03-03', 3, 3, 1)], totals: totals(1) },
      { id: 't2', name: 'South', points: [point('2026-03-02', 0, 0, 0), point('2026-03-03', 0, 0, 0)], totals: totals(0) },
    ],
    filters: { teams: [], campaigns: [] },
    asOf: '2026-03-03T12:00:00.000Z',
    ...overrides,
  };
}

describe('the progress filters', () => {
  it('reads and writes the address, leaving out defaults and ignoring unknown values', () => {
    expect(filtersFromParams(new URLSearchParams(''))).toEqual({ campaignId: '', teamId: '', range: '30', bucket: 'day' });
    const filters = filtersFromParams(new URLSearchParams('campaignId=c1&range=84&bucket=week'));
    expect(filters).toEqual({ campaignId: 'c1', teamId: '', range: '84', bucket: 'week' });
    expect(filtersToParams(filters)).toEqual({ campaignId: 'c1', range: '84', bucket: 'week' });
    expect(filtersFromParams(new URLSearchParams('range=1000&bucket=month'))).toMatchObject({ range: '30', bucket: 'day' });
  });

  it('ends the window on the organisation’s today, wherever the browser is', () => {
    // 23:30 UTC on 1 March is already 2 March in Auckland.
    expect(todayIn('Pacific/Auckland', new Date('2026-03-01T23:30:00.000Z'))).toBe('2026-03-02');
    expect(todayIn('America/Los_Angeles', new Date('2026-03-01T23:30:00.000Z'))).toBe('2026-03-01');
    expect(windowOf('7', '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(windowOf('365', '2026-03-02')).toEqual({ from: '2025-03-03', to: '2026-03-02' });
  });

  it('builds the API and CSV URLs with only what is set', () => {
    const filters = { campaignId: '', teamId: 't1', range: '7' as const, bucket: 'day' as const };
    expect(progressUrl(filters, '2026-03-02')).toBe('/api/progress?teamId=t1&from=2026-02-24&to=2026-03-02&bucket=day');
    expect(progressUrl(filters, '2026-03-02', 'engagement')).toBe('/api/progress.csv?teamId=t1&from=2026-02-24&to=2026-03-02&bucket=day&chart=engagement');
    expect(atRiskUrl({ campaignId: 'c1', teamId: '' }, true)).toBe('/api/progress/at-risk.csv?campaignId=c1');
  });
});

describe('the progress charts', () => {
  it('draws a line per series in per cent, leaving out buckets with nothing assigned', () => {
    const rows = chartRows(buildProgress(), 'completion');
    expect(rows.map((r) => [r.series, r.label, r.value])).toEqual([
      ['Everyone', '2 Mar', 16.7],
      ['Everyone', '3 Mar', 50],
      ['North', '2 Mar', 33.3],
      ['North', '3 Mar', 100],
    ]);
    expect(chartRows(buildProgress(), 'active').filter((r) => r.series === 'South').map((r) => r.value)).toEqual([0, 0]);
  });

  it('draws a team filtered to once, under its own name', () => {
    const progress = buildProgress({ team: { id: 't1', name: 'North' }, teams: [buildProgress().teams[0]!] });
    expect(new Set(chartRows(progress, 'active').map((r) => r.series))).toEqual(new Set(['North']));
  });

  it('names each chart and describes it in words', () => {
    const progress = buildProgress();
    expect(chartName(progress, 'completion')).toBe('Share of assigned lessons completed, by day');
    expect(chartName({ ...progress, bucket: 'week' }, 'active')).toBe('Active learners per week');
    expect(describeChart(progress, 'completion')).toBe('Share of assigned lessons completed by the end of each day, 2 Mar to 3 Mar. Everyone: 16.7 % on 2 Mar, 50 % on 3 Mar. North: 33.3 % on 2 Mar, 100 % on 3 Mar. South: nothing assigned yet.');
    expect(describeChart(progress, 'active')).toBe('People who started a lesson, answered or reviewed, per day, 2 Mar to 3 Mar. Everyone: 2 people active in all, most on 2 Mar (2). North: 1 person active in all, most on 2 Mar (1). South: nobody active.');
    expect(bucketLabel({ firstDay: '2026-03-09' }, 'week')).toBe('w/c 9 Mar');
    // Assigned only on the last day, or unchanged throughout.
    const late = buildProgress({ team: { id: 't1', name: 'North' }, overall: { points: [point('2026-03-02', 0, 0, 0), point('2026-03-03', 1, 3, 1)], totals: totals(1) } });
    expect(describeChart(late, 'completion')).toMatch(/ North: 33\.3 % on 3 Mar\.$/);
    const flat = buildProgress({ team: { id: 't1', name: 'North' }, overall: { points: [point('2026-03-02', 1, 3, 1), point('2026-03-03', 1, 3, 0)], totals: totals(1) } });
    expect(describeChart(flat, 'completion')).toMatch(/ North: 33\.3 % from 2 Mar to 3 Mar\.$/);
  });
});

describe('the at-risk table’s words', () => {
  it('names the campaign or the course, and counts who needs attention', () => {
    expect(describeAssignment({ campaign: { id: 'c', name: 'Launch week' }, courses: [{ id: 'k', title: 'Phone launch' }] })).toBe('Launch week (Phone launch)');
    expect(describeAssignment({ campaign: null, courses: [{ id: 'k', title: 'Safety' }] })).toBe('Safety');
    expect(describeRiskCounts({ overdue: 1, atRisk: 4 })).toBe('1 overdue, 4 at risk');
    expect(describeRiskCounts({ overdue: 0, atRisk: 0 })).toBe('Nobody is overdue or at risk.');
    expect(formatPercent(0.4167)).toBe('42 %');
    expect(formatPercent(null)).toBe('–');
  });
});
