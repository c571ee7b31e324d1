/** One proposed lesson on the review page: what it is, and edit, split, merge with the next and drop. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Proposal } from '../../../server/modules/import/import.schemas.ts';
import { TextField, SelectField } from '../../lib/fields.tsx';
import { plural } from '../../lib/format.ts';
import { TextAreaField } from '../../lib/form-controls.tsx';
import { formatClock } from '../../lib/blocks/playback.ts';
import { questionKindLabel } from '../lesson-draft.ts';
import { describeDuration, formatDuration } from '../studio-format.ts';
import { formatHeadingPath, isOverBudget, plainWords, splitOptions, summariseQuestion, timeSpanOf, type ReviewChange } from './import-workflow.ts';

/** The id of a proposal's title, which the page focuses after a change. */
export const proposalTitleId = (index: number) => `proposal-${index}-title`;

type Mode = 'view' | 'edit' | 'split' | 'drop';

export interface ProposalCardProps {
  proposal: Proposal;
  index: number;
  /** The next proposal's title, for "Merge with next"; undefined for the last. */
  nextTitle: string | undefined;
  isSelected: boolean;
  /** Whether the source has lines to show for it (not for a recording without a transcript). */
  canShowSource: boolean;
  /** Whether a recording is there to play its span. */
  canPlay: boolean;
  /** A change is on its way to the server: every action waits. */
  isBusy: boolean;
  onSelect: () => void;
  onPlay: (span: { startSeconds: number; endSeconds: number }) => void;
  /** Sends a change; resolves true when it was made. */
  onChange: (change: ReviewChange) => Promise<boolean>;
}

/** A proposal's card. Its forms open in place; "Drop" asks first, since a dropped proposal cannot be brought back. */
export function ProposalCard({ proposal, index, nextTitle, isSelected, canShowSource, canPlay, isBusy, onSelect, onPlay, onChange }: ProposalCardProps) {
  const [mode, setMode] = useState<Mode>('view');
  const titleId = proposalTitleId(index);
  const isOver = isOverBudget(proposal);
  const headingPath = formatHeadingPath(proposal.headingPath);
  const span = timeSpanOf(proposal);
  const from = [headingPath, span && `${formatClock(span.startSeconds)}–${formatClock(span.endSeconds)}`].filter(Boolean).join(', ');
  const words = plainWords(proposal.text).split(' ').filter(Boolean).length;
  const name = proposal.title || `Lesson ${index + 1}`;
  return (
    <li className={['proposal', isSelected ? 'is-selected' : '', isOver ? 'is-over' : ''].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      <div className="proposal-head">
        <h4 id={titleId} tabIndex={-1} className="proposal-title">
          <span className="proposal-number">{index + 1}.</span> {name}
        </h4>
        <p className="proposal-chips">
          <span className={isOver ? 'chip chip-over' : 'chip chip-time'} title={describeDuration(proposal.estimatedSeconds)}>
            <span className="visually-hidden">Takes about </span>
            {formatDuration(proposal.estimatedSeconds)}
          </span>
          {isOver && <span className="proposal-over">Over 2 minutes: split or shorten</span>}
        </p>
      </div>
      {from && (
        <p className="proposal-path">
          <span className="muted">From </span>
          {from}
        </p>
      )}
      <p className="proposal-core">
        <span className="proposal-label">Core question</span> {proposal.coreQuestion || <span className="muted">None yet</span>}
      </p>
      {words > 0 && (
        <details className="proposal-text">
          <summary>
            Text <span className="muted">({plural(words, 'word', 'words')})</span>
            <span className="visually-hidden"> of {name}</span>
          </summary>
          <div className="proposal-text-body">{proposal.text}</div>
        </details>
      )}
      {proposal.questions.length > 0 ? (
        <div className="proposal-questions">
          <p className="proposal-label">Draft {proposal.questions.length === 1 ? 'question' : 'questions'}</p>
          <ul>
            {proposal.questions.map((question, questionIndex) => (
              <li key={questionIndex}>
                <span className="chip">{questionKindLabel(question.kind)}</span> {summariseQuestion(question)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted proposal-questions">No draft questions: add one after accepting.</p>
      )}

      <div className="proposal-actions" role="group" aria-label={`Actions for ${name}`}>
        {canShowSource && (
          <button type="button" className="button button-small" aria-pressed={isSelected} onClick={onSelect}>
            {isSelected ? 'Shown in source' : 'Show in source'}
          </button>
        )}
        {canPlay && span && (
          <button type="button" className="button button-small" onClick={() => onPlay(span)}>
            Play<span className="visually-hidden"> {name}</span> ({formatClock(span.startSeconds)}–{formatClock(span.endSeconds)})
          </button>
        )}
        <button type="button" className="button button-small" aria-expanded={mode === 'edit'} onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')} disabled={isBusy}>
          Edit<span className="visually-hidden"> {name}</span>
        </button>
        {proposal.pieces.length > 1 && (
          <button type="button" className="button button-small" aria-expanded={mode === 'split'} onClick={() => setMode(mode === 'split' ? 'view' : 'split')} disabled={isBusy}>
            Split…<span className="visually-hidden"> {name}</span>
          </button>
        )}
        {nextTitle !== undefined && (
          <button type="button" className="button button-small" onClick={() => void onChange({ op: 'merge', index })} disabled={isBusy}>
            Merge with next<span className="visually-hidden">: {name} and {nextTitle}</span>
          </button>
        )}
        <button type="button" className="button button-small button-quiet" aria-expanded={mode === 'drop'} onClick={() => setMode(mode === 'drop' ? 'view' : 'drop')} disabled={isBusy}>
          Drop<span className="visually-hidden"> {name}</span>
        </button>
      </div>
      {mode === 'edit' && <EditForm proposal={proposal} index={index} isBusy={isBusy} onChange={onChange} onClose={() => setMode('view')} />}
      {mode === 'split' && <SplitForm proposal={proposal} index={index} isBusy={isBusy} onChange={onChange} onClose={() => setMode('view')} />}
      {mode === 'drop' && <DropConfirm name={name} index={index} isBusy={isBusy} onChange={onChange} onClose={() => setMode('view')} />}
    </li>
  );
}

interface FormProps {
  proposal: Proposal;
  index: number;
  isBusy: boolean;
  onChange: (change: ReviewChange) => Promise<boolean>;
  onClose: () => void;
}

/** Moves focus into a form that has just opened, so keyboard users land where they work. */
function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    element?.focus();
  }, []);
  return ref;
}

function EditForm({ proposal, index, isBusy, onChange, onClose }: FormProps) {
  const ref = useFocusOnOpen<HTMLFormElement>();
  const [title, setTitle] = useState(proposal.title);
  const [coreQuestion, setCoreQuestion] = useState(proposal.coreQuestion);
  const [text, setText] = useState(proposal.text);
  const [problem, setProblem] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (title.trim() === '') {
      setProblem('A lesson needs a title.');
      return;
    }
    setProblem('');
    const change: ReviewChange = {
      op: 'edit',
      index,
      ...(title.trim() !== proposal.title && { title: title.trim() }),
      ...(coreQuestion.trim() !== proposal.coreQuestion && { coreQuestion: coreQuestion.trim() }),
      ...(text !== proposal.text && { text }),
    };
    if (Object.keys(change).length === 2) {
      onClose();
      return;
    }
    if (await onChange(change)) onClose();
  }

  return (
    <form ref={ref} className="proposal-form" onSubmit={(event) => void submit(event)} aria-label={`Edit ${proposal.title}`}>
      <TextField label="Title" value={title} onValueChange={setTitle} maxLength={200} required autoComplete="off" hint={problem ? <span className="proposal-problem">{problem}</span> : undefined} aria-invalid={problem ? true : undefined} />
      <TextField label="Core question" hint="The one question this lesson answers, as a learner would ask it." value={coreQuestion} onValueChange={setCoreQuestion} maxLength={300} autoComplete="off" />
      <TextAreaField label="Text" hint="Markdown. The estimate is worked out again when you save." value={text} onValueChange={setText} rows={8} maxLength={20_000} />
      <FormActions isBusy={isBusy} label="Save" busyLabel="Saving…" onClose={onClose} />
    </form>
  );
}

/** A proposal form's submit and cancel buttons. */
function FormActions({ isBusy, label, busyLabel, onClose }: { isBusy: boolean; label: string; busyLabel: string; onClose: () => void }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary button-small" disabled={isBusy}>
        {isBusy ? busyLabel : label}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}

function SplitForm({ proposal, index, isBusy, onChange, onClose }: FormProps) {
  const ref = useFocusOnOpen<HTMLFormElement>();
  const options = splitOptions(proposal.pieces);
  // The middle piece: a fair first guess at where the lesson falls in two.
  const [atPiece, setAtPiece] = useState(options[Math.floor((options.length - 1) / 2)]?.value ?? '1');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await onChange({ op: 'split', index, atPiece: Number(atPiece) })) onClose();
  }

  return (
    <form ref={ref} className="proposal-form" onSubmit={(event) => void submit(event)} aria-label={`Split ${proposal.title}`}>
      <SelectField label="Split before" hint={`The text has ${proposal.pieces.length} parts (sentences or list items); the second lesson starts with the one you choose.`} value={atPiece} onValueChange={setAtPiece} options={options} />
      <FormActions isBusy={isBusy} label="Split here" busyLabel="Splitting…" onClose={onClose} />
    </form>
  );
}

function DropConfirm({ name, index, isBusy, onChange, onClose }: Omit<FormProps, 'proposal'> & { name: string }) {
  const ref = useFocusOnOpen<HTMLDivElement>();
  const id = useId();
  return (
    <div ref={ref} className="proposal-form proposal-drop" role="group" aria-labelledby={id}>
      <p id={id}>
        Drop “{name}”? It will not become a lesson, and its text will not be in the course. This cannot be undone, but the source stays here.
      </p>
      <div className="form-actions">
        <button type="button" className="button button-danger button-small" onClick={() => void onChange({ op: 'drop', index })} disabled={isBusy}>
          {isBusy ? 'Dropping…' : 'Drop lesson'}
        </button>
        <button type="button" className="button button-quiet button-small" onClick={onClose}>
          Keep it
        </button>
      </div>
    </div>
  );
}
