import { ErrorAlert, Notice } from '../lib/feedback.tsx';
import { ChannelsField, TextField, TimeZoneField, WorkingDaysField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { ROLE_LABELS } from '../lib/roles.ts';
import { useChangePasswordForm, useProfileForm } from './profile.hooks.ts';
import { exportUrl } from '../admin/privacy.ts';

/** `/profile`: the signed-in person's own settings and password. */
export function ProfilePage() {
  usePageTitle('Your profile');
  return (
    <>
      <h1>Your profile</h1>
      <ProfileForm />
      <PasswordForm />
      <YourData />
    </>
  );
}

function ProfileForm() {
  const form = useProfileForm();
  const { person, values, set } = form;
  return (
    <form onSubmit={form.submit} className="form form-wide">
      <dl className="summary">
        <div>
          <dt>Email</dt>
          <dd>{person.email}</dd>
        </div>
        <div>
          <dt>Roles</dt>
          <dd>{person.roles.map((role) => ROLE_LABELS[role]).join(', ')}</dd>
        </div>
        <div>
          <dt>Teams</dt>
          <dd>{person.teams.length ? person.teams.map((team) => team.name).join(', ') : 'None'}</dd>
        </div>
      </dl>
      <fieldset className="form-section">
        <legend>About you</legend>
        <div className="form-grid">
          <TextField label="Display name" value={values.displayName} onValueChange={(v) => set('displayName', v)} required maxLength={120} autoComplete="name" />
          <TextField label="Phone" type="tel" hint="For lessons by SMS, e.g. +44 20 7946 0000." value={values.phone} onValueChange={(v) => set('phone', v)} autoComplete="tel" />
          <TextField label="Chat handle" hint="Your name in your organisation’s chat tool." value={values.chatHandle} onValueChange={(v) => set('chatHandle', v)} autoComplete="off" />
          <TextField label="Locale" hint="Language and region, e.g. en-GB." value={values.locale} onValueChange={(v) => set('locale', v)} autoComplete="off" />
        </div>
        <ChannelsField hint="Where we send your lessons and reminders." selected={values.preferredChannels} onSelectedChange={(v) => set('preferredChannels', v)} />
      </fieldset>
      <fieldset className="form-section">
        <legend>When we may send you lessons</legend>
        <p className="hint">Leave empty to use your team’s or organisation’s settings. Currently in use: {person.effectiveTimeZone}.</p>
        <div className="form-grid">
          <TimeZoneField label="Time zone" value={values.timeZone} onValueChange={(v) => set('timeZone', v)} placeholder="e.g. Europe/Paris" />
          <TextField label="Work starts" type="time" value={values.workStart} onValueChange={(v) => set('workStart', v)} />
          <TextField label="Work ends" type="time" value={values.workEnd} onValueChange={(v) => set('workEnd', v)} />
        </div>
        <WorkingDaysField selected={values.workingDays} onSelectedChange={(v) => set('workingDays', v)} />
      </fieldset>
      <Notice>{form.isSaved ? 'Your profile was saved.' : undefined}</Notice>
      <ErrorAlert error={form.error} title="Your profile was not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const form = useChangePasswordForm();
  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">{form.needsCurrentPassword ? 'Change password' : 'Set a password'}</h2>
      {!form.needsCurrentPassword && <p className="hint">You sign in with links sent by email. Set a password if you also want to sign in with one.</p>}
      <form onSubmit={form.submit} className="form">
        {form.needsCurrentPassword && (
          <TextField label="Current password" type="password" value={form.fields.currentPassword} onValueChange={form.set.setCurrentPassword} required autoComplete="current-password" />
        )}
        <TextField label="New password" type="password" hint="At least 10 characters." value={form.fields.newPassword} onValueChange={form.set.setNewPassword} required minLength={10} autoComplete="new-password" />
        <TextField label="Repeat the new password" type="password" value={form.fields.confirmation} onValueChange={form.set.setConfirmation} required autoComplete="new-password" />
        <Notice>{form.isChanged ? 'Your password was changed.' : undefined}</Notice>
        <ErrorAlert error={form.error} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={form.isSaving}>
            {form.isSaving ? 'Saving…' : form.needsCurrentPassword ? 'Change password' : 'Set password'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Issue 9: everything Morsel holds about the signed-in person, downloaded as one JSON file. */
function YourData() {
  return (
    <section className="panel" aria-labelledby="your-data-heading">
      <h2 id="your-data-heading">Your data</h2>
      <p className="hint">Everything Morsel holds about you (profile, answers, reviews, progress, points, messages, learning records) as one JSON file.</p>
      <a className="button" href={exportUrl()} download>
        Download my data
      </a>
    </section>
  );
}
