/**
 * `morsel chunk` (proposals for a file, printed, nothing stored) and `morsel import` (the same, accepted as draft
 * lessons, media and a course in an organisation). Both read the file the way the web import does: a document
 * (Markdown, HTML, text), captions (WebVTT or SRT, judged by the extension) or a recording.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type Command, Option } from 'commander';
import { chunkDocument, chunkRecording, chunkTranscript, type ChunkResult, TranscriptFormatError } from '../core/chunking/index.ts';
import { systemActor } from '../server/modules/identity/index.ts';
import { documentFormatOf, ImportSchemas } from '../server/modules/import/index.ts';
import { ClipCutError } from '../server/modules/import/clip-cutter.ts';
import { proposeCutPoints } from '../server/modules/import/cut-points.ts';
import { fileUploadSource } from '../server/modules/media/index.ts';
import { AppError, ValidationError } from '../server/platform/errors.ts';
import type { Services } from '../server/services.ts';

const CAPTION_EXTENSIONS = new Set(['.vtt', '.srt']);
const MEDIA_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov', '.webm', '.mkv', '.ogv', '.mp3', '.m4a', '.aac', '.wav', '.ogg', '.oga', '.opus', '.flac']);

interface SourceOptions {
  transcript?: string;
  chapters?: string;
  media?: string;
  title?: string;
}

/** What the files are: a document, captions (with their recording or not), or a recording alone. */
type Source =
  | { kind: 'document'; text: string; filename: string }
  | { kind: 'transcript'; captions: string; chapters?: string; filename: string; mediaPath?: string }
  | { kind: 'recording'; mediaPath: string };

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

async function readSource(file: string, options: SourceOptions): Promise<Source> {
  const extension = extname(file).toLowerCase();
  const isMedia = MEDIA_EXTENSIONS.has(extension);
  const captionsPath = CAPTION_EXTENSIONS.has(extension) ? file : options.transcript;
  const mediaPath = isMedia ? file : options.media;
  if (isMedia && options.media) throw new ValidationError('Give the recording once: as FILE or with --media.');
  if (captionsPath) {
    const chapters = options.chapters ? await readText(options.chapters, 'chapters track') : undefined;
    return { kind: 'transcript', captions: await readText(captionsPath, 'captions'), ...(chapters !== undefined && { chapters }), filename: basename(captionsPath), ...(mediaPath && { mediaPath }) };
  }
  if (options.chapters) throw new ValidationError('--chapters goes with captions (a .vtt or .srt FILE, or --transcript).');
  if (mediaPath) return { kind: 'recording', mediaPath };
  return { kind: 'document', text: await readText(file, 'document'), filename: basename(file) };
}

/** The chunker's expected failures as the CLI's errors. */
function asAppError(error: unknown): unknown {
  if (error instanceof TranscriptFormatError) return new AppError('transcript_invalid', error.message);
  if (error instanceof ClipCutError) return new AppError(error.code === 'ffmpeg_missing' ? 'ffmpeg_missing' : 'media_corrupt', error.message);
  return error;
}

const clock = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

function describeProposals(result: Pick<ChunkResult, 'lessons' | 'warnings'>): string {
  return [
    ...result.lessons.map((l, k) => `${String(k + 1).padStart(3)}. ${l.title} (~${l.estimatedSeconds} s)${l.startSeconds !== undefined ? ` [${clock(l.startSeconds)}–${clock(l.endSeconds ?? l.startSeconds)}]` : ''}${l.coreQuestion ? `\n     ${l.coreQuestion}` : ''}`),
    ...result.warnings.map((w) => `warning: ${w}`),
    `${result.lessons.length} proposed lesson(s)`,
  ].join('\n');
}

export interface CliHelpers {
  print(json: boolean, data: unknown, text: string): void;
  jsonOption(): Option;
  orgOption(): Option;
  withServices<T>(work: (services: Services) => Promise<T>): Promise<T>;
}

export function registerImportCommands(program: Command, { print, jsonOption, orgOption, withServices }: CliHelpers): void {
  const sourceOptions = (command: Command) =>
    command
      .option('--transcript <file>', 'captions (WebVTT or SRT) of the recording FILE')
      .option('--chapters <file>', 'a WebVTT chapters track for the captions')
      .option('--media <file>', 'the recording the captions FILE belong to')
      .option('--title <title>', 'the suggested course’s title');

  sourceOptions(
    program
      .command('chunk')
      .description('propose micro-lessons for a document (.md, .html, .txt), captions (.vtt, .srt) or a recording, without touching the database')
      .argument('<file>', 'the document, captions or recording'),
  )
    .addOption(jsonOption())
    .action(async (file: string, options: SourceOptions & { json?: boolean }) => {
      const source = await readSource(file, options);
      let result: ChunkResult;
      try {
        if (source.kind === 'document') result = chunkDocument({ text: source.text, format: documentFormatOf(source.filename), ...(options.title ? { title: options.title } : { fallbackTitle: basename(source.filename, extname(source.filename)) }) });
        else if (source.kind === 'transcript') result = chunkTranscript({ captions: source.captions, ...(source.chapters !== undefined && { chapters: source.chapters }), title: options.title ?? basename(source.filename, extname(source.filename)) });
        else {
          result = chunkRecording((await proposeCutPoints(source.mediaPath)).clips, options.title ?? basename(source.mediaPath, extname(source.mediaPath)));
        }
      } catch (error) {
        throw asAppError(error);
      }
      print(!!options.json, result, describeProposals(result));
    });

  sourceOptions(
    program
      .command('import')
      .description('import a document, captions or a recording as draft lessons, their clips and a draft course')
      .argument('<file>', 'the document, captions or recording'),
  )
    .requiredOption('--course <title>', 'the draft course’s title')
    .option('--objective <id>', 'the objective the lessons and the course serve')
    .addOption(orgOption())
    .addOption(jsonOption())
    .action(async (file: string, options: SourceOptions & { course: string; objective?: string; org?: string; json?: boolean }) => {
      const source = await readSource(file, options);
      const result = await withServices(async (services) => {
        const organisation = await services.identity.resolveOrganisation(options.org);
        const actor = systemActor(organisation.id);
        const mediaPath = source.kind === 'document' ? undefined : source.mediaPath;
        const recording = mediaPath ? await services.media.upload(actor, fileUploadSource(mediaPath)) : undefined;
        const title = options.title ?? options.course;
        const input = ImportSchemas.ImportCreate.safeParse(
          source.kind === 'document'
            ? { kind: 'document', text: source.text, filename: source.filename, title }
            : source.kind === 'transcript'
              ? { kind: 'transcript', captions: source.captions, chapters: source.chapters, filename: source.filename, mediaId: recording?.id, title }
              : { kind: 'recording', mediaId: recording!.id, title },
        );
        if (!input.success) throw new ValidationError(input.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
        const created = await services.imports.create(actor, input.data);
        await services.imports.runUntilIdle(created.id);
        const proposed = await services.imports.get(actor, created.id);
        if (proposed.status !== 'ready') throw new AppError((proposed.error?.code as 'internal_error' | undefined) ?? 'internal_error', proposed.error?.message ?? `The import stopped while ${proposed.stage}.`);
        await services.imports.accept(actor, created.id, { baseRevision: proposed.revision, courseTitle: options.course, ...(options.objective && { objectiveId: options.objective }) });
        await services.imports.runUntilIdle(created.id);
        const done = await services.imports.get(actor, created.id);
        if (done.status !== 'accepted' || !done.courseId) throw new AppError((done.error?.code as 'internal_error' | undefined) ?? 'internal_error', done.error?.message ?? `The import stopped while ${done.stage}.`);
        const course = await services.content.getCourse(actor, done.courseId);
        const lessonIds = course.modules.flatMap((m) => m.lessonIds);
        const lessons = await Promise.all(lessonIds.map(async (id) => services.content.getLesson(actor, id)));
        return {
          importId: done.id,
          organisation: { id: organisation.id, slug: organisation.slug },
          course: { id: course.id, title: course.title, modules: course.modules.map((m) => ({ title: m.title, lessonIds: m.lessonIds })) },
          lessons: lessons.map((l) => ({ id: l.id, title: l.title, estimatedSeconds: l.estimatedSeconds, mediaId: l.blocks.find((b) => b.type === 'video' || b.type === 'audio')?.mediaId ?? null })),
          recordingId: recording?.id ?? null,
          warnings: done.warnings,
        };
      });
      print(
        !!options.json,
        result,
        [`Created the draft course "${result.course.title}" (${result.course.id}) with ${result.lessons.length} draft lesson(s) in ${result.organisation.slug}.`, ...result.warnings.map((w) => `warning: ${w}`)].join('\n'),
      );
    });
}
