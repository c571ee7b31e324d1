import { useId } from 'react';
import { Link, useParams } from 'react-router';
import { MAX_ATTRIBUTE_KEY_LENGTH, MAX_ATTRIBUTE_VALUE_LENGTH, MAX_ATTRIBUTES } from '../../core/person-attributes.ts';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import type { Person } from '../lib/api-types.ts';
import { ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { ChannelsField, CheckboxGroup, SelectField, TextField, TimeZoneField, WorkingDaysField } from '../lib/fields.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { ROLE_LABELS, ROLES } from '../lib/roles.ts';
import { usePerson, usePersonForm, useSendSignInLink } from './people.hooks.ts';
import { PersonPrivacy } from './PersonPrivacy.tsx';
import { useTeams } from './teams.hooks.ts';

/** `/admin/people/new`: add one person. */
export function NewPersonPage() {
  usePageTitle('Add person');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </p>
      <h1>Add person</h1>
      <PersonForm person={undefined} />
    </>
  );
}

/** `/admin/people/:id`: edit one person and send them a sign-in link. */
export function EditPersonPage() {
  const { id = '' } = useParams();
  const person = usePerson(id);
  usePageTitle(person.data?.displayName ?? 'Person');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </p>
      {person.isPending ? (
        <Loading />
      ) : person.isError ? (
        <>
          <h1>Person not found</h1>
          <ErrorAlert error={person.error} />
        </>
      ) : (
        <>
          <div className="page-header">
            <h1>{person.data.displayName}</h1>
            <SendSignInLink person={person.data} />
          </div>
          <PersonSummary person={person.data} />
          <PersonForm key={person.data.id} person={person.data} />
          <PersonPrivacy person={person.data} />
        </>
      )}
    </>
  );
}

function SendSignInLink({ person }: { person: Person }) {
  const send = useSendSignInLink(person.id);
  return (
    <div className="page-actions page-actions-stacked">
      <button type="button" className="button" onClick={() => send.mutate()} disabled={send.isPending || person.status !== 'active'}>
        {send.isPending ? 'Sending…' : 'Send sign-in link'}
      </button>
      <Notice>{send.isSuccess ? `A sign-in link was sent to ${person.email}.` : undefined}</Notice>
      <ErrorAlert error={send.error} />
    </div>
  );
}

function PersonSummary({ person }: { person: Person }) {
  return (
    <dl className="summary">
      <div>
        <dt>Teams</dt>
        <dd>
          {person.teams.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="inline-list">
              {person.teams.map((team) => (
                <li key={team.id}>
                  <Link to={`/admin/teams/${encodeURIComponent(team.id)}`}>{team.name}</Link>
                  {team.role === 'manager' && <span className="muted"> (manager)</span>}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Time zone in use</dt>
        <dd>{person.effectiveTimeZone}</dd>
      </div>
      <div>
        <dt>Password</dt>
        <dd>{person.hasPassword ? 'Set' : 'None (signs in with links)'}</dd>
      </div>
      {person.emailOptOutAt && (
        <div>
          <dt>Lesson emails</dt>
          <dd>Unsubscribed from lesson emails on {formatDateTime(person.emailOptOutAt)}</dd>
        </div>
      )}
    </dl>
  );
}

function PersonForm({ person }: { person: Person | undefined }) {
  const notice = useNavigationNotice();
  const teams = useTeams();
  const form = usePersonForm(person);
  const { values, set } = form;
  return (
    <form onSubmit={form.submit} className="form form-wide">
      <Notice>{form.isSaved ? 'Changes saved.' : person ? notice : undefined}</Notice>
      <fieldset className="form-section">
        <legend>Identity</legend>
        <div className="form-grid">
          <TextField label="Display name" value={values.displayName} onValueChange={(v) => set('displayName', v)} required maxLength={120} autoComplete="off" />
          <TextField label="Email" type="email" value={values.email} onValueChange={(v) => set('email', v)} required autoComplete="off" />
        </div>
        <CheckboxGroup legend="Roles" hint="Everyone can learn; roles add areas to their navigation." options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} selected={values.roles} onSelectedChange={(v) => set('roles', v)} />
        {person ? (
          <SelectField
            label="Status"
            hint="Deactivated people cannot sign in and receive nothing; their history is kept."
            value={values.status}
            onValueChange={(v) => set('status', v === 'deactivated' ? 'deactivated' : 'active')}
            options={[
              { value: 'active', label: 'Active' },
              { value: 'deactivated', label: 'Deactivated' },
            ]}
          />
        ) : (
          (teams.data?.items.length ?? 0) > 0 && (
            <CheckboxGroup legend="Teams" options={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))} selected={values.teamIds} onSelectedChange={(v) => set('teamIds', v)} />
          )
        )}
      </fieldset>
      <fieldset className="form-section">
        <legend>Contact</legend>
        <div className="form-grid">
          <TextField label="Phone" type="tel" hint="For SMS, e.g. +44 20 7946 0000." value={values.phone} onValueChange={(v) => set('phone', v)} autoComplete="off" />
          <TextField label="Chat handle" hint="Their name in your chat tool, e.g. @sam." value={values.chatHandle} onValueChange={(v) => set('chatHandle', v)} autoComplete="off" />
        </div>
        <ChannelsField selected={values.preferredChannels} onSelectedChange={(v) => set('preferredChannels', v)} />
      </fieldset>
      <fieldset className="form-section">
        <legend>Time and language</legend>
        <p className="hint">Leave empty to use the team’s or organisation’s settings.</p>
        <div className="form-grid">
          <TimeZoneField label="Time zone" value={values.timeZone} onValueChange={(v) => set('timeZone', v)} placeholder="e.g. Europe/Paris" />
          <TextField label="Locale" value={values.locale} onValueChange={(v) => set('locale', v)} placeholder="e.g. en-GB" autoComplete="off" />
          <TextField label="Work starts" type="time" value={values.workStart} onValueChange={(v) => set('workStart', v)} />
          <TextField label="Work ends" type="time" value={values.workEnd} onValueChange={(v) => set('workEnd', v)} />
        </div>
        <WorkingDaysField selected={values.workingDays} onSelectedChange={(v) => set('workingDays', v)} />
      </fieldset>
      <AttributesFieldset form={form} />
      <ErrorAlert error={form.error} title="The changes were not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : person ? 'Save changes' : 'Add person'}
        </button>
        <Link to="/admin/people" className="button button-quiet">
          {person ? 'Back to people' : 'Cancel'}
        </Link>
      </div>
    </form>
  );
}

/** The person's HR attributes as name/value rows, added and removed one by one. */
function AttributesFieldset({ form }: { form: ReturnType<typeof usePersonForm> }) {
  const id = useId();
  const rows = form.values.attributes;
  return (
    <fieldset className="form-section" aria-describedby={`${id}-hint`}>
      <legend>Attributes</legend>
      <p className="hint" id={`${id}-hint`}>
        Facts from HR that campaign audiences and triggers can match on, such as job title, location or shift. Names are saved in lower case with underscores (Job title becomes job_title).
      </p>
      {rows.length > 0 && (
        <ul className="variable-list">
          {rows.map((row, index) => (
            <li key={index} className="variable-row">
              <div className="field">
                <label htmlFor={`${id}-${index}-key`}>Name</label>
                <input id={`${id}-${index}-key`} value={row.key} onChange={(event) => form.attributes.change(index, { key: event.target.value })} maxLength={MAX_ATTRIBUTE_KEY_LENGTH} placeholder="e.g. location" spellCheck={false} autoComplete="off" />
              </div>
              <div className="field">
                <label htmlFor={`${id}-${index}-value`}>
                  Value<span className="visually-hidden"> of {row.key || `attribute ${index + 1}`}</span>
                </label>
                <input id={`${id}-${index}-value`} value={row.value} onChange={(event) => form.attributes.change(index, { value: event.target.value })} maxLength={MAX_ATTRIBUTE_VALUE_LENGTH} placeholder="e.g. Leeds" autoComplete="off" />
              </div>
              <button type="button" className="icon-button icon-button-danger" onClick={() => form.attributes.remove(index)} title="Remove attribute">
                <span aria-hidden="true">✕</span>
                <span className="visually-hidden">Remove the attribute {row.key || index + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="button button-small" onClick={form.attributes.add} disabled={rows.length >= MAX_ATTRIBUTES}>
          Add attribute
        </button>
      </div>
    </fieldset>
  );
}
