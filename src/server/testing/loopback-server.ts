/** A throwaway HTTP server on 127.0.0.1 for the fakes of outside services (chat webhooks, SMS providers). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelError } from '../modules/delivery/channels.ts';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Drops open connections and stops listening; safe to call twice. */
  close(): Promise<void>;
}

/** The request's headers as plain strings (repeated headers joined with ", "), as a fake records them. */
export function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
}

/** Listens on a free loopback port; a handler that throws destroys that connection (the client sees a reset). */
export async function startLoopbackServer(handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let isClosed = false;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      if (isClosed) return;
      isClosed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The ChannelError a send to a fake fails with (fails the test when it succeeds or throws anything else). */
export async function failureOf(sending: Promise<unknown>): Promise<ChannelError> {
  const error = await sending.then(
    () => new Error('expected the send to fail, and it succeeded'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof ChannelError)) throw error;
  return error;
}
