import { useEffect, useId, useRef } from 'react';
import { Link } from 'react-router';
import type { ImportReport } from '../lib/api-types.ts';
import { ErrorAlert } from '../lib/feedback.tsx';
import { formatList, plural } from '../lib/format.ts';
import { summariseImport } from './import-report.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { usePeopleImport } from './people.hooks.ts';

const EXAMPLE = `name,email,team,manager email,time zone,role,location,job title
Amara Okafor,amara@example.com,Field Sales,,Africa/Lagos,manager,Lagos,Sales manager
Ben Carter,ben@example.com,Field Sales,amara@example.com,Europe/London,learner,Leeds,Sales rep`;

/** `/admin/people/import`: add or update many people at once from an HR export. */
export function ImportPeoplePage() {
  usePageTitle('Import people');
  const ids = { file: useId(), csv: useId(), csvHint: useId() };
  const form = usePeopleImport();
  return (
    <>
      <h1>Import people</h1>
      <p className="lead">
        Upload or paste a CSV file with the columns <code>name</code>, <code>email</code>, <code>team</code>, <code>manager email</code>, <code>time zone</code> and <code>role</code>. Separate several roles
        with <code>;</code> (e.g. <code>learner;author</code>). People already here are matched by email and updated; missing teams are created.
      </p>
      <p>
        Attributes that campaigns can match on come from the columns <code>location</code>, <code>site</code>, <code>store</code>, <code>region</code>, <code>shift</code> and <code>job title</code>, and from any
        column named <code>attr:</code> followed by a name (e.g. <code>attr:cost centre</code> becomes <code>cost_centre</code>). An empty cell keeps the person’s current value. Other columns are ignored.
      </p>
      <details className="example">
        <summary>See an example</summary>
        <pre>{EXAMPLE}</pre>
      </details>
      <form onSubmit={form.submit} className="form form-wide">
        <div className="field">
          <label htmlFor={ids.file}>CSV file</label>
          <input id={ids.file} type="file" accept=".csv,text/csv,text/plain" onChange={(event) => void form.chooseFile(event.target.files?.[0])} />
        </div>
        <div className="field">
          <label htmlFor={ids.csv}>Or paste the CSV</label>
          <p className="hint" id={ids.csvHint}>
            {form.fileName ? `Contents of ${form.fileName}. You can edit them before importing.` : 'The first line must name the columns.'}
          </p>
          <textarea id={ids.csv} className="csv-input" rows={10} spellCheck={false} value={form.csv} onChange={(event) => form.editCsv(event.target.value)} aria-describedby={ids.csvHint} />
        </div>
        <ErrorAlert error={form.error} title="The file could not be imported" />
        <div className="form-actions">
          <button type="submit" name="mode" value="check" className="button" disabled={form.isRunning}>
            {form.runningDryRun === true ? 'Checking…' : 'Check only'}
          </button>
          <button type="submit" name="mode" value="import" className="button button-primary" disabled={form.isRunning}>
            {form.runningDryRun === false ? 'Importing…' : 'Import'}
          </button>
        </div>
        <p className="hint">All or nothing: if any row has an error, nothing is imported.</p>
      </form>
      {form.report && <ImportReportView report={form.report} />}
    </>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [report]);
  const hasErrors = report.errors.length > 0;
  return (
    <section className="report" aria-labelledby="import-report-heading">
      <h2 id="import-report-heading" tabIndex={-1} ref={headingRef}>
        {report.dryRun ? 'Check report' : 'Import report'}
      </h2>
      <div role={hasErrors ? 'alert' : 'status'} className={hasErrors ? 'message message-error' : 'message message-success'}>
        <p className="message-title">{summariseImport(report)}</p>
      </div>
      <dl className="stats">
        <div>
          <dt>Rows</dt>
          <dd>{report.rows}</dd>
        </div>
        <div>
          <dt>{report.applied ? 'Created' : 'To create'}</dt>
          <dd>{report.created}</dd>
        </div>
        <div>
          <dt>{report.applied ? 'Updated' : 'To update'}</dt>
          <dd>{report.updated}</dd>
        </div>
        <div>
          <dt>{report.applied ? 'Teams created' : 'Teams to create'}</dt>
          <dd>{report.teamsCreated.length}</dd>
        </div>
      </dl>
      {report.teamsCreated.length > 0 && (
        <p>
          {report.applied ? 'New teams: ' : 'New teams it would create: '}
          {formatList(report.teamsCreated)}.
        </p>
      )}
      {hasErrors && (
        <table className="table">
          <caption>{plural(report.errors.length, 'error', 'errors')} to fix</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((error, index) => (
              <tr key={`${error.row}-${error.column ?? ''}-${index}`}>
                <td>{error.row}</td>
                <td>{error.column ?? '—'}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.applied && (
        <p>
          <Link to="/admin/people">See everyone in People</Link>
        </p>
      )}
    </section>
  );
}
