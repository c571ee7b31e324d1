import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, toBody } from './certification-form.ts';

describe('the certification form', () => {
  it('builds the API body of a course certification', () => {
    expect(toBody({ ...EMPTY_DRAFT, title: ' Call handling ', courseId: 'c1', passMark: '75.5' })).toEqual({
      body: { title: 'Call handling', description: '', scope: 'course', courseId: 'c1', objectiveIds: [], passMark: 75.5, validity: { amount: 12, unit: 'months' }, dueSoonDays: 30, autoRecertify: true, recertifyWithinDays: 30 },
    });
  });

  it('lists what is missing or out of range', () => {
    expect(toBody({ ...EMPTY_DRAFT, scope: 'objectives', passMark: '120', validityAmount: '0' })).toEqual({
      problems: ['Give the certification a title.', 'Choose at least one objective.', 'The pass mark is a percentage from 0 to 100.', 'The validity is a whole number, at least 1.'],
    });
  });
});
