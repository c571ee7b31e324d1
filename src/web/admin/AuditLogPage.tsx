import { useState } from 'react';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { type AuditFilters, auditUrl, describeAction, describeResult } from './audit.ts';
import { useAuditLog } from './audit.hooks.ts';

const NO_FILTERS: AuditFilters = { actor: '', route: '', from: '', to: '' };

/** `/admin/audit`: who changed what through the API (and who was refused), newest first, with filters and a CSV. */
export function AuditLogPage() {
  usePageTitle('Audit log');
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const { query, events } = useAuditLog(filters);
  const set = (key: keyof AuditFilters) => (value: string) => setFilters((before) => ({ ...before, [key]: value }));
  const isFiltered = Object.values(filters).some((value) => value.trim() !== '');
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">
        Every change made by admins, authors, managers and API tokens, and every change they tried and were refused. Learners’ own learning is not recorded, and
        neither is what was typed: only the names of the fields sent.
      </p>
      <form className="filters-form" role="search" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <TextField label="Route starts with" hint="For example people, or /api/people/:id" value={filters.route} onValueChange={set('route')} type="search" />
        <TextField label="From" type="date" value={filters.from} onValueChange={set('from')} />
        <TextField label="To (inclusive)" type="date" value={filters.to} onValueChange={set('to')} />
        {filters.actor && (
          <p>
            Only one actor’s changes.{' '}
            <button type="button" className="button button-small" onClick={() => set('actor')('')}>
              Show everyone’s
            </button>
          </p>
        )}
      </form>
      <p>
        <a className="button" href={auditUrl(filters, { csv: true })} download="audit-log.csv">
          Export CSV
        </a>
      </p>
      <ErrorAlert error={query.error} />
      {query.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : events.length === 0 ? (
        <EmptyState title={isFiltered ? 'Nothing matches these filters' : 'Nothing recorded yet'}>
          <p>{isFiltered ? 'Try a wider date range or another route.' : 'Changes appear here as admins, authors, managers and API tokens make them.'}</p>
        </EmptyState>
      ) : (
        <>
          <table className="table table-stack">
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td data-label="When">{formatDateTime(event.createdAt)}</td>
                  <th scope="row" data-label="Who">
                    {event.actor.label}
                    {event.actor.kind === 'token' && <span className="badge">API token</span>}
                    {event.actor.id && !filters.actor && (
                      <>
                        {' '}
                        <button type="button" className="button button-small" onClick={() => set('actor')(event.actor.id ?? '')}>
                          Only theirs<span className="visually-hidden">: changes by {event.actor.label}</span>
                        </button>
                      </>
                    )}
                  </th>
                  <td data-label="What">
                    {describeAction(event.method, event.route)}
                    <br />
                    <code className="muted">
                      {event.method} {event.route}
                    </code>
                    {event.fields.length > 0 && <p className="muted">Fields: {event.fields.join(', ')}</p>}
                  </td>
                  <td data-label="Target">{event.targetId ? <code>{event.targetId}</code> : <span className="muted">—</span>}</td>
                  <td data-label="Result">{describeResult(event.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.hasNextPage && (
            <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? 'Loading…' : 'Show older changes'}
            </button>
          )}
        </>
      )}
    </>
  );
}
