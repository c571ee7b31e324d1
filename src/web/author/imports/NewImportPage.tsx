import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { DocumentFormat, ImportKind } from '../../../server/modules/import/import.schemas.ts';
import { ErrorAlert } from '../../lib/feedback.tsx';
import { SelectField, TextField } from '../../lib/fields.tsx';
import { plural } from '../../lib/format.ts';
import { RadioGroup, TextAreaField } from '../../lib/form-controls.tsx';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { MediaPicker } from '../MediaPicker.tsx';
import { formatBytes } from '../studio-format.ts';
import { chooseFormat, sourceLines, type SourceText } from './import-workflow.ts';
import { useNewImportForm, type SourceField } from './imports.hooks.ts';
import './imports.css';

const KIND_OPTIONS: ReadonlyArray<{ value: ImportKind; label: string }> = [
  { value: 'document', label: 'A document: Markdown, HTML or plain text' },
  { value: 'transcript', label: 'A transcript: WebVTT or SRT captions, with or without the recording' },
  { value: 'recording', label: 'A recording without a transcript: video or audio' },
];

const FORMAT_LABELS: Record<DocumentFormat, string> = { markdown: 'Markdown', html: 'HTML', text: 'Plain text' };

/** `/author/imports/new`: choose or paste the source; the server then proposes lessons. */
export function NewImportPage() {
  usePageTitle('New import');
  const form = useNewImportForm();
  const { values } = form;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/author/imports">Imports</Link>
      </p>
      <h1 id="new-import-heading">New import</h1>
      <p className="lead">Morsel reads the source and proposes lessons of two minutes or less, each with a core question and draft questions. Nothing is created until you have reviewed and accepted them.</p>
      {/* Not a <form>: the media picker's dialog holds its own upload form, and forms must not nest. */}
      <div className="card import-form" role="group" aria-labelledby="new-import-heading">
        <RadioGroup legend="What are you importing?" name="import-kind" options={KIND_OPTIONS} value={values.kind} onValueChange={(kind) => form.set('kind', kind)} />
        {values.kind === 'document' && <DocumentFields form={form} />}
        {values.kind === 'transcript' && <TranscriptFields form={form} />}
        {values.kind === 'recording' && (
          <section className="form-section" aria-labelledby="recording-heading">
            <h2 id="recording-heading">The recording</h2>
            <p className="hint">Morsel proposes cuts at pauses and scene changes. Upload the video or audio file, or pick one already in the media library.</p>
            <MediaPicker kinds={['video', 'audio']} label="Recording" value={values.mediaId} onChange={(id) => form.set('mediaId', id)} />
          </section>
        )}
        <TextField
          label="Course title (optional)"
          hint="The suggested course’s title; taken from the source otherwise. You can change it while reviewing."
          value={values.title}
          onValueChange={(title) => form.set('title', title)}
          maxLength={200}
          autoComplete="off"
        />
        <ErrorAlert error={form.problem ? new Error(form.problem) : form.error} title={form.problem ? undefined : 'The import was not started'} />
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={form.submit} disabled={form.isSubmitting || form.isReading}>
            {form.isSubmitting ? 'Starting…' : 'Propose lessons'}
          </button>
          <Link to="/author/imports" className="button button-quiet">
            Cancel
          </Link>
        </div>
      </div>
    </>
  );
}

type ImportForm = ReturnType<typeof useNewImportForm>;

function DocumentFields({ form }: { form: ImportForm }) {
  const { values } = form;
  const hasFile = Boolean(values.document.filename);
  const suggested = chooseFormat(values.document.filename, values.document.text);
  return (
    <section className="form-section" aria-labelledby="document-heading">
      <h2 id="document-heading">The document</h2>
      <TextFileField
        label="Document file"
        hint="A Markdown (.md), HTML (.html) or text (.txt) file; it is read in your browser and sent as text."
        accept=".md,.markdown,.html,.htm,.txt,.text,text/markdown,text/html,text/plain"
        field="document"
        source={hasFile ? values.document : undefined}
        form={form}
      />
      {!hasFile && (
        <TextAreaField
          label="Or paste the text"
          hint="Headings (Markdown #, HTML <h1>–<h6>) become modules and lesson titles."
          value={values.document.text}
          onValueChange={(text) => form.set('document', { text })}
          rows={10}
          spellCheck={false}
        />
      )}
      <SelectField
        label="Format"
        hint={values.format ? undefined : `Chosen from the ${hasFile ? 'file name' : 'text'}: ${FORMAT_LABELS[suggested]}.`}
        value={values.format || suggested}
        onValueChange={(format) => form.set('format', format as DocumentFormat)}
        options={(Object.keys(FORMAT_LABELS) as DocumentFormat[]).map((format) => ({ value: format, label: FORMAT_LABELS[format] }))}
      />
    </section>
  );
}

function TranscriptFields({ form }: { form: ImportForm }) {
  const { values } = form;
  const hasFile = Boolean(values.captions.filename);
  return (
    <section className="form-section" aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">The transcript</h2>
      <TextFileField label="Captions file" hint="WebVTT (.vtt) or SubRip (.srt)." accept=".vtt,.srt,text/vtt,application/x-subrip" field="captions" source={hasFile ? values.captions : undefined} form={form} />
      {!hasFile && <TextAreaField label="Or paste the captions" value={values.captions.text} onValueChange={(text) => form.set('captions', { text })} rows={8} spellCheck={false} />}
      <TextFileField
        label="Chapters (optional)"
        hint="A WebVTT chapters track: its chapters name the modules and lessons."
        accept=".vtt,text/vtt"
        field="chapters"
        source={values.chapters}
        form={form}
      />
      <MediaPicker kinds={['video', 'audio']} label="Recording (optional)" value={values.mediaId} onChange={(id) => form.set('mediaId', id)} isOptional />
      <p className="hint">With the recording, accepting cuts one clip per lesson, each with its own captions.</p>
      <TextField label="Captions language" hint="A language code such as en, fr or pt-BR." value={values.language} onValueChange={(language) => form.set('language', language)} maxLength={35} autoComplete="off" spellCheck={false} />
    </section>
  );
}

/** A file input whose text fills one of the form's sources, and what was read from it. */
function TextFileField({ label, hint, accept, field, source, form }: { label: string; hint: string; accept: string; field: SourceField; source: SourceText | undefined; form: ImportForm }) {
  const id = useId();
  // A file input cannot be cleared by its value: a new key gives a fresh one.
  const [generation, setGeneration] = useState(0);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <input key={generation} id={id} type="file" accept={accept} aria-describedby={`${id}-hint`} onChange={(event) => void form.loadFile(field, event.target.files?.[0])} />
      <p role="status" className={source?.filename ? 'import-file-loaded' : 'message-empty'}>
        {source?.filename && `Read “${source.filename}”: ${formatBytes(new Blob([source.text]).size)}, ${plural(sourceLines(source.text).length, 'line', 'lines')}.`}
      </p>
      {source?.filename && (
        <p className="import-file-loaded">
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              setGeneration((value) => value + 1);
              void form.loadFile(field, undefined);
            }}
          >
            Remove<span className="visually-hidden"> {source.filename}</span>
          </button>
        </p>
      )}
    </div>
  );
}
