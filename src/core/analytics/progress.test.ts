import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activity, type Assignment, bucketIndexOf, bucketsOf, describeRisk, enrolmentRisk, localDateOf, progressSeries, riskOfStanding, teamSeries, windowDays } from './progress.ts';

const LONDON = 'Europe/London';

describe('bucketsOf', () => {
  it('makes one bucket per local day, each from local midnight, 23 hours long on the day the clocks go forward', () => {
    // The UK's clocks went forward on Sunday 29 March 2026 at 01:00 GMT.
    const days = bucketsOf({ from: '2026-03-28', to: '2026-03-30' }, 'day', LONDON);
    expect(days.map((b) => [b.key, b.start, b.end])).toEqual([
      ['2026-03-28', '2026-03-28T00:00:00.000Z', '2026-03-29T00:00:00.000Z'],
      ['2026-03-29', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z'],
      ['2026-03-30', '2026-03-29T23:00:00.000Z', '2026-03-30T23:00:00.000Z'],
    ]);
  });

  it('makes ISO weeks from Monday, the first and last cut to the window, in the organisation’s zone', () => {
    const weeks = bucketsOf({ from: '2026-03-04', to: '2026-03-17' }, 'week', 'Asia/Kolkata');
    expect(weeks.map((b) => [b.key, b.firstDay, b.lastDay])).toEqual([
      ['2026-W10', '2026-03-04', '2026-03-08'],
      ['2026-W11', '2026-03-09', '2026-03-15'],
      ['2026-W12', '2026-03-16', '2026-03-17'],
    ]);
    // Monday 9 March 00:00 in Kolkata (UTC+5:30).
    expect(weeks[1]!.start).toBe('2026-03-08T18:30:00.000Z');
    expect(windowDays('2026-03-04', '2026-03-17')).toBe(14);
  });

  it('covers the window without gaps or overlaps in any zone and across any DST change (property)', () => {
    const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom<'day' | 'week'>('day', 'week'), fc.integer({ min: 0, max: 730 }), fc.integer({ min: 0, max: 60 }), (zone, unit, offset, length) => {
        const from = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2025, 0, 1) + (offset + length) * 86_400_000).toISOString().slice(0, 10);
        const buckets = bucketsOf({ from, to }, unit, zone);
        expect(buckets[0]!.firstDay).toBe(from);
        expect(buckets.at(-1)!.lastDay).toBe(to);
        for (let k = 1; k < buckets.length; k += 1) expect(buckets[k]!.start).toBe(buckets[k - 1]!.end);
        for (const bucket of buckets) {
          expect(localDateOf(bucket.start, zone)).toBe(bucket.firstDay);
          const hours = (Date.parse(bucket.end) - Date.parse(bucket.start)) / 3_600_000;
          const days = windowDays(bucket.firstDay, bucket.lastDay);
          expect(hours).toBeGreaterThanOrEqual(days * 24 - 1);
          expect(hours).toBeLessThanOrEqual(days * 24 + 1);
        }
        if (unit === 'day') expect(buckets).toHaveLength(length + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('finds the bucket of an instant by the organisation’s local day', () => {
    const days = bucketsOf({ from: '2026-07-01', to: '2026-07-03' }, 'day', LONDON);
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    expect(bucketIndexOf(days, '2026-07-01T23:30:00.000Z')).toBe(1);
    expect(bucketIndexOf(days, '2026-06-30T22:59:59.000Z')).toBe(-1);
    expect(bucketIndexOf(days, '2026-07-03T23:00:00.000Z')).toBe(-1);
  });
});

describe('progressSeries', () => {
  const buckets = bucketsOf({ from: '2026-03-02', to: '2026-03-05' }, 'day', LONDON);
  const ann: Assignment = { personId: 'ann', assignedAt: '2026-02-27T09:00:00.000Z', lessons: 3, completions: ['2026-03-02T10:00:00.000Z', '2026-03-04T10:00:00.000Z', '2026-03-04T11:00:00.000Z'], completedAt: '2026-03-04T11:00:00.000Z' };
  const bob: Assignment = { personId: 'bob', assignedAt: '2026-03-03T09:00:00.000Z', lessons: 3, completions: ['2026-03-01T10:00:00.000Z'], completedAt: null };
  const activity: Activity[] = [
    { personId: 'ann', at: '2026-03-02T09:59:00.000Z', kind: 'lesson_started' },
    { personId: 'ann', at: '2026-03-02T10:00:00.000Z', kind: 'answer' },
    { personId: 'bob', at: '2026-03-05T08:00:00.000Z', kind: 'review' },
    { personId: 'bob', at: '2026-03-05T08:01:00.000Z', kind: 'review' },
    { personId: 'cat', at: '2026-03-05T08:00:00.000Z', kind: 'answer' },
  ];

  it('gives the cumulative share of assigned lessons and enrolments completed by the end of each day', () => {
    const { points } = progressSeries(buckets, new Set(['ann', 'bob']), [ann, bob], activity);
    expect(points.map((p) => [p.key, p.assignedLessons, p.completedLessons, p.enrolments, p.completedEnrolments])).toEqual([
      ['2026-03-02', 3, 1, 1, 0],
      // Bob is assigned on the 3rd; his lesson done on the 1st counts from then.
      ['2026-03-03', 6, 2, 2, 0],
      ['2026-03-04', 6, 4, 2, 1],
      ['2026-03-05', 6, 4, 2, 1],
    ]);
    expect(points[2]!.completionRate).toBeCloseTo(4 / 6, 12);
    expect(points[2]!.enrolmentCompletionRate).toBe(0.5);
  });

  it('counts active learners, answers, reviews and lessons completed in each day, and only the group’s people', () => {
    const { points, totals } = progressSeries(buckets, new Set(['ann', 'bob']), [ann, bob], activity);
    expect(points.map((p) => [p.activeLearners, p.answers, p.reviews, p.lessonsCompleted])).toEqual([
      [1, 1, 0, 1],
      [0, 0, 0, 0],
      [1, 0, 0, 2],
      [1, 0, 2, 0],
    ]);
    expect(totals).toMatchObject({ people: 2, activeLearners: 2, answers: 1, reviews: 2, lessonsCompleted: 3, assignedLessons: 6, completedLessons: 4, enrolments: 2, completedEnrolments: 1 });
  });

  it('has no rate where nothing is assigned yet', () => {
    const { points, totals } = progressSeries(buckets, new Set(['bob']), [bob], []);
    expect(points[0]).toMatchObject({ assignedLessons: 0, completionRate: null, enrolmentCompletionRate: null });
    expect(totals.completionRate).toBeCloseTo(1 / 3, 12);
  });

  it('gives each team its own series, a person in two teams counting in both, people outside the scope in neither', () => {
    const teams = teamSeries(buckets, [{ id: 't1', name: 'North', memberIds: ['ann', 'bob'] }, { id: 't2', name: 'South', memberIds: ['bob', 'cat'] }], new Set(['ann', 'bob']), [ann, bob], activity);
    expect(teams.map((t) => [t.name, t.totals.people, t.totals.completedLessons, t.totals.activeLearners])).toEqual([
      ['North', 2, 4, 2],
      ['South', 1, 1, 1],
    ]);
  });
});

describe('enrolmentRisk', () => {
  const NOW = new Date('2026-03-10T12:00:00.000Z');
  const base = { dueAt: '2026-03-20T17:00:00.000Z', enrolledAt: '2026-03-01T09:00:00.000Z', lessonsTotal: 10, completions: [] as string[], completedAt: null };

  it('follows the campaign standing: complete is done even late, and a passed due date is overdue', () => {
    expect(enrolmentRisk({ ...base, dueAt: '2026-03-05T00:00:00.000Z', completedAt: '2026-03-06T00:00:00.000Z' }, NOW)).toMatchObject({ level: 'done', lessonsLeft: 0 });
    expect(enrolmentRisk({ ...base, dueAt: '2026-03-10T12:00:00.000Z', completions: ['2026-03-02T10:00:00.000Z'] }, NOW)).toMatchObject({ level: 'overdue', reason: 'past_due', lessonsLeft: 9 });
  });

  it('is at risk when the recent pace would finish after the due date, on track when it finishes before', () => {
    // 4 lessons over the 9 days since enrolling: 0.44 a day; 6 left take 13.5 days, past the 20th.
    const slow = enrolmentRisk({ ...base, completions: ['2026-03-02T10:00:00.000Z', '2026-03-04T10:00:00.000Z', '2026-03-06T10:00:00.000Z', '2026-03-08T10:00:00.000Z'] }, NOW);
    expect(slow).toMatchObject({ level: 'at_risk', reason: 'too_slow', lessonsLeft: 6 });
    expect(slow.pacePerDay).toBeCloseTo(4 / 9.125, 9);
    expect(slow.projectedFinishAt! > base.dueAt).toBe(true);
    const quick = enrolmentRisk({ ...base, completions: Array.from({ length: 8 }, (_, k) => `2026-03-0${k + 2}T10:00:00.000Z`) }, NOW);
    expect(quick).toMatchObject({ level: 'on_track', reason: null, lessonsLeft: 2 });
  });

  it('is at risk with no lesson completed in the pace window, but not within a day of enrolling', () => {
    expect(enrolmentRisk({ ...base, completions: ['2026-02-20T10:00:00.000Z'], enrolledAt: '2026-02-01T00:00:00.000Z' }, NOW)).toMatchObject({ level: 'at_risk', reason: 'no_recent_progress', pacePerDay: 0 });
    expect(enrolmentRisk({ ...base, enrolledAt: '2026-03-09T13:00:00.000Z' }, NOW)).toMatchObject({ level: 'on_track', pacePerDay: null });
  });

  it('maps campaign standings to risk: overdue, cannot finish and behind need attention, the rest do not', () => {
    expect(riskOfStanding('overdue')).toEqual({ level: 'overdue', reason: 'past_due' });
    expect(riskOfStanding('cannot_finish')).toEqual({ level: 'at_risk', reason: 'cannot_finish' });
    expect(riskOfStanding('behind')).toEqual({ level: 'at_risk', reason: 'behind' });
    expect(riskOfStanding('on_track')?.level).toBe('on_track');
    expect(riskOfStanding('held_out')).toBeNull();
  });

  it('says why in a sentence, with dates on the organisation’s calendar', () => {
    // 23:30 UTC on 5 March is already 6 March in Kolkata.
    expect(describeRisk({ reason: 'past_due', dueAt: '2026-03-05T23:30:00.000Z', lessonsLeft: 2, lessonsTotal: 3 }, 'Asia/Kolkata')).toBe('Past the due date (6 Mar 2026) with 2 of 3 lessons left.');
    expect(describeRisk({ reason: 'too_slow', dueAt: '2026-03-20T17:00:00.000Z', lessonsLeft: 6, lessonsTotal: 10, pacePerDay: 0.44, projectedFinishAt: '2026-03-24T00:00:00.000Z' }, LONDON)).toBe(
      'At their recent pace (0.4 lessons a day) the 6 lessons left take until 24 Mar 2026, after the due date (20 Mar 2026).',
    );
    expect(describeRisk({ reason: 'no_recent_progress', dueAt: '2026-03-20T17:00:00.000Z', lessonsLeft: 1, lessonsTotal: 1 }, LONDON)).toBe('No lesson completed in the last 14 days; 1 of 1 lesson left, due 20 Mar 2026.');
    expect(describeRisk({ reason: 'behind', dueAt: null, lessonsLeft: 2, lessonsTotal: 3 }, LONDON)).toBe('A lesson sent more than a day ago is not done; 2 of 3 lessons left, no deadline.');
    expect(describeRisk({ reason: 'cannot_finish', planIssue: 'infeasible_deadline', dueAt: '2026-03-06T17:00:00.000Z', lessonsLeft: 3, lessonsTotal: 3 }, LONDON)).toBe('Their plan cannot fit the lessons before the deadline (6 Mar 2026); 3 of 3 lessons left.');
  });
});
