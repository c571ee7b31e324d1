import { Link } from 'react-router';
import type { ImportStatus, ImportSummary } from '../../../server/modules/import/import.schemas.ts';
import { useNavigationNotice } from '../../auth/auth.hooks.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { formatDateTime, plural } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { describeProgress, isWorking, KIND_LABELS, STATUS_LABELS } from './import-workflow.ts';
import { useImports } from './imports.hooks.ts';
import './imports.css';

/** An import's status as a coloured chip. */
export function ImportStatusChip({ status }: { status: ImportStatus }) {
  return <span className={`chip import-status import-status-${status}`}>{STATUS_LABELS[status]}</span>;
}

function ProgressCell({ item }: { item: ImportSummary }) {
  if (item.status === 'failed') return <span className="muted">{item.error?.message ?? 'Failed'}</span>;
  if (!isWorking(item.status)) return <span className="muted">—</span>;
  return <span>{describeProgress(item)}</span>;
}

/** `/author/imports`: every import with its source, status, progress and lessons; "New import". */
export function ImportsPage() {
  usePageTitle('Imports');
  const notice = useNavigationNotice();
  const imports = useImports();
  const items = imports.data?.imports ?? [];
  return (
    <>
      <div className="page-header">
        <h1>Import</h1>
        <Link to="/author/imports/new" className="button button-primary">
          New import
        </Link>
      </div>
      <p className="lead">Break a long document, a transcript or a recording into micro-lessons of two minutes or less: Morsel proposes them, you review them beside the source, and accepting creates draft lessons and a draft course.</p>
      <Notice>{notice}</Notice>
      <ErrorAlert error={imports.error} title="The imports could not be loaded" />
      {imports.isPending ? (
        <Loading label="Loading imports…" />
      ) : items.length === 0 ? (
        !imports.isError && (
          <EmptyState title="Nothing imported yet">
            <p>
              <Link to="/author/imports/new">Start an import</Link> with a handbook, a slide transcript or a recorded talk.
            </p>
          </EmptyState>
        )
      ) : (
        <table className="table table-stack">
          <caption className="visually-hidden">Imports</caption>
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Lessons</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row" data-label="Import">
                  <Link to={`/author/imports/${encodeURIComponent(item.id)}`}>{item.title || item.sourceName || 'Untitled import'}</Link>
                </th>
                <td data-label="Source">
                  {KIND_LABELS[item.kind]}
                  {item.sourceName && <span className="muted"> · {item.sourceName}</span>}
                </td>
                <td data-label="Status">
                  <ImportStatusChip status={item.status} />
                </td>
                <td data-label="Progress">
                  <ProgressCell item={item} />
                </td>
                <td data-label="Lessons">{item.status === 'queued' ? <span className="muted">—</span> : plural(item.lessonCount, 'lesson', 'lessons')}</td>
                <td data-label="Updated">{formatDateTime(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
