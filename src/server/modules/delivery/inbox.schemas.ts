/** Schemas of the inbox, unsubscribing and channel settings; isomorphic (the web app imports them). */
import { z } from 'zod';

export const InboxItem = z.object({
  id: z.string(),
  kind: z.enum(['lesson', 'reminder', 'trigger']),
  courseId: z.string(),
  courseTitle: z.string(),
  lessonId: z.string(),
  title: z.string(),
  coreQuestion: z.string(),
  estimatedSeconds: z.number(),
  sentAt: z.string(),
  readAt: z.string().nullable(),
  completed: z.boolean(),
});
export type InboxItem = z.infer<typeof InboxItem>;
export const Inbox = z.object({ items: z.array(InboxItem), unread: z.number() });
export const InboxParams = z.object({ id: z.string().min(1).max(64) });

export const UnsubscribeBody = z.strictObject({ token: z.string().min(10).max(300) });
export const UnsubscribeQuery = z.object({ token: z.string().min(10).max(300) });
export const Unsubscribed = z.object({ email: z.string() });

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'Use an http:// or https:// address.');

export const ChannelSettings = z.object({
  chatFlavour: z.enum(['slack', 'teams']),
  chatWebhookUrl: z.string().nullable(),
  sms: z.object({ baseUrl: z.string(), accountSid: z.string(), from: z.string(), hasAuthToken: z.boolean() }).nullable(),
  boostNudges: z.boolean().describe('Whether people with review items due get a daily nudge to their boost on their channel, at a good local time'),
  updatedAt: z.string().nullable(),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

export const ChannelSettingsPatch = z.strictObject({
  chatFlavour: z.enum(['slack', 'teams']).optional(),
  chatWebhookUrl: HttpUrl.nullable().optional(),
  sms: z
    .strictObject({
      baseUrl: HttpUrl.describe('The provider’s API root, e.g. https://api.twilio.com'),
      accountSid: z.string().trim().min(2).max(64),
      authToken: z.string().min(8).max(200).optional().describe('Write-only; leave out to keep the stored one'),
      from: z
        .string()
        .trim()
        .regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, 'Use an E.164 number such as +441234567890 or an alphanumeric sender of up to 11 characters.'),
    })
    .nullable()
    .optional(),
  boostNudges: z.boolean().optional(),
});
export type ChannelSettingsPatch = z.infer<typeof ChannelSettingsPatch>;
