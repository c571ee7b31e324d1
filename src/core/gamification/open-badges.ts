/**
 * Open Badges 2.0 documents (JSON-LD) for the badges Morsel awards: the issuer's Profile, a BadgeClass per badge,
 * an Assertion per award. Pure: the salt and every instant are arguments; node:crypto only hashes.
 *
 * Required properties, from the IMS Open Badges v2.0 specification: an Assertion has `id`, `type`, `recipient`,
 * `badge`, `verification` and `issuedOn`; a BadgeClass `id`, `type`, `name`, `description`, `image`, `criteria`
 * and `issuer`; an issuer Profile `id`, `type`, `name`, `url` and `email`. Verification is hosted: each document
 * is served (as `application/ld+json`) at its `id`, and a hosted Assertion must be on the same origin as the issuer
 * Profile, which these URLs guarantee by building every id from one base URL.
 *
 * The recipient's email is never published: the identity is `sha256$` + the hex SHA-256 of the lower-cased email
 * followed by the salt, with the salt alongside, so whoever already knows the address can check it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';

/** The JSON-LD context of every Open Badges 2.0 document. */
export const OPEN_BADGES_CONTEXT = 'https://w3id.org/openbadges/v2';

/**
 * The URLs of the Open Badges documents under a base URL (the prefix under which the server serves them; include
 * the organisation in it when one server hosts several): `<base>/issuer`, `<base>/badges/<id>`,
 * `<base>/badges/<id>/image`, `<base>/assertions/<id>`. Ids are URI-encoded.
 */
export interface OpenBadgeUrls {
  issuer: string;
  badgeClass(badgeId: string): string;
  badgeImage(badgeId: string): string;
  assertion(assertionId: string): string;
}

/**
 * The document URLs under `baseUrl` (a trailing slash is dropped).
 * @throws RangeError when `baseUrl` is not an http(s) URL.
 */
export function openBadgeUrls(baseUrl: string): OpenBadgeUrls {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new RangeError(`Not a URL: ${baseUrl}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`Open Badges ids must be http(s) URLs: ${baseUrl}`);
  if (parsed.search || parsed.hash) throw new RangeError(`The base URL may not have a query or fragment: ${baseUrl}`);
  const base = parsed.href.replace(/\/+$/, '');
  return {
    issuer: `${base}/issuer`,
    badgeClass: (badgeId) => `${base}/badges/${encodeURIComponent(badgeId)}`,
    badgeImage: (badgeId) => `${base}/badges/${encodeURIComponent(badgeId)}/image`,
    assertion: (assertionId) => `${base}/assertions/${encodeURIComponent(assertionId)}`,
  };
}

/** An issuer Profile (Open Badges 2.0). */
export interface IssuerProfileDocument {
  '@context': typeof OPEN_BADGES_CONTEXT;
  type: 'Issuer';
  id: string;
  name: string;
  url: string;
  email: string;
  description?: string;
  image?: string;
}

/** A BadgeClass (Open Badges 2.0), criteria embedded as a narrative with a link to a human-readable page. */
export interface BadgeClassDocument {
  '@context': typeof OPEN_BADGES_CONTEXT;
  type: 'BadgeClass';
  id: string;
  name: string;
  description: string;
  image: string;
  criteria: { id?: string; narrative: string };
  issuer: string;
  tags?: string[];
}

/** A hashed email identity (Open Badges 2.0 IdentityObject). */
export interface HashedEmailIdentity {
  type: 'email';
  hashed: true;
  salt: string;
  identity: string;
}

/** An Assertion (Open Badges 2.0) with hosted verification. */
export interface AssertionDocument {
  '@context': typeof OPEN_BADGES_CONTEXT;
  type: 'Assertion';
  id: string;
  recipient: HashedEmailIdentity;
  badge: string;
  verification: { type: 'hosted' };
  issuedOn: string;
  expires?: string;
  evidence?: string;
  narrative?: string;
}

/** A revoked Assertion as it is served once revoked: only `id` and `revoked` are required. */
export interface RevokedAssertionDocument {
  '@context': typeof OPEN_BADGES_CONTEXT;
  type: 'Assertion';
  id: string;
  revoked: true;
  revocationReason?: string;
}

/** An ISO 8601 UTC timestamp with its zone designator, as Open Badges 2.0 requires. */
function utcTimestamp(instant: string | Date, field: string): string {
  const value = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : DateTime.fromJSDate(instant, { zone: 'utc' });
  if (!value.isValid) throw new RangeError(`${field} is not a timestamp: ${String(instant)}`);
  return value.toUTC().toISO() as string;
}

function nonEmpty(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new RangeError(`${field} is required.`);
  return trimmed;
}

/**
 * The issuer Profile of an organisation.
 * @throws RangeError for a bad base URL or a missing name, url or email.
 */
export function buildIssuerProfile(input: { baseUrl: string; name: string; url: string; email: string; description?: string; image?: string }): IssuerProfileDocument {
  const profile: IssuerProfileDocument = {
    '@context': OPEN_BADGES_CONTEXT,
    type: 'Issuer',
    id: openBadgeUrls(input.baseUrl).issuer,
    name: nonEmpty(input.name, 'name'),
    url: nonEmpty(input.url, 'url'),
    email: nonEmpty(input.email, 'email'),
  };
  if (input.description) profile.description = input.description;
  if (input.image) profile.image = input.image;
  return profile;
}

/**
 * The BadgeClass of a badge. The image defaults to `<base>/badges/<id>/image` (the server serves a PNG or SVG
 * there); `image` may instead be any URL or a data URI.
 * @throws RangeError for a bad base URL or a missing name, description or criteria.
 */
export function buildBadgeClass(input: {
  baseUrl: string;
  badgeId: string;
  name: string;
  description: string;
  criteriaNarrative: string;
  criteriaUrl?: string;
  image?: string;
  tags?: readonly string[];
}): BadgeClassDocument {
  const urls = openBadgeUrls(input.baseUrl);
  const criteria: BadgeClassDocument['criteria'] = { narrative: nonEmpty(input.criteriaNarrative, 'criteriaNarrative') };
  if (input.criteriaUrl) criteria.id = input.criteriaUrl;
  const badgeClass: BadgeClassDocument = {
    '@context': OPEN_BADGES_CONTEXT,
    type: 'BadgeClass',
    id: urls.badgeClass(input.badgeId),
    name: nonEmpty(input.name, 'name'),
    description: nonEmpty(input.description, 'description'),
    image: input.image ?? urls.badgeImage(input.badgeId),
    criteria,
    issuer: urls.issuer,
  };
  if (input.tags && input.tags.length > 0) badgeClass.tags = [...input.tags];
  return badgeClass;
}

/** The email as it is hashed: trimmed and lower-cased. */
function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The Open Badges identity hash of an email: `sha256$` + hex SHA-256 of the lower-cased email followed by the salt. */
export function hashEmailIdentity(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(normaliseEmail(email) + salt, 'utf8').digest('hex')}`;
}

/** True when the recipient of an Assertion is this email (compared in constant time). */
export function isRecipientEmail(recipient: HashedEmailIdentity, email: string): boolean {
  const expected = Buffer.from(hashEmailIdentity(email, recipient.salt));
  const actual = Buffer.from(recipient.identity.toLowerCase());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The Assertion of one award. The salt comes from the caller (random per assertion, stored with the award), so
 * the document is the same every time it is served.
 * @throws RangeError for a bad base URL, an empty email or salt, or an invalid timestamp.
 */
export function buildAssertion(input: {
  baseUrl: string;
  assertionId: string;
  badgeId: string;
  email: string;
  salt: string;
  issuedOn: string | Date;
  expires?: string | Date | null;
  evidenceUrl?: string;
  narrative?: string;
}): AssertionDocument {
  const urls = openBadgeUrls(input.baseUrl);
  nonEmpty(input.email, 'email');
  if (!input.salt) throw new RangeError('salt is required.');
  const assertion: AssertionDocument = {
    '@context': OPEN_BADGES_CONTEXT,
    type: 'Assertion',
    id: urls.assertion(input.assertionId),
    recipient: { type: 'email', hashed: true, salt: input.salt, identity: hashEmailIdentity(input.email, input.salt) },
    badge: urls.badgeClass(input.badgeId),
    verification: { type: 'hosted' },
    issuedOn: utcTimestamp(input.issuedOn, 'issuedOn'),
  };
  if (input.expires) assertion.expires = utcTimestamp(input.expires, 'expires');
  if (input.evidenceUrl) assertion.evidence = input.evidenceUrl;
  if (input.narrative) assertion.narrative = input.narrative;
  return assertion;
}

/**
 * What a revoked Assertion's URL serves instead: its id, `revoked: true` and the reason, if any.
 * @throws RangeError for a bad base URL.
 */
export function buildRevokedAssertion(input: { baseUrl: string; assertionId: string; reason?: string }): RevokedAssertionDocument {
  const revoked: RevokedAssertionDocument = { '@context': OPEN_BADGES_CONTEXT, type: 'Assertion', id: openBadgeUrls(input.baseUrl).assertion(input.assertionId), revoked: true };
  if (input.reason) revoked.revocationReason = input.reason;
  return revoked;
}
