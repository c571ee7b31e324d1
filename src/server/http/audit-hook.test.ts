import { describe, expect, it } from 'vitest';
import { fieldNamesOf, isAudited, targetOf } from './audit-hook.ts';

describe('the audit log’s recorder: what it records', () => {
  it('records administrative writes that succeeded or were refused (403), and nothing else', () => {
    expect(isAudited('PATCH', '/api/people/:id', 200)).toBe(true);
    expect(isAudited('DELETE', '/api/tokens/:id', 204)).toBe(true);
    expect(isAudited('POST', '/api/tokens', 403)).toBe(true);
    expect(isAudited('POST', '/api/tokens', 400)).toBe(false);
    expect(isAudited('POST', '/api/tokens', 404)).toBe(false);
    expect(isAudited('GET', '/api/people', 200)).toBe(false);
    expect(isAudited('POST', '/xapi/statements', 200)).toBe(false);
  });

  it('leaves out self-service and learning by whole path segments (so /api/media is not /api/me)', () => {
    for (const route of ['/api/learn/attempts', '/api/me', '/api/me/password', '/api/profile/lesson-emails', '/api/auth/sign-in', '/api/search/feedback']) expect(isAudited('POST', route, 200), route).toBe(false);
    expect(isAudited('POST', '/api/rewards/:id/redemptions', 201)).toBe(false);
    expect(isAudited('POST', '/api/media', 201)).toBe(true);
    expect(isAudited('POST', '/api/learners-export', 201)).toBe(true);
  });

  it('keeps field names only, and the :id parameter (else the last) as the target', () => {
    expect(fieldNamesOf({ email: 'a@b.test', password: 'secret' })).toEqual(['email', 'password']);
    expect(fieldNamesOf('name,email\nA,a@b.test\n')).toEqual([]);
    expect(fieldNamesOf([{ a: 1 }])).toEqual([]);
    expect(fieldNamesOf(undefined)).toEqual([]);
    expect(fieldNamesOf(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`f${i}`, i])))).toHaveLength(50);
    expect(targetOf({ id: 't1', personId: 'p1' })).toBe('t1');
    expect(targetOf({ teamId: 't1', personId: 'p1' })).toBe('p1');
    expect(targetOf({})).toBeNull();
    expect(targetOf(undefined)).toBeNull();
  });
});
