import { describe, expect, it } from 'vitest';
import { closestWord, editDistance, highlightRanges, parseQuery, synonymMap } from './query.ts';

describe('reading a question', () => {
  it('keeps the words that carry meaning, folded, numbers included', () => {
    expect(parseQuery('A customer wants a refund after 40 days, what do I say?').map((t) => t.word)).toEqual(['customer', 'wants', 'refund', '40', 'days']);
    expect(parseQuery('Café CAFÉ cafe').map((t) => t.word)).toEqual(['cafe']);
    // Nothing but stop words: they are searched rather than nothing.
    expect(parseQuery('what is it?').map((t) => t.word)).toEqual(['what', 'is', 'it']);
  });

  it('treats the last word as a prefix only while typing and only when the question ends in it', () => {
    expect(parseQuery('reset pass', { typing: true }).map((t) => t.prefix)).toEqual([false, true]);
    expect(parseQuery('reset pass ', { typing: true }).map((t) => t.prefix)).toEqual([false, false]);
    expect(parseQuery('reset pass').map((t) => t.prefix)).toEqual([false, false]);
  });

  it('adds the organisation’s synonyms, phrases included, in both directions', () => {
    const synonyms = synonymMap([['PTO', 'vacation', 'paid time off']]);
    expect(parseQuery('how much PTO', { synonyms }).find((t) => t.word === 'pto')?.alternatives).toEqual(['pto', 'vacation', 'paid time off']);
    expect(parseQuery('vacation rules', { synonyms })[0]?.alternatives).toEqual(['vacation', 'pto', 'paid time off']);
  });
});

describe('typo correction', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('emial', 'email')).toBe(1);
    expect(editDistance('pasword', 'password')).toBe(1);
    expect(editDistance('phising', 'phishing')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyzuvw', 2)).toBe(3);
  });

  it('picks the closest known word, then the commonest, and nothing for short or far words', () => {
    const known = [
      { term: 'password', uses: 40 },
      { term: 'passport', uses: 2 },
      { term: 'phishing', uses: 30 },
    ];
    expect(closestWord('pasword', known)).toBe('password');
    expect(closestWord('phishng', known)).toBe('phishing');
    expect(closestWord('pas', known)).toBeUndefined();
    expect(closestWord('banana', known)).toBeUndefined();
    expect(closestWord('passwort', [{ term: 'password', uses: 1 }, { term: 'passport', uses: 9 }])).toBe('passport');
  });
});

describe('highlighting', () => {
  it('marks the words asked about, and their simple inflections, by offset', () => {
    const text = 'Refunds after 40 days need a manager; a refund sooner does not.';
    const ranges = highlightRanges(text, parseQuery('refund manager'));
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['Refunds', 'manager', 'refund']);
  });
});
