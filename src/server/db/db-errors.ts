/** True when a driver error is a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Whether PostgreSQL broke a deadlock by aborting this transaction (it can simply be run again). */
export function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '40P01';
}

/**
 * Whether PostgreSQL refused text it cannot store: NUL (U+0000) in text or jsonb (22021 invalid byte sequence,
 * 22P05 unsupported Unicode escape). SQLite stores such text; the refusal is the input's fault, not the server's.
 */
export function isUnstorableText(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}
