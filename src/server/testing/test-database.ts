import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DatabaseHandle, type Dialect } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * The databases tests run on: SQLite always, PostgreSQL too when TEST_DATABASE_URL points at a server
 * (`.ci/run` and `scripts/with-postgres.sh` set it). Loop over this with `describe.each`.
 */
export const testDialects: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * A fresh, migrated, empty database of the given dialect: an in-memory SQLite database, or a new
 * PostgreSQL database created on the test server and dropped by `destroy()`.
 */
export async function createTestDatabase(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<DatabaseHandle & { url: string | undefined }> {
  const migrate = options.migrate ?? true;
  if (dialect === 'sqlite') {
    const handle = createDb({ sqliteFile: ':memory:' });
    if (migrate) await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `morsel_test_${randomBytes(6).toString('hex')}`;
  await withPgClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString(), sqliteFile: '', poolSize: 5 });
  if (migrate) await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    async destroy() {
      await handle.destroy();
      await withPgClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Runs `work` with a client of the PostgreSQL server at `url` (tests and benchmarks make and drop their databases with it). */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
