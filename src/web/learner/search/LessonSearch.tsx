/**
 * The learner's search: a labelled search box in a search landmark, results as the learner types (title, core
 * question, length, the passage with the question's words marked, a link to play it), "Showing results for …"
 * after a typo was corrected, a friendly note when nothing answers (the question goes to the training team), and
 * "Didn’t answer my question" on each result. Used on Today and on the search page.
 */
import { useEffect, useId, useRef, type ElementType, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { SearchResult, SearchResults } from '../../../server/modules/search/search.schemas.ts';
import { ErrorAlert } from '../../lib/feedback.tsx';
import { hasAnyRole } from '../../lib/roles.ts';
import { useSignedInSession } from '../../lib/session.hooks.ts';
import { CorrectedQuery, ResultText } from './HighlightedText.tsx';
import { describeResultCount, describeSearchDuration, playerPath } from './search-text.ts';
import { useSearchAsYouType, useSearchFeedback } from './search.hooks.ts';
import './search.css';

/** How many results a learner's search asks for. */
const LEARNER_LIMIT = 10;

interface LessonSearchProps {
  text: string;
  onTextChange: (text: string) => void;
  /** Enter or the Search button (Today: open the search page). */
  onSubmit?: () => void;
  /** Called with each question searched (undefined once the box is emptied). */
  onSearched?: (question: string | undefined) => void;
  /** How many results to show (Today: the first few; the search page: all it asked for). */
  shown?: number;
  /** The heading level of each result's title, under the page's own headings. */
  titleLevel: 'h2' | 'h3';
  /** Moves the focus into the box once the page has settled (after arriving from Today's box). */
  shouldFocus?: boolean;
  /** Shown under a full page of results (Today: a link to all of them). */
  more?: (question: string) => ReactNode;
}

/** The search box and its results as the learner types; see the file's comment. */
export function LessonSearch({ text, onTextChange, onSubmit, onSearched, shown = LEARNER_LIMIT, titleLevel, shouldFocus = false, more }: LessonSearchProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // Today asks for as many as the search page, so Enter there opens the page on the answer already in the cache.
  const search = useSearchAsYouType(text, { limit: LEARNER_LIMIT });
  const searched = search.request?.q;

  useEffect(() => {
    onSearched?.(searched);
  }, [searched, onSearched]);

  useEffect(() => {
    if (!shouldFocus) return;
    // After the shell has moved the focus to the new page's main region.
    const frame = requestAnimationFrame(() => {
      const input = inputRef.current;
      input?.focus();
      input?.setSelectionRange(input.value.length, input.value.length);
    });
    return () => cancelAnimationFrame(frame);
  }, [shouldFocus]);

  const results = search.results;
  const status = !search.request || search.error ? '' : results ? describeResultCount(results.results.length, results.correctedQuery ?? results.query) : 'Searching…';
  return (
    <div className="lesson-search">
      <form
        role="search"
        aria-label="Lessons"
        className="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          search.searchNow();
          onSubmit?.();
        }}
      >
        <label htmlFor={`${id}-q`} className="search-label">
          Ask a question
        </label>
        <p className="hint" id={`${id}-hint`}>
          Search the lessons of your courses, e.g. “How do I refund a card payment?”
        </p>
        <div className="search-row">
          <input
            ref={inputRef}
            id={`${id}-q`}
            type="search"
            value={text}
            onChange={(event) => onTextChange(event.target.value)}
            aria-describedby={`${id}-hint`}
            autoComplete="off"
            enterKeyHint="search"
            maxLength={500}
          />
          <button type="submit" className="button button-primary">
            Search
          </button>
        </div>
      </form>
      <p role="status" className={status ? 'search-status' : 'search-status is-empty'}>
        {status}
      </p>
      <ErrorAlert error={search.error} title="The search did not work" />
      {search.request && results && <ResultsView results={results} shown={shown} isSettling={search.isSettling} titleLevel={titleLevel} more={results.results.length > shown ? more?.(search.request.q) : undefined} />}
    </div>
  );
}

function ResultsView({ results, shown, isSettling, titleLevel, more }: { results: SearchResults; shown: number; isSettling: boolean; titleLevel: 'h2' | 'h3'; more: ReactNode }) {
  if (results.results.length === 0) return <NothingFound results={results} titleLevel={titleLevel} />;
  return (
    <>
      <CorrectedQuery correctedQuery={results.correctedQuery} />
      <ol className="card-list search-results" aria-label="Lessons found" aria-busy={isSettling}>
        {results.results.slice(0, shown).map((result) => (
          <li key={`${results.queryId ?? results.query}/${result.lessonId}`}>
            <ResultCard result={result} queryId={results.queryId} Title={titleLevel} />
          </li>
        ))}
      </ol>
      {more}
    </>
  );
}

function NothingFound({ results, titleLevel }: { results: SearchResults; titleLevel: 'h2' | 'h3' }) {
  const Title: ElementType = titleLevel;
  return (
    <section className="search-nothing" aria-label="Nothing found">
      <Title className="search-nothing-title">No lesson answers that yet</Title>
      {results.queryId ? (
        <p>Your question has been passed on to the training team, so they can write a lesson for it.</p>
      ) : (
        <p>Try other words, or a shorter question.</p>
      )}
      <p className="hint">Meanwhile, other words may find a lesson: try what you would call it on the job.</p>
    </section>
  );
}

function ResultCard({ result, queryId, Title }: { result: SearchResult; queryId: string | null; Title: ElementType }) {
  const titleId = useId();
  const { person } = useSignedInSession();
  const path = playerPath(result);
  // Authors search every published lesson, not only their courses': theirs open in the studio.
  const studioPath = !path && hasAnyRole(person.roles, ['author', 'admin']) ? `/author/lessons/${encodeURIComponent(result.lessonId)}` : undefined;
  return (
    <article className="card search-result">
      <Title className="card-title search-result-title" id={titleId}>
        {path ? <Link to={path}>{result.title}</Link> : studioPath ? <Link to={studioPath}>{result.title}</Link> : result.title}
      </Title>
      <ResultText result={result} />
      <div className="search-result-foot">
        <span className="chip chip-time">{describeSearchDuration(result.estimatedSeconds)}</span>
        {!path && <span className="hint">{studioPath ? 'Not in your courses: opens in the studio' : 'Not in your courses'}</span>}
        {queryId && <NotAnswered queryId={queryId} lessonId={result.lessonId} describedBy={titleId} />}
      </div>
    </article>
  );
}

/** "Didn’t answer my question": tells the training team, then thanks the learner in a status message. */
function NotAnswered({ queryId, lessonId, describedBy }: { queryId: string; lessonId: string; describedBy: string }) {
  const feedback = useSearchFeedback();
  const statusRef = useRef<HTMLParagraphElement>(null);
  return (
    <div className="search-feedback">
      {!feedback.isSuccess && (
        <button
          type="button"
          className="button button-quiet button-small"
          aria-describedby={describedBy}
          disabled={feedback.isPending}
          // The button goes away once sent: the thanks takes the focus, so the keyboard does not fall to the page's start.
          onClick={() => feedback.mutate({ queryId, lessonId }, { onSuccess: () => statusRef.current?.focus() })}
        >
          {feedback.isPending ? 'Sending…' : 'Didn’t answer my question'}
        </button>
      )}
      <p role="status" ref={statusRef} tabIndex={-1} className={feedback.isSuccess ? 'search-thanks' : 'search-thanks is-empty'}>
        {feedback.isSuccess ? 'Thanks: the training team will see that this lesson did not answer your question.' : ''}
      </p>
      {feedback.isError && <ErrorAlert error={feedback.error} title="That could not be sent" />}
    </div>
  );
}
