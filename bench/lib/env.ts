/** What benchmarks read from the environment, read one way everywhere. */

/**
 * A whole number from the environment variable `name` (a smaller run for a quick look), else `fallback`.
 * @throws Error naming the variable when it is set to anything but a whole number ≥ `min`.
 */
export function countFromEnv(name: string, fallback: number, min: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} wants a whole number ≥ ${min}, not "${value}"`);
  return n;
}

/** The PostgreSQL server to run on too: `BENCH_DATABASE_URL`, else `TEST_DATABASE_URL` (as scripts/with-postgres.sh sets); undefined for SQLite alone. */
export function postgresBaseFromEnv(): string | undefined {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
}

/** What a benchmark logs when it runs on SQLite alone. */
export const POSTGRES_SKIPPED = 'PostgreSQL skipped: set TEST_DATABASE_URL (scripts/with-postgres.sh does) or BENCH_DATABASE_URL to run it too';
