/**
 * `/admin/rewards`: the requests to decide (approve, or decline and refund, each with a note for the learner), the
 * rewards catalogue (add, edit, stock, stop offering) and a form for a new reward.
 */
import { useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { hintWith, TextField } from '../../lib/fields.tsx';
import { CheckboxField, TextAreaField } from '../../lib/form-controls.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { Redemption, Reward } from '../../lib/gamification-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { useRedemptions, useRewards } from '../../learner/gamification/gamification.hooks.ts';
import { formatPoints } from '../../learner/gamification/points-format.ts';
import { RewardFacts } from '../../learner/gamification/RewardFacts.tsx';
import { AddPanel, ItemActionButton, ItemCard, ItemsPanel } from './AdminListParts.tsx';
import { useDecideRedemption, useRewardForm, useSetRewardActive } from './gamification-admin.hooks.ts';
import '../../learner/gamification/gamification.css';

const STATUS_LABELS: Record<Redemption['status'], string> = { requested: 'To decide', approved: 'Approved', declined: 'Declined and refunded' };

export function RewardsAdminPage() {
  usePageTitle('Rewards');
  return (
    <>
      <h1>Rewards</h1>
      <p className="lead">Learners spend their points on rewards. Each request takes the points at once and waits for an admin: approving confirms it, declining gives the points and the unit of stock back.</p>
      <Requests />
      <Catalogue />
    </>
  );
}

function Requests() {
  const redemptions = useRedemptions(true);
  const decide = useDecideRedemption();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [lastDecision, setLastDecision] = useState<string | undefined>();
  const items = redemptions.data?.items ?? [];
  const open = items.filter((item) => item.status === 'requested');
  const decided = items.filter((item) => item.status !== 'requested');
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">Requests to decide</h2>
      <Notice>{lastDecision}</Notice>
      <ErrorAlert error={redemptions.error ?? decide.error} />
      {redemptions.isPending ? (
        <Loading label="Loading the requests…" />
      ) : open.length === 0 ? (
        <p className="muted">No request is waiting.</p>
      ) : (
        <ul className="card-list">
          {open.map((item) => (
            <li key={item.id}>
              <article className="card card-compact decide-form" aria-labelledby={`request-${item.id}`}>
                <h3 className="card-title" id={`request-${item.id}`}>
                  {item.person.name}: {item.reward.name}
                </h3>
                <p className="hint">
                  {formatPoints(item.cost)} · requested {formatDateTime(item.requestedAt)}
                </p>
                <TextAreaField
                  label={`Note for ${item.person.name} (optional)`}
                  rows={2}
                  maxLength={1000}
                  value={notes[item.id] ?? ''}
                  onValueChange={(note) => setNotes((current) => ({ ...current, [item.id]: note }))}
                />
                <div className="form-actions">
                  <ItemActionButton
                    className="button button-primary"
                    itemName={`${item.reward.name} for ${item.person.name}`}
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ redemption: item, decision: 'approve', note: notes[item.id] ?? '' }, { onSuccess: () => setLastDecision(`Approved: ${item.reward.name} for ${item.person.name}.`) })}
                  >
                    Approve
                  </ItemActionButton>
                  <ItemActionButton
                    className="button button-danger"
                    itemName={`${item.reward.name} for ${item.person.name}`}
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ redemption: item, decision: 'decline', note: notes[item.id] ?? '' }, { onSuccess: () => setLastDecision(`Declined: ${item.reward.name} for ${item.person.name}; the points were refunded.`) })}
                  >
                    Decline
                  </ItemActionButton>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
      {decided.length > 0 && (
        <details className="inline-details">
          <summary>Decided requests ({decided.length})</summary>
          <table className="table table-stack">
            <caption className="visually-hidden">Decided requests</caption>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                <th scope="col">Reward</th>
                <th scope="col">Points</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {decided.map((item) => (
                <tr key={item.id}>
                  <th scope="row" data-label="Learner">
                    {item.person.name}
                  </th>
                  <td data-label="Reward">{item.reward.name}</td>
                  <td data-label="Points">{formatPoints(item.cost)}</td>
                  <td data-label="Decision">
                    {STATUS_LABELS[item.status]} {formatDateTime(item.decidedAt)}
                    {item.note && <span className="figure-note">“{item.note}”</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

function Catalogue() {
  const rewards = useRewards(true);
  const setActive = useSetRewardActive();
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  return (
    <>
      <ItemsPanel
        headingId="catalogue-heading"
        title="Catalogue"
        notice={saved}
        error={rewards.error ?? setActive.error}
        isLoading={rewards.isPending}
        loadingLabel="Loading the rewards…"
        empty={{ title: 'No rewards yet', hint: 'Add the first below: a voucher, an afternoon off, a book. Learners see it at once.' }}
        items={rewards.data?.rewards.map((reward) => (
          <li key={reward.id}>
            <ItemCard headingId={`reward-${reward.id}`} name={reward.name} offLabel={reward.active ? undefined : 'Not offered'} description={reward.description} facts={<RewardFacts reward={reward} />}>
              {editing === reward.id ? (
                <RewardForm
                  reward={reward}
                  onDone={(message) => {
                    setEditing(null);
                    setSaved(message);
                  }}
                />
              ) : (
                <div className="form-actions">
                  <ItemActionButton itemName={reward.name} onClick={() => setEditing(reward.id)}>
                    Edit
                  </ItemActionButton>
                  <ItemActionButton
                    itemName={reward.name}
                    disabled={setActive.isPending}
                    onClick={() => setActive.mutate({ reward, active: !reward.active }, { onSuccess: (changed) => setSaved(changed.active ? `${changed.name} is offered again.` : `${changed.name} is no longer offered.`) })}
                  >
                    {reward.active ? 'Stop offering' : 'Offer again'}
                  </ItemActionButton>
                </div>
              )}
            </ItemCard>
          </li>
        ))}
      />
      <AddPanel headingId="new-reward-heading" title="Add a reward">
        <RewardForm onDone={setSaved} />
      </AddPanel>
    </>
  );
}

/** A new reward's form, or an existing one's (with Cancel). */
function RewardForm({ reward, onDone }: { reward?: Reward; onDone: (message: string | undefined) => void }) {
  const form = useRewardForm(reward, (saved) => onDone(reward ? `${saved.name} was saved.` : `${saved.name} was added.`));
  const { values, set, errors } = form;
  return (
    <form onSubmit={form.submit} className="form" noValidate aria-label={reward ? `Edit ${reward.name}` : 'New reward'}>
      <TextField label="Name" hint={hintWith(undefined, errors.name)} value={values.name} onValueChange={(v) => set('name', v)} maxLength={120} required autoComplete="off" aria-invalid={Boolean(errors.name)} />
      <TextAreaField label="Description (optional)" hint={hintWith(undefined, errors.description)} rows={2} maxLength={2000} value={values.description} onValueChange={(v) => set('description', v)} />
      <div className="form-grid">
        <TextField label="Cost in points" hint={hintWith(undefined, errors.cost)} type="number" inputMode="numeric" min={1} step={1} value={values.cost} onValueChange={(v) => set('cost', v)} required aria-invalid={Boolean(errors.cost)} />
        <TextField label="Stock" hint={hintWith('How many can be redeemed; leave empty for unlimited.', errors.stock)} type="number" inputMode="numeric" min={0} step={1} value={values.stock} onValueChange={(v) => set('stock', v)} aria-invalid={Boolean(errors.stock)} />
      </div>
      <CheckboxField label="Offered to learners" checked={values.active} onCheckedChange={(v) => set('active', v)} />
      <ErrorAlert error={form.summary} title={reward ? 'The reward was not saved' : 'The reward was not added'} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : reward ? 'Save reward' : 'Add reward'}
        </button>
        {reward && (
          <button type="button" className="button" onClick={() => onDone(undefined)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
