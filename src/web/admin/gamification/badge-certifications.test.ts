import { describe, expect, it } from 'vitest';
import { certificationOptions } from './badge-certifications.ts';

const certifications = [
  { id: 'c-safety', title: 'Food safety', status: 'active' as const },
  { id: 'c-old', title: 'Old tills', status: 'archived' as const },
  { id: 'c-allergens', title: 'Allergens', status: 'active' as const },
];

describe('the certification pick list of a badge rule', () => {
  it('offers any certification first, then the active ones by title', () => {
    expect(certificationOptions(certifications, '')).toEqual([
      { value: '', label: 'Any certification' },
      { value: 'c-allergens', label: 'Allergens' },
      { value: 'c-safety', label: 'Food safety' },
    ]);
  });

  it('keeps an archived certification only when it is the one chosen, and says it is archived', () => {
    expect(certificationOptions(certifications, 'c-old').map((option) => option.label)).toEqual(['Any certification', 'Allergens', 'Food safety', 'Old tills (archived)']);
  });

  it('offers only "any" when the organisation has no certification', () => {
    expect(certificationOptions([], '')).toEqual([{ value: '', label: 'Any certification' }]);
  });
});
