/**
 * A real SMTP server on loopback for tests (route tests and end-to-end tests alike): Morsel sends to it over
 * SMTP, and tests read what arrived (parsed with mailparser) instead of mocking the mailer.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as it arrived. */
export interface ReceivedMail {
  /** Envelope recipients, lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  /** Every header as sent (raw text after the colon), by lower-cased name. */
  headers: Record<string, string>;
}

/** A running capture server. */
export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`, for Morsel's SMTP_URL. */
  url: string;
  port: number;
  /** Every message received so far, oldest first. */
  messages: ReceivedMail[];
  /**
   * Resolves with the first message (received already or still to come) that matches.
   * @throws Error after `timeoutMs` listing what did arrive.
   */
  waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** The first message sent to this address. */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Options of a catcher: a fixed port (to bring a server "back up" where it was), recipients refused with 550. */
export interface MailCatcherOptions {
  port?: number;
  rejectRecipient?: (address: string) => boolean;
}

/** Starts an SMTP server on a loopback port (free, unless given): no TLS, no authentication required. */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'Morsel test mail catcher',
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address.toLowerCase())) {
        const refusal = Object.assign(new Error(`No such mailbox: ${address.address}`), { responseCode: 550 });
        callback(refusal);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            headers: Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key.toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])),
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  // A client that drops its connection (a pooled sender closing, a worker killed mid-message) is not a test failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  function waitForMail(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const received = messages.map((mail) => `“${mail.subject}” to ${mail.to.join(', ')}`).join('; ') || 'nothing';
        reject(new Error(`No matching email arrived within ${timeoutMs} ms; received: ${received}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitForMail,
    waitForMailTo: (address, timeoutMs) => waitForMail((mail) => mail.to.includes(address.toLowerCase()), timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The first link in an email that starts with `prefix` (e.g. `http://127.0.0.1:4000/auth/link?token=`).
 * @throws Error quoting the email when there is none.
 */
export function findLink(mail: ReceivedMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s"'<>)]*`).exec(`${mail.text}\n${mail.html}`);
  if (!match) throw new Error(`No link starting with ${prefix} in the email “${mail.subject}”:\n${mail.text}`);
  return match[0].replace(/&amp;/g, '&');
}

/** The first URL in an email's text. */
export function extractLink(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`No link in: ${text}`);
  return match[0];
}
