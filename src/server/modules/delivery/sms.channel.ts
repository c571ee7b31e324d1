/**
 * SMS through a provider with Twilio's REST shape (Twilio itself, or a compatible gateway): one form-encoded
 * POST to `{baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json` per message. The provider's settings,
 * credentials included, are looked up per organisation when sending and never queued with the message.
 */
import { z } from 'zod';
import { type Channel, ChannelError } from './channels.ts';
import { type HostLookup, readBodyText, sendOutbound } from './url-guard.ts';

/** The longest body sent: one GSM-7 segment. (A body with characters outside GSM-7 costs more segments.) */
export const SMS_MAX_CHARACTERS = 160;

/**
 * What an SMS in the outbox carries: the number and the text, nothing else. Strict, so a payload that
 * carries anything more (credentials copied in by mistake, above all) is refused rather than silently sent.
 */
export const SmsPayload = z.strictObject({
  /** E.164: a plus, a country code, up to 15 digits in all. */
  to: z.string().regex(/^\+[1-9]\d{6,14}$/, 'Not a phone number in international (E.164) form, like +447700900123'),
  body: z
    .string()
    .min(1)
    .refine((body) => [...body].length <= SMS_MAX_CHARACTERS, `An SMS may have at most ${SMS_MAX_CHARACTERS} characters`),
});
export type SmsPayload = z.infer<typeof SmsPayload>;

/** An organisation's SMS provider, as its admin configured it. */
export interface SmsProviderSettings {
  /** Where the provider's API is, e.g. `https://api.twilio.com`. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender: a number in E.164 form, or an alphanumeric sender id where the provider allows one. */
  from: string;
}

export interface SmsChannelOptions {
  /** The organisation's provider settings, or null when it has none. */
  settingsOf: (orgId: string) => Promise<SmsProviderSettings | null>;
  /** ALLOW_PRIVATE_WEBHOOK_TARGETS: let a provider on a private network or loopback through. */
  allowPrivateTargets: boolean;
  /** Per attempt, reading the answer included (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  lookup?: HostLookup;
}

/** Twilio's error body: `{ code, message, more_info, status }`. */
const ProviderError = z.object({ code: z.number().optional(), message: z.string().optional() });

/** "code 21211: Invalid 'To' Phone Number", or the start of whatever the provider answered. */
function describeProviderAnswer(answer: string): string {
  try {
    const error = ProviderError.parse(JSON.parse(answer));
    const parts = [error.code !== undefined ? `code ${error.code}` : null, error.message ?? null].filter((part) => part !== null);
    if (parts.length > 0) return parts.join(': ').slice(0, 300);
  } catch {
    // Not Twilio's JSON: quote it.
  }
  return answer.trim().slice(0, 200);
}

/**
 * The SMS channel. Resolves with the provider's message sid (`SM…`), or null when an accepted answer has
 * none (the message went out; failing here would send it twice).
 * @throws ChannelError: permanent for a malformed payload (bad number, more than 160 characters), an
 *   organisation without SMS settings, a refused URL, rejected credentials (401/403) or another 4xx (with
 *   the provider's code and message); temporary for 429, 5xx, timeouts and network errors. Errors thrown by
 *   `settingsOf` (the database) propagate and count as temporary.
 */
export function createSmsChannel(options: SmsChannelOptions): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message) {
      const parsed = SmsPayload.safeParse(message.payload);
      if (!parsed.success) throw new ChannelError(`The queued SMS is malformed: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ')}`, true);
      const settings = await options.settingsOf(message.orgId);
      if (!settings) throw new ChannelError('SMS is not configured for this organisation.', true);
      const url = `${settings.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
      const form = new URLSearchParams({ To: parsed.data.to, From: settings.from, Body: parsed.data.body });
      const response = await sendOutbound(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`,
            'idempotency-key': message.idempotencyKey,
            accept: 'application/json',
          },
          body: form.toString(),
        },
        { allowPrivate: options.allowPrivateTargets, lookup: options.lookup, timeoutMs, fetch: options.fetch, subject: 'The SMS provider URL' },
      );
      const answer = await readBodyText(response, 16_384);
      if (response.ok) {
        let sid: unknown;
        try {
          sid = (JSON.parse(answer) as { sid?: unknown }).sid;
        } catch {
          sid = undefined;
        }
        return { providerId: typeof sid === 'string' && sid !== '' ? sid : null };
      }
      const detail = describeProviderAnswer(answer);
      if (response.status === 401 || response.status === 403) {
        throw new ChannelError(`The SMS provider refused Morsel's credentials (${response.status}${detail ? `, ${detail}` : ''}); check the account SID and auth token in the organisation's SMS settings.`, true);
      }
      const isTemporary = response.status === 429 || response.status >= 500;
      throw new ChannelError(`The SMS provider refused the message: ${response.status}${detail ? ` ${detail}` : ''}`, !isTemporary);
    },
  };
}
