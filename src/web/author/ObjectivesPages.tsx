import { Link, useParams } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import type { Objective } from '../lib/content-types.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { plural } from '../lib/format.ts';
import { TextAreaField } from '../lib/form-controls.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useLessons } from './lessons.hooks.ts';
import { useDeleteObjective, useObjective, useObjectiveForm, useObjectives } from './objectives.hooks.ts';
import { DurationChip, StatusChip } from './StudioParts.tsx';

/** `/author/objectives`: what people should be able to do, with the retention aimed for and the lessons serving each. */
export function ObjectivesPage() {
  usePageTitle('Objectives');
  const notice = useNavigationNotice();
  const objectives = useObjectives();
  return (
    <>
      <div className="page-header">
        <h1>Objectives</h1>
        <Link to="/author/objectives/new" className="button button-primary">
          New objective
        </Link>
      </div>
      <p className="lead">Start from what people must be able to do and the challenge behind it; every lesson serves one objective.</p>
      <Notice>{notice}</Notice>
      <ErrorAlert error={objectives.error} />
      {objectives.isPending ? (
        <Loading label="Loading objectives…" />
      ) : objectives.data && objectives.data.items.length === 0 ? (
        <EmptyState title="No objectives yet">
          <p>
            An objective says what a learner should be able to do (“Open every call with the new greeting”), why it matters and the organisational challenge it serves.{' '}
            <Link to="/author/objectives/new">Record the first one</Link>, then build lessons for it.
          </p>
        </EmptyState>
      ) : (
        <ul className="card-list">
          {objectives.data?.items.map((objective) => (
            <li key={objective.id} className="card card-compact objective-card">
              <h2 className="card-title">
                <Link to={`/author/objectives/${encodeURIComponent(objective.id)}`}>{objective.title}</Link>
              </h2>
              <p>{objective.performance}</p>
              <p className="hint">
                {plural(objective.lessonCount, 'lesson', 'lessons')} · retention aimed for {Math.round(objective.desiredRetention * 100)}%
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** `/author/objectives/new`. */
export function NewObjectivePage() {
  usePageTitle('New objective');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/author/objectives">Objectives</Link>
      </p>
      <h1>New objective</h1>
      <ObjectiveForm objective={undefined} />
    </>
  );
}

/** `/author/objectives/:id`: edit an objective and see the lessons serving it. */
export function EditObjectivePage() {
  const { id = '' } = useParams();
  const objective = useObjective(id);
  usePageTitle(objective.data?.title ?? 'Objective');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/author/objectives">Objectives</Link>
      </p>
      {objective.isPending ? (
        <Loading />
      ) : objective.isError ? (
        <>
          <h1>Objective not found</h1>
          <ErrorAlert error={objective.error} />
        </>
      ) : (
        <>
          <div className="page-header">
            <div>
              <p className="eyebrow">Objective</p>
              <h1>{objective.data.title}</h1>
            </div>
            <Link to={`/author/lessons/new?objectiveId=${encodeURIComponent(objective.data.id)}`} className="button button-primary">
              New lesson for it
            </Link>
          </div>
          <div className="two-columns">
            <ObjectiveForm key={objective.data.id} objective={objective.data} />
            <ObjectiveLessons objective={objective.data} />
          </div>
        </>
      )}
    </>
  );
}

function ObjectiveLessons({ objective }: { objective: Objective }) {
  const lessons = useLessons({ objectiveId: objective.id });
  const remove = useDeleteObjective(objective);
  return (
    <div>
      <section className="panel panel-tight" aria-labelledby="objective-lessons-heading">
        <h2 id="objective-lessons-heading">Lessons serving it</h2>
        <ErrorAlert error={lessons.error} />
        {lessons.isPending ? (
          <Loading />
        ) : lessons.data && lessons.data.items.length === 0 ? (
          <p className="muted">
            None yet. <Link to={`/author/lessons/new?objectiveId=${encodeURIComponent(objective.id)}`}>Build one</Link>.
          </p>
        ) : (
          <ul className="side-list">
            {lessons.data?.items.map((lesson) => (
              <li key={lesson.id}>
                <Link to={`/author/lessons/${encodeURIComponent(lesson.id)}`}>{lesson.title}</Link> <StatusChip status={lesson.status} /> <DurationChip seconds={lesson.estimatedSeconds} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="danger-zone">
        <p className="hint">An objective can be deleted once no lesson serves it.</p>
        <ErrorAlert error={remove.error} title="The objective was not deleted" />
        <button type="button" className="button button-danger button-small" onClick={remove.deleteObjective} disabled={remove.isDeleting}>
          Delete objective
        </button>
      </div>
    </div>
  );
}

function ObjectiveForm({ objective }: { objective: Objective | undefined }) {
  const notice = useNavigationNotice();
  const form = useObjectiveForm(objective);
  const { values, set } = form;
  return (
    <form onSubmit={form.submit} className="form form-wide">
      <Notice>{form.isSaved ? 'Changes saved.' : objective ? notice : undefined}</Notice>
      <fieldset className="form-section">
        <legend>What people should be able to do</legend>
        <TextField label="Title" hint="Short, e.g. “Greet callers the new way”." value={values.title} onValueChange={(v) => set('title', v)} required maxLength={200} autoComplete="off" />
        <TextAreaField
          label="Performance"
          hint="What a learner does on the job once they have learnt it, e.g. “Opens every call with the brand, their name and an offer to help.”"
          rows={3}
          value={values.performance}
          onValueChange={(v) => set('performance', v)}
          required
          maxLength={1000}
        />
        <TextAreaField label="Why it matters" rows={2} value={values.whyItMatters} onValueChange={(v) => set('whyItMatters', v)} maxLength={2000} />
        <TextAreaField label="Organisational challenge" hint="The problem it serves, e.g. “Customer satisfaction dropped after the rebrand.”" rows={2} value={values.challenge} onValueChange={(v) => set('challenge', v)} maxLength={2000} />
      </fieldset>
      <fieldset className="form-section">
        <legend>How well it must stick</legend>
        <div className="form-grid">
          <TextField
            label="Desired retention (%)"
            hint="The chance of remembering that reviews aim to keep: 95 for safety, 85 for nice-to-know. Between 70 and 99."
            type="number"
            min={70}
            max={99}
            step={1}
            value={values.desiredRetention}
            onValueChange={(v) => set('desiredRetention', v)}
            required
          />
          <TextField
            label="Target proficiency (%)"
            hint="The share of questions a proficient learner answers right."
            type="number"
            min={0}
            max={100}
            step={1}
            value={values.targetProficiency}
            onValueChange={(v) => set('targetProficiency', v)}
            required
          />
        </div>
      </fieldset>
      <ErrorAlert error={form.error} title="The objective was not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : objective ? 'Save changes' : 'Record objective'}
        </button>
        <Link to="/author/objectives" className="button button-quiet">
          {objective ? 'Back to objectives' : 'Cancel'}
        </Link>
      </div>
    </form>
  );
}
