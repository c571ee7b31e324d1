/** Request and response schemas of the delivery module's routes; isomorphic (the web app imports the types). */
import { z } from 'zod';

export const OutboxStatus = z.enum(['queued', 'sending', 'sent', 'dead']);

export const OutboxQuery = z.object({
  status: OutboxStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().min(1).max(64).optional().describe('The last id of the previous page'),
});

export const OutboxItem = z.object({
  id: z.string(),
  channel: z.enum(['email', 'chat', 'sms', 'webhook', 'xapi']),
  status: OutboxStatus,
  recipient: z.string().nullable(),
  subject: z.string().nullable(),
  attempts: z.number(),
  maxAttempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export const OutboxPage = z.object({
  counts: z.object({ queued: z.number(), sending: z.number(), sent: z.number(), dead: z.number() }),
  items: z.array(OutboxItem),
  nextBefore: z.string().nullable(),
});

export const OutboxIdParams = z.object({ id: z.string().min(1).max(64) });
