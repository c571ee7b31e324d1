import { ValidationError } from '../../platform/errors.ts';

/** A page cursor: the sort key and id of the last row given out, opaque to clients. */
export function encodeKeyCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/** @throws ValidationError for a cursor this server did not give out. */
export function decodeKeyCursor(cursor: string | undefined): { key: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && typeof id === 'string') return { key, id };
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not one this server gave out.', { field: 'cursor' });
}
