import { describe, expect, it } from 'vitest';
import { ApiError, buildUrl, describeError, humaniseField } from './api-client.ts';

describe('buildUrl', () => {
  it('leaves out empty filters', () => {
    expect(buildUrl('/api/people', { q: 'ana', teamId: '', cursor: undefined, limit: 25, role: null })).toBe('/api/people?q=ana&limit=25');
    expect(buildUrl('/api/people', { q: '' })).toBe('/api/people');
  });
});

describe('describeError', () => {
  it('lists each invalid field of a validation failure instead of the run-on summary', () => {
    const error = new ApiError(400, 'validation_failed', 'The request is not valid: body.phone: bad.', {
      issues: [
        { field: 'body.phone', message: 'must be a phone number' },
        { field: 'body.admin.displayName', message: 'is required' },
      ],
    });
    expect(describeError(error)).toEqual({
      message: 'Some fields need correcting:',
      fields: ['Phone: must be a phone number', 'Admin display name: is required'],
    });
  });

  it('keeps the API message when there are no field details', () => {
    expect(describeError(new ApiError(401, 'invalid_credentials', 'That email and password do not match an account.'))).toEqual({
      message: 'That email and password do not match an account.',
      fields: [],
    });
  });
});

describe('humaniseField', () => {
  it('drops the request part and array indexes', () => {
    expect(humaniseField('body.workingDays.0')).toBe('Working days');
  });
});
