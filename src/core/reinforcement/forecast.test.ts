import { describe, expect, it } from 'vitest';
import { forecastReviewLoad } from './forecast.ts';
import { newReviewCard, scheduleReview } from './scheduler.ts';

const now = new Date('2026-03-02T09:00:00Z');
const DAY = 86_400_000;
const cardDueIn = (days: number) => ({ ...newReviewCard(now), state: 2 as const, stability: 5, difficulty: 5, reps: 1, lastReview: now.toISOString(), due: new Date(now.getTime() + days * DAY).toISOString() });

describe('forecastReviewLoad', () => {
  it('counts each item on the day it falls due, overdue items today, nothing past the horizon', () => {
    const items = [cardDueIn(-3), cardDueIn(0.1), cardDueIn(2), cardDueIn(9), cardDueIn(40)].map((card) => ({ card, desiredRetention: 0.9 }));
    const forecast = forecastReviewLoad(items, { now, weeks: 2 });
    expect(forecast.overdue).toBe(1);
    expect(forecast.days).toHaveLength(14);
    expect(forecast.days[0]).toEqual({ date: '2026-03-02', reviews: 2 });
    expect(forecast.days[2]).toEqual({ date: '2026-03-04', reviews: 1 });
    expect(forecast.weeks).toEqual([
      { start: '2026-03-02', reviews: 3 },
      { start: '2026-03-09', reviews: 1 },
    ]);
    expect(forecast.total).toBe(4);
  });

  it('uses the learner’s calendar day', () => {
    // 23:30 UTC on 2 March is already 3 March in Tokyo.
    const card = { ...cardDueIn(0), due: '2026-03-02T23:30:00.000Z' };
    expect(forecastReviewLoad([{ card, desiredRetention: 0.9, timeZone: 'Asia/Tokyo' }], { now, weeks: 1, timeZone: 'UTC' }).days[1]?.reviews).toBe(1);
    expect(forecastReviewLoad([{ card, desiredRetention: 0.9, timeZone: 'UTC' }], { now, weeks: 1 }).days[0]?.reviews).toBe(1);
  });

  it('adds the follow-up reviews when simulating, the same every time', () => {
    const card = scheduleReview(newReviewCard(now), false, now).card; // wrong first answer: due tomorrow
    const items = [{ card, desiredRetention: 0.9 }];
    const once = forecastReviewLoad(items, { now, weeks: 8 });
    const simulated = forecastReviewLoad(items, { now, weeks: 8, simulate: true });
    expect(once.total).toBe(1);
    expect(simulated.total).toBeGreaterThan(1);
    expect(forecastReviewLoad(items, { now, weeks: 8, simulate: true })).toEqual(simulated);
  });

  it('refuses a horizon outside 1–26 weeks', () => {
    expect(() => forecastReviewLoad([], { now, weeks: 0 })).toThrow(RangeError);
  });
});
