import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The same for every attempt at one message, so copies can be recognised (`<…@domain>`). */
  messageId?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message. @throws Error when the SMTP server refuses it or cannot be reached. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

interface MailLogger {
  info(object: object, message: string): void;
}

/**
 * Email over SMTP with nodemailer. Without an SMTP_URL, messages are written to the log instead, so a
 * fresh install can still sign people in (the link is in the server's output).
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: MailLogger }): Mailer {
  if (!options.smtpUrl) {
    return {
      async send(message) {
        options.logger.info({ mail: message }, `Email not sent (no SMTP_URL configured): ${message.subject} → ${message.to}\n${message.text}`);
      },
      close() {},
    };
  }
  // Pooled connections (one per sending lane of the outbox worker); timeouts well inside the outbox lease, so a
  // hung server fails the attempt instead of holding the message.
  const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 4, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  // A pooled connection failing between messages is reported by the next send, not thrown here.
  transport.on('error', (error) => options.logger.info({ err: error }, 'SMTP connection closed'));
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}
