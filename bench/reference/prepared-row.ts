import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

/**
 * Reference server: a Fastify route that reads one row through a better-sqlite3 prepared statement, the
 * least a database-backed route can do. Run as a child process by the benchmarks:
 * `PORT=… node --import tsx bench/reference/prepared-row.ts`. It makes its own SQLite file (WAL, the
 * pragmas Morsel uses) in a temporary folder with one table and one row, and removes the folder on exit.
 * GET /row answers that row; GET /healthz says it is ready.
 */
const port = Number(process.env.PORT ?? 3101);
const dir = mkdtempSync(join(tmpdir(), 'morsel-bench-row-'));
const db = new Database(join(dir, 'reference.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

// A row shaped like a person: a few short text columns, looked up by primary key and tenant.
db.exec(`CREATE TABLE person (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL
)`);
const id = randomUUID();
const orgId = randomUUID();
db.prepare('INSERT INTO person (id, org_id, email, display_name, time_zone, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
  id,
  orgId,
  'admin@bench.test',
  'Bench Admin',
  'UTC',
  'active',
  new Date().toISOString(),
);
const selectPerson = db.prepare<[string, string], Record<string, unknown>>(
  'SELECT id, org_id, email, display_name, time_zone, status, created_at FROM person WHERE id = ? AND org_id = ?',
);

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/row', async (_request, reply) => {
  const row = selectPerson.get(id, orgId);
  if (!row) return reply.status(500).send({ error: 'row missing' });
  return row;
});

await app.listen({ port, host: '127.0.0.1' });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
