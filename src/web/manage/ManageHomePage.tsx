import { Link } from 'react-router';
import { EmptyState } from '../lib/feedback.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { managedTeams } from './manage.ts';

/** `/manage`: the teams the person manages. */
export function ManageHomePage() {
  usePageTitle('Manage');
  const { person } = useSignedInSession();
  const teams = managedTeams(person.teams);
  return (
    <>
      <p className="eyebrow">Manage</p>
      <h1>Your teams</h1>
      <nav aria-label="Manage" className="manage-links">
        <Link className="button" to="/manage/progress">
          Progress
        </Link>
        <Link className="button" to="/manage/compliance">
          Compliance
        </Link>
        <Link className="button" to="/manage/forecast">
          Review forecast
        </Link>
        <Link className="button" to="/manage/outcomes">
          Outcomes
        </Link>
        <Link className="button" to="/manage/proficiency">
          Proficiency
        </Link>
      </nav>
      {teams.length === 0 ? (
        <EmptyState title="You do not manage a team yet">
          <p>When an admin makes you the manager of a team, it will appear here with its progress, weak objectives and who is overdue.</p>
          {person.roles.includes('admin') && (
            <p>
              As an admin you can make yourself a manager in <Link to="/admin/teams">Teams</Link>.
            </p>
          )}
        </EmptyState>
      ) : (
        <>
          <p className="lead">Progress, weak objectives and overdue lessons will appear here once your teams receive lessons.</p>
          <ul className="card-list" aria-label="Teams you manage">
            {teams.map((team) => (
              <li key={team.id} className="card card-compact">
                <h2 className="card-title">{team.name}</h2>
                <p className="muted">No lessons assigned yet.</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
