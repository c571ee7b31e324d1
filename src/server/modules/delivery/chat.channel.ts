/**
 * Chat through incoming webhooks: Slack's (Block Kit) and Microsoft Teams' (an Adaptive Card, as Teams
 * Workflows and the older connectors accept). The webhook URL is the whole address and its secret, so it
 * travels in the payload, is checked against the SSRF guard before every send, and never appears in errors.
 */
import { z } from 'zod';
import { type Channel, ChannelError } from './channels.ts';
import { type HostLookup, readBodyText, sendOutbound } from './url-guard.ts';

/** Slack's limits: a section's text, a header's text, a button's label. */
const SLACK_SECTION_LIMIT = 3000;
const SLACK_HEADER_LIMIT = 150;
const SLACK_BUTTON_LIMIT = 75;

/** What a chat message in the outbox carries: rendered when queued, like an email. */
export const ChatPayload = z.object({
  flavour: z.enum(['slack', 'teams']),
  url: z.string().min(1),
  /** Plain text: the channel escapes it for the provider. */
  text: z.string().min(1).max(SLACK_SECTION_LIMIT),
  title: z.string().min(1).max(SLACK_HEADER_LIMIT).optional(),
  link: z.object({ url: z.url({ protocol: /^https?$/ }).max(3000), label: z.string().min(1).max(SLACK_BUTTON_LIMIT) }).optional(),
});
export type ChatPayload = z.infer<typeof ChatPayload>;

/** Plain text made safe for Slack's mrkdwn: only `&`, `<` and `>` are control characters there. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text in pieces of at most `limit` characters, never splitting an entity or a surrogate pair. */
function splitEscaped(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const character of text) {
    const escaped = escapeSlackText(character);
    if (current.length + escaped.length > limit) {
      pieces.push(current);
      current = '';
    }
    current += escaped;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * The JSON body of a Slack incoming webhook: `text` as the notification fallback, and blocks: a header for the
 * title, the text in mrkdwn sections (escaping can push it past a section's limit, so it may take several),
 * and a button to the link. Everything from the payload is escaped, so it shows as written and cannot mention
 * `<!channel>` or forge a link.
 */
export function slackBodyFor(payload: ChatPayload): Record<string, unknown> {
  const blocks: unknown[] = [];
  if (payload.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: payload.title, emoji: true } });
  for (const piece of splitEscaped(payload.text, SLACK_SECTION_LIMIT)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  if (payload.link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: payload.link.label, emoji: true }, url: payload.link.url }] });
  }
  const fallback = payload.title ? `${payload.title}\n${payload.text}` : payload.text;
  return { text: escapeSlackText(fallback), blocks };
}

/** The JSON body for Teams: a message with one Adaptive Card (1.4): the title in bold, the text, a button to the link. */
export function teamsBodyFor(payload: ChatPayload): Record<string, unknown> {
  const body: unknown[] = [];
  if (payload.title) body.push({ type: 'TextBlock', text: payload.title, weight: 'Bolder', size: 'Medium', wrap: true });
  body.push({ type: 'TextBlock', text: payload.text, wrap: true });
  const actions = payload.link ? [{ type: 'Action.OpenUrl', title: payload.link.label, url: payload.link.url }] : [];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  };
}

/** Response headers that carry the provider's id of the request, in order of preference. */
const REQUEST_ID_HEADERS = ['x-slack-req-id', 'x-ms-workflow-run-id', 'x-ms-request-id', 'request-id', 'x-request-id'];

/**
 * Teams' older connectors answer 200 even when delivery failed, with the failure in the body
 * ("Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 …").
 * Returns that inner status, or null for a real success.
 */
function innerTeamsFailure(body: string): number | null {
  if (!/delivery failed|returned HTTP error/i.test(body)) return null;
  const inner = /returned HTTP error (\d{3})/i.exec(body)?.[1];
  return inner ? Number(inner) : 500;
}

/** 429 and 5xx are worth trying again; any other refusal (bad payload, revoked or archived webhook) is final. */
function isTemporaryStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export interface ChatChannelOptions {
  /** ALLOW_PRIVATE_WEBHOOK_TARGETS: let webhooks on private networks and loopback through. */
  allowPrivateTargets: boolean;
  /** Per attempt, reading the answer included (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  lookup?: HostLookup;
}

/**
 * The chat channel. Sends one POST per attempt with the outbox's idempotency key as `Idempotency-Key`.
 * Resolves with the provider's request id when it gives one.
 * @throws ChannelError: permanent for a malformed payload, a refused URL, a redirect or a 4xx other than 429
 *   (with the status and the start of the answer); temporary for 429, 5xx, timeouts and network errors.
 */
export function createChatChannel(options: ChatChannelOptions): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message) {
      const parsed = ChatPayload.safeParse(message.payload);
      if (!parsed.success) throw new ChannelError(`The queued chat message is malformed: ${parsed.error.message}`, true);
      const payload = parsed.data;
      const name = payload.flavour === 'slack' ? 'Slack' : 'Teams';
      const body = payload.flavour === 'slack' ? slackBodyFor(payload) : teamsBodyFor(payload);
      const response = await sendOutbound(
        payload.url,
        { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey }, body: JSON.stringify(body) },
        { allowPrivate: options.allowPrivateTargets, lookup: options.lookup, timeoutMs, fetch: options.fetch, subject: `The ${name} webhook URL` },
      );
      const answer = (await readBodyText(response, 200)).trim();
      const status = response.ok && payload.flavour === 'teams' ? (innerTeamsFailure(answer) ?? response.status) : response.status;
      if (status >= 200 && status < 300) {
        const requestId = REQUEST_ID_HEADERS.map((header) => response.headers.get(header)).find((value) => value);
        return { providerId: requestId ?? null };
      }
      throw new ChannelError(`${name} webhook refused the message: ${status}${answer ? ` ${answer}` : ''}`, !isTemporaryStatus(status));
    },
  };
}
