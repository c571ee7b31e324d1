import { useId } from 'react';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useCreateLrsCredential, useLrsCredentials, useRevokeLrsCredential } from './lrs-credentials.hooks.ts';
import type { CreatedLrsCredential } from './lrs-credentials.ts';
import { useCopyToClipboard } from './tokens.hooks.ts';

/**
 * `/admin/lrs`: Morsel's Learning Record Store for other xAPI content and tools: the endpoint to give them, and a
 * credential (HTTP Basic key and secret) for each, created here with the secret shown once, and revoked at once.
 */
export function LrsCredentialsPage() {
  usePageTitle('Learning records (xAPI)');
  const credentials = useLrsCredentials();
  const create = useCreateLrsCredential();
  const revoke = useRevokeLrsCredential();
  return (
    <>
      <h1>Learning records (xAPI)</h1>
      <p className="lead">
        Morsel keeps every learning event as an xAPI statement, and its Learning Record Store also accepts statements from other xAPI content and tools. Give each one the endpoint and its own credential: the key and
        secret go in HTTP Basic authentication, with the header <code>X-Experience-API-Version: 1.0.3</code>.
      </p>
      <ErrorAlert error={credentials.error} />
      {credentials.data && <CopyField label="LRS endpoint" value={credentials.data.endpoint} />}
      {create.created && <NewCredential credential={create.created} />}
      <section aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">Credentials</h2>
        <Notice>{revoke.revoked ? `The credential “${revoke.revoked.name}” was revoked.` : undefined}</Notice>
        <ErrorAlert error={revoke.error} />
        {credentials.isPending ? (
          <Loading />
        ) : credentials.data && credentials.data.items.length === 0 ? (
          <EmptyState title="No credentials yet">
            <p>Create one below for each piece of content or system that sends learning records.</p>
          </EmptyState>
        ) : (
          credentials.data && (
            <table className="table table-stack">
              <caption className="visually-hidden">LRS credentials</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Revoked</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {credentials.data.items.map((credential) => (
                  <tr key={credential.id} className={credential.revokedAt ? 'is-muted' : undefined}>
                    <th scope="row" data-label="Name">
                      {credential.name}
                      {credential.revokedAt && <span className="badge">Revoked</span>}
                    </th>
                    <td data-label="Key">
                      <code>{credential.key}</code>
                    </td>
                    <td data-label="Created">{formatDateTime(credential.createdAt)}</td>
                    <td data-label="Revoked">{credential.revokedAt ? formatDateTime(credential.revokedAt) : 'No'}</td>
                    <td data-label="Actions" className="cell-actions">
                      {!credential.revokedAt && (
                        <button type="button" className="button button-small button-danger" onClick={() => revoke.revoke(credential)} disabled={revoke.isBusy}>
                          Revoke<span className="visually-hidden"> {credential.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        )}
      </section>
      <section className="panel" aria-labelledby="new-credential-heading">
        <h2 id="new-credential-heading">New credential</h2>
        <form onSubmit={create.submit} className="form" aria-labelledby="new-credential-heading">
          <TextField label="Name" hint="Say what sends the statements, e.g. “Safety simulation”." value={create.name} onValueChange={create.setName} required maxLength={100} autoComplete="off" />
          <ErrorAlert error={create.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isSaving}>
              {create.isSaving ? 'Creating…' : 'Create credential'}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

/** A read-only value with a button that copies it, and a status line saying whether it did. */
function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const clipboard = useCopyToClipboard();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} className="token-value" onFocus={(event) => event.target.select()} spellCheck={false} />
        <button type="button" className="button" onClick={() => void clipboard.copy(value)}>
          Copy<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <p role="status" className="copy-status">
        {clipboard.state === 'copied' ? `${label} copied to the clipboard.` : clipboard.state === 'failed' ? `Copying failed: select the ${label.toLowerCase()} and copy it yourself.` : ''}
      </p>
    </div>
  );
}

function NewCredential({ credential }: { credential: CreatedLrsCredential }) {
  const id = useId();
  return (
    <section className="message message-success new-token" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Credential “{credential.name}” created</h2>
      <p>
        <strong>Store the secret now,</strong> somewhere safe: it will not be shown again. If it is lost, revoke this credential and create another.
      </p>
      <CopyField label="Key" value={credential.key} />
      <CopyField label="Secret" value={credential.secret} />
    </section>
  );
}
