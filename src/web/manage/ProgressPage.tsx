/**
 * `/manage/progress` (managers: their teams; admins: everyone): completion and engagement over time per team, and
 * who is overdue or at risk of missing a deadline, and why. Filters (campaign, team, range, days or weeks) live in
 * the address; every chart and the table have a CSV of the same data.
 */
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { SelectField } from '../lib/fields.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { useAtRisk, useProgress, useProgressFilters } from './progress.hooks.ts';
import {
  type AtRisk,
  atRiskUrl,
  BUCKET_OPTIONS,
  type Bucket,
  type ChartMetric,
  describeAssignment,
  describeLessonsLeft,
  describeRiskCounts,
  formatPercent,
  LEVEL_LABELS,
  type Progress,
  type ProgressFilters,
  progressUrl,
  RANGE_OPTIONS,
  type RangeDays,
  todayIn,
} from './progress.ts';
import './outcomes.css';
import './progress.css';

// The chart library loads with the first series, not with the page.
const ProgressChart = lazy(async () => ({ default: (await import('./ProgressChart.tsx')).ProgressChart }));

export function ProgressPage() {
  usePageTitle('Progress');
  const { organisation } = useSignedInSession();
  const today = todayIn(organisation.timeZone, new Date());
  const { filters, change } = useProgressFilters();
  const progress = useProgress(filters, today);
  const atRisk = useAtRisk(filters);
  const choices = progress.data?.filters;
  return (
    <>
      <p className="eyebrow">
        <Link to="/manage">Manage</Link>
      </p>
      <h1>Progress</h1>
      <p className="lead">How far people are through what they were assigned, how active they are, and who needs a nudge before a deadline.</p>
      <form className="filters-form" role="search" aria-label="Filter progress" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Campaign"
          value={filters.campaignId}
          onValueChange={(campaignId) => change({ campaignId })}
          options={[{ value: '', label: 'Every course and campaign' }, ...(choices?.campaigns ?? []).map((c) => ({ value: c.id, label: c.name }))]}
        />
        <SelectField label="Team" value={filters.teamId} onValueChange={(teamId) => change({ teamId })} options={[{ value: '', label: 'All your teams' }, ...(choices?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))]} />
        <SelectField label="Period" value={filters.range} onValueChange={(range) => change({ range: range as RangeDays })} options={RANGE_OPTIONS} />
        <SelectField label="Show" value={filters.bucket} onValueChange={(bucket) => change({ bucket: bucket as Bucket })} options={BUCKET_OPTIONS} />
      </form>

      <ErrorAlert error={progress.error} title="The progress could not be loaded" />
      {progress.isPending && <Loading label="Loading progress…" />}
      {progress.data && <Series progress={progress.data} filters={filters} today={today} />}

      <section className="progress-section" aria-labelledby="at-risk-heading">
        <h2 id="at-risk-heading">Overdue and at risk</h2>
        <ErrorAlert error={atRisk.error} title="The list could not be loaded" />
        {atRisk.isPending && <Loading label="Loading who is at risk…" />}
        {atRisk.data && <AtRiskTable atRisk={atRisk.data} csvUrl={atRiskUrl(filters, true)} />}
      </section>
    </>
  );
}

function Series({ progress, filters, today }: { progress: Progress; filters: ProgressFilters; today: string }) {
  const totals = progress.overall.totals;
  const charts: Array<{ metric: ChartMetric; title: string; csv: 'completion' | 'engagement' }> = [
    { metric: 'completion', title: 'Completion over time', csv: 'completion' },
    { metric: 'active', title: 'Active learners over time', csv: 'engagement' },
  ];
  return (
    <>
      <ul className="stat-list" aria-label="Totals">
        <li>
          <strong>{formatPercent(totals.completionRate)}</strong> of assigned lessons completed ({totals.completedLessons} of {totals.assignedLessons})
        </li>
        <li>
          <strong>{totals.completedEnrolments}</strong> of {totals.enrolments} {totals.enrolments === 1 ? 'assignment' : 'assignments'} complete
        </li>
        <li>
          <strong>{totals.activeLearners}</strong> of {totals.people} {totals.people === 1 ? 'person' : 'people'} active
        </li>
        <li>
          <strong>{totals.answers}</strong> answers, <strong>{totals.reviews}</strong> reviews
        </li>
      </ul>
      {totals.enrolments === 0 && totals.activeLearners === 0 ? (
        <EmptyState title="Nothing to show for this period">
          <p>Once people in view are assigned courses or take part in a campaign, their completion and activity appear here.</p>
        </EmptyState>
      ) : (
        charts.map((chart) => (
          <section key={chart.metric} className="progress-section" aria-labelledby={`${chart.metric}-heading`}>
            <h2 id={`${chart.metric}-heading`}>{chart.title}</h2>
            <Suspense fallback={<Loading label="Drawing the chart…" />}>
              <ProgressChart progress={progress} metric={chart.metric} />
            </Suspense>
            <p>
              <a className="button" href={progressUrl(filters, today, chart.csv)} download={`progress-${chart.csv}.csv`} aria-label={`Download CSV: ${chart.title.toLowerCase()}`}>
                Download CSV
              </a>
            </p>
          </section>
        ))
      )}
    </>
  );
}

function AtRiskTable({ atRisk, csvUrl }: { atRisk: AtRisk; csvUrl: string }) {
  return (
    <>
      <p>{describeRiskCounts(atRisk.counts)}</p>
      {atRisk.items.length === 0 ? (
        <EmptyState title="Everyone is on track">
          <p>People with a deadline appear here when it has passed with lessons left, or when their pace will not make it.</p>
        </EmptyState>
      ) : (
        <>
          <p>
            <a className="button" href={csvUrl} download="at-risk.csv" aria-label="Download CSV: overdue and at risk">
              Download CSV
            </a>
          </p>
          <table className="table table-stack">
            <caption className="visually-hidden">Overdue and at risk</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Team</th>
                <th scope="col">Course</th>
                <th scope="col">Due</th>
                <th scope="col">Lessons left</th>
                <th scope="col">Last activity</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {atRisk.items.map((item) => (
                <tr key={`${item.personId}/${item.campaign?.id ?? item.courses[0]?.id}`}>
                  <th scope="row">
                    {item.displayName}
                    <span className={`badge risk-${item.level}`}>{LEVEL_LABELS[item.level]}</span>
                    <br />
                    <span className="muted cell-email">{item.email}</span>
                  </th>
                  <td data-label="Team">{item.teams.map((t) => t.name).join(', ') || '–'}</td>
                  <td data-label="Course">{describeAssignment(item)}</td>
                  <td data-label="Due">{formatDateTime(item.dueAt)}</td>
                  <td data-label="Lessons left">{describeLessonsLeft(item)}</td>
                  <td data-label="Last activity">{item.lastActivityAt ? formatDateTime(item.lastActivityAt) : 'None yet'}</td>
                  <td data-label="Why" className="progress-why">
                    {item.why}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
