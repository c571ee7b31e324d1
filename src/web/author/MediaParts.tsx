/** Media pieces shared by the media library and the editor's pickers: thumbnails, the upload box, captions. */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { MediaItem, MediaKind } from '../lib/content-types.ts';
import { Notice } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { mediaUrls, useCaptionsUpload, useMediaUpload } from './media.hooks.ts';
import { ProgressBar } from './StudioParts.tsx';
import { describeMediaError, mediaName } from './studio-format.ts';

const ACCEPT: Record<MediaKind, string> = { image: 'image/*', video: 'video/*,.webm,.mp4,.mov,.mkv', audio: 'audio/*,.mp3,.m4a,.ogg,.oga,.wav,.flac' };

/** The file types a file input offers for these kinds. */
export function acceptFor(kinds: readonly MediaKind[]): string {
  return kinds.map((kind) => ACCEPT[kind]).join(',');
}

/** A small picture of a media item: the image itself, a video's poster, or a symbol. Decorative. */
export function MediaThumb({ item }: { item: MediaItem }) {
  if (item.kind === 'image') return <img className="media-thumb" src={mediaUrls.content(item.id)} alt="" loading="lazy" />;
  if (item.kind === 'video' && item.hasPoster) return <img className="media-thumb" src={mediaUrls.poster(item.id)} alt="" loading="lazy" />;
  return (
    <span className="media-thumb media-thumb-symbol" aria-hidden="true">
      {item.kind === 'video' ? '▶' : '♪'}
    </span>
  );
}

/** The error of a failed upload, with what to do about it; always in the page so it is announced. */
export function MediaErrorAlert({ error }: { error: unknown }) {
  const described = error ? describeMediaError(error) : undefined;
  return (
    <div role="alert" className={described ? 'message message-error' : 'message-empty'}>
      {described && (
        <>
          <p className="message-title">{described.title}</p>
          <p>{described.message}</p>
          {described.lines.length > 0 && (
            <ul>
              {described.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Choose a file and upload it into the library with a progress bar; `onUploaded` receives the new item
 * (e.g. to use it in a block at once).
 */
export function UploadBox({ kinds, withTitle = false, onUploaded, label = 'File to upload' }: { kinds: readonly MediaKind[]; withTitle?: boolean; onUploaded?: (item: MediaItem) => void; label?: string }) {
  const id = useId();
  const upload = useMediaUpload();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<Error | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    if (!file) {
      setProblem(new Error('Choose a file first.'));
      return;
    }
    setProblem(null);
    const item = await upload.upload(file, title);
    if (item) {
      setFile(null);
      setTitle('');
      if (inputRef.current) inputRef.current.value = '';
      onUploaded?.(item);
    }
  }

  return (
    <form className="upload-box" onSubmit={(event) => void submit(event)} aria-label="Upload a file">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p className="hint" id={`${id}-hint`}>
          {kinds.length === 3 ? 'An image, a video or an audio file.' : kinds.map((kind) => (kind === 'image' ? 'An image' : kind === 'video' ? 'A video' : 'An audio file')).join(' or ')}
          {kinds.includes('video') || kinds.includes('audio') ? ' Its length is measured on upload and counts towards the two minutes.' : ''}
        </p>
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept={acceptFor(kinds)}
          aria-describedby={`${id}-hint`}
          disabled={upload.isUploading}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setProblem(null);
            upload.reset();
          }}
        />
      </div>
      {withTitle && <TextField label="Title (optional)" hint="Shown in the library instead of the file name." value={title} onValueChange={setTitle} maxLength={200} autoComplete="off" />}
      {upload.progress && <ProgressBar label={`Uploading ${upload.fileName ?? 'the file'}`} percent={upload.progress.percent} />}
      <MediaErrorAlert error={problem ?? upload.error} />
      <Notice>{upload.uploaded ? `“${mediaName(upload.uploaded)}” was uploaded.` : upload.isUploading ? `Uploading ${upload.fileName ?? ''}…` : undefined}</Notice>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={upload.isUploading}>
          {upload.isUploading ? 'Uploading…' : 'Upload'}
        </button>
        {upload.isUploading && (
          <button type="button" className="button button-quiet" onClick={upload.cancel}>
            Cancel upload
          </button>
        )}
      </div>
    </form>
  );
}

/** Adds a captions file (WebVTT or SRT) in a language to a video or audio item. */
export function CaptionsForm({ item }: { item: MediaItem }) {
  const id = useId();
  const captions = useCaptionsUpload(item);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [language, setLanguage] = useState('en');
  const [label, setLabel] = useState('English');
  const [problem, setProblem] = useState<Error | null>(null);
  const name = mediaName(item);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    if (!file) {
      setProblem(new Error('Choose a captions file (.vtt or .srt) first.'));
      return;
    }
    setProblem(null);
    captions.mutate(
      { file, language, label },
      {
        onSuccess: () => {
          setFile(null);
          if (inputRef.current) inputRef.current.value = '';
        },
      },
    );
  }

  return (
    <form className="captions-form" onSubmit={submit} aria-label={`Add captions to ${name}`}>
      <div className="field">
        <label htmlFor={id}>Captions file</label>
        <p className="hint" id={`${id}-hint`}>
          WebVTT (.vtt) or SubRip (.srt). Captions let people follow without sound.
        </p>
        <input
          ref={inputRef}
          id={id}
          type="file"
          accept=".vtt,.srt,text/vtt,application/x-subrip"
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            captions.reset();
          }}
        />
      </div>
      <div className="form-grid">
        <TextField label="Language code" hint="e.g. en, fr, pt-BR" value={language} onValueChange={setLanguage} required maxLength={35} autoComplete="off" spellCheck={false} />
        <TextField label="Label" hint="What learners see, e.g. English" value={label} onValueChange={setLabel} maxLength={80} autoComplete="off" />
      </div>
      <MediaErrorAlert error={problem ?? captions.error} />
      <Notice>{captions.isSuccess ? `Captions (${captions.variables.label || captions.variables.language}) were added to “${name}”.` : undefined}</Notice>
      <div className="form-actions">
        <button type="submit" className="button" disabled={captions.isPending}>
          {captions.isPending ? 'Uploading captions…' : 'Upload captions'}
        </button>
      </div>
    </form>
  );
}

/** The languages of a media item's captions, or a note that there are none. */
export function CaptionsSummary({ item }: { item: MediaItem }) {
  if (item.kind === 'image') return null;
  if (item.captions.length === 0) return <span className="chip chip-warning">No captions</span>;
  return <span className="chip chip-time">Captions: {item.captions.map((track) => track.label || track.language).join(', ')}</span>;
}
