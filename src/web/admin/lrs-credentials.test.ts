import { describe, expect, it } from 'vitest';
import { sortCredentials } from './lrs-credentials.ts';

const credential = (id: string, createdAt: string, revokedAt: string | null = null) => ({ id, name: id, key: `mk_${id}`, createdAt, revokedAt });

describe('LRS credentials', () => {
  it('lists live credentials first, newest first, then revoked ones, without changing the list it was given', () => {
    const items = [credential('old', '2026-01-01T00:00:00.000Z'), credential('gone', '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'), credential('new', '2026-02-01T00:00:00.000Z')];
    expect(sortCredentials(items).map((c) => c.id)).toEqual(['new', 'old', 'gone']);
    expect(items.map((c) => c.id)).toEqual(['old', 'gone', 'new']);
  });
});
