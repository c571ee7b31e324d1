import { useState } from 'react';
import type { MediaKind } from '../lib/content-types.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { formatDateTime, plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useDeleteMedia, useMediaLibrary } from './media.hooks.ts';
import { CaptionsForm, CaptionsSummary, MediaThumb, UploadBox } from './MediaParts.tsx';
import { formatBytes, formatDuration, mediaName } from './studio-format.ts';

const KIND_LABELS: Record<MediaKind, string> = { image: 'Image', video: 'Video', audio: 'Audio' };

/** `/author/media`: upload videos, audio and images (with progress), add captions, delete. */
export function MediaPage() {
  usePageTitle('Media library');
  const [kind, setKind] = useState<MediaKind | ''>('');
  const [q, setQ] = useState('');
  const library = useMediaLibrary({ kind, q: q.trim() });
  const remove = useDeleteMedia();
  const items = library.data?.items ?? [];
  return (
    <>
      <h1>Media library</h1>
      <p className="lead">Videos, audio and images for lessons. Their length is measured on upload and counts towards each lesson’s two minutes; add captions so everyone can follow.</p>
      <section className="panel panel-tight upload-panel" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload</h2>
        <UploadBox kinds={['video', 'audio', 'image']} withTitle />
      </section>
      <section className="media-library" aria-labelledby="library-heading">
        <h2 id="library-heading">In the library</h2>
        <search className="filters" aria-label="Find media">
          <form className="filters-form" onSubmit={(event) => event.preventDefault()}>
            <TextField label="Search" type="search" placeholder="File name or title" value={q} onValueChange={setQ} className="filter-search" autoComplete="off" />
            <SelectField
              label="Kind"
              value={kind}
              onValueChange={(value) => setKind(value as MediaKind | '')}
              options={[
                { value: '', label: 'All kinds' },
                { value: 'video', label: 'Videos' },
                { value: 'audio', label: 'Audio' },
                { value: 'image', label: 'Images' },
              ]}
            />
          </form>
        </search>
        <Notice>{remove.deleted ? `“${mediaName(remove.deleted)}” was deleted.` : undefined}</Notice>
        <ErrorAlert error={remove.error} title="The file was not deleted" />
        <ErrorAlert error={library.error} title="The media library could not be loaded" />
        {library.isPending ? (
          <Loading label="Loading the library…" />
        ) : items.length === 0 ? (
          !library.isError &&
          (q || kind ? (
            <EmptyState title="Nothing matches">
              <p>Try another search or kind.</p>
            </EmptyState>
          ) : (
            <EmptyState title="The library is empty">
              <p>Upload a short video, a recording or an image above; then choose it in a lesson’s video, audio, image or skill-demo block.</p>
            </EmptyState>
          ))
        ) : (
          <>
            <p className="table-caption" role="status">
              {plural(items.length, 'file', 'files')}
            </p>
            <ul className="media-list">
              {items.map((item) => {
                const name = mediaName(item);
                return (
                  <li key={item.id} className="media-row">
                    <MediaThumb item={item} />
                    <div className="media-row-main">
                      <h3 className="media-name">{name}</h3>
                      {name !== item.filename && <p className="hint">{item.filename}</p>}
                      <dl className="media-facts">
                        <div>
                          <dt>Kind</dt>
                          <dd>{KIND_LABELS[item.kind]}</dd>
                        </div>
                        {item.kind !== 'image' && (
                          <div>
                            <dt>Length</dt>
                            <dd>{item.durationSeconds != null ? formatDuration(item.durationSeconds) : 'Unknown'}</dd>
                          </div>
                        )}
                        {item.width && item.height ? (
                          <div>
                            <dt>Size</dt>
                            <dd>
                              {item.width}×{item.height}
                            </dd>
                          </div>
                        ) : null}
                        <div>
                          <dt>File</dt>
                          <dd>{formatBytes(item.sizeBytes)}</dd>
                        </div>
                        <div>
                          <dt>Added</dt>
                          <dd>{formatDateTime(item.createdAt)}</dd>
                        </div>
                      </dl>
                      <CaptionsSummary item={item} />
                      {item.kind !== 'image' && (
                        <details className="inline-details">
                          <summary>
                            {item.captions.length === 0 ? 'Add captions' : 'Add captions in another language'}
                            <span className="visually-hidden"> to {name}</span>
                          </summary>
                          <CaptionsForm item={item} />
                        </details>
                      )}
                    </div>
                    <div className="media-row-actions">
                      <button type="button" className="button button-small button-danger" onClick={() => remove.deleteItem(item, name)} disabled={remove.isDeleting}>
                        Delete<span className="visually-hidden"> {name}</span>
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
