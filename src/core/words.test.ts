import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, nextWordStart, wordEnd, wordsOf } from './words.ts';

/** The regular expressions the scans replace: the oracles they must agree with on any text. */
const COUNTED_WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const QUESTION_WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** Text built from the characters that matter: ASCII, accents, combining marks, CJK, digits in other scripts, emoji (surrogate pairs), joiners and spaces. */
const messyText = fc
  .array(fc.constantFrom('a', 'Z', '7', 'é', 'ß', 'e\u0301', '日本', '٣', '𝒳', '😀', "'", '’', '-', '.', ' ', '\n', ',', '!', '—', '\uD800', '_', '|', '>'), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('countWords', () => {
  it('counts words as a reader meets them', () => {
    expect(countWords("Don't hang up — it's a 24-hour line, OK?")).toBe(8);
    expect(countWords('')).toBe(0);
    expect(countWords('Café 東京 𝒳y')).toBe(3);
  });

  it('agrees with the regular expression on any text', () => {
    fc.assert(fc.property(messyText, (text) => countWords(text) === (text.match(COUNTED_WORD) ?? []).length), { numRuns: 2000 });
  });
});

describe('wordsOf', () => {
  it('keeps "e.g." and "1.5" whole and leaves a trailing full stop out', () => {
    expect(wordsOf('Use e.g. 1.5 GB, not more.')).toEqual(['Use', 'e.g', '1.5', 'GB', 'not', 'more']);
  });

  it('agrees with the regular expression on any text', () => {
    fc.assert(fc.property(messyText, (text) => JSON.stringify(wordsOf(text)) === JSON.stringify(text.match(QUESTION_WORD) ?? [])), { numRuns: 2000 });
  });
});

describe('nextWordStart and wordEnd', () => {
  /** The words found by stepping from one word to the next, as [start, end) ranges. */
  function wordRanges(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    for (let start = nextWordStart(text, 0); start < text.length; ) {
      const end = wordEnd(text, start);
      ranges.push([start, end]);
      start = nextWordStart(text, end);
    }
    return ranges;
  }

  it('step through the words of wordsOf without making their strings', () => {
    expect(wordRanges('Use e.g. 1.5 GB.')).toEqual([[0, 3], [4, 7], [9, 12], [13, 15]]);
    expect(nextWordStart('... ', 0)).toBe(4);
  });

  it('find the same words, at the same places, as the regular expression on any text', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const expected = [...text.matchAll(QUESTION_WORD)].map((m): [number, number] => [m.index, m.index + m[0].length]);
        expect(wordRanges(text)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
