/**
 * A real HTTP server on loopback speaking Twilio's Messages API, for tests (channel tests and end-to-end tests
 * alike): Morsel posts to it over HTTP and tests read the messages that arrived. It checks credentials and
 * parameters the way Twilio does and answers with Twilio's error codes, and can be made to fail.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headersOf, startLoopbackServer } from './loopback-server.ts';

/** One request as it arrived. */
export interface ReceivedSmsRequest {
  method: string;
  path: string;
  /** By lower-cased name. */
  headers: Record<string, string>;
  /** The form fields (`To`, `From`, `Body`…). */
  body: Record<string, string>;
  /** What the fake answered (0 when it was made to hang). */
  status: number;
  /** The sid given to an accepted message. */
  sid: string | null;
}

/** A running fake. */
export interface FakeSms {
  /** `http://127.0.0.1:<port>`: the provider's base URL. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Provider settings for Morsel that point here (`from` is a number of the fake account). */
  settings: { baseUrl: string; accountSid: string; authToken: string; from: string };
  /** Every request received so far, oldest first, refused ones included. */
  requests: ReceivedSmsRequest[];
  /** The next `count` requests answer `status` with a Twilio error body carrying `code` (20500 by default) and `message`. */
  failNext(count: number, status: number, code?: number, message?: string): void;
  /** The next `count` requests are read and recorded but never answered (until `close`). */
  hangNext(count: number): void;
  /** Every request from now on answers `status` with a Twilio error body; null to behave normally. */
  setStatus(status: number | null): void;
  /** Stops listening and drops open connections: from now on connections are refused. */
  down(): Promise<void>;
  close(): Promise<void>;
}

type Answer = { status: number; json: Record<string, unknown> };

/** Twilio's error body. */
function twilioError(status: number, code: number, message: string): Answer {
  return { status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** Starts a fake provider on a free loopback port, with the given credentials or random ones. */
export async function startFakeSms(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeSms> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const expectedAuthorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const requests: ReceivedSmsRequest[] = [];
  const failures: Array<Answer | 'hang'> = [];
  let stickyStatus: number | null = null;

  /** Twilio's checks, in its order: the resource, the credentials, then the parameters. */
  function answerFor(request: IncomingMessage, body: Record<string, string>): Answer {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return twilioError(404, 20404, 'The requested resource was not found');
    if (request.headers.authorization !== expectedAuthorization || decodeURIComponent(match[1]!) !== accountSid) return twilioError(401, 20003, 'Authenticate');
    if (!body.To) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(body.To)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${body.To}`);
    if (!body.From) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body.Body) return twilioError(400, 21602, 'Message body is required.');
    if ([...body.Body].length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return {
      status: 201,
      json: {
        sid, account_sid: accountSid, to: body.To, from: body.From, body: body.Body, status: 'queued', direction: 'outbound-api',
        num_segments: String([...body.Body].length <= 160 ? 1 : Math.ceil([...body.Body].length / 153)), api_version: '2010-04-01', date_created: now, date_updated: now,
        date_sent: null, price: null, error_code: null, error_message: null, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      },
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    // Twilio reads form fields only: a JSON body arrives as no parameters at all.
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const body = isForm ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) : {};
    const answer = failures.shift() ?? (stickyStatus !== null ? twilioError(stickyStatus, 20500, 'Internal Server Error') : answerFor(request, body));
    const headers = headersOf(request);
    const sid = answer !== 'hang' && typeof answer.json.sid === 'string' ? answer.json.sid : null;
    requests.push({ method: request.method ?? '', path: request.url ?? '/', headers, body, status: answer === 'hang' ? 0 : answer.status, sid });
    if (answer === 'hang') return;
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(answer.json));
  }

  const { url, close } = await startLoopbackServer(handle);

  return {
    url,
    accountSid,
    authToken,
    settings: { baseUrl: url, accountSid, authToken, from: '+15005550006' },
    requests,
    failNext(count, status, code = 20500, message = 'Injected failure') {
      for (let i = 0; i < count; i++) failures.push(twilioError(status, code, message));
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
