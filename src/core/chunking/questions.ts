/**
 * Draft questions and titles for a proposed lesson, chosen deterministically from its text: the core question a
 * worker would ask, and a retrieval question (a cloze on a key term of a key sentence, or a true/false statement)
 * for the author to approve or rewrite. Pure and English-only: other languages get the same shapes, less apt.
 */
import { Question } from '../lessons/lesson-model.ts';
import { wordsOf } from '../words.ts';

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

/** Each word seen: its lower-cased form when it is a content word, else null. Bounded so a huge import cannot grow it without end. */
const contentKeys = new Map<string, string | null>();

/** A word's lower-cased form when it carries subject matter (3 letters or more, not a stop word, not a small number). */
function contentKeyOf(word: string): string | undefined {
  let key = contentKeys.get(word);
  if (key === undefined) {
    const lower = word.toLowerCase();
    const normalised = lower.replace(/’/g, "'");
    key = normalised.length >= 3 && !STOP_WORDS.has(normalised) && !/^\d{1,2}$/.test(normalised) ? lower : null;
    if (contentKeys.size < 50_000) contentKeys.set(word, key);
  }
  return key ?? undefined;
}

function isContentWord(word: string): boolean {
  return contentKeyOf(word) !== undefined;
}

/** A sentence read once for drafting: its cleaned text, its words, and each word's lower-cased form when it is a content word. */
export interface ReadSentence {
  /** As given, for titles. */
  raw: string;
  /** Cleaned (see `clean`): what questions quote. */
  text: string;
  words: string[];
  keys: (string | undefined)[];
}

/** Reads a sentence for drafting; undefined when nothing is left once cleaned. */
export function readSentence(raw: string): ReadSentence | undefined {
  const text = clean(raw);
  if (!text) return undefined;
  const words = wordsOf(text);
  return { raw, text, words, keys: words.map(contentKeyOf) };
}

/** A span: its sentences, and how often each content word (lower-cased) occurs in it. */
interface SpanAnalysis {
  sentences: readonly ReadSentence[];
  counts: Map<string, number>;
}

function analyseSpan(sentences: readonly ReadSentence[]): SpanAnalysis {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const key of sentence.keys) if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { sentences, counts };
}

function readAll(sentences: readonly string[]): ReadSentence[] {
  const read: ReadSentence[] = [];
  for (const sentence of sentences) {
    const one = readSentence(sentence);
    if (one) read.push(one);
  }
  return read;
}

/** Index of the key sentence of an analysed span, or -1 when no sentence is quotable. */
function keySentenceIndex(span: SpanAnalysis): number {
  let best = -1;
  let bestScore = -1;
  span.sentences.forEach((sentence, index) => {
    const { words } = sentence;
    // Quotable: a complete statement of 8–35 words.
    if (words.length < 8 || words.length > 35 || sentence.text.endsWith('?')) return;
    const distinct = new Set<string>();
    for (const key of sentence.keys) if (key !== undefined) distinct.add(key);
    let score = 0;
    for (const word of distinct) score += (span.counts.get(word) ?? 0) - 1 + 0.1;
    score /= words.length ** 0.4;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

function keyTermOf(words: readonly string[], counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  words.forEach((word, index) => {
    const isNumber = /^\d[\d.,]*$/.test(word) && word.length >= 2;
    if (!isNumber && (!isContentWord(word) || index === 0)) return;
    let score = counts.get(word.toLowerCase()) ?? 1;
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
  const read = readAll(sentences);
  const index = keySentenceIndex(analyseSpan(read));
  return index < 0 ? undefined : read[index]!.raw;
}

/**
 * The term of a sentence worth recalling: a content word (not the sentence's first word, whose capital says
 * nothing), weighted by its frequency in the span, and up when it is a name, an acronym, a number or technical
 * (inner capitals, digits, dots, hyphens). Earliest on a tie.
 */
export function findKeyTerm(sentence: string, spanSentences: readonly string[]): string | undefined {
  return keyTermOf(wordsOf(sentence), analyseSpan(readAll(spanSentences)).counts);
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
  const unbracketed = sentence.includes('[[') || sentence.includes(']]') ? sentence.replace(/\[\[|\]\]/g, '') : sentence;
  const trimmed = unbracketed.trim();
  // Most sentences are one line with single spaces: only those that are not are rewritten.
  return (/\s\s|[^\S ]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed).slice(0, 1000);
}

/** Draft questions and the span's key term (its topic when there is no heading), from one reading of the span. */
export function draftSpanQuestions(sentences: readonly string[], topic: string): { questions: Question[]; keyTerm?: string } {
  return draftReadSpanQuestions(readAll(sentences), topic);
}

/** `draftSpanQuestions` for sentences already read (the chunker reads each sentence once, however often it packs it). */
export function draftReadSpanQuestions(sentences: readonly ReadSentence[], topic: string): { questions: Question[]; keyTerm?: string } {
  const span = analyseSpan(sentences);
  const index = keySentenceIndex(span);
  const key = index < 0 ? undefined : sentences[index]!.text;
  const term = index < 0 ? undefined : keyTermOf(sentences[index]!.words, span.counts);
  if (key && term) {
    const text = blankOut(key, term);
    if (text) return { questions: [Question.parse({ kind: 'cloze', prompt: 'Fill in the blank.', text, explanation: key, askConfidence: false })], keyTerm: term };
  }
  const statement = key ?? sentences.find((s) => !s.text.endsWith('?') && s.words.length >= 3)?.text;
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
