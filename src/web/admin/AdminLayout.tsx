import { Link, Outlet, useLocation } from 'react-router';

const ADMIN_LINKS: ReadonlyArray<{ to: string; label: string; isActive: (path: string) => boolean }> = [
  { to: '/admin/people', label: 'People', isActive: (path) => path.startsWith('/admin/people') && !path.startsWith('/admin/people/import') },
  { to: '/admin/people/import', label: 'Import', isActive: (path) => path.startsWith('/admin/people/import') },
  { to: '/admin/teams', label: 'Teams', isActive: (path) => path.startsWith('/admin/teams') },
  { to: '/admin/tokens', label: 'API tokens', isActive: (path) => path.startsWith('/admin/tokens') },
];

/** The admin area: its own navigation above each page. */
export function AdminLayout() {
  const { pathname } = useLocation();
  return (
    <>
      <nav aria-label="Admin" className="sub-nav">
        <ul>
          {ADMIN_LINKS.map((link) => {
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
      <Outlet />
    </>
  );
}
