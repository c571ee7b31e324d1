import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * Sign-in, password-reset and unsubscribe links carry their token in the URL (`?token=…`, `/l/<token>`), and
 * Fastify logs every request's URL: the token is masked so that whoever reads the log cannot use a link its
 * person has not opened yet.
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|secret|key)=)[^&#]*/gi, '$1[redacted]').replace(/^\/l\/[^/?#]+/, '/l/[redacted]');
}

/** A request as Fastify logs it (its own serializer's fields), with the URL's secrets masked. */
function serializeRequest(request: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: request.method, url: typeof request.url === 'string' ? redactUrl(request.url) : request.url, host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

/**
 * JSON logs in production, readable ones in development; secrets never logged (cookies, tokens, passwords,
 * link tokens in URLs). `toStderr` keeps standard output for a command's own output (the CLI's `--json`);
 * `destination` is for tests that read what was logged.
 */
export function createLogger(config: Pick<Config, 'env' | 'logLevel'>, options: { toStderr?: boolean; destination?: DestinationStream } = {}): Logger {
  const pretty = config.env === 'development' && process.stdout.isTTY && !options.toStderr && !options.destination;
  const settings = {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    serializers: { req: serializeRequest },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
  if (options.destination) return pino(settings, options.destination);
  return options.toStderr ? pino(settings, pino.destination({ fd: 2, sync: true })) : pino(settings);
}
