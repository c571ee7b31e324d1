/** Messages: errors (announced at once), notices, loading and empty states. */
import type { ReactNode } from 'react';
import { describeError } from './api-client.ts';

/**
 * An error from the API (or any Error) in an `alert` region, with one line per invalid field.
 * The region is always in the page, so screen readers announce the message when it appears.
 */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const described = error ? describeError(error) : undefined;
  return (
    <div role="alert" className={described ? 'message message-error' : 'message-empty'}>
      {described && (
        <>
          {title && <p className="message-title">{title}</p>}
          <p>{described.message}</p>
          {described.fields.length > 0 && (
            <ul>
              {described.fields.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** A polite confirmation ("Saved.", "Link sent."), always in the page so it is announced when filled. */
export function Notice({ children }: { children?: ReactNode }) {
  return (
    <div role="status" className={children ? 'message message-success' : 'message-empty'}>
      {children}
    </div>
  );
}

/** What shows while data loads. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An empty state: what is (not) here and what will make something appear. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
