/** Route guards: first-run setup, signed-in only, role-restricted pages and the role-based home. */
import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import type { Role } from './api-types.ts';
import { ErrorAlert, Loading } from './feedback.tsx';
import { usePageTitle } from './page.hooks.ts';
import { hasAnyRole, homePathFor, safeNextPath } from './roles.ts';
import { useSession, useSetupStatus } from './session.hooks.ts';

function FullPageMessage({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="page page-narrow">
      {children}
    </main>
  );
}

/** Sends every route to /setup while the organisation is not set up, and /setup elsewhere once it is. */
export function SetupGate() {
  const setup = useSetupStatus();
  const { pathname } = useLocation();
  if (setup.isPending) {
    return (
      <FullPageMessage>
        <Loading label="Starting Morsel…" />
      </FullPageMessage>
    );
  }
  if (setup.isError) {
    return (
      <FullPageMessage>
        <h1>Morsel cannot be reached</h1>
        <ErrorAlert error={setup.error} />
        <button type="button" className="button" onClick={() => void setup.refetch()}>
          Try again
        </button>
      </FullPageMessage>
    );
  }
  if (setup.data.needed && pathname !== '/setup') return <Navigate to="/setup" replace />;
  if (!setup.data.needed && pathname === '/setup') return <Navigate to="/" replace />;
  return <Outlet />;
}

/** Shows the nested routes to signed-in people; sends others to sign in, then back here. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <FullPageMessage>
        <Loading />
      </FullPageMessage>
    );
  }
  if (session.isError) {
    return (
      <FullPageMessage>
        <h1>Something went wrong</h1>
        <ErrorAlert error={session.error} />
        <button type="button" className="button" onClick={() => void session.refetch()}>
          Try again
        </button>
      </FullPageMessage>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/**
 * Sends signed-in people who land on a public page (sign-in, forgot password) on to where they were going
 * (`?next=`) or their home. Signing in therefore only has to store the session.
 */
export function RedirectSignedIn() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  if (session.data) {
    const target = safeNextPath(searchParams.get('next')) ?? homePathFor(session.data.person.roles);
    return <Navigate to={target} replace />;
  }
  return <Outlet />;
}

/** Shows the nested routes only to people holding one of the roles. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const session = useSession();
  if (session.data && !hasAnyRole(session.data.person.roles, roles)) return <NotAllowed />;
  return <Outlet />;
}

function NotAllowed() {
  usePageTitle('Not allowed');
  const session = useSession();
  return (
    <>
      <h1>You do not have access to this page</h1>
      <p>Ask an admin of your organisation if you need it.</p>
      <p>
        <Link to={homePathFor(session.data?.person.roles ?? [])}>Go to your home page</Link>
      </p>
    </>
  );
}

/** `/`: the home of the signed-in person's roles. */
export function HomeRedirect() {
  const session = useSession();
  return <Navigate to={homePathFor(session.data?.person.roles ?? [])} replace />;
}

/** Any unknown path inside the app. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </>
  );
}
