/**
 * How long a lesson takes: reading at the organisation's speed (code and tables slower), the real length of its
 * video and audio, a fixed time per question and per skill step. Pure; media lengths are passed in.
 */
import { countWords } from '../words.ts';
import type { Block, LessonDraft } from './lesson-model.ts';

export { countWords };

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

/** A Markdown table row, also inside a blockquote (`> | a | b |`). */
const TABLE_ROW = /^\s*(?:>\s*)*\|.*\|\s*$/;

/** Words of Markdown read as prose, and as table rows (read slowly). Additive: the words of two texts joined by a line break are the sum of theirs. */
export function markdownWords(markdown: string): { prose: number; table: number } {
  // Without a `|` no line is a table row; and no word spans a line break, so the lines' words are the whole text's.
  if (!markdown.includes('|')) return { prose: countWords(markdown), table: 0 };
  let prose = 0;
  let table = 0;
  let start = 0;
  while (start <= markdown.length) {
    let end = markdown.indexOf('\n', start);
    if (end < 0) end = markdown.length;
    const line = markdown.slice(start, end);
    if (TABLE_ROW.test(line)) table += countWords(line);
    else prose += countWords(line);
    start = end + 1;
  }
  return { prose, table };
}

/** Seconds to read Markdown with these words, unrounded. */
export function readingSecondsOfWords(words: { prose: number; table: number }, s: DurationSettings = DEFAULT_DURATION_SETTINGS): number {
  return (words.prose / s.wordsPerMinute) * 60 + (words.table / (s.wordsPerMinute * s.slowReadingFactor)) * 60;
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
  return { seconds: roundSeconds(blocks.reduce((sum, b) => sum + b.seconds, 0)), blocks };
}

function estimateBlock(block: Block, media: ReadonlyMap<string, number>, s: DurationSettings): BlockDuration {
  const read = (text: string, slow = false) => (countWords(text) / (s.wordsPerMinute * (slow ? s.slowReadingFactor : 1))) * 60;
  // Table rows are read slowly; the rest as prose.
  const markdown = (text: string) => readingSecondsOfWords(markdownWords(text), s);
  const mediaLength = (id: string) => media.get(id);
  switch (block.type) {
    case 'text':
      return { blockId: block.id, seconds: roundSeconds(markdown(block.markdown)) };
    case 'image':
      return { blockId: block.id, seconds: roundSeconds(s.secondsPerImage + read(block.caption ?? '')) };
    case 'video':
    case 'audio': {
      const length = mediaLength(block.mediaId);
      return { blockId: block.id, seconds: roundSeconds(length ?? 0), ...(length === undefined && { unknownMedia: true }) };
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
      return { blockId: block.id, seconds: roundSeconds(seconds), ...(unknownMedia && { unknownMedia }) };
    }
    case 'tool':
      return { blockId: block.id, seconds: roundSeconds(read(block.title) + read(block.items.join('\n')) + read(block.template ?? '', true)) };
    case 'sample':
      return { blockId: block.id, seconds: roundSeconds(read(block.content, block.format === 'code') + read(block.caption ?? '')) };
    case 'case_study':
      return { blockId: block.id, seconds: roundSeconds(markdown(block.scenario) + read(block.considerations.join('\n'))) };
    case 'question': {
      const q = block.question;
      const choices = 'options' in q ? q.options.map((o) => o.text).join(' ') : 'items' in q ? q.items.map((i) => i.text).join(' ') : q.kind === 'cloze' ? q.text : '';
      return { blockId: block.id, seconds: roundSeconds(s.secondsPerQuestion + read(`${q.prompt} ${choices}`)) };
    }
  }
}

/** Seconds as the estimate shows them: to a tenth. */
export function roundSeconds(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
