import { Link } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useCreateTeamForm, useTeams } from './teams.hooks.ts';

/** `/admin/teams`: the teams, their size and managers, and a form to add one. */
export function TeamsPage() {
  usePageTitle('Teams');
  const notice = useNavigationNotice();
  const teams = useTeams();
  const create = useCreateTeamForm();
  return (
    <>
      <h1>Teams</h1>
      <Notice>{create.created ? `The team ${create.created.name} was created.` : notice}</Notice>
      <ErrorAlert error={teams.error} />
      {teams.isPending ? (
        <Loading label="Loading teams…" />
      ) : teams.data && teams.data.items.length === 0 ? (
        <EmptyState title="No teams yet">
          <p>Teams group people for campaigns and reports, and each can have managers. Create one below, or import people with a team column.</p>
        </EmptyState>
      ) : (
        teams.data && (
          <table className="table table-stack">
            <caption className="visually-hidden">Teams</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Members</th>
                <th scope="col">Managers</th>
              </tr>
            </thead>
            <tbody>
              {teams.data.items.map((team) => (
                <tr key={team.id}>
                  <th scope="row" data-label="Team">
                    <Link to={`/admin/teams/${encodeURIComponent(team.id)}`}>{team.name}</Link>
                  </th>
                  <td data-label="Members">{team.memberCount}</td>
                  <td data-label="Managers">{team.managers.length ? team.managers.map((manager) => manager.displayName).join(', ') : <span className="muted">None</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      <section className="panel" aria-labelledby="new-team-heading">
        <h2 id="new-team-heading">New team</h2>
        <form onSubmit={create.submit} className="form inline-form">
          <TextField label="Team name" value={create.name} onValueChange={create.setName} required maxLength={120} autoComplete="off" />
          <button type="submit" className="button button-primary" disabled={create.isSaving}>
            {create.isSaving ? 'Creating…' : 'Create team'}
          </button>
        </form>
        <ErrorAlert error={create.error} />
      </section>
    </>
  );
}
