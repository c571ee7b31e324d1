import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { ImportDetail } from '../../../server/modules/import/import.schemas.ts';
import { ErrorAlert, Loading, Notice } from '../../lib/feedback.tsx';
import { SelectField, TextField } from '../../lib/fields.tsx';
import { formatDateTime, plural } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { MediaView } from '../../lib/blocks/MediaPlayer.tsx';
import { formatClock } from '../../lib/blocks/playback.ts';
import { useMediaItems } from '../media.hooks.ts';
import { useObjectives } from '../objectives.hooks.ts';
import { describeDuration, formatDuration } from '../studio-format.ts';
import {
  describeProgress,
  groupProposals,
  highlightedLines,
  isWorking,
  KIND_LABELS,
  progressPercent,
  sourceLines,
  stageLabel,
  summariseProposals,
  type ReviewChange,
} from './import-workflow.ts';
import { useAcceptImport, useCancelImport, useDeleteImport, useImport, useImportReview } from './imports.hooks.ts';
import { ImportStatusChip } from './ImportsPage.tsx';
import { ProposalCard, proposalTitleId } from './ProposalCard.tsx';
import './imports.css';

/** `/author/imports/:id`: progress while the server works, then the review, then the link to the draft course. */
export function ImportPage() {
  const { id = '' } = useParams();
  const query = useImport(id);
  const detail = query.data;
  usePageTitle(detail ? `Import: ${detail.title || detail.sourceName}` : 'Import');
  if (query.isPending) return <Loading label="Loading the import…" />;
  if (!detail) {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/author/imports">Imports</Link>
        </p>
        <h1>Import not found</h1>
        <ErrorAlert error={query.error} />
      </>
    );
  }
  return (
    <>
      <p className="breadcrumb">
        <Link to="/author/imports">Imports</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            {KIND_LABELS[detail.kind]} import{detail.sourceName ? ` · ${detail.sourceName}` : ''}
          </p>
          <h1 className="editor-title">{detail.title || detail.sourceName || 'Untitled import'}</h1>
        </div>
        <div className="status-line">
          <ImportStatusChip status={detail.status} />
          <span className="muted">Started {formatDateTime(detail.createdAt)}</span>
        </div>
      </div>
      {/* A failed refresh while the page shows older data: say so, keep the data. */}
      <ErrorAlert error={query.isRefetchError ? query.error : null} title="The latest state could not be loaded" />
      {isWorking(detail.status) && <ImportProgress detail={detail} />}
      {detail.status === 'ready' && <ReviewView key={detail.id} detail={detail} />}
      {detail.status === 'accepted' && <AcceptedPanel detail={detail} />}
      {detail.status === 'failed' && (
        <section className="panel panel-tight" aria-labelledby="failed-heading">
          <h2 id="failed-heading">The import failed</h2>
          <div className="message message-error">
            <p>{detail.error?.message ?? 'Something went wrong while reading the source.'}</p>
            {detail.error?.code && <p className="hint">Error code: {detail.error.code}</p>}
          </div>
          <p>
            <Link to="/author/imports/new">Start a new import</Link> once the source is fixed.
          </p>
          <DeleteImport id={detail.id} />
        </section>
      )}
      {detail.status === 'cancelled' && (
        <section className="panel panel-tight" aria-labelledby="cancelled-heading">
          <h2 id="cancelled-heading">Cancelled</h2>
          <p>This import was cancelled; nothing was created.</p>
          <DeleteImport id={detail.id} />
        </section>
      )}
    </>
  );
}

/** The background job's stage and progress, as a labelled progress bar; stage changes are announced politely. */
function ImportProgress({ detail }: { detail: ImportDetail }) {
  const cancel = useCancelImport(detail.id);
  const percent = progressPercent(detail.progress);
  const text = describeProgress(detail);
  const isAccepting = detail.status === 'accepting';
  return (
    <section className="panel panel-tight import-progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading">{isAccepting ? 'Creating the drafts' : 'Proposing lessons'}</h2>
      <div className="progress">
        <div className="progress-text">
          <span>{text}</span>
          {percent !== undefined && <span aria-hidden="true">{percent}%</span>}
        </div>
        {/* Without a value the bar is indeterminate: the total is not known yet. */}
        <progress max={100} value={percent} aria-label={isAccepting ? 'Creating the drafts' : 'Proposing lessons'} aria-valuetext={text} />
      </div>
      <p role="status" className="visually-hidden">
        {stageLabel(detail.stage)}
      </p>
      <p className="hint">{isAccepting ? 'Lessons, their media and the course are being created as drafts.' : 'You can leave this page: the work goes on, and the import waits in the list.'}</p>
      <ErrorAlert error={cancel.error} title="The import was not cancelled" />
      <div className="form-actions">
        <button type="button" className="button button-quiet" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          {cancel.isPending ? 'Cancelling…' : isAccepting ? 'Stop: create no drafts' : 'Cancel import'}
        </button>
      </div>
    </section>
  );
}

function AcceptedPanel({ detail }: { detail: ImportDetail }) {
  return (
    <section className="panel panel-tight import-accepted" aria-labelledby="accepted-heading">
      <h2 id="accepted-heading">Drafts created</h2>
      <div role="status" className="message message-success">
        <p>
          {plural(detail.lessonCount, 'draft lesson', 'draft lessons')} and a draft course were created. Check each lesson, add what it needs, then publish the lessons and the course.
        </p>
      </div>
      {detail.courseId ? (
        <p className="form-actions">
          <Link to={`/author/courses/${encodeURIComponent(detail.courseId)}`} className="button button-primary">
            Open the draft course
          </Link>
        </p>
      ) : (
        <p className="muted">The course is not available any more.</p>
      )}
      <DeleteImport id={detail.id} />
    </section>
  );
}

function DeleteImport({ id }: { id: string }) {
  const remove = useDeleteImport(id);
  return (
    <div className="import-delete">
      <ErrorAlert error={remove.error} title="The import was not deleted" />
      <button
        type="button"
        className="button button-small button-danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm('Delete this import? Lessons and courses it created stay.')) remove.mutate();
        }}
      >
        {remove.isPending ? 'Deleting…' : 'Delete import'}
      </button>
    </div>
  );
}

function focusSoon(id: string) {
  // After the re-render that the new revision causes.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const element = document.getElementById(id);
      if (element) {
        element.scrollIntoView({ block: 'nearest' });
        element.focus({ preventScroll: true });
      }
    }),
  );
}

/** The review: the source on the left (with the recording, if any), the proposals by module on the right. */
function ReviewView({ detail }: { detail: ImportDetail }) {
  const review = useImportReview(detail);
  const lines = useMemo(() => sourceLines(detail.source), [detail.source]);
  const groups = groupProposals(detail);
  const summary = summariseProposals(detail.proposals);
  const player = useSpanPlayer();
  const selected = review.selected !== undefined ? detail.proposals[review.selected] : undefined;
  const highlight = selected ? highlightedLines(selected, lines) : undefined;
  const hasRecording = Boolean(detail.mediaId);

  async function change(next: ReviewChange) {
    const isMade = await review.change(next);
    if (isMade && next.op !== 'course') {
      const target = next.op === 'drop' ? Math.min(next.index, detail.proposals.length - 2) : next.index;
      if (target >= 0) focusSoon(proposalTitleId(target));
      else focusSoon('proposals-heading');
    }
    return isMade;
  }

  return (
    <div className="import-review">
      {/* An accept that failed (a clip ffmpeg could not cut, an objective deleted meanwhile) returns here with why. */}
      {detail.error && (
        <div className="message message-error" role="alert">
          <p className="message-title">The drafts were not created</p>
          <p>{detail.error.message}</p>
        </div>
      )}
      {detail.warnings.length > 0 && (
        <div className="message message-info import-warnings">
          <p className="message-title">Worth knowing</p>
          <ul>
            {detail.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <CoursePanel detail={detail} review={review} />
      <div className="import-columns">
        <section className="import-source-column" aria-labelledby="source-heading">
          <h2 id="source-heading">Source</h2>
          {detail.mediaId && <RecordingPlayer mediaId={detail.mediaId} player={player} />}
          {lines.length > 0 ? (
            <>
              <p role="status" className="hint import-source-caption">
                {selected && highlight
                  ? `Lines ${highlight.startLine}–${highlight.endLine} are highlighted: “${selected.title}”.`
                  : selected
                    ? `“${selected.title}” has no lines in the source to highlight.`
                    : 'Choose “Show in source” on a lesson to highlight where it comes from.'}
              </p>
              <SourceView lines={lines} highlight={highlight} />
            </>
          ) : (
            <p className="muted">{detail.kind === 'recording' ? 'No transcript: the cuts were proposed at pauses and scene changes. Play each lesson’s span to check it.' : 'The source is empty.'}</p>
          )}
        </section>
        <section className="import-proposals-column" aria-labelledby="proposals-heading">
          <h2 id="proposals-heading" tabIndex={-1}>
            Proposed lessons
          </h2>
          <p className="import-summary">
            {plural(summary.count, 'lesson', 'lessons')} in {plural(groups.length, 'module', 'modules')} · <span title={describeDuration(summary.totalSeconds)}>{formatDuration(summary.totalSeconds)}</span> in all
            {summary.overBudget > 0 && <strong className="import-summary-over"> · {summary.overBudget} over 2 minutes</strong>}
          </p>
          <Notice>{review.announcement || undefined}</Notice>
          <ErrorAlert error={review.error} title={review.isConflict ? 'Not changed: the import changed meanwhile. The latest proposals are shown; try again.' : 'That did not work'} />
          {groups.length === 0 && <p className="muted">Every proposal was dropped. Delete the import, or start a new one.</p>}
          {groups.map((group, groupIndex) => (
            <section key={`${groupIndex}-${group.title}`} className="import-module" aria-labelledby={`module-${groupIndex}`}>
              <h3 id={`module-${groupIndex}`}>{group.title}</h3>
              <ol className="proposal-list">
                {group.lessons.map(({ index, proposal }) => (
                  <ProposalCard
                    // A new revision renumbers proposals: fresh cards, so no open form refers to another proposal.
                    key={`${detail.revision}-${index}`}
                    proposal={proposal}
                    index={index}
                    nextTitle={detail.proposals[index + 1]?.title}
                    isSelected={review.selected === index}
                    canShowSource={lines.length > 0}
                    canPlay={hasRecording}
                    isBusy={review.isChanging}
                    onSelect={() => review.select(review.selected === index ? undefined : index)}
                    onPlay={(span) => {
                      review.select(index);
                      player.play(span);
                    }}
                    onChange={change}
                  />
                ))}
              </ol>
            </section>
          ))}
        </section>
      </div>
    </div>
  );
}

/** The course's title (renamed with the `course` change) and accepting, with an optional objective; or cancelling. */
function CoursePanel({ detail, review }: { detail: ImportDetail; review: ReturnType<typeof useImportReview> }) {
  const accept = useAcceptImport(detail);
  const cancel = useCancelImport(detail.id);
  const objectives = useObjectives();
  const [title, setTitle] = useState(detail.course.title);
  const [objectiveId, setObjectiveId] = useState('');
  const titleChanged = title.trim() !== '' && title.trim() !== detail.course.title;
  const hintId = useId();

  function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (titleChanged) void review.change({ op: 'course', title: title.trim() });
  }

  return (
    <section className="panel panel-tight import-course" aria-labelledby="course-heading">
      <h2 id="course-heading">The draft course</h2>
      <form className="import-course-title" onSubmit={rename}>
        <TextField label="Course title" value={title} onValueChange={setTitle} maxLength={200} autoComplete="off" required />
        <button type="submit" className="button button-small" disabled={!titleChanged || review.isChanging}>
          Rename course
        </button>
      </form>
      <SelectField
        label="Objective (optional)"
        hint="Every lesson and the course will serve it."
        value={objectiveId}
        onValueChange={setObjectiveId}
        options={[{ value: '', label: 'No objective' }, ...(objectives.data?.items ?? []).map((objective) => ({ value: objective.id, label: objective.title }))]}
      />
      <ErrorAlert error={accept.error} title="The drafts were not created" />
      <ErrorAlert error={cancel.error} title="The import was not cancelled" />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          aria-describedby={hintId}
          disabled={accept.isPending || review.isChanging || detail.proposals.length === 0}
          onClick={() => accept.mutate({ ...(title.trim() && { courseTitle: title.trim() }), ...(objectiveId && { objectiveId }) })}
        >
          {accept.isPending ? 'Accepting…' : 'Accept and create drafts'}
        </button>
        <p className="hint" id={hintId}>
          {detail.proposals.length === 0
            ? 'Nothing to accept: every proposal was dropped.'
            : `Creates ${plural(detail.proposals.length, 'draft lesson', 'draft lessons')}${detail.mediaId ? (detail.proposals.length === 1 ? ' with its clip' : ' with their clips') : ''} and a draft course. Nothing is published.`}
        </p>
        <button
          type="button"
          className="button button-quiet import-cancel"
          disabled={cancel.isPending || accept.isPending}
          onClick={() => {
            if (window.confirm('Cancel this import? Its proposals and your changes to them are not kept as lessons.')) cancel.mutate();
          }}
        >
          {cancel.isPending ? 'Cancelling…' : 'Cancel import'}
        </button>
      </div>
    </section>
  );
}

/** The source as numbered lines; the highlighted range is marked and scrolled into view inside the box. */
function SourceView({ lines, highlight }: { lines: readonly string[]; highlight: { startLine: number; endLine: number } | undefined }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const start = highlight?.startLine;
  useEffect(() => {
    const box = boxRef.current;
    if (!box || start === undefined) return;
    const line = box.querySelector<HTMLElement>(`[data-line="${start}"]`);
    // Only the box scrolls, not the page: on a phone the author stays with the card they chose.
    if (line) box.scrollTo({ top: Math.max(0, line.offsetTop - 16), behavior: 'auto' });
  }, [start]);
  return (
    <div ref={boxRef} className="import-source" tabIndex={0} role="region" aria-label={`Source text, ${plural(lines.length, 'line', 'lines')}`}>
      <pre className="import-source-text">
        {lines.map((line, offset) => {
          const number = offset + 1;
          const isHighlighted = highlight !== undefined && number >= highlight.startLine && number <= highlight.endLine;
          return (
            <span key={number} className={isHighlighted ? 'source-line is-highlighted' : 'source-line'} data-line={number}>
              <span className="source-line-number" aria-hidden="true">
                {number}
              </span>
              {isHighlighted ? <mark>{line || ' '}</mark> : line || ' '}
            </span>
          );
        })}
      </pre>
    </div>
  );
}

/** Playing one span of the recording: seek to its start, play, pause at its end. */
function useSpanPlayer() {
  const boxRef = useRef<HTMLDivElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const [playing, setPlaying] = useState<{ startSeconds: number; endSeconds: number } | null>(null);
  useEffect(() => () => stopRef.current?.(), []);
  return {
    boxRef,
    playing,
    play(span: { startSeconds: number; endSeconds: number }) {
      // MediaView owns its <video>/<audio>; it is found in the box rather than reimplementing the player here.
      const media = boxRef.current?.querySelector<HTMLMediaElement>('video, audio');
      if (!media) return;
      stopRef.current?.();
      const stopAtEnd = () => {
        if (media.currentTime >= span.endSeconds) {
          media.pause();
          stop();
        }
      };
      const stop = () => {
        media.removeEventListener('timeupdate', stopAtEnd);
        stopRef.current = null;
        setPlaying(null);
      };
      stopRef.current = stop;
      media.addEventListener('timeupdate', stopAtEnd);
      media.currentTime = span.startSeconds;
      setPlaying(span);
      boxRef.current?.scrollIntoView({ block: 'nearest' });
      void media.play().catch(() => stop());
    },
  };
}

function RecordingPlayer({ mediaId, player }: { mediaId: string; player: ReturnType<typeof useSpanPlayer> }) {
  const { byId, isLoading } = useMediaItems([mediaId]);
  const item = byId.get(mediaId);
  return (
    <div className="import-recording" ref={player.boxRef}>
      {!isLoading && !item ? (
        <p className="message message-error">The recording is no longer in the media library.</p>
      ) : (
        <MediaView mediaId={mediaId} item={item} title="The recording" />
      )}
      <p role="status" className="hint">
        {player.playing ? `Playing ${formatClock(player.playing.startSeconds)}–${formatClock(player.playing.endSeconds)}; it stops at the end of the lesson.` : ''}
      </p>
    </div>
  );
}
