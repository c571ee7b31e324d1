import { describe, expect, it } from 'vitest';
import { NEW_PERSON, toPersonCreate, toPersonPatch } from './person-form.ts';

describe('toPersonCreate', () => {
  it('sends only the fields the admin filled in, so the organisation defaults apply to the rest', () => {
    expect(toPersonCreate({ ...NEW_PERSON, displayName: ' Ben Carter ', email: ' ben@example.com ', timeZone: 'Europe/London', teamIds: ['t1'] })).toEqual({
      displayName: 'Ben Carter',
      email: 'ben@example.com',
      roles: ['learner'],
      preferredChannels: ['app', 'email'],
      timeZone: 'Europe/London',
      teamIds: ['t1'],
    });
  });
});

describe('toPersonPatch', () => {
  it('clears emptied fields with null and never sends team memberships', () => {
    const patch = toPersonPatch({ ...NEW_PERSON, displayName: 'Ben', email: 'ben@example.com', status: 'deactivated', teamIds: ['t1'] });
    expect(patch).toMatchObject({ displayName: 'Ben', phone: null, timeZone: null, workingDays: null, status: 'deactivated' });
    expect(patch).not.toHaveProperty('teamIds');
  });
});
