/** Row types of the delivery module's tables, exactly as stored. */

/** Where a message goes out. */
export type OutboxChannel = 'email' | 'chat' | 'sms' | 'webhook' | 'xapi';

/**
 * `queued`: waiting for its next attempt (`attempts` > 0 and `last_error` set after a failure);
 * `sending`: claimed by a worker until `locked_until` (after that, another worker may take it over);
 * `sent`: the channel accepted it; `dead`: gave up (attempts exhausted, or a permanent refusal).
 */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'dead';

export interface OutboxMessageTable {
  /** UUIDv7: time-ordered. */
  id: string;
  org_id: string;
  channel: OutboxChannel;
  /** Unique per organisation: the same key twice is one message. Also sent to the channel where it takes one (email Message-ID). */
  idempotency_key: string;
  /** The person it is for, when it is for one (so their data can be exported or deleted). */
  person_id: string | null;
  /** JSON of the channel's payload, rendered when the message was queued. */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string;
  /** The worker holding the message while `sending`; the one that sent it once `sent`. */
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  /** What the channel answered when it accepted the message (SMTP response, provider message id). */
  provider_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}
