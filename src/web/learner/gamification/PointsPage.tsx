/**
 * `/learn/points`: the learner's balance and what they earned, their streak, recent awards in plain words, what
 * earns what under their organisation's rules, and whether they appear on leaderboards by name, anonymously or not.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { RadioGroup } from '../../lib/form-controls.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { MyPoints, Visibility } from '../../lib/gamification-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { useSignedInSession } from '../../lib/session.hooks.ts';
import { useCelebration, useMyPoints, useSetVisibility } from './gamification.hooks.ts';
import { Celebration, PointsFigures } from './PointsParts.tsx';
import { describeDailyCap, describeReason, describeRules, describeWorkingDays, formatPoints, formatSignedPoints, VISIBILITY_OPTIONS } from './points-format.ts';

export function PointsPage() {
  usePageTitle('Your points');
  const { person } = useSignedInSession();
  const points = useMyPoints();
  const celebration = useCelebration(points.data, person.id);
  return (
    <div className="learner-page">
      <p className="eyebrow">Points</p>
      <h1>Your points</h1>
      <Celebration message={celebration} />
      {points.isPending && <Loading label="Loading your points…" />}
      <ErrorAlert error={points.error} />
      {points.data && <PointsDetails points={points.data} />}
    </div>
  );
}

function PointsDetails({ points }: { points: MyPoints }) {
  const rules = describeRules(points.rules);
  const cap = describeDailyCap(points.rules.dailyCap);
  return (
    <>
      <p className="lead">
        {formatPoints(points.earned.allTime)} earned in all, {formatPoints(points.earned.season)} this {points.season.kind === 'weekly' ? 'week' : 'month'}. Spend them in the <Link to="/learn/rewards">rewards shop</Link>.
      </p>
      <PointsFigures points={points} />

      <section aria-labelledby="points-streak" className="today-section">
        <h2 id="points-streak">Your streak</h2>
        <p>
          A streak counts your working days in a row with at least one lesson or review. Days you do not work never break it. Your longest streak: {describeWorkingDays(points.streak.longest)}.
        </p>
      </section>

      <section aria-labelledby="points-recent" className="today-section">
        <h2 id="points-recent">Recent points</h2>
        {points.recent.length === 0 ? (
          <EmptyState title="No points yet">
            <p>Complete a lesson or answer a review question to earn your first points.</p>
          </EmptyState>
        ) : (
          <ul className="history-entries" aria-labelledby="points-recent">
            {points.recent.map((entry) => (
              <li key={`${entry.at}-${entry.reason}-${entry.source.kind}-${entry.source.id}`}>
                <span>
                  {describeReason(entry.reason)}
                  <span className="figure-note">{formatDateTime(entry.at)}</span>
                </span>
                <span className={entry.points < 0 ? 'entry-points is-spent' : 'entry-points is-earned'}>
                  {formatSignedPoints(entry.points)}
                  <span className="visually-hidden"> points</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="points-rules" className="today-section">
        <h2 id="points-rules">What earns points</h2>
        <ul className="rule-list" aria-labelledby="points-rules">
          {rules.map((rule) => (
            <li key={rule.label}>
              <span>{rule.label}</span>
              <span className="entry-points">{formatPoints(rule.points)}</span>
            </li>
          ))}
        </ul>
        <p className="hint">Each lesson, question and milestone earns once. Practice never earns.{cap && ` ${cap}`}</p>
      </section>

      <VisibilityChoice current={points.leaderboardVisibility} />
    </>
  );
}

/** The leaderboard choice, saved as soon as it is changed. */
function VisibilityChoice({ current }: { current: Visibility }) {
  const save = useSetVisibility();
  const [value, setValue] = useState<Visibility>(current);
  useEffect(() => setValue(current), [current]);
  const saved = save.isSuccess && save.variables === value;
  return (
    <section aria-labelledby="points-visibility" className="panel">
      <h2 id="points-visibility">On leaderboards</h2>
      <RadioGroup
        legend="How you appear on leaderboards"
        hint="Anonymous: others see “Anonymous learner” with your points; you still see your own place. Off: you are left out, and your points still count for your team."
        name="leaderboard-visibility"
        options={VISIBILITY_OPTIONS}
        value={value}
        onValueChange={(next) => {
          setValue(next);
          save.mutate(next);
        }}
      />
      <Notice>{saved ? `Saved: ${VISIBILITY_OPTIONS.find((option) => option.value === value)?.label ?? value}.` : undefined}</Notice>
      <ErrorAlert error={save.error} title="Your choice was not saved" />
      <p>
        <Link to="/learn/leaderboard">See the leaderboard</Link>
      </p>
    </section>
  );
}
