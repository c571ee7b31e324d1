import { EmptyState } from '../lib/feedback.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { greetingFor } from './today.ts';

/** `/learn`: the learner's "Today" — lessons and reviews due now. */
export function TodayPage() {
  usePageTitle('Today');
  const { person } = useSignedInSession();
  return (
    <>
      <p className="eyebrow">Today</p>
      <h1>
        {greetingFor(new Date(), person.effectiveTimeZone)}, {person.displayName}
      </h1>
      <EmptyState title="Nothing due today">
        <p>When your organisation assigns you a lesson it will appear here.</p>
        <p className="muted">Lessons take two minutes or less. We will also send you a link by your preferred channel when one is due.</p>
      </EmptyState>
    </>
  );
}
