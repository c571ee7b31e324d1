import { describe, expect, it } from 'vitest';
import { type ContentGap, describeTeams, gapCsvRows, gapsCsv, gapsCsvFilename, parseGapPeriod, sortGaps } from './content-gaps.ts';

function buildGap(overrides: Partial<ContentGap> = {}): ContentGap {
  return { question: 'discount gym', example: 'Is there a gym discount?', asked: 1, withoutAnswer: 1, unhelpful: 0, lastAskedAt: '2026-12-01T09:00:00.000Z', teams: [], ...overrides };
}

describe('parseGapPeriod', () => {
  it('takes 7, 30 or 90 days from the address and 30 for anything else', () => {
    expect(parseGapPeriod('7')).toBe(7);
    expect(parseGapPeriod('90')).toBe(90);
    expect(parseGapPeriod('30')).toBe(30);
    expect(parseGapPeriod(null)).toBe(30);
    expect(parseGapPeriod('365')).toBe(30);
    expect(parseGapPeriod('seven')).toBe(30);
  });
});

describe('sortGaps', () => {
  const rare = buildGap({ question: 'rare', asked: 9, withoutAnswer: 1, unhelpful: 0, lastAskedAt: '2026-11-01T00:00:00.000Z' });
  const unanswered = buildGap({ question: 'unanswered', asked: 3, withoutAnswer: 2, unhelpful: 1, lastAskedAt: '2026-11-15T00:00:00.000Z' });
  const recent = buildGap({ question: 'recent', asked: 2, withoutAnswer: 0, unhelpful: 1, lastAskedAt: '2026-12-01T00:00:00.000Z' });
  const gaps = [rare, recent, unanswered];

  it('puts the most often unanswered first, counting results marked unhelpful', () => {
    expect(sortGaps(gaps, 'unanswered').map((gap) => gap.question)).toEqual(['unanswered', 'rare', 'recent']);
  });

  it('orders by how often asked, or by the latest asked', () => {
    expect(sortGaps(gaps, 'asked').map((gap) => gap.question)).toEqual(['rare', 'unanswered', 'recent']);
    expect(sortGaps(gaps, 'latest').map((gap) => gap.question)).toEqual(['recent', 'unanswered', 'rare']);
  });

  it('breaks ties by how often asked, then by the latest', () => {
    const older = buildGap({ question: 'older', asked: 2, lastAskedAt: '2026-10-01T00:00:00.000Z' });
    const newer = buildGap({ question: 'newer', asked: 2, lastAskedAt: '2026-10-02T00:00:00.000Z' });
    const more = buildGap({ question: 'more', asked: 4, lastAskedAt: '2026-09-01T00:00:00.000Z' });
    expect(sortGaps([older, newer, more], 'unanswered').map((gap) => gap.question)).toEqual(['more', 'newer', 'older']);
  });

  it('leaves the list it was given unchanged', () => {
    const before = gaps.map((gap) => gap.question);
    sortGaps(gaps, 'latest');
    expect(gaps.map((gap) => gap.question)).toEqual(before);
  });
});

describe('describeTeams', () => {
  it('lists the teams asking, most first', () => {
    expect(describeTeams([{ teamId: null, name: 'No team', count: 1 }, { teamId: 't1', name: 'Sales', count: 3 }])).toBe('Sales (3), No team (1)');
    expect(describeTeams([])).toBe('—');
  });
});

describe('the CSV export', () => {
  it('has one row per gap with every column, teams separated by semicolons', () => {
    const gap = buildGap({ asked: 4, withoutAnswer: 2, unhelpful: 1, teams: [{ teamId: 't1', name: 'Sales', count: 2 }, { teamId: null, name: 'No team', count: 1 }] });
    expect(gapCsvRows([gap])).toEqual([['discount gym', 'Is there a gym discount?', 4, 2, 1, 'Sales (2); No team (1)', '2026-12-01T09:00:00.000Z']]);
  });

  it('quotes commas and neutralises questions that look like formulas', () => {
    const csv = gapsCsv([buildGap({ question: 'sum', example: '=SUM(A1:A9), please' })]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Question,Example as asked,Asked,Without an answer,Marked unhelpful,Teams,Last asked');
    expect(lines[1]).toBe(`sum,"'=SUM(A1:A9), please",1,1,0,,2026-12-01T09:00:00.000Z`);
  });

  it('names the file after the period and the day', () => {
    expect(gapsCsvFilename(30, new Date('2026-12-02T23:30:00Z'))).toBe('content-gaps-30-days-2026-12-02.csv');
  });
});
