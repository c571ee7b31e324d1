/**
 * `/admin/gamification`: what earns points (each rule, the streak milestones, a daily cap), how long a season
 * lasts, whether leaderboards are shown at all, and the badges learners earn. The API validates the numbers; its
 * messages show beside them.
 */
import { Link } from 'react-router';
import { ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { hintWith, TextField } from '../../lib/fields.tsx';
import { CheckboxField, RadioGroup } from '../../lib/form-controls.tsx';
import type { GamificationSettings } from '../../lib/gamification-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { BadgesAdmin } from './BadgesAdmin.tsx';
import { RULE_FIELDS, RULE_LABELS } from './gamification-forms.ts';
import { useGamificationSettings, useSettingsForm } from './gamification-admin.hooks.ts';
import '../../learner/gamification/gamification.css';

export function GamificationSettingsPage() {
  usePageTitle('Points and leaderboards');
  const settings = useGamificationSettings();
  return (
    <>
      <h1>Points and leaderboards</h1>
      <p className="lead">
        Learners earn points for completing lessons and, above all, for remembering. Changes apply to what is earned from now on. What learners can spend points on is on the <Link to="/admin/rewards">Rewards</Link> page.
      </p>
      <ErrorAlert error={settings.error} />
      {settings.isPending ? <Loading /> : settings.data && <SettingsForm settings={settings.data} />}
      <BadgesAdmin />
    </>
  );
}

function SettingsForm({ settings }: { settings: GamificationSettings }) {
  const form = useSettingsForm(settings);
  const { values, update, errors } = form;
  return (
    <form onSubmit={form.submit} className="form form-wide admin-rules" noValidate>
      <fieldset className="form-section">
        <legend>Points for learning</legend>
        <div className="form-grid">
          {RULE_FIELDS.map((field) => (
            <TextField
              key={field}
              label={RULE_LABELS[field].label}
              hint={hintWith(RULE_LABELS[field].hint, errors[field])}
              type="number"
              inputMode="numeric"
              min={field === 'recallMinDays' ? 1 : 0}
              step={1}
              value={values.rules[field]}
              onValueChange={(v) => update((current) => ({ ...current, rules: { ...current.rules, [field]: v } }))}
              aria-invalid={Boolean(errors[field])}
            />
          ))}
          <TextField
            label="Daily cap"
            hint={hintWith('The most a learner can earn in one of their days. Leave empty for no cap.', errors.dailyCap)}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={values.dailyCap}
            onValueChange={(v) => update((current) => ({ ...current, dailyCap: v }))}
            aria-invalid={Boolean(errors.dailyCap)}
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Streak milestones</legend>
        <p className="hint">Points for a streak reaching a number of working days in a row, once per milestone per streak.</p>
        {errors.milestones && <p className="field-problem">{errors.milestones}</p>}
        <div className="milestone-rows">
          {values.milestones.map((row, index) => {
            const problem = errors[`milestone-${index}`];
            return (
              <div className="milestone-row" key={index}>
                <TextField
                  label={`Milestone ${index + 1}: working days`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={row.days}
                  onValueChange={(v) => update((current) => ({ ...current, milestones: current.milestones.map((r, i) => (i === index ? { ...r, days: v } : r)) }))}
                  aria-invalid={Boolean(problem)}
                />
                <TextField
                  label={`Milestone ${index + 1}: points`}
                  hint={problem ? hintWith(undefined, problem) : undefined}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  step={1}
                  value={row.points}
                  onValueChange={(v) => update((current) => ({ ...current, milestones: current.milestones.map((r, i) => (i === index ? { ...r, points: v } : r)) }))}
                  aria-invalid={Boolean(problem)}
                />
                <button type="button" className="button button-small" onClick={() => update((current) => ({ ...current, milestones: current.milestones.filter((_, i) => i !== index) }))}>
                  Remove<span className="visually-hidden"> milestone {index + 1}</span>
                </button>
              </div>
            );
          })}
        </div>
        <div>
          <button type="button" className="button button-small" onClick={() => update((current) => ({ ...current, milestones: [...current.milestones, { days: '', points: '' }] }))}>
            Add a milestone
          </button>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Leaderboards</legend>
        <CheckboxField
          label="Show leaderboards"
          hint="Off: no leaderboard anywhere in the organisation. Points, streaks and rewards go on as before. Team managers can also turn off their own team’s board."
          checked={values.leaderboardsEnabled}
          onCheckedChange={(v) => update((current) => ({ ...current, leaderboardsEnabled: v }))}
        />
        <RadioGroup
          legend="Season"
          hint="Leaderboards show this season, the last one and all time. Seasons follow the organisation’s time zone."
          options={[
            { value: 'weekly', label: 'A week (Monday to Sunday)' },
            { value: 'monthly', label: 'A calendar month' },
          ]}
          value={values.seasonKind}
          onValueChange={(v) => update((current) => ({ ...current, seasonKind: v }))}
        />
      </fieldset>

      <Notice>{form.isSaved ? 'The points settings were saved.' : undefined}</Notice>
      <ErrorAlert error={form.summary} title="The settings were not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : 'Save points settings'}
        </button>
      </div>
    </form>
  );
}
