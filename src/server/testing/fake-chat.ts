/**
 * A real HTTP server on loopback standing in for chat webhooks, Slack's and Teams', for tests (channel tests
 * and end-to-end tests alike): Morsel posts to it over HTTP and tests read what arrived. It checks bodies
 * the way the services do and answers in their words, and can be made to fail.
 *
 * Paths: `/slack/…` behaves as a Slack incoming webhook, `/teams/workflows/…` as a Teams Workflows webhook
 * (202, empty body), `/teams/connector/…` as an older Teams connector (200, body `1`); anything else is 404
 * `no_service`, Slack's answer for a removed webhook.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headersOf, startLoopbackServer } from './loopback-server.ts';

/** One request as it arrived. */
export interface ReceivedChatRequest {
  flavour: 'slack' | 'teams' | 'unknown';
  method: string;
  path: string;
  /** By lower-cased name. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  body: unknown;
  /** What the fake answered (0 when it was made to hang). */
  status: number;
}

/** A running fake. */
export interface FakeChat {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** A Slack incoming webhook URL on this server. */
  slackUrl: string;
  /** A Teams Workflows webhook URL on this server (answers 202). */
  teamsUrl: string;
  /** An older Teams connector URL on this server (answers 200 `1`). */
  teamsConnectorUrl: string;
  /** Every request received so far, oldest first, failed ones included. */
  requests: ReceivedChatRequest[];
  /** The next `count` requests answer `status` with `body` (Slack-like text by default) and `headers`. */
  failNext(count: number, status: number, body?: string, headers?: Record<string, string>): void;
  /** The next `count` requests are read and recorded but never answered (until `close`). */
  hangNext(count: number): void;
  /** Every request from now on answers `status` (an outage, a revoked webhook); null to behave normally. */
  setStatus(status: number | null): void;
  /** Stops listening and drops open connections: from now on connections are refused. */
  down(): Promise<void>;
  close(): Promise<void>;
}

/** Slack's words for a status, as its incoming webhooks answer. */
const SLACK_ERRORS: Record<number, string> = { 400: 'invalid_payload', 403: 'action_prohibited', 404: 'no_service', 410: 'channel_is_archived', 429: 'rate_limited', 500: 'rollup_error' };

type Answer = { status: number; body: string; headers?: Record<string, string> };

/** Slack's checks: JSON with `text` or `blocks`; blocks need a type, sections at most 3000 characters of text. */
function answerSlack(body: unknown): Answer {
  if (typeof body !== 'object' || body === null) return { status: 400, body: 'invalid_payload' };
  const { text, blocks } = body as { text?: unknown; blocks?: unknown };
  if (blocks !== undefined) {
    const isValid = Array.isArray(blocks) && blocks.length <= 50 && blocks.every((block: { type?: unknown; text?: { text?: unknown } }) => {
      if (typeof block?.type !== 'string') return false;
      return block.type !== 'section' || (typeof block.text?.text === 'string' && block.text.text.length <= 3000);
    });
    if (!isValid) return { status: 400, body: 'invalid_blocks' };
  }
  if ((typeof text !== 'string' || text === '') && blocks === undefined) return { status: 400, body: 'no_text' };
  return { status: 200, body: 'ok', headers: { 'x-slack-req-id': `fake-${Math.random().toString(16).slice(2, 10)}` } };
}

/** Teams' checks: a message whose attachments include an Adaptive Card with a body. */
function answerTeams(body: unknown, isConnector: boolean): Answer {
  const attachments = (body as { attachments?: unknown } | null)?.attachments;
  const card = Array.isArray(attachments)
    ? (attachments as Array<{ contentType?: unknown; content?: { type?: unknown; body?: unknown } }>).find((attachment) => attachment?.contentType === 'application/vnd.microsoft.card.adaptive')
    : undefined;
  if (!card || card.content?.type !== 'AdaptiveCard' || !Array.isArray(card.content.body)) {
    return { status: 400, body: JSON.stringify({ error: { code: 'InvalidRequestContent', message: 'The message must have an Adaptive Card attachment.' } }), headers: { 'content-type': 'application/json' } };
  }
  return isConnector ? { status: 200, body: '1' } : { status: 202, body: '', headers: { 'x-ms-workflow-run-id': `fake-${Math.random().toString(16).slice(2, 10)}` } };
}

/** How the service behind `path` answers (a body that is not JSON arrives as a string). */
function answerFor(method: string, path: string, body: unknown): Answer {
  if (method !== 'POST') return { status: 405, body: 'invalid_method' };
  if (path.startsWith('/slack/')) return answerSlack(typeof body === 'string' ? null : body);
  if (path.startsWith('/teams/')) return answerTeams(body, path.startsWith('/teams/connector/'));
  return { status: 404, body: 'no_service' };
}

/** Starts a fake chat server on a free loopback port. */
export async function startFakeChat(): Promise<FakeChat> {
  const requests: ReceivedChatRequest[] = [];
  const failures: Array<Answer | 'hang'> = [];
  let stickyStatus: number | null = null;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Recorded as text; Slack and Teams refuse it below.
    }
    const path = request.url ?? '/';
    const flavour = path.startsWith('/slack/') ? 'slack' : path.startsWith('/teams/') ? 'teams' : 'unknown';
    const answer = failures.shift() ?? (stickyStatus !== null ? { status: stickyStatus, body: SLACK_ERRORS[stickyStatus] ?? 'error' } : answerFor(request.method ?? '', path, body));
    const headers = headersOf(request);
    requests.push({ flavour, method: request.method ?? '', path, headers, body, status: answer === 'hang' ? 0 : answer.status });
    if (answer === 'hang') return;
    response.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...answer.headers });
    response.end(answer.body);
  }

  const { url, close } = await startLoopbackServer(handle);

  return {
    url,
    slackUrl: `${url}/slack/services/T0000/B0000/XXXXXXXXXXXXXXXX`,
    teamsUrl: `${url}/teams/workflows/abc123/triggers/manual/paths/invoke?sig=fake`,
    teamsConnectorUrl: `${url}/teams/connector/webhookb2/abc123`,
    requests,
    failNext(count, status, body, headers) {
      for (let i = 0; i < count; i++) failures.push({ status, body: body ?? SLACK_ERRORS[status] ?? 'error', headers });
    },
    hangNext(count) {
      for (let i = 0; i < count; i++) failures.push('hang');
    },
    setStatus(status) {
      stickyStatus = status;
    },
    down: close,
    close,
  };
}
