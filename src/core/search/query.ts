/**
 * A learner's question ("a customer wants a refund after 40 days, what do I say?") read into the words a full-text
 * index can look for: lower-cased, accents folded, stop words dropped, each with the organisation's synonyms and,
 * while typing, the last word as a prefix. Pure; both databases' queries are built from it.
 */
import { STOP_WORDS } from '../chunking/questions.ts';

/** One word of the question and what may stand for it. */
export interface QueryTerm {
  /** As typed, lower-cased and folded. */
  word: string;
  /** The word and its synonyms (single words or phrases), the word first. */
  alternatives: string[];
  /** Matches words that start with it (the last word while typing). */
  prefix: boolean;
}

/** At most this many words of a question are searched for: a pasted paragraph is not a question. */
export const MAX_QUERY_WORDS = 12;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lower case without accents: "Café" and "cafe" are one word. */
export function foldWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/’/g, "'");
}

/** The words of a text as the index sees them (lower-cased, folded), in order. */
export function wordsOfText(text: string): string[] {
  return (text.match(WORD) ?? []).map(foldWord);
}

/**
 * Synonym groups as an author writes them: each a list of words or phrases that mean the same ("PTO", "vacation",
 * "paid time off"). Returns each folded word's alternatives (itself excluded).
 */
export function synonymMap(groups: readonly (readonly string[])[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const group of groups) {
    const folded = [...new Set(group.map((entry) => wordsOfText(entry).join(' ')).filter(Boolean))];
    for (const entry of folded) {
      if (entry.includes(' ')) continue;
      const others = folded.filter((other) => other !== entry);
      map.set(entry, [...new Set([...(map.get(entry) ?? []), ...others])]);
    }
  }
  return map;
}

/**
 * The terms to search for. Stop words go unless nothing else is left ("what is it?" still searches). Numbers stay
 * ("40 days"). `typing` makes the last word a prefix. Duplicates go.
 */
export function parseQuery(question: string, options: { synonyms?: ReadonlyMap<string, string[]>; typing?: boolean } = {}): QueryTerm[] {
  const all = wordsOfText(question);
  const content = all.filter((word) => !STOP_WORDS.has(word) && (word.length > 1 || /\d/.test(word)));
  const words = [...new Set(content.length > 0 ? content : all)].slice(0, MAX_QUERY_WORDS);
  const lastTyped = all.at(-1);
  const endsInWord = options.typing === true && /[\p{L}\p{N}]$/u.test(question.trimEnd()) && question.trimEnd() === question;
  return words.map((word) => ({
    word,
    alternatives: [word, ...(options.synonyms?.get(word) ?? [])],
    prefix: endsInWord && word === lastTyped && word.length >= 2,
  }));
}

/** How many edits a misspelt word of this length may be from the word meant: none up to 3 letters, 1 up to 6, else 2. */
export function allowedEdits(word: string): number {
  return word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2;
}

/**
 * The known word a misspelt one most likely meant: the fewest edits within `allowedEdits`, then the most used
 * (`uses`: how many lessons contain it), then alphabetical. Undefined when none is close enough.
 */
export function closestWord(word: string, candidates: readonly { term: string; uses: number }[]): string | undefined {
  const limit = allowedEdits(word);
  if (limit === 0) return undefined;
  let best: { term: string; edits: number; uses: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.term === word || Math.abs(candidate.term.length - word.length) > limit) continue;
    const edits = editDistance(word, candidate.term, limit);
    if (edits > limit) continue;
    if (!best || edits < best.edits || (edits === best.edits && (candidate.uses > best.uses || (candidate.uses === best.uses && candidate.term < best.term)))) {
      best = { term: candidate.term, edits, uses: candidate.uses };
    }
  }
  return best?.term;
}

/**
 * Edits between two words, a swap of two neighbouring letters counting as one ("emial" → "email"): the optimal
 * string alignment distance. Stops early and answers `limit + 1` once the words are further apart than `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Where the question's words (and their synonyms) occur in a text, as [start, end) offsets, for highlighting. */
export function highlightRanges(text: string, terms: readonly QueryTerm[]): [number, number][] {
  const wanted = terms.flatMap((t) => t.alternatives.flatMap((a) => a.split(' ')).map((a) => ({ stem: stemLike(a), prefix: t.prefix })));
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(WORD)) {
    const folded = foldWord(match[0]);
    if (wanted.some((w) => folded.startsWith(w.stem) && (w.prefix || folded.length - w.stem.length <= 4))) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** A crude English stem for highlighting only (the databases stem properly): "refunds", "refunded" → "refund". */
function stemLike(word: string): string {
  return word.length > 4 ? word.replace(/(?:ing|ed|es|s|ies|y)$/, '') : word;
}
