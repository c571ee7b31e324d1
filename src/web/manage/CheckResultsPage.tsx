/** `/manage/courses/:courseId/checks`: baseline against post per objective for a course (managers: their teams). */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../lib/api-client.ts';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { type CheckResults, formatChange } from './assessment.ts';

const score = (value: number | null) => (value === null ? '–' : `${Math.round(value)} %`);

export function CheckResultsPage() {
  const courseId = useParams().courseId ?? '';
  const results = useQuery({ queryKey: ['manage', 'check-results', courseId], queryFn: () => api.get<CheckResults>(`/api/courses/${encodeURIComponent(courseId)}/check-results`) });
  usePageTitle(results.data ? `Before and after: ${results.data.title}` : 'Before and after');
  return (
    <>
      <p className="eyebrow">
        <Link to="/manage">Manage</Link>
      </p>
      <h1>Before and after{results.data ? `: ${results.data.title}` : ''}</h1>
      <ErrorAlert error={results.error} />
      {results.isPending && <Loading />}
      {results.data &&
        (results.data.objectives.length === 0 ? (
          <EmptyState title="No checks taken yet">
            <p>Learners take a short baseline check before the course and a post check after it; their scores appear here.</p>
          </EmptyState>
        ) : (
          <>
            <p className="lead">
              {results.data.learners.baseline} took the baseline, {results.data.learners.post} the post check, {results.data.learners.both} both. The change is measured over learners who took both.
            </p>
            <table className="table table-stack">
              <caption className="visually-hidden">Scores per objective</caption>
              <thead>
                <tr>
                  <th scope="col">Objective</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {results.data.objectives.map((o) => (
                  <tr key={o.objectiveId ?? 'other'}>
                    <th scope="row">{o.title}</th>
                    <td>
                      {score(o.baseline)} <span className="muted">({o.baselineLearners})</span>
                    </td>
                    <td>
                      {score(o.post)} <span className="muted">({o.postLearners})</span>
                    </td>
                    <td>{formatChange(o.change)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ))}
    </>
  );
}
