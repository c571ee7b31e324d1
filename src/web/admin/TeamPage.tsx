import { Link, useParams } from 'react-router';
import type { TeamDetail } from '../lib/api-types.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useMemberCandidates, useTeam, useTeamMembers, useTeamSettings } from './teams.hooks.ts';

const ROLE_OPTIONS = [
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager' },
];

/** `/admin/teams/:id`: a team's members and their roles; add, change and remove members; rename or delete. */
export function TeamPage() {
  const { id = '' } = useParams();
  const team = useTeam(id);
  usePageTitle(team.data?.name ?? 'Team');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/teams">Teams</Link>
      </p>
      {team.isPending ? (
        <Loading />
      ) : team.isError ? (
        <>
          <h1>Team not found</h1>
          <ErrorAlert error={team.error} />
        </>
      ) : (
        <>
          <h1>{team.data.name}</h1>
          <p className="lead">{plural(team.data.members.length, 'member', 'members')}</p>
          <Members team={team.data} />
          <TeamSettings key={team.data.id} team={team.data} />
        </>
      )}
    </>
  );
}

function Members({ team }: { team: TeamDetail }) {
  const members = useTeamMembers(team.id);
  const { candidates, chosen, isLoading, error } = useMemberCandidates(team, members.personId);
  return (
    <>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <Notice>{members.lastChange}</Notice>
        <ErrorAlert error={members.error} />
        {team.members.length === 0 ? (
          <EmptyState title="Nobody in this team yet">
            <p>Add people below.</p>
          </EmptyState>
        ) : (
          <table className="table table-stack">
            <caption className="visually-hidden">Members of {team.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role in team</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {team.members.map((member) => (
                <tr key={member.personId}>
                  <th scope="row" data-label="Name">
                    <Link to={`/admin/people/${encodeURIComponent(member.personId)}`}>{member.displayName}</Link>
                  </th>
                  <td data-label="Email" className="cell-email">{member.email}</td>
                  <td data-label="Role in team">
                    <label className="visually-hidden" htmlFor={`role-${member.personId}`}>
                      Role of {member.displayName}
                    </label>
                    <select
                      id={`role-${member.personId}`}
                      value={member.role}
                      disabled={members.isBusy}
                      onChange={(event) => members.changeRole(member.personId, member.displayName, event.target.value === 'manager' ? 'manager' : 'member')}
                    >
                      {ROLE_OPTIONS.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-label="Actions" className="cell-actions">
                    <button type="button" className="button button-small button-danger" disabled={members.isBusy} onClick={() => members.removeMember(member.personId, member.displayName)}>
                      Remove<span className="visually-hidden"> {member.displayName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="add-member-heading">
        <h2 id="add-member-heading">Add a member</h2>
        {error ? (
          <ErrorAlert error={error} />
        ) : candidates.length === 0 && !isLoading ? (
          <p className="muted">Everyone is already in this team.</p>
        ) : (
          <form onSubmit={(event) => members.submitAdd(event, chosen?.displayName ?? 'The person')} className="form inline-form">
            <SelectField
              label="Person"
              value={members.personId}
              onValueChange={members.setPersonId}
              required
              options={[{ value: '', label: isLoading ? 'Loading people…' : 'Choose a person' }, ...candidates.map((person) => ({ value: person.id, label: `${person.displayName} (${person.email})` }))]}
            />
            <SelectField label="Role" value={members.role} onValueChange={members.setRole} options={ROLE_OPTIONS} />
            <button type="submit" className="button button-primary" disabled={members.isBusy || !members.personId}>
              Add to team
            </button>
          </form>
        )}
      </section>
    </>
  );
}

function TeamSettings({ team }: { team: TeamDetail }) {
  const settings = useTeamSettings(team);
  return (
    <section className="panel" aria-labelledby="team-settings-heading">
      <h2 id="team-settings-heading">Team settings</h2>
      <Notice>{settings.isRenamed ? 'The team was renamed.' : undefined}</Notice>
      <ErrorAlert error={settings.error} />
      <form onSubmit={settings.submitRename} className="form inline-form">
        <TextField label="Team name" value={settings.name} onValueChange={settings.setName} required maxLength={120} autoComplete="off" />
        <button type="submit" className="button" disabled={settings.isBusy || settings.name.trim() === team.name}>
          Rename
        </button>
      </form>
      <Notice>{settings.isWebhookSaved ? (team.chatWebhookUrl ? 'The chat webhook URL was saved.' : 'The chat webhook URL was removed.') : undefined}</Notice>
      <ErrorAlert error={settings.webhookError} title="The chat webhook URL was not saved" />
      <form onSubmit={settings.submitWebhook} className="form">
        <TextField
          label="Chat webhook URL"
          hint="Slack or Microsoft Teams incoming-webhook URL for this team's channel; lessons for members who prefer chat are posted there. Leave empty to use the organisation's."
          type="url"
          inputMode="url"
          value={settings.webhookUrl}
          onValueChange={settings.setWebhookUrl}
          maxLength={2000}
          placeholder="https://hooks.slack.com/services/…"
          spellCheck={false}
          autoComplete="off"
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={settings.isBusy || !settings.isWebhookChanged}>
            Save webhook URL
          </button>
        </div>
      </form>
      <div className="danger-zone">
        <p>Deleting the team removes its memberships; the people stay in the organisation.</p>
        <button type="button" className="button button-danger" onClick={settings.deleteTeam} disabled={settings.isBusy}>
          Delete team
        </button>
      </div>
    </section>
  );
}
