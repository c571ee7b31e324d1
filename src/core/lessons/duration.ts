/**
 * How long a lesson takes: reading at the organisation's speed (code and tables slower), the real length of its
 * video and audio, a fixed time per question and per skill step. Pure; media lengths are passed in.
 */
import type { Block, LessonDraft } from './lesson-model.ts';

/** The figures behind the estimate. Each is documented so authors can see why a lesson is "too long". */
export interface DurationSettings {
  /** Prose reading speed (words a minute); the organisation may change it. Default 200. */
  wordsPerMinute: number;
  /** Code and tables are read at this share of the prose speed. Default 0.5. */
  slowReadingFactor: number;
  /** Seconds to answer one question, on top of reading its prompt. Default 10. */
  secondsPerQuestion: number;
  /** Seconds to take in one skill-demonstration step, on top of reading it. Default 4. */
  secondsPerStep: number;
  /** Seconds to look at one image. Default 4. */
  secondsPerImage: number;
}

export const DEFAULT_DURATION_SETTINGS: DurationSettings = Object.freeze({
  wordsPerMinute: 200,
  slowReadingFactor: 0.5,
  secondsPerQuestion: 10,
  secondsPerStep: 4,
  secondsPerImage: 4,
});

/** The longest a micro-lesson may take. */
export const MAX_LESSON_SECONDS = 120;

export interface BlockDuration {
  blockId: string;
  seconds: number;
  /** Set when a media block's length is unknown (not probed yet, or the file is missing). */
  unknownMedia?: boolean;
}

export interface DurationEstimate {
  seconds: number;
  blocks: BlockDuration[];
}

/** Counts words the way a reader meets them (numbers and hyphenated words count once). */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
}

/**
 * Estimated seconds for a whole lesson, block by block.
 * @param mediaSeconds length of each media file by id (from ffprobe); unknown media count as 0 and are flagged.
 */
export function estimateLessonDuration(
  lesson: Pick<LessonDraft, 'blocks'>,
  mediaSeconds: ReadonlyMap<string, number>,
  settings: DurationSettings = DEFAULT_DURATION_SETTINGS,
): DurationEstimate {
  const blocks = lesson.blocks.map((block) => estimateBlock(block, mediaSeconds, settings));
  return { seconds: round(blocks.reduce((sum, b) => sum + b.seconds, 0)), blocks };
}

function estimateBlock(block: Block, media: ReadonlyMap<string, number>, s: DurationSettings): BlockDuration {
  const read = (text: string, slow = false) => (countWords(text) / (s.wordsPerMinute * (slow ? s.slowReadingFactor : 1))) * 60;
  const markdown = (text: string) => {
    // Table rows are read slowly; the rest as prose.
    const lines = text.split('\n');
    const table = lines.filter((line) => /^\s*\|.*\|\s*$/.test(line)).join('\n');
    const prose = lines.filter((line) => !/^\s*\|.*\|\s*$/.test(line)).join('\n');
    return read(prose) + read(table, true);
  };
  const mediaLength = (id: string) => media.get(id);
  switch (block.type) {
    case 'text':
      return { blockId: block.id, seconds: round(markdown(block.markdown)) };
    case 'image':
      return { blockId: block.id, seconds: round(s.secondsPerImage + read(block.caption ?? '')) };
    case 'video':
    case 'audio': {
      const length = mediaLength(block.mediaId);
      return { blockId: block.id, seconds: round(length ?? 0), ...(length === undefined && { unknownMedia: true }) };
    }
    case 'skill_demo': {
      let seconds = read(block.title ?? '');
      let unknownMedia = false;
      for (const step of block.steps) {
        seconds += s.secondsPerStep + read(step.text);
        if (step.mediaId) {
          const length = mediaLength(step.mediaId);
          if (length === undefined) unknownMedia = true;
          seconds += length ?? 0;
        }
      }
      return { blockId: block.id, seconds: round(seconds), ...(unknownMedia && { unknownMedia }) };
    }
    case 'tool':
      return { blockId: block.id, seconds: round(read(block.title) + read(block.items.join('\n')) + read(block.template ?? '', true)) };
    case 'sample':
      return { blockId: block.id, seconds: round(read(block.content, block.format === 'code') + read(block.caption ?? '')) };
    case 'case_study':
      return { blockId: block.id, seconds: round(markdown(block.scenario) + read(block.considerations.join('\n'))) };
    case 'question': {
      const q = block.question;
      const choices = 'options' in q ? q.options.map((o) => o.text).join(' ') : 'items' in q ? q.items.map((i) => i.text).join(' ') : q.kind === 'cloze' ? q.text : '';
      return { blockId: block.id, seconds: round(s.secondsPerQuestion + read(`${q.prompt} ${choices}`)) };
    }
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
