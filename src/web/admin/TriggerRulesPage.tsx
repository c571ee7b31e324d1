import { useId, useState } from 'react';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { CheckboxField, TextAreaField } from '../lib/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { CHANNEL_LABELS, CHANNELS } from '../lib/profile-fields.ts';
import {
  callExamples,
  type ConditionDraft,
  describeCondition,
  describeTiming,
  type EventResult,
  type HumanDuration,
  OPERATOR_OPTIONS,
  SKIP_REASON_LABELS,
  TIME_UNITS,
  type TriggerEvent,
  type TriggerRule,
  useCourseLessons,
  useDeleteRule,
  usePublishedCourses,
  useRuleForm,
  useTestEventForm,
  useToggleRule,
  useTriggerEvents,
  useTriggerRules,
} from './triggers.hooks.ts';

/**
 * `/admin/triggers`: just-in-time rules (a business event → a lesson, when it matters), how an integration sends
 * events, a test event, and the recent events with what they scheduled.
 */
export function TriggerRulesPage() {
  usePageTitle('Triggers');
  const rules = useTriggerRules();
  const toggle = useToggleRule();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<TriggerRule | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const formHeadingId = useId();
  return (
    <>
      <h1>Triggers</h1>
      <p className="lead">
        A trigger sends a lesson when something happens in another system: a deal closes, a ticket is escalated, a compliance decision is coming up. Each rule names an event type, optional conditions on the
        event, the lesson or course to send, and when.
      </p>
      <HowToCall />

      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        <Notice>{saved ?? (remove.removed ? `The rule “${remove.removed.name}” was deleted.` : undefined)}</Notice>
        <ErrorAlert error={rules.error ?? toggle.error ?? remove.error} />
        {rules.isPending ? (
          <Loading />
        ) : rules.data && rules.data.length === 0 ? (
          <EmptyState title="No rules yet">
            <p>Create one below. Events of types no rule names are still recorded and listed at the bottom of this page.</p>
          </EmptyState>
        ) : (
          rules.data && (
            <table className="table table-stack">
              <caption className="visually-hidden">Trigger rules</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">When</th>
                  <th scope="col">Sends</th>
                  <th scope="col">Timing</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.data.map((rule) => (
                  <tr key={rule.id} className={rule.active ? undefined : 'is-muted'}>
                    <th scope="row" data-label="Rule">
                      {rule.name}
                      {!rule.active && <span className="badge">Inactive</span>}
                    </th>
                    <td data-label="When">
                      <code>{rule.eventType}</code>
                      {rule.conditions.length > 0 && (
                        <ul className="inline-list">
                          {rule.conditions.map((condition, index) => (
                            <li key={index}>{describeCondition(condition)}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td data-label="Sends">
                      {rule.courseTitle ?? <span className="badge">Course not published</span>}
                      <br />
                      <span className="muted">
                        {rule.lessonId ? (rule.lessonTitle ?? 'A lesson no longer in the course') : 'The first lesson not yet completed'}
                        {' · '}
                        {rule.channel ? CHANNEL_LABELS[rule.channel] : 'their preferred channel'}
                      </span>
                    </td>
                    <td data-label="Timing">{describeTiming(rule)}</td>
                    <td data-label="Actions" className="cell-actions">
                      <button type="button" className="button button-small" onClick={() => setEditing(rule)}>
                        Edit<span className="visually-hidden"> {rule.name}</span>
                      </button>{' '}
                      <button type="button" className="button button-small" onClick={() => toggle.mutate(rule)} disabled={toggle.isPending}>
                        {rule.active ? 'Deactivate' : 'Activate'}
                        <span className="visually-hidden"> {rule.name}</span>
                      </button>{' '}
                      <button type="button" className="button button-small button-danger" onClick={() => remove.remove(rule)} disabled={remove.isBusy}>
                        Delete<span className="visually-hidden"> {rule.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        )}
      </section>

      <section className="panel" aria-labelledby={formHeadingId}>
        <h2 id={formHeadingId}>{editing ? `Edit “${editing.name}”` : 'New rule'}</h2>
        <RuleForm
          key={editing?.id ?? 'new'}
          editing={editing}
          onSaved={(rule) => {
            setSaved(editing ? `The rule “${rule.name}” was saved.` : `The rule “${rule.name}” was created.`);
            setEditing(undefined);
          }}
          onCancel={() => setEditing(undefined)}
        />
      </section>

      <TestEvent />
      <RecentEvents />
    </>
  );
}

function HowToCall() {
  const examples = callExamples(window.location.origin);
  return (
    <details className="example">
      <summary>How to call it</summary>
      <p>
        Create an API token with the <code>events:write</code> scope (Admin › API tokens), then post each event. Give every event its own <code>idempotencyKey</code>: sending the same key again (a retry)
        schedules nothing more. The answer (<code>202</code>, or <code>200</code> for a repeated key) lists what was scheduled and which rules skipped, and why. An unknown person is recorded and skipped, not
        refused, so your webhook does not retry for ever.
      </p>
      <pre>{examples.event}</pre>
      <p>
        Before letting someone make a decision, ask whether they completed a lesson recently (a token with <code>people:read</code>; <code>within</code> is an ISO 8601 duration such as <code>P30D</code>; use{' '}
        <code>/api/people/by-external-id/…</code> for your own ids):
      </p>
      <pre>{examples.gate}</pre>
      <p>
        The full description is in the <a href="/api/docs">API documentation</a>.
      </p>
    </details>
  );
}

function RuleForm({ editing, onSaved, onCancel }: { editing: TriggerRule | undefined; onSaved: (rule: TriggerRule) => void; onCancel: () => void }) {
  const form = useRuleForm(editing, onSaved);
  const { draft } = form;
  const courses = usePublishedCourses();
  const course = courses.data?.find((c) => c.id === draft.courseId);
  const lessons = useCourseLessons(draft.courseId, course?.latestVersion);
  const courseOptions = [{ value: '', label: courses.isPending ? 'Loading courses…' : 'Choose a published course' }, ...(courses.data ?? []).map((c) => ({ value: c.id, label: c.title }))];
  // A rule whose course was unpublished still shows it, so that saving other changes does not lose it.
  if (draft.courseId && !course && editing) courseOptions.push({ value: draft.courseId, label: `${editing.courseTitle ?? 'Unpublished course'} (not published)` });
  const lessonOptions = [{ value: '', label: 'The first lesson the person has not completed' }, ...(lessons.data ?? []).map((l) => ({ value: l.lessonId, label: l.title }))];
  return (
    <form onSubmit={form.submit} className="form form-wide">
      <div className="form-grid">
        <TextField label="Name" hint="What it is for, e.g. “Renewal coaching”." value={draft.name} onValueChange={(name) => form.change({ name })} required maxLength={120} autoComplete="off" />
        <TextField
          label="Event type"
          hint="As your system sends it, e.g. deal.closed (case does not matter)."
          value={draft.eventType}
          onValueChange={(eventType) => form.change({ eventType })}
          required
          maxLength={80}
          pattern="[A-Za-z][A-Za-z0-9_.:\-]*"
          autoComplete="off"
          spellCheck={false}
        />
      </div>

      <fieldset className="form-section">
        <legend>Conditions</legend>
        <p className="hint">
          All must hold. They test the event’s attributes, or the person’s own attributes as <code>person.region</code>. Text compares without case; an attribute the event lacks fails every test except
          “absent”.
        </p>
        {draft.conditions.length === 0 && <p className="muted">No conditions: every event of this type fires the rule.</p>}
        {draft.conditions.map((row, index) => (
          <ConditionRow key={row.key} row={row} index={index} onChange={(patch) => form.changeCondition(row.key, patch)} onRemove={() => form.removeCondition(row.key)} />
        ))}
        <div>
          <button type="button" className="button button-small" onClick={form.addCondition}>
            Add a condition
          </button>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>What to send</legend>
        <div className="form-grid">
          <SelectField label="Course" value={draft.courseId} onValueChange={form.chooseCourse} options={courseOptions} required />
          <SelectField label="Lesson" hint={lessons.isFetching ? 'Loading the lessons…' : undefined} value={draft.lessonId} onValueChange={(lessonId) => form.change({ lessonId })} options={lessonOptions} disabled={!draft.courseId} />
          <SelectField
            label="Channel"
            value={draft.channel}
            onValueChange={(channel) => form.change({ channel: channel as typeof draft.channel })}
            options={[{ value: '', label: 'Their preferred channel' }, ...CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABELS[channel] }))]}
          />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>When</legend>
        <div className="form-grid">
          <DurationField legend="Delay after the event" hint="0 to 30 days." value={draft.delay} onChange={(delay) => form.change({ delay })} />
          <DurationField legend="Cool-down" hint="Never the same lesson (or course) to the same person twice within it. 0 to 365 days." value={draft.cooldown} onChange={(cooldown) => form.change({ cooldown })} />
        </div>
        <CheckboxField
          label="Urgent"
          hint="May go at once in quiet hours and outside working hours, e.g. right before a compliance decision. Otherwise it waits for the person’s next working hours."
          checked={draft.urgent}
          onCheckedChange={(urgent) => form.change({ urgent })}
        />
        <CheckboxField label="Active" hint="An inactive rule is kept but does not fire." checked={draft.active} onCheckedChange={(active) => form.change({ active })} />
      </fieldset>

      <ErrorAlert error={form.error} title="The rule could not be saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : editing ? 'Save rule' : 'Create rule'}
        </button>
        {editing && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function ConditionRow({ row, index, onChange, onRemove }: { row: ConditionDraft; index: number; onChange: (patch: Partial<ConditionDraft>) => void; onRemove: () => void }) {
  return (
    <fieldset className="sub-editor option-row">
      <legend className="visually-hidden">Condition {index + 1}</legend>
      <div className="option-fields form-grid">
        <TextField label={`Attribute ${index + 1}`} value={row.attribute} onValueChange={(attribute) => onChange({ attribute })} maxLength={100} autoComplete="off" spellCheck={false} placeholder="amount" />
        <SelectField label="Test" value={row.op} onValueChange={(op) => onChange({ op: op as ConditionDraft['op'] })} options={OPERATOR_OPTIONS} />
        {row.op === 'exists' ? (
          <SelectField
            label="Value"
            value={row.value === 'absent' ? 'absent' : 'present'}
            onValueChange={(value) => onChange({ value })}
            options={[
              { value: 'present', label: 'present' },
              { value: 'absent', label: 'absent' },
            ]}
          />
        ) : (
          <TextField
            label="Value"
            value={row.value}
            onValueChange={(value) => onChange({ value })}
            inputMode={row.op === 'gt' || row.op === 'gte' || row.op === 'lt' || row.op === 'lte' ? 'decimal' : undefined}
            placeholder={row.op === 'in' ? 'EU, UK' : undefined}
            autoComplete="off"
          />
        )}
      </div>
      <div className="row-tools">
        <button type="button" className="button button-small" onClick={onRemove}>
          Remove<span className="visually-hidden"> condition {index + 1}</span>
        </button>
      </div>
    </fieldset>
  );
}

function DurationField({ legend, hint, value, onChange }: { legend: string; hint: string; value: HumanDuration; onChange: (value: HumanDuration) => void }) {
  const id = useId();
  return (
    <fieldset className="sub-editor" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div className="form-grid">
        <TextField label="Amount" type="number" min={0} step="any" value={value.amount} onValueChange={(amount) => onChange({ ...value, amount })} required />
        <SelectField label="Unit" value={value.unit} onValueChange={(unit) => onChange({ ...value, unit: unit as HumanDuration['unit'] })} options={TIME_UNITS} />
      </div>
    </fieldset>
  );
}

function TestEvent() {
  const form = useTestEventForm();
  return (
    <section className="panel" aria-labelledby="test-event-heading">
      <h2 id="test-event-heading">Try an event</h2>
      <p className="hint">Sends a real event, as an integration would: matching rules schedule real lessons.</p>
      <form onSubmit={form.submit} className="form form-wide">
        <div className="form-grid">
          <TextField label="Event type" value={form.type} onValueChange={form.setType} required maxLength={80} autoComplete="off" spellCheck={false} placeholder="deal.closed" />
          <TextField label="Person’s email" type="email" value={form.email} onValueChange={form.setEmail} required autoComplete="off" />
        </div>
        <TextAreaField label="Attributes (JSON)" className="field-mono" rows={3} value={form.attributes} onValueChange={form.setAttributes} spellCheck={false} />
        <ErrorAlert error={form.error} title="The event was refused" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.isSending}>
            {form.isSending ? 'Sending…' : 'Send event'}
          </button>
        </div>
      </form>
      {form.result && <EventOutcome result={form.result} />}
    </section>
  );
}

function EventOutcome({ result }: { result: Pick<EventResult, 'scheduled' | 'skipped'> }) {
  if (result.scheduled.length === 0 && result.skipped.length === 0) return <p className="muted">No active rule has this event type.</p>;
  return (
    <ul className="card-list">
      {result.scheduled.map((item) => (
        <li key={item.deliveryId}>
          <strong>{item.ruleName}</strong>: scheduled for {formatDateTime(item.sendAt)}
          {item.urgent && <span className="badge">Urgent</span>}
        </li>
      ))}
      {result.skipped.map((item) => (
        <li key={item.ruleId}>
          <strong>{item.ruleName}</strong>: skipped ({SKIP_REASON_LABELS[item.reason]}). <span className="muted">{item.message}</span>
        </li>
      ))}
    </ul>
  );
}

function RecentEvents() {
  const events = useTriggerEvents();
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">Recent events</h2>
      <ErrorAlert error={events.error} />
      {events.isPending ? (
        <Loading />
      ) : events.data && events.data.length === 0 ? (
        <EmptyState title="No events yet">
          <p>Events appear here as your systems send them.</p>
        </EmptyState>
      ) : (
        events.data && (
          <table className="table table-stack">
            <caption className="visually-hidden">Recent events</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">Person</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <tr key={event.id}>
                  <th scope="row" data-label="Received">
                    {formatDateTime(event.receivedAt)}
                  </th>
                  <td data-label="Event">
                    <code>{event.type}</code>
                  </td>
                  <td data-label="Person">{personOf(event)}</td>
                  <td data-label="Outcome">
                    <EventOutcome result={event} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}

/** The person of an event: their name, or how the event named someone Morsel does not know. */
function personOf(event: TriggerEvent): string {
  const reference = 'email' in event.person.reference ? event.person.reference.email : `external id ${event.person.reference.externalId}`;
  return event.person.displayName ? `${event.person.displayName} (${reference})` : `${reference} (unknown)`;
}
