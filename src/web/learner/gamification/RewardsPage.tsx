/**
 * `/learn/rewards`: the rewards shop. The learner's balance, the rewards on offer with their cost and stock,
 * "Redeem" with a confirmation, and their own requests with their status (an admin approves or declines each;
 * a declined request gives its points back).
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { Redemption, Reward } from '../../lib/gamification-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { newClientId } from '../answer.ts';
import { useRedeem, useRedemptions, useRewards } from './gamification.hooks.ts';
import { describeRedeemError, formatPoints, REDEMPTION_STATUS_LABELS } from './points-format.ts';
import { RewardFacts } from './RewardFacts.tsx';

export function RewardsPage() {
  usePageTitle('Rewards');
  const catalogue = useRewards();
  return (
    <div className="learner-page">
      <p className="eyebrow">Rewards</p>
      <h1>Rewards</h1>
      {catalogue.isPending && <Loading label="Loading the rewards…" />}
      <ErrorAlert error={catalogue.error} />
      {catalogue.data && (
        <>
          <p className="lead balance-line">
            Your balance: <strong>{formatPoints(catalogue.data.balance)}</strong>
          </p>
          <Catalogue rewards={catalogue.data.rewards} balance={catalogue.data.balance} />
        </>
      )}
      <MyRequests />
    </div>
  );
}

function Catalogue({ rewards, balance }: { rewards: Reward[]; balance: number }) {
  const redeem = useRedeem();
  const [confirming, setConfirming] = useState<{ reward: Reward; clientId: string } | null>(null);
  const [done, setDone] = useState<Redemption | null>(null);
  if (rewards.length === 0) {
    return (
      <EmptyState title="No rewards on offer yet">
        <p>Your points keep counting: when your organisation offers rewards, you can spend them here.</p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="rewards-offered">
      <h2 id="rewards-offered">On offer</h2>
      <Notice>{done ? `Requested: ${done.reward.name} for ${formatPoints(done.cost)}. An admin will approve it soon.` : undefined}</Notice>
      <ul className="reward-grid">
        {rewards.map((reward) => {
          const isOut = reward.stock === 0;
          const shortBy = reward.cost - balance;
          const isConfirming = confirming?.reward.id === reward.id;
          return (
            <li key={reward.id}>
              <article className="card reward-card" aria-labelledby={`reward-${reward.id}`}>
                <h3 className="card-title" id={`reward-${reward.id}`}>
                  {reward.name}
                </h3>
                {reward.description && <p>{reward.description}</p>}
                <RewardFacts reward={reward} />
                {isConfirming ? (
                  <ConfirmRedeem
                    reward={reward}
                    balance={balance}
                    isBusy={redeem.isPending}
                    error={describeRedeemError(redeem.error)}
                    onConfirm={() =>
                      redeem.mutate(
                        { rewardId: reward.id, clientId: confirming.clientId },
                        {
                          onSuccess: (redemption) => {
                            setDone(redemption);
                            setConfirming(null);
                          },
                        },
                      )
                    }
                    onCancel={() => {
                      redeem.reset();
                      setConfirming(null);
                    }}
                  />
                ) : (
                  <>
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={isOut || shortBy > 0}
                      aria-describedby={isOut || shortBy > 0 ? `reward-why-${reward.id}` : undefined}
                      onClick={() => {
                        redeem.reset();
                        setDone(null);
                        // One client id per confirmation: a retry of the same request redeems once.
                        setConfirming({ reward, clientId: newClientId() });
                      }}
                    >
                      Redeem<span className="visually-hidden"> {reward.name}</span>
                    </button>
                    {(isOut || shortBy > 0) && (
                      <p className="hint" id={`reward-why-${reward.id}`}>
                        {isOut ? 'Out of stock for now.' : `You need ${formatPoints(shortBy)} more.`}
                      </p>
                    )}
                  </>
                )}
              </article>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "Redeem X for N points?", with the balance after; the question takes the focus so it is read at once. */
function ConfirmRedeem({ reward, balance, isBusy, error, onConfirm, onCancel }: { reward: Reward; balance: number; isBusy: boolean; error: unknown; onConfirm: () => void; onCancel: () => void }) {
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  return (
    <div className="reward-confirm" role="group" aria-label={`Confirm: redeem ${reward.name}`}>
      <p ref={questionRef} tabIndex={-1}>
        Redeem <strong>{reward.name}</strong> for {formatPoints(reward.cost)}? Your balance will be {formatPoints(balance - reward.cost)}. An admin approves each request; a declined one gives the points back.
      </p>
      <ErrorAlert error={error} title="Not redeemed" />
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onConfirm} disabled={isBusy}>
          {isBusy ? 'Redeeming…' : `Yes, redeem for ${formatPoints(reward.cost)}`}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={isBusy}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The learner's own requests, newest first, with their status and the admin's note. */
function MyRequests() {
  const redemptions = useRedemptions();
  return (
    <section aria-labelledby="rewards-mine" className="today-section">
      <h2 id="rewards-mine">Your requests</h2>
      {redemptions.isPending && <Loading label="Loading your requests…" />}
      <ErrorAlert error={redemptions.error} />
      {redemptions.data &&
        (redemptions.data.items.length === 0 ? (
          <p className="muted">
            You have not redeemed a reward yet. Earn points on <Link to="/learn">Today</Link>.
          </p>
        ) : (
          <table className="table table-stack">
            <caption className="visually-hidden">Your reward requests</caption>
            <thead>
              <tr>
                <th scope="col">Reward</th>
                <th scope="col">Points</th>
                <th scope="col">Status</th>
                <th scope="col">Requested</th>
              </tr>
            </thead>
            <tbody>
              {redemptions.data.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row" data-label="Reward">
                    {item.reward.name}
                  </th>
                  <td data-label="Points">{formatPoints(item.cost)}</td>
                  <td data-label="Status">
                    <span className={item.status === 'approved' ? 'chip chip-published' : item.status === 'declined' ? 'chip chip-error' : 'chip chip-in-review'}>{REDEMPTION_STATUS_LABELS[item.status]}</span>
                    {item.note && <span className="figure-note">“{item.note}”</span>}
                  </td>
                  <td data-label="Requested">{formatDateTime(item.requestedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
