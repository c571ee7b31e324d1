import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Loading } from '../lib/feedback.tsx';
import { SubNav, type SubNavLink } from '../lib/SubNav.tsx';

const AUTHOR_LINKS: readonly SubNavLink[] = [
  { to: '/author', label: 'Studio', isActive: (path) => path === '/author' || path.startsWith('/author/lessons') },
  { to: '/author/objectives', label: 'Objectives', isActive: (path) => path.startsWith('/author/objectives') },
  { to: '/author/courses', label: 'Courses', isActive: (path) => path.startsWith('/author/courses') },
  { to: '/author/certifications', label: 'Certifications', isActive: (path) => path.startsWith('/author/certifications') },
  { to: '/author/media', label: 'Media library', isActive: (path) => path.startsWith('/author/media') },
  { to: '/author/imports', label: 'Import', isActive: (path) => path.startsWith('/author/imports') },
  { to: '/author/search', label: 'Search', isActive: (path) => path.startsWith('/author/search') },
  { to: '/author/improve', label: 'Improve', isActive: (path) => path.startsWith('/author/improve') },
];

/** The author studio: its own navigation above each page, which loads on first use (the studio's code is not in the learners' bundle). */
export function AuthorLayout() {
  return (
    <>
      <SubNav label="Author" links={AUTHOR_LINKS} />
      <Suspense fallback={<Loading label="Opening the studio…" />}>
        <Outlet />
      </Suspense>
    </>
  );
}
