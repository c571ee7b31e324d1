/**
 * The chunker: a long document or a transcript in, proposed micro-lessons out, each within the time budget, cut
 * at the most natural boundary available, with a draft core question and retrieval question, grouped into a
 * suggested course. Pure: the same input gives the same output; nothing is read or written.
 *
 * How it cuts: the source becomes a sequence of units (paragraphs, list items, and sentences where a paragraph is
 * long; sentences with times for transcripts). Every gap between units has a cost of cutting there: negative at
 * natural boundaries (a module, a heading, a slide change, a speaker turn), higher at a paragraph, a list item, a
 * sentence end. Every lesson has a cost for its length: nothing inside the 60–90 s target, more the further it
 * strays, much more under 20 s (a tiny fragment). A shortest path over the gaps (dynamic programming) picks the
 * cuts with the least total cost, never letting a lesson's reading plus its question pass 120 s.
 */
import { countWords } from '../words.ts';
import { estimateLessonDuration, DEFAULT_DURATION_SETTINGS, markdownWords, MAX_LESSON_SECONDS, readingSecondsOfWords, roundSeconds, type DurationSettings } from '../lessons/duration.ts';
import type { Block, Question } from '../lessons/lesson-model.ts';
import { readHtml, readMarkdown, readPlainText, type ContentBlock, type DocumentBlock, type InlinePiece, type ReadDocument } from './document-source.ts';
import { createSentenceReader, draftCoreQuestion, draftReadSpanQuestions, type ReadSentence, type SentenceReader } from './questions.ts';
import { segmentEachText, segmentSentences } from './sentences.ts';
import { parseChapters, parseTranscript, type Chapter, type TranscriptCue } from './transcript.ts';

/** Where a proposal came from: source lines of a document, or times of a transcript. */
export type SourceRange = { startLine: number; endLine: number } | { startSeconds: number; endSeconds: number };

/** One proposed micro-lesson, for the author to accept, edit, merge, split or drop. */
export interface ProposedLesson {
  title: string;
  coreQuestion: string;
  /** The duration.ts estimate of the lesson this would become: its text (or clip) plus its question blocks. */
  estimatedSeconds: number;
  /** Markdown of the span; for transcripts the spoken text, the speaker's name in bold where it changes. */
  text: string;
  /** H1 > H2 > H3… of the section it came from; the chapter title for transcripts. */
  headingPath: string[];
  startSeconds?: number;
  endSeconds?: number;
  /** Draft retrieval questions; each validates against the `Question` schema. */
  questions: Question[];
  sourceRange: SourceRange;
}

/** A suggested course: modules from the top sections (or a table of contents, or chapters), in order. */
export interface SuggestedCourse {
  title: string;
  modules: { title: string; lessonIndexes: number[] }[];
}

export interface ChunkResult {
  lessons: ProposedLesson[];
  course: SuggestedCourse;
  /** What the author should know: content left out (front matter), chapters beyond the captions, over-long sentences. */
  warnings: string[];
}

export interface ChunkOptions {
  /** Lessons should take at least this long (reading or speech). Default 60. */
  targetMinSeconds?: number;
  /** …and at most this long. Default 90. */
  targetMaxSeconds?: number;
  /** Never more than this, questions included. Default MAX_LESSON_SECONDS (120). */
  maxSeconds?: number;
  /** Lessons shorter than this are tiny fragments, merged with a neighbour. Default 20. */
  tinySeconds?: number;
  /** Locale of the sentence segmenter. Default 'en'. */
  locale?: string;
  /** The organisation's reading speeds, as in the lesson editor. */
  durationSettings?: DurationSettings;
}

/** The options with their defaults, and the sentence reader of this one call (it must not outlive the call). */
type Settings = Required<ChunkOptions> & { reader: SentenceReader };

function settingsOf(options: ChunkOptions = {}): Settings {
  return {
    reader: createSentenceReader(),
    targetMinSeconds: options.targetMinSeconds ?? 60,
    targetMaxSeconds: options.targetMaxSeconds ?? 90,
    maxSeconds: options.maxSeconds ?? MAX_LESSON_SECONDS,
    tinySeconds: options.tinySeconds ?? 20,
    locale: options.locale ?? 'en',
    durationSettings: options.durationSettings ?? DEFAULT_DURATION_SETTINGS,
  };
}

/** The cost of cutting before a unit, by the kind of boundary there (lower is more natural). */
const CUT_COST = { module: -40, heading: -2, slide: -1.5, speaker: -1, paragraph: 0, line: 1, sentence: 4 } as const;
type Boundary = keyof typeof CUT_COST;

/** Seconds kept free for the question when packing; the exact figure is checked after the question is drafted. */
const QUESTION_RESERVE_SECONDS = 22;
/** Paragraphs longer than this are offered to the packer sentence by sentence. */
const SPLIT_PARAGRAPH_SECONDS = 40;

/** The smallest piece the packer moves: a paragraph, a list item, a sentence, or a transcript sentence with its times. */
interface Unit {
  markdown: string;
  plain: string;
  /** Joins the unit before it by a blank line, a line break, or a space (the next sentence of a paragraph). */
  join: 'paragraph' | 'line' | 'inline';
  quote: number;
  quoteGroup: number;
  headingPath: string[];
  /** Headings opened just before this unit (printed when it is not the first unit of a lesson). */
  headings: { level: number; text: string }[];
  /** Whether this unit is the first of its heading section or chapter. */
  opensSection: boolean;
  boundary: Boundary;
  module: number;
  /** Reading seconds (documents); speech seconds (transcripts). */
  seconds: number;
  /** Words of its Markdown read as prose and as table rows (documents; 0 for transcripts, whose clips are timed). */
  words: Words;
  /** Reading seconds of the headings printed before it when it is not first in a lesson. */
  headingSeconds: number;
  /** Words of those headings. */
  headingWords: number;
  /**
   * Its sentences (plain text), segmented once: filled for all units together before packing, or when cut from a
   * long paragraph. Read for drafting questions only while a proposal is drafted, so the words do not stay in memory.
   */
  sentences?: string[];
  startLine: number;
  endLine: number;
  startSeconds?: number;
  endSeconds?: number;
  speaker?: string;
}

/**
 * A unit with every field present, always in the same order: units built by spreading several objects get
 * different hidden classes in V8, and every later read of them (packing, building text) gets slow.
 */
function makeUnit(u: Unit): Unit {
  return {
    markdown: u.markdown,
    plain: u.plain,
    join: u.join,
    quote: u.quote,
    quoteGroup: u.quoteGroup,
    headingPath: u.headingPath,
    headings: u.headings,
    opensSection: u.opensSection,
    boundary: u.boundary,
    module: u.module,
    seconds: u.seconds,
    words: u.words,
    headingSeconds: u.headingSeconds,
    headingWords: u.headingWords,
    sentences: u.sentences,
    startLine: u.startLine,
    endLine: u.endLine,
    startSeconds: u.startSeconds,
    endSeconds: u.endSeconds,
    speaker: u.speaker,
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

type Words = { prose: number; table: number };

/** Words and reading seconds of Markdown, as the lesson editor's estimate counts them (duration.ts). */
function measure(markdown: string, settings: DurationSettings): { words: Words; seconds: number } {
  const words = markdownWords(markdown);
  return { words, seconds: roundSeconds(readingSecondsOfWords(words, settings)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences inside a paragraph, Markdown kept valid on both sides of a cut

/** A part of a paragraph; `hardBreak` when it ends on a forced line break (`\` at the end of the line). */
interface SentencePart {
  markdown: string;
  plain: string;
  hardBreak?: boolean;
}

/** Whether Markdown ends with a hard line break: an odd run of backslashes (an even run is escaped backslashes). */
function endsWithHardBreak(markdown: string): boolean {
  let count = 0;
  while (count < markdown.length && markdown.charCodeAt(markdown.length - 1 - count) === 92) count++;
  return count % 2 === 1;
}

/**
 * `endsWithHardBreak(text)` for a text that ends with `tail`, reading only `tail` unless it is all backslashes: reading
 * the end of a string built up by `+=` makes V8 copy the whole of it, once per lesson unit.
 */
function endsWithHardBreakAfter(text: string, tail: string): boolean {
  let count = 0;
  while (count < tail.length && tail.charCodeAt(tail.length - 1 - count) === 92) count++;
  return count < tail.length ? count % 2 === 1 : endsWithHardBreak(text);
}

/** Markdown without a hard line break at its end: at the end of a paragraph, `\` would show as a backslash. */
function withoutTrailingHardBreak(markdown: string): string {
  return endsWithHardBreak(markdown) ? markdown.slice(0, -1).trimEnd() : markdown;
}

/** A paragraph's sentences, each as Markdown and plain text, cut where the segmenter finds a sentence end. */
function sentencesOfPieces(pieces: readonly InlinePiece[], locale: string): SentencePart[] {
  let plain = '';
  for (const piece of pieces) plain += piece.plain;
  const spans = segmentSentences(plain, locale);
  const sentences: SentencePart[] = [];
  let pieceIndex = 0;
  /** How much of the current piece's text earlier sentences took. */
  let taken = 0;
  /** Plain-text offset of the current piece's start. */
  let pieceStart = 0;
  let markdown = '';
  let text = '';
  const flush = () => {
    // Runs of spaces become one (a line break when they hold one); most sentences have none to change, and are tested, not rewritten.
    const md = (/\s{2,}|[^\S \n]/.test(markdown) ? markdown.replace(/\s+/g, (space) => (space.includes('\n') ? '\n' : ' ')) : markdown).trim();
    if (md) sentences.push({ markdown: md, plain: (/\s{2,}|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ') : text).trim(), hardBreak: endsWithHardBreak(md) });
    markdown = '';
    text = '';
  };
  for (let s = 0; s < spans.length; s++) {
    const end = spans[s]!.end;
    const isLast = s === spans.length - 1;
    // Take pieces (whole or the rest of one) until the plain text reaches the sentence end; closing markup right after stays here.
    while (pieceIndex < pieces.length) {
      const piece = pieces[pieceIndex]!;
      const length = piece.plain.length;
      if (length === 0) {
        if (pieceStart < end || piece.closes || isLast) {
          markdown += piece.markdown;
          pieceIndex++;
          continue;
        }
        break;
      }
      if (pieceStart >= end) break;
      const pieceEnd = pieceStart + length;
      // Inline code and the like (Markdown unlike its text) are never cut; plain text pieces are, at the sentence end.
      if (pieceEnd <= end || piece.markdown !== piece.plain) {
        markdown += piece.markdown.slice(taken);
        text += piece.plain.slice(taken);
        pieceIndex++;
        pieceStart = pieceEnd;
        taken = 0;
        continue;
      }
      const cut = end - pieceStart;
      markdown += piece.markdown.slice(taken, cut);
      text += piece.plain.slice(taken, cut);
      taken = cut;
      break;
    }
    flush();
  }
  return sentences;
}

// ---------------------------------------------------------------------------------------------------------------
// Document units

interface ModulePlan {
  /** Index of the heading block that opens each module after the first (by block index). */
  starts: Map<number, string>;
  firstTitle?: string;
  courseTitle?: string;
}

/**
 * Which headings open modules: the headings a table of contents links to, when the document has one; else the
 * top heading level (below a lone H1, which titles the course).
 */
function planModules(read: ReadDocument): ModulePlan {
  const headings = read.blocks.map((b, i) => [b, i] as const).filter((pair): pair is readonly [Extract<DocumentBlock, { kind: 'heading' }>, number] => pair[0].kind === 'heading');
  const starts = new Map<number, string>();
  if (headings.length === 0) return { starts };
  const linked = headings.filter(([h]) => read.internalAnchors.has(h.slug));
  let courseTitle: string | undefined;
  let chosen = linked;
  if (linked.length < 2) {
    const top = Math.min(...headings.map(([h]) => h.level));
    const atTop = headings.filter(([h]) => h.level === top);
    let level = top;
    if (atTop.length === 1 && headings[0]![0].level === top) {
      courseTitle = atTop[0]![0].text;
      const below = headings.filter(([h]) => h.level > top);
      level = below.length > 0 ? Math.min(...below.map(([h]) => h.level)) : top;
    }
    chosen = headings.filter(([h]) => h.level === level && !(courseTitle !== undefined && h.level === top));
  }
  for (const [h, i] of chosen) starts.set(i, h.text);
  const firstHeading = headings[0]![0].text;
  return { starts, firstTitle: firstHeading, ...(courseTitle !== undefined && { courseTitle }) };
}

/** Where the units of one block sit in the document. */
interface BlockPlace {
  block: ContentBlock;
  headingPath: string[];
  module: number;
  /** The first unit's first line: the heading before the block when it opens a section. */
  startLine: number;
}

/** What the first unit after headings carries (the headings and the kind of cut before it); later units carry none. */
interface Opening {
  headings: { level: number; text: string }[];
  headingSeconds: number;
  headingWords: number;
  opensSection: boolean;
  boundary: Boundary;
}

/** A unit of a document: a whole block, or one part (a sentence, some lines) of a long one. */
function documentUnit(place: BlockPlace, opening: Opening, part: { markdown: string; plain: string }, join: Unit['join'], measured: { words: Words; seconds: number }, sentences: string[] | undefined): Unit {
  return makeUnit({
    markdown: part.markdown,
    plain: part.plain,
    join,
    quote: place.block.quote,
    quoteGroup: place.block.quoteGroup,
    headingPath: place.headingPath,
    headings: opening.headings,
    opensSection: opening.opensSection,
    boundary: opening.boundary,
    module: place.module,
    seconds: measured.seconds,
    words: measured.words,
    headingSeconds: opening.headingSeconds,
    headingWords: opening.headingWords,
    sentences,
    startLine: place.startLine,
    endLine: place.block.endLine,
    startSeconds: undefined,
    endSeconds: undefined,
    speaker: undefined,
  });
}

function documentUnits(read: ReadDocument, settings: Settings, warnings: string[]): { units: Unit[]; moduleTitles: string[]; courseTitle?: string } {
  const plan = planModules(read);
  const units: Unit[] = [];
  const stack: { level: number; text: string }[] = [];
  let pendingHeadings: { level: number; text: string }[] = [];
  let pendingHeadingLine: number | undefined;
  let pendingBoundary: Boundary = 'paragraph';
  let module = 0;
  const moduleTitles: string[] = [];
  let moduleOpened = false;
  read.blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      while (stack.length > 0 && stack[stack.length - 1]!.level >= block.level) stack.pop();
      stack.push({ level: block.level, text: block.text });
      pendingHeadings.push({ level: block.level, text: block.text });
      pendingHeadingLine ??= block.startLine;
      const opensModule = plan.starts.get(index);
      if (opensModule !== undefined) {
        if (moduleOpened) module++;
        moduleOpened = true;
        moduleTitles[module] = opensModule;
        pendingBoundary = 'module';
      } else if (pendingBoundary !== 'module') pendingBoundary = 'heading';
      return;
    }
    if (!moduleOpened) {
      moduleOpened = true;
      moduleTitles[module] = pendingHeadings[0]?.text ?? plan.firstTitle ?? 'Introduction';
    }
    const boundary: Boundary = units.length === 0 ? 'module' : pendingBoundary !== 'paragraph' ? pendingBoundary : block.isSlide ? 'slide' : block.join === 'line' ? 'line' : 'paragraph';
    // A lesson's source lines start at the heading that opens it.
    const place: BlockPlace = { block, headingPath: stack.map((h) => h.text), module, startLine: pendingHeadingLine ?? block.startLine };
    pendingHeadingLine = undefined;
    const measured = measure(block.markdown, settings.durationSettings);
    const { headingSeconds, headingWords } = headingMeasure(pendingHeadings, settings);
    const opening: Opening = { headings: pendingHeadings, headingSeconds, headingWords, opensSection: pendingHeadings.length > 0, boundary };
    pendingHeadings = [];
    pendingBoundary = 'paragraph';
    if (measured.seconds <= SPLIT_PARAGRAPH_SECONDS) {
      units.push(documentUnit(place, opening, block, block.join, measured, undefined));
      return;
    }
    const parts = splitBlock(block, settings);
    const continuation: Opening = { headings: [], headingSeconds: 0, headingWords: 0, opensSection: false, boundary: block.splitBy === 'sentence' ? 'sentence' : 'line' };
    parts.forEach((part, k) => {
      // After a forced line break (an admonition's title) the next sentence starts a line, not a space further.
      const join = k === 0 ? block.join : block.splitBy !== 'sentence' ? 'paragraph' : parts[k - 1]!.hardBreak ? 'line' : 'inline';
      // A sentence cut by the segmenter is one sentence: it need not be segmented again.
      const sentences = block.splitBy === 'sentence' ? [part.plain] : undefined;
      units.push(documentUnit(place, k === 0 ? opening : continuation, part, join, measure(part.markdown, settings.durationSettings), sentences));
    });
  });
  const tooLong = units.filter((u) => u.seconds + QUESTION_RESERVE_SECONDS > settings.maxSeconds);
  if (tooLong.length > 0) warnings.push(`${tooLong.length} sentence(s) alone take longer than a lesson may (lines ${tooLong.map((u) => u.startLine).join(', ')}); those lessons are over budget.`);
  return { units, moduleTitles, ...(plan.courseTitle !== undefined && { courseTitle: plan.courseTitle }) };
}

/** A long block in parts: prose at sentence ends; code and tables at line ends, in parts of at most a third of the budget. */
function splitBlock(block: ContentBlock, settings: Settings): SentencePart[] {
  if (block.splitBy === 'sentence') return sentencesOfPieces(block.pieces ?? [{ markdown: block.markdown, plain: block.plain, closes: false }], settings.locale);
  const fence = /^(`{3,}|~{3,})(.*)\n([\s\S]*)\n\1$/.exec(block.markdown);
  const lines = (fence ? fence[3]! : block.markdown).split('\n');
  const parts: { markdown: string; plain: string }[] = [];
  let current: string[] = [];
  const budget = (settings.maxSeconds - QUESTION_RESERVE_SECONDS) / 3;
  const flush = () => {
    if (current.length === 0) return;
    const body = current.join('\n');
    parts.push({ markdown: fence ? `${fence[1]}${fence[2]}\n${body}\n${fence[1]}` : body, plain: body });
    current = [];
  };
  // Words add up line by line (a line is a table row or prose on its own), so the part is counted as it grows.
  let words: Words = { prose: 0, table: 0 };
  for (const line of lines) {
    const lineWords = markdownWords(line);
    const withLine = { prose: words.prose + lineWords.prose, table: words.table + lineWords.table };
    if (current.length > 0 && roundSeconds(readingSecondsOfWords(withLine, settings.durationSettings)) * (fence ? 2 : 1) > budget) {
      flush();
      words = lineWords;
    } else words = withLine;
    current.push(line);
  }
  flush();
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Packing

/** The cuts (unit indexes where lessons start) with the least total cost; see the file comment. */
function packUnits(units: readonly Unit[], settings: Settings, isTranscript: boolean, readingCap: number): number[] {
  const n = units.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  const lengthCost = (seconds: number) => {
    let cost = 0;
    if (seconds < settings.targetMinSeconds) cost += ((settings.targetMinSeconds - seconds) / 10) ** 2;
    if (seconds > settings.targetMaxSeconds) cost += ((seconds - settings.targetMaxSeconds) / 5) ** 2;
    if (seconds < settings.tinySeconds) cost += 50;
    return cost;
  };
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    const cutCost = i === 0 ? 0 : CUT_COST[units[i]!.boundary];
    let seconds = 0;
    for (let j = i + 1; j <= n; j++) {
      const unit = units[j - 1]!;
      seconds = isTranscript ? unit.endSeconds! - units[i]!.startSeconds! : seconds + unit.seconds + (j - 1 > i ? unit.headingSeconds : 0);
      if (seconds > readingCap && j > i + 1) break;
      const cost = best[i]! + cutCost + lengthCost(seconds);
      if (cost < best[j]!) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }
  const cuts: number[] = [];
  for (let j = n; j > 0; j = from[j]!) cuts.unshift(from[j]!);
  return cuts;
}

function headingMeasure(headings: readonly { text: string }[], settings: Settings): { headingSeconds: number; headingWords: number } {
  let headingWords = 0;
  for (const heading of headings) headingWords += countWords(heading.text);
  return { headingWords, headingSeconds: roundSeconds(readingSecondsOfWords({ prose: headingWords, table: 0 }, settings.durationSettings)) };
}

/** A lesson's Markdown from its units: sub-headings printed, quotes prefixed, speakers named where they change. */
function buildText(units: readonly Unit[]): string {
  let text = '';
  /** A string the text ends with (the last unit's own Markdown where it can be): enough to see a hard break at its end. */
  let tail = '';
  const append = (piece: string, endsWith = piece) => {
    text += piece;
    tail = endsWith;
  };
  let previous: Unit | undefined;
  for (const unit of units) {
    const prefix = '> '.repeat(unit.quote);
    const quoted = (markdown: string) => (unit.quote > 0 ? markdown.split('\n').map((line) => `${prefix}${line}`.trimEnd()).join('\n') : markdown);
    const speakerChanged = unit.speaker !== undefined && unit.speaker !== previous?.speaker;
    const markdown = speakerChanged ? `**${unit.speaker}:** ${unit.markdown}` : unit.markdown;
    // Unquoted, every piece ends with the unit's Markdown, which can be read as it is (V8 copies a string just built by
    // `+` to read its end).
    const ending = unit.quote > 0 ? undefined : unit.markdown;
    if (previous === undefined) {
      append(quoted(markdown), ending);
    } else {
      const continuesLine = unit.join === 'line' && unit.headings.length === 0;
      // A forced line break is kept only where a line follows in the same paragraph.
      if (!continuesLine && endsWithHardBreakAfter(text, tail)) text = text.slice(0, -1).trimEnd();
      for (const heading of unit.headings) append(`\n\n${'#'.repeat(Math.min(6, Math.max(2, heading.level)))} ${heading.text}`);
      const newBlock = unit.headings.length > 0 || speakerChanged || unit.join !== 'inline';
      if (!newBlock) append(` ${unit.markdown}`, ending);
      else if (continuesLine) append(`\n${quoted(markdown)}`, ending);
      else append(unit.quote > 0 && previous.quoteGroup === unit.quoteGroup && unit.headings.length === 0 ? `\n${prefix.trimEnd()}\n${quoted(markdown)}` : `\n\n${quoted(markdown)}`, ending);
    }
    previous = unit;
  }
  return withoutTrailingHardBreak(text);
}

/**
 * Segments every unit not segmented yet, their texts together (one segmenter call for many short paragraphs rather
 * than one each).
 */
function segmentUnits(units: readonly Unit[], locale: string): void {
  const unsegmented = units.filter((unit) => unit.sentences === undefined);
  if (unsegmented.length === 0) return;
  const spans = segmentEachText(unsegmented.map((unit) => unit.plain), locale);
  unsegmented.forEach((unit, k) => {
    unit.sentences = spans[k]!.map((span) => unit.plain.slice(span.start, span.end));
  });
}

/** The sentences of units read for the title and questions, without empty ones. */
function sentencesOfUnits(units: readonly Unit[], settings: Settings): ReadSentence[] {
  segmentUnits(units, settings.locale);
  const read: ReadSentence[] = [];
  for (const unit of units) {
    for (const sentence of unit.sentences!) {
      const one = settings.reader.read(sentence);
      if (one) read.push(one);
    }
  }
  return read;
}

function questionSeconds(questions: readonly Question[], settings: DurationSettings): number {
  const blocks: Block[] = questions.map((question, k) => ({ id: `q${k}`, type: 'question', question }));
  return estimateLessonDuration({ blocks }, new Map(), settings).seconds;
}

/**
 * The duration.ts estimate of the lesson a proposal would become: its text (read, or counted from its units' words,
 * which add up to the text's) or its clip, then its question blocks.
 */
function estimateProposal(text: string | Words, speechSeconds: number | undefined, questions: readonly Question[], settings: DurationSettings): number {
  const blocks: Block[] = [
    speechSeconds === undefined ? { id: 'text', type: 'text', markdown: typeof text === 'string' ? text : '' } : { id: 'clip', type: 'video', mediaId: 'clip' },
    ...questions.map((question, k): Block => ({ id: `q${k}`, type: 'question', question })),
  ];
  const estimate = estimateLessonDuration({ blocks }, new Map(speechSeconds === undefined ? [] : [['clip', speechSeconds]]), settings);
  if (speechSeconds !== undefined || typeof text === 'string') return estimate.seconds;
  // The same sum as estimateLessonDuration's, in the same order, with the text block's seconds from the words.
  let seconds = roundSeconds(readingSecondsOfWords(text, settings));
  for (const block of estimate.blocks.slice(1)) seconds += block.seconds;
  return roundSeconds(seconds);
}

/** Words of the text `buildText` writes for these units: theirs, and the headings it prints inside the lesson. */
function wordsOfUnits(units: readonly Unit[]): Words {
  const words: Words = { prose: 0, table: 0 };
  units.forEach((unit, k) => {
    words.prose += unit.words.prose + (k > 0 ? unit.headingWords : 0);
    words.table += unit.words.table;
  });
  return words;
}

/** The first `count` words of a text (runs of non-space characters), without reading the rest. */
function firstWords(text: string, count: number): string[] {
  const words: string[] = [];
  const word = /\S+/g;
  while (words.length < count) {
    const match = word.exec(text);
    if (!match) break;
    words.push(match[0]);
  }
  return words;
}

/** A title when there is no heading: the start of the first sentence, at most eight words. */
function titleFromText(sentences: readonly ReadSentence[]): string {
  // Nine words at most are needed to know whether there are more than eight (a long first sentence is not split whole).
  const words = firstWords(sentences[0]?.raw ?? 'Untitled', 9);
  return words.length <= 8 ? words.join(' ').replace(/[.!?,;:]+$/, '') : `${words.slice(0, 8).join(' ').replace(/[.!?,;:]+$/, '')}…`;
}

function proposalOf(units: readonly Unit[], settings: Settings, isTranscript: boolean): ProposedLesson {
  const first = units[0]!;
  const last = units[units.length - 1]!;
  const text = buildText(units);
  const sentences = sentencesOfUnits(units, settings);
  // Without a heading, a leading bold line (an admonition's title) names the span; else its first words do.
  const heading = first.headingPath[first.headingPath.length - 1] ?? /^\*\*([^*\n]+)\*\*/.exec(first.markdown)?.[1]?.trim();
  const title = heading ?? titleFromText(sentences);
  const { questions, keyTerm } = draftReadSpanQuestions(settings.reader, sentences, title);
  const keyTopic = (_: readonly ReadSentence[], fallback: string) => keyTerm ?? fallback;
  if (isTranscript) {
    const startSeconds = round3(first.startSeconds!);
    const endSeconds = round3(last.endSeconds!);
    return {
      title,
      // Chapters named after whoever speaks (interviews) ask what that person says about the span's key term.
      coreQuestion: heading !== undefined && units.some((u) => u.speaker === heading) ? `What does ${heading} say about ${keyTopic(sentences, 'this')}?` : draftCoreQuestion(heading ?? keyTopic(sentences, title)),
      estimatedSeconds: estimateProposal(text, endSeconds - startSeconds, questions, settings.durationSettings),
      text,
      headingPath: first.headingPath,
      startSeconds,
      endSeconds,
      questions,
      sourceRange: { startSeconds, endSeconds },
    };
  }
  return {
    title,
    coreQuestion: draftCoreQuestion(heading ?? keyTopic(sentences, title)),
    estimatedSeconds: estimateProposal(wordsOfUnits(units), undefined, questions, settings.durationSettings),
    text,
    headingPath: first.headingPath,
    questions,
    sourceRange: { startLine: Math.min(...units.map((u) => u.startLine)), endLine: Math.max(...units.map((u) => u.endLine)) },
  };
}

/** Packs units into proposals; a proposal whose question pushes it over the limit is packed again, tighter. */
function proposeLessons(units: readonly Unit[], settings: Settings, isTranscript: boolean, cap = settings.maxSeconds - QUESTION_RESERVE_SECONDS): { lessons: ProposedLesson[]; firstUnits: Unit[] } {
  const cuts = packUnits(units, settings, isTranscript, cap);
  const lessons: ProposedLesson[] = [];
  const firstUnits: Unit[] = [];
  cuts.forEach((start, k) => {
    const end = cuts[k + 1] ?? units.length;
    const span = units.slice(start, end);
    const lesson = proposalOf(span, settings, isTranscript);
    if (lesson.estimatedSeconds > settings.maxSeconds && span.length > 1) {
      const over = lesson.estimatedSeconds - settings.maxSeconds;
      const tighter = proposeLessons(span, settings, isTranscript, Math.min(cap, (isTranscript ? lesson.endSeconds! - lesson.startSeconds! : lesson.estimatedSeconds - questionSeconds(lesson.questions, settings.durationSettings)) - over - 1));
      lessons.push(...tighter.lessons);
      firstUnits.push(...tighter.firstUnits);
      return;
    }
    lessons.push(lesson);
    firstUnits.push(span[0]!);
  });
  return { lessons, firstUnits };
}

/** Numbers the parts of a section split over several lessons: "Passwords", "Passwords (part 2)"… */
function numberParts(lessons: ProposedLesson[], firstUnits: readonly Unit[]): void {
  const parts = new Map<string, number>();
  lessons.forEach((lesson, k) => {
    const unit = firstUnits[k]!;
    if (unit.headingPath.length === 0) return;
    const key = `${unit.module}\u0000${unit.headingPath.join('\u0000')}`;
    if (unit.opensSection) parts.set(key, 1);
    else {
      // A section that began inside the lesson before (merged into it) continues; one split in parts is numbered.
      const part = parts.get(key);
      if (part === undefined) {
        lesson.title = `${lesson.title} (continued)`;
        return;
      }
      parts.set(key, part + 1);
      lesson.title = `${lesson.title} (part ${part + 1})`;
    }
  });
}

function courseOf(title: string, moduleTitles: readonly string[], firstUnits: readonly Unit[]): SuggestedCourse {
  const modules: SuggestedCourse['modules'] = [];
  let current: { module: number; entry: SuggestedCourse['modules'][number] } | undefined;
  firstUnits.forEach((unit, index) => {
    if (!current || current.module !== unit.module) {
      current = { module: unit.module, entry: { title: moduleTitles[unit.module] ?? title, lessonIndexes: [] } };
      modules.push(current.entry);
    }
    current.entry.lessonIndexes.push(index);
  });
  return { title, modules };
}

// ---------------------------------------------------------------------------------------------------------------
// Public entry points

/** A document to chunk. */
export interface DocumentInput {
  text: string;
  format: 'markdown' | 'html' | 'text';
  /** The course title; else the front matter's title, a lone top heading, or the HTML `<title>`. */
  title?: string;
  /** The title when the document names none (e.g. the file's name); "Untitled course" otherwise. */
  fallbackTitle?: string;
}

/**
 * Proposes micro-lessons for a document (Markdown, HTML or plain text). Every sentence of its prose lands in
 * exactly one proposal, in order; front matter and abbreviation definitions are left out with a warning.
 */
export function chunkDocument(input: DocumentInput, options?: ChunkOptions): ChunkResult {
  const settings = settingsOf(options);
  const read = input.format === 'markdown' ? readMarkdown(input.text) : input.format === 'html' ? readHtml(input.text) : readPlainText(input.text);
  const warnings = [...read.warnings];
  const { units, moduleTitles, courseTitle } = documentUnits(read, settings, warnings);
  segmentUnits(units, settings.locale);
  const title = input.title ?? read.title ?? courseTitle ?? input.fallbackTitle ?? 'Untitled course';
  if (units.length === 0) {
    warnings.push('The document has no text to make lessons of.');
    return { lessons: [], course: { title, modules: [] }, warnings };
  }
  const { lessons, firstUnits } = proposeLessons(units, settings, false);
  numberParts(lessons, firstUnits);
  return { lessons, course: courseOf(title, moduleTitles, firstUnits), warnings };
}

/** A transcript to chunk: captions (WebVTT or SRT) and, optionally, a chapters track. */
export interface TranscriptInput {
  captions: string;
  chapters?: string;
  title?: string;
}

/** One speaker's turn: the text of its cues joined by spaces, and where each cue's text lies in it. */
interface Turn {
  speaker?: string;
  text: string;
  cues: { from: number; to: number; start: number; end: number }[];
}

/** Cues grouped into turns: a turn ends where a cue names another speaker; cues without a voice tag carry the last one on. */
function turnsOf(cues: readonly TranscriptCue[]): Turn[] {
  const turns: Turn[] = [];
  let speaker: string | undefined;
  for (const cue of cues) {
    if (!cue.text) continue;
    const changed = cue.speaker !== undefined && cue.speaker !== speaker;
    if (cue.speaker !== undefined) speaker = cue.speaker;
    let turn = turns[turns.length - 1];
    if (!turn || changed) {
      turn = { speaker, text: '', cues: [] };
      turns.push(turn);
    } else turn.text += ' ';
    turn.cues.push({ from: turn.text.length, to: turn.text.length + cue.text.length, start: cue.startSeconds, end: cue.endSeconds });
    turn.text += cue.text;
  }
  return turns;
}

/** The time at a position of a turn's text, interpolated inside the cue that holds it. */
function timeInTurn(turn: Turn, position: number, isEnd: boolean): number {
  const cue = turn.cues.find((o) => (isEnd ? position <= o.to : position < o.to)) ?? turn.cues[turn.cues.length - 1]!;
  const share = Math.min(1, Math.max(0, (position - cue.from) / Math.max(1, cue.to - cue.from)));
  return cue.start + share * (cue.end - cue.start);
}

/** Sentence units of a transcript with times interpolated inside cues, speakers carried over cues without a voice tag. */
function transcriptUnits(cues: readonly TranscriptCue[], chapters: readonly Chapter[], settings: Settings): Unit[] {
  const turns = turnsOf(cues);
  const chapterAt = (seconds: number) => {
    let found = -1;
    chapters.forEach((chapter, k) => {
      if (chapter.startSeconds <= seconds + 1e-6) found = k;
    });
    return found;
  };
  const spansOfTurns = segmentEachText(turns.map((turn) => turn.text), settings.locale);
  const units: Unit[] = [];
  turns.forEach((turn, t) => {
    const { text } = turn;
    spansOfTurns[t]!.forEach((span, k) => {
      const raw = text.slice(span.start, span.end);
      const sentence = raw.trim();
      if (!sentence) return;
      const from = span.start + (raw.length - raw.trimStart().length);
      const to = from + sentence.length;
      const startSeconds = round3(timeInTurn(turn, from, false));
      const endSeconds = round3(timeInTurn(turn, to, true));
      const chapter = chapterAt(startSeconds);
      const previous = units[units.length - 1];
      const module = chapter < 0 ? 0 : chapter + (chapters[0]!.startSeconds > 0 ? 1 : 0);
      const newChapter = previous !== undefined && previous.module !== module;
      units.push(makeUnit({
        markdown: sentence,
        plain: sentence,
        join: k === 0 ? 'paragraph' : 'inline',
        quote: 0,
        quoteGroup: 0,
        headingPath: chapter >= 0 ? [chapters[chapter]!.title] : [],
        headings: [],
        opensSection: previous === undefined || newChapter,
        boundary: previous === undefined || newChapter ? 'module' : k === 0 ? 'speaker' : 'sentence',
        module,
        seconds: endSeconds - startSeconds,
        words: { prose: 0, table: 0 },
        headingSeconds: 0,
        headingWords: 0,
        sentences: [sentence],
        startLine: 0,
        endLine: 0,
        startSeconds,
        endSeconds,
        speaker: turn.speaker,
      }));
    });
  });
  return units;
}

/**
 * Proposes micro-lessons (one clip each) for a transcript: cut at chapters, then speaker turns, then sentence
 * ends; times are interpolated inside a cue where a sentence ends mid-cue. Chapters that start after the last cue
 * are dropped and the last one is clipped to the captions, with a warning.
 * @throws TranscriptFormatError when the captions or chapters are neither valid WebVTT nor valid SRT.
 */
export function chunkTranscript(input: TranscriptInput, options?: ChunkOptions): ChunkResult {
  const settings = settingsOf(options);
  const warnings: string[] = [];
  const { cues } = parseTranscript(input.captions);
  const captionsEnd = cues.reduce((end, cue) => Math.max(end, cue.endSeconds), 0);
  let chapters = input.chapters ? parseChapters(input.chapters) : [];
  const beyond = chapters.filter((c) => c.startSeconds >= captionsEnd);
  if (beyond.length > 0) warnings.push(`${beyond.length} chapter(s) start after the captions end (${captionsEnd} s) and were dropped: ${beyond.map((c) => c.title).join(', ')}.`);
  chapters = chapters.filter((c) => c.startSeconds < captionsEnd);
  const clipped = chapters.filter((c) => c.endSeconds > captionsEnd);
  if (clipped.length > 0) warnings.push(`The chapters track runs past the end of the captions (${captionsEnd} s); chapter "${clipped.map((c) => c.title).join('", "')}" ends with the captions.`);
  chapters = chapters.map((c) => ({ ...c, endSeconds: Math.min(c.endSeconds, captionsEnd) }));
  const title = input.title ?? 'Untitled course';
  const units = transcriptUnits(cues, chapters, settings);
  if (units.length === 0) {
    warnings.push('The captions have no text to make lessons of.');
    return { lessons: [], course: { title, modules: [] }, warnings };
  }
  const moduleTitles = chapters.length === 0 ? [title] : [...(chapters[0]!.startSeconds > 0 ? [title] : []), ...chapters.map((c) => c.title)];
  const { lessons, firstUnits } = proposeLessons(units, settings, true);
  numberParts(lessons, firstUnits);
  return { lessons, course: courseOf(title, moduleTitles, firstUnits), warnings };
}

/**
 * Proposals for a recording with no transcript, one per clip of a cut plan (`src/core/cut-plan.ts`): nothing to
 * read, so titles are numbered parts and the core question, text and questions are left for the author.
 */
export function chunkRecording(clips: readonly { startSeconds: number; endSeconds: number }[], title: string): ChunkResult {
  const lessons = clips.map((clip, k): ProposedLesson => ({
    title: `${title}: part ${k + 1}`,
    coreQuestion: '',
    estimatedSeconds: Math.round(clip.endSeconds - clip.startSeconds),
    text: '',
    headingPath: [],
    startSeconds: clip.startSeconds,
    endSeconds: clip.endSeconds,
    questions: [],
    sourceRange: { startSeconds: clip.startSeconds, endSeconds: clip.endSeconds },
  }));
  return {
    lessons,
    course: { title, modules: lessons.length > 0 ? [{ title, lessonIndexes: lessons.map((_, k) => k) }] : [] },
    warnings: ['This recording has no transcript: give each clip a title, a core question and a question, and add its captions in the media library.'],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Review helpers

function isTranscriptProposal(p: ProposedLesson): boolean {
  return 'startSeconds' in p.sourceRange;
}

/** A proposal's text read back into sentence units (the text is Markdown the chunker wrote). */
function unitsOfText(text: string, settings: Settings): Unit[] {
  const read = readMarkdown(text);
  const units: Unit[] = [];
  let pendingHeadings: { level: number; text: string }[] = [];
  for (const block of read.blocks) {
    if (block.kind === 'heading') {
      pendingHeadings.push({ level: block.level, text: block.text });
      continue;
    }
    const parts = block.splitBy === 'sentence' ? sentencesOfPieces(block.pieces ?? [{ markdown: block.markdown, plain: block.plain, closes: false }], settings.locale) : [{ markdown: block.markdown, plain: block.plain }];
    parts.forEach((part, k) => {
      units.push(makeUnit({
        markdown: part.markdown,
        plain: part.plain,
        join: k === 0 ? block.join : parts[k - 1]!.hardBreak ? 'line' : 'inline',
        quote: block.quote,
        quoteGroup: block.quoteGroup,
        headingPath: [],
        headings: k === 0 ? pendingHeadings : [],
        headingSeconds: 0,
        headingWords: 0,
        opensSection: false,
        boundary: 'sentence',
        module: 0,
        ...measure(part.markdown, settings.durationSettings),
        startLine: block.startLine,
        endLine: block.endLine,
      }));
    });
    pendingHeadings = [];
  }
  return units;
}

function reviseProposal(base: ProposedLesson, text: string, range: SourceRange, settings: Settings): ProposedLesson {
  const units = unitsOfText(text, settings);
  const sentences = sentencesOfUnits(units, settings);
  const questions = draftReadSpanQuestions(settings.reader, sentences, base.title).questions;
  if ('startSeconds' in range) {
    return { ...base, text, questions, startSeconds: range.startSeconds, endSeconds: range.endSeconds, sourceRange: range, estimatedSeconds: estimateProposal(text, range.endSeconds - range.startSeconds, questions, settings.durationSettings) };
  }
  return { ...base, text, questions, sourceRange: range, estimatedSeconds: estimateProposal(text, undefined, questions, settings.durationSettings) };
}

/**
 * Merges two adjacent proposals (`a` before `b`) into one: the text of both, `a`'s title, core question and heading
 * path, the union of their source ranges, a question drafted anew and the estimate recomputed. The result may be
 * over the time budget: the review page shows the estimate.
 */
export function mergeProposals(a: ProposedLesson, b: ProposedLesson, options?: ChunkOptions): ProposedLesson {
  const settings = settingsOf(options);
  const range: SourceRange =
    'startSeconds' in a.sourceRange && 'startSeconds' in b.sourceRange
      ? { startSeconds: Math.min(a.sourceRange.startSeconds, b.sourceRange.startSeconds), endSeconds: Math.max(a.sourceRange.endSeconds, b.sourceRange.endSeconds) }
      : 'startLine' in a.sourceRange && 'startLine' in b.sourceRange
        ? { startLine: Math.min(a.sourceRange.startLine, b.sourceRange.startLine), endLine: Math.max(a.sourceRange.endLine, b.sourceRange.endLine) }
        : a.sourceRange;
  const title = a.title.replace(/ \((?:part \d+|continued)\)$/, '');
  return reviseProposal({ ...a, title }, `${a.text}\n\n${b.text}`, range, settings);
}

/**
 * The pieces of a proposal's text that a split can fall between (sentences of long paragraphs, paragraphs, list
 * items), as Markdown: `splitProposal(p, k)` splits before piece k.
 */
export function proposalPieces(p: Pick<ProposedLesson, 'text'>, options?: ChunkOptions): string[] {
  return unitsOfText(p.text, settingsOf(options)).map((unit) => withoutTrailingHardBreak(unit.markdown));
}

/**
 * Splits a proposal before its sentence `atSentenceIndex` (0-based, counted over its whole text), into two whose
 * texts together are the original. Times (transcripts) and source lines (documents) are divided in proportion
 * to the words on each side, since the text no longer carries them sentence by sentence.
 * @throws RangeError when the index does not leave at least one sentence on each side.
 */
export function splitProposal(p: ProposedLesson, atSentenceIndex: number, options?: ChunkOptions): [ProposedLesson, ProposedLesson] {
  const settings = settingsOf(options);
  const units = unitsOfText(p.text, settings);
  if (!Number.isInteger(atSentenceIndex) || atSentenceIndex < 1 || atSentenceIndex >= units.length) {
    throw new RangeError(`A proposal of ${units.length} sentences splits before sentence 1 to ${units.length - 1}, not ${atSentenceIndex}.`);
  }
  const before = units.slice(0, atSentenceIndex);
  const after = units.slice(atSentenceIndex);
  // A transcript text names the speaker at the start of each turn; the second part restates it.
  const speakerOf = (unit: Unit | undefined) => (unit ? /^\*\*([^*]+):\*\*/.exec(unit.markdown)?.[1] : undefined);
  let speaker: string | undefined;
  for (const unit of before) speaker = speakerOf(unit) ?? speaker;
  const afterText = buildText(after.map((u, k) => (k === 0 ? { ...u, join: 'paragraph' as const } : u)));
  const secondText = isTranscriptProposal(p) && speaker && !speakerOf(after[0]) ? `**${speaker}:** ${afterText}` : afterText;
  const wordsOf = (list: readonly Unit[]) => list.reduce((sum, u) => sum + Math.max(1, u.plain.split(/\s+/).length), 0);
  const share = wordsOf(before) / (wordsOf(before) + wordsOf(after));
  let first: SourceRange;
  let second: SourceRange;
  if ('startSeconds' in p.sourceRange) {
    const { startSeconds, endSeconds } = p.sourceRange;
    const at = round3(startSeconds + share * (endSeconds - startSeconds));
    first = { startSeconds, endSeconds: at };
    second = { startSeconds: at, endSeconds };
  } else {
    const { startLine, endLine } = p.sourceRange;
    const at = Math.min(endLine, Math.max(startLine, Math.round(startLine + share * (endLine - startLine))));
    first = { startLine, endLine: at };
    second = { startLine: at, endLine };
  }
  const title = p.title.replace(/ \((?:part \d+|continued)\)$/, '');
  return [reviseProposal({ ...p, title }, buildText(before), first, settings), reviseProposal({ ...p, title: `${title} (part 2)` }, secondText, second, settings)];
}

