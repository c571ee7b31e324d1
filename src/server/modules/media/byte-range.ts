/**
 * HTTP Range requests (RFC 9110 §14) for media, so players can seek. Pure.
 *
 * Only single ranges are served: players ask for one range at a time, and a multipart/byteranges answer to a
 * multi-range request is allowed to be replaced by the whole file (200), which is what happens here.
 */
import type { ByteRange } from './media-storage.ts';

/** What to answer a Range header with, for a file of `size` bytes. */
export type RangeDecision = { kind: 'whole' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * Reads a `Range` header against the file's size: `bytes=0-99`, `bytes=100-` (to the end), `bytes=-100` (the
 * last 100 bytes). No header, another unit, several ranges or a malformed header mean the whole file (a server
 * may ignore a Range it does not understand); a well-formed range that starts past the end, or a zero-length
 * suffix, is unsatisfiable (416).
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (!header) return { kind: 'whole' };
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!match) return { kind: 'whole' };
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}
