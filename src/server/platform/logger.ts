import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * JSON logs in production, readable ones in development; secrets never logged (cookies, tokens, passwords).
 * `toStderr` keeps standard output for a command's own output (the CLI's `--json`).
 */
export function createLogger(config: Pick<Config, 'env' | 'logLevel'>, options: { toStderr?: boolean } = {}): Logger {
  const pretty = config.env === 'development' && process.stdout.isTTY && !options.toStderr;
  const settings = {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
  return options.toStderr ? pino(settings, pino.destination({ fd: 2, sync: true })) : pino(settings);
}
