import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type ChildServer, freePort, runNodeScript, startChildServer } from './child-server.ts';

/** The organisation and admin every benchmark's Morsel is seeded with. */
export const BENCH_ADMIN = { email: 'admin@bench.test', password: 'bench password 123', organisation: 'Bench' } as const;

const CLI = 'src/cli/main.ts';

export interface MorselUnderTest {
  server: ChildServer;
  /** `Cookie` header value of the seeded admin's session (`morsel_session=…`). */
  cookie: string;
  /** The sign-in answer: the admin's person, organisation and CSRF token. */
  session: { person: { id: string; email: string }; organisation: { id: string; slug: string }; csrfToken: string | null };
  /** Which database the server runs on, for the report, without credentials. */
  database: string;
  /** Environment for more CLI commands on the same data (`runNodeScript([CLI, …], { env })`). */
  env: Record<string, string>;
  /** Stops the server and removes its data (temp folder; on PostgreSQL, the throwaway database). */
  close(): Promise<void>;
}

/**
 * Starts the real Morsel server in a child process (`node --import tsx src/cli/main.ts serve`), seeded
 * through the CLI with one organisation and its admin, and signs the admin in over HTTP.
 *
 * Database: SQLite in a fresh temporary DATA_DIR, or, when `BENCH_DATABASE_URL` is set
 * (`postgres://user@host:port/db`), a throwaway database created on that PostgreSQL server for this run
 * and dropped afterwards (the user needs CREATEDB; the database named in the URL is only used to connect).
 */
export async function startMorsel(options: {
  rootDir: string;
  log: (message: string) => void;
  /** A PostgreSQL server to make the throwaway database on, or null for SQLite; when absent, `BENCH_DATABASE_URL` decides. */
  postgresUrl?: string | null;
  /** More environment for the server and its CLI seeding (e.g. `DISPATCH_INTERVAL_SECONDS`), over the defaults. */
  env?: Record<string, string>;
}): Promise<MorselUnderTest> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        options.log(`clean-up: ${(error as Error).message}`);
      }
    }
    cleanups.length = 0;
  };
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'morsel-bench-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // The bench's own environment must not leak a database or mail server into the server under test.
      DATABASE_URL: '',
      SMTP_URL: '',
      SECRET_KEY: '',
      ...options.env,
    };
    let database = `SQLite (better-sqlite3, WAL) in ${dataDir}`;
    const pgBase = options.postgresUrl === undefined ? process.env.BENCH_DATABASE_URL : (options.postgresUrl ?? undefined);
    if (pgBase) {
      const throwaway = await createThrowawayDatabase(pgBase);
      cleanups.push(throwaway.drop);
      env.DATABASE_URL = throwaway.url;
      database = throwaway.description;
    }
    options.log(`seeding ${database}`);
    await runNodeScript(
      [CLI, 'org', 'create', BENCH_ADMIN.organisation, '--admin-email', BENCH_ADMIN.email, '--admin-password', BENCH_ADMIN.password, '--json'],
      { cwd: options.rootDir, env },
    );

    options.log('starting Morsel (src/cli/main.ts serve)');
    const server = await startChildServer({ name: 'morsel', args: [...profileFlags(), CLI, 'serve'], cwd: options.rootDir, env, port, readyPath: '/healthz', readyTimeoutMs: 60_000 });
    cleanups.push(() => server.stop());
    options.log(`started Morsel as pid ${server.pid} at ${server.url}`);

    const response = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: BENCH_ADMIN.email, password: BENCH_ADMIN.password }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sign-in answered HTTP ${response.status}: ${text}`);
    const sessionCookie = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('morsel_session='));
    if (!sessionCookie) throw new Error(`sign-in set no morsel_session cookie (set-cookie: ${JSON.stringify(response.headers.getSetCookie())})`);

    return {
      server,
      cookie: sessionCookie,
      session: JSON.parse(text) as MorselUnderTest['session'],
      database,
      env,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** `BENCH_PROFILE=DIR` writes a V8 CPU profile of the server under test into DIR when it stops (open it in DevTools). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Creates `morsel_bench_…` on the server of `baseUrl`; `drop` removes it (after the server using it is stopped). */
async function createThrowawayDatabase(baseUrl: string): Promise<{ url: string; description: string; drop: () => Promise<void> }> {
  const name = `morsel_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  let version = '?';
  try {
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
    version = rows[0]?.server_version ?? '?';
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    description: `PostgreSQL ${version} at ${url.hostname}:${url.port || '5432'} (throwaway database ${name})`,
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(async (error: { code?: string }) => {
          // Before PostgreSQL 13 there is no FORCE; the server using it has stopped by now anyway.
          if (error.code === '42601') await client.query(`DROP DATABASE IF EXISTS "${name}"`);
          else throw error;
        });
      } finally {
        await client.end();
      }
    },
  };
}
