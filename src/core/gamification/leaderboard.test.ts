import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type IndividualRow, nextSeason, previousSeason, rankIndividuals, rankTeams, seasonOf } from './leaderboard.ts';

describe('seasonOf', () => {
  it('starts a weekly season on Monday 00:00 local time, across a daylight-saving change', () => {
    // London moves to BST on Sunday 30 March 2025: that week is an hour short.
    expect(seasonOf('2025-03-30T12:00:00Z', 'weekly', 'Europe/London')).toEqual({ start: '2025-03-24T00:00:00.000Z', end: '2025-03-30T23:00:00.000Z', label: '2025-W13' });
    // 23:30 UTC that Sunday is already Monday 00:30 BST: the next season.
    expect(seasonOf('2025-03-30T23:30:00Z', 'weekly', 'Europe/London').label).toBe('2025-W14');
  });

  it('labels weeks by ISO week-year at a year boundary', () => {
    expect(seasonOf('2024-12-31T12:00:00Z', 'weekly', 'UTC')).toEqual({ start: '2024-12-30T00:00:00.000Z', end: '2025-01-06T00:00:00.000Z', label: '2025-W01' });
  });

  it('follows calendar months in the zone, where the UTC month differs', () => {
    // 03:00 UTC on 1 March is still 28 February in New York.
    expect(seasonOf('2025-03-01T03:00:00Z', 'monthly', 'America/New_York')).toEqual({ start: '2025-02-01T05:00:00.000Z', end: '2025-03-01T05:00:00.000Z', label: '2025-02' });
    // March in New York starts in EST and ends in EDT.
    expect(seasonOf('2025-03-15T12:00:00Z', 'monthly', 'America/New_York')).toEqual({ start: '2025-03-01T05:00:00.000Z', end: '2025-04-01T04:00:00.000Z', label: '2025-03' });
    // 11:30 UTC on 31 March is 1 April in Auckland, which leaves daylight saving during April.
    expect(seasonOf('2025-03-31T11:30:00Z', 'monthly', 'Pacific/Auckland')).toEqual({ start: '2025-03-31T11:00:00.000Z', end: '2025-04-30T12:00:00.000Z', label: '2025-04' });
  });

  it('chains seasons without gaps or overlaps', () => {
    const season = seasonOf('2025-03-30T12:00:00Z', 'weekly', 'Europe/London');
    expect(nextSeason(season, 'weekly', 'Europe/London').start).toBe(season.end);
    expect(previousSeason(season, 'weekly', 'Europe/London')).toEqual({ start: '2025-03-17T00:00:00.000Z', end: season.start, label: '2025-W12' });
  });

  it('holds the instant, starts at local midnight and chains, in any zone', () => {
    const zones = ['Europe/London', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'America/Santiago', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }), fc.constantFrom(...zones), fc.constantFrom('weekly' as const, 'monthly' as const), (millis, zone, period) => {
        const season = seasonOf(new Date(millis), period, zone);
        expect(Date.parse(season.start)).toBeLessThanOrEqual(millis);
        expect(Date.parse(season.end)).toBeGreaterThan(millis);
        const start = DateTime.fromISO(season.start, { zone });
        expect(period === 'weekly' ? start.weekday : start.day).toBe(1);
        expect(start.toMillis()).toBe(start.startOf('day').toMillis());
        expect(nextSeason(season, period, zone).start).toBe(season.end);
      }),
      { numRuns: 500 },
    );
  });
});

function row(personId: string, points: number, options: Partial<IndividualRow> = {}): IndividualRow {
  return { personId, points, optedOut: false, anonymous: false, ...options };
}

describe('rankIndividuals', () => {
  it('ranks by points with shared ranks for ties (1, 2, 2, 4), ties ordered by id', () => {
    const ranked = rankIndividuals([row('d', 10), row('c', 30), row('b', 30), row('a', 50)], 'x');
    expect(ranked.map((entry) => [entry.rank, entry.personId, entry.points])).toEqual([
      [1, 'a', 50],
      [2, 'b', 30],
      [2, 'c', 30],
      [4, 'd', 10],
    ]);
  });

  it('removes opted-out learners before ranking', () => {
    const ranked = rankIndividuals([row('a', 50, { optedOut: true }), row('b', 30), row('c', 10)], 'a');
    expect(ranked.map((entry) => [entry.rank, entry.personId])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('hides an anonymous learner’s id from everyone but themselves', () => {
    const rows = [row('a', 50, { anonymous: true }), row('b', 30)];
    expect(rankIndividuals(rows, 'b')).toEqual([
      { rank: 1, points: 50, personId: null, anonymous: true, isViewer: false },
      { rank: 2, points: 30, personId: 'b', anonymous: false, isViewer: true },
    ]);
    expect(rankIndividuals(rows, 'a')[0]).toEqual({ rank: 1, points: 50, personId: 'a', anonymous: true, isViewer: true });
    expect(rankIndividuals(rows, null).map((entry) => entry.personId)).toEqual([null, 'b']);
  });

  it('gives the same ranking whatever the order of the rows', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ personId: fc.string({ maxLength: 3 }), points: fc.integer({ min: 0, max: 5 }), optedOut: fc.boolean(), anonymous: fc.boolean() }), { selector: (r) => r.personId, maxLength: 12 }), (rows) => {
        const ranked = rankIndividuals(rows, null);
        expect(rankIndividuals([...rows].reverse(), null)).toEqual(ranked);
        ranked.forEach((entry, index) => {
          const previous = ranked[index - 1];
          if (previous) expect(entry.rank).toBe(previous.points === entry.points ? previous.rank : index + 1);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('rankTeams', () => {
  it('ranks teams by points per member, so a small team can beat a large one', () => {
    const ranked = rankTeams([
      { teamId: 'big', points: 900, members: 30 },
      { teamId: 'small', points: 200, members: 4 },
      { teamId: 'empty', points: 0, members: 0 },
    ]);
    expect(ranked).toEqual([
      { rank: 1, teamId: 'small', points: 200, members: 4, score: 50 },
      { rank: 2, teamId: 'big', points: 900, members: 30, score: 30 },
    ]);
  });

  it('shares a rank between exactly equal scores, ordered by team id', () => {
    const ranked = rankTeams([
      { teamId: 'c', points: 10, members: 3 },
      { teamId: 'b', points: 20, members: 6 },
      { teamId: 'a', points: 1, members: 1 },
      { teamId: 'd', points: 100, members: 7 },
    ]);
    expect(ranked.map((team) => [team.rank, team.teamId])).toEqual([
      [1, 'd'],
      [2, 'b'],
      [2, 'c'],
      [4, 'a'],
    ]);
  });
});
