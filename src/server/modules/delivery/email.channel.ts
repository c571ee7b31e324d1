/** Email through the mailer (nodemailer over SMTP), with the outbox's idempotency key as the Message-ID. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Mailer } from '../mail/mailer.ts';
import { type Channel, ChannelError } from './channels.ts';

/** What an email in the outbox carries: rendered when queued, so a template change never alters a queued message. */
export const EmailPayload = z.object({
  to: z.string().min(3),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type EmailPayload = z.infer<typeof EmailPayload>;

/**
 * The Message-ID of a queued message: the same for every attempt, so when a crash makes a message go out
 * twice (see the outbox's guarantee), receivers and mail stores see one message id and can drop the copy.
 */
export function messageIdFor(orgId: string, idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(`${orgId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}@${domain}>`;
}

/** SMTP replies 5xx are final (no such mailbox, policy refusal); 4xx and connection failures are worth retrying. */
function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function createEmailChannel(options: { mailer: Mailer; messageIdDomain: string }): Channel {
  return {
    async send(message) {
      const parsed = EmailPayload.safeParse(message.payload);
      if (!parsed.success) throw new ChannelError(`The queued email is malformed: ${parsed.error.message}`, true);
      const messageId = messageIdFor(message.orgId, message.idempotencyKey, options.messageIdDomain);
      try {
        await options.mailer.send({ ...parsed.data, messageId });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        throw new ChannelError(`SMTP: ${text}`, isPermanentSmtpFailure(error));
      }
      return { providerId: messageId };
    },
  };
}
