import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tidySpaces } from './sentences.ts';

describe('tidySpaces', () => {
  it('collapses spaces, keeps line breaks without the spaces around them, and trims', () => {
    expect(tidySpaces('  Lock  your\u00a0screen. \n  Then \r\n\n leave.\t')).toBe('Lock your screen.\nThen\n\nleave.');
    expect(tidySpaces('Already tidy.\nYes.')).toBe('Already tidy.\nYes.');
  });

  it('agrees with the regular expressions it replaces on any text', () => {
    const text = fc.array(fc.constantFrom('a', 'é', ' ', '  ', '\n', '\r', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u0085', '.', '😀'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, (t) => tidySpaces(t) === t.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim()), { numRuns: 3000 });
  });
});
