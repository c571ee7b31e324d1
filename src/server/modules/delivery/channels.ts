/** What the outbox sends through: one `Channel` per kind of address, and how a channel says a send failed. */
import type { OutboxChannel } from './outbox.table.ts';

/** One message as the outbox hands it to a channel. */
export interface ChannelMessage {
  id: string;
  orgId: string;
  idempotencyKey: string;
  /** The payload as queued (the channel checks its shape). */
  payload: unknown;
}

export interface Channel {
  /**
   * Sends one message. Resolves with what the provider answered (its id for the message, where there is one).
   * @throws ChannelError saying whether trying again could help; any other error counts as temporary.
   */
  send(message: ChannelMessage): Promise<{ providerId: string | null }>;
}

export type Channels = Partial<Record<OutboxChannel, Channel>>;

/** A failed send. `isPermanent`: the provider refused it for good (bad address, rejected payload); do not retry. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
