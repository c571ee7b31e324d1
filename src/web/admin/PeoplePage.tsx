import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { ROLE_LABELS, ROLES } from '../lib/roles.ts';
import { usePeopleFilters, usePeopleList } from './people.hooks.ts';
import { useTeams } from './teams.hooks.ts';

/** `/admin/people`: everyone in the organisation, searchable and filtered by team, role and status. */
export function PeoplePage() {
  usePageTitle('People');
  const filtering = usePeopleFilters();
  const { filters } = filtering;
  const teams = useTeams();
  const { query, people, total } = usePeopleList(filters);

  return (
    <>
      <div className="page-header">
        <h1>People</h1>
        <div className="page-actions">
          <Link to="/admin/people/import" className="button">
            Import CSV
          </Link>
          <Link to="/admin/people/new" className="button button-primary">
            Add person
          </Link>
        </div>
      </div>

      <search className="filters" aria-label="Find people">
        <form onSubmit={filtering.submitSearch} className="filters-form">
          <TextField label="Search" type="search" placeholder="Name or email" value={filtering.searchText} onValueChange={filtering.setSearchText} className="filter-search" />
          <SelectField
            label="Team"
            value={filters.teamId}
            onValueChange={filtering.setTeamId}
            options={[{ value: '', label: 'All teams' }, ...(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))]}
          />
          <SelectField
            label="Role"
            value={filters.role}
            onValueChange={filtering.setRole}
            options={[{ value: '', label: 'All roles' }, ...ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))]}
          />
          <SelectField
            label="Status"
            value={filters.status}
            onValueChange={filtering.setStatus}
            options={[
              { value: 'active', label: 'Active' },
              { value: 'deactivated', label: 'Deactivated' },
              { value: 'all', label: 'Everyone' },
            ]}
          />
        </form>
      </search>

      <ErrorAlert error={query.error} />
      {query.isPending ? (
        <Loading label="Loading people…" />
      ) : people.length === 0 ? (
        filtering.isFiltered ? (
          <EmptyState title="Nobody matches">
            <p>Try another search, or clear the filters.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No people yet">
            <p>
              <Link to="/admin/people/new">Add people one by one</Link> or <Link to="/admin/people/import">import them from a CSV file</Link> exported from your HR system.
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <p className="table-caption" role="status">
            Showing {people.length} of {plural(total, 'person', 'people')}
          </p>
          <table className="table table-stack">
            <caption className="visually-hidden">People</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Teams</th>
                <th scope="col">Roles</th>
                <th scope="col">Time zone</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id} className={person.status === 'deactivated' ? 'is-muted' : undefined}>
                  <th scope="row" data-label="Name">
                    <Link to={`/admin/people/${encodeURIComponent(person.id)}`}>{person.displayName}</Link>
                    {person.status === 'deactivated' && <span className="badge">Deactivated</span>}
                  </th>
                  <td data-label="Email" className="cell-email">{person.email}</td>
                  <td data-label="Teams">{person.teams.length ? person.teams.map((team) => team.name).join(', ') : <span className="muted">None</span>}</td>
                  <td data-label="Roles">
                    <ul className="tag-list">
                      {person.roles.map((role) => (
                        <li key={role} className={`tag tag-${role}`}>
                          {ROLE_LABELS[role]}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label="Time zone">
                    {person.effectiveTimeZone}
                    {person.timeZone === null && <span className="muted"> (default)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.hasNextPage && (
            <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? 'Loading…' : 'Show more people'}
            </button>
          )}
        </>
      )}
    </>
  );
}
