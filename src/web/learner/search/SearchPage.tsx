/**
 * `/learn/search?q=…`: the learner's search on a page of its own. The question follows the address (replaced, not
 * added to the history), so the page can be reloaded, shared and come back to from the player.
 */
import { useCallback, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { LessonSearch } from './LessonSearch.tsx';

/** What Today's search box sends along when it opens this page. */
export interface SearchPageState {
  focusSearch?: boolean;
}

/** `/learn/search?q=…`: the search box and up to ten results. */
export function SearchPage() {
  usePageTitle('Search');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const [text, setText] = useState(() => params.get('q') ?? '');
  // Read once: the address is replaced as the learner types, which drops the state.
  const [shouldFocus] = useState(() => (location.state as SearchPageState | null)?.focusSearch === true);
  const shown = params.get('q') ?? undefined;
  const onSearched = useCallback(
    (question: string | undefined) => {
      if (question === shown) return;
      setParams(question ? { q: question } : {}, { replace: true });
    },
    [shown, setParams],
  );
  return (
    <div className="learner-page">
      <p className="eyebrow">
        <Link to="/learn">Today</Link>
      </p>
      <h1>Find a lesson</h1>
      <LessonSearch text={text} onTextChange={setText} onSearched={onSearched} titleLevel="h2" shouldFocus={shouldFocus} />
    </div>
  );
}
