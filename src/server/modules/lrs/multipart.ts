/**
 * multipart/mixed (RFC 2046) as xAPI uses it for attachments: a statement (or statements) as the first part, then
 * one part per attachment, each with its headers. Body parsers for web forms (busboy and the like) read only
 * multipart/form-data, so the little this needs is written here: split on the boundary, read each part's headers.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../platform/errors.ts';

export interface Part {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary parameter of a multipart Content-Type header, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = contentType ? /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType) : null;
  return match ? (match[1] ?? match[2]) : undefined;
}

function refuse(message: string): never {
  throw new ValidationError(`This multipart/mixed body cannot be read: ${message}`, { issues: [{ field: 'body', message }] });
}

/**
 * The parts of a multipart body.
 * @throws ValidationError when there is no boundary, no closing delimiter, or a part without its blank line.
 */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) refuse(`the boundary "${boundary}" is not in the body.`);
  for (;;) {
    let start = at + delimiter.length;
    // The closing delimiter: "--boundary--".
    if (body[start] === 0x2d && body[start + 1] === 0x2d) return parts;
    // Skip transport padding and the line break after the delimiter.
    while (body[start] === 0x20 || body[start] === 0x09) start += 1;
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    else if (body[start] === 0x0a) start += 1;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) refuse('it does not end with the closing boundary.');
    parts.push(readPart(body.subarray(start, next)));
    at = next + 2;
  }
}

function readPart(raw: Buffer): Part {
  const blank = raw.indexOf('\r\n\r\n');
  const headerEnd = blank >= 0 ? blank : raw.subarray(0, 2).toString() === '\r\n' ? -2 : -1;
  if (headerEnd === -1) refuse('a part has no blank line after its headers.');
  const headers: Record<string, string> = {};
  const headerText = headerEnd === -2 ? '' : raw.subarray(0, headerEnd).toString('utf8');
  for (const line of headerText.split('\r\n')) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) refuse(`a part's header line "${line.slice(0, 60)}" has no name.`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.subarray(headerEnd === -2 ? 2 : headerEnd + 4) };
}

/** A multipart/mixed body of the parts given, and its Content-Type (with a fresh boundary). */
export function buildMultipart(parts: readonly Part[]): { contentType: string; body: Buffer } {
  const boundary = `morsel-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head = Object.entries(part.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), part.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
