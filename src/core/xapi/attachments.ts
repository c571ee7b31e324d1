/**
 * Attachments (xAPI 1.0.3, Part Two "Attachments", Part Three "Attachments" and "Signed Statements"): which data a
 * statement needs sent with it, whether data matches its SHA-2 hash, and whether a signature is a well-formed JWS
 * of the statement it signs. Pure.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './terms.ts';
import type { Statement, SubStatement } from './statement.ts';

export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';
/** The only content type a signature attachment may have (Part Two, "Signed Statements"). */
export const SIGNATURE_CONTENT_TYPE = 'application/octet-stream';

type Attachment = NonNullable<Statement['attachments']>[number];

/** The attachments of a statement and of its sub-statement. */
function allAttachments(statement: Statement): Attachment[] {
  const sub = statement.object.objectType === 'SubStatement' ? ((statement.object as SubStatement).attachments ?? []) : [];
  return [...(statement.attachments ?? []), ...sub];
}

/** The attachments whose data must come with the statement (no fileUrl), by hash in lower case. */
export function attachmentsNeedingData(statement: Statement): Attachment[] {
  return allAttachments(statement).filter((attachment) => attachment.fileUrl === undefined);
}

/** Every attachment hash a statement names (lower case), for returning their data. */
export function attachmentHashes(statement: Statement): string[] {
  return allAttachments(statement).map((attachment) => attachment.sha2.toLowerCase());
}

const ALGORITHM_BY_HEX_LENGTH: Record<number, string> = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

/** Whether `content` has the SHA-2 hash `hex` (SHA-224, -256, -384 or -512, told by its length). */
export function matchesSha2(hex: string, content: Buffer): boolean {
  const algorithm = ALGORITHM_BY_HEX_LENGTH[hex.length];
  return algorithm !== undefined && createHash(algorithm).update(content).digest('hex') === hex.toLowerCase();
}

function base64urlJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why a signature attachment's data is not a valid signature of its statement, or null when it is well formed: a
 * JWS in compact serialisation, with contentType application/octet-stream, signed with RS256, RS384 or RS512, whose payload is the statement as it was before
 * the signature was added (the LRS need not check the signature itself, only that it signs this statement).
 */
export function signatureProblem(statement: Statement, jws: Buffer, contentType: string = SIGNATURE_CONTENT_TYPE): string | null {
  if (contentType.split(';')[0]!.trim().toLowerCase() !== SIGNATURE_CONTENT_TYPE) return `A signature attachment’s contentType must be ${SIGNATURE_CONTENT_TYPE}, not ${contentType}.`;
  const parts = jws.toString('utf8').trim().split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) return 'The signature is not a JWS in compact form (header.payload.signature).';
  const header = base64urlJson(parts[0]!) as { alg?: unknown } | undefined;
  if (!header || !['RS256', 'RS384', 'RS512'].includes(String(header.alg))) return 'The signature’s JWS header must say alg RS256, RS384 or RS512.';
  const payload = base64urlJson(parts[1]!) as Record<string, unknown> | undefined;
  if (!payload || typeof payload !== 'object') return 'The signature’s JWS payload is not a JSON statement.';
  // The statement before it was signed: without the signature attachment, and without what the LRS adds.
  const signedPart = (value: Record<string, unknown>) => {
    const { attachments, stored: _s, authority: _a, version: _v, id: _i, ...rest } = value;
    const kept = Array.isArray(attachments) ? attachments.filter((a) => (a as Attachment).usageType !== SIGNATURE_USAGE_TYPE) : [];
    return canonicalJson(kept.length > 0 ? { ...rest, attachments: kept } : rest);
  };
  if (signedPart(payload) !== signedPart(statement as unknown as Record<string, unknown>)) return 'The signature’s JWS payload is not this statement.';
  return null;
}
