/**
 * What of a lesson the search index reads, field by field: its title and core question (weighted most), tags, its
 * objective, the text of every block, and the transcripts of its media. Pure: the caller renders Markdown to plain
 * text and looks up captions.
 */
import type { Block } from '../lessons/lesson-model.ts';

export interface LessonSearchFields {
  title: string;
  coreQuestion: string;
  tags: string;
  objective: string;
  body: string;
  transcript: string;
}

export interface LessonForSearch {
  title: string;
  coreQuestion: string;
  tags: readonly string[];
  blocks: readonly Block[];
}

/**
 * The fields of one lesson. `plainOf` turns author Markdown into plain text; `captionsOf` gives the spoken text of
 * a video or audio item (its captions), or '' when it has none.
 */
export function lessonSearchFields(lesson: LessonForSearch, objective: string, plainOf: (markdown: string) => string, captionsOf: (mediaId: string) => string): LessonSearchFields {
  const body: string[] = [];
  const transcript: string[] = [];
  for (const block of lesson.blocks) {
    switch (block.type) {
      case 'text':
        body.push(plainOf(block.markdown));
        break;
      case 'image':
        body.push(block.alt, block.caption ?? '');
        break;
      case 'video':
        body.push(block.title ?? '');
        transcript.push(captionsOf(block.mediaId));
        break;
      case 'audio':
        body.push(block.title ?? '');
        transcript.push(block.transcript ?? captionsOf(block.mediaId));
        break;
      case 'skill_demo':
        body.push(block.title ?? '', ...block.steps.map((s) => plainOf(s.text)));
        break;
      case 'tool':
        body.push(block.title, ...block.items, block.template ?? '');
        break;
      case 'sample':
        body.push(block.caption ?? '', block.format === 'text' ? block.content : '');
        break;
      case 'case_study':
        body.push(plainOf(block.scenario), ...block.considerations);
        break;
      case 'question':
        body.push(plainOf(block.question.prompt));
        break;
    }
  }
  const join = (parts: string[]) => parts.map((p) => p.trim()).filter(Boolean).join('\n');
  return { title: lesson.title, coreQuestion: lesson.coreQuestion, tags: lesson.tags.join(' '), objective, body: join(body), transcript: join(transcript) };
}
