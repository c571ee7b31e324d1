import { describe, expect, it } from 'vitest';
import type { PointsEntry } from '../../lib/gamification-types.ts';
import { findCelebration, parseSeenPoints } from './celebration.ts';

const now = new Date('2025-03-10T12:00:00Z');
const entry = (reason: string, at: string, points = 10): PointsEntry => ({ reason, at, points, source: { kind: 'lesson', id: 'l1' } });

describe('findCelebration', () => {
  it('celebrates the first lesson of a new learner, and only once', () => {
    const first = findCelebration([entry('lesson_completed', '2025-03-10T11:59:00Z')], null, now, 1);
    expect(first.message).toBe('Your first lesson completed: 10 points!');
    const again = findCelebration([entry('lesson_completed', '2025-03-10T11:59:00Z')], first.seen, now, 1);
    expect(again.message).toBeNull();
    const second = findCelebration([entry('lesson_completed', '2025-03-10T12:30:00Z'), entry('lesson_completed', '2025-03-10T11:59:00Z')], first.seen, now, 1);
    expect(second.message).toBeNull();
    expect(second.seen.seenUntil).toBe('2025-03-10T12:30:00Z');
  });

  it('does not congratulate a learner on old news in a browser new to them', () => {
    const result = findCelebration([entry('lesson_completed', '2025-03-01T09:00:00Z')], null, now, 4);
    expect(result.message).toBeNull();
    expect(result.seen.reasons).toEqual(['lesson_completed']);
  });

  it('puts a streak milestone before a first of a kind', () => {
    const seen = { seenUntil: '2025-03-10T08:00:00Z', reasons: ['lesson_completed'] };
    const result = findCelebration([entry('streak_milestone', '2025-03-10T11:00:01Z', 20), entry('recall_correct', '2025-03-10T11:00:00Z', 15)], seen, now, 5);
    expect(result.message).toBe('Streak milestone: 5 working days in a row! 20 points for you.');
    expect(result.seen.reasons).toEqual(['lesson_completed', 'recall_correct', 'streak_milestone']);
  });

  it('celebrates the earliest new kind, never a redemption or a refund', () => {
    const seen = { seenUntil: '2025-03-10T08:00:00Z', reasons: ['lesson_completed'] };
    const result = findCelebration([entry('first_try_correct', '2025-03-10T11:00:02Z', 5), entry('recall_correct', '2025-03-10T11:00:01Z', 15), entry('refund', '2025-03-10T11:00:00Z', 50)], seen, now, 2);
    expect(result.message).toBe('Your first answer remembered in a review: 15 points!');
    expect(findCelebration([entry('redemption', '2025-03-10T11:00:00Z', -50)], seen, now, 2).message).toBeNull();
  });
});

describe('parseSeenPoints', () => {
  it('reads what was stored and ignores anything else', () => {
    expect(parseSeenPoints(JSON.stringify({ seenUntil: '2025-03-10T08:00:00Z', reasons: ['a', 3] }))).toEqual({ seenUntil: '2025-03-10T08:00:00Z', reasons: ['a'] });
    expect(parseSeenPoints(null)).toBeNull();
    expect(parseSeenPoints('{oops')).toBeNull();
    expect(parseSeenPoints('"text"')).toBeNull();
    expect(parseSeenPoints(JSON.stringify({ seenUntil: 5, reasons: [] }))).toBeNull();
  });
});
