/** Choosing a media file for a block: the current choice, and a dialog to pick from the library or upload one. */
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { MediaItem, MediaKind } from '../lib/content-types.ts';
import { ErrorAlert, Loading } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { MEDIA_KEY } from './author-keys.ts';
import { useMediaItems, useMediaLibrary } from './media.hooks.ts';
import { CaptionsForm, CaptionsSummary, MediaThumb, UploadBox } from './MediaParts.tsx';
import { describeMedia, mediaName } from './studio-format.ts';

function kindWord(kinds: readonly MediaKind[]): string {
  if (kinds.length === 1) return kinds[0] === 'image' ? 'image' : kinds[0] === 'video' ? 'video' : 'audio file';
  return 'file';
}

/**
 * A media field: what is chosen (with its length and captions), "Choose…" opening the library in a dialog,
 * and, for video and audio without captions, a way to add them here.
 */
export function MediaPicker({ kinds, value, onChange, label, isOptional = false }: { kinds: readonly MediaKind[]; value: string | undefined; onChange: (id: string | undefined) => void; label: string; isOptional?: boolean }) {
  const labelId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [isOpen, setOpen] = useState(false);
  const { byId, isLoading } = useMediaItems(value ? [value] : []);
  const item = value ? byId.get(value) : undefined;
  const word = kindWord(kinds);

  function open() {
    setOpen(true);
    // Render the contents first, then open, so focus lands inside.
    requestAnimationFrame(() => dialogRef.current?.showModal());
  }

  const queryClient = useQueryClient();

  function choose(chosen: MediaItem) {
    queryClient.setQueryData([...MEDIA_KEY, 'one', chosen.id], chosen);
    onChange(chosen.id);
    dialogRef.current?.close();
  }

  return (
    <div className="media-field" role="group" aria-labelledby={labelId}>
      <p className="media-field-label" id={labelId}>
        {label}
      </p>
      {item ? (
        <div className="media-chosen">
          <MediaThumb item={item} />
          <div className="media-chosen-text">
            <p className="media-name">{mediaName(item)}</p>
            <p className="hint">{describeMedia(item)}</p>
            <CaptionsSummary item={item} />
          </div>
        </div>
      ) : value && !isLoading ? (
        <p className="message message-error">The file chosen for this block is no longer in the media library. Choose another.</p>
      ) : (
        !value && <p className="hint">No {word} chosen yet.</p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-small" onClick={open}>
          {value ? `Change ${word}…` : `Choose ${word}…`}
        </button>
        {isOptional && value && (
          <button type="button" className="button button-small button-quiet" onClick={() => onChange(undefined)}>
            Remove {word}
          </button>
        )}
      </div>
      {item && item.kind !== 'image' && item.captions.length === 0 && (
        <details className="inline-details">
          <summary>Add captions to this {word}</summary>
          <CaptionsForm item={item} />
        </details>
      )}
      <dialog ref={dialogRef} className="dialog" aria-labelledby={`${labelId}-dialog`} onClose={() => setOpen(false)}>
        {isOpen && (
          <div className="dialog-body">
            <div className="dialog-head">
              <h2 id={`${labelId}-dialog`}>Choose {word === 'file' ? 'a file' : `a ${word}`}</h2>
              <button type="button" className="button button-small button-quiet" onClick={() => dialogRef.current?.close()}>
                Close
              </button>
            </div>
            <MediaChooser kinds={kinds} currentId={value} onChoose={choose} />
          </div>
        )}
      </dialog>
    </div>
  );
}

function MediaChooser({ kinds, currentId, onChoose }: { kinds: readonly MediaKind[]; currentId: string | undefined; onChoose: (item: MediaItem) => void }) {
  const [q, setQ] = useState('');
  const library = useMediaLibrary({ kind: kinds.length === 1 ? kinds[0] : '', q: q.trim() });
  const items = (library.data?.items ?? []).filter((item) => kinds.includes(item.kind));
  return (
    <>
      <section className="dialog-section" aria-label="Upload a new file">
        <h3>Upload a new one</h3>
        <UploadBox kinds={kinds} onUploaded={onChoose} />
      </section>
      <section className="dialog-section" aria-label="From the media library">
        <h3>Or pick from the library</h3>
        <TextField label="Search the library" type="search" value={q} onValueChange={setQ} autoComplete="off" />
        <ErrorAlert error={library.error} />
        {library.isPending ? (
          <Loading label="Loading the library…" />
        ) : items.length === 0 ? (
          <p className="muted">{q ? 'Nothing matches.' : 'Nothing of this kind in the library yet: upload it above.'}</p>
        ) : (
          <ul className="media-choices">
            {items.map((item) => (
              <li key={item.id} className={item.id === currentId ? 'is-current' : undefined}>
                <MediaThumb item={item} />
                <div className="media-choice-text">
                  <p className="media-name">{mediaName(item)}</p>
                  <p className="hint">{describeMedia(item)}</p>
                  <CaptionsSummary item={item} />
                </div>
                <button type="button" className="button button-small" onClick={() => onChoose(item)} aria-current={item.id === currentId ? 'true' : undefined}>
                  {item.id === currentId ? 'Chosen' : 'Use'}
                  <span className="visually-hidden"> {mediaName(item)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
