/** "Did this answer your question?" after a lesson: yes or no, an optional 1–5 rating and an optional comment. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '../lib/feedback.tsx';
import { TextAreaField } from '../lib/form-controls.tsx';
import { useLessonFeedback } from './learn.hooks.ts';

const RATINGS = [1, 2, 3, 4, 5] as const;
const RATING_WORDS: Record<(typeof RATINGS)[number], string> = { 1: 'not useful', 2: 'a little useful', 3: 'useful', 4: 'very useful', 5: 'extremely useful' };

export function LessonFeedbackForm({ courseId, lessonId, coreQuestion, isGiven }: { courseId: string; lessonId: string; coreQuestion: string; isGiven: boolean }) {
  const id = useId();
  const feedback = useLessonFeedback(courseId, lessonId);
  const [answered, setAnswered] = useState<'yes' | 'no' | ''>('');
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState('');

  if (isGiven || feedback.isSuccess) return <Thanks takeFocus={feedback.isSuccess} />;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!answered) {
      setMissing('Choose Yes or No first.');
      return;
    }
    setMissing('');
    feedback.mutate({ answeredMyQuestion: answered === 'yes', ...(rating ? { rating } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) });
  }

  return (
    <form className="lesson-feedback" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Did this answer your question?</h2>
      <p className="lesson-feedback-question">“{coreQuestion}”</p>
      <fieldset className="answer-fieldset">
        <legend className="visually-hidden">Did this answer your question?</legend>
        <div className="choices choices-two">
          {(['yes', 'no'] as const).map((value) => (
            <label key={value} className="choice choice-centred">
              <input
                type="radio"
                name={`${id}-answered`}
                checked={answered === value}
                onChange={() => {
                  setAnswered(value);
                  setMissing('');
                }}
              />
              <span>{value === 'yes' ? 'Yes' : 'No'}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="rating">
        <legend>
          How useful was this lesson? <span className="optional">(optional)</span>
        </legend>
        <div className="rating-stars">
          {RATINGS.map((value) => (
            <label key={value} className={value <= rating ? 'rating-star is-on' : 'rating-star'} title={`${value} of 5: ${RATING_WORDS[value]}`}>
              <input type="radio" className="visually-hidden" name={`${id}-rating`} checked={rating === value} onChange={() => setRating(value)} />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">
                {value} of 5, {RATING_WORDS[value]}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextAreaField label="Anything to add? (optional)" hint="What was missing or unclear, in your own words." value={comment} onValueChange={setComment} rows={3} maxLength={2000} />
      <p role="status" className={missing ? 'question-missing' : 'message-empty'}>
        {missing}
      </p>
      <ErrorAlert error={feedback.error} />
      <button type="submit" className="button button-primary" disabled={feedback.isPending}>
        {feedback.isPending ? 'Sending…' : 'Send feedback'}
      </button>
    </form>
  );
}

/** The thanks that replaces the form; it takes the focus when it replaces the button just pressed. */
function Thanks({ takeFocus }: { takeFocus: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <div ref={ref} tabIndex={-1} className="lesson-feedback lesson-feedback-done">
      <p>
        <strong>Thank you for your feedback.</strong> It goes to the people who write the lessons.
      </p>
    </div>
  );
}
