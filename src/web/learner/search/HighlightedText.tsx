/** A snippet with the words of the question wrapped in <mark>, built as React nodes from the API's offsets. */
import { Fragment, useMemo } from 'react';
import type { SearchResult } from '../../../server/modules/search/search.schemas.ts';
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

/** What a search result says, the same for learners and in the studio: its core question and its marked passage. */
export function ResultText({ result }: { result: Pick<SearchResult, 'coreQuestion' | 'snippet' | 'highlights'> }) {
  return (
    <>
      <p className="search-result-question">{result.coreQuestion}</p>
      {result.snippet && (
        <p className="search-result-snippet">
          <HighlightedText text={result.snippet} ranges={result.highlights} />
        </p>
      )}
    </>
  );
}

/** "Showing results for …" once a typo was corrected; nothing otherwise. */
export function CorrectedQuery({ correctedQuery }: { correctedQuery: string | null }) {
  if (!correctedQuery) return null;
  return (
    <p className="search-corrected">
      Showing results for <strong>{correctedQuery}</strong>
    </p>
  );
}
