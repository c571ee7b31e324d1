import { describe, expect, it } from 'vitest';
import { attributeKeyProblem, matchesAttributes, normaliseAttributeKey } from './person-attributes.ts';

describe('normaliseAttributeKey', () => {
  it('turns headers and names as people write them into canonical keys', () => {
    expect(normaliseAttributeKey('Job Title')).toBe('job_title');
    expect(normaliseAttributeKey('  Store-Number ')).toBe('store_number');
    expect(normaliseAttributeKey('Région')).toBe('region');
    expect(normaliseAttributeKey('cost centre (UK)')).toBe('cost_centre_uk');
    expect(normaliseAttributeKey('***')).toBe('');
  });
});

describe('attributeKeyProblem', () => {
  it('accepts canonical keys and explains every refusal', () => {
    expect(attributeKeyProblem('job_title')).toBeNull();
    expect(attributeKeyProblem('shift2')).toBeNull();
    expect(attributeKeyProblem('')).toMatch(/empty/);
    expect(attributeKeyProblem('Job Title')).toMatch(/lower-case.*e\.g\. job_title/);
    expect(attributeKeyProblem('1st_shift')).toMatch(/starting with a letter/);
    expect(attributeKeyProblem('x'.repeat(41))).toMatch(/at most 40/);
    expect(attributeKeyProblem('email')).toMatch(/own fields/);
    expect(attributeKeyProblem('time_zone')).toMatch(/own fields/);
    expect(attributeKeyProblem('department')).toMatch(/own fields/);
  });
});

describe('matchesAttributes', () => {
  const ann = { location: ' Leeds ', shift: 'Night' };

  it('needs every key to hold one of its values, compared trimmed and without case', () => {
    expect(matchesAttributes(ann, { location: ['leeds', 'York'] })).toBe(true);
    expect(matchesAttributes(ann, { location: ['LEEDS '], shift: ['night'] })).toBe(true);
    expect(matchesAttributes(ann, { location: ['Leeds'], shift: ['Day'] })).toBe(false);
    expect(matchesAttributes(ann, { region: ['North'] })).toBe(false);
  });

  it('treats a key with no values as no criterion, and no criteria as a match', () => {
    expect(matchesAttributes(ann, {})).toBe(true);
    expect(matchesAttributes({}, { region: [] })).toBe(true);
  });

  it('looks only at the person’s own attributes, never at what every object inherits', () => {
    expect(matchesAttributes({}, { constructor: ['function Object() { [native code] }'] })).toBe(false);
    expect(matchesAttributes({}, { to_string: ['x'] })).toBe(false);
  });
});
