/** The question editors: one form per kind, with per-answer feedback, right answers and the confidence toggle. */
import { useId } from 'react';
import { parseCloze } from '../../core/lessons/grading.ts';
import type { ChoiceOption, Question, QuestionKind } from '../lib/content-types.ts';
import { SelectField, TextField } from '../lib/fields.tsx';
import { CheckboxField, LinesField, RadioGroup, TextAreaField } from '../lib/form-controls.tsx';
import { changeQuestionKind, moveItem, newId, QUESTION_KINDS } from './lesson-draft.ts';

type Choice = Extract<Question, { kind: 'single_choice' | 'multiple_choice' }>;
type Ordering = Extract<Question, { kind: 'ordering' }>;
type Cloze = Extract<Question, { kind: 'cloze' }>;
type ShortText = Extract<Question, { kind: 'short_text' }>;
type TrueFalse = Extract<Question, { kind: 'true_false' }>;

/** An optional text: empty means absent. */
const optional = (value: string) => (value === '' ? undefined : value);

/** Move up, move down and remove buttons of one row in a list, named for screen readers. */
export function RowTools({ index, count, name, onMove, onRemove, canRemove = true }: { index: number; count: number; name: string; onMove: (to: number) => void; onRemove: () => void; canRemove?: boolean }) {
  return (
    <div className="row-tools">
      <button type="button" className="icon-button" onClick={() => onMove(index - 1)} disabled={index === 0} title="Move up">
        <span aria-hidden="true">↑</span>
        <span className="visually-hidden">Move {name} up</span>
      </button>
      <button type="button" className="icon-button" onClick={() => onMove(index + 1)} disabled={index === count - 1} title="Move down">
        <span aria-hidden="true">↓</span>
        <span className="visually-hidden">Move {name} down</span>
      </button>
      <button type="button" className="icon-button icon-button-danger" onClick={onRemove} disabled={!canRemove} title="Remove">
        <span aria-hidden="true">✕</span>
        <span className="visually-hidden">Remove {name}</span>
      </button>
    </div>
  );
}

/** Edits one question of any kind; changing the kind keeps what carries over. */
export function QuestionEditor({ question, onChange }: { question: Question; onChange: (question: Question) => void }) {
  return (
    <div className="question-editor">
      <SelectField
        label="Kind of question"
        value={question.kind}
        onValueChange={(kind) => onChange(changeQuestionKind(question, kind as QuestionKind))}
        options={QUESTION_KINDS.map((entry) => ({ value: entry.kind, label: `${entry.label} — ${entry.description}` }))}
      />
      <TextAreaField
        label={question.kind === 'true_false' ? 'Statement' : 'Question'}
        hint={question.kind === 'true_false' ? 'A statement the learner judges true or false.' : question.kind === 'cloze' ? 'The instruction, e.g. “Complete the greeting.”' : undefined}
        rows={2}
        value={question.prompt}
        onValueChange={(prompt) => onChange({ ...question, prompt })}
        maxLength={1000}
      />
      {question.kind === 'single_choice' || question.kind === 'multiple_choice' ? (
        <ChoiceOptions question={question} onChange={onChange} />
      ) : question.kind === 'true_false' ? (
        <TrueFalseFields question={question} onChange={onChange} />
      ) : question.kind === 'ordering' ? (
        <OrderingItems question={question} onChange={onChange} />
      ) : question.kind === 'cloze' ? (
        <ClozeFields question={question} onChange={onChange} />
      ) : (
        <ShortTextFields question={question} onChange={onChange} />
      )}
      {(question.kind === 'ordering' || question.kind === 'cloze' || question.kind === 'short_text') && (
        <div className="form-grid">
          <TextField label="Feedback when right (optional)" value={question.feedbackCorrect ?? ''} onValueChange={(value) => onChange({ ...question, feedbackCorrect: optional(value) })} maxLength={1000} />
          <TextField label="Feedback when wrong (optional)" value={question.feedbackIncorrect ?? ''} onValueChange={(value) => onChange({ ...question, feedbackIncorrect: optional(value) })} maxLength={1000} />
        </div>
      )}
      <TextAreaField
        label="Explanation (optional)"
        hint="Shown after any answer, right or wrong: why the right answer is right."
        rows={2}
        value={question.explanation ?? ''}
        onValueChange={(value) => onChange({ ...question, explanation: optional(value) })}
        maxLength={2000}
      />
      <CheckboxField
        label="Ask how sure the learner is"
        hint="After answering, learners rate their confidence; confident wrong answers are reviewed sooner."
        checked={question.askConfidence}
        onCheckedChange={(askConfidence) => onChange({ ...question, askConfidence })}
      />
    </div>
  );
}

function ChoiceOptions({ question, onChange }: { question: Choice; onChange: (question: Question) => void }) {
  const id = useId();
  const isSingle = question.kind === 'single_choice';
  const max = isSingle ? 10 : 12;
  const setOptions = (options: ChoiceOption[]) => onChange({ ...question, options });
  const setOption = (index: number, change: Partial<ChoiceOption>) => setOptions(question.options.map((option, i) => (i === index ? { ...option, ...change } : option)));
  const markCorrect = (index: number, correct: boolean) =>
    setOptions(question.options.map((option, i) => (isSingle ? { ...option, correct: i === index } : i === index ? { ...option, correct } : option)));
  return (
    <fieldset className="sub-editor">
      <legend>Options</legend>
      <p className="hint">{isSingle ? 'Mark the one right option.' : 'Mark every right option; learners get partial credit.'} Feedback is shown to a learner who picks that option.</p>
      <ol className="option-list">
        {question.options.map((option, index) => (
          <li key={option.id} className={option.correct ? 'option-row is-correct' : 'option-row'}>
            <div className="option-fields">
              <div className="field">
                <label htmlFor={`${id}-${option.id}-text`}>Option {index + 1}</label>
                <input id={`${id}-${option.id}-text`} value={option.text} onChange={(event) => setOption(index, { text: event.target.value })} maxLength={500} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-${option.id}-feedback`}>
                  Feedback<span className="visually-hidden"> for option {index + 1}</span> (optional)
                </label>
                <input id={`${id}-${option.id}-feedback`} value={option.feedback ?? ''} onChange={(event) => setOption(index, { feedback: optional(event.target.value) })} maxLength={1000} />
              </div>
              <label className="checkbox option-correct">
                <input type={isSingle ? 'radio' : 'checkbox'} name={`${id}-correct`} checked={option.correct} onChange={(event) => markCorrect(index, event.target.checked)} />
                <span>
                  Right answer<span className="visually-hidden"> (option {index + 1})</span>
                </span>
              </label>
            </div>
            <RowTools
              index={index}
              count={question.options.length}
              name={`option ${index + 1}`}
              onMove={(to) => setOptions(moveItem(question.options, index, to))}
              onRemove={() => setOptions(question.options.filter((_, i) => i !== index))}
              canRemove={question.options.length > 2}
            />
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small" disabled={question.options.length >= max} onClick={() => setOptions([...question.options, { id: newId('opt'), text: '', correct: false }])}>
        Add option
      </button>
    </fieldset>
  );
}

function TrueFalseFields({ question, onChange }: { question: TrueFalse; onChange: (question: Question) => void }) {
  return (
    <>
      <RadioGroup
        legend="The statement is"
        options={[
          { value: 'true', label: 'True' },
          { value: 'false', label: 'False' },
        ]}
        value={question.answer ? 'true' : 'false'}
        onValueChange={(value) => onChange({ ...question, answer: value === 'true' })}
      />
      <div className="form-grid">
        <TextField label="Feedback when the learner says true (optional)" value={question.feedbackTrue ?? ''} onValueChange={(value) => onChange({ ...question, feedbackTrue: optional(value) })} maxLength={1000} />
        <TextField label="Feedback when the learner says false (optional)" value={question.feedbackFalse ?? ''} onValueChange={(value) => onChange({ ...question, feedbackFalse: optional(value) })} maxLength={1000} />
      </div>
    </>
  );
}

function OrderingItems({ question, onChange }: { question: Ordering; onChange: (question: Question) => void }) {
  const id = useId();
  const setItems = (items: Ordering['items']) => onChange({ ...question, items });
  return (
    <fieldset className="sub-editor">
      <legend>Items, in the right order</legend>
      <p className="hint">Learners see them shuffled and put them back in this order.</p>
      <ol className="option-list">
        {question.items.map((item, index) => (
          <li key={item.id} className="option-row">
            <div className="field">
              <label htmlFor={`${id}-${item.id}`}>Item {index + 1}</label>
              <input id={`${id}-${item.id}`} value={item.text} onChange={(event) => setItems(question.items.map((it, i) => (i === index ? { ...it, text: event.target.value } : it)))} maxLength={300} />
            </div>
            <RowTools
              index={index}
              count={question.items.length}
              name={`item ${index + 1}`}
              onMove={(to) => setItems(moveItem(question.items, index, to))}
              onRemove={() => setItems(question.items.filter((_, i) => i !== index))}
              canRemove={question.items.length > 2}
            />
          </li>
        ))}
      </ol>
      <button type="button" className="button button-small" disabled={question.items.length >= 10} onClick={() => setItems([...question.items, { id: newId('item'), text: '' }])}>
        Add item
      </button>
    </fieldset>
  );
}

function ClozeFields({ question, onChange }: { question: Cloze; onChange: (question: Question) => void }) {
  const { blanks } = parseCloze(question.text);
  return (
    <div className="sub-editor">
      <TextAreaField
        label="Text with blanks"
        className="field-mono"
        hint={
          <>
            Put each blank in double square brackets with its answer: <code>[[Good morning]]</code>. Separate other accepted answers with <code>|</code>: <code>[[Good morning|Good afternoon]]</code>. Case, extra spaces and a
            final full stop are ignored.
          </>
        }
        rows={3}
        value={question.text}
        onValueChange={(text) => onChange({ ...question, text })}
        maxLength={2000}
      />
      <div className="cloze-blanks" aria-live="polite">
        {blanks.length === 0 ? (
          <p className="hint">No blanks yet.</p>
        ) : (
          <>
            <p className="hint">
              {blanks.length === 1 ? '1 blank' : `${blanks.length} blanks`}; accepted answers:
            </p>
            <ol>
              {blanks.map((answers, index) => (
                <li key={index}>{answers.join(' or ')}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}

function ShortTextFields({ question, onChange }: { question: ShortText; onChange: (question: Question) => void }) {
  return (
    <div className="sub-editor">
      <div className="form-grid">
        <LinesField label="Expected answers" hint="One per line; an answer matching any of them is right." rows={3} values={question.expected} onValuesChange={(expected) => onChange({ ...question, expected })} />
        <LinesField label="Keywords" hint="One per line; or an answer containing enough of these words is right." rows={3} values={question.keywords} onValuesChange={(keywords) => onChange({ ...question, keywords })} />
      </div>
      {question.keywords.length > 1 && (
        <TextField
          label="Keywords a right answer needs"
          hint={`Between 1 and ${question.keywords.length}; empty means all of them.`}
          type="number"
          min={1}
          max={question.keywords.length}
          value={question.minKeywords === undefined ? '' : String(question.minKeywords)}
          onValueChange={(value) => onChange({ ...question, minKeywords: value === '' ? undefined : Math.max(1, Math.round(Number(value))) })}
          className="field-narrow"
        />
      )}
    </div>
  );
}
