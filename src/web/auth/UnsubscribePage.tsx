/**
 * `/unsubscribe?token=…`: the page every lesson email's "Stop lesson emails" link opens. Public: the signed token
 * names the person. Nothing happens until the button is pressed (mail scanners open links; they do not press
 * buttons), and it is idempotent.
 */
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../lib/feedback.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useUnsubscribe } from '../learner/inbox.hooks.ts';

export function UnsubscribePage() {
  usePageTitle('Stop lesson emails');
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token')?.trim() ?? '';
  const unsubscribe = useUnsubscribe();

  if (unsubscribe.isSuccess) {
    return (
      <div className="card">
        <h1>Lesson emails stopped</h1>
        <p role="status">
          Morsel will no longer email lessons or reminders to <strong>{unsubscribe.data.email}</strong>.
        </p>
        <p>Sign-in links you ask for are still emailed. Your lessons are still waiting in the app, and you can turn lesson emails back on in your profile at any time.</p>
        <p>
          <Link to="/profile" className="button">
            Open your profile
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="card">
      <h1>Stop lesson emails?</h1>
      <ul>
        <li>Lessons and reminders will no longer be emailed to you.</li>
        <li>Emails you ask for, such as sign-in links, still come.</li>
        <li>Your lessons stay in the app, and may still reach you by chat or SMS if your organisation uses them.</li>
        <li>You can turn lesson emails back on in your profile.</li>
      </ul>
      <ErrorAlert error={token ? unsubscribe.error : new Error('This link is incomplete. Open it again from the email, or change your channels in your profile.')} />
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => unsubscribe.mutate(token)} disabled={!token || unsubscribe.isPending}>
          {unsubscribe.isPending ? 'Stopping…' : 'Stop lesson emails'}
        </button>
        <Link to="/" className="button button-quiet">
          Keep them coming
        </Link>
      </div>
    </div>
  );
}
