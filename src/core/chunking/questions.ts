/**
 * Draft questions and titles for a proposed lesson, chosen deterministically from its text: the core question a
 * worker would ask, and a retrieval question (a cloze on a key term of a key sentence, or a true/false statement)
 * for the author to approve or rewrite. Pure and English-only: other languages get the same shapes, less apt.
 */
import { Question } from '../lessons/lesson-model.ts';
import { nextWordStart, wordEnd, wordsOf } from '../words.ts';

/** Common English words that carry no subject matter: never a key term, never counted as a topic word (search drops them too). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are aren\'t as at be because been before being below between both but by can can\'t ' +
    'cannot could couldn\'t did didn\'t do does doesn\'t doing don\'t down during each even ever every few for from further get gets getting got ' +
    'had hadn\'t has hasn\'t have haven\'t having he her here hers herself him himself his how however i i\'d i\'ll i\'m i\'ve if in into is isn\'t ' +
    'it it\'s its itself just know let let\'s like lot lots make many may me might more most much must my myself need no nor not now of off ' +
    'ok okay on once one only or other our ours ourselves out over own really right said same say says see she should shouldn\'t so some ' +
    'something still such sure take than that that\'s the their theirs them themselves then there there\'s these they they\'re thing things ' +
    'think this those though through to too two under until up upon us use used using very want was wasn\'t way we we\'d we\'ll we\'re we\'ve ' +
    'well were weren\'t what what\'s when where which while who whom whose why will with won\'t would wouldn\'t yes yet you you\'d you\'ll ' +
    'you\'re you\'ve your yours yourself yourselves going go goes went come comes came look looks even actually already always never ' +
    'anyway around back bit done good great here\'s kind new next often part probably quite rather since stuff three time times today ' +
    'tell told try trying whether within without'
  ).split(' '),
);

/**
 * A word's lower-cased form when it carries subject matter: 3 letters or more (so never a one- or two-digit number)
 * and not a stop word.
 */
function contentKeyOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 3) return undefined;
  const normalised = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
  return STOP_WORDS.has(normalised) ? undefined : lower;
}

/** A sentence read once for drafting: its cleaned text, how many words it has, and its content words by number. */
export interface ReadSentence {
  /** As given, for titles. */
  raw: string;
  /** Cleaned (see `clean`): what questions quote. */
  text: string;
  /** How many words it has (as `wordsOf` finds them); the words themselves are found again for the key sentence only. */
  wordCount: number;
  /** Its content words, in order, each as the number its reader gave the word's content key (lower-cased form). */
  keys: number[];
}

/**
 * Reads sentences for drafting. It numbers the content keys it meets (0, 1, 2…), so a span's counts are an array
 * rather than a map of strings.
 */
export interface SentenceReader {
  /** The sentence read, or undefined when nothing is left once cleaned. */
  read(raw: string): ReadSentence | undefined;
  /** The number of a word's content key (numbering it when new), or -1 when it is not a content word. */
  keyNumberOf(word: string): number;
  /** How many content keys have been numbered: every number is below this. */
  keyCount(): number;
}

/** Whether the word `text[start, end)` is ASCII of one or two letters: its lower case is as short, so never a content word. */
function isShortAsciiWord(text: string, start: number, end: number): boolean {
  return end - start < 3 && text.charCodeAt(start) < 128 && text.charCodeAt(end - 1) < 128;
}

/**
 * A reader for one document (or one call): it remembers each word's content key, since a document repeats its
 * words. Make a new one per call: a reader kept across calls would make a second import of the same text cheaper
 * than the first.
 */
export function createSentenceReader(): SentenceReader {
  /** Each content key met, by its number. */
  const numbers = new Map<string, number>();
  /** Each word met, as written: the number of its content key, or -1. */
  const wordNumbers = new Map<string, number>();
  const numberOf = (word: string): number => {
    let number = wordNumbers.get(word);
    if (number === undefined) {
      const key = contentKeyOf(word);
      if (key === undefined) number = -1;
      else {
        number = numbers.get(key);
        if (number === undefined) {
          number = numbers.size;
          numbers.set(key, number);
        }
      }
      wordNumbers.set(word, number);
    }
    return number;
  };
  return {
    read(raw) {
      const text = clean(raw);
      if (!text) return undefined;
      let wordCount = 0;
      const keys: number[] = [];
      for (let start = nextWordStart(text, 0); start < text.length; ) {
        const end = wordEnd(text, start);
        wordCount++;
        // Short ASCII words are skipped without making their string: they are a good share of all words.
        const key = isShortAsciiWord(text, start, end) ? -1 : numberOf(text.slice(start, end));
        if (key >= 0) keys.push(key);
        start = nextWordStart(text, end);
      }
      return { raw, text, wordCount, keys };
    },
    keyNumberOf: (word) => (isShortAsciiWord(word, 0, word.length) ? -1 : numberOf(word)),
    keyCount: () => numbers.size,
  };
}

/** A span: its sentences, and how often each content key (by number) occurs in it. */
interface SpanAnalysis {
  sentences: readonly ReadSentence[];
  counts: Int32Array;
}

function analyseSpan(reader: SentenceReader, sentences: readonly ReadSentence[]): SpanAnalysis {
  const counts = new Int32Array(reader.keyCount());
  for (const sentence of sentences) {
    for (const key of sentence.keys) counts[key]!++;
  }
  return { sentences, counts };
}

function readAll(reader: SentenceReader, sentences: readonly string[]): ReadSentence[] {
  const read: ReadSentence[] = [];
  for (const sentence of sentences) {
    const one = reader.read(sentence);
    if (one) read.push(one);
  }
  return read;
}

/** Index of the key sentence of an analysed span, or -1 when no sentence is quotable. */
function keySentenceIndex(span: SpanAnalysis): number {
  let best = -1;
  let bestScore = -1;
  /** For each content key, 1 + the index of the last sentence that counted it: each counts once per sentence. */
  const countedIn = new Int32Array(span.counts.length);
  span.sentences.forEach((sentence, index) => {
    const { wordCount } = sentence;
    // Quotable: a complete statement of 8–35 words.
    if (wordCount < 8 || wordCount > 35 || sentence.text.endsWith('?')) return;
    // Each distinct content key, in the order of first appearance.
    let score = 0;
    for (const key of sentence.keys) {
      if (countedIn[key] === index + 1) continue;
      countedIn[key] = index + 1;
      score += span.counts[key]! - 1 + 0.1;
    }
    score /= wordCount ** 0.4;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

function keyTermOf(words: readonly string[], reader: SentenceReader, counts: Int32Array): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  words.forEach((word, index) => {
    const isNumber = /^\d[\d.,]*$/.test(word) && word.length >= 2;
    const key = reader.keyNumberOf(word);
    if (!isNumber && (key < 0 || index === 0)) return;
    // How often its content key occurs in the span (a word new to the span, as `findKeyTerm` may pass, counts once).
    let score = (key < 0 ? 0 : (counts[key] ?? 0)) || 1;
    if (/^\p{Lu}/u.test(word)) score *= 2;
    if (/^[\p{Lu}\d]{2,}$/u.test(word) || /\p{Ll}\p{Lu}/u.test(word) || /\d/.test(word) || /[.-]/.test(word)) score *= 1.5;
    if (isNumber) score *= 2.5;
    if (word.length >= 6) score *= 1.2;
    if (score > bestScore) {
      best = word;
      bestScore = score;
    }
  });
  return best;
}

/**
 * The sentence that best states what the span is about: the quotable one (8–35 words, not a question) whose
 * distinct content words are the most frequent in the span (per length^0.4, so long sentences do not win by size
 * alone); earliest on a tie.
 */
export function findKeySentence(sentences: readonly string[]): string | undefined {
  const reader = createSentenceReader();
  const read = readAll(reader, sentences);
  const index = keySentenceIndex(analyseSpan(reader, read));
  return index < 0 ? undefined : read[index]!.raw;
}

/**
 * The term of a sentence worth recalling: a content word (not the sentence's first word, whose capital says
 * nothing), weighted by its frequency in the span, and up when it is a name, an acronym, a number or technical
 * (inner capitals, digits, dots, hyphens). Earliest on a tie.
 */
export function findKeyTerm(sentence: string, spanSentences: readonly string[]): string | undefined {
  const reader = createSentenceReader();
  return keyTermOf(wordsOf(sentence), reader, analyseSpan(reader, readAll(reader, spanSentences)).counts);
}

/** Replaces the first whole-word occurrence of `term` in `sentence` by a `[[term]]` blank. */
function blankOut(sentence: string, term: string): string | undefined {
  let from = 0;
  while (from <= sentence.length) {
    const at = sentence.indexOf(term, from);
    if (at < 0) return undefined;
    const before = sentence.charAt(at - 1);
    const after = sentence.charAt(at + term.length);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
      return `${sentence.slice(0, at)}[[${term}]]${sentence.slice(at + term.length)}`;
    }
    from = at + 1;
  }
  return undefined;
}

/** A cleaned sentence: no `[[`/`]]` (they would open blanks), one line, at most 1000 characters. */
function clean(sentence: string): string {
  const trimmed = sentence.trim();
  // Most sentences are one line with single spaces and no brackets: one test, and they are kept as they are.
  if (!/\[\[|\]\]|\s\s|[^\S ]/.test(trimmed)) return trimmed.slice(0, 1000);
  const unbracketed = trimmed.includes('[[') || trimmed.includes(']]') ? trimmed.replace(/\[\[|\]\]/g, '').trim() : trimmed;
  return (/\s\s|[^\S ]/.test(unbracketed) ? unbracketed.replace(/\s+/g, ' ') : unbracketed).slice(0, 1000);
}

/** Draft questions and the span's key term (its topic when there is no heading), from one reading of the span. */
export function draftSpanQuestions(sentences: readonly string[], topic: string): { questions: Question[]; keyTerm?: string } {
  const reader = createSentenceReader();
  return draftReadSpanQuestions(reader, readAll(reader, sentences), topic);
}

/** `draftSpanQuestions` for sentences already read by `reader`. */
export function draftReadSpanQuestions(reader: SentenceReader, sentences: readonly ReadSentence[], topic: string): { questions: Question[]; keyTerm?: string } {
  const span = analyseSpan(reader, sentences);
  const index = keySentenceIndex(span);
  const key = index < 0 ? undefined : sentences[index]!.text;
  const term = index < 0 ? undefined : keyTermOf(wordsOf(sentences[index]!.text), reader, span.counts);
  if (key && term) {
    const text = blankOut(key, term);
    if (text) return { questions: [Question.parse({ kind: 'cloze', prompt: 'Fill in the blank.', text, explanation: key, askConfidence: false })], keyTerm: term };
  }
  const statement = key ?? sentences.find((s) => !s.text.endsWith('?') && s.wordCount >= 3)?.text;
  const prompt = statement ? `True or false: ${statement}`.slice(0, 1000) : `True or false: this lesson is about ${clean(topic) || 'its title'}.`;
  return { questions: [Question.parse({ kind: 'true_false', prompt, answer: true, askConfidence: false })], ...(term !== undefined && { keyTerm: term }) };
}

/**
 * At least one draft retrieval question for a span's sentences, valid against the `Question` schema: a cloze on the
 * key term of the key sentence, or else a true/false on its first statement, or else on its topic.
 */
export function draftQuestions(sentences: readonly string[], topic: string): Question[] {
  return draftSpanQuestions(sentences, topic).questions;
}

/** Verbs an instruction heading starts with ("Use a password manager"): its question asks why. */
const IMPERATIVES = new Set(
  'avoid be check choose create delete disable do don\'t enable encrypt ensure follow keep lock never protect remember report secure share store think treat turn update use verify watch'.split(' '),
);

/** A heading's words in sentence case inside a question: "Bad Passwords" → "bad passwords"; acronyms and names with inner capitals stay. */
function lowerForQuestion(title: string): string {
  return title
    .split(/(\s+)/)
    .map((word) => (/^["“‘(]?\p{Lu}[\p{Ll}'’-]*[,;:"”’)]?$/u.test(word) ? word.toLowerCase() : word))
    .join('');
}

/**
 * The question a worker would ask, drafted from a heading or title: questions stay as they are ("What is
 * phishing?"), "How to report phishing" → "How do I report phishing?", instructions ask why ("Use a Password
 * Manager" → "Why should I use a password manager?"), anything else → "What should I know about passwords?".
 */
export function draftCoreQuestion(title: string): string {
  const text = title.replace(/\s+/g, ' ').replace(/[.:;,!]+$/, '').trim();
  if (!text) return 'What should I know about this?';
  if (text.endsWith('?')) return text;
  const howTo = /^how\s+to\s+(.+)$/i.exec(text);
  if (howTo) return `How do I ${lowerForQuestion(howTo[1]!)}?`;
  if (/^(what|why|how|when|where|who|which|can|should|do|does|is|are)\b/i.test(text)) return `${text}?`;
  const first = text.split(' ')[0]!.toLowerCase().replace(/’/g, "'");
  const rest = lowerForQuestion(text.split(' ').slice(1).join(' '));
  if ((first === "don't" || first === 'never') && rest) return first === 'never' ? `Why should I never ${rest}?` : `Why shouldn't I ${rest}?`;
  if (IMPERATIVES.has(first)) return `Why should I ${lowerForQuestion(text).replace(/^\S+/, first)}?`;
  return `What should I know about ${lowerForQuestion(text)}?`;
}
