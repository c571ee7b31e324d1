/**
 * Sentences: where a span may be cut when no better boundary is left. Built on `Intl.Segmenter` (Unicode
 * sentence boundaries, UAX #29, shipped with Node's ICU) rather than hand-written regular expressions.
 */

/**
 * Texts longer than this are segmented window by window: for each sentence it returns, V8's segmenter allocates about
 * as much as the whole text it was given (measured on Node 20), so one long text costs the square of its length.
 */
const WINDOW = 1500;

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/** One sentence of a text: its characters `[start, end)`, trailing space included, as the segmenter gave them. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/** Appends the sentences of `text` (at most a window long) to `spans`, shifted by `offset`; returns how many it added. */
function appendSegments(segmenter: Intl.Segmenter, text: string, offset: number, spans: SentenceSpan[]): number {
  // Stepping with `containing` makes fewer objects than the iterator (no result object per segment).
  const segments = segmenter.segment(text);
  let count = 0;
  for (let at = 0; at < text.length; count++) {
    const segment = segments.containing(at)!;
    at = segment.index + segment.segment.length;
    spans.push({ start: offset + segment.index, end: offset + at });
  }
  return count;
}

/**
 * Splits text into sentence spans that together cover every character, in order. Long texts are segmented in
 * windows, each restarting at the last boundary the previous window was sure of, so the cost stays linear.
 */
export function segmentSentences(text: string, locale = 'en'): SentenceSpan[] {
  const segmenter = segmenterFor(locale);
  const spans: SentenceSpan[] = [];
  let offset = 0;
  while (offset < text.length) {
    const windowEnd = Math.min(text.length, offset + WINDOW);
    const added = appendSegments(segmenter, text.slice(offset, windowEnd), offset, spans);
    // The window's last sentence may continue past the window: keep it only when the text ends here, or when it is the only one.
    if (windowEnd < text.length && added > 1) spans.pop();
    offset = spans[spans.length - 1]!.end;
  }
  return spans;
}

/**
 * The sentence spans of each text, exactly as `segmentSentences` gives them text by text, with far fewer calls to
 * the segmenter: each call costs about as much as segmenting a few hundred characters, and a document has hundreds
 * of short paragraphs. Short texts are segmented together, a line break between each: a line break always ends a
 * sentence, and no rule of UAX #29 looks across one (SB4, SB8), so each text gets the boundaries it gets alone.
 */
export function segmentEachText(texts: readonly string[], locale = 'en'): SentenceSpan[][] {
  const segmenter = segmenterFor(locale);
  const result: SentenceSpan[][] = texts.map(() => []);
  /** Indexes of the texts in the batch, and where each starts in the joined text. */
  let members: number[] = [];
  let starts: number[] = [];
  let joined = '';
  const flush = () => {
    if (members.length === 0) return;
    const spans: SentenceSpan[] = [];
    appendSegments(segmenter, joined, 0, spans);
    let member = 0;
    for (const span of spans) {
      while (member < members.length - 1 && span.start >= starts[member + 1]!) member++;
      const start = starts[member]!;
      // A sentence ends with the line break after its text: the break is not part of the text.
      const end = Math.min(span.end, start + texts[members[member]!]!.length);
      if (end > span.start) result[members[member]!]!.push({ start: span.start - start, end: end - start });
    }
    members = [];
    starts = [];
    joined = '';
  };
  texts.forEach((text, index) => {
    if (text.length === 0) return;
    if (text.length > WINDOW) {
      result[index] = segmentSentences(text, locale);
      return;
    }
    if (joined.length + 1 + text.length > WINDOW) flush();
    if (members.length > 0) joined += '\n';
    members.push(index);
    starts.push(joined.length);
    joined += text;
  });
  flush();
  return result;
}

/** The sentences of a text, trimmed, without empty ones. */
export function splitSentences(text: string, locale = 'en'): string[] {
  return segmentSentences(text, locale)
    .map((span) => text.slice(span.start, span.end).trim())
    .filter((sentence) => sentence.length > 0);
}

/** Collapses whitespace, for comparing text that went through different markup. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a UTF-16 code unit is whitespace as the regular expression class `\s` has it. */
function isSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code >= 128 && (code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff));
}

/**
 * Tidies the plain text of a paragraph: a run of spaces becomes one space, a run holding line breaks keeps just its
 * line breaks, and the ends are trimmed (as `.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim()`, in one pass
 * that copies nothing when the text is already tidy).
 */
export function tidySpaces(text: string): string {
  let out = '';
  /** Start of the stretch of `text` not yet copied to `out`. */
  let copied = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    if (!isSpaceCode(text.charCodeAt(index))) {
      index++;
      continue;
    }
    const start = index;
    let breaks = 0;
    while (index < length && isSpaceCode(text.charCodeAt(index))) {
      if (text.charCodeAt(index) === 10) breaks++;
      index++;
    }
    const atEdge = start === 0 || index === length;
    const alreadyTidy = !atEdge && (breaks > 0 ? index - start === breaks : index - start === 1 && text.charCodeAt(start) === 32);
    if (alreadyTidy) continue;
    out += text.slice(copied, start) + (atEdge ? '' : breaks > 0 ? '\n'.repeat(breaks) : ' ');
    copied = index;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
