import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeResultCount, describeSearchDuration, describeSource, highlightSegments, playerPath, searchPagePath } from './search-text.ts';

describe('highlightSegments', () => {
  it('marks the ranges and keeps the text around them', () => {
    expect(highlightSegments('Ask for a refund by card', [[10, 16], [20, 24]])).toEqual([
      { text: 'Ask for a ', isMatch: false },
      { text: 'refund', isMatch: true },
      { text: ' by ', isMatch: false },
      { text: 'card', isMatch: true },
    ]);
  });

  it('sorts ranges given out of order and merges overlapping and touching ones', () => {
    expect(highlightSegments('abcdefghij', [[6, 8], [1, 3], [2, 4], [4, 5]])).toEqual([
      { text: 'a', isMatch: false },
      { text: 'bcde', isMatch: true },
      { text: 'f', isMatch: false },
      { text: 'gh', isMatch: true },
      { text: 'ij', isMatch: false },
    ]);
  });

  it('clamps ranges reaching past the text and drops empty or reversed ones', () => {
    expect(highlightSegments('refund', [[-3, 2], [4, 99], [3, 3], [5, 1]])).toEqual([
      { text: 're', isMatch: true },
      { text: 'fu', isMatch: false },
      { text: 'nd', isMatch: true },
    ]);
  });

  it('gives the whole text unmarked without ranges, and nothing for an empty text', () => {
    expect(highlightSegments('No match here', [])).toEqual([{ text: 'No match here', isMatch: false }]);
    expect(highlightSegments('', [[0, 4]])).toEqual([]);
  });

  it('keeps every character once and in order, whatever the ranges', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 })), { maxLength: 8 }), (text, ranges) => {
        const segments = highlightSegments(text, ranges);
        expect(segments.map((segment) => segment.text).join('')).toBe(text);
        for (const segment of segments) expect(segment.text.length).toBeGreaterThan(0);
        // Neighbours always differ, so two marks never sit side by side.
        for (let i = 1; i < segments.length; i++) expect(segments[i]!.isMatch).not.toBe(segments[i - 1]!.isMatch);
      }),
    );
  });
});

describe('describeSearchDuration', () => {
  it('says the length in whole minutes, "under 1 min" for the shortest', () => {
    expect(describeSearchDuration(20)).toBe('under 1 min');
    expect(describeSearchDuration(44)).toBe('under 1 min');
    expect(describeSearchDuration(45)).toBe('about 1 min');
    expect(describeSearchDuration(89)).toBe('about 1 min');
    expect(describeSearchDuration(90)).toBe('about 2 min');
    expect(describeSearchDuration(120)).toBe('about 2 min');
    expect(describeSearchDuration(Number.NaN)).toBe('under 1 min');
  });
});

describe('describeResultCount', () => {
  it('counts lessons for the question', () => {
    expect(describeResultCount(0, 'gym')).toBe('No lesson found for “gym”.');
    expect(describeResultCount(1, 'refund')).toBe('1 lesson found for “refund”.');
    expect(describeResultCount(4, 'refund card')).toBe('4 lessons found for “refund card”.');
  });
});

describe('paths', () => {
  it('opens the search page with the question encoded', () => {
    expect(searchPagePath('  refund & card? ')).toBe('/learn/search?q=refund%20%26%20card%3F');
    expect(searchPagePath('   ')).toBe('/learn/search');
  });

  it('plays a result in its course, and has nowhere to play one without a course', () => {
    expect(playerPath({ courseId: 'c 1', lessonId: 'l/2' })).toBe('/learn/courses/c%201/lessons/l%2F2');
    expect(playerPath({ courseId: null, lessonId: 'l2' })).toBeUndefined();
  });
});

describe('describeSource', () => {
  it('joins the document and its headings', () => {
    expect(describeSource({ document: 'handbook.md', headingPath: ['Benefits', 'Time off'] })).toBe('handbook.md › Benefits › Time off');
    expect(describeSource({ document: 'notes.txt', headingPath: [] })).toBe('notes.txt');
    expect(describeSource(undefined)).toBeUndefined();
  });
});
