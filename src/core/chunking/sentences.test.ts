import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentEachText, segmentSentences, tidySpaces } from './sentences.ts';

const training = readFileSync(new URL('../../../../shared/fixtures/documents/pagerduty-security-training-for-everyone.md', import.meta.url), 'utf8');

/** What the segmenter alone gives: the oracle for texts up to a window long (1,500 characters). */
function segmenterSpans(text: string): { start: number; end: number }[] {
  return [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].map((s) => ({ start: s.index, end: s.index + s.segment.length }));
}

/** Text made of what sentence boundaries turn on: terminators, closing marks, spaces, line breaks (CR LF too), cases, digits, marks. */
const sentenceText = fc
  .array(fc.constantFrom('Lock it', ' the door', 'e.g. ', 'U.S. ', '3.5', '.', '!', '?', '。', '‽', ')', '"', '’', ' ', '  ', '\n', '\r\n', '\r', '\u2029', '\u0085', 'A', 'b', '\u0301', '\u00ad', ',', ';', ' (see', '😀'), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('segmentSentences', () => {
  it('gives the segmenter’s sentences, covering every character in order', () => {
    fc.assert(
      fc.property(sentenceText, (text) => {
        expect(segmentSentences(text)).toEqual(segmenterSpans(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('segments a long text window by window without losing or repeating a character', () => {
    const text = Array.from({ length: 120 }, (_, k) => `Rule ${k} says: lock your screen (always) before you leave!`).join(' ');
    const spans = segmentSentences(text);
    expect(spans).toHaveLength(120);
    spans.forEach((span, k) => expect(span.start).toBe(k === 0 ? 0 : spans[k - 1]!.end));
    expect(spans[spans.length - 1]!.end).toBe(text.length);
  });
});

describe('segmentEachText', () => {
  it('gives each text the sentences it gets alone, for short and long texts and empty ones', () => {
    const texts = fc.array(fc.oneof(sentenceText, sentenceText.map((t) => t.repeat(30)), fc.constant('')), { maxLength: 25 });
    fc.assert(
      fc.property(texts, (list) => {
        expect(segmentEachText(list)).toEqual(list.map((text) => segmentSentences(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with segmenting them one by one on every paragraph of the training fixture', () => {
    const paragraphs = training.split(/\n\s*\n/).map(tidySpaces);
    expect(segmentEachText(paragraphs)).toEqual(paragraphs.map((text) => segmentSentences(text)));
  });
});

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
