/**
 * Queues one person's message on one channel, in the caller's transaction: the links each channel needs (a
 * single-use sign-in link for email, a short one for SMS, the page's plain address for chat, which others read;
 * the unsubscribe links for email), then the rendered payload in the outbox. Lessons (dispatcher.ts) and boost
 * nudges (boost-nudges.ts) say different things through the same mechanism.
 */
import type { Db } from '../../db/database.ts';
import { signToken } from '../../platform/ids.ts';
import type { AuthService } from '../identity/index.ts';
import type { ChannelSettingsRow } from './delivery.repository.ts';
import type { EmailPayload } from './email.channel.ts';
import type { OutboxService } from './outbox.service.ts';
import type { ExternalChannel, Recipient } from './recipients.ts';

/** The signed token of a person's unsubscribe link (no expiry: an old email's link keeps working). */
export function unsubscribeToken(secretKey: string, orgId: string, personId: string): string {
  return `${orgId}.${personId}.${signToken(secretKey, `unsubscribe:${orgId}:${personId}`).slice(0, 32)}`;
}

/** What a message says on each channel, given the links made for it (no chat for a personal matter). */
export interface ChannelRenderers {
  email(links: { url: string; unsubscribeUrl: string; oneClickUrl: string }): EmailPayload;
  sms(shortUrl: string): { to: string; body: string };
  chat?(target: { flavour: 'slack' | 'teams'; webhookUrl: string; url: string }): unknown;
}

export interface ChannelQueueDeps {
  outbox: Pick<OutboxService, 'queue' | 'queueEmail'>;
  auth: Pick<AuthService, 'createSignInUrl'>;
  publicUrl: string;
  secretKey: string;
}

export function createChannelQueue(deps: ChannelQueueDeps) {
  /** Queues the message to `recipient` on `channel` under `idempotencyKey`, pointing at `path` (e.g. a lesson). */
  return async function queueOnChannel(
    trx: Db,
    message: { orgId: string; recipient: Recipient; channel: ExternalChannel; idempotencyKey: string; path: string; linkTtlMs: number; settings: ChannelSettingsRow | undefined; notBefore?: Date | undefined },
    render: ChannelRenderers,
  ): Promise<void> {
    const { orgId, recipient, channel } = message;
    const base = { orgId, personId: recipient.personId, idempotencyKey: message.idempotencyKey, notBefore: message.notBefore };
    if (channel === 'email') {
      const url = await deps.auth.createSignInUrl(orgId, recipient.personId, { ttlMs: message.linkTtlMs, redirectTo: message.path }, trx);
      const query = `token=${encodeURIComponent(unsubscribeToken(deps.secretKey, orgId, recipient.personId))}`;
      await deps.outbox.queueEmail(trx, { ...base, email: render.email({ url, unsubscribeUrl: `${deps.publicUrl}/unsubscribe?${query}`, oneClickUrl: `${deps.publicUrl}/api/unsubscribe?${query}` }) });
    } else if (channel === 'sms') {
      const shortUrl = await deps.auth.createSignInUrl(orgId, recipient.personId, { ttlMs: message.linkTtlMs, redirectTo: message.path, short: true }, trx);
      await deps.outbox.queue(trx, { ...base, channel: 'sms', payload: render.sms(shortUrl) });
    } else {
      if (!render.chat) throw new Error('This message is not for a chat channel.');
      const webhookUrl = (recipient.teamChatWebhookUrl ?? message.settings?.chat_webhook_url)!;
      await deps.outbox.queue(trx, { ...base, channel: 'chat', payload: render.chat({ flavour: message.settings?.chat_flavour ?? 'slack', webhookUrl, url: `${deps.publicUrl}${message.path}` }) });
    }
  };
}

export type QueueOnChannel = ReturnType<typeof createChannelQueue>;
