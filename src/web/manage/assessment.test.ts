import { describe, expect, it } from 'vitest';
import { complianceUrl, describeExpiry, describeValidity, formatChange } from './assessment.ts';

describe('manage: compliance helpers', () => {
  it('builds the compliance and CSV URLs without empty filters', () => {
    expect(complianceUrl({ teamId: 't1', status: '', q: undefined })).toBe('/api/compliance?teamId=t1');
    expect(complianceUrl({ status: 'lapsed' }, true)).toBe('/api/compliance.csv?status=lapsed');
  });

  it('describes expiry, validity and change', () => {
    expect(describeExpiry({ status: 'earned', daysLeft: 12 })).toBe('Expires in 12 days');
    expect(describeExpiry({ status: 'due_soon', daysLeft: 1 })).toBe('Expires in 1 day');
    expect(describeExpiry({ status: 'lapsed', daysLeft: -1 })).toBe('Lapsed within the last day');
    expect(describeExpiry({ status: 'lapsed', daysLeft: -11 })).toBe('Lapsed 10 days ago');
    expect(describeExpiry({ status: 'not_earned', daysLeft: null })).toBe('Never certified');
    expect(describeValidity({ amount: 12, unit: 'months' })).toBe('12 months');
    expect(describeValidity({ amount: 1, unit: 'days' })).toBe('1 day');
    expect(formatChange(25.4)).toBe('+25');
    expect(formatChange(-10)).toBe('−10');
    expect(formatChange(null)).toBe('–');
  });
});
