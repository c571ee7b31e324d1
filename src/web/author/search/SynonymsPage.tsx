/**
 * `/author/search/synonyms`: the organisation's words that mean the same in search ("PTO, vacation, paid time
 * off"), one group per row, separated by commas. Groups can be added and removed; saving replaces them all and the
 * next search uses them. Problems (the form's and the server's) are shown beside the row they are about.
 */
import { useId, useRef, useState } from 'react';
import { fieldProblemsOf } from '../../lib/field-errors.ts';
import { ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { useSaveSynonyms, useSynonyms } from './search-studio.hooks.ts';
import { SearchStudioNav } from './SearchStudioNav.tsx';
import { buildSynonymGroups, placeServerProblems, rowsFromGroups, splitSynonyms } from './synonym-rows.ts';

interface Row {
  key: number;
  text: string;
}

let nextKey = 0;
const newRow = (text = ''): Row => ({ key: nextKey++, text });

/** `/author/search/synonyms`: the synonym groups, edited as rows and saved together. */
export function SynonymsPage() {
  usePageTitle('Synonyms');
  const synonyms = useSynonyms();
  return (
    <>
      <h1>Search</h1>
      <p className="lead">What learners find when they ask a question, and what they ask that nothing answers yet.</p>
      <SearchStudioNav />
      <h2>Synonyms</h2>
      <p>Words and phrases that mean the same to your people, so a question in their words finds a lesson written in others. Each group applies both ways.</p>
      <ErrorAlert error={synonyms.error} title="The synonyms could not be loaded" />
      {synonyms.isPending && <Loading label="Loading synonyms…" />}
      {synonyms.data && <SynonymsForm saved={synonyms.data.groups} />}
    </>
  );
}

function SynonymsForm({ saved }: { saved: string[][] }) {
  const id = useId();
  const save = useSaveSynonyms();
  const [rows, setRows] = useState<Row[]>(() => (saved.length > 0 ? rowsFromGroups(saved).map((text) => newRow(text)) : [newRow()]));
  const [problems, setProblems] = useState<Record<number, string>>({});
  const [summary, setSummary] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [focusKey, setFocusKey] = useState<number | undefined>(undefined);
  const addButton = useRef<HTMLButtonElement>(null);
  const isDirty = JSON.stringify(rows.map((row) => splitSynonyms(row.text)).filter((words) => words.length > 0)) !== JSON.stringify(saved);

  function edit(index: number, text: string) {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, text } : row)));
    setNotice('');
  }

  function add() {
    const row = newRow();
    setRows((current) => [...current, row]);
    setFocusKey(row.key);
    setNotice('');
  }

  function remove(index: number) {
    setRows((current) => current.filter((_, i) => i !== index));
    // Problems are by row index: the rows after the removed one move up.
    setProblems((current) => Object.fromEntries(Object.entries(current).flatMap(([row, message]) => (Number(row) === index ? [] : [[Number(row) > index ? Number(row) - 1 : Number(row), message]]))));
    setNotice(`Group ${index + 1} was removed. Save to apply.`);
    addButton.current?.focus();
  }

  function submit() {
    setNotice('');
    setSummary(null);
    const draft = buildSynonymGroups(rows.map((row) => row.text));
    if (Object.keys(draft.problems).length > 0) {
      setProblems(draft.problems);
      setSummary(new Error(Object.keys(draft.problems).length === 1 ? 'One group needs correcting: see the message beside it.' : 'Some groups need correcting: see the messages beside them.'));
      return;
    }
    setProblems({});
    save.mutate(draft.groups, {
      onSuccess: (result) => {
        setRows(result.groups.length > 0 ? rowsFromGroups(result.groups).map((text) => newRow(text)) : [newRow()]);
        setNotice(result.groups.length === 0 ? 'Saved: there are no synonyms now.' : `Saved: ${result.groups.length} ${result.groups.length === 1 ? 'group' : 'groups'}. The next search uses them.`);
      },
      onError: (error) => {
        const placed = placeServerProblems(fieldProblemsOf(error), draft);
        const placedCount = Object.keys(placed.rows).length;
        setProblems(placed.rows);
        setSummary(placedCount === 0 ? error : new Error([placedCount === 1 ? 'One group needs correcting: see the message beside it.' : 'Some groups need correcting: see the messages beside them.', ...placed.other].join(' ')));
      },
    });
  }

  return (
    <form
      className="synonyms-form"
      aria-label="Synonym groups"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p className="hint" id={`${id}-hint`}>
        Separate the words or phrases of a group with commas, e.g. “PTO, vacation, paid time off”. A group needs at least two. Empty groups are left out.
      </p>
      <ErrorAlert error={summary} title="The synonyms were not saved" />
      <ol className="synonym-rows">
        {rows.map((row, index) => {
          const problem = problems[index];
          const inputId = `${id}-row-${row.key}`;
          return (
            <li key={row.key} className={problem ? 'synonym-row has-problem' : 'synonym-row'}>
              <div className="field">
                <label htmlFor={inputId}>Group {index + 1}</label>
                <input
                  id={inputId}
                  type="text"
                  value={row.text}
                  onChange={(event) => edit(index, event.target.value)}
                  aria-describedby={problem ? `${inputId}-problem ${id}-hint` : `${id}-hint`}
                  aria-invalid={problem ? true : undefined}
                  autoComplete="off"
                  spellCheck={false}
                  // A group just added takes the focus, so it can be typed into at once.
                  autoFocus={row.key === focusKey}
                />
                {problem && (
                  <p className="synonym-problem" id={`${inputId}-problem`}>
                    {problem}
                  </p>
                )}
              </div>
              <button type="button" className="button button-quiet button-small synonym-remove" onClick={() => remove(index)}>
                Remove<span className="visually-hidden"> group {index + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="form-actions">
        <button type="button" className="button" ref={addButton} onClick={add}>
          Add a group
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save synonyms'}
        </button>
        {isDirty && !save.isPending && <span className="hint">Unsaved changes</span>}
      </div>
      <Notice>{notice}</Notice>
    </form>
  );
}
