import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 } from 'uuid';

/** A new time-ordered id (UUIDv7): sortable by creation and safe to expose. */
export function newId(): string {
  return v7();
}

/** A random secret token, URL-safe, with `bytes` of entropy. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a high-entropy token, for storing tokens that must be looked up but never read back. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** HMAC-SHA-256 keyed with the server secret: a stolen database alone cannot mint or check links. */
export function signToken(secretKey: string, token: string): string {
  return createHmac('sha256', secretKey).update(token).digest('hex');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
