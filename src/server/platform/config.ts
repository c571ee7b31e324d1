import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable Morsel reads, each documented. Nothing else in the code reads `process.env`.
 * The README's configuration table is written from these descriptions.
 */
const EnvSchema = z.object({
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; `0.0.0.0` to accept connections from other machines. */
  HOST: z.string().min(1).default('localhost'),
  /** Folder for the embedded database, media and the generated secret key. Created when missing. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** `postgres://user:pass@host:port/db` to use PostgreSQL; unset to use SQLite at `DATA_DIR/morsel.db`. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** The address people use to reach Morsel; used in links sent by email, chat and SMS. */
  PUBLIC_URL: z.string().url().optional(),
  /** Secret for signing links and tokens (32+ characters). Generated into `DATA_DIR/secret.key` when unset; set it on every server when running several. */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** SMTP server for email, e.g. `smtp://user:pass@mail.example.com:587`. Unset: emails are written to the log instead of sent. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** The From address of emails Morsel sends. */
  MAIL_FROM: z.string().min(3).default('Morsel <morsel@localhost>'),
  /** Log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `production` for JSON logs and secure cookies behind HTTPS; `development` for pretty logs; `test` for quiet tests. */
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  /** Mark the session cookie `Secure` (sent over HTTPS only). Defaults to on when PUBLIC_URL is https. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** How long a sign-in session lasts without use, in hours. */
  SESSION_IDLE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  /** Sign-in attempts allowed per address and email in one minute before answering 429. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Tests only (NODE_ENV=test): the server's clock runs this many hours ahead, so a browser test can reach "tomorrow". */
  MORSEL_TEST_CLOCK_OFFSET_HOURS: z.coerce.number().min(-24 * 365).max(24 * 365).optional(),
  /** Largest media file accepted by upload, in bytes. */
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024 * 1024).default(500 * 1024 * 1024),
  /** Largest request body accepted, in bytes (CSV imports included). */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Whether this server sends the outbox's messages (`off` on servers that should only answer requests). */
  OUTBOX_WORKER: z.enum(['on', 'off']).default('on'),
  /** Attempts at one message before it is dead-lettered (retried with exponential backoff between them). */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** How long a worker holds a message it claimed; after that (it crashed or hung) another worker takes it over. */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(300),
  /** How often the dispatcher looks for campaign and trigger lessons that have come due (it also looks at once when some are planned). */
  DISPATCH_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** `true` lets chat webhooks and SMS providers on loopback or private networks be called (local testing only): otherwise refused against server-side request forgery. */
  ALLOW_PRIVATE_WEBHOOK_TARGETS: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly sqliteFile: string;
  readonly publicUrl: string;
  readonly secretKey: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: string;
  readonly env: 'production' | 'development' | 'test';
  readonly cookieSecure: boolean;
  readonly sessionIdleHours: number;
  readonly signInRateLimit: number;
  readonly bodyLimitBytes: number;
  readonly mediaDir: string;
  readonly testClockOffsetHours: number;
  readonly mediaMaxBytes: number;
  readonly outboxWorker: boolean;
  readonly outboxMaxAttempts: number;
  readonly outboxLeaseMs: number;
  readonly dispatchIntervalMs: number;
  readonly allowPrivateWebhookTargets: boolean;
}

/** Thrown when the environment does not describe a runnable Morsel; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment into a frozen configuration.
 * @throws ConfigError listing every variable that is wrong.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.MORSEL_TEST_CLOCK_OFFSET_HOURS !== undefined && e.NODE_ENV !== 'test') {
    throw new ConfigError(['MORSEL_TEST_CLOCK_OFFSET_HOURS: only allowed with NODE_ENV=test']);
  }
  const dataDir = resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    sqliteFile: join(dataDir, 'morsel.db'),
    publicUrl,
    secretKey: e.SECRET_KEY ?? readOrCreateSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : publicUrl.startsWith('https://'),
    sessionIdleHours: e.SESSION_IDLE_HOURS,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    mediaDir: join(dataDir, 'media'),
    testClockOffsetHours: e.MORSEL_TEST_CLOCK_OFFSET_HOURS ?? 0,
    mediaMaxBytes: e.MEDIA_MAX_BYTES,
    outboxWorker: e.OUTBOX_WORKER === 'on',
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxLeaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
    dispatchIntervalMs: e.DISPATCH_INTERVAL_SECONDS * 1000,
    allowPrivateWebhookTargets: e.ALLOW_PRIVATE_WEBHOOK_TARGETS === 'true',
  });
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs so both agree.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
