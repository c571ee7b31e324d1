/**
 * `/author/search`: search every lesson as it is in the studio (working copies, drafts included), to see what a
 * learner's question finds and where it came from. Results open the lesson editor.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { SearchResult, SearchResults } from '../../../server/modules/search/search.schemas.ts';
import { CorrectedQuery, ResultText } from '../../learner/search/HighlightedText.tsx';
import { describeResultCount, describeSearchDuration, describeSource } from '../../learner/search/search-text.ts';
import { useSearchAsYouType } from '../../learner/search/search.hooks.ts';
import { ErrorAlert } from '../../lib/feedback.tsx';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { SearchStudioNav } from './SearchStudioNav.tsx';

const STUDIO_LIMIT = 20;

/** `/author/search`: the studio's search box (drafts included) and results opening the editor. */
export function AuthorSearchPage() {
  usePageTitle('Search lessons');
  const id = useId();
  const [text, setText] = useState('');
  const search = useSearchAsYouType(text, { drafts: true, limit: STUDIO_LIMIT });
  const results = search.results;
  const status = !search.request || search.error ? '' : results ? describeResultCount(results.results.length, results.correctedQuery ?? results.query) : 'Searching…';
  return (
    <>
      <h1>Search</h1>
      <p className="lead">What learners find when they ask a question, and what they ask that nothing answers yet.</p>
      <SearchStudioNav />
      <form role="search" aria-label="Lessons, drafts included" className="search-form studio-search-form" onSubmit={(event) => {
          event.preventDefault();
          search.searchNow();
        }}
      >
        <label htmlFor={`${id}-q`} className="search-label">
          Search lessons
        </label>
        <p className="hint" id={`${id}-hint`}>
          Drafts included: every lesson as it is in the studio. Learners find published lessons of their courses only.
        </p>
        <div className="search-row">
          <input id={`${id}-q`} type="search" value={text} onChange={(event) => setText(event.target.value)} aria-describedby={`${id}-hint`} autoComplete="off" enterKeyHint="search" maxLength={500} />
        </div>
      </form>
      <p role="status" className={status ? 'search-status' : 'search-status is-empty'}>
        {status}
      </p>
      <ErrorAlert error={search.error} title="The search did not work" />
      {search.request && results && <StudioResults results={results} isSettling={search.isSettling} />}
    </>
  );
}

function StudioResults({ results, isSettling }: { results: SearchResults; isSettling: boolean }) {
  if (results.results.length === 0) {
    return (
      <section className="search-nothing" aria-label="Nothing found">
        <h2 className="search-nothing-title">No lesson matches “{results.query}”</h2>
        <p>
          If people call it something else, add their words as <Link to="/author/search/synonyms">synonyms</Link>. Questions learners asked that nothing answered are listed under{' '}
          <Link to="/author/search/gaps">content gaps</Link>.
        </p>
      </section>
    );
  }
  return (
    <>
      <CorrectedQuery correctedQuery={results.correctedQuery} />
      <ol className="card-list search-results" aria-label="Lessons found" aria-busy={isSettling}>
        {results.results.map((result) => (
          <li key={result.lessonId}>
            <StudioResult result={result} />
          </li>
        ))}
      </ol>
    </>
  );
}

function StudioResult({ result }: { result: SearchResult }) {
  const source = describeSource(result.source);
  return (
    <article className="card search-result">
      <h2 className="card-title search-result-title">
        <Link to={`/author/lessons/${encodeURIComponent(result.lessonId)}`}>{result.title}</Link>
      </h2>
      <ResultText result={result} />
      <div className="search-result-foot">
        <span className="chip chip-time">{describeSearchDuration(result.estimatedSeconds)}</span>
        {source && (
<span className="search-result-source">From {source}</span>
        )}
      </div>
    </article>
  );
}
