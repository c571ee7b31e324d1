/** The pieces of points shown on Today and the points page: the figures, the streak's status and a celebration. */
import { Link } from 'react-router';
import { ErrorAlert, Loading } from '../../lib/feedback.tsx';
import type { MyPoints } from '../../lib/gamification-types.ts';
import { useSignedInSession } from '../../lib/session.hooks.ts';
import { useCelebration, useMyPoints } from './gamification.hooks.ts';
import { describeFreezes, describeStreakStatus, formatPoints } from './points-format.ts';
import './gamification.css';

/** Today's "Points and streak": the figures, what to do for the streak today, a celebration, a link to the details. */
export function TodayPoints() {
  const { person } = useSignedInSession();
  const points = useMyPoints();
  const celebration = useCelebration(points.data, person.id);
  return (
    <section aria-labelledby="today-progress" className="today-section">
      <div className="section-head-row">
        <h2 id="today-progress">Points and streak</h2>
        <Link to="/learn/points">Your points</Link>
      </div>
      <Celebration message={celebration} />
      {points.isPending && <Loading label="Loading your points…" />}
      <ErrorAlert error={points.error} />
      {points.data && <PointsFigures points={points.data} />}
    </section>
  );
}

/** A polite announcement of a milestone, with a short animation (none when less motion is asked for). */
export function Celebration({ message }: { message: string | null }) {
  return (
    <div role="status" className={message ? 'celebration' : 'message-empty'}>
      {message && (
        <p>
          <span className="celebration-mark" aria-hidden="true">
            ★
          </span>
          {message}
        </p>
      )}
    </div>
  );
}

/** The balance with this season's points, the streak in working days with its flame, and today's status. */
export function PointsFigures({ points }: { points: MyPoints }) {
  const { streak } = points;
  const status = describeStreakStatus(streak);
  const freezes = describeFreezes(streak.freezesHeld);
  const unit = points.season.kind === 'weekly' ? 'week' : 'month';
  return (
    <>
      <dl className="points-figures">
        <div>
          <dt>Points</dt>
          <dd>
            <span className="figure-main">
              {points.balance.toLocaleString('en-GB')} <span className="figure-unit">{points.balance === 1 ? 'point' : 'points'}</span>
            </span>
            <span className="figure-note">
              {formatPoints(points.earned.season)} this {unit}
            </span>
          </dd>
        </div>
        <div>
          <dt>Streak</dt>
          <dd>
            <span className="figure-main">
              <Flame isLit={streak.current > 0} />
              {streak.current} <span className="figure-unit">working {streak.current === 1 ? 'day' : 'days'}</span>
            </span>
            <span className="figure-note">Longest: {streak.longest}</span>
          </dd>
        </div>
      </dl>
      <p className={`streak-status is-${status.tone}`}>{status.text}</p>
      {freezes && <p className="hint">{freezes}</p>}
    </>
  );
}

/** A small flame beside the streak: lit while there is one, grey at 0. Drawn, so it needs no emoji font. */
function Flame({ isLit }: { isLit: boolean }) {
  return (
    <svg className={isLit ? 'streak-flame is-lit' : 'streak-flame'} viewBox="0 0 16 20" width="16" height="20" aria-hidden="true" focusable="false">
      <path d="M8 0c1 3.2 6 5.6 6 11.2A6 6 0 0 1 2 11.2C2 8.4 3.6 6.6 4.6 5.4c.2 2 1 3.2 2 3.6C6.2 6 7 2.6 8 0Z" fill="currentColor" />
      {isLit && <path d="M8 10c.6 1.6 3 2.8 3 5.2a3 3 0 0 1-6 0c0-1.6 1-2.6 1.6-3.2.2 1 .6 1.4 1 1.6C7.4 12.4 7.6 11 8 10Z" fill="#ffd166" />}
    </svg>
  );
}
