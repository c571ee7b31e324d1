/**
 * `/manage/compliance`: who is certified, due soon, lapsed or not certified, per certification and team (managers:
 * their teams; admins: everyone), with filters and a CSV export of the same rows.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api-client.ts';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { type Certification, type Compliance, complianceUrl, type ComplianceFilters, describeExpiry, STATUS_LABELS, STATUS_OPTIONS } from './assessment.ts';

export const COMPLIANCE_KEY = ['manage', 'compliance'] as const;

export function CompliancePage() {
  usePageTitle('Compliance');
  const [filters, setFilters] = useState<ComplianceFilters>({});
  const certifications = useQuery({ queryKey: [...COMPLIANCE_KEY, 'certifications'], queryFn: () => api.get<{ items: Certification[] }>('/api/certifications') });
  const compliance = useQuery({ queryKey: [...COMPLIANCE_KEY, filters], queryFn: () => api.get<Compliance>(complianceUrl(filters)) });
  const set = (key: keyof ComplianceFilters) => (value: string) => setFilters((before) => ({ ...before, [key]: value }));
  const certification = certifications.data?.items.find((c) => c.id === filters.certificationId);
  return (
    <>
      <p className="eyebrow">
        <Link to="/manage">Manage</Link>
      </p>
      <h1>Compliance</h1>
      <p className="lead">Who holds each certification, whose is about to expire, and who has lapsed.</p>
      <form className="filters-form" role="search" aria-label="Filter compliance" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Certification" value={filters.certificationId ?? ''} onValueChange={set('certificationId')} options={[{ value: '', label: 'All active certifications' }, ...(certifications.data?.items ?? []).filter((c) => c.status === 'active').map((c) => ({ value: c.id, label: c.title }))]} />
        <SelectField label="Team" value={filters.teamId ?? ''} onValueChange={set('teamId')} options={[{ value: '', label: 'All your teams' }, ...(compliance.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))]} />
        <SelectField label="Status" value={filters.status ?? ''} onValueChange={set('status')} options={[{ value: '', label: 'Any status' }, ...STATUS_OPTIONS]} />
        <TextField className="filter-search" label="Name or email" type="search" value={filters.q ?? ''} onValueChange={set('q')} />
      </form>
      <ErrorAlert error={compliance.error ?? certifications.error} />
      {compliance.isPending && <Loading label="Loading compliance…" />}
      {compliance.data && (
        <>
          <ul className="stat-list" aria-label="Totals">
            {STATUS_OPTIONS.map((option) => (
              <li key={option.value}>
                <strong>{compliance.data.counts[option.value]}</strong> {option.label.toLowerCase()}
              </li>
            ))}
          </ul>
          <p>
            <a className="button" href={complianceUrl(filters, true)} download="compliance.csv">
              Export CSV
            </a>
            {certification?.courseId && (
              <>
                {' '}
                <Link className="button" to={`/manage/courses/${encodeURIComponent(certification.courseId)}/checks`}>
                  Before and after
                </Link>
              </>
            )}
          </p>
          {compliance.data.items.length === 0 ? (
            <EmptyState title="No one to show">
              <p>People appear here once they are enrolled in a course that a certification counts.</p>
            </EmptyState>
          ) : (
            <table className="table table-stack">
              <caption className="visually-hidden">Compliance</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Certification</th>
                  <th scope="col">Teams</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expiry</th>
                  <th scope="col">Score</th>
                </tr>
              </thead>
              <tbody>
                {compliance.data.items.map((row) => (
                  <tr key={`${row.certificationId}/${row.personId}`}>
                    <th scope="row">
                      {row.displayName}
                      <br />
                      <span className="muted cell-email">{row.email}</span>
                    </th>
                    <td>{row.certificationTitle}</td>
                    <td>{row.teams.map((t) => t.name).join(', ') || '–'}</td>
                    <td>
                      <span className={`badge status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
                    </td>
                    <td>
                      {describeExpiry(row)}
                      {row.expiresAt && <span className="muted"> ({formatDateTime(row.expiresAt)})</span>}
                      {row.recertificationDueAt && <div className="muted">Recertification due {formatDateTime(row.recertificationDueAt)}</div>}
                    </td>
                    <td>{row.score === null ? '–' : `${Math.round(row.score)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
