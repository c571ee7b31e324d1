import { describe, expect, it } from 'vitest';
import { toProfilePatch, type ProfileFormValues } from './profile-fields.ts';

const values: ProfileFormValues = {
  displayName: '  Ada Lovelace ',
  phone: '',
  chatHandle: '@ada',
  timeZone: 'Europe/London',
  workingDays: [5, 1, 3],
  workStart: '09:00',
  workEnd: '',
  locale: ' ',
  preferredChannels: ['email', 'app'],
};

describe('toProfilePatch', () => {
  it('turns empty fields into null so the team or organisation default applies', () => {
    expect(toProfilePatch(values)).toEqual({
      displayName: 'Ada Lovelace',
      phone: null,
      chatHandle: '@ada',
      timeZone: 'Europe/London',
      workingDays: [1, 3, 5],
      workStart: '09:00',
      workEnd: null,
      locale: null,
      preferredChannels: ['email', 'app'],
    });
  });

  it('sends no working days as null rather than an empty list the API refuses', () => {
    expect(toProfilePatch({ ...values, workingDays: [] }).workingDays).toBeNull();
  });
});
