/**
 * A question to answer, with immediate targeted feedback: every question type, the optional "how sure are you?",
 * and the grade announced and focused when it arrives. Shared by the lesson player and the review boost.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorAlert } from '../lib/feedback.tsx';
import type { AnswerResponse, Confidence } from '../lib/learning-types.ts';
import { blankCount, CONFIDENCE_OPTIONS, describeGrade, emptyDraft, moveItem, toResponse, type AnswerDraft, type LearnerQuestion } from './answer.ts';

/** A grade as the card shows it; `isPractice` when it did not count. */
export interface ShownGrade {
  correct: boolean;
  score: number;
  feedback: string[];
  isPractice?: boolean;
}

/** What the card hands over on "Check answer". */
export interface SubmittedAnswer {
  response: AnswerResponse;
  confidence?: Confidence;
  timeTakenMs: number;
}

interface QuestionCardProps {
  question: LearnerQuestion;
  /** "Question 1 of 2": the card's heading. */
  label: string;
  /** The grade to show (from this visit or an earlier one); undefined while unanswered. */
  grade: ShownGrade | undefined;
  /** True when the grade is from an earlier visit: the answer given then is not shown. */
  isEarlierAnswer?: boolean;
  onSubmit: (answer: SubmittedAnswer) => void;
  isSubmitting: boolean;
  error: unknown;
  /** Offer "Try again" after the grade; the new answer is practice. */
  canPractise?: boolean;
  /** Shown under the feedback (e.g. "Comes back in 3 days"). */
  note?: ReactNode;
  /** Actions after the feedback (e.g. "Next question"). */
  children?: ReactNode;
}

const MAX_TIME_MS = 24 * 3_600_000;

/** Milliseconds since the card first came into view (or since `reset`), for the attempt's time taken. */
function useTimeOnScreen() {
  const ref = useRef<HTMLElement>(null);
  const startedAt = useRef<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      startedAt.current ??= performance.now();
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        startedAt.current ??= performance.now();
        observer.disconnect();
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return {
    ref,
    elapsed: () => Math.min(MAX_TIME_MS, Math.max(0, Math.round(performance.now() - (startedAt.current ?? performance.now())))),
    reset: () => {
      startedAt.current = performance.now();
    },
  };
}

export function QuestionCard({ question, label, grade, isEarlierAnswer = false, onSubmit, isSubmitting, error, canPractise = false, note, children }: QuestionCardProps) {
  const id = useId();
  const [draft, setDraft] = useState<AnswerDraft>(() => emptyDraft(question));
  const [confidence, setConfidence] = useState<`${Confidence}` | ''>('');
  const [missing, setMissing] = useState('');
  const [isRetrying, setIsRetrying] = useState(false);
  const timer = useTimeOnScreen();
  const feedbackRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const awaitingGrade = useRef(false);

  const shownGrade = isRetrying ? undefined : grade;
  const isLocked = shownGrade !== undefined || isSubmitting;

  // A grade that arrives for an answer given just now takes the focus, so it is read out and the keyboard
  // continues from it (the button that was pressed is gone).
  useEffect(() => {
    if (grade && awaitingGrade.current) {
      awaitingGrade.current = false;
      feedbackRef.current?.focus();
    }
  }, [grade]);

  // A new grade (e.g. of a practice answer) ends the retry.
  useEffect(() => {
    if (grade?.isPractice) setIsRetrying(false);
  }, [grade]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (isLocked) return;
    const built = toResponse(question, draft);
    if ('missing' in built) {
      setMissing(built.missing);
      return;
    }
    setMissing('');
    awaitingGrade.current = true;
    onSubmit({ response: built.response, ...(confidence ? { confidence: Number(confidence) as Confidence } : {}), timeTakenMs: timer.elapsed() });
  }

  function tryAgain() {
    setDraft(emptyDraft(question));
    setConfidence('');
    setIsRetrying(true);
    timer.reset();
    // "Try again" disappears with the grade: the keyboard continues at the question's first answer.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('input, textarea, button')?.focus());
  }

  const change = (patch: Partial<AnswerDraft>) => {
    setMissing('');
    setDraft((current) => ({ ...current, ...patch }));
  };

  const described = shownGrade ? describeGrade(shownGrade) : undefined;
  return (
    <section ref={timer.ref} className="question-card" aria-labelledby={`${id}-label`}>
      <h2 id={`${id}-label`} className="question-label">
        {label}
        {isRetrying && <span className="chip chip-practice">Practice</span>}
      </h2>
      <form ref={formRef} onSubmit={submit} noValidate>
        <AnswerInputs question={question} draft={draft} change={change} disabled={isLocked} idPrefix={id} />
        {question.askConfidence && !shownGrade && (
          <fieldset className="confidence" disabled={isLocked}>
            <legend>
              How sure are you? <span className="optional">(optional)</span>
            </legend>
            <div className="confidence-options">
              {CONFIDENCE_OPTIONS.map((option) => (
                <label key={option.value} className="choice choice-compact">
                  <input type="radio" name={`${id}-confidence`} value={option.value} checked={confidence === option.value} onChange={() => setConfidence(option.value)} />
                  <span>{option.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {isRetrying && <p className="hint">Practice: your first answer is the one that counts.</p>}
        <p role="status" className={missing ? 'question-missing' : 'message-empty'}>
          {missing}
        </p>
        <ErrorAlert error={error} />
        {!shownGrade && (
          <button type="submit" className="button button-primary button-block" disabled={isSubmitting}>
            {isSubmitting ? 'Checking…' : 'Check answer'}
          </button>
        )}
      </form>
      <div role="status" className="message-empty">
        {shownGrade && described && (
          <div ref={feedbackRef} tabIndex={-1} className={`answer-feedback is-${described.tone}`}>
            <p className="answer-feedback-title">
              <span className="answer-feedback-icon" aria-hidden="true">
                {described.tone === 'correct' ? '✓' : described.tone === 'partial' ? '◐' : '✗'}
              </span>
              {shownGrade.isPractice ? `Practice: ${described.title}` : described.title}
            </p>
            {isEarlierAnswer && <p className="hint">You answered this earlier.</p>}
            {shownGrade.isPractice && canPractise && <p className="hint">Practice does not change your result: the first answer counts.</p>}
            {shownGrade.feedback.map((line, index) => (
              <p key={index}>{line}</p>
            ))}
            {note}
          </div>
        )}
      </div>
      {shownGrade && (canPractise || children) && (
        <div className="question-actions">
          {children}
          {canPractise && (
            <button type="button" className="button" onClick={tryAgain}>
              Try again (practice)
            </button>
          )}
        </div>
      )}
    </section>
  );
}

interface InputsProps {
  question: LearnerQuestion;
  draft: AnswerDraft;
  change: (patch: Partial<AnswerDraft>) => void;
  disabled: boolean;
  idPrefix: string;
}

/** The inputs of each question type. */
function AnswerInputs({ question, draft, change, disabled, idPrefix }: InputsProps) {
  switch (question.kind) {
    case 'single_choice':
      return (
        <fieldset className="answer-fieldset" disabled={disabled}>
          <legend className="question-prompt">{question.prompt}</legend>
          <div className="choices">
            {question.options.map((option) => (
              <label key={option.id} className="choice">
                <input type="radio" name={`${idPrefix}-answer`} checked={draft.optionId === option.id} onChange={() => change({ optionId: option.id })} />
                <span>{option.text}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'multiple_choice':
      return (
        <fieldset className="answer-fieldset" disabled={disabled} aria-describedby={`${idPrefix}-multi`}>
          <legend className="question-prompt">{question.prompt}</legend>
          <p className="hint" id={`${idPrefix}-multi`}>
            Choose every answer that applies.
          </p>
          <div className="choices">
            {question.options.map((option) => (
              <label key={option.id} className="choice">
                <input
                  type="checkbox"
                  checked={draft.optionIds.includes(option.id)}
                  onChange={(event) => {
                    const chosen = new Set(draft.optionIds);
                    if (event.target.checked) chosen.add(option.id);
                    else chosen.delete(option.id);
                    change({ optionIds: question.options.map((o) => o.id).filter((optionId) => chosen.has(optionId)) });
                  }}
                />
                <span>{option.text}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'true_false':
      return (
        <fieldset className="answer-fieldset" disabled={disabled}>
          <legend className="question-prompt">{question.prompt}</legend>
          <div className="choices choices-two">
            {[true, false].map((value) => (
              <label key={String(value)} className="choice choice-centred">
                <input type="radio" name={`${idPrefix}-answer`} checked={draft.value === value} onChange={() => change({ value })} />
                <span>{value ? 'True' : 'False'}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'ordering':
      return <OrderingInputs question={question} draft={draft} change={change} disabled={disabled} idPrefix={idPrefix} />;
    case 'cloze': {
      const total = blankCount(question);
      return (
        <fieldset className="answer-fieldset" disabled={disabled}>
          <legend className="question-prompt">{question.prompt}</legend>
          <p className="cloze-text">
            {question.parts.map((part, index) => (
              <span key={index}>
                {part}
                {index < total && (
                  <input
                    type="text"
                    className="cloze-blank"
                    aria-label={`Blank ${index + 1} of ${total}`}
                    autoComplete="off"
                    autoCapitalize="off"
                    spellCheck={false}
                    value={draft.blanks[index] ?? ''}
                    onChange={(event) => change({ blanks: draft.blanks.map((blank, i) => (i === index ? event.target.value : blank)) })}
                  />
                )}
              </span>
            ))}
          </p>
        </fieldset>
      );
    }
    case 'short_text':
      return (
        <fieldset className="answer-fieldset" disabled={disabled}>
          <legend className="question-prompt">{question.prompt}</legend>
          <label htmlFor={`${idPrefix}-text`} className="field-label">
            Your answer
          </label>
          <textarea id={`${idPrefix}-text`} rows={3} value={draft.text} onChange={(event) => change({ text: event.target.value })} />
        </fieldset>
      );
  }
}

/** Ordering: each item moves up or down by button (keyboard and screen readers), the new place announced. */
function OrderingInputs({ question, draft, change, disabled, idPrefix }: InputsProps) {
  const [announcement, setAnnouncement] = useState('');
  const textOf = (itemId: string) => question.items.find((item) => item.id === itemId)?.text ?? '';
  const move = (index: number, delta: -1 | 1) => {
    const next = moveItem(draft.itemIds, index, delta);
    const itemId = draft.itemIds[index] ?? '';
    change({ itemIds: next });
    setAnnouncement(`“${textOf(itemId)}” is now number ${index + delta + 1} of ${next.length}.`);
    // Keep the focus on the same button of the moved item, unless it reached the end where that button is disabled.
    requestAnimationFrame(() => {
      const target = document.getElementById(`${idPrefix}-${itemId}-${delta < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
      const other = document.getElementById(`${idPrefix}-${itemId}-${delta < 0 ? 'down' : 'up'}`) as HTMLButtonElement | null;
      (target && !target.disabled ? target : other)?.focus();
    });
  };
  return (
    <fieldset className="answer-fieldset" disabled={disabled} aria-describedby={`${idPrefix}-order`}>
      <legend className="question-prompt">{question.prompt}</legend>
      <p className="hint" id={`${idPrefix}-order`}>
        Put these in the right order, first at the top.
      </p>
      <ol className="ordering-list">
        {draft.itemIds.map((itemId, index) => (
          <li key={itemId} className="ordering-item">
            <span className="ordering-number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="ordering-text">{textOf(itemId)}</span>
            <span className="ordering-buttons">
              <button type="button" id={`${idPrefix}-${itemId}-up`} className="icon-button" aria-label={`Move “${textOf(itemId)}” up`} disabled={index === 0} onClick={() => move(index, -1)}>
                <span aria-hidden="true">↑</span>
              </button>
              <button
                type="button"
                id={`${idPrefix}-${itemId}-down`}
                className="icon-button"
                aria-label={`Move “${textOf(itemId)}” down`}
                disabled={index === draft.itemIds.length - 1}
                onClick={() => move(index, 1)}
              >
                <span aria-hidden="true">↓</span>
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </fieldset>
  );
}
