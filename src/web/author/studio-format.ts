/** What the studio shows of durations, sizes, statuses, findings and media errors. Pure, so it is unit tested. */
import { MAX_LESSON_SECONDS } from '../../core/lessons/duration.ts';
import { formatDuration } from '../../core/lessons/linter.ts';
import { ApiError } from '../lib/api-client.ts';
import type { LessonStatus, MediaItem } from '../lib/content-types.ts';

export { formatDuration, MAX_LESSON_SECONDS };

/** Human names of lesson statuses. */
export const LESSON_STATUS_LABELS: Record<LessonStatus, string> = { draft: 'Draft', in_review: 'In review', published: 'Published' };

/** Human names of course statuses. */
export const COURSE_STATUS_LABELS: Record<'draft' | 'published' | 'unpublished', string> = { draft: 'Draft', published: 'Published', unpublished: 'Unpublished' };

/** "1.4 MB", "820 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** "2 minutes 5 seconds" for screen readers and titles. */
export function describeDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  const parts = [minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : '', rest > 0 || minutes === 0 ? `${rest} second${rest === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(' ');
}

/** How a lesson's length stands against the two-minute limit. */
export type MeterLevel = 'ok' | 'near' | 'over';

/** The duration meter: its level (near from 90 % of the limit), the bar's fill and its label "1:35 of 2:00". */
export function durationMeter(seconds: number, limit = MAX_LESSON_SECONDS): { level: MeterLevel; percent: number; label: string } {
  const level: MeterLevel = seconds > limit ? 'over' : seconds >= limit * 0.9 ? 'near' : 'ok';
  return { level, percent: Math.min(100, Math.round((seconds / limit) * 100)), label: `${formatDuration(seconds)} of ${formatDuration(limit)}` };
}

/** Human titles of the linter's rules (the rule id stays visible beside them). */
export const RULE_TITLES: Record<string, string> = {
  too_long: 'Too long',
  no_core_question: 'No core question',
  no_objective: 'No objective',
  no_validation: 'No question',
  invalid_question: 'Question cannot be answered right',
  missing_media: 'Missing media',
  text_only: 'Text only',
  too_general: 'Too general',
  job_aid_without_steps: 'Job aid without steps',
  not_findable: 'Hard to find',
  missing_alt_text: 'Missing alternative text',
  missing_captions: 'Missing captions',
  empty_course: 'Empty course',
  missing_lesson: 'Missing lesson',
  lesson_unpublished: 'Lesson not published',
  lesson_has_unpublished_changes: 'Unpublished changes',
  missing_variable: 'Variable without a value',
};

/** A finding's title: the rule's human name, or the rule id itself for rules this page does not know yet. */
export function ruleTitle(rule: string): string {
  return RULE_TITLES[rule] ?? rule.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

/** Findings in the order to fix them: errors first, then by rule, keeping the linter's order otherwise. */
export function sortFindings<T extends { severity: 'error' | 'warning'; rule: string }>(findings: readonly T[]): T[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => (a.finding.severity === b.finding.severity ? a.index - b.index : a.finding.severity === 'error' ? -1 : 1))
    .map(({ finding }) => finding);
}

/** What to tell an author when an upload or caption upload fails, by the media API's error code. */
export function describeMediaError(error: unknown): { title: string; message: string; lines: string[] } {
  if (!(error instanceof ApiError)) return { title: 'The upload failed', message: error instanceof Error ? error.message : 'Something went wrong.', lines: [] };
  switch (error.code) {
    case 'media_too_large':
      return { title: 'This file is too large', message: `${error.message} Shorten or compress it (a micro-lesson needs two minutes at most), then upload it again.`, lines: [] };
    case 'media_unsupported':
      return { title: 'This kind of file is not supported', message: `${error.message} Upload an image (JPEG, PNG, WebP, GIF), a video (MP4, WebM) or audio (MP3, M4A, OGG, WAV).`, lines: [] };
    case 'media_corrupt':
      return { title: 'This file could not be read', message: `${error.message} It may be damaged or not what its name says; export it again and retry.`, lines: [] };
    case 'ffmpeg_missing':
      return { title: 'Video and audio cannot be processed on this server', message: `${error.message} Ask whoever runs Morsel to install FFmpeg; images still work.`, lines: [] };
    case 'captions_invalid': {
      const problems = (error.details as { problems?: Array<{ line?: unknown; message?: unknown }> } | undefined)?.problems ?? [];
      const lines = problems.flatMap((problem) => (typeof problem.message === 'string' ? [typeof problem.line === 'number' ? `Line ${problem.line}: ${problem.message}` : problem.message] : []));
      return { title: 'These captions could not be read', message: lines.length > 1 ? 'Upload a WebVTT (.vtt) or SubRip (.srt) file. These lines need fixing:' : `${error.message} Upload a WebVTT (.vtt) or SubRip (.srt) file.`, lines: lines.length > 1 ? lines : [] };
    }
    default:
      return { title: 'The upload failed', message: error.message, lines: [] };
  }
}

/** "Video · 1:10 · 4.2 MB" for lists and pickers. */
export function describeMedia(item: MediaItem): string {
  const kind = item.kind === 'image' ? 'Image' : item.kind === 'video' ? 'Video' : 'Audio';
  return [kind, item.durationSeconds != null ? formatDuration(item.durationSeconds) : null, item.width && item.height ? `${item.width}×${item.height}` : null, formatBytes(item.sizeBytes)].filter(Boolean).join(' · ');
}

/** The name to show for a media item: its title, or its file name. */
export function mediaName(item: MediaItem): string {
  return item.title?.trim() || item.filename;
}
