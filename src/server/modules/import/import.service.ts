/**
 * Imports (issue 10): a long document, a transcript (with or without its recording) or a recording alone becomes
 * proposed micro-lessons; the author reviews them (merge, split, edit, drop) and accepts, which cuts the clips and
 * creates draft lessons, their media and a draft course.
 *
 * The work runs as a background job on the `import_job` row: a runner claims a job by taking its lease, renews
 * the lease as it goes, and releases it when done. A runner that dies leaves the lease to expire and another (or
 * the same server restarted) takes the job again, three times at most. Accepting is safe to repeat: clips are
 * stored under ids chosen before cutting (a clip already stored is not stored twice), and the lessons, the course
 * and the job's `accepted` status are written in one transaction.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  chunkDocument,
  chunkRecording,
  chunkTranscript,
  mergeProposals,
  parseChapters,
  parseTranscript,
  proposalPieces,
  type ChunkOptions,
  type ChunkResult,
  type ProposedLesson,
  rebaseCaptions,
  splitProposal,
  TranscriptFormatError,
} from '../../../core/chunking/index.ts';
import { DEFAULT_DURATION_SETTINGS, estimateLessonDuration, MAX_LESSON_SECONDS } from '../../../core/lessons/duration.ts';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, type ErrorCode, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { ContentSchemas, type ContentService } from '../content/index.ts';
import { type Actor, type IdentityService, requireRole, systemActor } from '../identity/index.ts';
import { bytesUploadSource, fileUploadSource, type MediaService } from '../media/index.ts';
import { ClipCutError, type ClipCutErrorCode, cutClips } from './clip-cutter.ts';
import { proposeCutPoints } from './cut-points.ts';
import * as repo from './import.repository.ts';
import type { DocumentFormat, ImportAccept, ImportCreate, ImportDetail, ImportList, ImportReview, ImportSummary, Proposal } from './import.schemas.ts';
import type { ImportJobTable } from './import.table.ts';

/** A proposal as stored: the chunker's, with the module of the suggested course it sits in. */
type StoredProposal = ProposedLesson & { module: string };

export interface ImportDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  content: ContentService;
  media: MediaService;
  /** Clips are cut here (`<tmpDir>/import-<id>/`) before they go into the media library. */
  tmpDir: string;
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** How long a runner owns a job between renewals (default 2 minutes). */
  leaseMs?: number;
  /** Called when a job is queued, so a runner in this process starts at once. */
  onQueued?: () => void;
}

/** A job is started this many times at most: a job that keeps crashing its runner is failed, not retried forever. */
const MAX_ATTEMPTS = 3;

const FORMAT_BY_EXTENSION: Record<string, DocumentFormat> = { md: 'markdown', markdown: 'markdown', mdown: 'markdown', html: 'html', htm: 'html', txt: 'text', text: 'text' };

/** The document format a file name suggests; Markdown when it suggests none (plain prose reads the same). */
export function documentFormatOf(filename: string | undefined): DocumentFormat {
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  return (extension && FORMAT_BY_EXTENSION[extension]) || 'markdown';
}

/** The stable code an expected cutting failure is reported with. */
const CLIP_ERROR_CODES: Record<ClipCutErrorCode, ErrorCode> = {
  clip_invalid: 'validation_failed',
  clip_out_of_range: 'validation_failed',
  clip_too_long: 'validation_failed',
  media_unreadable: 'media_corrupt',
  media_unsupported: 'media_unsupported',
  ffmpeg_missing: 'ffmpeg_missing',
  cut_failed: 'clip_cut_failed',
  cut_aborted: 'import_wrong_status',
};

/** Failures that are the input's fault (retrying cannot help) as AppErrors; anything else is undefined. */
function expectedFailure(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ClipCutError) return new AppError(CLIP_ERROR_CODES[error.code], error.message);
  if (error instanceof TranscriptFormatError) return new AppError('transcript_invalid', error.message);
  return undefined;
}

function checkTranscript(text: string, field: 'captions' | 'chapters'): void {
  try {
    parseTranscript(text);
  } catch (error) {
    if (error instanceof TranscriptFormatError) throw new AppError('transcript_invalid', `The ${field} are neither valid WebVTT nor valid SRT: ${error.message}`, { field });
    throw error;
  }
}

const parseJson = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

/** Modules in order of first appearance, each with the indexes of its proposals. */
function outlineOf(proposals: readonly StoredProposal[]): { title: string; lessonIndexes: number[] }[] {
  const modules: { title: string; lessonIndexes: number[] }[] = [];
  proposals.forEach((p, index) => {
    const last = modules[modules.length - 1];
    if (last && last.title === p.module) last.lessonIndexes.push(index);
    else modules.push({ title: p.module, lessonIndexes: [index] });
  });
  return modules;
}

/** The chunker's result with each proposal placed in its module. */
function storedProposalsOf(result: ChunkResult): StoredProposal[] {
  const moduleOf = new Map<number, string>();
  for (const module of result.course.modules) for (const index of module.lessonIndexes) moduleOf.set(index, module.title);
  return result.lessons.map((lesson, index) => ({ ...lesson, module: moduleOf.get(index) ?? result.course.title }));
}

export function createImportService({ db, clock, identity, content, media, tmpDir, logger, leaseMs = 120_000, onQueued = () => {} }: ImportDeps) {
  const now = () => clock.now().toISOString();
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  const requireAuthor = (actor: Actor) => requireRole(actor, ['author']);
  /** Jobs this process is running, so a cancel stops ffmpeg at once. */
  const running = new Map<string, AbortController>();

  async function chunkOptionsOf(orgId: string): Promise<ChunkOptions> {
    const org = await identity.getOrganisation(systemActor(orgId));
    return { durationSettings: { ...DEFAULT_DURATION_SETTINGS, wordsPerMinute: org.readingWordsPerMinute } };
  }

  function presentProposal(p: StoredProposal, options: ChunkOptions): Proposal {
    return { ...p, pieces: p.text ? proposalPieces(p, options) : [], overBudget: p.estimatedSeconds > MAX_LESSON_SECONDS };
  }

  function summaryOf(row: Pick<repo.ImportJobRow, 'id' | 'kind' | 'status' | 'title' | 'source_name' | 'source_format' | 'media_id' | 'proposals' | 'revision' | 'stage' | 'progress_done' | 'progress_total' | 'course_id' | 'error_code' | 'error_message' | 'created_at' | 'updated_at'>): ImportSummary {
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      title: row.title,
      sourceName: row.source_name,
      sourceFormat: row.source_format,
      mediaId: row.media_id,
      stage: row.stage,
      progress: { done: row.progress_done, total: row.progress_total },
      revision: row.revision,
      lessonCount: parseJson<unknown[]>(row.proposals, []).length,
      courseId: row.course_id,
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async function present(row: repo.ImportJobRow): Promise<ImportDetail> {
    const proposals = parseJson<StoredProposal[]>(row.proposals, []);
    const options = await chunkOptionsOf(row.org_id);
    return {
      ...summaryOf(row),
      source: row.source_text,
      warnings: parseJson<string[]>(row.warnings, []),
      proposals: proposals.map((p) => presentProposal(p, options)),
      course: { title: row.title, modules: outlineOf(proposals) },
    };
  }

  /** A review or accept may start only from the revision the author saw, of an import awaiting review. */
  function assertReviewable(row: repo.ImportJobRow, baseRevision: number): void {
    if (row.status !== 'ready') throw new AppError('import_wrong_status', `This import is ${row.status}; proposals can be changed and accepted only while they await review.`, { status: row.status });
    if (row.revision !== baseRevision) throw new AppError('import_conflict', 'The proposals changed since you loaded them (another tab or author). Reload them and try again.', { revision: row.revision });
  }

  function proposalAt(proposals: readonly StoredProposal[], index: number): StoredProposal {
    const found = proposals[index];
    if (!found) throw new ValidationError(`There is no proposal ${index + 1}; this import has ${proposals.length}.`, { field: 'index' });
    return found;
  }

  /** The proposals after one review step. */
  function applyReview(proposals: StoredProposal[], op: ImportReview, options: ChunkOptions): StoredProposal[] {
    const next = [...proposals];
    if (op.op === 'course') return next;
    const target = proposalAt(next, op.index);
    switch (op.op) {
      case 'merge': {
        const following = next[op.index + 1];
        if (!following) throw new ValidationError('The last proposal has nothing after it to merge with.', { field: 'index' });
        next.splice(op.index, 2, { ...mergeProposals(target, following, options), module: target.module });
        return next;
      }
      case 'split': {
        if (!target.text) throw new ValidationError('A clip without a transcript cannot be split here; cut the recording into shorter clips instead.', { field: 'index' });
        let parts: [ProposedLesson, ProposedLesson];
        try {
          parts = splitProposal(target, op.atPiece, options);
        } catch (error) {
          if (error instanceof RangeError) throw new ValidationError(error.message, { field: 'atPiece' });
          throw error;
        }
        next.splice(op.index, 1, { ...parts[0], module: target.module }, { ...parts[1], module: target.module });
        return next;
      }
      case 'edit': {
        const edited: StoredProposal = {
          ...target,
          ...(op.title !== undefined && { title: op.title }),
          ...(op.coreQuestion !== undefined && { coreQuestion: op.coreQuestion }),
          ...(op.text !== undefined && { text: op.text }),
          ...(op.questions !== undefined && { questions: op.questions }),
        };
        // A new text or new questions change how long it takes: estimated as the lesson it will become.
        next[op.index] = { ...edited, estimatedSeconds: estimateOf(edited, options) };
        return next;
      }
      case 'drop':
        next.splice(op.index, 1);
        return next;
    }
  }

  /** How long the lesson a proposal becomes takes: its clip (if any), else its text, plus its questions. */
  function estimateOf(p: StoredProposal, options: ChunkOptions): number {
    const clipSeconds = p.startSeconds !== undefined && p.endSeconds !== undefined ? p.endSeconds - p.startSeconds : 0;
    const blocks: Block[] = [...(clipSeconds > 0 ? [] : [{ id: 'text', type: 'text' as const, markdown: p.text }]), ...p.questions.map((question, k): Block => ({ id: `q${k + 1}`, type: 'question', question }))];
    return Math.round(clipSeconds + estimateLessonDuration({ blocks }, new Map(), options.durationSettings ?? DEFAULT_DURATION_SETTINGS).seconds);
  }

  return {
    /**
     * Queues an import: the proposals are made in the background (at once for text; a scan of the recording for a
     * recording alone). Captions and chapters are checked now, so a wrong file is refused before anything is queued.
     * @throws ForbiddenError for anyone but authors. @throws AppError transcript_invalid.
     * @throws ValidationError when the media item is missing, an image, or (for a recording) has no duration.
     */
    async create(actor: Actor, input: ImportCreate): Promise<ImportDetail> {
      requireAuthor(actor);
      if (input.kind === 'transcript') {
        checkTranscript(input.captions, 'captions');
        if (input.chapters) checkTranscript(input.chapters, 'chapters');
      }
      let mediaName: string | undefined;
      if (input.kind !== 'document' && input.mediaId) {
        const item = await media.get(actor, input.mediaId).catch((error: unknown) => {
          if (error instanceof NotFoundError) throw new ValidationError('That media item does not exist in this organisation.', { field: 'mediaId' });
          throw error;
        });
        if (item.kind === 'image') throw new ValidationError('That media item is an image; clips are cut from video or audio.', { field: 'mediaId' });
        mediaName = item.title ?? item.filename;
      }
      const at = now();
      const id = newId();
      const sourceName = ('filename' in input ? input.filename : undefined) ?? mediaName ?? (input.kind === 'document' ? 'Pasted text' : 'Captions');
      const row: ImportJobTable = {
        id,
        org_id: actor.orgId,
        kind: input.kind,
        status: 'queued',
        title: input.title ?? sourceName.replace(/\.[A-Za-z0-9]+$/, ''),
        source_name: sourceName,
        source_format: input.kind === 'document' ? (input.format ?? documentFormatOf(input.filename)) : input.kind === 'transcript' ? (/^\s*WEBVTT/.test(input.captions) ? 'vtt' : 'srt') : 'media',
        source_text: input.kind === 'document' ? input.text : input.kind === 'transcript' ? input.captions : '',
        chapters_text: input.kind === 'transcript' ? (input.chapters ?? null) : null,
        media_id: input.kind === 'document' ? null : (input.mediaId ?? null),
        proposals: null,
        options: JSON.stringify({ language: input.kind === 'transcript' ? (input.language ?? 'en') : 'en', titleGiven: input.title !== undefined }),
        warnings: '[]',
        revision: 1,
        stage: 'waiting',
        progress_done: 0,
        progress_total: 1,
        attempts: 0,
        lease_until: null,
        accept_options: null,
        clip_media_ids: null,
        course_id: null,
        error_code: null,
        error_message: null,
        created_by: actor.kind === 'person' ? actor.personId : null,
        created_at: at,
        updated_at: at,
      };
      await repo.insertImportJob(db, row);
      onQueued();
      return present(row);
    },

    async list(actor: Actor): Promise<ImportList> {
      requireAuthor(actor);
      return { imports: (await repo.listImportJobRows(db, actor.orgId, 200)).map(summaryOf) };
    },

    async get(actor: Actor, id: string): Promise<ImportDetail> {
      requireAuthor(actor);
      return present(await repo.getImportJobRow(db, actor.orgId, id));
    },

    /**
     * One review step: merge with the next, split, edit, drop, or rename the course.
     * @throws AppError import_wrong_status unless the import awaits review; import_conflict for a stale revision.
     * @throws ValidationError for an index or split point that does not exist.
     */
    async review(actor: Actor, id: string, op: ImportReview): Promise<ImportDetail> {
      requireAuthor(actor);
      const row = await repo.getImportJobRow(db, actor.orgId, id);
      assertReviewable(row, op.baseRevision);
      const proposals = applyReview(parseJson<StoredProposal[]>(row.proposals, []), op, await chunkOptionsOf(actor.orgId));
      const changed = await repo.updateImportJob(db, id, { status: 'ready', revision: op.baseRevision }, {
        proposals: JSON.stringify(proposals),
        ...(op.op === 'course' && { title: op.title }),
        revision: op.baseRevision + 1,
        updated_at: now(),
      });
      if (!changed) throw new AppError('import_conflict', 'The proposals changed while you were saving. Reload them and try again.');
      return present(await repo.getImportJobRow(db, actor.orgId, id));
    },

    /**
     * Accepts the proposals as they are: queues cutting the clips (when there is a recording) and creating the
     * draft lessons and course. Follow the job's progress with `get`.
     * @throws AppError import_wrong_status, import_conflict, import_empty (every proposal dropped).
     * @throws ValidationError for an objective not in the organisation, or a clip over two minutes.
     */
    async accept(actor: Actor, id: string, input: ImportAccept): Promise<ImportDetail> {
      requireAuthor(actor);
      const row = await repo.getImportJobRow(db, actor.orgId, id);
      assertReviewable(row, input.baseRevision);
      const proposals = parseJson<StoredProposal[]>(row.proposals, []);
      if (proposals.length === 0) throw new AppError('import_empty', 'Every proposal was dropped: there is nothing to create.');
      if (row.media_id) {
        const tooLong = proposals.flatMap((p, k) => ((p.endSeconds ?? 0) - (p.startSeconds ?? 0) > MAX_LESSON_SECONDS ? [k + 1] : []));
        if (tooLong.length > 0) throw new ValidationError(`Clip${tooLong.length > 1 ? 's' : ''} ${tooLong.join(', ')} of this recording would run over two minutes: split ${tooLong.length > 1 ? 'them' : 'it'} first.`, { field: 'proposals', lessons: tooLong });
      }
      if (input.objectiveId) {
        await content.getObjective(actor, input.objectiveId).catch((error: unknown) => {
          if (error instanceof NotFoundError) throw new ValidationError('That objective does not exist in this organisation.', { field: 'objectiveId' });
          throw error;
        });
      }
      const changed = await repo.updateImportJob(db, id, { status: 'ready', revision: input.baseRevision }, {
        status: 'accepting',
        stage: 'waiting',
        title: input.courseTitle ?? row.title,
        progress_done: 0,
        progress_total: proposals.length,
        attempts: 0,
        lease_until: null,
        error_code: null,
        error_message: null,
        accept_options: JSON.stringify({ courseTitle: input.courseTitle ?? row.title, objectiveId: input.objectiveId ?? null, acceptedBy: actor.kind === 'person' ? actor.personId : row.created_by }),
        clip_media_ids: row.media_id ? JSON.stringify(proposals.map(() => newId())) : null,
        revision: input.baseRevision + 1,
        updated_at: now(),
      });
      if (!changed) throw new AppError('import_conflict', 'The proposals changed while you were accepting them. Reload them and try again.');
      onQueued();
      return present(await repo.getImportJobRow(db, actor.orgId, id));
    },

    /**
     * Stops an import that is waiting, under review or being accepted (its drafts are then not created).
     * @throws AppError import_wrong_status once it is accepted, failed or already cancelled.
     */
    async cancel(actor: Actor, id: string): Promise<ImportDetail> {
      requireAuthor(actor);
      const row = await repo.getImportJobRow(db, actor.orgId, id);
      if (row.status !== 'queued' && row.status !== 'ready' && row.status !== 'accepting') {
        throw new AppError('import_wrong_status', `This import is ${row.status}; only one still in progress can be cancelled.`, { status: row.status });
      }
      const changed = await repo.updateImportJob(db, id, { status: row.status }, { status: 'cancelled', stage: 'cancelled', lease_until: null, updated_at: now() });
      if (!changed) throw new AppError('import_conflict', 'The import changed while you were cancelling it. Reload it and try again.');
      running.get(id)?.abort();
      return present(await repo.getImportJobRow(db, actor.orgId, id));
    },

    /**
     * Deletes an import's record (the drafts it created stay).
     * @throws AppError import_wrong_status while it is being accepted (cancel it first).
     */
    async remove(actor: Actor, id: string): Promise<void> {
      requireAuthor(actor);
      const row = await repo.getImportJobRow(db, actor.orgId, id);
      if (row.status === 'accepting') throw new AppError('import_wrong_status', 'This import is being accepted; cancel it first.', { status: row.status });
      await repo.deleteImportJob(db, actor.orgId, id);
    },

    /**
     * Claims the oldest job with work to do and does it. Returns false when there was none (or another runner took
     * it first). Expected failures (a bad file, ffmpeg refusing) fail the job with their code; unexpected ones
     * release it to be tried again, up to MAX_ATTEMPTS starts. `onlyId` limits it to one job (the CLI's).
     */
    async runNext(onlyId?: string): Promise<boolean> {
      const candidate = await repo.findClaimableJob(db, now(), onlyId);
      if (!candidate) return false;
      const lease = later(leaseMs);
      const claimed = await repo.updateImportJob(db, candidate.id, { status: candidate.status, leaseUntil: candidate.lease_until }, { lease_until: lease, attempts: candidate.attempts + 1, updated_at: now() });
      if (!claimed) return true;
      const row = (await repo.findImportJobById(db, candidate.id))!;
      if (candidate.attempts >= MAX_ATTEMPTS) {
        await finishFailed(row, new AppError('internal_error', `This import stopped ${MAX_ATTEMPTS} times without finishing; the server log says why. Start it again, or try a smaller file.`));
        return true;
      }
      const controller = new AbortController();
      running.set(row.id, controller);
      try {
        if (row.status === 'queued') await propose(row, controller.signal);
        else await createDrafts(row, controller.signal);
      } catch (error) {
        const expected = expectedFailure(error);
        const stillOurs = await repo.findImportJobById(db, row.id);
        if (stillOurs?.status === row.status) {
          if (expected) await finishFailed(stillOurs, expected);
          else {
            logger.error({ err: error, importId: row.id }, 'an import job failed; it will be tried again');
            await repo.updateImportJob(db, row.id, { status: row.status }, { lease_until: later(10_000), updated_at: now() });
          }
        }
      } finally {
        running.delete(row.id);
      }
      return true;
    },

    /** Where imported lessons came from (document and heading path), for those among `lessonIds` an import made. */
    async sourcesOf(orgId: string, lessonIds: readonly string[]): Promise<Map<string, { document: string; headingPath: string[] }>> {
      const rows = await repo.listImportSources(db, orgId, lessonIds);
      return new Map(rows.map((r) => [r.lesson_id, { document: r.source_name, headingPath: JSON.parse(r.heading_path) as string[] }]));
    },

    /** Runs jobs (or the one job `onlyId`) until none is left to do (the CLI and tests; servers use `startImportJobs`). */
    async runUntilIdle(onlyId?: string): Promise<void> {
      while (await this.runNext(onlyId));
    },
  };

  /** A failed proposal step fails the import; a failed accept returns it to review with the error shown. */
  async function finishFailed(row: repo.ImportJobRow, error: AppError): Promise<void> {
    const status = row.status === 'accepting' ? 'ready' : 'failed';
    await repo.updateImportJob(db, row.id, { status: row.status }, { status, stage: status === 'ready' ? 'review' : 'failed', lease_until: null, error_code: error.code, error_message: error.message, updated_at: now() });
  }

  /** Renews the lease and records progress; false when the job was cancelled meanwhile. */
  function progressReporter(row: repo.ImportJobRow, controller: { signal: AbortSignal }) {
    let chain = Promise.resolve();
    return {
      report(stage: string, done: number, total: number): Promise<void> {
        chain = chain.then(async () => {
          const ours = await repo.updateImportJob(db, row.id, { status: row.status }, { stage, progress_done: done, progress_total: total, lease_until: later(leaseMs), updated_at: now() });
          if (!ours) running.get(row.id)?.abort();
        });
        return chain;
      },
      settled: () => chain,
      signal: controller.signal,
    };
  }

  async function propose(row: repo.ImportJobRow, signal: AbortSignal): Promise<void> {
    const progress = progressReporter(row, { signal });
    const options = await chunkOptionsOf(row.org_id);
    const titleGiven = parseJson<{ titleGiven?: boolean }>(row.options, {}).titleGiven === true;
    let proposals: StoredProposal[];
    let warnings: string[];
    let title = row.title;
    if (row.kind === 'recording') {
      await progress.report('finding_cuts', 0, 1);
      const found = await media.withOriginal(systemActor(row.org_id), row.media_id!, (path) => proposeCutPoints(path, { signal }));
      const result = chunkRecording(found.clips, row.title);
      proposals = storedProposalsOf(result);
      warnings = result.warnings;
    } else {
      await progress.report('reading', 0, 1);
      const result =
        row.kind === 'document'
          ? chunkDocument({ text: row.source_text, format: row.source_format as DocumentFormat, ...(titleGiven ? { title: row.title } : { fallbackTitle: row.title }) }, options)
          : chunkTranscript({ captions: row.source_text, ...(row.chapters_text && { chapters: row.chapters_text }), title: row.title }, options);
      proposals = storedProposalsOf(result);
      warnings = result.warnings;
      title = result.course.title;
    }
    await progress.settled();
    await repo.updateImportJob(db, row.id, { status: 'queued' }, {
      status: 'ready',
      stage: 'review',
      title,
      proposals: JSON.stringify(proposals),
      warnings: JSON.stringify(warnings),
      progress_done: 1,
      progress_total: 1,
      revision: row.revision + 1,
      lease_until: null,
      updated_at: now(),
    });
  }

  async function createDrafts(row: repo.ImportJobRow, signal: AbortSignal): Promise<void> {
    const progress = progressReporter(row, { signal });
    const system = systemActor(row.org_id);
    const proposals = parseJson<StoredProposal[]>(row.proposals, []);
    const accepted = parseJson<{ courseTitle: string; objectiveId: string | null; acceptedBy: string | null }>(row.accept_options, { courseTitle: row.title, objectiveId: null, acceptedBy: null });
    const language = parseJson<{ language?: string }>(row.options, {}).language ?? 'en';
    const clipIds = parseJson<string[]>(row.clip_media_ids, []);
    let clipKind: 'video' | 'audio' | undefined;
    if (row.media_id) {
      const workDir = join(tmpDir, `import-${row.id}`);
      try {
        clipKind = await media.withOriginal(system, row.media_id, async (path, recording) => {
          await progress.report('cutting', 0, proposals.length);
          const clips = await cutClips({
            input: path,
            clips: proposals.map((p) => ({ startSeconds: p.startSeconds!, endSeconds: p.endSeconds! })),
            outputDir: workDir,
            // Probed on upload: saves cutClips an ffprobe run.
            ...(recording.durationSeconds !== null ? { recording: { durationSeconds: recording.durationSeconds, streams: recording.streams } } : {}),
            signal,
            onProgress: (done, total) => void progress.report('cutting', done, total),
          });
          await progress.settled();
          for (const [k, clip] of clips.entries()) {
            await progress.report('storing', k, clips.length);
            await media.upload(system, fileUploadSource(clip.path, { filename: `${recording.filename.replace(/\.[^.]*$/, '')}-${String(k + 1).padStart(3, '0')}${clip.path.slice(clip.path.lastIndexOf('.'))}`, fields: { title: proposals[k]!.title.slice(0, 200) } }), { id: clipIds[k]!, createdBy: accepted.acceptedBy });
            if (row.kind === 'transcript') {
              const captions = rebaseCaptions(row.source_text, clip.startSeconds, clip.endSeconds);
              if (/-->/.test(captions)) await media.addCaptions(system, clipIds[k]!, bytesUploadSource(captions, { filename: 'captions.vtt' }), { language });
            }
          }
          return recording.kind === 'audio' ? 'audio' : 'video';
        });
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }
    await progress.report('creating', proposals.length, proposals.length);
    await progress.settled();
    const lessons = proposals.map((p, k) => {
      const blocks: Block[] = [];
      if (clipKind === 'video') blocks.push({ id: 'clip', type: 'video', mediaId: clipIds[k]! });
      else if (clipKind === 'audio') blocks.push({ id: 'clip', type: 'audio', mediaId: clipIds[k]!, ...(p.text && { transcript: p.text.slice(0, 20_000) }) });
      else if (p.text) blocks.push({ id: 'text', type: 'text', markdown: p.text.slice(0, 20_000) });
      p.questions.forEach((question, q) => blocks.push({ id: `q${q + 1}`, type: 'question', question }));
      return {
        ...ContentSchemas.LessonCreate.parse({ title: p.title.slice(0, 200), coreQuestion: p.coreQuestion.slice(0, 300), objectiveId: accepted.objectiveId, tags: ['imported'], blocks, variables: [] }),
        id: newId(),
      };
    });
    const modules = outlineOf(proposals).flatMap((module) => {
      // A course module holds at most 100 lessons: a longer one continues in the next.
      const parts: { id: string; title: string; lessonIds: string[] }[] = [];
      for (let from = 0; from < module.lessonIndexes.length; from += 100) {
        parts.push({ id: newId(), title: (from === 0 ? module.title : `${module.title} (continued)`).slice(0, 200), lessonIds: module.lessonIndexes.slice(from, from + 100).map((k) => lessons[k]!.id) });
      }
      return parts;
    });
    const course = ContentSchemas.CourseCreate.parse({
      title: accepted.courseTitle.slice(0, 200),
      description: `Imported from ${row.source_name}.`,
      objectiveIds: accepted.objectiveId ? [accepted.objectiveId] : [],
      modules,
    });
    const courseId = newId();
    await content.createDraftCourseWithLessons(system, { lessons, course: { ...course, id: courseId }, createdBy: accepted.acceptedBy }, async (trx) => {
      // Cancelled meanwhile (or taken by another runner): nothing of the drafts is kept.
      const stillOurs = await repo.updateImportJob(trx, row.id, { status: 'accepting' }, { status: 'accepted', stage: 'done', course_id: courseId, lease_until: null, updated_at: now() });
      if (!stillOurs) throw new AppError('import_wrong_status', 'The import was cancelled before its drafts were created.');
      await repo.insertImportLessons(trx, lessons.map((lesson, k) => ({ lesson_id: lesson.id, org_id: row.org_id, import_id: row.id, source_name: row.source_name, heading_path: JSON.stringify(proposals[k]!.headingPath) })));
    });
  }
}

export type ImportService = ReturnType<typeof createImportService>;
