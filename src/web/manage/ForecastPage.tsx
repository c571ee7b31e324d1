/** `/manage/forecast`: a team's review load for the coming weeks, by week and by member. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api-client.ts';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { SelectField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import type { TeamForecast } from './assessment.ts';
import { managedTeams } from './manage.ts';

export function ForecastPage() {
  usePageTitle('Review forecast');
  const { person } = useSignedInSession();
  const teams = managedTeams(person.teams);
  const [teamId, setTeamId] = useState(teams[0]?.id ?? '');
  const [weeks, setWeeks] = useState('4');
  const forecast = useQuery({
    queryKey: ['manage', 'forecast', teamId, weeks],
    queryFn: () => api.get<TeamForecast>(`/api/teams/${encodeURIComponent(teamId)}/forecast`, { weeks }),
    enabled: teamId !== '',
  });
  return (
    <>
      <p className="eyebrow">
        <Link to="/manage">Manage</Link>
      </p>
      <h1>Review forecast</h1>
      <p className="lead">How many review questions your team will be asked in the coming weeks, follow-up reviews included.</p>
      {teams.length === 0 ? (
        <EmptyState title="You do not manage a team yet" />
      ) : (
        <>
          <form className="filters-form" onSubmit={(event) => event.preventDefault()} aria-label="Choose a team">
            <SelectField label="Team" value={teamId} onValueChange={setTeamId} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
            <SelectField label="Weeks ahead" value={weeks} onValueChange={setWeeks} options={['2', '4', '8', '12'].map((w) => ({ value: w, label: `${w} weeks` }))} />
          </form>
          <ErrorAlert error={forecast.error} />
          {forecast.isPending && <Loading label="Forecasting…" />}
          {forecast.data && (
            <>
              <p>
                {forecast.data.overdue} overdue now; about {Math.round(forecast.data.total)} reviews in the next {forecast.data.weeks.length} weeks (dates in {forecast.data.timeZone}).
              </p>
              <table className="table">
                <caption>Reviews per week</caption>
                <thead>
                  <tr>
                    <th scope="col">Week from</th>
                    <th scope="col">Reviews</th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.data.weeks.map((week) => (
                    <tr key={week.start}>
                      <th scope="row">{week.start}</th>
                      <td>
                        <span className="forecast-bar" style={{ inlineSize: `${Math.min(100, (week.reviews / Math.max(1, ...forecast.data.weeks.map((w) => w.reviews))) * 100)}%` }} aria-hidden="true" />
                        {Math.round(week.reviews)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="table table-stack">
                <caption>Per member</caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Review items</th>
                    <th scope="col">Overdue</th>
                    <th scope="col">Reviews ahead</th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.data.members.map((member) => (
                    <tr key={member.personId}>
                      <th scope="row">{member.displayName}</th>
                      <td>{member.items}</td>
                      <td>{member.overdue}</td>
                      <td>{Math.round(member.reviews)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </>
  );
}
