import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The steering repository's real training material (`shared/fixtures`), which sits beside this repository on
 * every machine and in CI. `MORSEL_FIXTURES_DIR` points elsewhere when a checkout lives on its own.
 */
export const SHARED_FIXTURES = process.env.MORSEL_FIXTURES_DIR ?? resolve(import.meta.dirname, '../../../../shared/fixtures');

/**
 * The path of one fixture file.
 * @throws Error naming the missing file and how to provide it.
 */
export function fixturePath(relative: string): string {
  const path = join(SHARED_FIXTURES, relative);
  if (!existsSync(path)) {
    throw new Error(`The fixture ${path} is missing: shared/fixtures must sit beside this repository (or set MORSEL_FIXTURES_DIR).`);
  }
  return path;
}
