/** The three pages of search in the studio: searching lessons as learners would, content gaps, synonyms. */
import { Link, useLocation } from 'react-router';
import '../../learner/search/search.css';
import './author-search.css';

const LINKS = [
  { to: '/author/search', label: 'Search lessons' },
  { to: '/author/search/gaps', label: 'Content gaps' },
  { to: '/author/search/synonyms', label: 'Synonyms' },
] as const;

/** The tabs between the studio's search pages, the current one marked with aria-current. */
export function SearchStudioNav() {
  const { pathname } = useLocation();
  const current = pathname.replace(/\/+$/, '');
  return (
    <nav aria-label="Search pages" className="search-tabs">
      <ul>
        {LINKS.map((link) => {
          const isCurrent = current === link.to;
          return (
            <li key={link.to}>
              <Link to={link.to} className={isCurrent ? 'search-tab is-current' : 'search-tab'} aria-current={isCurrent ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
