/**
 * The "Badges" section of `/admin/gamification`: the organisation's badges with their rule in words (a certification
 * by its title), each turned on or off, and a form for a new badge (its rule kind with that kind's numbers, or the
 * certification picked from the organisation's). The API validates; its messages show beside the fields, a taken
 * slug too.
 */
import { useState } from 'react';
import { ErrorAlert } from '../../lib/feedback.tsx';
import { hintWith, SelectField, TextField } from '../../lib/fields.tsx';
import { TextAreaField } from '../../lib/form-controls.tsx';
import type { BadgeRule } from '../../lib/gamification-types.ts';
import { useAllBadges } from '../../learner/gamification/gamification.hooks.ts';
import { describeBadgeRule } from '../../learner/gamification/points-format.ts';
import { AddPanel, ItemActionButton, ItemCard, ItemsPanel } from './AdminListParts.tsx';
import { certificationOptions } from './badge-certifications.ts';
import { useCertificationChoices } from './badge-certifications.hooks.ts';
import { useBadgeForm, useSetBadgeActive } from './gamification-admin.hooks.ts';
import { BADGE_RULE_FIELDS, BADGE_RULE_KINDS } from './gamification-forms.ts';
import './badges-admin.css';

/** Labels and hints of a rule's numbers. */
const RULE_NUMBER_LABELS = {
  days: { label: 'Working days', hint: 'In a row for a streak; the period looked at for a recall rate.', min: 1 },
  count: { label: 'Lessons completed', hint: undefined, min: 1 },
  points: { label: 'Points earned in all', hint: 'Points spent on rewards still count.', min: 1 },
  rate: { label: 'Recall rate (%)', hint: 'The share of review answers right, from 0 to 100.', min: 0 },
  minReviews: { label: 'At least this many reviews', hint: 'So a few lucky answers do not earn it.', min: 1 },
} as const;

export function BadgesAdmin() {
  const badges = useAllBadges();
  const setActive = useSetBadgeActive();
  // Read once here for the list's words and the form's pick list.
  const certifications = useCertificationChoices();
  const [saved, setSaved] = useState<string | undefined>();
  return (
    <>
      <ItemsPanel
        headingId="badges-heading"
        title="Badges"
        intro={<p className="hint">Learners earn each badge once, when they meet its rule, with an Open Badges assertion they can download. A badge turned off is no longer awarded; those already earned stay earned.</p>}
        notice={saved}
        error={badges.error ?? setActive.error}
        isLoading={badges.isPending}
        loadingLabel="Loading the badges…"
        empty={{ title: 'No badges yet', hint: 'Add the first below.' }}
        items={badges.data?.map((badge) => (
          <li key={badge.id}>
            <ItemCard
              headingId={`badge-${badge.id}`}
              name={badge.name}
              offLabel={badge.active ? undefined : 'Off'}
              description={badge.description}
              facts={
                <p className="badge-admin-facts">
                  <span className="chip chip-time badge-rule-chip">{describeBadgeRule(badge.rule, badge.certificationTitle)}</span>
                  <span className="chip">{badge.slug}</span>
                </p>
              }
            >
              <div className="form-actions">
                <ItemActionButton
                  itemName={badge.name}
                  disabled={setActive.isPending}
                  onClick={() => setActive.mutate({ badge, active: !badge.active }, { onSuccess: (changed) => setSaved(changed.active ? `${changed.name} is on: learners can earn it.` : `${changed.name} is off: no longer awarded.`) })}
                >
                  {badge.active ? 'Turn off' : 'Turn on'}
                </ItemActionButton>
              </div>
            </ItemCard>
          </li>
        ))}
      />
      <AddPanel headingId="new-badge-heading" title="Add a badge">
        <BadgeForm onDone={setSaved} certifications={certifications} />
      </AddPanel>
    </>
  );
}

/** What the certification pick list says under its label: loading, a failure to load, or what "any" means. */
function certificationHint(certifications: CertificationChoices): string {
  if (certifications.isPending) return 'Loading the organisation’s certifications…';
  if (certifications.isError) return 'The certifications could not be loaded, so only “Any certification” can be chosen. Reload the page to try again.';
  if (!certifications.data.some((certification) => certification.status === 'active')) return 'The organisation has no certifications yet: authors add them under Certifications. Until then the badge is for any certification.';
  return 'The certification that earns the badge, or any certification.';
}

type CertificationChoices = ReturnType<typeof useCertificationChoices>;

function BadgeForm({ onDone, certifications }: { onDone: (message: string) => void; certifications: CertificationChoices }) {
  const form = useBadgeForm((saved) => onDone(`${saved.name} was added.`));
  const { values, set, errors } = form;
  return (
    <form onSubmit={form.submit} className="form admin-rules" noValidate aria-label="New badge">
      <TextField
        label="Slug"
        hint={hintWith('Its id in Open Badges: lower-case letters, digits and hyphens, e.g. streak-20.', errors.slug)}
        value={values.slug}
        onValueChange={(v) => set('slug', v)}
        maxLength={64}
        required
        autoComplete="off"
        spellCheck={false}
        aria-invalid={Boolean(errors.slug)}
      />
      <TextField label="Name" hint={hintWith(undefined, errors.name)} value={values.name} onValueChange={(v) => set('name', v)} maxLength={100} required autoComplete="off" aria-invalid={Boolean(errors.name)} />
      <TextAreaField
        label="Description"
        hint={hintWith('What learners read: what they did to earn it.', errors.description)}
        rows={2}
        maxLength={500}
        value={values.description}
        onValueChange={(v) => set('description', v)}
        required
        aria-invalid={Boolean(errors.description)}
      />
      <SelectField label="Earned by" hint={hintWith(undefined, errors.kind)} options={BADGE_RULE_KINDS} value={values.kind} onValueChange={(v) => set('kind', v as BadgeRule['kind'])} aria-invalid={Boolean(errors.kind)} />
      {BADGE_RULE_FIELDS[values.kind].length > 0 && (
        <div className="form-grid">
          {BADGE_RULE_FIELDS[values.kind].map((field) => {
            const { label, hint, min } = RULE_NUMBER_LABELS[field];
            // The API speaks of rates from 0 to 1; the form asks for a percentage, so its problem is put in those words.
            const problem = field === 'rate' && errors.rate ? 'Give a percentage from 0 to 100.' : errors[field];
            return (
              <TextField
                key={field}
                label={field === 'days' && values.kind === 'recall_rate' ? 'Over the last days' : label}
                hint={hintWith(hint, problem)}
                type="number"
                inputMode={field === 'rate' ? 'decimal' : 'numeric'}
                min={min}
                max={field === 'rate' ? 100 : undefined}
                step={field === 'rate' ? 0.1 : 1}
                value={values[field]}
                onValueChange={(v) => set(field, v)}
                required
                aria-invalid={Boolean(problem)}
              />
            );
          })}
        </div>
      )}
      {values.kind === 'certification_earned' && (
        <SelectField
          label="Certification"
          hint={hintWith(certificationHint(certifications), errors.certificationId)}
          options={certificationOptions(certifications.data ?? [], values.certificationId)}
          value={values.certificationId}
          onValueChange={(v) => set('certificationId', v)}
          aria-invalid={Boolean(errors.certificationId)}
        />
      )}
      <ErrorAlert error={form.summary} title="The badge was not added" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Adding…' : 'Add badge'}
        </button>
      </div>
    </form>
  );
}
