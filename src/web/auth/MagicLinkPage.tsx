import { Link } from 'react-router';
import { ErrorAlert, Loading } from '../lib/feedback.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useRedeemMagicLink } from './auth.hooks.ts';

/** `/auth/link?token=`: signs in with a link from an email, chat message or SMS. */
export function MagicLinkPage() {
  usePageTitle('Signing in');
  const link = useRedeemMagicLink();
  if (link.hasToken && !link.error) {
    return (
      <div className="card">
        <h1>Signing you in…</h1>
        <Loading label="Checking your sign-in link…" />
      </div>
    );
  }
  return (
    <div className="card">
      <h1>This sign-in link does not work</h1>
      <ErrorAlert error={link.error ?? new Error('The link is incomplete. Open it again from your message.')} />
      <p>Sign-in links work once and expire after a while. You can ask for a new one.</p>
      <p>
        <Link to="/sign-in" className="button button-primary">
          Go to sign in
        </Link>
      </p>
    </div>
  );
}
