/**
 * `/author/certifications`: the organisation's certifications (a pass mark and a validity over a course or a set of
 * objectives), with a form to create one and to edit or archive an existing one.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../lib/api-client.ts';
import { EmptyState, ErrorAlert, Loading } from '../../lib/feedback.tsx';
import { SelectField, TextField } from '../../lib/fields.tsx';
import { CheckboxField, RadioGroup, TextAreaField } from '../../lib/form-controls.tsx';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { type Certification, describeValidity } from '../../manage/assessment.ts';
import { type CertificationDraft, draftOf, EMPTY_DRAFT, toBody } from './certification-form.ts';

const KEY = ['author', 'certifications'] as const;

export function CertificationsPage() {
  usePageTitle('Certifications');
  const list = useQuery({ queryKey: KEY, queryFn: () => api.get<{ items: Certification[] }>('/api/certifications') });
  const [editing, setEditing] = useState<Certification | 'new' | null>(null);
  return (
    <>
      <h1>Certifications</h1>
      <p className="lead">A pass mark and a validity over a course or a set of objectives. People are certified when they complete the course and reach the pass mark; the compliance view shows who is certified, due soon or lapsed.</p>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {editing ? (
        <CertificationForm certification={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
      ) : (
        <p>
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New certification
          </button>{' '}
          <Link className="button" to="/manage/compliance">
            Compliance
          </Link>
        </p>
      )}
      {list.data &&
        (list.data.items.length === 0 ? (
          <EmptyState title="No certifications yet" />
        ) : (
          <table className="table table-stack">
            <caption className="visually-hidden">Certifications</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Pass mark</th>
                <th scope="col">Valid for</th>
                <th scope="col">Recertification</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id} className={c.status === 'archived' ? 'is-muted' : undefined}>
                  <th scope="row">{c.title}</th>
                  <td>{c.passMark} %</td>
                  <td>{describeValidity(c.validity)}</td>
                  <td>{c.autoRecertify ? `Automatic, due within ${c.recertifyWithinDays} days` : 'Manual'}</td>
                  <td>{c.status === 'active' ? 'Active' : 'Archived'}</td>
                  <td className="cell-actions">
                    <button type="button" className="button button-small" onClick={() => setEditing(c)} aria-label={`Edit ${c.title}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

function CertificationForm({ certification, onDone }: { certification: Certification | undefined; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<CertificationDraft>(certification ? draftOf(certification) : EMPTY_DRAFT);
  const [problems, setProblems] = useState<string[]>([]);
  const courses = useQuery({ queryKey: ['author', 'certifications', 'courses'], queryFn: () => api.get<{ items: Array<{ id: string; title: string; status: string }> }>('/api/courses') });
  const objectives = useQuery({ queryKey: ['author', 'certifications', 'objectives'], queryFn: () => api.get<{ items: Array<{ id: string; title: string }> }>('/api/objectives') });
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (certification ? api.patch<Certification>(`/api/certifications/${encodeURIComponent(certification.id)}`, body) : api.post<Certification>('/api/certifications', body)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      onDone();
    },
  });
  const archive = useMutation({
    mutationFn: (status: 'active' | 'archived') => api.patch<Certification>(`/api/certifications/${encodeURIComponent(certification?.id ?? '')}`, { status }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      onDone();
    },
  });
  const set = <K extends keyof CertificationDraft>(key: K) => (value: CertificationDraft[K]) => setDraft((before) => ({ ...before, [key]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const built = toBody(draft);
    if ('problems' in built) {
      setProblems(built.problems);
      return;
    }
    setProblems([]);
    save.mutate(built.body);
  };
  return (
    <form className="card form" onSubmit={onSubmit} aria-labelledby="certification-form-title" noValidate>
      <h2 id="certification-form-title">{certification ? `Edit ${certification.title}` : 'New certification'}</h2>
      <TextField label="Title" value={draft.title} onValueChange={set('title')} required />
      <TextAreaField label="Description" value={draft.description} onValueChange={set('description')} rows={2} />
      <RadioGroup
        legend="What it covers"
        value={draft.scope}
        onValueChange={set('scope')}
        options={[
          { value: 'course', label: 'A course' },
          { value: 'objectives', label: 'A set of objectives' },
        ]}
        hint="A course: its post check decides the score (or its lessons’ first answers when it has none). Objectives: the first answers in the lessons serving them."
      />
      {draft.scope === 'course' ? (
        <SelectField label="Course" value={draft.courseId} onValueChange={set('courseId')} options={[{ value: '', label: 'Choose a course' }, ...(courses.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))]} />
      ) : (
        <fieldset className="checkbox-group">
          <legend>Objectives</legend>
          <div className="checkbox-options">
            {(objectives.data?.items ?? []).map((o) => (
              <label key={o.id} className="checkbox">
                <input type="checkbox" checked={draft.objectiveIds.includes(o.id)} onChange={(event) => set('objectiveIds')(event.target.checked ? [...draft.objectiveIds, o.id] : draft.objectiveIds.filter((id) => id !== o.id))} />
                <span>{o.title}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <TextField label="Pass mark (%)" type="number" min={0} max={100} step="any" inputMode="decimal" value={draft.passMark} onValueChange={set('passMark')} />
      <TextField label="Valid for" type="number" min={1} inputMode="numeric" value={draft.validityAmount} onValueChange={set('validityAmount')} />
      <SelectField label="Validity unit" value={draft.validityUnit} onValueChange={(v) => set('validityUnit')(v === 'days' ? 'days' : 'months')} options={[{ value: 'months', label: 'Months' }, { value: 'days', label: 'Days' }]} />
      <TextField label="Due soon window (days)" hint="An award expiring within this many days shows as due soon." type="number" min={0} inputMode="numeric" value={draft.dueSoonDays} onValueChange={set('dueSoonDays')} />
      <CheckboxField label="Start recertification automatically when it lapses" hint="Restarts the person’s enrolment in the course with a due date." checked={draft.autoRecertify} onCheckedChange={set('autoRecertify')} />
      {draft.autoRecertify && <TextField label="Recertification due within (days)" type="number" min={1} inputMode="numeric" value={draft.recertifyWithinDays} onValueChange={set('recertifyWithinDays')} />}
      {problems.length > 0 && (
        // The alert wraps the list: role="alert" on the <ul> itself would hide its list semantics.
        <div className="field-error" role="alert">
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <ErrorAlert error={save.error ?? archive.error ?? courses.error ?? objectives.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {certification ? 'Save changes' : 'Create certification'}
        </button>
        {certification && (
          <button type="button" className="button" onClick={() => archive.mutate(certification.status === 'active' ? 'archived' : 'active')} disabled={archive.isPending}>
            {certification.status === 'active' ? 'Archive' : 'Reactivate'}
          </button>
        )}
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
