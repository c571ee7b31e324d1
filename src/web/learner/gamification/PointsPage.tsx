/**
 * `/learn/points`: the learner's balance and what they earned, their streak, their badges (earned, with their Open
 * Badges assertion to download, and still to earn), recent awards in plain words, what earns what under their
 * organisation's rules, and whether they appear on leaderboards by name, anonymously or not.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { RadioGroup } from '../../lib/form-controls.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { MyBadges, MyPoints, Visibility } from '../../lib/gamification-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { useSignedInSession } from '../../lib/session.hooks.ts';
import { useCelebration, useMyBadges, useMyPoints, useSetVisibility } from './gamification.hooks.ts';
import { Celebration, PointsFigures } from './PointsParts.tsx';
import { assertionDownloadUrl, describeAwardedAt, describeBadgeRule, describeDailyCap, describeReason, describeRules, describeWorkingDays, formatPoints, formatSignedPoints, VISIBILITY_OPTIONS } from './points-format.ts';

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

      <BadgesSection />

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

/** The learner's badges: those earned first (each with its Open Badges assertion to download), then those still to earn. */
function BadgesSection() {
  const badges = useMyBadges();
  return (
    <section aria-labelledby="points-badges" className="today-section">
      <h2 id="points-badges">Badges</h2>
      {badges.isPending && <Loading label="Loading your badges…" />}
      <ErrorAlert error={badges.error} title="Your badges could not be loaded" />
      {badges.data && <BadgeLists badges={badges.data} />}
    </section>
  );
}

function BadgeLists({ badges }: { badges: MyBadges }) {
  return (
    <>
      <h3 id="badges-earned">Earned</h3>
      {badges.earned.length === 0 ? (
        <p className="muted">No badge yet: they come with your first course, your streaks and what you remember.</p>
      ) : (
        <ul className="badge-list" aria-labelledby="badges-earned">
          {badges.earned.map((badge) => (
            <li key={badge.id} className="badge-item is-earned">
              <img className="badge-image" src={badge.imageUrl} alt={badge.name} width={64} height={64} />
              <div>
                <p className="badge-name">{badge.name}</p>
                <p>{badge.description}</p>
                <p className="figure-note">{describeAwardedAt(badge.awardedAt)}</p>
                <a href={assertionDownloadUrl(badge.assertionUrl)} download>
                  Download (Open Badges)<span className="visually-hidden">: {badge.name}</span>
                </a>
              </div>
            </li>
          ))}
        </ul>
      )}
      {badges.available.length > 0 && (
        <>
          <h3 id="badges-available">Still to earn</h3>
          <ul className="badge-list" aria-labelledby="badges-available">
            {badges.available.map((badge) => {
              const rule = describeBadgeRule(badge.rule, badge.certificationTitle);
              return (
                <li key={badge.id} className="badge-item">
                  <img className="badge-image" src={badge.imageUrl} alt={badge.name} width={64} height={64} />
                  <div>
                    <p className="badge-name">{badge.name}</p>
                    <p>{badge.description}</p>
                    {!sameWords(rule, badge.description) && <p className="figure-note">How to earn it: {lowerFirst(rule)}.</p>}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}

/** True when the description already says what the rule says (so the rule is not repeated). */
function sameWords(rule: string, description: string): boolean {
  const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9%]+/g, ' ').trim();
  return words(description).includes(words(rule));
}

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

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
