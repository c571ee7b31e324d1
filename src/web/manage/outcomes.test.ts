import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client.ts';
import { buildOutcome, changesOutcome, closingWeekOutcome } from './outcome-fixtures.ts';
import {
  campaignOptions,
  certificationOptions,
  courseOptions,
  decimalsForMagnitude,
  decimalsForOutcome,
  decimalsForWidth,
  describeImport,
  describeMetric,
  describeOutcome,
  describeRefusal,
  formatNumber,
  formatPValue,
  formatSigned,
  importProblemsOf,
  isComplete,
  outcomeUrl,
  outcomeWarnings,
  selectionFromParams,
  selectionToParams,
} from './outcomes.ts';

/*
 * Reference values for the closing-week fixture, computed independently with SciPy 1.17:
 *   from scipy import stats; stats.ttest_ind(trained_changes, untrained_changes, equal_var=False).confidence_interval()
 * changes 0.12/0.13/0.14 (×2) against 0.02/0.03 (×3): difference 0.105, df 8.2877, 95 % interval 0.095186 to 0.114814,
 * p 4.98e-9; after the cut-off alone the difference is 0.105 too, interval 0.052311 to 0.157689, p 0.00126.
 */

describe('the outcome selection', () => {
  it('reads what was picked from the address, and writes it back without empty values', () => {
    const course = selectionFromParams(new URLSearchParams('metric=win%20rate&courseId=c1'));
    expect(course).toEqual({ metric: 'win rate', by: 'course', id: 'c1' });
    expect(selectionToParams(course)).toEqual({ metric: 'win rate', courseId: 'c1' });
    expect(isComplete(course)).toBe(true);
    expect(selectionFromParams(new URLSearchParams(''))).toEqual({ metric: '', by: 'certification', id: '' });
    // The kind is kept while no item of it is picked yet.
    const campaign = selectionFromParams(new URLSearchParams('by=campaign&metric=nps'));
    expect(campaign).toEqual({ metric: 'nps', by: 'campaign', id: '' });
    expect(selectionToParams(campaign)).toEqual({ metric: 'nps', by: 'campaign' });
    expect(isComplete(campaign)).toBe(false);
    expect(selectionFromParams(new URLSearchParams('by=nonsense')).by).toBe('certification');
  });

  it('asks the API with exactly one of certificationId, courseId or campaignId', () => {
    expect(outcomeUrl({ metric: 'win rate', by: 'course', id: 'c1' })).toBe('/api/outcomes?metric=win+rate&courseId=c1');
    expect(outcomeUrl({ metric: 'win rate', by: 'certification', id: 'z' }, true)).toBe('/api/outcomes.csv?metric=win+rate&certificationId=z');
    expect(outcomeUrl({ metric: 'aht', by: 'campaign', id: 'k' })).toBe('/api/outcomes?metric=aht&campaignId=k');
  });
});

describe('the pick lists', () => {
  it('describes a metric by its values, people and dates', () => {
    expect(describeMetric({ metric: 'win rate', values: 60, people: 12, firstDate: '2026-03-01', lastDate: '2026-03-20' })).toBe('win rate: 60 values of 12 people, 2026-03-01 to 2026-03-20');
    expect(describeMetric({ metric: 'nps', values: 1, people: 1, firstDate: '2026-03-01', lastDate: '2026-03-01' })).toBe('nps: 1 value of 1 person, 2026-03-01');
  });

  it('orders courses by title, campaigns newest launch first, and certifications with archived ones last', () => {
    expect(courseOptions([{ id: 'b', title: 'Opening up' }, { id: 'a', title: 'Aurora X' }])).toEqual([
      { value: 'a', label: 'Aurora X' },
      { value: 'b', label: 'Opening up' },
    ]);
    const campaign = (id: string, launchedAt: string, holdoutPercent: number) => ({ id, name: `Campaign ${id}`, launchedAt, holdoutPercent });
    expect(campaignOptions([campaign('old', '2026-02-01T00:00:00.000Z', 10), campaign('new', '2026-03-02T00:00:00.000Z', 50)])).toEqual([
      { value: 'new', label: 'Campaign new (hold-out 50 %)' },
      { value: 'old', label: 'Campaign old (hold-out 10 %)' },
    ]);
    const certification = (id: string, title: string, status: 'active' | 'archived') => ({ id, title, status });
    expect(certificationOptions([certification('x', 'Aurora ready', 'archived'), certification('y', 'Shelf ready', 'active'), certification('z', 'Aurora X certified', 'active')])).toEqual([
      { value: 'z', label: 'Aurora X certified' },
      { value: 'y', label: 'Shelf ready' },
      { value: 'x', label: 'Aurora ready (archived)' },
    ]);
  });
});

describe('a refused metric import', () => {
  it('names each line and column the API reported, the whole file and whole lines too', () => {
    const refused = new ApiError(400, 'validation_failed', '3 rows need fixing', {
      issues: [
        { field: 'body.3.person', message: 'No one in the organisation has the email or id "nobody@acme.test".', code: 'unknown_person' },
        { field: 'body.4.date', message: '"someday" is not a date: use YYYY-MM-DD.', code: 'invalid_date' },
        { field: 'body.4.value', message: '"x" is not a number.', code: 'invalid_number' },
        { field: 'body.7', message: 'Expected 4 values, found 3.', code: 'wrong_column_count' },
        { field: 'body.0', message: 'The file is not readable CSV.', code: 'unreadable' },
      ],
    });
    const problems = importProblemsOf(refused);
    expect(problems).toEqual([
      { line: 3, column: 'person', message: 'No one in the organisation has the email or id "nobody@acme.test".' },
      { line: 4, column: 'date', message: '"someday" is not a date: use YYYY-MM-DD.' },
      { line: 4, column: 'value', message: '"x" is not a number.' },
      { line: 7, column: null, message: 'Expected 4 values, found 3.' },
      { line: null, column: null, message: 'The file is not readable CSV.' },
    ]);
    expect(describeRefusal(problems)).toBe('4 lines need fixing; nothing was imported.');
    expect(describeRefusal(problems.slice(0, 1))).toBe('1 line needs fixing; nothing was imported.');
  });

  it('finds no line problems in other errors', () => {
    expect(importProblemsOf(new ApiError(403, 'forbidden', 'No'))).toEqual([]);
    expect(importProblemsOf(new ApiError(400, 'validation_failed', 'Bad', { issues: 'nope' }))).toEqual([]);
    expect(importProblemsOf(new Error('network'))).toEqual([]);
  });

  it('reports an import that went through', () => {
    expect(describeImport({ rows: 60, created: 48, replaced: 12, metrics: ['win rate'] })).toBe('Imported 60 values of win rate: 48 new, 12 replaced.');
    expect(describeImport({ rows: 1, created: 1, replaced: 0, metrics: ['aht', 'nps'] })).toBe('Imported 1 value of aht, nps: 1 new, 0 replaced.');
  });
});

describe('numbers', () => {
  it('shows as many decimals as the interval supports', () => {
    expect(decimalsForWidth(0.054)).toBe(3);
    expect(decimalsForWidth(0.0196)).toBe(3);
    expect(decimalsForWidth(0.0099)).toBe(4);
    expect(decimalsForWidth(40)).toBe(0);
    expect(decimalsForWidth(1e-12)).toBe(6);
    expect(decimalsForWidth(0)).toBe(3);
    expect(decimalsForMagnitude([0.28, null, -0.31])).toBe(3);
    expect(decimalsForMagnitude([250, 12])).toBe(0);
    expect(decimalsForMagnitude([null])).toBe(3);
  });

  it('writes true minus signs, never a negative zero, and signs changes', () => {
    expect(formatNumber(0.105, 3)).toBe('0.105');
    expect(formatNumber(-0.01, 3)).toBe('−0.010');
    expect(formatNumber(-0.0001, 3)).toBe('0.000');
    expect(formatNumber(null, 3)).toBe('–');
    expect(formatNumber(Number.NaN, 3)).toBe('–');
    expect(formatSigned(0.09, 3)).toBe('+0.090');
    expect(formatSigned(-0.09, 3)).toBe('−0.090');
    expect(formatSigned(0.0001, 3)).toBe('0.000');
    expect(formatPValue(0.0000000049)).toBe('p < 0.001');
    expect(formatPValue(0.0012644)).toBe('p = 0.0013');
    expect(formatPValue(0.31)).toBe('p = 0.31');
  });
});

describe('the result in words', () => {
  it('says how much more the trained people’s metric rose, with its interval and the group sizes', () => {
    const outcome = closingWeekOutcome();
    expect(decimalsForOutcome(outcome)).toBe(3);
    const words = describeOutcome(outcome, 'Closing');
    expect(words.headline).toBe('Trained people’s win rate rose 0.105 more than untrained people’s (95 % interval 0.095 to 0.115); n = 6 and 6.');
    expect(words.details).toEqual([
      'The interval does not include zero: a difference this large would be unlikely by chance alone (p < 0.001).',
      expect.stringMatching(/^Effect size \(Hedges’ g\): \d+\.\d\d standard deviations of the change\.$/),
      'After the cut-off alone, trained people averaged 0.430 and untrained people 0.325: a difference of +0.105 (95 % interval 0.052 to 0.158).',
      'Trained here means: Completed the course “Closing”.',
    ]);
  });

  it('reads the direction from the trained group’s own change', () => {
    expect(describeOutcome(changesOutcome(-0.02, -0.1)).headline).toMatch(/^Trained people’s win rate fell 0\.0\d+ less than untrained people’s \(/);
    expect(describeOutcome(changesOutcome(-0.1, -0.02)).headline).toMatch(/^Trained people’s win rate fell 0\.0\d+ more than untrained people’s \(/);
    expect(describeOutcome(changesOutcome(0.02, 0.1)).headline).toMatch(/^Trained people’s win rate rose 0\.0\d+ less than untrained people’s \(/);
    expect(describeOutcome(changesOutcome(0.05, 0.05)).headline).toMatch(/^Trained people’s win rate changed about as much as untrained people’s \(95 % interval −0\.\d+ to 0\.\d+\); n = 4 and 4\.$/);
    expect(describeOutcome(changesOutcome(0.05, 0.05)).details[0]).toMatch(/^The interval includes zero/);
  });

  it('speaks of the treated people and the hold-out in a campaign, without naming the campaign twice', () => {
    const words = describeOutcome(closingWeekOutcome({ design: 'randomised_hold_out' }), 'Closing week (hold-out 50 %)');
    expect(words.headline).toBe('Treated people’s win rate rose 0.105 more than the hold-out’s (95 % interval 0.095 to 0.115); n = 6 and 6.');
    expect(words.details).toContain('After the cut-off alone, treated people averaged 0.430 and the hold-out 0.325: a difference of +0.105 (95 % interval 0.052 to 0.158).');
    expect(words.details.at(-1)).toBe('Trained here means: Sent the campaign “Closing week” (against its randomised hold-out).');
  });

  it('says why there is no comparison or no interval', () => {
    const nobodyAfter = buildOutcome([
      { group: 'treated', before: [0.3], after: [0.4] },
      { group: 'treated', before: [0.2], after: [0.35] },
      { group: 'control', before: [0.3], after: [] },
    ]);
    expect(describeOutcome(nobodyAfter).headline).toBe('No before-and-after comparison yet: no one among untrained people has win rate values both before and after their cut-off; n = 2 and 0.');
    const one = buildOutcome([
      { group: 'treated', before: [0.3], after: [0.4] },
      { group: 'control', before: [0.3], after: [0.31] },
    ]);
    const words = describeOutcome(one);
    expect(words.headline).toBe('Trained people’s win rate rose 0.090 more than untrained people’s; n = 1 and 1.');
    expect(words.details[0]).toBe('There is no interval: each group needs at least 2 people with values before and after, and some spread in their changes.');
  });

  it('shows the headline’s warnings first, then the comparison’s that add something', () => {
    const outcome = closingWeekOutcome();
    const warnings = outcomeWarnings(outcome);
    expect(warnings.slice(0, outcome.differenceInDifferences.warnings.length)).toEqual(outcome.differenceInDifferences.warnings);
    expect(warnings.map((w) => `${w.code}/${w.group ?? ''}`)).toEqual(['small_group/treated', 'small_group/control', 'not_randomised/']);
    const unbalanced = buildOutcome([
      ...[0.1, 0.12, 0.14].map((v) => ({ group: 'treated' as const, before: [v], after: [v + 0.1 + v / 10] })),
      ...[0.5, 0.52, 0.55].map((v) => ({ group: 'control' as const, before: [v], after: [v + 0.01 + v / 10] })),
    ]);
    const codes = outcomeWarnings(unbalanced).map((w) => w.code);
    expect(codes.filter((code) => code === 'baseline_not_comparable')).toHaveLength(1);
  });
});
