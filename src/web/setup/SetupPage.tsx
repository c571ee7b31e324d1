import { ErrorAlert } from '../lib/feedback.tsx';
import { TextField, TimeZoneField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSetupForm } from './setup.hooks.ts';

/** `/setup`: first run — create the organisation and its first admin. */
export function SetupPage() {
  usePageTitle('Set up Morsel');
  const { fields, set, submit, isSaving, error } = useSetupForm();
  return (
    <div className="card">
      <h1>Welcome to Morsel</h1>
      <p className="lead">Set up your organisation and your admin account. It takes a minute; you can change all of it later.</p>
      <form onSubmit={submit} className="form" noValidate={false}>
        <fieldset className="form-section">
          <legend>Your organisation</legend>
          <TextField label="Organisation name" value={fields.organisationName} onValueChange={set.setOrganisationName} required maxLength={120} autoComplete="organization" />
          <TimeZoneField
            label="Time zone"
            hint="Lessons are sent at good local times; people without their own time zone use this one."
            value={fields.timeZone}
            onValueChange={set.setTimeZone}
            required
          />
        </fieldset>
        <fieldset className="form-section">
          <legend>Your admin account</legend>
          <TextField label="Your name" value={fields.displayName} onValueChange={set.setDisplayName} required maxLength={120} autoComplete="name" />
          <TextField label="Email" type="email" value={fields.email} onValueChange={set.setEmail} required autoComplete="email" />
          <TextField
            label="Password"
            type="password"
            hint="At least 10 characters."
            value={fields.password}
            onValueChange={set.setPassword}
            required
            minLength={10}
            autoComplete="new-password"
          />
        </fieldset>
        <ErrorAlert error={error} title="The organisation could not be created" />
        <button type="submit" className="button button-primary button-block" disabled={isSaving}>
          {isSaving ? 'Creating…' : 'Create organisation'}
        </button>
      </form>
    </div>
  );
}
