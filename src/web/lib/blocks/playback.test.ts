import { describe, expect, it } from 'vitest';
import { mediaIdsOfBlocks, list, record, text } from './block-data.ts';
import { formatClock, PLAYBACK_SPEEDS, positionToRemember, resumePosition } from './playback.ts';

describe('playback', () => {
  it('offers 0.75× to 2×', () => {
    expect(PLAYBACK_SPEEDS[0]).toBe('0.75');
    expect(PLAYBACK_SPEEDS.at(-1)).toBe('2');
  });

  it('formats a clock', () => {
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(-3)).toBe('0:00');
  });

  it('remembers a position in the middle only', () => {
    expect(positionToRemember(12.345, 60)).toBe(12.3);
    expect(positionToRemember(0.4, 60)).toBeNull();
    expect(positionToRemember(58.5, 60)).toBeNull();
    // Length unknown (a stream still loading): keep it.
    expect(positionToRemember(30, Number.NaN)).toBe(30);
  });

  it('resumes only before the end', () => {
    expect(resumePosition(12.3, 60)).toBe(12.3);
    expect(resumePosition(59, 60)).toBeNull();
    expect(resumePosition(0, 60)).toBeNull();
    expect(resumePosition(10, Number.NaN)).toBeNull();
  });
});

describe('reading rendered blocks', () => {
  it('never throws on odd values', () => {
    expect(text(3)).toBe('');
    expect(list('x')).toEqual([]);
    expect(record(null)).toEqual({});
  });

  it('lists every media file once, including skill-demonstration steps', () => {
    expect(
      mediaIdsOfBlocks([
        { type: 'video', mediaId: 'v' },
        { type: 'text', html: '<p>x</p>' },
        { type: 'skill_demo', steps: [{ text: 'a', mediaId: 's1' }, { text: 'b' }, { text: 'c', mediaId: 'v' }] },
        { type: 'image', mediaId: 'i' },
      ]),
    ).toEqual(['v', 's1', 'i']);
  });
});
