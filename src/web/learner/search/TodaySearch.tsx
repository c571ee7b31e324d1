/** Today's search box: the first results under it as the learner types; Enter opens the search page with the question. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { LessonSearch } from './LessonSearch.tsx';
import type { SearchPageState } from './SearchPage.tsx';
import { searchPagePath } from './search-text.ts';

/** How many results Today shows under its box; the search page shows more. */
const TODAY_SHOWN = 5;

/** The search section of Today. */
export function TodaySearch() {
  const [text, setText] = useState('');
  const navigate = useNavigate();
  return (
    <section aria-labelledby="today-search" className="today-search">
      <h2 id="today-search" className="visually-hidden">
        Find a lesson
      </h2>
      <LessonSearch
        text={text}
        onTextChange={setText}
        onSubmit={() => {
          if (text.trim()) void navigate(searchPagePath(text), { state: { focusSearch: true } satisfies SearchPageState });
        }}
        shown={TODAY_SHOWN}
        titleLevel="h3"
        more={(question) => (
          <p className="search-more">
            <Link to={searchPagePath(question)}>All lessons for “{question}”</Link>
          </p>
        )}
      />
    </section>
  );
}
