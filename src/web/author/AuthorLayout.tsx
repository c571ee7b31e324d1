import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Loading } from '../lib/feedback.tsx';

const AUTHOR_LINKS: ReadonlyArray<{ to: string; label: string; isActive: (path: string) => boolean }> = [
  { to: '/author', label: 'Studio', isActive: (path) => path === '/author' || path.startsWith('/author/lessons') },
  { to: '/author/objectives', label: 'Objectives', isActive: (path) => path.startsWith('/author/objectives') },
  { to: '/author/courses', label: 'Courses', isActive: (path) => path.startsWith('/author/courses') },
  { to: '/author/media', label: 'Media library', isActive: (path) => path.startsWith('/author/media') },
];

/** The author studio: its own navigation above each page, which loads on first use (the studio's code is not in the learners' bundle). */
export function AuthorLayout() {
  const { pathname } = useLocation();
  return (
    <>
      <nav aria-label="Author" className="sub-nav">
        <ul>
          {AUTHOR_LINKS.map((link) => {
            const isActive = link.isActive(pathname);
            return (
              <li key={link.to}>
                <Link to={link.to} className={isActive ? 'sub-nav-link is-active' : 'sub-nav-link'} aria-current={isActive ? 'page' : undefined}>
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Suspense fallback={<Loading label="Opening the studio…" />}>
        <Outlet />
      </Suspense>
    </>
  );
}
