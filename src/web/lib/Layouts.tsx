/** The page frames: the signed-in shell (header, navigation, main) and the plain frame of public pages. */
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useFocusMainOnNavigation } from './layout.hooks.ts';
import { isInArea, navItemsFor } from './roles.ts';
import { useSignedInSession, useSignOut } from './session.hooks.ts';

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

/** The signed-in frame: organisation, areas the person's roles open, their name and "Sign out". */
export function Shell() {
  const { person, organisation } = useSignedInSession();
  const signOut = useSignOut();
  const mainRef = useFocusMainOnNavigation();
  const { pathname } = useLocation();
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <div className="header-top">
            <Link to="/" className="brand">
              <span className="brand-mark" aria-hidden="true">
                M
              </span>
              <span className="brand-name">{organisation.name}</span>
            </Link>
            <div className="account">
              <NavLink to="/profile" className="account-name" title="Your profile">
                <span className="visually-hidden">Your profile: </span>
                {person.displayName}
              </NavLink>
              <button type="button" className="button button-quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
                Sign out
              </button>
            </div>
          </div>
          <nav aria-label="Main" className="main-nav">
            <ul>
              {navItemsFor(person.roles).map((item) => {
                const isActive = isInArea(pathname, item.area);
                return (
                  <li key={item.to}>
                    <Link to={item.to} className={isActive ? 'nav-link is-active' : 'nav-link'} aria-current={isActive ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef} className="page">
        <Outlet />
      </main>
    </>
  );
}

/** The frame of pages shown before signing in: the product name and one centred card. */
export function PublicLayout() {
  const mainRef = useFocusMainOnNavigation();
  return (
    <>
      <SkipLink />
      <header className="site-header site-header-public">
        <div className="header-inner">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              M
            </span>
            <span className="brand-name">Morsel</span>
          </span>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef} className="page page-narrow">
        <Outlet />
      </main>
    </>
  );
}
