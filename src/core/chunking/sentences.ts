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
