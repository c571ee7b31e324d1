/**
 * `/learn/courses/:courseId/checks/:phase`: the baseline check before a course (skippable; answers are recorded but
 * not marked, so it does not teach to the test) and the post check after it (marked as you go, then the change per
 * objective). One question at a time, mobile-first, every control labelled, results announced.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../../lib/api-client.ts';
import { ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import type { Confidence } from '../../lib/learning-types.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { LEARN_KEY } from '../../lib/query-keys.ts';
import { blankCount, CONFIDENCE_OPTIONS, emptyDraft, moveItem, newClientId, readQuestion, toResponse, type AnswerDraft, type LearnerQuestion } from '../answer.ts';
import { checkAnswerKey, describePhase, describeResult, describeStatus, formatScore, progressLine, readPhase, type CheckAnswerResult, type CheckPhase, type CheckView } from './checks.ts';

const checkUrl = (courseId: string, phase: CheckPhase) => `/api/learn/courses/${encodeURIComponent(courseId)}/checks/${phase}`;
const checkKey = (courseId: string, phase: CheckPhase) => [...LEARN_KEY, 'check', courseId, phase] as const;

export function CheckPage() {
  const params = useParams();
  const courseId = params.courseId ?? '';
  const phase = readPhase(params.phase);
  usePageTitle(phase ? describePhase(phase).title : 'Check');
  const check = useQuery({ queryKey: checkKey(courseId, phase ?? 'baseline'), queryFn: () => api.get<CheckView>(checkUrl(courseId, phase ?? 'baseline')), enabled: phase !== null, staleTime: Infinity });
  if (!phase) return <Notice>There is no such check. Go back to <Link to="/learn">Today</Link>.</Notice>;
  return (
    <div className="learner-page check-page">
      <p className="eyebrow">{check.data?.title ?? 'Course'}</p>
      <h1>{describePhase(phase).title}</h1>
      {check.isPending && <Loading label="Loading the check…" />}
      <ErrorAlert error={check.error} />
      {check.data && <CheckContent view={check.data} courseId={courseId} />}
    </div>
  );
}

function CheckContent({ view, courseId }: { view: CheckView; courseId: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [answered, setAnswered] = useState<CheckView['answered']>(view.answered);
  const [shown, setShown] = useState<{ questionId: string; result: CheckAnswerResult } | null>(null);
  const total = view.questions.length;
  const answeredCount = view.questions.filter((q) => answered[checkAnswerKey(q)]).length;
  const current = view.questions.find((q) => !answered[checkAnswerKey(q)]);
  const status = describeStatus(view);
  const isOpen = view.status === 'pending' || view.status === 'started';
  const courseLink = `/learn/courses/${encodeURIComponent(courseId)}`;

  const skip = useMutation({
    mutationFn: () => api.post<void>(`${checkUrl(courseId, view.phase)}/skip`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LEARN_KEY });
      void navigate(courseLink);
    },
  });

  const finish = async () => {
    await queryClient.invalidateQueries({ queryKey: LEARN_KEY });
  };

  if (!isOpen || (!current && !shown)) {
    return (
      <>
        {status && <p className="lead">{status}</p>}
        {view.phase === 'post' && view.status === 'done' && <PostResults view={view} />}
        {isOpen && !current && <p className="lead">All answered. Thank you.</p>}
        <p>
          <Link className="button button-primary" to={courseLink}>
            Back to the course
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <p className="lead">{describePhase(view.phase).intro}</p>
      <p className="muted" aria-live="polite">
        {progressLine(answeredCount, total)}
      </p>
      <progress className="check-progress" max={total} value={answeredCount} aria-label="Questions answered" />
      {shown ? (
        <PostFeedback
          result={shown.result}
          onNext={async () => {
            setShown(null);
            if (shown.result.checkCompleted) await finish();
          }}
        />
      ) : current ? (
        <CheckQuestionForm
          key={current.questionId}
          courseId={courseId}
          phase={view.phase}
          questionId={current.questionId}
          lessonId={current.lessonId}
          label={`Question ${answeredCount + 1} of ${total}`}
          question={readQuestion(current.question)}
          onAnswered={async (result) => {
            setAnswered((before) => ({ ...before, [checkAnswerKey(current)]: { correct: result.correct, score: result.score, feedback: result.feedback } }));
            if (view.phase === 'post') setShown({ questionId: current.questionId, result });
            else if (result.checkCompleted) await finish();
          }}
        />
      ) : null}
      {view.phase === 'baseline' && view.status === 'pending' && answeredCount === 0 && (
        <div className="check-skip">
          <p className="muted">Rather go straight to the lessons?</p>
          <button type="button" className="button" onClick={() => skip.mutate()} disabled={skip.isPending}>
            Skip this check
          </button>
          <ErrorAlert error={skip.error} />
        </div>
      )}
    </>
  );
}

function PostFeedback({ result, onNext }: { result: CheckAnswerResult; onNext: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const tone = result.correct ? 'correct' : (result.score ?? 0) > 0 ? 'partial' : 'incorrect';
  return (
    <div ref={ref} tabIndex={-1} className={`card check-feedback is-${tone}`} role="status">
      <h2>{result.correct ? 'Right' : (result.score ?? 0) > 0 ? 'Partly right' : 'Not quite'}</h2>
      {result.feedback.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
      <button type="button" className="button button-primary" onClick={onNext}>
        {result.checkCompleted ? 'See your results' : 'Next question'}
      </button>
    </div>
  );
}

function PostResults({ view }: { view: CheckView }) {
  return (
    <section aria-labelledby="check-results" className="card">
      <h2 id="check-results">Your score: {formatScore(view.score)}</h2>
      {view.results && view.results.length > 0 && (
        <table className="table">
          <caption>Before and after the course, per objective</caption>
          <thead>
            <tr>
              <th scope="col">Objective</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {view.results.map((result) => (
              <tr key={result.objectiveId ?? 'other'} aria-label={describeResult(result)}>
                <th scope="row">{result.title}</th>
                <td>{formatScore(result.baseline)}</td>
                <td>{formatScore(result.post)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface CheckQuestionFormProps {
  courseId: string;
  phase: CheckPhase;
  questionId: string;
  lessonId: string;
  label: string;
  question: LearnerQuestion | null;
  onAnswered: (result: CheckAnswerResult) => void;
}

/** One question: its controls by kind, "how sure?" when asked, and the submission (retried with the same client id). */
function CheckQuestionForm({ courseId, phase, questionId, lessonId, label, question, onAnswered }: CheckQuestionFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<AnswerDraft | null>(question ? emptyDraft(question) : null);
  const [confidence, setConfidence] = useState<Confidence | undefined>(undefined);
  const [missing, setMissing] = useState<string | null>(null);
  const clientId = useRef(newClientId());
  const startedAt = useRef(Date.now());
  const submit = useMutation({
    mutationFn: (body: unknown) => api.post<CheckAnswerResult>(`${checkUrl(courseId, phase)}/answers`, body),
    retry: (failures, error) => error instanceof ApiError && error.status === 0 && failures < 2,
    onSuccess: onAnswered,
  });
  if (!question || !draft) return <Notice>This question cannot be shown in this app.</Notice>;
  const update = (patch: Partial<AnswerDraft>) => setDraft({ ...draft, ...patch });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const built = toResponse(question, draft);
    if ('missing' in built) {
      setMissing(built.missing);
      return;
    }
    setMissing(null);
    submit.mutate({ questionId, lessonId, response: built.response, timeTakenMs: Math.min(Date.now() - startedAt.current, 24 * 3_600_000), confidence, clientId: clientId.current });
  };

  return (
    <form className="card check-question" onSubmit={onSubmit} aria-labelledby={`${id}-label`} noValidate>
      <p className="eyebrow" id={`${id}-label`}>
        {label}
      </p>
      <fieldset>
        <legend className="question-prompt">{question.prompt}</legend>
        {question.kind === 'single_choice' &&
          question.options.map((option) => (
            <label key={option.id} className="checkbox choice">
              <input type="radio" name={`${id}-choice`} checked={draft.optionId === option.id} onChange={() => update({ optionId: option.id })} />
              <span>{option.text}</span>
            </label>
          ))}
        {question.kind === 'multiple_choice' &&
          question.options.map((option) => (
            <label key={option.id} className="checkbox choice">
              <input
                type="checkbox"
                checked={draft.optionIds.includes(option.id)}
                onChange={(event) => update({ optionIds: event.target.checked ? [...draft.optionIds, option.id] : draft.optionIds.filter((o) => o !== option.id) })}
              />
              <span>{option.text}</span>
            </label>
          ))}
        {question.kind === 'true_false' &&
          ([true, false] as const).map((value) => (
            <label key={String(value)} className="checkbox choice">
              <input type="radio" name={`${id}-tf`} checked={draft.value === value} onChange={() => update({ value })} />
              <span>{value ? 'True' : 'False'}</span>
            </label>
          ))}
        {question.kind === 'ordering' && (
          <ol className="ordering-list">
            {draft.itemIds.map((itemId, index) => {
              const item = question.items.find((i) => i.id === itemId);
              return (
                <li key={itemId}>
                  <span>{item?.text}</span>
                  <button type="button" className="button button-small" onClick={() => update({ itemIds: moveItem(draft.itemIds, index, -1) })} disabled={index === 0} aria-label={`Move “${item?.text}” up`}>
                    ↑
                  </button>
                  <button type="button" className="button button-small" onClick={() => update({ itemIds: moveItem(draft.itemIds, index, 1) })} disabled={index === draft.itemIds.length - 1} aria-label={`Move “${item?.text}” down`}>
                    ↓
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        {question.kind === 'cloze' && (
          <p className="cloze">
            {question.parts.map((part, index) => (
              <span key={index}>
                {part}
                {index < blankCount(question) && (
                  <input
                    aria-label={`Blank ${index + 1}`}
                    value={draft.blanks[index] ?? ''}
                    onChange={(event) => update({ blanks: draft.blanks.map((b, i) => (i === index ? event.target.value : b)) })}
                  />
                )}
              </span>
            ))}
          </p>
        )}
        {question.kind === 'short_text' && (
          <div className="field">
            <label htmlFor={`${id}-text`}>Your answer</label>
            <input id={`${id}-text`} value={draft.text} onChange={(event) => update({ text: event.target.value })} />
          </div>
        )}
      </fieldset>
      {question.askConfidence && (
        <fieldset className="checkbox-group">
          <legend>How sure are you?</legend>
          <div className="checkbox-options">
            {CONFIDENCE_OPTIONS.map((option) => (
              <label key={option.value} className="checkbox">
                <input type="radio" name={`${id}-confidence`} checked={confidence === Number(option.value)} onChange={() => setConfidence(Number(option.value) as Confidence)} />
                <span>{option.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {missing && (
        <p className="field-error" role="alert">
          {missing}
        </p>
      )}
      <ErrorAlert error={submit.error} />
      <button type="submit" className="button button-primary" disabled={submit.isPending}>
        {phase === 'baseline' ? 'Save answer' : 'Check answer'}
      </button>
    </form>
  );
}
