import { Link } from 'react-router';
import { ErrorAlert, Notice } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useNavigationNotice, useSignInForm } from './auth.hooks.ts';

/** `/sign-in`: email and password, or a sign-in link by email. */
export function SignInPage() {
  usePageTitle('Sign in');
  const notice = useNavigationNotice();
  const form = useSignInForm();
  return (
    <div className="card">
      <h1>Sign in</h1>
      <form onSubmit={form.submit} className="form">
        <Notice>{form.hasSubmitted ? undefined : notice}</Notice>
        <TextField label="Email" type="email" value={form.fields.email} onValueChange={form.set.setEmail} required autoComplete="username" />
        <TextField label="Password" type="password" value={form.fields.password} onValueChange={form.set.setPassword} autoComplete="current-password" />
        {form.isOrganisationAsked && (
          <TextField
            label="Organisation"
            hint="This address belongs to several organisations. Enter the short name of the one to sign in to."
            value={form.fields.organisation}
            onValueChange={form.set.setOrganisation}
            autoComplete="organization"
          />
        )}
        <ErrorAlert error={form.error} />
        <button type="submit" name="intent" value="password" className="button button-primary button-block" disabled={form.isSigningIn}>
          {form.isSigningIn ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="form-link">
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
        <div className="divider" role="presentation">
          <span>or, without a password</span>
        </div>
        <button type="submit" name="intent" value="link" className="button button-block" disabled={form.isSendingLink}>
          {form.isSendingLink ? 'Sending…' : 'Email me a sign-in link'}
        </button>
        <Notice>{form.linkSentMessage && `${form.linkSentMessage} Open the link in the email to sign in.`}</Notice>
      </form>
    </div>
  );
}
