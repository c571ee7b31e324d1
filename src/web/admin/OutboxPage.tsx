import { useState } from 'react';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { type OutboxItem, type OutboxStatus, STATUS_TABS, useOutbox, useRetryMessage } from './outbox.hooks.ts';

const STATUS_LABEL: Record<OutboxStatus, string> = { queued: 'Waiting', sending: 'Sending', sent: 'Sent', dead: 'Dead' };

/** `/admin/outbox`: every message Morsel sends, what is waiting or failed and why, with a retry for dead ones. */
export function OutboxPage() {
  usePageTitle('Outbox');
  const [status, setStatus] = useState<OutboxStatus | ''>('dead');
  const outbox = useOutbox(status);
  const retry = useRetryMessage();
  const counts = outbox.data?.counts;
  return (
    <>
      <h1>Outbox</h1>
      <p className="lead">Every email and message Morsel sends waits here until it is delivered. Failed sends are tried again with growing pauses; what still fails is dead and can be retried.</p>
      <div role="group" aria-label="Show messages" className="segmented">
        {STATUS_TABS.map((tab) => (
          <button key={tab.value || 'all'} type="button" className={status === tab.value ? 'segment is-active' : 'segment'} aria-pressed={status === tab.value} onClick={() => setStatus(tab.value)}>
            {tab.label}
            {counts && tab.value && <span className="segment-count"> {counts[tab.value]}</span>}
          </button>
        ))}
      </div>
      <Notice>{retry.isSuccess ? `The message to ${retry.variables.recipient ?? 'its recipient'} is queued again.` : undefined}</Notice>
      <ErrorAlert error={outbox.error ?? retry.error} />
      {outbox.isPending ? (
        <Loading />
      ) : outbox.data && outbox.data.items.length === 0 ? (
        <EmptyState title={status === 'dead' ? 'Nothing failed' : 'No messages here'}>
          <p>{status === 'dead' ? 'Every message was delivered or is still being tried.' : 'Messages appear here as Morsel sends them.'}</p>
        </EmptyState>
      ) : (
        outbox.data && <OutboxTable items={outbox.data.items} onRetry={(item) => retry.mutate(item)} isBusy={retry.isPending} />
      )}
    </>
  );
}

function OutboxTable({ items, onRetry, isBusy }: { items: OutboxItem[]; onRetry: (item: OutboxItem) => void; isBusy: boolean }) {
  return (
    <table className="table table-stack">
      <caption className="visually-hidden">Messages</caption>
      <thead>
        <tr>
          <th scope="col">To</th>
          <th scope="col">Message</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">When</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <th scope="row" data-label="To">
              {item.recipient ?? '—'} <span className="badge">{item.channel}</span>
            </th>
            <td data-label="Message">
              {item.subject ?? '—'}
              {item.lastError && item.status !== 'sent' && <p className="outbox-error">{item.lastError}</p>}
            </td>
            <td data-label="Status">{STATUS_LABEL[item.status]}</td>
            <td data-label="Attempts">
              {item.attempts} of {item.maxAttempts}
            </td>
            <td data-label="When">{item.sentAt ? `Sent ${formatDateTime(item.sentAt)}` : item.status === 'queued' ? `Next try ${formatDateTime(item.nextAttemptAt)}` : `Queued ${formatDateTime(item.createdAt)}`}</td>
            <td data-label="Actions" className="cell-actions">
              {item.status === 'dead' && (
                <button type="button" className="button button-small" onClick={() => onRetry(item)} disabled={isBusy}>
                  Retry<span className="visually-hidden"> the message to {item.recipient}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
