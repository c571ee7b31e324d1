/** Test support: runs the real `morsel` command (bin/morsel.js) in a child process, as a person would. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../server/db/database.ts';
import { createTestDatabase } from '../server/testing/test-database.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

export async function morsel(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/morsel.js'), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/**
 * The environment of a describe block's `morsel` runs: a fresh DATA_DIR (its SQLite file) or, for PostgreSQL, a
 * fresh database on the test server, created before the block's tests and dropped after them.
 */
export function cliEnvironment(dialect: Dialect, prefix = 'morsel-cli-'): Record<string, string> {
  const env: Record<string, string> = { DATA_DIR: mkdtempSync(join(tmpdir(), prefix)) };
  let destroy: () => Promise<void> = async () => {};
  beforeAll(async () => {
    if (dialect !== 'postgres') return;
    const database = await createTestDatabase('postgres', { migrate: false });
    env.DATABASE_URL = database.url!;
    destroy = database.destroy;
  });
  afterAll(async () => {
    await destroy();
  });
  return env;
}
