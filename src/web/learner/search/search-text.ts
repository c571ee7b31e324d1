/**
 * What a search result shows, without React: the snippet cut into plain and highlighted pieces at the API's
 * offsets, the lesson's length in a few words, the polite count of results, and where a result opens.
 * Pure, so it is unit tested.
 */

/** A piece of a snippet: plain text, or a word of the question to mark. */
export interface TextSegment {
  text: string;
  isMatch: boolean;
}

/**
 * Cuts `text` at the `[start, end)` ranges to highlight. Ranges may come in any order, overlap, touch, reach past
 * the text or be empty: they are clamped, sorted and merged, so every character appears once, in order.
 */
export function highlightSegments(text: string, ranges: ReadonlyArray<readonly [number, number]>): TextSegment[] {
  const clamp = (offset: number) => Math.min(text.length, Math.max(0, Math.trunc(offset)));
  const sorted = ranges
    .filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end))
    .map(([start, end]) => [clamp(start), clamp(end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const segments: TextSegment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) segments.push({ text: text.slice(at, start), isMatch: false });
    segments.push({ text: text.slice(start, end), isMatch: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), isMatch: false });
  return segments;
}

/** A lesson's length as a search result shows it: "under 1 min", "about 1 min", "about 2 min". */
export function describeSearchDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 45) return 'under 1 min';
  return `about ${Math.max(1, Math.round(seconds / 60))} min`;
}

/** What the live region says once results are in: "3 lessons found for “refund card”." */
export function describeResultCount(count: number, query: string): string {
  if (count === 0) return `No lesson found for “${query}”.`;
  return `${count} ${count === 1 ? 'lesson' : 'lessons'} found for “${query}”.`;
}

/** The learner's search page for a question. */
export function searchPagePath(question: string): string {
  const q = question.trim();
  return q ? `/learn/search?q=${encodeURIComponent(q)}` : '/learn/search';
}

/** Where a learner plays a result: in the course the API chose (one they are enrolled in); undefined without one. */
export function playerPath(result: { courseId: string | null; lessonId: string }): string | undefined {
  if (!result.courseId) return undefined;
  return `/learn/courses/${encodeURIComponent(result.courseId)}/lessons/${encodeURIComponent(result.lessonId)}`;
}

/** An imported lesson's origin: "handbook.md › Benefits › Time off". */
export function describeSource(source: { document: string; headingPath: readonly string[] } | undefined): string | undefined {
  if (!source) return undefined;
  return [source.document, ...source.headingPath].filter((part) => part.trim() !== '').join(' › ');
}
