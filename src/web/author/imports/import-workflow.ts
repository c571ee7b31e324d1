/**
 * What the import pages show and decide without React: the proposals grouped by module, labels for the pieces a
 * proposal can be split between, progress and status text, the document format from a file name, and which source
 * lines a proposal came from (documents by line, transcripts by cue time). Pure, so it is unit tested.
 */
import type { DocumentFormat, ImportCreate, ImportDetail, ImportKind, ImportStatus, Proposal } from '../../../server/modules/import/import.schemas.ts';

/** How long a lesson may take, in seconds (the chunker's and the linter's limit). */
const LESSON_LIMIT_SECONDS = 120;

/** One module of the suggested course with its proposals, each with its index in the import's list. */
export interface ProposalGroup {
  title: string;
  lessons: Array<{ index: number; proposal: Proposal }>;
}

/**
 * The proposals grouped by the suggested course's modules, in the modules' order. A proposal no module lists (the
 * server should not do that, but a stale index must not hide a lesson) goes into a last group, so every proposal
 * is shown exactly once.
 */
export function groupProposals(detail: Pick<ImportDetail, 'proposals' | 'course'>): ProposalGroup[] {
  const seen = new Set<number>();
  const groups: ProposalGroup[] = [];
  for (const module of detail.course.modules) {
    const lessons = module.lessonIndexes.flatMap((index) => {
      const proposal = detail.proposals[index];
      if (!proposal || seen.has(index)) return [];
      seen.add(index);
      return [{ index, proposal }];
    });
    if (lessons.length > 0) groups.push({ title: module.title, lessons });
  }
  const rest = detail.proposals.flatMap((proposal, index) => (seen.has(index) ? [] : [{ index, proposal }]));
  if (rest.length > 0) groups.push({ title: groups.length === 0 ? 'Lessons' : 'Other lessons', lessons: rest });
  return groups;
}

/** A piece of Markdown as plain words: no heading marks, emphasis, links' targets, images or HTML tags. */
export function plainWords(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\{:[^}]*\}/g, ' ')
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~\\]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first `count` words of a text, with an ellipsis when there were more. */
export function firstWords(text: string, count = 8): string {
  const words = plainWords(text).split(' ').filter(Boolean);
  if (words.length === 0) return '';
  return words.length > count ? `${words.slice(0, count).join(' ')}…` : words.join(' ');
}

/**
 * Where a proposal can be split: before each of its pieces but the first (1 ≤ atPiece < pieces.length), each
 * labelled with the piece's number and first words so the author can tell them apart.
 */
export function splitOptions(pieces: readonly string[]): Array<{ value: string; label: string }> {
  return pieces.slice(1).map((piece, offset) => {
    const atPiece = offset + 1;
    const words = firstWords(piece);
    return { value: String(atPiece), label: `Before part ${atPiece + 1}: “${words || '(no text)'}”` };
  });
}

/** Human names of an import's statuses. */
export const STATUS_LABELS: Record<ImportStatus, string> = {
  queued: 'Preparing proposals',
  ready: 'Ready to review',
  accepting: 'Creating drafts',
  accepted: 'Drafts created',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Human names of the kinds of source. */
export const KIND_LABELS: Record<ImportKind, string> = { document: 'Document', transcript: 'Transcript', recording: 'Recording' };

const STAGE_LABELS: Record<string, string> = {
  waiting: 'Waiting to start',
  reading: 'Reading the source',
  finding_cuts: 'Finding cut points in the recording',
  review: 'Ready for review',
  cutting: 'Cutting the recording into clips',
  creating: 'Creating draft lessons',
  done: 'Done',
};

/** What the background job is doing, in words: "reading" → "Reading the source"; unknown stages are humanised. */
export function stageLabel(stage: string): string {
  const known = STAGE_LABELS[stage];
  if (known) return known;
  const words = stage.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Working';
}

/** Whether the server is still working on the import, so its page should keep asking for news. */
export function isWorking(status: ImportStatus | undefined): boolean {
  return status === 'queued' || status === 'accepting';
}

/** Progress as a share 0–100 (rounded down), or undefined when the total is not known yet. */
export function progressPercent(progress: { done: number; total: number }): number | undefined {
  if (!(progress.total > 0)) return undefined;
  return Math.max(0, Math.min(100, Math.floor((progress.done / progress.total) * 100)));
}

/** "Cutting the recording into clips: 3 of 10" or, before the total is known, "Reading the source…". */
export function describeProgress(summary: { stage: string; progress: { done: number; total: number } }): string {
  const label = stageLabel(summary.stage);
  // "Waiting to start: 0 of 62" says nothing more than "Waiting to start…".
  if (!(summary.progress.total > 0) || summary.stage === 'waiting') return `${label}…`;
  return `${label}: ${Math.min(summary.progress.done, summary.progress.total)} of ${summary.progress.total}`;
}

/**
 * The document format a file name suggests; for pasted text (or an unknown extension), HTML when it starts like
 * an HTML document, Markdown otherwise (the server's own default).
 */
export function chooseFormat(filename: string | undefined, text = ''): DocumentFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(filename?.trim() ?? '')?.[1]?.toLowerCase();
  if (extension === 'md' || extension === 'markdown' || extension === 'mdown' || extension === 'mkd') return 'markdown';
  if (extension === 'html' || extension === 'htm' || extension === 'xhtml') return 'html';
  if (extension === 'txt' || extension === 'text') return 'text';
  return /^\s*(?:<!doctype html|<html[\s>]|<body[\s>])/i.test(text) ? 'html' : 'markdown';
}

/** The lines of the source as the review page numbers them (1-based, as `sourceRange` counts). */
export function sourceLines(source: string): string[] {
  if (source === '') return [];
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // A final newline does not make an empty last line worth numbering.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

const CUE_TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{3})/;

/** Seconds of a WebVTT (`00:01.500`, `01:02:03.000`) or SRT (`01:02:03,000`) timestamp. */
export function parseCueTime(text: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, hours, minutes, seconds, millis] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(millis) / 1000;
}

/**
 * The lines of captions (WebVTT or SRT) holding the cues that start within [startSeconds, endSeconds): from the
 * first such cue's timing line to the last one's final text line. Undefined when no cue starts in the span.
 */
export function cueLineRange(lines: readonly string[], startSeconds: number, endSeconds: number): { startLine: number; endLine: number } | undefined {
  let first: number | undefined;
  let last: number | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const match = CUE_TIMING.exec(lines[index] ?? '');
    if (!match) continue;
    const start = parseCueTime(match[1] ?? '');
    // A little slack: the chunker's times and the file's milliseconds may round differently.
    if (start === undefined || start < startSeconds - 0.05 || start >= endSeconds - 0.05) continue;
    let end = index;
    while (end + 1 < lines.length && (lines[end + 1] ?? '').trim() !== '') end += 1;
    first ??= index + 1;
    last = end + 1;
  }
  return first !== undefined && last !== undefined ? { startLine: first, endLine: last } : undefined;
}

/** A proposal's span of a recording, when it has one (transcripts and recordings). */
export function timeSpanOf(proposal: Proposal): { startSeconds: number; endSeconds: number } | undefined {
  if (proposal.startSeconds !== undefined && proposal.endSeconds !== undefined) return { startSeconds: proposal.startSeconds, endSeconds: proposal.endSeconds };
  if ('startSeconds' in proposal.sourceRange) return proposal.sourceRange;
  return undefined;
}

/** The source lines to highlight for a proposal: its line range for documents, its cues' lines for transcripts. */
export function highlightedLines(proposal: Proposal, lines: readonly string[]): { startLine: number; endLine: number } | undefined {
  if ('startLine' in proposal.sourceRange) {
    const { startLine, endLine } = proposal.sourceRange;
    if (lines.length === 0 || startLine < 1) return undefined;
    return { startLine: Math.min(startLine, lines.length), endLine: Math.min(Math.max(startLine, endLine), lines.length) };
  }
  const span = timeSpanOf(proposal);
  return span ? cueLineRange(lines, span.startSeconds, span.endSeconds) : undefined;
}

/** Whether a proposal is over the two-minute limit: the server's flag, or its own estimate. */
export function isOverBudget(proposal: Pick<Proposal, 'overBudget' | 'estimatedSeconds'>): boolean {
  return proposal.overBudget || proposal.estimatedSeconds > LESSON_LIMIT_SECONDS;
}

/** The counts above the proposals: how many lessons, how long in all, how many over the limit. */
export function summariseProposals(proposals: readonly Proposal[]): { count: number; totalSeconds: number; overBudget: number } {
  return {
    count: proposals.length,
    totalSeconds: proposals.reduce((sum, proposal) => sum + proposal.estimatedSeconds, 0),
    overBudget: proposals.filter(isOverBudget).length,
  };
}

/** "Introduction › Passwords › Length", or undefined for a proposal without headings. */
export function formatHeadingPath(path: readonly string[]): string | undefined {
  const parts = path.map((part) => part.trim()).filter(Boolean);
  return parts.length > 0 ? parts.join(' › ') : undefined;
}

/** A review operation without its base revision: the hook adds the revision it last saw. */
export type ReviewChange =
  | { op: 'merge'; index: number }
  | { op: 'split'; index: number; atPiece: number }
  | { op: 'edit'; index: number; title?: string; coreQuestion?: string; text?: string }
  | { op: 'drop'; index: number }
  | { op: 'course'; title: string };

/**
 * What to tell the author once a change is made, and which proposal to select afterwards (the merged or split one,
 * or the one that took a dropped one's place); `titles` are the proposals' titles before the change.
 */
export function describeChange(change: ReviewChange, titles: readonly string[]): { message: string; select: number | undefined } {
  const name = (index: number) => `“${titles[index] ?? `Lesson ${index + 1}`}”`;
  switch (change.op) {
    case 'merge':
      return { message: `${name(change.index)} and ${name(change.index + 1)} were merged.`, select: change.index };
    case 'split':
      return { message: `${name(change.index)} was split in two.`, select: change.index };
    case 'edit':
      return { message: `Changes to ${name(change.index)} were saved.`, select: change.index };
    case 'drop': {
      const remaining = titles.length - 1;
      return { message: `${name(change.index)} was dropped.`, select: remaining > 0 ? Math.min(change.index, remaining - 1) : undefined };
    }
    case 'course':
      return { message: `The course is now called “${change.title}”.`, select: undefined };
  }
}

/** The longest source the API takes (characters), so a too-large file is refused before it is sent. */
export const MAX_SOURCE_CHARS = 4_000_000;

/** A text file the author chose (its name and contents) or pasted (no name). */
export interface SourceText {
  text: string;
  filename?: string | undefined;
}

/** What the new-import form holds. */
export interface NewImportValues {
  kind: ImportKind;
  title: string;
  /** The chosen file's text, else the pasted text. */
  document: SourceText;
  /** Empty: decided from the file name (or the text) by {@link chooseFormat}. */
  format: DocumentFormat | '';
  captions: SourceText;
  chapters: SourceText | undefined;
  language: string;
  /** The recording in the media library: optional for a transcript, required for a recording. */
  mediaId: string | undefined;
}

/** An empty new-import form: a document, captions in English. */
export function emptyNewImport(): NewImportValues {
  return { kind: 'document', title: '', document: { text: '' }, format: '', captions: { text: '' }, chapters: undefined, language: 'en', mediaId: undefined };
}

/**
 * The request body for the form's values, or what is missing (in the words the form shows). Only the fields of
 * the chosen kind are sent, since the API refuses any other.
 */
export function buildImportBody(values: NewImportValues): { body: ImportCreate } | { problem: string } {
  const title = values.title.trim() || undefined;
  const filenameOf = (source: SourceText) => source.filename?.trim() || undefined;
  switch (values.kind) {
    case 'document': {
      if (values.document.text.trim() === '') return { problem: 'Choose a document or paste its text first.' };
      if (values.document.text.length > MAX_SOURCE_CHARS) return { problem: 'This document is too long to import in one go: split it into parts of under 4 million characters.' };
      const filename = filenameOf(values.document);
      const format = values.format || chooseFormat(filename, values.document.text);
      return { body: { kind: 'document', text: values.document.text, format, ...(filename && { filename }), ...(title && { title }) } };
    }
    case 'transcript': {
      if (values.captions.text.trim() === '') return { problem: 'Choose a captions file (WebVTT or SRT) or paste the captions first.' };
      if (values.captions.text.length > MAX_SOURCE_CHARS) return { problem: 'These captions are too long to import in one go.' };
      const filename = filenameOf(values.captions);
      const chapters = values.chapters?.text.trim() ? values.chapters.text : undefined;
      const language = values.language.trim() || undefined;
      return {
        body: {
          kind: 'transcript',
          captions: values.captions.text,
          ...(chapters && { chapters }),
          ...(filename && { filename }),
          ...(values.mediaId && { mediaId: values.mediaId }),
          ...(language && { language }),
          ...(title && { title }),
        },
      };
    }
    case 'recording':
      if (!values.mediaId) return { problem: 'Choose the recording (a video or audio file) first.' };
      return { body: { kind: 'recording', mediaId: values.mediaId, ...(title && { title }) } };
  }
}

/**
 * A draft question in one line for the review: its prompt, with what a learner must recall. Cloze blanks are shown
 * in square brackets ("the [PagerDuty] security team"), a true/false statement with its answer.
 */
export function summariseQuestion(question: Proposal['questions'][number]): string {
  switch (question.kind) {
    case 'cloze':
      return question.text.replace(/\[\[([^\]]*)\]\]/g, (_, answer: string) => `[${answer.split('|')[0]?.trim() ?? ''}]`);
    case 'true_false':
      return `${question.prompt} (${question.answer ? 'true' : 'false'})`;
    default:
      return question.prompt;
  }
}
