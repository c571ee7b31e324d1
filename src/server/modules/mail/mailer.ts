import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
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
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}
