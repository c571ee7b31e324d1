import { describe, expect, it } from 'vitest';
import type { Person } from '../lib/api-types.ts';
import { findAttributeProblems, NEW_PERSON, toPersonCreate, toPersonFormValues, toPersonPatch } from './person-form.ts';

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

describe('attributes in the person form', () => {
  it('sends names as canonical keys and trimmed values, dropping empty rows', () => {
    const values = { ...NEW_PERSON, displayName: 'Ben', email: 'ben@example.com', attributes: [{ key: 'Job Title', value: ' Picker ' }, { key: '', value: '' }, { key: 'location', value: 'Leeds' }] };
    expect(toPersonPatch(values).attributes).toEqual({ job_title: 'Picker', location: 'Leeds' });
    expect(toPersonCreate(values).attributes).toEqual({ job_title: 'Picker', location: 'Leeds' });
    expect(toPersonCreate({ ...values, attributes: [{ key: ' ', value: '' }] })).not.toHaveProperty('attributes');
    // Removing every row clears them all.
    expect(toPersonPatch({ ...values, attributes: [] }).attributes).toEqual({});
  });

  it('shows a person’s attributes as rows in name order', () => {
    const person: Person = {
      id: 'p1',
      email: 'ben@example.com',
      displayName: 'Ben',
      phone: null,
      chatHandle: null,
      externalId: null,
      timeZone: null,
      effectiveTimeZone: 'UTC',
      workingDays: null,
      workStart: null,
      workEnd: null,
      locale: null,
      preferredChannels: ['app'],
      managerId: null,
      roles: ['learner'],
      teams: [],
      status: 'active',
      hasPassword: false,
      attributes: { shift: 'Night', location: 'Leeds' },
      emailOptOutAt: null,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    };
    expect(toPersonFormValues(person).attributes).toEqual([
      { key: 'location', value: 'Leeds' },
      { key: 'shift', value: 'Night' },
    ]);
  });

  it('finds problems before anything is sent', () => {
    expect(findAttributeProblems([{ key: 'Job title', value: 'Picker' }])).toEqual([]);
    expect(findAttributeProblems([{ key: 'location', value: 'Leeds' }, { key: 'Location', value: 'York' }])).toEqual(['The attribute location is given twice.']);
    expect(findAttributeProblems([{ key: '', value: 'Leeds' }])).toEqual(['The value “Leeds” needs an attribute name.']);
    expect(findAttributeProblems([{ key: 'shift', value: ' ' }])).toEqual(['The attribute shift needs a value (or remove it).']);
    expect(findAttributeProblems([{ key: '1st shift', value: 'x' }])[0]).toMatch(/starting with a letter/);
    expect(findAttributeProblems([{ key: 'Email', value: 'x' }])[0]).toMatch(/own fields/);
  });
});
