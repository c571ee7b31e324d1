import { NavLink, Outlet } from 'react-router';

const ADMIN_LINKS = [
  { to: '/admin/people', label: 'People', end: true },
  { to: '/admin/people/import', label: 'Import people', end: true },
  { to: '/admin/teams', label: 'Teams', end: false },
  { to: '/admin/tokens', label: 'API tokens', end: true },
];

/** The admin area: its own navigation above each page. */
export function AdminLayout() {
  return (
    <>
      <nav aria-label="Admin" className="sub-nav">
        <ul>
          {ADMIN_LINKS.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} end={link.end} className={({ isActive }) => (isActive ? 'sub-nav-link is-active' : 'sub-nav-link')}>
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
