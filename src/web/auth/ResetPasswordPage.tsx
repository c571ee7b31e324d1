import { Link } from 'react-router';
import { ErrorAlert } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useResetPasswordForm } from './auth.hooks.ts';

/** `/reset-password?token=`: choose a new password from the link in a reset email. */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const form = useResetPasswordForm();
  if (!form.hasToken) {
    return (
      <div className="card">
        <h1>This reset link is incomplete</h1>
        <p>Open the link from your email again, or ask for a new one.</p>
        <p>
          <Link to="/forgot-password">Ask for a new reset link</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>Choose a new password</h1>
      <form onSubmit={form.submit} className="form">
        <TextField
          label="New password"
          type="password"
          hint="At least 10 characters."
          value={form.fields.password}
          onValueChange={form.set.setPassword}
          required
          minLength={10}
          autoComplete="new-password"
        />
        <TextField label="Repeat the new password" type="password" value={form.fields.confirmation} onValueChange={form.set.setConfirmation} required autoComplete="new-password" />
        <ErrorAlert error={form.error} />
        <button type="submit" className="button button-primary button-block" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : 'Save password and sign in'}
        </button>
      </form>
      <p className="form-link">
        <Link to="/forgot-password">Ask for a new reset link</Link>
      </p>
    </div>
  );
}
