/** The navigation of one area (admin, author studio) shown above each of its pages. */
import { Link, useLocation } from 'react-router';

export interface SubNavLink {
  to: string;
  label: string;
  /** Whether the link leads to the area's part that `path` is in (it is then marked as the current page). */
  isActive: (path: string) => boolean;
}

export function SubNav({ label, links }: { label: string; links: readonly SubNavLink[] }) {
  const { pathname } = useLocation();
  return (
    <nav aria-label={label} className="sub-nav">
      <ul>
        {links.map((link) => {
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
  );
}
