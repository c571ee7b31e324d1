import { describe, expect, it } from 'vitest';
import { describeRemoved, exportUrl, isErasureConfirmed } from './privacy.ts';

describe('confirming an erasure', () => {
  it('needs the person’s email, whatever its case or the spaces around it', () => {
    expect(isErasureConfirmed(' Lou@Acme.test ', 'lou@acme.test')).toBe(true);
    expect(isErasureConfirmed('lou@acme', 'lou@acme.test')).toBe(false);
    expect(isErasureConfirmed('', '')).toBe(false);
  });
});

describe('an erasure’s report', () => {
  it('names the tables it removed rows from, largest first, in words', () => {
    expect(describeRemoved({ person: 1, attempt: 7, review_log: 1, session: 0, xapi_statement: 12 })).toEqual(['xapi statement: 12 rows', 'attempt: 7 rows', 'review log: 1 row']);
  });
});

describe('the download link', () => {
  it('is the person’s export for an admin, one’s own otherwise', () => {
    expect(exportUrl('a/b')).toBe('/api/people/a%2Fb/export');
    expect(exportUrl()).toBe('/api/profile/export');
  });
});
