/**
 * `/manage/outcomes` (admins and managers): did training move a business metric? Import the metric as CSV (a file or
 * pasted; all or nothing, every bad line named), pick the metric and what "trained" means (a certification, a course,
 * or a campaign against its hold-out), and read the result: in words first, then the warnings, both groups in a
 * table, the charts with their data, and the people as CSV.
 */
import { lazy, Suspense, useEffect, useId } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { SelectField } from '../lib/fields.tsx';
import { RadioGroup } from '../lib/form-controls.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useMetricImport, useMetrics, useOutcome, useOutcomeSelection, useTrainingChoices } from './outcomes.hooks.ts';
import {
  campaignOptions,
  certificationOptions,
  courseOptions,
  decimalsForOutcome,
  describeImport,
  describeMetric,
  describeOutcome,
  describeRefusal,
  formatNumber,
  formatSigned,
  groupName,
  type GroupStatistics,
  type ImportProblem,
  isComplete,
  type Outcome,
  outcomeUrl,
  outcomeWarnings,
  TRAINED_BY_OPTIONS,
  type TrainedBy,
} from './outcomes.ts';
import './outcomes.css';

// The chart library loads with the first result, not with the page.
const OutcomeCharts = lazy(async () => ({ default: (await import('./OutcomeCharts.tsx')).OutcomeCharts }));

const EXAMPLE = `person,date,metric,value
kit@example.com,2026-03-02,win rate,0.31
kit@example.com,2026-03-16,win rate,0.42
sam@example.com,2026-03-02,win rate,0.28`;

export function OutcomesPage() {
  usePageTitle('Outcomes');
  const { selection, change } = useOutcomeSelection();
  const metrics = useMetrics();
  const choices = useTrainingChoices();
  const outcome = useOutcome(selection);
  const importer = useMetricImport((report) => {
    if (!selection.metric && report.metrics.length > 0) change({ metric: report.metrics[0]! });
  });
  // With a single metric there is nothing to choose: it is picked. (`change` is left out of the dependencies: it is
  // made anew on every render, and only these two values decide whether to pick.)
  const onlyMetric = metrics.data?.length === 1 ? metrics.data[0]!.metric : undefined;
  useEffect(() => {
    if (onlyMetric && !selection.metric) change({ metric: onlyMetric });
  }, [onlyMetric, selection.metric]);

  const lists: Record<TrainedBy, { options: Array<{ value: string; label: string }>; label: string; none: string }> = {
    certification: { options: certificationOptions(choices.data?.certifications ?? []), label: 'Certification', none: 'No certification yet: authors create them in the studio.' },
    course: { options: courseOptions(choices.data?.courses ?? []), label: 'Course', none: 'No published course yet.' },
    campaign: { options: campaignOptions(choices.data?.campaigns ?? []), label: 'Campaign', none: 'No launched campaign with a hold-out: give a campaign a hold-out share before launching it to compare its arms.' },
  };
  const list = lists[selection.by];
  const picked = list.options.find((option) => option.value === selection.id);

  return (
    <>
      <p className="eyebrow">
        <Link to="/manage">Manage</Link>
      </p>
      <h1>Outcomes</h1>
      <p className="lead">Did training move a business metric? Compare trained people with untrained ones, before and after. Managers compare the people of the teams they manage; admins, everyone.</p>

      <section className="panel" aria-labelledby="import-heading">
        <h2 id="import-heading">Import a metric</h2>
        <ImportForm importer={importer} />
      </section>

      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading">Compare</h2>
        <ErrorAlert error={metrics.error} />
        {metrics.isPending ? (
          <Loading label="Loading metrics…" />
        ) : metrics.data && metrics.data.length === 0 ? (
          <EmptyState title="No metric yet">
            <p>Import a metric above, e.g. each salesperson’s weekly win rate, to compare it.</p>
          </EmptyState>
        ) : (
          <form className="form form-wide" aria-labelledby="compare-heading" onSubmit={(event) => event.preventDefault()}>
            <SelectField
              label="Metric"
              value={selection.metric}
              onValueChange={(metric) => change({ metric })}
              options={[{ value: '', label: 'Choose a metric' }, ...(metrics.data ?? []).map((m) => ({ value: m.metric, label: describeMetric(m) }))]}
            />
            <RadioGroup legend="Trained means" options={TRAINED_BY_OPTIONS} value={selection.by} onValueChange={(by) => change({ by })} />
            <ErrorAlert error={choices.error} />
            {choices.isPending ? (
              <Loading />
            ) : list.options.length === 0 ? (
              <p className="message message-info">{list.none}</p>
            ) : (
              <SelectField label={list.label} value={selection.id} onValueChange={(id) => change({ id })} options={[{ value: '', label: `Choose a ${list.label.toLowerCase()}` }, ...list.options]} />
            )}
          </form>
        )}
      </section>

      {isComplete(selection) && (
        <section aria-labelledby="result-heading" className="outcome-result">
          <h2 id="result-heading">Result</h2>
          <ErrorAlert error={outcome.error} title="No result" />
          {outcome.isPending && <Loading label="Comparing…" />}
          {outcome.data && <OutcomeResult outcome={outcome.data} trainedByTitle={picked?.label} csvUrl={outcomeUrl(selection, true)} />}
        </section>
      )}
    </>
  );
}

function ImportForm({ importer }: { importer: ReturnType<typeof useMetricImport> }) {
  const ids = { file: useId(), csv: useId(), hint: useId() };
  return (
    <form onSubmit={importer.submit} className="form form-wide" aria-labelledby="import-heading">
      <p>
        A CSV file with the columns <code>person</code> (email or id), <code>date</code> (YYYY-MM-DD), <code>metric</code> and <code>value</code>, one line per person, date and metric. A value imported again for the
        same person, metric and date replaces the one stored.
      </p>
      <details className="example">
        <summary>See an example</summary>
        <pre>{EXAMPLE}</pre>
      </details>
      <div className="field">
        <label htmlFor={ids.file}>CSV file</label>
        <input id={ids.file} type="file" accept=".csv,text/csv,text/plain" onChange={(event) => void importer.chooseFile(event.target.files?.[0])} />
      </div>
      <div className="field">
        <label htmlFor={ids.csv}>Or paste the CSV</label>
        <p className="hint" id={ids.hint}>
          {importer.fileName ? `Contents of ${importer.fileName}. You can edit them before importing.` : 'The first line must name the columns.'}
        </p>
        <textarea id={ids.csv} className="csv-input" rows={8} spellCheck={false} value={importer.csv} onChange={(event) => importer.editCsv(event.target.value)} aria-describedby={ids.hint} />
      </div>
      {importer.problems.length > 0 ? <ImportProblems problems={importer.problems} /> : <ErrorAlert error={importer.error} title="The file could not be imported" />}
      <Notice>{importer.report ? describeImport(importer.report) : undefined}</Notice>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={importer.isImporting}>
          {importer.isImporting ? 'Importing…' : 'Import'}
        </button>
      </div>
      <p className="hint">All or nothing: if any line has a problem, nothing is imported.</p>
    </form>
  );
}

/** A refused import: the summary is announced, and the table names every line and column to fix. */
function ImportProblems({ problems }: { problems: readonly ImportProblem[] }) {
  return (
    <>
      <div role="alert" className="message message-error">
        <p className="message-title">{describeRefusal(problems)}</p>
      </div>
      <table className="table">
        <caption>Lines to fix</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={`${problem.line ?? 0}-${problem.column ?? ''}-${index}`}>
              <td>{problem.line ?? 'Whole file'}</td>
              <td>{problem.column ?? '—'}</td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** "0.280 (sd 0.032)" cells of the groups table. */
function Statistic({ statistics, decimals, signed = false }: { statistics: GroupStatistics; decimals: number; signed?: boolean }) {
  // One element, so a stacked table's cell keeps it beside its label on a phone.
  return (
    <span>
      {signed ? formatSigned(statistics.mean, decimals) : formatNumber(statistics.mean, decimals)}
      <span className="muted"> (sd {formatNumber(statistics.standardDeviation, decimals)})</span>
    </span>
  );
}

function OutcomeResult({ outcome, trainedByTitle, csvUrl }: { outcome: Outcome; trainedByTitle: string | undefined; csvUrl: string }) {
  const words = describeOutcome(outcome, trainedByTitle);
  const warnings = outcomeWarnings(outcome);
  const decimals = decimalsForOutcome(outcome);
  const did = outcome.differenceInDifferences;
  return (
    <>
      <p className="outcome-headline">{words.headline}</p>
      {words.details.map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
      {warnings.length > 0 && (
        <section aria-labelledby="warnings-heading">
          <h3 id="warnings-heading">Bear in mind</h3>
          <ul className="outcome-warnings">
            {warnings.map((warning) => (
              <li key={`${warning.code}-${warning.group ?? ''}`} className="message message-warning">
                {warning.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <table className="table table-stack">
        <caption>Both groups: each person’s mean {outcome.metric} before and after their cut-off</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">People</th>
            <th scope="col">Left out</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {[did.treated, did.control].map((group) => (
            <tr key={group.label}>
              <th scope="row">{groupName(group.label)}</th>
              <td data-label="People">{group.n}</td>
              <td data-label="Left out">{group.leftOut}</td>
              <td data-label="Before">
                <Statistic statistics={group.before} decimals={decimals} />
              </td>
              <td data-label="After">
                <Statistic statistics={group.after} decimals={decimals} />
              </td>
              <td data-label="Change">
                <Statistic statistics={group.change} decimals={decimals} signed />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Left out: people without values both before and after their cut-off. sd: standard deviation between people.</p>
      <h3>Chart</h3>
      <Suspense fallback={<Loading label="Drawing the chart…" />}>
        <OutcomeCharts outcome={outcome} />
      </Suspense>
      <p>
        <a className="button" href={csvUrl} download="outcome.csv">
          Download CSV
        </a>{' '}
        <span className="hint">Each person with their group, cut-off, means before and after, and change.</span>
      </p>
    </>
  );
}
