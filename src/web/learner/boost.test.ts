import { describe, expect, it } from 'vitest';
import { describeComesBack, itemsPerRound, parseBoostMode, summariseRound } from './boost.ts';

describe('the boost', () => {
  it('is practice only when asked for', () => {
    expect(parseBoostMode('practice')).toBe('practice');
    expect(parseBoostMode(null)).toBe('boost');
    expect(parseBoostMode('anything')).toBe('boost');
    expect(itemsPerRound('boost')).toBe(3);
  });

  it('says when an item comes back in the learner’s calendar days', () => {
    const now = new Date('2025-03-10T10:00:00Z');
    expect(describeComesBack('2025-03-11T09:00:00Z', now, 'Europe/London')).toBe('Comes back tomorrow');
    expect(describeComesBack('2025-03-14T09:00:00Z', now, 'Europe/London')).toBe('Comes back in 4 days');
    expect(describeComesBack('2025-03-10T12:00:00Z', now, 'Europe/London')).toBe('Comes back later today');
    // 20:00 UTC is already tomorrow in Tokyo.
    expect(describeComesBack('2025-03-10T20:00:00Z', now, 'Asia/Tokyo')).toBe('Comes back tomorrow');
    expect(describeComesBack('2025-06-10T09:00:00Z', now, 'Europe/London')).toBe('Comes back in about 3 months');
    expect(describeComesBack(null, now, 'Europe/London')).toBeNull();
  });

  it('sums up a round', () => {
    expect(summariseRound([{ correct: true }, { correct: false }, { correct: true }], 'boost')).toBe('You remembered 2 of 3. The ones you missed come back sooner.');
    expect(summariseRound([{ correct: true }, { correct: true }], 'boost')).toBe('You remembered all 2.');
    expect(summariseRound([{ correct: true }], 'boost')).toBe('You remembered it.');
    expect(summariseRound([{ correct: false }], 'practice')).toBe('You got 0 of 1 right.');
  });
});
