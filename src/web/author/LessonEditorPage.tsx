import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { findVariables } from '../../core/lessons/variables.ts';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import type { BlockType, Lesson, LessonVariable, MediaItem, QuestionKind } from '../lib/content-types.ts';
import { ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { formatDateTime, formatList } from '../lib/format.ts';
import { CommaListField, TextAreaField } from '../lib/form-controls.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { BlockEditor, blockHeadingId } from './BlockEditor.tsx';
import { BLOCK_TYPES, blockLabel, FIELD_LABELS, QUESTION_KINDS } from './lesson-draft.ts';
import { PhoneFrame } from './LessonPreview.tsx';
import { useLessonEditor, useLessonPreview, useLessonRevisions, useLiveLint, useLesson, type LessonEditor } from './lessons.hooks.ts';
import { mediaIdsOf } from '../../core/lessons/linter.ts';
import { useMediaItems } from './media.hooks.ts';
import { useObjectives } from './objectives.hooks.ts';
import { DurationMeter, FindingsPanel, StatusChip, type PanelFinding } from './StudioParts.tsx';

const FIELD_NAMES: Record<string, string> = { title: 'the title', coreQuestion: 'the core question', objectiveId: 'the objective', tags: 'the tags' };

/** `/author/lessons/new`: a new lesson (optionally for `?objectiveId=`, and answering `?coreQuestion=`). */
export function NewLessonPage() {
  usePageTitle('New lesson');
  const [searchParams] = useSearchParams();
  return <LessonEditorView lesson={undefined} initialObjectiveId={searchParams.get('objectiveId')} initialCoreQuestion={searchParams.get('coreQuestion')} />;
}

/** `/author/lessons/:id`: edit, check, preview, submit and publish a lesson. */
export function EditLessonPage() {
  const { id = '' } = useParams();
  const lesson = useLesson(id);
  usePageTitle(lesson.data ? `Lesson: ${lesson.data.title}` : 'Lesson');
  if (lesson.isPending) return <Loading label="Loading the lesson…" />;
  if (lesson.isError) {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/author">Studio</Link>
        </p>
        <h1>Lesson not found</h1>
        <ErrorAlert error={lesson.error} />
      </>
    );
  }
  return <LessonEditorView key={lesson.data.id} lesson={lesson.data} initialObjectiveId={null} initialCoreQuestion={null} />;
}

/** Focus and scroll to an element, for "Go to…" buttons. */
function focusElement(element: Element | null) {
  if (!(element instanceof HTMLElement)) return;
  element.scrollIntoView({ block: 'center', behavior: 'smooth' });
  element.focus({ preventScroll: true });
}

function LessonEditorView({ lesson, initialObjectiveId, initialCoreQuestion }: { lesson: Lesson | undefined; initialObjectiveId: string | null; initialCoreQuestion: string | null }) {
  const editor = useLessonEditor(lesson, initialObjectiveId, initialCoreQuestion);
  const live = useLiveLint(editor.draft);
  const notice = useNavigationNotice();
  const { draft, saved } = editor;
  const [pendingFocus, setPendingFocus] = useState<{ blockId: string; target: 'first-field' | 'up' | 'down' | 'undo' } | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const addToggleRef = useRef<HTMLButtonElement>(null);
  const [isPreviewOpen, setPreviewOpen] = useState(false);
  // "Lesson created…" stays until the first change, not for the whole session.
  const [hasEdited, setEdited] = useState(false);
  if (editor.dirty && saved && !hasEdited) setEdited(true);

  // After adding, moving or removing a block, put focus where the author expects it.
  useEffect(() => {
    if (!pendingFocus) return;
    setPendingFocus(null);
    if (pendingFocus.target === 'undo') {
      undoRef.current?.focus();
      return;
    }
    const card = document.querySelector(`[data-block-id="${CSS.escape(pendingFocus.blockId)}"]`);
    if (!card) return;
    if (pendingFocus.target === 'first-field') {
      focusElement(card.querySelector('.block-fields :is(input, textarea, select, button)'));
      return;
    }
    const wanted = card.querySelector<HTMLButtonElement>(`[data-action="${pendingFocus.target}"]`);
    const other = card.querySelector<HTMLButtonElement>(`[data-action="${pendingFocus.target === 'up' ? 'down' : 'up'}"]`);
    (wanted && !wanted.disabled ? wanted : other)?.focus();
  }, [pendingFocus]);

  // When a file the lesson uses changes (captions added, say), ask the server to check the saved revision again.
  const knownMedia = useRef<string | null>(null);
  useEffect(() => {
    if (!live.isMediaKnown) return;
    const previous = knownMedia.current;
    knownMedia.current = live.mediaSignature;
    if (previous !== null && previous !== live.mediaSignature && !editor.dirty) editor.relint();
  }, [live.isMediaKnown, live.mediaSignature]);

  // Ctrl+S / ⌘S saves.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (!editor.isBusy) editor.save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const liveFindings: PanelFinding[] = live.result?.findings ?? [];
  const shownFindings: PanelFinding[] = editor.publishRefusal ? editor.publishRefusal.findings : editor.dirty || !saved ? liveFindings : saved.lint.findings;
  const source = editor.publishRefusal
    ? 'Reported by the server when you tried to publish.'
    : editor.dirty || !saved
      ? 'Checked as you type; the server checks again when you save.'
      : `Checked by the server when revision ${saved.revision} was saved.`;
  const blockSeconds = new Map((live.result?.duration.blocks ?? []).map((entry) => [entry.blockId, entry.seconds]));
  const seconds = live.result?.duration.seconds ?? saved?.lint.estimatedSeconds ?? 0;
  const errors = shownFindings.filter((finding) => finding.severity === 'error').length;

  function goTo(finding: PanelFinding) {
    if (finding.blockId) focusElement(document.getElementById(blockHeadingId(finding.blockId)));
    else if (finding.field) focusElement(document.querySelector(`[data-field="${finding.field}"]`));
    else {
      addToggleRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      addToggleRef.current?.focus({ preventScroll: true });
    }
  }

  function goToLabel(finding: PanelFinding): string | undefined {
    if (finding.blockId) {
      const index = draft.blocks.findIndex((block) => block.id === finding.blockId);
      return index >= 0 ? `Go to block ${index + 1}` : undefined;
    }
    if (finding.field) return FIELD_NAMES[finding.field] ? `Go to ${FIELD_NAMES[finding.field]}` : undefined;
    if (finding.rule === 'no_validation' || finding.rule === 'text_only') return 'Go to “Add a block”';
    return undefined;
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/author">Studio</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">{saved ? 'Lesson' : 'New lesson'}</p>
          <h1 className="editor-title">{saved?.title || draft.title.trim() || 'Untitled lesson'}</h1>
        </div>
        {saved && (
          <div className="status-line">
            <StatusChip status={saved.status} />
            <span className="muted">
              Revision {saved.revision}
              {saved.publishedRevision !== null && saved.publishedRevision !== saved.revision && ` · revision ${saved.publishedRevision} is live`}
            </span>
          </div>
        )}
      </div>
      <Notice>{hasEdited ? undefined : notice}</Notice>

      <div className="editor-bar" role="group" aria-label="Duration and saving">
        <DurationMeter seconds={seconds} compact />
        <div className="editor-bar-actions">
          <SaveState editor={editor} />
          <a href="#lesson-checks" className="editor-bar-problems" onClick={(event) => {
            event.preventDefault();
            focusElement(document.getElementById('lesson-checks'));
          }}>
            {errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : shownFindings.length > 0 ? `${shownFindings.length} warning${shownFindings.length === 1 ? '' : 's'}` : 'No problems'}
          </a>
          <button type="button" className="button button-primary" onClick={editor.save} disabled={editor.isBusy} aria-keyshortcuts="Control+S">
            {editor.pendingAction === 'save' ? 'Saving…' : saved ? 'Save' : 'Create lesson'}
          </button>
        </div>
      </div>

      {editor.conflict && <ConflictMessage editor={editor} />}
      <ErrorAlert error={editor.error} title={editor.saveState.kind === 'failed' ? 'The lesson was not saved' : undefined} />

      <div className="editor-layout">
        <div className="editor-main">
          <DetailsSection editor={editor} />
          <section className="blocks-section" aria-labelledby="blocks-heading">
            <div className="section-head">
              <h2 id="blocks-heading">Blocks</h2>
              <p className="hint">Show, don’t only tell: use at least one video, image, demo, tool, sample or case study, and at least one question.</p>
            </div>
            {editor.lastRemoved && (
              <div className="message message-info undo-bar" role="status">
                <p>Removed the {blockLabel(editor.lastRemoved.block)} block.</p>
                <button ref={undoRef} type="button" className="button button-small" onClick={() => {
                  const id = editor.lastRemoved?.block.id;
                  editor.undoRemove();
                  if (id) setPendingFocus({ blockId: id, target: 'first-field' });
                }}>
                  Undo
                </button>
              </div>
            )}
            {draft.blocks.length === 0 ? (
              <div className="empty-state">
                <h3>No blocks yet</h3>
                <p>A micro-lesson is a few blocks: a short text, something to see or do (a video, an image, steps, a checklist) and a question that checks it stuck.</p>
              </div>
            ) : (
              <ol className="block-list">
                {draft.blocks.map((block, index) => (
                  <BlockEditor
                    key={block.id}
                    block={block}
                    index={index}
                    count={draft.blocks.length}
                    seconds={blockSeconds.get(block.id)}
                    findings={liveFindings.filter((finding) => finding.blockId === block.id)}
                    issues={editor.showBlockIssues ? (editor.issuesByBlock.get(block.id) ?? []) : []}
                    onChange={editor.updateBlock}
                    onMove={(direction) => {
                      editor.moveBlock(block.id, direction);
                      setPendingFocus({ blockId: block.id, target: direction === -1 ? 'up' : 'down' });
                    }}
                    onRemove={() => {
                      editor.removeBlock(block.id);
                      setPendingFocus({ blockId: block.id, target: 'undo' });
                    }}
                  />
                ))}
              </ol>
            )}
            <AddBlockMenu
              toggleRef={addToggleRef}
              onAdd={(type, kind) => {
                const id = editor.addBlock(type, kind);
                setPendingFocus({ blockId: id, target: 'first-field' });
              }}
            />
          </section>
        </div>

        <aside className="editor-aside" aria-label="Checks, publishing and history">
          <section className="panel panel-tight" aria-labelledby="publish-heading">
            <h2 id="publish-heading">Review and publish</h2>
            <PublishActions editor={editor} onPreview={() => setPreviewOpen(true)} />
          </section>
          <div className="panel panel-tight" id="lesson-checks-panel">
            {editor.publishRefusal && (
              <div role="alert" className="message message-error">
                <p className="message-title">Not published</p>
                <p>Fix the errors below, save, and publish again.</p>
              </div>
            )}
            <FindingsPanel
              headingId="lesson-checks"
              heading="Checks"
              source={live.isMediaKnown || !editor.dirty ? source : 'Loading the media library…'}
              findings={shownFindings}
              emptyText="No problems found: this lesson follows the rules of micro-learning."
              goToLabel={goToLabel}
              onGoTo={goTo}
            />
          </div>
          {saved && <RevisionHistory lesson={saved} />}
          {saved && saved.publishedRevision === null && (
            <div className="danger-zone">
              <p className="hint">A lesson that was never published and is in no course can be deleted.</p>
              <button type="button" className="button button-danger button-small" onClick={editor.deleteLesson}>
                Delete lesson
              </button>
            </div>
          )}
        </aside>
      </div>
      <p role="status" className="visually-hidden">
        {editor.announcement}
      </p>
      {saved && isPreviewOpen && <PreviewDialog lesson={saved} isDirty={editor.dirty} onClose={() => setPreviewOpen(false)} />}
    </>
  );
}

function SaveState({ editor }: { editor: LessonEditor }) {
  const { saveState, dirty, saved } = editor;
  const visible = saveState.kind === 'saving' ? 'Saving…' : saveState.kind === 'saved' && !dirty ? `Saved ${saveState.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : dirty ? (saved ? 'Unsaved changes' : 'Not saved yet') : 'All changes saved';
  const spoken = saveState.kind === 'saving' ? 'Saving…' : saveState.kind === 'saved' ? `Saved as revision ${saveState.revision}.` : '';
  return (
    <>
      <span className={dirty ? 'save-state is-dirty' : 'save-state'}>{visible}</span>
      <span role="status" className="visually-hidden">
        {spoken}
      </span>
    </>
  );
}

function ConflictMessage({ editor }: { editor: LessonEditor }) {
  const current = (editor.conflict?.details as { currentRevision?: number } | undefined)?.currentRevision;
  return (
    <div role="alert" className="message message-error conflict">
      <p className="message-title">Someone else saved this lesson since you opened it{current ? ` (it is now at revision ${current})` : ''}.</p>
      <p>Your changes were not saved, so nothing of theirs was overwritten. Reload the latest version, then apply your changes again; copy anything you want to keep first.</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={editor.reloadLatest} disabled={editor.isBusy}>
          Reload the latest version
        </button>
      </div>
    </div>
  );
}

function DetailsSection({ editor }: { editor: LessonEditor }) {
  const { draft } = editor;
  const objectives = useObjectives();
  const options = [{ value: '', label: objectives.isPending ? 'Loading objectives…' : 'Choose an objective' }, ...(objectives.data?.items ?? []).map((objective) => ({ value: objective.id, label: objective.title }))];
  return (
    <section className="form-section editor-details" aria-labelledby="details-heading">
      <h2 id="details-heading">What it answers</h2>
      <TextField label="Title" value={draft.title} onValueChange={(title) => editor.update({ title })} required maxLength={200} autoComplete="off" data-field="title" />
      <TextAreaField
        label="Core question"
        hint="The one specific question a learner asks on the job, e.g. “What do I say when a customer asks for a refund after 30 days?”"
        rows={2}
        value={draft.coreQuestion}
        onValueChange={(coreQuestion) => editor.update({ coreQuestion: coreQuestion.replace(/\n/g, ' ') })}
        maxLength={300}
        data-field="coreQuestion"
      />
      <SelectField
        label="Objective"
        hint={
          objectives.data && objectives.data.items.length === 0 ? (
            <>
              No objectives yet: <Link to="/author/objectives/new">record one first</Link>.
            </>
          ) : (
            'The learning objective this lesson serves.'
          )
        }
        value={draft.objectiveId ?? ''}
        onValueChange={(value) => editor.update({ objectiveId: value || null })}
        options={options}
        data-field="objectiveId"
      />
      <CommaListField label="Tags" hint="Words learners search with, separated by commas, e.g. refund, returns, till." values={draft.tags} onValuesChange={(tags) => editor.update({ tags })} autoComplete="off" data-field="tags" />
      <VariablesField editor={editor} />
    </section>
  );
}

function VariablesField({ editor }: { editor: LessonEditor }) {
  const id = useId();
  const { draft } = editor;
  const declared = new Set(draft.variables.map((variable) => variable.name));
  const used = findVariables(draft.blocks, [draft.title, draft.coreQuestion]);
  const undeclared = used.filter((name) => !declared.has(name));
  const setVariables = (variables: LessonVariable[]) => editor.update({ variables });
  const setVariable = (index: number, change: Partial<LessonVariable>) => setVariables(draft.variables.map((variable, i) => (i === index ? { ...variable, ...change } : variable)));
  return (
    <fieldset className="sub-editor variables">
      <legend>Variables</legend>
      <p className="hint">
        Write <code>{'{{name}}'}</code> in any text for something each course fills in (a product, a store), so one lesson serves several courses without copies. A default value and a description are optional.
      </p>
      {undeclared.length > 0 && (
        <p className="variables-undeclared">
          Used but not described: {formatList(undeclared.map((name) => `{{${name}}}`))}.{' '}
          <button type="button" className="button button-small" onClick={() => setVariables([...draft.variables, ...undeclared.map((name) => ({ name }))])}>
            Describe {undeclared.length === 1 ? 'it' : 'them'}
          </button>
        </p>
      )}
      {draft.variables.length > 0 && (
        <ul className="variable-list">
          {draft.variables.map((variable, index) => (
            <li key={index} className="variable-row">
              <div className="field">
                <label htmlFor={`${id}-${index}-name`}>Name</label>
                <input id={`${id}-${index}-name`} value={variable.name} onChange={(event) => setVariable(index, { name: event.target.value.trim() })} maxLength={40} spellCheck={false} autoComplete="off" />
              </div>
              <div className="field">
                <label htmlFor={`${id}-${index}-default`}>Default value</label>
                <input id={`${id}-${index}-default`} value={variable.defaultValue ?? ''} onChange={(event) => setVariable(index, { defaultValue: event.target.value === '' ? undefined : event.target.value })} maxLength={300} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-${index}-description`}>Description</label>
                <input id={`${id}-${index}-description`} value={variable.description ?? ''} onChange={(event) => setVariable(index, { description: event.target.value === '' ? undefined : event.target.value })} maxLength={300} />
              </div>
              <button type="button" className="icon-button icon-button-danger" onClick={() => setVariables(draft.variables.filter((_, i) => i !== index))} title="Remove variable">
                <span aria-hidden="true">✕</span>
                <span className="visually-hidden">Remove the variable {variable.name || index + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="button button-small" onClick={() => setVariables([...draft.variables, { name: '' }])} disabled={draft.variables.length >= 20}>
          Add variable
        </button>
      </div>
    </fieldset>
  );
}

function AddBlockMenu({ onAdd, toggleRef }: { onAdd: (type: BlockType, kind?: QuestionKind) => void; toggleRef: RefObject<HTMLButtonElement | null> }) {
  const [isOpen, setOpen] = useState(false);
  const menuId = useId();
  function add(type: BlockType, kind?: QuestionKind) {
    setOpen(false);
    onAdd(type, kind);
  }
  function closeOnEscape(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Escape') return;
    setOpen(false);
    toggleRef.current?.focus();
  }
  return (
    <div className="add-block" onKeyDown={closeOnEscape}>
      <button ref={toggleRef} type="button" className="button add-block-toggle" aria-expanded={isOpen} aria-controls={menuId} onClick={() => setOpen((open) => !open)}>
        <span aria-hidden="true">+</span> Add a block
      </button>
      <div id={menuId} className="add-block-menu" hidden={!isOpen}>
        <h3 className="add-block-group">Show or explain</h3>
        <ul className="add-block-grid">
          {BLOCK_TYPES.map((entry) => (
            <li key={entry.type}>
              <button type="button" className="add-block-option" onClick={() => add(entry.type)}>
                <strong>{entry.label}</strong>
                <span>{entry.description}</span>
              </button>
            </li>
          ))}
        </ul>
        <h3 className="add-block-group">Check it stuck: a question</h3>
        <ul className="add-block-grid">
          {QUESTION_KINDS.map((entry) => (
            <li key={entry.kind}>
              <button type="button" className="add-block-option" onClick={() => add('question', entry.kind)}>
                <strong>{entry.label}</strong>
                <span>{entry.description}</span>
                <span className="visually-hidden"> (question)</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function PublishActions({ editor, onPreview }: { editor: LessonEditor; onPreview: () => void }) {
  const { saved } = editor;
  if (!saved) return <p className="hint">Create the lesson to preview it, submit it for review and publish it.</p>;
  return (
    <>
      <div className="publish-actions">
        <button type="button" className="button" onClick={onPreview}>
          Preview as learner
        </button>
        {saved.status === 'draft' && (
          <button type="button" className="button" onClick={editor.submitForReview} disabled={editor.isBusy}>
            {editor.pendingAction === 'submit' ? 'Submitting…' : editor.dirty ? 'Save and submit for review' : 'Submit for review'}
          </button>
        )}
        <button type="button" className="button button-primary" onClick={editor.publish} disabled={editor.isBusy || (saved.status === 'published' && !editor.dirty)}>
          {editor.pendingAction === 'publish' ? 'Publishing…' : saved.status === 'published' && !editor.dirty ? 'Published' : editor.dirty ? 'Save and publish' : 'Publish'}
        </button>
      </div>
      <p className="hint">
        {saved.status === 'published'
          ? 'Learners get the published revision. Changes you save become a new draft until you publish again.'
          : saved.status === 'in_review'
            ? 'In review: a colleague can check it, then publish it.'
            : 'Publishing checks the lesson again; errors block it, warnings don’t.'}
      </p>
    </>
  );
}

function RevisionHistory({ lesson }: { lesson: Lesson }) {
  const revisions = useLessonRevisions(lesson.id, lesson.revision);
  const [isAll, setAll] = useState(false);
  const items = revisions.data?.items ?? [];
  const shown = isAll ? items : items.slice(0, 6);
  const actions: Record<string, string> = { created: 'Created', edited: 'Changed', submitted: 'Submitted for review', published: 'Published', returned: 'Returned to draft' };
  return (
    <section className="panel panel-tight history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ErrorAlert error={revisions.error} />
      {revisions.isPending ? (
        <Loading label="Loading history…" />
      ) : (
        <ol className="history-list">
          {shown.map((entry, index) => (
            <li key={`${entry.revision}-${entry.action}-${index}`}>
              <p>
                <strong>{actions[entry.action] ?? entry.action}</strong>
                {entry.action === 'edited' && entry.changedFields.length > 0 && ` ${formatList(entry.changedFields.map((field) => FIELD_LABELS[field] ?? field))}`}
                <span className="muted"> · revision {entry.revision}</span>
              </p>
              <p className="hint">
                {entry.changedBy?.displayName ?? 'Morsel'}, <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      {items.length > 6 && (
        <button type="button" className="button button-small button-quiet" onClick={() => setAll((all) => !all)}>
          {isAll ? 'Show fewer' : `Show all ${items.length}`}
        </button>
      )}
    </section>
  );
}

function PreviewDialog({ lesson, isDirty, onClose }: { lesson: Lesson; isDirty: boolean; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(lesson.variables.map((variable) => [variable.name, variable.defaultValue ?? ''])));
  const [applied, setApplied] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')));
  const preview = useLessonPreview(lesson.id, lesson.revision, applied, true);
  const { byId } = useMediaItems(lesson.blocks.flatMap(mediaIdsOf));

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={dialogRef} className="dialog dialog-preview" aria-labelledby={headingId} onClose={onClose}>
      <div className="dialog-body">
        <div className="dialog-head">
          <h2 id={headingId}>Preview as learner</h2>
          <button type="button" className="button button-small button-quiet" onClick={() => dialogRef.current?.close()}>
            Close
          </button>
        </div>
        <p className="hint">{isDirty ? 'This shows the last saved revision; save to see your latest changes.' : `Revision ${lesson.revision}, as learners will get it.`}</p>
        {lesson.variables.length > 0 && (
          <form
            className="form preview-variables"
            onSubmit={(event) => {
              event.preventDefault();
              setApplied(Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')));
            }}
          >
            <div className="form-grid">
              {lesson.variables.map((variable) => (
                <TextField key={variable.name} label={`{{${variable.name}}}`} hint={variable.description} value={values[variable.name] ?? ''} onValueChange={(value) => setValues((current) => ({ ...current, [variable.name]: value }))} />
              ))}
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-small">
                Fill in the preview
              </button>
            </div>
          </form>
        )}
        <ErrorAlert error={preview.error} />
        {preview.isPending ? <Loading label="Rendering the preview…" /> : preview.data && <PhoneFrame lesson={preview.data} media={byId as ReadonlyMap<string, MediaItem>} />}
      </div>
    </dialog>
  );
}
