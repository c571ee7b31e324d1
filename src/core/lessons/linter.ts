/**
 * The micro-lesson linter: every rule of micro-learning (PRODUCT.md) checked by a stable rule id, with a message a
 * person understands and where the problem is. Errors block publishing; warnings don't. Pure.
 */
import { DEFAULT_DURATION_SETTINGS, type DurationEstimate, type DurationSettings, estimateLessonDuration, MAX_LESSON_SECONDS } from './duration.ts';
import { parseCloze } from './grading.ts';
import type { Block, LessonDraft, Question } from './lesson-model.ts';

export type LintRule =
  | 'too_long'
  | 'no_core_question'
  | 'no_objective'
  | 'no_validation'
  | 'invalid_question'
  | 'missing_media'
  | 'text_only'
  | 'too_general'
  | 'job_aid_without_steps'
  | 'not_findable'
  | 'missing_alt_text'
  | 'missing_captions';

export type LintSeverity = 'error' | 'warning';

export const RULE_SEVERITY: Record<LintRule, LintSeverity> = {
  too_long: 'error',
  no_core_question: 'error',
  no_objective: 'error',
  no_validation: 'error',
  invalid_question: 'error',
  missing_media: 'error',
  text_only: 'warning',
  too_general: 'warning',
  job_aid_without_steps: 'warning',
  not_findable: 'warning',
  missing_alt_text: 'warning',
  missing_captions: 'warning',
};

export interface LintFinding {
  rule: LintRule;
  severity: LintSeverity;
  message: string;
  /** The block concerned, when there is one. */
  blockId?: string;
  /** The lesson field concerned (title, coreQuestion, objectiveId, tags), when there is one. */
  field?: string;
}

/** What the linter knows of each media file a lesson uses. */
export interface MediaFacts {
  seconds?: number | undefined;
  hasCaptions: boolean;
}

export interface LintResult {
  findings: LintFinding[];
  duration: DurationEstimate;
  /** True when no finding is an error. */
  publishable: boolean;
}

const VAGUE = /\b(overview|introduction|intro to|basics of|all about|everything|in general|general information|miscellaneous|misc|various|stuff)\b/i;
const STOP_WORDS = new Set(
  'a an and are as at be by can do does for from how i if in into is it its my of on or our should that the their this to we what when where which who why will with you your'.split(' '),
);

/** Formats seconds as m:ss for messages. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** Checks a lesson against every rule. */
export function lintLesson(lesson: LessonDraft, media: ReadonlyMap<string, MediaFacts>, settings: DurationSettings = DEFAULT_DURATION_SETTINGS): LintResult {
  const findings: LintFinding[] = [];
  const add = (rule: LintRule, message: string, where: { blockId?: string; field?: string } = {}) => findings.push({ rule, severity: RULE_SEVERITY[rule], message, ...where });
  const seconds = new Map([...media].flatMap(([id, facts]) => (facts.seconds === undefined ? [] : [[id, facts.seconds] as const])));
  const duration = estimateLessonDuration(lesson, seconds, settings);

  if (duration.seconds > MAX_LESSON_SECONDS) {
    const longest = [...duration.blocks].sort((a, b) => b.seconds - a.seconds)[0];
    add('too_long', `This lesson takes about ${formatDuration(duration.seconds)}; a micro-lesson takes ${formatDuration(MAX_LESSON_SECONDS)} or less. Cut it down or split it into two lessons${longest ? ` (the longest block takes ${formatDuration(longest.seconds)})` : ''}.`, longest ? { blockId: longest.blockId } : {});
  }
  const core = lesson.coreQuestion.trim();
  if (!core) add('no_core_question', 'Write the one specific question this lesson answers, as a learner would ask it.', { field: 'coreQuestion' });
  if (!lesson.objectiveId) add('no_objective', 'Choose the learning objective this lesson serves.', { field: 'objectiveId' });

  const questions = lesson.blocks.filter((b): b is Extract<Block, { type: 'question' }> => b.type === 'question');
  if (questions.length === 0) add('no_validation', 'Add at least one question so learners can check they got it.');
  for (const block of questions) {
    const problem = questionProblem(block.question);
    if (problem) add('invalid_question', problem, { blockId: block.id });
  }

  for (const block of lesson.blocks) {
    for (const mediaId of mediaIdsOf(block)) {
      const facts = media.get(mediaId);
      if (!facts) {
        add('missing_media', 'This block uses a media file that is not in the media library (it may have been deleted).', { blockId: block.id });
        continue;
      }
      if (block.type === 'video' && !facts.hasCaptions) add('missing_captions', 'Add captions to this video so everyone can follow it, with or without sound.', { blockId: block.id });
      if (block.type === 'audio' && !facts.hasCaptions && !block.transcript?.trim()) add('missing_captions', 'Add captions or a transcript to this audio for people who cannot listen.', { blockId: block.id });
    }
    if (block.type === 'image' && !block.alt.trim()) add('missing_alt_text', 'Describe this image in its alternative text for people using a screen reader.', { blockId: block.id });
  }

  const content = lesson.blocks.filter((b) => b.type !== 'question');
  if (content.length > 0 && content.every((b) => b.type === 'text')) {
    add('text_only', 'This lesson is text only. Show it as well: a video, audio, image, skill demonstration, tool, sample or case study.');
  }

  if (core && (!core.endsWith('?') || VAGUE.test(core) || significantWords(core).length < 3)) {
    add('too_general', `"${core}" reads as a topic, not a specific question a learner asks on the job. Phrase it as that question, e.g. "What do I say when a customer asks for a refund after 30 days?"`, { field: 'coreQuestion' });
  }

  const tools = lesson.blocks.filter((b): b is Extract<Block, { type: 'tool' }> => b.type === 'tool');
  const hasSteps =
    lesson.blocks.some((b) => b.type === 'skill_demo' && b.steps.length >= 2) ||
    tools.some((t) => t.kind === 'checklist' && t.items.length >= 2) ||
    lesson.blocks.some((b) => b.type === 'text' && (b.markdown.match(/^\s*\d+[.)]\s+\S/gm) ?? []).length >= 2);
  for (const tool of tools) {
    if (tool.kind === 'checklist' && tool.items.length < 2) add('job_aid_without_steps', 'A checklist needs at least two items a learner can tick.', { blockId: tool.id });
    else if (tool.kind !== 'checklist' && !hasSteps) add('job_aid_without_steps', 'This job aid has no steps: add numbered steps or a checklist saying how to use it.', { blockId: tool.id });
  }

  const titleWords = new Set(significantWords(lesson.title).map(stem));
  if (lesson.tags.length === 0 && core && !significantWords(core).some((w) => titleWords.has(stem(w)))) {
    add('not_findable', 'Learners search with their own words: add tags, or use words of the core question in the title.', { field: 'tags' });
  }

  return { findings, duration, publishable: findings.every((f) => f.severity !== 'error') };
}

function questionProblem(question: Question): string | undefined {
  switch (question.kind) {
    case 'single_choice': {
      const correct = question.options.filter((o) => o.correct).length;
      return correct === 1 ? undefined : `A single-choice question needs exactly one right option; this one has ${correct}.`;
    }
    case 'multiple_choice':
      return question.options.some((o) => o.correct) ? undefined : 'Mark at least one option of this multiple-choice question as right.';
    case 'ordering':
      return new Set(question.items.map((i) => i.text.toLowerCase())).size === question.items.length ? undefined : 'Two items of this ordering question have the same text, so their order cannot be told apart.';
    case 'cloze':
      return parseCloze(question.text).blanks.length > 0 ? undefined : 'Mark at least one blank in the text with [[answer]].';
    case 'short_text':
      return question.expected.length > 0 || question.keywords.length > 0 ? undefined : 'Give the expected answers or the keywords a right answer contains.';
    case 'true_false':
      return undefined;
  }
}

/** Media ids a block uses. */
export function mediaIdsOf(block: Block): string[] {
  switch (block.type) {
    case 'image':
    case 'video':
    case 'audio':
      return [block.mediaId];
    case 'skill_demo':
      return block.steps.flatMap((s) => (s.mediaId ? [s.mediaId] : []));
    default:
      return [];
  }
}

function significantWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w) && w.length > 1);
}

/** A crude stem, enough to match "greeting" with "greetings" and "refunds" with "refund". */
function stem(word: string): string {
  return word.replace(/(ing|ings|ed|es|s)$/, '') || word;
}
