/** On an admin's person page (issue 9): download everything Morsel holds about the person, or erase it. */
import { useId, useRef } from 'react';
import type { Person } from '../lib/api-types.ts';
import { ErrorAlert } from '../lib/feedback.tsx';
import { formatDateTime } from '../lib/format.ts';
import { TextField } from '../lib/fields.tsx';
import { describeRemoved, exportUrl } from './privacy.ts';
import { useErasePerson, usePrivacyRequests } from './privacy.hooks.ts';

/** The person page's panel: the download link, the erase dialog and the record of requests. */
export function PersonPrivacy({ person }: { person: Person }) {
  const headingId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Their data</h2>
      <p className="hint">Everything Morsel holds about {person.displayName}, as one JSON file; or erase it when they ask (this cannot be undone).</p>
      <div className="form-actions">
        <a className="button" href={exportUrl(person.id)} download>
          Download their data
        </a>
        <button type="button" className="button button-danger" onClick={() => dialogRef.current?.showModal()}>
          Erase their data…
        </button>
      </div>
      <PrivacyRequests personId={person.id} />
      <dialog ref={dialogRef} className="dialog" aria-labelledby={`${headingId}-dialog`}>
        <EraseForm person={person} headingId={`${headingId}-dialog`} onCancel={() => dialogRef.current?.close()} />
      </dialog>
    </section>
  );
}

/** The record of this person's data exported and erased: who asked, when. */
function PrivacyRequests({ personId }: { personId: string }) {
  const requests = usePrivacyRequests(personId);
  const items = requests.data?.items ?? [];
  if (requests.isError) return <ErrorAlert error={requests.error} />;
  if (items.length === 0) return null;
  return (
    <>
      <h3>Requests</h3>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {item.kind === 'erase' ? 'Erased' : 'Exported'} on {formatDateTime(item.createdAt)} by {item.requestedBy ? item.requestedBy.name : 'the operator (command line)'}
          </li>
        ))}
      </ul>
    </>
  );
}

function EraseForm({ person, headingId, onCancel }: { person: Person; headingId: string; onCancel: () => void }) {
  const form = useErasePerson(person);
  if (form.report) {
    const lines = describeRemoved(form.report.removed);
    return (
      <div className="dialog-body">
        <h2 id={headingId}>Their data was erased</h2>
        <p role="status">The person is now “Erased person”, deactivated. Removed:</p>
        {lines.length === 0 ? <p>Nothing besides their name and contact details.</p> : <ul>{lines.map((line) => <li key={line}>{line}</li>)}</ul>}
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Close
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="dialog-body form" onSubmit={form.submit}>
      <h2 id={headingId}>Erase {person.displayName}’s data?</h2>
      <p>
        Their answers, reviews, progress, checks, certifications, points, badges, redemptions, messages, searches, statements and metric values are deleted, and their name, email and HR facts are replaced. The person stays,
        deactivated, as “Erased person”. This cannot be undone.
      </p>
      <TextField label={`Type their email (${person.email}) to confirm`} value={form.typed} onValueChange={form.setTyped} autoComplete="off" spellCheck={false} required />
      <ErrorAlert error={form.error} title="Nothing was erased" />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={!form.isConfirmed || form.isErasing}>
          {form.isErasing ? 'Erasing…' : 'Erase their data'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
