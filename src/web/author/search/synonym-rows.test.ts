import { describe, expect, it } from 'vitest';
import { buildSynonymGroups, ONE_WORD_PROBLEM, placeServerProblems, rowsFromGroups, splitSynonyms } from './synonym-rows.ts';

describe('splitSynonyms', () => {
  it('splits at commas, trims, and drops empty parts and repeats ignoring case', () => {
    expect(splitSynonyms(' PTO, vacation ,, paid   time off, pto, Vacation ')).toEqual(['PTO', 'vacation', 'paid time off']);
    expect(splitSynonyms('  ,  ')).toEqual([]);
  });

  it('round-trips the API’s groups through the rows', () => {
    const groups = [['PTO', 'vacation', 'paid time off'], ['2FA', 'two-factor authentication']];
    expect(rowsFromGroups(groups).map(splitSynonyms)).toEqual(groups);
  });
});

describe('buildSynonymGroups', () => {
  it('sends the groups, leaving out empty rows and remembering which row each came from', () => {
    expect(buildSynonymGroups(['PTO, vacation', '', '  ', 'refund, money back'])).toEqual({
      groups: [['PTO', 'vacation'], ['refund', 'money back']],
      rowOfGroup: [0, 3],
      problems: {},
    });
  });

  it('refuses a row with one word (or one word repeated) before anything is sent', () => {
    const draft = buildSynonymGroups(['PTO, vacation', 'holiday', 'leave, Leave']);
    expect(draft.groups).toEqual([['PTO', 'vacation']]);
    expect(draft.problems).toEqual({ 1: ONE_WORD_PROBLEM, 2: ONE_WORD_PROBLEM });
  });
});

describe('placeServerProblems', () => {
  const draft = buildSynonymGroups(['', 'PTO, vacation', 'refund, ' + 'x'.repeat(70)]);

  it('puts a problem with a word on the row it came from, naming the word', () => {
    const placed = placeServerProblems([{ path: 'groups.1.1', message: 'Too big: expected string to have <=60 characters' }], draft);
    expect(placed.rows).toEqual({ 2: `“${'x'.repeat(30)}…”: Too big: expected string to have <=60 characters` });
    expect(placed.other).toEqual([]);
  });

  it('puts a problem with a whole group on its row, and keeps the rest apart', () => {
    const placed = placeServerProblems(
      [
        { path: 'groups.0', message: 'Too many words in one group.' },
        { path: 'groups.0.0', message: 'A second problem with the same row.' },
        { path: 'groups', message: 'Too many groups.' },
        { path: 'groups.7', message: 'About a group that was not sent.' },
      ],
      draft,
    );
    expect(placed.rows).toEqual({ 1: 'Too many words in one group.' });
    expect(placed.other).toEqual(['Too many groups.', 'About a group that was not sent.']);
  });
});
