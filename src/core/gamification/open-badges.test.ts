import { describe, expect, it } from 'vitest';
import {
  OPEN_BADGES_CONTEXT,
  buildAssertion,
  buildBadgeClass,
  buildIssuerProfile,
  buildRevokedAssertion,
  hashEmailIdentity,
  isRecipientEmail,
  openBadgeUrls,
} from './open-badges.ts';

const BASE = 'https://learn.example.org/api/open-badges/acme/';

describe('openBadgeUrls', () => {
  it('builds every id under one base URL, ids encoded, trailing slash dropped', () => {
    const urls = openBadgeUrls(BASE);
    expect(urls.issuer).toBe('https://learn.example.org/api/open-badges/acme/issuer');
    expect(urls.badgeClass('streak-10')).toBe('https://learn.example.org/api/open-badges/acme/badges/streak-10');
    expect(urls.badgeImage('streak-10')).toBe('https://learn.example.org/api/open-badges/acme/badges/streak-10/image');
    expect(urls.assertion('a/1')).toBe('https://learn.example.org/api/open-badges/acme/assertions/a%2F1');
  });
  it('refuses a base that is not an http(s) URL', () => {
    expect(() => openBadgeUrls('learn.example.org')).toThrow(RangeError);
    expect(() => openBadgeUrls('ftp://learn.example.org')).toThrow(RangeError);
    expect(() => openBadgeUrls('https://learn.example.org/?org=1')).toThrow(RangeError);
  });
});

describe('buildIssuerProfile', () => {
  it('has every property an issuer Profile requires', () => {
    const profile = buildIssuerProfile({ baseUrl: BASE, name: 'Acme Ltd', url: 'https://acme.example', email: 'learning@acme.example' });
    expect(profile).toEqual({
      '@context': OPEN_BADGES_CONTEXT,
      type: 'Issuer',
      id: 'https://learn.example.org/api/open-badges/acme/issuer',
      name: 'Acme Ltd',
      url: 'https://acme.example',
      email: 'learning@acme.example',
    });
    expect(OPEN_BADGES_CONTEXT).toBe('https://w3id.org/openbadges/v2');
  });
  it('refuses a missing required property', () => {
    expect(() => buildIssuerProfile({ baseUrl: BASE, name: ' ', url: 'https://acme.example', email: 'learning@acme.example' })).toThrow(RangeError);
    expect(() => buildIssuerProfile({ baseUrl: BASE, name: 'Acme', url: 'https://acme.example', email: '' })).toThrow(RangeError);
  });
});

describe('buildBadgeClass', () => {
  it('has every property a BadgeClass requires, its issuer the Profile’s id', () => {
    const badge = buildBadgeClass({ baseUrl: BASE, badgeId: 'streak-10', name: 'Ten-day streak', description: 'Learned on 10 working days in a row.', criteriaNarrative: 'Be active on 10 working days in a row.' });
    expect(badge).toEqual({
      '@context': OPEN_BADGES_CONTEXT,
      type: 'BadgeClass',
      id: 'https://learn.example.org/api/open-badges/acme/badges/streak-10',
      name: 'Ten-day streak',
      description: 'Learned on 10 working days in a row.',
      image: 'https://learn.example.org/api/open-badges/acme/badges/streak-10/image',
      criteria: { narrative: 'Be active on 10 working days in a row.' },
      issuer: buildIssuerProfile({ baseUrl: BASE, name: 'x', url: 'https://x', email: 'x@x' }).id,
    });
  });
  it('takes an image, a criteria page and tags when given', () => {
    const badge = buildBadgeClass({
      baseUrl: BASE,
      badgeId: 'b',
      name: 'B',
      description: 'D',
      criteriaNarrative: 'N',
      criteriaUrl: 'https://learn.example.org/badges/b',
      image: 'data:image/svg+xml;base64,PHN2Zy8+',
      tags: ['memory'],
    });
    expect(badge).toMatchObject({ image: 'data:image/svg+xml;base64,PHN2Zy8+', criteria: { id: 'https://learn.example.org/badges/b', narrative: 'N' }, tags: ['memory'] });
  });
});

describe('buildAssertion', () => {
  const input = { baseUrl: BASE, assertionId: '0b7c', badgeId: 'streak-10', email: 'Alice@Example.org ', salt: '5f3a', issuedOn: '2025-03-31T14:05:00+02:00' };

  it('has every property an Assertion requires, with hosted verification', () => {
    const assertion = buildAssertion(input);
    expect(assertion).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: 'https://learn.example.org/api/open-badges/acme/assertions/0b7c',
      recipient: { type: 'email', hashed: true, salt: '5f3a', identity: 'sha256$f30229c14f9c9521c2e98a381bfe5d26221ee002229d0f2ecdf835f10cd6fcf9' },
      badge: 'https://learn.example.org/api/open-badges/acme/badges/streak-10',
      verification: { type: 'hosted' },
      issuedOn: '2025-03-31T12:05:00.000Z',
    });
    // Hosted verification: the Assertion lives on the issuer Profile's origin.
    expect(new URL(assertion.id).origin).toBe(new URL(openBadgeUrls(BASE).issuer).origin);
  });

  it('hashes the lower-cased email followed by the salt, and never publishes the email', () => {
    const assertion = buildAssertion(input);
    // sha256("alice@example.org" + "5f3a"), computed outside the code under test.
    expect(hashEmailIdentity('alice@example.org', '5f3a')).toBe('sha256$f30229c14f9c9521c2e98a381bfe5d26221ee002229d0f2ecdf835f10cd6fcf9');
    expect(isRecipientEmail(assertion.recipient, 'ALICE@example.org')).toBe(true);
    expect(isRecipientEmail(assertion.recipient, 'bob@example.org')).toBe(false);
    expect(isRecipientEmail({ ...assertion.recipient, salt: 'other' }, 'alice@example.org')).toBe(false);
    expect(JSON.stringify(assertion).toLowerCase()).not.toContain('alice');
  });

  it('adds expiry, evidence and narrative when given', () => {
    const assertion = buildAssertion({ ...input, expires: new Date('2026-03-31T12:05:00Z'), evidenceUrl: 'https://learn.example.org/e/1', narrative: 'Kept it up.' });
    expect(assertion).toMatchObject({ expires: '2026-03-31T12:05:00.000Z', evidence: 'https://learn.example.org/e/1', narrative: 'Kept it up.' });
  });

  it('refuses an empty email or salt, or an invalid issue date', () => {
    expect(() => buildAssertion({ ...input, email: ' ' })).toThrow(RangeError);
    expect(() => buildAssertion({ ...input, salt: '' })).toThrow(RangeError);
    expect(() => buildAssertion({ ...input, issuedOn: 'last Tuesday' })).toThrow(RangeError);
  });
});

describe('buildRevokedAssertion', () => {
  it('keeps only the id, revoked and the reason', () => {
    expect(buildRevokedAssertion({ baseUrl: BASE, assertionId: '0b7c', reason: 'Awarded in error' })).toEqual({
      '@context': OPEN_BADGES_CONTEXT,
      type: 'Assertion',
      id: 'https://learn.example.org/api/open-badges/acme/assertions/0b7c',
      revoked: true,
      revocationReason: 'Awarded in error',
    });
  });
});
