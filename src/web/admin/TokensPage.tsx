import { useId } from 'react';
import type { CreatedApiToken } from '../lib/api-types.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { CheckboxGroup, TextField } from '../lib/fields.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { SCOPES, useCopyToClipboard, useCreateTokenForm, useRevokeToken, useTokens } from './tokens.hooks.ts';

/** `/admin/tokens`: tokens that let other systems (HR, CRM, LMS) call Morsel's API. */
export function TokensPage() {
  usePageTitle('API tokens');
  const tokens = useTokens();
  const create = useCreateTokenForm();
  const revoke = useRevokeToken();
  return (
    <>
      <h1>API tokens</h1>
      <p className="lead">
        Tokens let other systems call Morsel’s API, e.g. to sync people from your HR system or send trigger events. Send one as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {create.created && <NewToken token={create.created} />}
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens</h2>
        <Notice>{revoke.revoked ? `The token “${revoke.revoked.name}” was revoked.` : undefined}</Notice>
        <ErrorAlert error={tokens.error ?? revoke.error} />
        {tokens.isPending ? (
          <Loading />
        ) : tokens.data && tokens.data.length === 0 ? (
          <EmptyState title="No tokens yet">
            <p>Create one below for each system that needs access, with only the scopes it needs.</p>
          </EmptyState>
        ) : (
          tokens.data && (
            <table className="table table-stack">
              <caption className="visually-hidden">API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((token) => (
                  <tr key={token.id} className={token.revokedAt ? 'is-muted' : undefined}>
                    <th scope="row" data-label="Name">
                      {token.name}
                      {token.revokedAt && <span className="badge">Revoked</span>}
                    </th>
                    <td data-label="Starts with">
                      <code>{token.prefix}…</code>
                    </td>
                    <td data-label="Scopes">
                      <ul className="tag-list">
                        {token.scopes.map((scope) => (
                          <li key={scope} className="tag">
                            {scope}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td data-label="Created">{formatDateTime(token.createdAt)}</td>
                    <td data-label="Last used">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
                    <td data-label="Actions" className="cell-actions">
                      {token.revokedAt ? (
                        <span className="muted">Revoked {formatDateTime(token.revokedAt)}</span>
                      ) : (
                        <button type="button" className="button button-small button-danger" onClick={() => revoke.revoke(token)} disabled={revoke.isBusy}>
                          Revoke<span className="visually-hidden"> {token.name}</span>
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
      <section className="panel" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <form onSubmit={create.submit} className="form">
          <TextField label="Name" hint="Say what uses it, e.g. “HR sync”." value={create.name} onValueChange={create.setName} required maxLength={120} autoComplete="off" />
          <CheckboxGroup legend="Scopes" options={SCOPES} selected={create.scopes} onSelectedChange={create.setScopes} className="checkbox-column" />
          <ErrorAlert error={create.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={create.isSaving}>
              {create.isSaving ? 'Creating…' : 'Create token'}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

function NewToken({ token }: { token: CreatedApiToken }) {
  const id = useId();
  const clipboard = useCopyToClipboard();
  return (
    <section className="message message-success new-token" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Token “{token.name}” created</h2>
      <p>Copy it now and store it somewhere safe: it will not be shown again.</p>
      <div className="copy-row">
        <label htmlFor={id} className="visually-hidden">
          The new token
        </label>
        <input id={id} readOnly value={token.token} className="token-value" onFocus={(event) => event.target.select()} spellCheck={false} />
        <button type="button" className="button" onClick={() => void clipboard.copy(token.token)}>
          Copy
        </button>
      </div>
      <p role="status" className="copy-status">
        {clipboard.state === 'copied' ? 'Copied to the clipboard.' : clipboard.state === 'failed' ? 'Copying failed: select the token and copy it yourself.' : ''}
      </p>
    </section>
  );
}
