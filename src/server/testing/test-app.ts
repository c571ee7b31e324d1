import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp, type RouteListener } from '../app.ts';
import type { Dialect } from '../db/database.ts';
import { createFakeClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { createServices, type Services } from '../services.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestContext {
  services: Services;
  clock: ReturnType<typeof createFakeClock>;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Real services over a fresh database of `dialect`, a fake clock, and the HTTP app for `inject`. Email goes
 * to `smtpUrl` (a real SMTP server from `startMailCatcher`) or, without it, to the silent log. `logger` replaces the
 * silent log, for tests that read what the server logs.
 */
export async function createTestContext(
  dialect: Dialect,
  options: { smtpUrl?: string; env?: Record<string, string>; onRoute?: RouteListener; logger?: Logger } = {},
): Promise<TestContext> {
  const database = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'morsel-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    PUBLIC_URL: 'http://morsel.test',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SMTP_URL: options.smtpUrl,
    ...options.env,
  });
  const clock = createFakeClock(new Date());
  const services = createServices(config, database, options.logger ?? pino({ level: 'silent' }), clock);
  const app = await buildApp(services, { onRoute: options.onRoute });
  await app.ready();
  // Emails go through the outbox, as in the server; the worker wakes as soon as something is queued.
  services.outboxWorker.start();
  return {
    services,
    clock,
    app,
    async close() {
      await app.close();
      await services.outboxWorker.stop();
      await services.search.settle();
      await services.gamification.settle();
      await services.ownStatements.settle();
      services.mailer.close();
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in browser, as far as the API can tell: the session cookie and the CSRF token. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  personId: string;
  orgId: string;
}

/** Reads the session cookie and CSRF token from a sign-in response. */
export function sessionFrom(response: LightMyRequestResponse): TestSession {
  const cookie = response.cookies.find((c) => c.name === 'morsel_session');
  if (!cookie) throw new Error(`No session cookie (status ${response.statusCode}): ${response.body}`);
  const body = response.json() as { csrfToken: string; person: { id: string }; organisation: { id: string } };
  return { cookie: `morsel_session=${cookie.value}`, csrfToken: body.csrfToken, personId: body.person.id, orgId: body.organisation.id };
}

/** Headers that authenticate a cookie session, CSRF token included. */
export function asSession(session: TestSession): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

/** Signs in over HTTP with email and password. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
  return sessionFrom(response);
}

/** First-run set-up over HTTP; returns the admin's session. */
export async function setUpOrganisation(app: FastifyInstance, name = 'Acme', email = 'admin@acme.test', password = 'correct horse battery'): Promise<TestSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: { organisation: { name, timeZone: 'Europe/London' }, admin: { displayName: 'Ada Admin', email, password } },
  });
  return sessionFrom(response);
}

/** The cast of most route tests: an admin, an author, a learner, and another organisation's admin (the outsider). */
export interface Cast {
  admin: TestSession;
  author: TestSession;
  learner: TestSession;
  outsider: TestSession;
}

/**
 * Sets up an organisation over HTTP with an author (writer@acme.test, also a learner) and a learner
 * (lou@acme.test), plus a second organisation whose admin is the outsider; everyone signed in.
 * @throws Error when a person cannot be created.
 */
export async function setUpCast(app: FastifyInstance, services: Services): Promise<Cast> {
  const admin = await setUpOrganisation(app);
  for (const [email, roles] of [['writer@acme.test', ['author', 'learner']], ['lou@acme.test', ['learner']]] as const) {
    const created = await app.inject({ method: 'POST', url: '/api/people', headers: asSession(admin), payload: { email, displayName: email.split('@')[0], roles, password: 'a long enough password' } });
    if (created.statusCode !== 201) throw new Error(`Could not create ${email}: ${created.body}`);
  }
  await services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
  return {
    admin,
    author: await signIn(app, 'writer@acme.test', 'a long enough password'),
    learner: await signIn(app, 'lou@acme.test', 'a long enough password'),
    outsider: await signIn(app, 'olga@other.test', 'other admin password'),
  };
}
