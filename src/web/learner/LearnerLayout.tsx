/** The learner's own pages (Today, points, leaderboard, rewards) with their navigation above each. */
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Loading } from '../lib/feedback.tsx';
import { SubNav, type SubNavLink } from '../lib/SubNav.tsx';
import './gamification/gamification.css';

const LEARNER_LINKS: readonly SubNavLink[] = [
  { to: '/learn', label: 'Today', isActive: (path) => path === '/learn' || path === '/learn/' },
  { to: '/learn/points', label: 'Points', isActive: (path) => path.startsWith('/learn/points') },
  { to: '/learn/leaderboard', label: 'Leaderboard', isActive: (path) => path.startsWith('/learn/leaderboard') },
  { to: '/learn/rewards', label: 'Rewards', isActive: (path) => path.startsWith('/learn/rewards') },
];

export function LearnerLayout() {
  return (
    <>
      <div className="learner-area">
        <SubNav label="Learn" links={LEARNER_LINKS} />
      </div>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </>
  );
}
