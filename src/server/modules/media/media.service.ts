import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { readCaptions } from '../../../core/captions.ts';
import { parseTranscript } from '../../../core/chunking/transcript.ts';
import type { MediaFacts } from '../../../core/lessons/linter.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, requireRole } from '../identity/index.ts';
import { classifyStreams, detectFormat, readHead, readImageSize, sanitizeFilename } from './media-detect.ts';
import type { MediaProbe, ProbedStream, ToolAvailability } from './media-probe.ts';
import { type ByteRange, formatBytes, type MediaStorage, spoolToTempFile, tooLarge } from './media-storage.ts';
import { LanguageTag, type MediaItem, type MediaKind, type MediaList, type MediaPatch, type MediaQuery, type MediaStream, MediaTitle } from './media.schemas.ts';
import * as repo from './media.repository.ts';

/** The minimum of a logger the service needs (pino's fits). */
export interface MediaLogger {
  warn(object: object, message: string): void;
}

export interface MediaDeps {
  db: Kysely<Database>;
  clock: Clock;
  storage: MediaStorage;
  probe: MediaProbe;
  /** A local folder for uploads in progress, on the same file system as a local store (`DATA_DIR/media/tmp`). */
  tmpDir: string;
  /** The largest file accepted (MEDIA_MAX_BYTES). */
  maxBytes: number;
  logger?: MediaLogger | undefined;
}

/** A file arriving in an upload. */
export interface IncomingFile {
  /** The name the sender gave it: shown to people, never trusted for the type. */
  filename: string;
  stream: Readable;
}

/**
 * Where an upload comes from: an HTTP form being streamed, or a file on disk (the CLI, the demo, tests).
 * The service asks for the file only after checking permissions, so a refused upload reads nothing.
 */
export interface UploadSource {
  /** How many bytes the sender announced for the whole upload, when known: lets an oversized one be refused unread. */
  declaredBytes?: number | undefined;
  /**
   * Waits for the file and hands over its stream, which must be read to its end (or failed).
   * @throws ValidationError when the upload has no file.
   */
  openFile(): Promise<IncomingFile>;
  /** The text fields that came with the file, including those after it; call once the file has been read. */
  fields(): Promise<Record<string, string>>;
}

/** An upload source reading a local file (for the CLI, demo data and tests). */
export function fileUploadSource(path: string, options: { filename?: string; fields?: Record<string, string> } = {}): UploadSource {
  return {
    openFile: async () => ({ filename: options.filename ?? basename(path), stream: createReadStream(path) }),
    fields: async () => ({ ...options.fields }),
  };
}

/** An upload source over bytes already in memory (captions sent as a text body). */
export function bytesUploadSource(content: Buffer | string, options: { filename?: string; fields?: Record<string, string> } = {}): UploadSource {
  return {
    declaredBytes: Buffer.byteLength(content),
    openFile: async () => ({ filename: options.filename ?? 'upload', stream: Readable.from([Buffer.from(content)]) }),
    fields: async () => ({ ...options.fields }),
  };
}

/** Which file of an item to serve. */
export type MediaPart = { kind: 'original' } | { kind: 'poster' } | { kind: 'captions'; language: string };

/** A stored file ready to be served, in whole or by byte range. */
export interface ServedFile {
  mimeType: string;
  sizeBytes: number;
  /** The name to offer when saved. */
  filename: string;
  /** False for captions, which can be replaced under the same address. */
  isImmutable: boolean;
  read(range?: ByteRange): Readable;
}

/** Captions files are text; two hours of dense captions are about 200 KB. */
const CAPTIONS_MAX_BYTES = 2 * 1024 * 1024;
/** Multipart framing and the form's small fields on top of the file itself. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;
/** A header duration this much past the last packet means the file was cut short. */
const truncationTolerance = (seconds: number) => Math.max(1.5, seconds * 0.02);

const FFMPEG_MISSING_MESSAGE = 'Video and audio need ffmpeg on the server, and it is not installed. Ask an administrator to install it (Debian/Ubuntu: apt install ffmpeg) and restart Morsel. Images can still be uploaded.';

/** The media library: uploads probed and stored, served by range, with WebVTT captions; and what the linter needs of it. */
export function createMediaService({ db, clock, storage, probe, tmpDir, maxBytes, logger }: MediaDeps) {
  const now = () => clock.now().toISOString();
  const creatorOf = (actor: Actor) => (actor.kind === 'person' ? actor.personId : null);
  const requireReader = (actor: Actor) => requireRole(actor, ['author'], 'content:read');
  const requireWriter = (actor: Actor) => requireRole(actor, ['author']);
  const folderOf = (orgId: string, mediaId: string) => `${orgId}/${mediaId}/`;

  async function present(row: repo.MediaRow): Promise<MediaItem> {
    return repo.toMediaItem(row, await repo.listCaptionRows(db, row.org_id, [row.id]));
  }

  /** Removes local files, logging rather than failing: the answer to the person does not depend on it. */
  async function removeQuietly(...paths: string[]) {
    for (const path of paths) await rm(path, { force: true }).catch((error: unknown) => logger?.warn({ err: error, path }, 'could not remove a temporary media file'));
  }

  interface Probed {
    kind: MediaKind;
    mimeType: string;
    ext: string;
    durationSeconds: number | null;
    width: number | null;
    height: number | null;
    streams: MediaStream[];
    posterPath: string | null;
  }

  async function probeImage(path: string, format: { ext: string; mimeType: string }): Promise<Probed> {
    const tools = await probe.tools();
    // A damaged image can have a perfect header: decode it when ffmpeg is here (an image is a single frame).
    if (tools.ffmpeg && !(await probe.decodesCleanly(path))) throw corrupt(`This ${format.ext.toUpperCase()} image cannot be decoded; it is damaged.`);
    let size = readImageSize(await readHead(path, 1024 * 1024), format.ext);
    if (!size && tools.ffprobe) {
      const video = (await probe.probe(path).catch(() => undefined))?.streams.find((s) => s.type === 'video' && s.width && s.height);
      if (video) size = { width: video.width!, height: video.height! };
    }
    if (!size) throw corrupt(`The size of this ${format.ext.toUpperCase()} image cannot be read from its header; it is damaged.`);
    return { kind: 'image', mimeType: format.mimeType, ext: format.ext, durationSeconds: null, ...size, streams: [], posterPath: null };
  }

  async function probeAudioVideo(path: string, format: Parameters<typeof classifyStreams>[0]): Promise<Probed> {
    const tools = await probe.tools();
    if (!tools.ffprobe || !tools.ffmpeg) throw new AppError('ffmpeg_missing', FFMPEG_MISSING_MESSAGE);
    const probed = await probe.probe(path).catch((error: unknown) => {
      throw corrupt(`This ${format.label} file cannot be read; it is damaged or incomplete.`, error);
    });
    const decided = classifyStreams(format, probed.streams);
    if (!decided) throw corrupt(`This ${format.label} file has neither a video nor an audio stream.`);
    // The header's duration, checked against where the packets really end: a cut-short file keeps its header.
    let duration = probed.durationSeconds;
    const from = duration === null ? 0 : Math.max(0, duration - 10);
    const lastEnd = await probe.lastPacketEnd(path, from);
    if (duration === null) duration = lastEnd;
    if (duration === null || duration <= 0) throw corrupt(`No playable data was found in this ${format.label} file.`);
    if (lastEnd === null || lastEnd < duration - truncationTolerance(duration)) {
      throw corrupt(`This ${format.label} file stops at ${Math.round(lastEnd ?? 0)} s although it says it lasts ${Math.round(duration)} s: it is truncated (an interrupted upload or copy?).`);
    }
    const streams = probed.streams.filter((s): s is ProbedStream & { type: 'video' | 'audio' } => (s.type === 'video' && !s.isCoverArt) || s.type === 'audio').map(toStream);
    const video = decided.kind === 'video' ? probed.streams.find((s) => s.type === 'video' && !s.isCoverArt) : undefined;
    const turned = video ? Math.abs(video.rotation) % 180 === 90 : false;
    let posterPath: string | null = null;
    if (decided.kind === 'video') {
      posterPath = join(tmpDir, `${newId()}.poster.jpg`);
      const at = duration >= 10 ? duration * 0.1 : Math.min(1, duration / 2);
      const extracted = (await probe.extractPoster(path, posterPath, at)) || (await probe.extractPoster(path, posterPath, 0));
      if (!extracted) {
        await removeQuietly(posterPath);
        throw corrupt(`No picture could be decoded from this ${format.label} video; it is damaged.`);
      }
    }
    return {
      ...decided,
      durationSeconds: Math.round(duration * 1000) / 1000,
      width: (turned ? video?.height : video?.width) ?? null,
      height: (turned ? video?.width : video?.height) ?? null,
      streams,
      posterPath,
    };
  }

  function corrupt(message: string, cause?: unknown): AppError {
    const detail = cause instanceof Error && 'stderr' in cause ? { reason: cause.message } : undefined;
    return new AppError('media_corrupt', message, detail);
  }

  async function loadCaptionText(source: UploadSource): Promise<{ text: string; fields: Record<string, string> }> {
    if ((source.declaredBytes ?? 0) > CAPTIONS_MAX_BYTES + FORM_OVERHEAD_BYTES) throw captionsTooLarge();
    const file = await source.openFile();
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of file.stream) {
      total += (chunk as Buffer).length;
      if (total > CAPTIONS_MAX_BYTES) {
        file.stream.destroy();
        throw captionsTooLarge();
      }
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // WebVTT is UTF-8 by definition; old SRT files are often Windows-1252, which is unambiguous to convert.
      text = new TextDecoder('windows-1252').decode(bytes);
      if (readCaptions(text).format !== 'srt') throw new AppError('captions_invalid', 'The captions file is not UTF-8 text. Save it as UTF-8 and upload it again.', { problems: [] });
    }
    return { text, fields: await source.fields() };
  }

  return {
    /** Whether ffprobe and ffmpeg are installed (for the start-up warning and the health of uploads). */
    async toolStatus(): Promise<ToolAvailability> {
      return probe.tools();
    },

    /**
     * Stores an uploaded image, video or audio file: streamed to a temporary file within the size limit, its type
     * detected from the content, probed (duration, streams, a poster frame for video), moved to
     * `<orgId>/<mediaId>/original.<ext>` and recorded. Whatever fails, nothing is left behind.
     * @throws ForbiddenError for anyone but authors and admins (before anything is read).
     * @throws AppError media_too_large past MEDIA_MAX_BYTES; media_unsupported for formats the library does not
     *   take; media_corrupt for files that cannot be read; ffmpeg_missing for video and audio without ffmpeg.
     * @throws ValidationError when there is no file or the title is invalid.
     */
    async upload(actor: Actor, source: UploadSource, options: { id?: string; createdBy?: string | null } = {}): Promise<MediaItem> {
      requireWriter(actor);
      if (options.id) {
        // A caller that chose the id (an import's clip) may be retrying after a crash: the item is made once.
        const existing = await repo.findMediaRow(db, actor.orgId, options.id);
        if (existing) return this.get(actor, options.id);
      }
      if ((source.declaredBytes ?? 0) > maxBytes + FORM_OVERHEAD_BYTES) throw tooLarge(maxBytes);
      const incoming = await source.openFile();
      const spooled = await spoolToTempFile(incoming.stream, tmpDir, maxBytes);
      let posterPath: string | null = null;
      try {
        const fields = await source.fields();
        const title = fields.title?.trim() ? MediaTitle.safeParse(fields.title) : undefined;
        if (title && !title.success) throw new ValidationError('The title must be at most 200 characters.', { field: 'title' });
        if (spooled.sizeBytes === 0) throw new AppError('media_corrupt', 'The file is empty.');
        const format = await detectFormat(spooled.path, incoming.filename);
        const probed = format.family === 'image' ? await probeImage(spooled.path, format) : await probeAudioVideo(spooled.path, format);
        posterPath = probed.posterPath;

        const id = options.id ?? newId();
        const storageKey = `${folderOf(actor.orgId, id)}original.${probed.ext}`;
        const posterKey = posterPath ? `${folderOf(actor.orgId, id)}poster.jpg` : null;
        const at = now();
        const row = {
          id,
          org_id: actor.orgId,
          kind: probed.kind,
          mime_type: probed.mimeType,
          filename: sanitizeFilename(incoming.filename, probed.ext),
          title: title?.data ?? null,
          size_bytes: spooled.sizeBytes,
          storage_key: storageKey,
          poster_key: posterKey,
          duration_seconds: probed.durationSeconds,
          width: probed.width,
          height: probed.height,
          streams: JSON.stringify(probed.streams),
          created_by: creatorOf(actor) ?? options.createdBy ?? null,
          created_at: at,
          updated_at: at,
        };
        try {
          await storage.putFile(storageKey, spooled.path);
          if (posterPath && posterKey) await storage.putFile(posterKey, posterPath);
          await db.transaction().execute(async (trx) => repo.insertMedia(trx, row));
        } catch (error) {
          // No row without its files, and no files without their row.
          await storage.removePrefix(folderOf(actor.orgId, id)).catch((cleanup: unknown) => logger?.warn({ err: cleanup, mediaId: id }, 'could not remove the files of a failed upload'));
          throw error;
        }
        return repo.toMediaItem(row, []);
      } finally {
        await removeQuietly(spooled.path, ...(posterPath ? [posterPath] : []));
      }
    },

    /**
     * The library, newest first, optionally narrowed to a kind and a search of names and titles.
     * @throws ForbiddenError for learners.
     */
    async list(actor: Actor, query: MediaQuery): Promise<MediaList> {
      requireReader(actor);
      const rows = await repo.listMediaRows(db, actor.orgId, { kind: query.kind, q: query.q, before: query.cursor, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const captions = await repo.listCaptionRows(db, actor.orgId, page.map((r) => r.id));
      return {
        items: page.map((row) => repo.toMediaItem(row, captions.filter((c) => c.media_id === row.id))),
        nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    /**
     * One item. Anyone in the organisation may read it: learners' lessons show it.
     * @throws NotFoundError when it is not in the actor's organisation.
     */
    async get(actor: Actor, id: string): Promise<MediaItem> {
      if (actor.kind === 'token') requireReader(actor);
      return present(await repo.getMediaRow(db, actor.orgId, id));
    },

    /**
     * Changes an item's title (null clears it).
     * @throws ForbiddenError for learners. @throws NotFoundError when it is not in the organisation.
     */
    async update(actor: Actor, id: string, patch: MediaPatch): Promise<MediaItem> {
      requireWriter(actor);
      await repo.getMediaRow(db, actor.orgId, id);
      await repo.updateMediaTitle(db, actor.orgId, id, patch.title, now());
      return present(await repo.getMediaRow(db, actor.orgId, id));
    },

    /**
     * Deletes an item, its captions and its files. Lessons that use it then fail lint with missing_media.
     * @throws ForbiddenError for learners. @throws NotFoundError when it is not in the organisation.
     */
    async remove(actor: Actor, id: string): Promise<void> {
      requireWriter(actor);
      await db.transaction().execute(async (trx) => {
        await repo.getMediaRow(trx, actor.orgId, id);
        await repo.deleteMediaRow(trx, actor.orgId, id);
      });
      // After commit: a failed removal leaves unreachable files (logged), never a row pointing at nothing.
      await storage.removePrefix(folderOf(actor.orgId, id)).catch((error: unknown) => logger?.warn({ err: error, mediaId: id }, 'could not remove the files of a deleted media item'));
    },

    /**
     * A file of an item, to stream in whole or by range: the original, the poster frame, or a captions track.
     * @throws NotFoundError when the item (or that poster or track) is not in the actor's organisation.
     */
    async openFile(actor: Actor, id: string, part: MediaPart): Promise<ServedFile> {
      if (actor.kind === 'token') requireReader(actor);
      const row = await repo.getMediaRow(db, actor.orgId, id);
      let key: string;
      let served: Omit<ServedFile, 'sizeBytes' | 'read'>;
      if (part.kind === 'original') {
        key = row.storage_key;
        served = { mimeType: row.mime_type, filename: row.filename, isImmutable: true };
      } else if (part.kind === 'poster') {
        if (!row.poster_key) throw new NotFoundError('poster of media item', id);
        key = row.poster_key;
        served = { mimeType: 'image/jpeg', filename: `${row.filename.replace(/\.[^.]*$/, '')}-poster.jpg`, isImmutable: true };
      } else {
        const language = LanguageTag.safeParse(part.language);
        const track = language.success ? await repo.findCaptionRow(db, actor.orgId, id, language.data) : undefined;
        if (!track) throw new NotFoundError('captions track', part.language);
        key = track.storage_key;
        served = { mimeType: 'text/vtt; charset=utf-8', filename: `${row.filename.replace(/\.[^.]*$/, '')}.${track.language}.vtt`, isImmutable: false };
      }
      const sizeBytes = await storage.sizeOf(key);
      if (sizeBytes === undefined) {
        logger?.warn({ mediaId: id, key }, 'a media file is missing from storage');
        throw new NotFoundError('file of media item', id);
      }
      return { ...served, sizeBytes, read: (range) => storage.read(key, range) };
    },

    /**
     * What is said in a video or audio item, from its first captions track (cue text, markup removed): search indexes
     * it. Empty when the item has no captions or is not in the organisation.
     */
    async captionsText(orgId: string, id: string): Promise<string> {
      const [track] = await repo.listCaptionRows(db, orgId, [id]);
      if (!track || (await storage.sizeOf(track.storage_key)) === undefined) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of storage.read(track.storage_key)) chunks.push(chunk as Buffer);
      try {
        return parseTranscript(Buffer.concat(chunks).toString('utf8')).cues.map((cue) => cue.text).join(' ');
      } catch {
        return '';
      }
    },

    /**
     * Runs `use` with a path on this machine to a video or audio item's original: in place on a local disk, else a
     * temporary copy removed afterwards. For ffmpeg, which reads files.
     * @throws NotFoundError for another organisation's item. @throws ValidationError for an image.
     */
    async withOriginal<T>(actor: Actor, id: string, use: (path: string, item: MediaItem) => Promise<T>): Promise<T> {
      requireWriter(actor);
      const item = await this.get(actor, id);
      if (item.kind === 'image') throw new ValidationError('That media item is an image; a recording must be video or audio.', { field: 'mediaId' });
      const row = await repo.getMediaRow(db, actor.orgId, id);
      if (storage.localPath) return use(storage.localPath(row.storage_key), item);
      await mkdir(tmpDir, { recursive: true });
      const copy = join(tmpDir, `${newId()}${extname(row.storage_key)}`);
      try {
        await pipeline(storage.read(row.storage_key), createWriteStream(copy));
        return await use(copy, item);
      } finally {
        await removeQuietly(copy);
      }
    },

    /**
     * Adds (or replaces) the captions of a video or audio item in one language: WebVTT is validated, SRT is
     * converted, both judged by content; stored as `<orgId>/<mediaId>/captions.<language>.vtt`.
     * @throws ForbiddenError for learners (before anything is read). @throws NotFoundError for another organisation's item.
     * @throws AppError captions_invalid listing the lines at fault; media_too_large over 2 MB.
     * @throws ValidationError for a missing or invalid language, or captions on an image.
     */
    async addCaptions(actor: Actor, id: string, source: UploadSource, options: { language?: string | undefined; label?: string | undefined } = {}): Promise<MediaItem> {
      requireWriter(actor);
      const row = await repo.getMediaRow(db, actor.orgId, id);
      if (row.kind === 'image') throw new ValidationError('Captions belong to video and audio, not images. Describe images with alt text in the lesson.', { field: 'id' });
      const { text, fields } = await loadCaptionText(source);
      const language = LanguageTag.safeParse(fields.language ?? options.language ?? '');
      if (!language.success) throw new ValidationError('Say which language the captions are in, as a BCP 47 tag such as en or fr-CA.', { field: 'language' });
      const label = (fields.label ?? options.label ?? '').trim().slice(0, 100) || languageName(language.data);
      const read = readCaptions(text);
      if (!read.ok) {
        const first = read.problems[0];
        throw new AppError('captions_invalid', `These captions are not valid ${read.format === 'srt' ? 'SRT' : 'WebVTT'}${first ? `: line ${first.line}: ${first.message}` : '.'}`, { format: read.format ?? null, problems: read.problems });
      }
      const key = `${folderOf(actor.orgId, id)}captions.${language.data}.vtt`;
      const at = now();
      const existing = await repo.findCaptionRow(db, actor.orgId, id, language.data);
      await storage.putBytes(key, read.vtt);
      try {
        await repo.upsertCaptionRow(db, { org_id: actor.orgId, media_id: id, language: language.data, label, storage_key: key, cue_count: read.cueCount, created_at: at, updated_at: at });
      } catch (error) {
        // A new track's file must not outlive its refused row (a replaced one has already been overwritten).
        if (!existing) await storage.remove(key).catch(() => undefined);
        throw error;
      }
      return present(row);
    },

    /**
     * Removes the captions in one language.
     * @throws ForbiddenError for learners. @throws NotFoundError when the item or track is not there.
     */
    async removeCaptions(actor: Actor, id: string, language: string): Promise<void> {
      requireWriter(actor);
      await repo.getMediaRow(db, actor.orgId, id);
      const tag = LanguageTag.safeParse(language);
      const track = tag.success ? await repo.findCaptionRow(db, actor.orgId, id, tag.data) : undefined;
      if (!track) throw new NotFoundError('captions track', language);
      await repo.deleteCaptionRow(db, actor.orgId, id, track.language);
      await storage.remove(track.storage_key).catch((error: unknown) => logger?.warn({ err: error, mediaId: id }, 'could not remove a captions file'));
    },

    /**
     * What the lesson linter needs of each item: its length and whether it has captions. Ids not in the
     * organisation are simply absent (the linter then reports missing_media).
     */
    async getMediaFacts(orgId: string, ids: string[]): Promise<Map<string, MediaFacts>> {
      const unique = [...new Set(ids)];
      const rows = await repo.listMediaRowsByIds(db, orgId, unique);
      const captioned = new Set((await repo.listCaptionRows(db, orgId, rows.map((r) => r.id))).map((c) => c.media_id));
      return new Map(rows.map((row) => [row.id, { seconds: row.duration_seconds === null ? undefined : Number(row.duration_seconds), hasCaptions: captioned.has(row.id) }]));
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

function toStream(stream: ProbedStream & { type: 'video' | 'audio' }): MediaStream {
  return {
    type: stream.type,
    codec: stream.codec,
    ...(stream.width !== undefined ? { width: stream.width } : {}),
    ...(stream.height !== undefined ? { height: stream.height } : {}),
    ...(stream.channels !== undefined ? { channels: stream.channels } : {}),
  };
}

function captionsTooLarge(): AppError {
  return new AppError('media_too_large', `A captions file may be at most ${formatBytes(CAPTIONS_MAX_BYTES)}.`, { maxBytes: CAPTIONS_MAX_BYTES });
}

/** "en" → "English", "fr-CA" → "French (Canada)": the default label of a captions track. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * Logs a warning when ffprobe or ffmpeg is missing, so an administrator learns it at start-up rather than from
 * a refused upload. Never throws.
 */
export async function warnIfFfmpegMissing(logger: MediaLogger, media: Pick<MediaService, 'toolStatus'>): Promise<void> {
  const tools = await media.toolStatus().catch(() => ({ ffprobe: false, ffmpeg: false }));
  const missing = (['ffprobe', 'ffmpeg'] as const).filter((tool) => !tools[tool]);
  if (missing.length > 0) logger.warn({ missing }, `${missing.join(' and ')} not found on PATH: video and audio uploads will be refused until ffmpeg is installed (Debian/Ubuntu: apt install ffmpeg). Images still work.`);
}
