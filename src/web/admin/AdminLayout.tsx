import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Loading } from '../lib/feedback.tsx';
import { SubNav, type SubNavLink } from '../lib/SubNav.tsx';

const ADMIN_LINKS: readonly SubNavLink[] = [
  { to: '/admin/people', label: 'People', isActive: (path) => path.startsWith('/admin/people') && !path.startsWith('/admin/people/import') },
  { to: '/admin/people/import', label: 'Import', isActive: (path) => path.startsWith('/admin/people/import') },
  { to: '/admin/teams', label: 'Teams', isActive: (path) => path.startsWith('/admin/teams') },
  { to: '/admin/tokens', label: 'API tokens', isActive: (path) => path.startsWith('/admin/tokens') },
  { to: '/admin/channels', label: 'Channels', isActive: (path) => path.startsWith('/admin/channels') },
  { to: '/admin/triggers', label: 'Triggers', isActive: (path) => path.startsWith('/admin/triggers') },
  { to: '/admin/outbox', label: 'Outbox', isActive: (path) => path.startsWith('/admin/outbox') },
  { to: '/admin/gamification', label: 'Points', isActive: (path) => path.startsWith('/admin/gamification') },
  { to: '/admin/rewards', label: 'Rewards', isActive: (path) => path.startsWith('/admin/rewards') },
  { to: '/admin/lrs', label: 'Learning records (xAPI)', isActive: (path) => path.startsWith('/admin/lrs') },
  { to: '/admin/audit', label: 'Audit log', isActive: (path) => path.startsWith('/admin/audit') },
];

/** The admin area: its own navigation above each page (some pages load when first opened). */
export function AdminLayout() {
  return (
    <>
      <SubNav label="Admin" links={ADMIN_LINKS} />
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </>
  );
}
