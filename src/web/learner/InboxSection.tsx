/**
 * "New for you" on Today: lessons delivered to the learner by campaigns, reminders and just-in-time triggers,
 * whatever channel also carried them. Opening one marks it read; completed ones fold away. Nothing is shown
 * while the inbox is empty.
 */
import { Link } from 'react-router';
import { ErrorAlert } from '../lib/feedback.tsx';
import { plural } from '../lib/format.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { formatArrival, formatLessonMinutes, kindTag, splitInbox } from './inbox.ts';
import { type InboxItem, useInbox, useMarkInboxItemRead } from './inbox.hooks.ts';
import '../delivery.css';

export function InboxSection() {
  const { person } = useSignedInSession();
  const inbox = useInbox();
  const markRead = useMarkInboxItemRead();
  if (inbox.error) return <ErrorAlert error={inbox.error} title="Your new lessons could not be loaded" />;
  if (!inbox.data || inbox.data.items.length === 0) return null;
  const { open, completed } = splitInbox(inbox.data.items);
  const unread = open.filter((item) => !item.readAt).length;
  const now = new Date();
  const markOpened = (item: InboxItem) => {
    if (!item.readAt) markRead.mutate(item.id);
  };
  return (
    <section aria-labelledby="inbox-heading" className="today-section inbox">
      <h2 id="inbox-heading">
        New for you
        {unread > 0 && (
          <>
            {' '}
            <span className="boost-count" aria-hidden="true">
              {unread}
            </span>
            <span className="visually-hidden"> ({plural(unread, 'unopened lesson', 'unopened lessons')})</span>
          </>
        )}
      </h2>
      {open.length === 0 ? (
        <p className="muted">You have done every lesson sent to you.</p>
      ) : (
        <ul className="inbox-list">
          {open.map((item) => (
            <li key={item.id}>
              <InboxCard item={item} now={now} timeZone={person.effectiveTimeZone} onOpen={markOpened} />
            </li>
          ))}
        </ul>
      )}
      {completed.length > 0 && (
        <details className="inbox-completed">
          <summary>Done ({completed.length})</summary>
          <ul className="inbox-list">
            {completed.map((item) => (
              <li key={item.id}>
                <InboxCard item={item} now={now} timeZone={person.effectiveTimeZone} onOpen={markOpened} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function InboxCard({ item, now, timeZone, onOpen }: { item: InboxItem; now: Date; timeZone: string; onOpen: (item: InboxItem) => void }) {
  const tag = kindTag(item.kind);
  const isUnread = !item.readAt && !item.completed;
  return (
    <article className={isUnread ? 'inbox-item is-unread' : 'inbox-item'}>
      <h3 className="inbox-title">
        <Link to={`/learn/courses/${encodeURIComponent(item.courseId)}/lessons/${encodeURIComponent(item.lessonId)}`} className="inbox-link" onClick={() => onOpen(item)}>
          {item.title}
        </Link>
        {item.completed && (
          <span className="inbox-done">
            {' '}
            <span aria-hidden="true">✓</span>
            <span className="visually-hidden">(done)</span>
          </span>
        )}
      </h3>
      <p className="inbox-question">{item.coreQuestion}</p>
      <p className="inbox-meta">
        {tag && <span className={item.kind === 'trigger' ? 'chip chip-time' : 'chip chip-warning'}>{tag}</span>}
        <span>{formatLessonMinutes(item.estimatedSeconds)}</span>
        <span>{item.courseTitle}</span>
        <span>
          <span className="visually-hidden">Sent </span>
          <time dateTime={item.sentAt}>{formatArrival(item.sentAt, now, timeZone)}</time>
        </span>
        {isUnread && <span className="chip chip-published">New</span>}
      </p>
    </article>
  );
}
