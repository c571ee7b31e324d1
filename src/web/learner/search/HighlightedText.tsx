/** A snippet with the words of the question wrapped in <mark>, built as React nodes from the API's offsets. */
import { Fragment, useMemo } from 'react';
import { highlightSegments } from './search-text.ts';

/** `text` with each `[start, end)` range in a <mark>; overlapping or out-of-range offsets are tidied first. */
export function HighlightedText({ text, ranges }: { text: string; ranges: ReadonlyArray<readonly [number, number]> }) {
  const segments = useMemo(() => highlightSegments(text, ranges), [text, ranges]);
  return (
    <>
      {segments.map((segment, index) => (segment.isMatch ? <mark key={index}>{segment.text}</mark> : <Fragment key={index}>{segment.text}</Fragment>))}
    </>
  );
}
