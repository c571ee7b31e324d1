/**
 * The import API's request and response schemas. Isomorphic: the web client imports them too (types only).
 */
import { z } from 'zod';
import { Question } from '../../../core/lessons/lesson-model.ts';

const Id = z.string().min(1).max(64);
const Title = z.string().trim().min(1).max(200);
/** A 14,000-word handbook is about 100 KB; a day of captions about 1 MB. */
const MAX_SOURCE_CHARS = 4_000_000;

export const ImportKind = z.enum(['document', 'transcript', 'recording']);
export type ImportKind = z.infer<typeof ImportKind>;
export const ImportStatus = z.enum(['queued', 'ready', 'accepting', 'accepted', 'failed', 'cancelled']);
export type ImportStatus = z.infer<typeof ImportStatus>;
export const DocumentFormat = z.enum(['markdown', 'html', 'text']);
export type DocumentFormat = z.infer<typeof DocumentFormat>;

export const ImportCreate = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('document'),
      /** Markdown, HTML or plain text; taken from the file name's extension when left out (Markdown otherwise). */
      format: DocumentFormat.optional(),
      filename: z.string().trim().min(1).max(255).optional(),
      text: z.string().min(1, 'The document is empty.').max(MAX_SOURCE_CHARS),
      title: Title.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('transcript'),
      /** WebVTT or SRT, judged by content. */
      captions: z.string().min(1, 'The captions are empty.').max(MAX_SOURCE_CHARS),
      /** A WebVTT chapters track. */
      chapters: z.string().max(1_000_000).optional(),
      filename: z.string().trim().min(1).max(255).optional(),
      /** The recording the captions belong to, already in the media library: one clip is cut per lesson. */
      mediaId: Id.optional(),
      /** The captions' language (BCP 47), for the clips' caption tracks. Default en. */
      language: z.string().trim().min(2).max(35).optional(),
      title: Title.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('recording'),
      /** A video or audio item of the media library with no transcript: cut points are proposed at pauses and scene changes. */
      mediaId: Id,
      title: Title.optional(),
    })
    .strict(),
]);
export type ImportCreate = z.infer<typeof ImportCreate>;

export const SourceRange = z.union([z.object({ startLine: z.number(), endLine: z.number() }), z.object({ startSeconds: z.number(), endSeconds: z.number() })]);

export const Proposal = z.object({
  title: z.string(),
  coreQuestion: z.string(),
  estimatedSeconds: z.number(),
  text: z.string(),
  headingPath: z.array(z.string()),
  startSeconds: z.number().optional(),
  endSeconds: z.number().optional(),
  questions: z.array(Question),
  sourceRange: SourceRange,
  /** The module of the suggested course it belongs to. */
  module: z.string(),
  /** Its text in the pieces a split can fall between (sentences, list items): split before piece k, 1 ≤ k < length. */
  pieces: z.array(z.string()),
  /** Over the two-minute limit (after a merge or an edit): the author should split or shorten it. */
  overBudget: z.boolean(),
});
export type Proposal = z.infer<typeof Proposal>;

export const ImportError = z.object({ code: z.string(), message: z.string() });

export const ImportSummary = z.object({
  id: z.string(),
  kind: ImportKind,
  status: ImportStatus,
  title: z.string(),
  sourceName: z.string(),
  sourceFormat: z.string(),
  mediaId: z.string().nullable(),
  /** What the background job is doing: waiting, reading, finding_cuts, review, cutting, creating, done. */
  stage: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }),
  revision: z.number(),
  lessonCount: z.number(),
  courseId: z.string().nullable(),
  error: ImportError.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportDetail = ImportSummary.extend({
  /** The document or the captions, as given: the review page shows it beside the proposals. */
  source: z.string(),
  warnings: z.array(z.string()),
  proposals: z.array(Proposal),
  course: z.object({ title: z.string(), modules: z.array(z.object({ title: z.string(), lessonIndexes: z.array(z.number()) })) }),
});
export type ImportDetail = z.infer<typeof ImportDetail>;

export const ImportList = z.object({ imports: z.array(ImportSummary) });
export type ImportList = z.infer<typeof ImportList>;

export const ImportIdParams = z.object({ id: Id });

const Index = z.number().int().min(0).max(10_000);
const Base = { baseRevision: z.number().int().min(1) };

/** One change to the proposals under review. Indexes count from 0 in the current list. */
export const ImportReview = z.discriminatedUnion('op', [
  /** Merges proposal `index` with the one after it. */
  z.object({ op: z.literal('merge'), index: Index, ...Base }).strict(),
  /** Splits proposal `index` before its piece `atPiece`. */
  z.object({ op: z.literal('split'), index: Index, atPiece: z.number().int().min(1).max(10_000), ...Base }).strict(),
  z
    .object({
      op: z.literal('edit'),
      index: Index,
      title: Title.optional(),
      coreQuestion: z.string().trim().max(300).optional(),
      text: z.string().max(20_000).optional(),
      questions: z.array(Question).max(10).optional(),
      ...Base,
    })
    .strict(),
  z.object({ op: z.literal('drop'), index: Index, ...Base }).strict(),
  /** Renames the suggested course. */
  z.object({ op: z.literal('course'), title: Title, ...Base }).strict(),
]);
export type ImportReview = z.infer<typeof ImportReview>;

export const ImportAccept = z
  .object({
    ...Base,
    /** The draft course's title; the suggested one otherwise. */
    courseTitle: Title.optional(),
    /** The objective every created lesson and the course serve. */
    objectiveId: Id.nullable().optional(),
  })
  .strict();
export type ImportAccept = z.infer<typeof ImportAccept>;
