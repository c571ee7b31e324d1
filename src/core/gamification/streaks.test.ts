import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type StreakInput, computeStreak } from './streaks.ts';

const WEEKDAYS = [1, 2, 3, 4, 5];

/** Instants at a local time on local dates in a zone (through Luxon, as a learner's clock reads). */
function localInstants(timeZone: string, dates: string[], time = '09:00'): string[] {
  return dates.map((date) => DateTime.fromISO(`${date}T${time}`, { zone: timeZone }).toUTC().toISO() as string);
}

function streak(overrides: Partial<StreakInput> & Pick<StreakInput, 'activityInstants' | 'today'>) {
  return computeStreak({ timeZone: 'Europe/London', workingDays: WEEKDAYS, ...overrides });
}

describe('computeStreak', () => {
  it('counts working days with activity; a weekend neither adds nor breaks', () => {
    // Mon 3 – Fri 7 March 2025, then Monday 10 March, with activity on Saturday too.
    const activity = localInstants('Europe/London', ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-10']);
    const result = streak({ activityInstants: activity, today: '2025-03-10T12:00:00Z' });
    expect(result).toMatchObject({ current: 6, longest: 6, startedOn: '2025-03-03', today: '2025-03-10', todayDone: true, todayIsWorkingDay: true, lastActiveOn: '2025-03-10' });
  });

  it('does not break the streak for today not done yet, but says it is at risk', () => {
    const activity = localInstants('Europe/London', ['2025-03-04', '2025-03-05']);
    const result = streak({ activityInstants: activity, today: '2025-03-06T08:00:00Z' });
    expect(result).toMatchObject({ current: 2, todayDone: false, atRisk: true, freezeAtStake: false, freezesHeld: 0 });
  });

  it('breaks on a missed working day without a freeze, and keeps the longest', () => {
    const activity = localInstants('Europe/London', ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-07', '2025-03-10']);
    const result = streak({ activityInstants: activity, today: '2025-03-10T18:00:00Z' });
    expect(result).toMatchObject({ current: 2, longest: 3, startedOn: '2025-03-07' });
  });

  it('earns a freeze every 5 working days, at most 2, and uses one per missed working day', () => {
    // 15 working days in a row (3 – 21 March): 3 freezes earned, 2 held. Then 24 and 25 March missed.
    const days = Array.from({ length: 19 }, (_, index) => DateTime.fromISO('2025-03-03').plus({ days: index }))
      .filter((day) => day.weekday <= 5)
      .map((day) => day.toISODate() as string);
    expect(days).toHaveLength(15);
    const activity = localInstants('Europe/London', days);
    const kept = streak({ activityInstants: [...activity, ...localInstants('Europe/London', ['2025-03-26'])], today: '2025-03-26T12:00:00Z' });
    expect(kept).toMatchObject({ current: 16, freezesHeld: 0, freezesUsed: 2, startedOn: '2025-03-03' });
    // A third missed day (26 March) breaks it.
    const broken = streak({ activityInstants: [...activity, ...localInstants('Europe/London', ['2025-03-27'])], today: '2025-03-27T12:00:00Z' });
    expect(broken).toMatchObject({ current: 1, longest: 15, freezesHeld: 0, freezesUsed: 0, startedOn: '2025-03-27' });
  });

  it('takes freeze rules and freezes already held as parameters', () => {
    const activity = localInstants('Europe/London', ['2025-03-03', '2025-03-04', '2025-03-06']);
    const noFreezes = streak({ activityInstants: activity, today: '2025-03-06T12:00:00Z', rules: { workingDaysPerFreeze: 5, maxFreezesHeld: 0 }, freezesHeld: 3 });
    expect(noFreezes.current).toBe(1);
    const held = streak({ activityInstants: activity, today: '2025-03-06T12:00:00Z', freezesHeld: 1 });
    expect(held).toMatchObject({ current: 3, freezesUsed: 1, freezesHeld: 0 });
    const everyTwo = streak({ activityInstants: activity, today: '2025-03-06T12:00:00Z', rules: { workingDaysPerFreeze: 2, maxFreezesHeld: 2 } });
    expect(everyTwo).toMatchObject({ current: 3, freezesUsed: 1 });
  });

  it('says a freeze is at stake, not the streak, when one is held', () => {
    const activity = localInstants('Europe/London', ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07']);
    const result = streak({ activityInstants: activity, today: '2025-03-10T12:00:00Z' });
    expect(result).toMatchObject({ current: 5, freezesHeld: 1, atRisk: false, freezeAtStake: true });
  });

  it('reads days in the learner’s zone across a daylight-saving change', () => {
    // London moves to BST on Sunday 30 March 2025. Monday 31 March 00:30 BST is Sunday 23:30 UTC: a hand-rolled
    // GMT offset would call it Sunday and break the streak on Monday.
    const activity = ['2025-03-28T12:00:00Z', '2025-03-30T23:30:00Z', '2025-04-01T08:00:00Z'];
    const result = streak({ activityInstants: activity, today: '2025-04-01T09:00:00Z' });
    expect(result).toMatchObject({ current: 3, startedOn: '2025-03-28' });
    // Back to GMT on 26 October: Monday 27 October 00:30 GMT is 00:30 UTC; Friday 24 October 23:30 BST is 22:30 UTC.
    const autumn = streak({ activityInstants: ['2025-10-24T22:30:00Z', '2025-10-27T00:30:00Z'], today: '2025-10-27T12:00:00Z' });
    expect(autumn).toMatchObject({ current: 2, startedOn: '2025-10-24' });
  });

  it('counts a Sunday-to-Thursday working week', () => {
    const zone = 'Asia/Jerusalem';
    const workingDays = [7, 1, 2, 3, 4];
    // Sunday 2 – Thursday 6 March, Friday 7 (not a working day), then Sunday 9 March.
    const activity = localInstants(zone, ['2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-09']);
    const result = computeStreak({ activityInstants: activity, timeZone: zone, workingDays, today: '2025-03-09T12:00:00Z' });
    expect(result).toMatchObject({ current: 6, startedOn: '2025-03-02', todayIsWorkingDay: true, todayDone: true });
    // Sunday 9 March is a working day there: missing it uses the freeze earned at 5 days, leaving Monday at risk.
    const missed = computeStreak({ activityInstants: activity.slice(0, 5), timeZone: zone, workingDays, today: '2025-03-10T12:00:00Z' });
    expect(missed).toMatchObject({ current: 5, freezesUsed: 1, freezesHeld: 0, atRisk: true });
    // A Saturday is not a working day there: today being Saturday is never at risk.
    const saturday = computeStreak({ activityInstants: activity.slice(0, 5), timeZone: zone, workingDays, today: '2025-03-08T12:00:00Z' });
    expect(saturday).toMatchObject({ current: 5, todayIsWorkingDay: false, atRisk: false, freezesHeld: 1 });
  });

  it('uses the local date in Auckland, where it is already the next day in UTC terms', () => {
    const zone = 'Pacific/Auckland';
    // Monday 31 March – Friday 4 April at 09:00 NZDT/NZST: each is the previous day in UTC (Sunday to Thursday).
    const activity = localInstants(zone, ['2025-03-31', '2025-04-01', '2025-04-02', '2025-04-03', '2025-04-04']);
    expect(activity[0]).toBe('2025-03-30T20:00:00.000Z');
    const result = computeStreak({ activityInstants: activity, timeZone: zone, workingDays: WEEKDAYS, today: '2025-04-03T22:00:00Z' });
    expect(result).toMatchObject({ current: 5, today: '2025-04-04', todayDone: true, startedOn: '2025-03-31' });
    // Read in UTC, the same instants would start on a Sunday and count 4.
    expect(computeStreak({ activityInstants: activity, timeZone: 'UTC', workingDays: WEEKDAYS, today: '2025-04-03T22:00:00Z' }).current).toBe(4);
  });

  it('uses the local date in Los Angeles, where an evening is the next day in UTC', () => {
    const zone = 'America/Los_Angeles';
    // Monday 3 – Friday 7 March at 18:30 PST are 02:30 UTC the next day (Tuesday to Saturday).
    const activity = localInstants(zone, ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'], '18:30');
    expect(activity[4]).toBe('2025-03-08T02:30:00.000Z');
    const result = computeStreak({ activityInstants: activity, timeZone: zone, workingDays: WEEKDAYS, today: '2025-03-08T03:00:00Z' });
    expect(result).toMatchObject({ current: 5, today: '2025-03-07', todayDone: true });
  });

  it('reads each activity in the zone the learner was in at the time', () => {
    // Monday and Tuesday evening in London (20:00 BST), then a move to Tokyo; Wednesday 10:00 in Tokyo.
    const activity = ['2025-03-31T19:00:00Z', '2025-04-01T19:00:00Z', '2025-04-02T01:00:00Z'];
    const input = { activityInstants: activity, timeZone: 'Asia/Tokyo', workingDays: WEEKDAYS, today: '2025-04-02T03:00:00Z' };
    const moved = computeStreak({ ...input, previousTimeZones: [{ until: '2025-04-01T22:00:00Z', timeZone: 'Europe/London' }] });
    expect(moved).toMatchObject({ current: 3, startedOn: '2025-03-31', today: '2025-04-02' });
    // Read all in Tokyo time, Monday evening becomes Tuesday morning: one day fewer.
    expect(computeStreak(input).current).toBe(2);
  });

  it('ignores activity after now and starts no streak on a non-working day', () => {
    const result = streak({ activityInstants: ['2025-03-08T10:00:00Z', '2025-03-12T10:00:00Z'], today: '2025-03-09T10:00:00Z' });
    expect(result).toMatchObject({ current: 0, longest: 0, startedOn: null, todayDone: false, lastActiveOn: '2025-03-08' });
    expect(streak({ activityInstants: [], today: '2025-03-09T10:00:00Z' })).toMatchObject({ current: 0, longest: 0, lastActiveOn: null, atRisk: false });
  });

  it('refuses an invalid zone, timestamp or weekday', () => {
    expect(() => streak({ activityInstants: [], today: 'yesterday' })).toThrow(RangeError);
    expect(() => streak({ activityInstants: ['nope'], today: '2025-03-09T10:00:00Z' })).toThrow(RangeError);
    expect(() => streak({ activityInstants: [], today: '2025-03-09T10:00:00Z', timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => streak({ activityInstants: [], today: '2025-03-09T10:00:00Z', workingDays: [0] })).toThrow(RangeError);
  });

  it('keeps its invariants for any history, zone and working week', () => {
    const zones = ['Europe/London', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
    const start = Date.UTC(2025, 2, 1);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 * 24 * 60 }), { maxLength: 60 }),
        fc.constantFrom(...zones),
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        (minutes, timeZone, workingDays, nowMinutes) => {
          const activityInstants = minutes.map((minute) => new Date(start + minute * 60_000).toISOString());
          const today = new Date(start + nowMinutes * 60_000).toISOString();
          const result = computeStreak({ activityInstants, timeZone, workingDays, today });
          const activeWorkingDates = new Set(
            activityInstants
              .filter((instant) => instant <= today)
              .map((instant) => DateTime.fromISO(instant, { zone: timeZone }))
              .filter((local) => workingDays.includes(local.weekday))
              .map((local) => local.toISODate()),
          );
          expect(result.current).toBeLessThanOrEqual(result.longest);
          expect(result.longest).toBeLessThanOrEqual(activeWorkingDates.size);
          expect(result.freezesHeld).toBeLessThanOrEqual(2);
          expect(result.current === 0).toBe(result.startedOn === null);
          if (result.atRisk) expect(result.todayDone).toBe(false);
          // Adding activity now makes today done and never lowers the streak.
          const after = computeStreak({ activityInstants: [...activityInstants, today], timeZone, workingDays, today });
          expect(after.todayDone).toBe(true);
          expect(after.current).toBeGreaterThanOrEqual(result.current);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('carries on from a checkpoint exactly as a replay of the whole history would', () => {
    const zones = ['Europe/London', 'Pacific/Auckland', 'America/Los_Angeles', 'Pacific/Chatham'];
    const start = Date.UTC(2025, 2, 1);
    const withoutCheckpoint = ({ checkpoint: _, ...rest }: ReturnType<typeof computeStreak>) => rest;
    fc.assert(
      fc.property(
        // Dense enough for freezes to be earned and used across the split: most days, at any time of day.
        fc.array(fc.integer({ min: 0, max: 60 * 24 * 60 }), { minLength: 20, maxLength: 120 }),
        fc.constantFrom(...zones),
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        fc.integer({ min: 0, max: 2 }),
        (minutes, timeZone, workingDays, splitMinutes, laterMinutes, settleLag) => {
          const activityInstants = minutes.map((minute) => new Date(start + minute * 60_000).toISOString());
          const split = new Date(start + splitMinutes * 60_000).toISOString();
          const now = new Date(start + (splitMinutes + laterMinutes) * 60_000).toISOString();
          const rules = { workingDaysPerFreeze: 3, maxFreezesHeld: 2 };
          // The first sync saw what had happened by `split`, and settled days up to `settleLag` days before it.
          const splitDate = DateTime.fromISO(split, { zone: timeZone }).toISODate() as string;
          const settledBefore = DateTime.fromISO(splitDate).minus({ days: settleLag }).toISODate() as string;
          const first = computeStreak({ activityInstants: activityInstants.filter((instant) => instant <= split), timeZone, workingDays, today: split, settledBefore, rules });
          expect(first.checkpoint.through < settledBefore).toBe(true);
          const whole = computeStreak({ activityInstants, timeZone, workingDays, today: now, rules });
          const resumed = computeStreak({ activityInstants, timeZone, workingDays, today: now, rules, resume: first.checkpoint });
          expect(withoutCheckpoint(resumed)).toEqual(withoutCheckpoint(whole));
          expect(resumed.checkpoint).toEqual(whole.checkpoint);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores a checkpoint from a later day than today (the learner moved west) and replays what it is given', () => {
    const activity = localInstants('Europe/London', ['2025-03-03', '2025-03-04']);
    const resume = { through: '2025-03-05', current: 9, longest: 9, startedOn: '2025-02-20', freezesHeld: 0, freezesUsed: 0, lastActiveOn: '2025-03-05' };
    expect(streak({ activityInstants: activity, today: '2025-03-04T12:00:00Z', resume })).toMatchObject({ current: 2, longest: 2 });
  });
});
