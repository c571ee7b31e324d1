import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDue, newReviewCard, ratingOf, retrievability, scheduleReview } from './scheduler.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00Z');

/** Answers right every time the card falls due; returns the gaps in days. */
function intervalsWhenAlwaysRight(desiredRetention: number, count: number): number[] {
  let card = newReviewCard(start);
  const gaps: number[] = [];
  for (let i = 0; i < count; i++) {
    const now = new Date(card.due);
    card = scheduleReview(card, true, now, { desiredRetention, maximumIntervalDays: 36_500 }).card;
    gaps.push(Math.round((Date.parse(card.due) - now.getTime()) / DAY));
  }
  return gaps;
}

describe('scheduleReview (FSRS-6 through ts-fsrs)', () => {
  it('maps a wrong answer to Again and a right one to Good', () => {
    expect(ratingOf(false)).toBe(1);
    expect(ratingOf(true)).toBe(3);
  });

  it('spaces right answers further and further apart, as ts-fsrs documents for long-term scheduling', () => {
    // ts-fsrs's own probe (long-term mode, retention 0.90): 3, 14, 57, 196, 586 days.
    expect(intervalsWhenAlwaysRight(0.9, 5)).toEqual([3, 14, 57, 196, 586]);
    // A higher desired retention (safety-critical objectives) reviews sooner.
    expect(intervalsWhenAlwaysRight(0.95, 5)).toEqual([3, 6, 15, 34, 72]);
  });

  it('brings a missed question back within two days, never the same day', () => {
    const { card, log } = scheduleReview(newReviewCard(start), false, start);
    const gapDays = (Date.parse(card.due) - start.getTime()) / DAY;
    expect(gapDays).toBeGreaterThanOrEqual(1);
    expect(gapDays).toBeLessThanOrEqual(2);
    expect(log).toEqual({ reviewedAt: start.toISOString(), rating: 1, stateBefore: 0, correct: false });
    expect(isDue(card, new Date(start.getTime() + DAY / 2))).toBe(false);
    expect(isDue(card, new Date(start.getTime() + 2 * DAY))).toBe(true);
  });

  it('caps intervals at the maximum, and keeps retrievability at the desired level when due', () => {
    let card = newReviewCard(start);
    for (let i = 0; i < 10; i++) card = scheduleReview(card, true, new Date(card.due), { desiredRetention: 0.9, maximumIntervalDays: 90 }).card;
    expect(card.scheduledDays).toBeLessThanOrEqual(90);
    const fresh = scheduleReview(newReviewCard(start), true, start).card;
    // Intervals are whole days, so recall at the due date is near the target rather than exactly on it.
    expect(Math.abs(retrievability(fresh, new Date(fresh.due)) - 0.9)).toBeLessThan(0.03);
  });

  it('never mutates its input and always moves the due date forward (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 12, maxLength: 12 }), (answers, delays) => {
        let card = newReviewCard(start);
        let now = start;
        answers.forEach((correct, i) => {
          const frozen = JSON.stringify(card);
          now = new Date(now.getTime() + (delays[i] ?? 0) * DAY);
          const next = scheduleReview(card, correct, now).card;
          expect(JSON.stringify(card)).toBe(frozen);
          expect(Date.parse(next.due)).toBeGreaterThan(now.getTime());
          expect(next.reps).toBe(card.reps + 1);
          card = next;
        });
      }),
    );
  });
});
