/**
 * Sentences: where a span may be cut when no better boundary is left. Built on `Intl.Segmenter` (Unicode
 * sentence boundaries, UAX #29, shipped with Node's ICU) rather than hand-written regular expressions.
 */

/** Texts longer than this are segmented window by window: ICU's sentence iterator slows down sharply on long strings. */
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
    const pieces = [...segmenter.segment(text.slice(offset, windowEnd))];
    const isLast = windowEnd === text.length;
    // The window's last sentence may continue past the window: keep it only when the text ends here, or when it is the only one.
    const keep = isLast || pieces.length === 1 ? pieces.length : pieces.length - 1;
    for (let k = 0; k < keep; k++) {
      const piece = pieces[k]!;
      spans.push({ start: offset + piece.index, end: offset + piece.index + piece.segment.length });
    }
    const last = pieces[keep - 1]!;
    offset += last.index + last.segment.length;
  }
  return spans;
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
