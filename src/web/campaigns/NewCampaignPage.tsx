/**
 * `/campaigns/new` and `/campaigns/:id/edit`: a campaign's courses, audience, timing, reminders, hold-out and
 * channel. Saved as a draft; launching happens on the campaign's page.
 */
import { useId } from 'react';
import { Link, useParams } from 'react-router';
import { MAX_ATTRIBUTE_KEY_LENGTH, MAX_ATTRIBUTE_VALUE_LENGTH } from '../../core/person-attributes.ts';
import type { Role } from '../lib/api-types.ts';
import { ErrorAlert, Loading } from '../lib/feedback.tsx';
import { CheckboxGroup, hintWith, SelectField, TextField } from '../lib/fields.tsx';
import { CheckboxField, RadioGroup } from '../lib/form-controls.tsx';
import { plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { CHANNEL_LABELS, CHANNELS } from '../lib/profile-fields.ts';
import { ROLE_LABELS, ROLES } from '../lib/roles.ts';
import { MAX_COURSES, MAX_HOLDOUT_PERCENT, moveItem, type PacingMode } from './campaign-form.ts';
import { type Campaign, useAudienceTeams, useCampaignForm, useCampaignView, usePublishedCourses } from './campaigns.hooks.ts';
import { PeoplePicker } from './PeoplePicker.tsx';
import '../delivery.css';

/** `/campaigns/new`. */
export function NewCampaignPage() {
  usePageTitle('New campaign');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/campaigns">Campaigns</Link>
      </p>
      <h1>New campaign</h1>
      <p className="lead">Choose what to send, to whom and by when. The campaign is saved as a draft; nothing is sent until you launch it.</p>
      <CampaignForm campaign={undefined} />
    </>
  );
}

/** `/campaigns/:id/edit`: only a draft can be changed. */
export function EditCampaignPage() {
  const { id = '' } = useParams();
  const view = useCampaignView(id);
  const campaign = view.data?.campaign;
  usePageTitle(campaign ? `Edit ${campaign.name}` : 'Edit campaign');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/campaigns">Campaigns</Link>
        {campaign && (
          <>
            {' / '}
            <Link to={`/campaigns/${encodeURIComponent(campaign.id)}`}>{campaign.name}</Link>
          </>
        )}
      </p>
      {view.isPending ? (
        <Loading />
      ) : !campaign ? (
        <>
          <h1>Campaign not found</h1>
          <ErrorAlert error={view.error} />
        </>
      ) : campaign.status !== 'draft' ? (
        <>
          <h1>{campaign.name}</h1>
          <p>This campaign has been launched, so it can no longer be changed. You can add people, pause it or cancel it on its page.</p>
          <p>
            <Link to={`/campaigns/${encodeURIComponent(campaign.id)}`} className="button">
              Open the campaign
            </Link>
          </p>
        </>
      ) : (
        <>
          <h1>Edit {campaign.name}</h1>
          <CampaignForm key={campaign.id} campaign={campaign} />
        </>
      )}
    </>
  );
}


/** A problem shown inside a fieldset, under its legend. */
function FieldsetProblem({ id, problem }: { id: string; problem: string | undefined }) {
  return problem ? (
    <p className="field-problem" id={id}>
      {problem}
    </p>
  ) : null;
}

const PACING_OPTIONS: ReadonlyArray<{ value: PacingMode; label: string }> = [
  { value: 'spread', label: 'Spread over the window: evenly over the working days before the deadline (one a day without a deadline)' },
  { value: 'daily', label: 'A set number of lessons each working day' },
  { value: 'all_at_once', label: 'All at once, at each person’s first working moment' },
];

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'your browser’s time zone';
  }
}

function CampaignForm({ campaign }: { campaign: Campaign | undefined }) {
  const form = useCampaignForm(campaign);
  const { values, set, errors } = form;
  const id = useId();
  return (
    <form onSubmit={form.submit} className="form form-wide campaign-form" noValidate>
      <fieldset className="form-section">
        <legend>Campaign</legend>
        <TextField label="Name" hint={hintWith('For you and other authors, e.g. “New greetings, March”. Learners do not see it.', errors.name)} value={values.name} onValueChange={(v) => set('name', v)} maxLength={120} autoComplete="off" aria-invalid={Boolean(errors.name)} />
      </fieldset>

      <CoursesFieldset form={form} />

      <fieldset className="form-section" aria-describedby={`${id}-audience-hint ${errors.audience ? `${id}-audience-problem` : ''}`.trim()}>
        <legend>Audience</legend>
        <p className="hint" id={`${id}-audience-hint`}>
          Everyone chosen here gets the campaign: the people you name, the members of the teams you tick and everyone matching the rule. While the campaign runs, people who join those teams or start matching the rule join it too. How many people that is becomes known at launch.
        </p>
        <FieldsetProblem id={`${id}-audience-problem`} problem={errors.audience} />
        <PeoplePicker label="Find people" chosen={form.chosenPeople} onAdd={form.addPerson} onRemove={form.removePerson} />
        <TeamsChoice legend="Teams" selected={values.teamIds} onSelectedChange={(v) => set('teamIds', v)} />
        <CheckboxField label="Also include everyone matching a rule" hint="For example everyone in Leeds or York who is a learner." checked={values.hasRule} onCheckedChange={(v) => set('hasRule', v)} />
        {values.hasRule && <RuleFields form={form} />}
      </fieldset>

      <fieldset className="form-section">
        <legend>When</legend>
        <p className="hint">Dates and times are in your time zone ({browserTimeZone()}). Each person then gets their lessons inside their own working days and hours, in their own time zone.</p>
        <div className="form-grid">
          <TextField label="Start" type="datetime-local" hint={hintWith('No lesson goes before this.', errors.start)} value={values.start} onValueChange={(v) => set('start', v)} required aria-invalid={Boolean(errors.start)} />
          <TextField label="Deadline (optional)" type="datetime-local" hint={hintWith('Lessons are paced to arrive before it; the campaign shows who cannot finish in time.', errors.deadline)} value={values.deadline} onValueChange={(v) => set('deadline', v)} aria-invalid={Boolean(errors.deadline)} />
        </div>
        <RadioGroup legend="Pacing" options={PACING_OPTIONS} value={values.pacing} onValueChange={(v) => set('pacing', v)} />
        {values.pacing === 'daily' && (
          <TextField label="Lessons a working day" type="number" inputMode="numeric" min={1} max={20} className="field-narrow" hint={hintWith('From 1 to 20.', errors.lessonsPerDay)} value={values.lessonsPerDay} onValueChange={(v) => set('lessonsPerDay', v)} aria-invalid={Boolean(errors.lessonsPerDay)} />
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>Reminders</legend>
        <p className="hint">People who have not finished get a reminder some days after their last lesson, inside their working hours.</p>
        <div className="form-grid">
          <TextField label="Number of reminders" type="number" inputMode="numeric" min={0} max={5} className="field-narrow" hint={hintWith('0 for none, at most 5.', errors.reminderCount)} value={values.reminderCount} onValueChange={(v) => set('reminderCount', v)} aria-invalid={Boolean(errors.reminderCount)} />
          <TextField label="Days between reminders" type="number" inputMode="numeric" min={1} max={14} className="field-narrow" hint={hintWith('After the last lesson, then between reminders (1 to 14).', errors.reminderEveryDays)} value={values.reminderEveryDays} onValueChange={(v) => set('reminderEveryDays', v)} disabled={values.reminderCount.trim() === '0'} aria-invalid={Boolean(errors.reminderEveryDays)} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Measuring the effect</legend>
        <TextField
          label="Hold-out (%)"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_HOLDOUT_PERCENT}
          className="field-narrow"
          hint={hintWith(
            `A random share of the audience, from 0 to ${MAX_HOLDOUT_PERCENT} %, gets nothing from this campaign. Comparing them with the people trained (for example their sales win rate or handle time) shows whether the training made the difference, rather than the season or a new product. Leave at 0 to train everyone.`,
            errors.holdoutPercent,
          )}
          value={values.holdoutPercent}
          onValueChange={(v) => set('holdoutPercent', v)}
          aria-invalid={Boolean(errors.holdoutPercent)}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>Channel</legend>
        <SelectField
          label="Send lessons by"
          hint={hintWith('Each person’s preference uses the channels they chose in their profile, falling back to email. Every lesson also waits in their inbox in the web app.', errors.channel)}
          value={values.channel}
          onValueChange={(v) => set('channel', v === '' ? '' : (CHANNELS.find((channel) => channel === v) ?? ''))}
          options={[{ value: '', label: 'Each person’s preference' }, ...CHANNELS.map((channel) => ({ value: channel, label: `${CHANNEL_LABELS[channel]} for everyone` }))]}
        />
      </fieldset>

      <ErrorAlert error={form.summary} title="The campaign was not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : campaign ? 'Save draft' : 'Save as draft'}
        </button>
        <Link to={campaign ? `/campaigns/${encodeURIComponent(campaign.id)}` : '/campaigns'} className="button button-quiet">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** Published courses to tick, and the chosen ones in the order learners get them. */
function CoursesFieldset({ form }: { form: ReturnType<typeof useCampaignForm> }) {
  const id = useId();
  const courses = usePublishedCourses();
  const { values, set, errors } = form;
  const published = courses.data ?? [];
  const titleOf = (courseId: string) => published.find((course) => course.id === courseId)?.title;
  const toggle = (courseId: string, isChosen: boolean) =>
    set('courseIds', isChosen ? [...values.courseIds.filter((c) => c !== courseId), courseId] : values.courseIds.filter((c) => c !== courseId));
  return (
    <fieldset className="form-section" aria-describedby={`${id}-hint ${errors.courseIds ? `${id}-problem` : ''}`.trim()}>
      <legend>Courses</legend>
      <p className="hint" id={`${id}-hint`}>
        Only published courses can be sent. Learners get the lessons of the first course, then the next; up to {MAX_COURSES} courses.
      </p>
      <FieldsetProblem id={`${id}-problem`} problem={errors.courseIds} />
      <ErrorAlert error={courses.error} />
      {courses.isPending ? (
        <Loading label="Loading courses…" />
      ) : published.length === 0 ? (
        <p className="muted">No course is published yet. Publish one in the author studio first.</p>
      ) : (
        <div className="checkbox-options">
          {published.map((course) => (
            <label key={course.id} className="checkbox">
              <input type="checkbox" checked={values.courseIds.includes(course.id)} onChange={(event) => toggle(course.id, event.target.checked)} />
              <span>
                {course.title} <span className="muted">({plural(course.lessonCount, 'lesson', 'lessons')})</span>
              </span>
            </label>
          ))}
        </div>
      )}
      {values.courseIds.length > 1 && (
        <div className="course-order">
          <p className="field-label" id={`${id}-order`}>
            Order learners get them in
          </p>
          <ol aria-labelledby={`${id}-order`}>
            {values.courseIds.map((courseId, index) => {
              const title = titleOf(courseId) ?? 'A course that is no longer published';
              return (
                <li key={courseId}>
                  <span>{title}</span>
                  <span className="row-tools">
                    <button type="button" className="icon-button" onClick={() => set('courseIds', moveItem(values.courseIds, index, -1))} disabled={index === 0} title="Move up">
                      <span aria-hidden="true">↑</span>
                      <span className="visually-hidden">Move {title} up</span>
                    </button>
                    <button type="button" className="icon-button" onClick={() => set('courseIds', moveItem(values.courseIds, index, 1))} disabled={index === values.courseIds.length - 1} title="Move down">
                      <span aria-hidden="true">↓</span>
                      <span className="visually-hidden">Move {title} down</span>
                    </button>
                  </span>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {values.courseIds.some((courseId) => !titleOf(courseId)) && !courses.isPending && (
        <p className="field-problem">
          A chosen course is no longer published.{' '}
          <button type="button" className="button-link" onClick={() => set('courseIds', values.courseIds.filter((courseId) => titleOf(courseId)))}>
            Remove it
          </button>
        </p>
      )}
    </fieldset>
  );
}

/** The teams to tick; authors who are not managers cannot list teams, and are told so. */
function TeamsChoice({ legend, hint, selected, onSelectedChange }: { legend: string; hint?: string; selected: string[]; onSelectedChange: (ids: string[]) => void }) {
  const teams = useAudienceTeams();
  if (teams.isForbidden) {
    return <p className="hint">{legend}: only admins and managers can see the list of teams. Choose people, or a rule on roles and attributes.</p>;
  }
  if (teams.isPending) return <Loading label="Loading teams…" />;
  if (teams.error) return <ErrorAlert error={teams.error} />;
  if (teams.teams.length === 0) return <p className="hint">{legend}: the organisation has no teams yet.</p>;
  return <CheckboxGroup legend={legend} hint={hint} options={teams.teams.map((team) => ({ value: team.id, label: `${team.name} (${plural(team.memberCount, 'person', 'people')})` }))} selected={selected} onSelectedChange={onSelectedChange} />;
}

/** The rule: teams, roles and attributes, all of which a person must meet. */
function RuleFields({ form }: { form: ReturnType<typeof useCampaignForm> }) {
  const id = useId();
  const { values, set, errors } = form;
  const rows = values.ruleAttributes;
  const changeRow = (index: number, change: Partial<(typeof rows)[number]>) => set('ruleAttributes', rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="form-section rule-fields" aria-describedby={`${id}-hint ${errors.rule ? `${id}-problem` : ''}`.trim()}>
      <legend>Rule</legend>
      <p className="hint" id={`${id}-hint`}>
        A person matches when they meet every part you fill in: in one of the ticked teams, holding one of the ticked roles, and, for each attribute, having one of its values (e.g. location = Leeds, York). Values are compared without case.
      </p>
      <FieldsetProblem id={`${id}-problem`} problem={errors.rule} />
      <TeamsChoice legend="In one of these teams" selected={values.ruleTeamIds} onSelectedChange={(v) => set('ruleTeamIds', v)} />
      <CheckboxGroup<Role> legend="Holding one of these roles" options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} selected={values.ruleRoles} onSelectedChange={(v) => set('ruleRoles', v)} />
      <div className="field">
        <p className="field-label">Attributes</p>
        {rows.length > 0 && (
          <ul className="variable-list">
            {rows.map((row, index) => (
              <li key={index} className="variable-row">
                <div className="field">
                  <label htmlFor={`${id}-${index}-key`}>Attribute</label>
                  <input id={`${id}-${index}-key`} value={row.key} onChange={(event) => changeRow(index, { key: event.target.value })} maxLength={MAX_ATTRIBUTE_KEY_LENGTH} placeholder="e.g. location" spellCheck={false} autoComplete="off" />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-${index}-values`}>
                    Is one of<span className="visually-hidden"> (values of {row.key || `attribute ${index + 1}`}, separated by commas)</span>
                  </label>
                  <input id={`${id}-${index}-values`} value={row.values} onChange={(event) => changeRow(index, { values: event.target.value })} maxLength={MAX_ATTRIBUTE_VALUE_LENGTH * 10} placeholder="e.g. Leeds, York" autoComplete="off" />
                </div>
                <button type="button" className="icon-button icon-button-danger" onClick={() => set('ruleAttributes', rows.filter((_, i) => i !== index))} title="Remove attribute">
                  <span aria-hidden="true">✕</span>
                  <span className="visually-hidden">Remove the attribute {row.key || index + 1}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div>
          <button type="button" className="button button-small" onClick={() => set('ruleAttributes', [...rows, { key: '', values: '' }])}>
            Add attribute
          </button>
        </div>
      </div>
    </fieldset>
  );
}
