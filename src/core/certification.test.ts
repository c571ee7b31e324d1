import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificationStatus, currentAward, expiryOf, meetsPassMark } from './certification.ts';

describe('expiryOf', () => {
  it('adds days and calendar months in UTC, clamping to the end of a short month', () => {
    expect(expiryOf('2026-01-31T10:00:00.000Z', { amount: 1, unit: 'months' })).toBe('2026-02-28T10:00:00.000Z');
    expect(expiryOf('2026-03-01T00:30:00.000Z', { amount: 12, unit: 'months' })).toBe('2027-03-01T00:30:00.000Z');
    expect(expiryOf('2026-03-28T12:00:00.000Z', { amount: 3, unit: 'days' })).toBe('2026-03-31T12:00:00.000Z');
  });

  it('refuses a validity below one', () => {
    expect(() => expiryOf('2026-01-01T00:00:00.000Z', { amount: 0, unit: 'days' })).toThrow(RangeError);
  });

  it('always lies after the earning time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 120 }), fc.constantFrom('days' as const, 'months' as const), (at, amount, unit) => {
        expect(Date.parse(expiryOf(at.toISOString(), { amount, unit }))).toBeGreaterThan(at.getTime());
      }),
    );
  });
});

describe('certificationStatus', () => {
  const award = { earnedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-07-01T00:00:00.000Z' };
  it('is not earned without an award', () => {
    expect(certificationStatus([], new Date('2026-03-01T00:00:00Z'))).toEqual({ status: 'not_earned', expiresAt: null, daysLeft: null });
  });
  it('is earned, then due soon inside the window, then lapsed at expiry', () => {
    expect(certificationStatus([award], new Date('2026-05-01T00:00:00Z')).status).toBe('earned');
    expect(certificationStatus([award], new Date('2026-06-01T00:00:00Z'))).toEqual({ status: 'due_soon', expiresAt: award.expiresAt, daysLeft: 30 });
    expect(certificationStatus([award], new Date('2026-06-01T00:00:00Z'), 7).status).toBe('earned');
    expect(certificationStatus([award], new Date('2026-07-01T00:00:00Z')).status).toBe('lapsed');
    expect(certificationStatus([award], new Date('2026-07-11T00:00:00Z')).daysLeft).toBe(-10);
  });
  it('goes by the award that expires last', () => {
    const renewal = { earnedAt: '2026-06-20T00:00:00.000Z', expiresAt: '2026-12-20T00:00:00.000Z' };
    expect(currentAward([renewal, award])).toBe(renewal);
    expect(certificationStatus([award, renewal], new Date('2026-08-01T00:00:00Z')).status).toBe('earned');
  });
});

describe('meetsPassMark', () => {
  it('passes at or above the mark', () => {
    expect(meetsPassMark(80, 80)).toBe(true);
    expect(meetsPassMark(79.9, 80)).toBe(false);
    expect(meetsPassMark(0, 0)).toBe(true);
  });
});
