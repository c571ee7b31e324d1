/**
 * The synonyms editor's rows: each row one group of words or phrases that mean the same, typed separated by
 * commas ("PTO, vacation, paid time off"). Rows → the API's groups (empty rows left out, one-word rows refused
 * before sending), and the server's validation problems → the rows they are about. Pure, so it is unit tested.
 */
import type { FieldProblem } from '../../lib/field-errors.ts';

/** The words of one row: split at commas, trimmed, empty parts and repeats (ignoring case) left out. */
export function splitSynonyms(text: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const part of text.split(',')) {
    const word = part.replace(/\s+/g, ' ').trim();
    const key = word.toLocaleLowerCase();
    if (!word || seen.has(key)) continue;
    seen.add(key);
    words.push(word);
  }
  return words;
}

/** The rows' texts for the API's groups. */
export function rowsFromGroups(groups: readonly (readonly string[])[]): string[] {
  return groups.map((group) => group.join(', '));
}

/** What saving the rows would send, which row each group came from, and the problems of rows that cannot go. */
export interface SynonymDraft {
  groups: string[][];
  /** `rowOfGroup[g]` is the index of the row group `g` came from. */
  rowOfGroup: number[];
  /** Problems by row index. */
  problems: Record<number, string>;
}

export const ONE_WORD_PROBLEM = 'Add at least one more word or phrase that means the same, separated by a comma.';

/** Reads the rows: empty rows are left out; a row with one word is a problem (a group needs two). */
export function buildSynonymGroups(rows: readonly string[]): SynonymDraft {
  const draft: SynonymDraft = { groups: [], rowOfGroup: [], problems: {} };
  rows.forEach((text, row) => {
    const words = splitSynonyms(text);
    if (words.length === 0) return;
    if (words.length === 1) {
      draft.problems[row] = ONE_WORD_PROBLEM;
      return;
    }
    draft.groups.push(words);
    draft.rowOfGroup.push(row);
  });
  return draft;
}

/**
 * Places the server's problems (paths such as `groups.2` or `groups.2.1`) on the rows the groups came from, naming
 * the word when the problem is about one; problems about no row (e.g. too many groups) are returned apart.
 */
export function placeServerProblems(problems: readonly FieldProblem[], draft: Pick<SynonymDraft, 'groups' | 'rowOfGroup'>): { rows: Record<number, string>; other: string[] } {
  const rows: Record<number, string> = {};
  const other: string[] = [];
  for (const problem of problems) {
    const match = /^groups\.(\d+)(?:\.(\d+))?$/.exec(problem.path);
    const group = match ? Number(match[1]) : undefined;
    const row = group === undefined ? undefined : draft.rowOfGroup[group];
    if (row === undefined) {
      other.push(problem.message);
      continue;
    }
    const word = match?.[2] === undefined ? undefined : draft.groups[group!]?.[Number(match[2])];
    const shown = word === undefined ? problem.message : `“${word.length > 30 ? `${word.slice(0, 30)}…` : word}”: ${problem.message}`;
    rows[row] ??= shown;
  }
  return { rows, other };
}
