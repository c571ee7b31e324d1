import { Link } from 'react-router';
import { ErrorAlert, Notice } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useForgotPasswordForm } from './auth.hooks.ts';

/** `/forgot-password`: sends a password-reset email. */
export function ForgotPasswordPage() {
  usePageTitle('Forgot password');
  const form = useForgotPasswordForm();
  return (
    <div className="card">
      <h1>Forgot your password?</h1>
      <p className="lead">Enter your email address and we will send you a link to choose a new one.</p>
      <Notice>{form.sentMessage}</Notice>
      <form onSubmit={form.submit} className="form">
        <TextField label="Email" type="email" value={form.email} onValueChange={form.setEmail} required autoComplete="email" />
        <ErrorAlert error={form.error} />
        <button type="submit" className="button button-primary button-block" disabled={form.isSending}>
          {form.isSending ? 'Sending…' : 'Send reset link'}
        </button>
      </form>
      <p className="form-link">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
