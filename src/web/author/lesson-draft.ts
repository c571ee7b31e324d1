/**
 * The lesson editor's working copy and the pure operations on it: new blocks and questions of every kind,
 * moving, changing a question's kind, what changed since the last save, and checking each block against the
 * lesson model so the editor can say what is missing before the server is asked.
 */
import { Block as BlockSchema } from '../../core/lessons/lesson-model.ts';
import type { Block, BlockType, ChoiceOption, Lesson, LessonPatch, LessonVariable, Question, QuestionKind } from '../lib/content-types.ts';

/** What the editor edits: every field of a lesson an author changes. */
export interface LessonDraft {
  title: string;
  coreQuestion: string;
  objectiveId: string | null;
  tags: string[];
  variables: LessonVariable[];
  blocks: Block[];
}

/** The fields of a draft, in the order the API and the revision history name them. */
export const DRAFT_FIELDS = ['title', 'coreQuestion', 'objectiveId', 'tags', 'blocks', 'variables'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

/** Human names of the fields, for the revision history ("changed the title and blocks"). */
export const FIELD_LABELS: Record<string, string> = {
  title: 'title',
  coreQuestion: 'core question',
  objectiveId: 'objective',
  tags: 'tags',
  blocks: 'blocks',
  variables: 'variables',
  status: 'status',
};

/** A new, empty lesson. */
export function emptyDraft(objectiveId: string | null = null): LessonDraft {
  return { title: '', coreQuestion: '', objectiveId, tags: [], variables: [], blocks: [] };
}

/** The draft of a lesson as the API returned it. */
export function draftOf(lesson: Lesson): LessonDraft {
  return { title: lesson.title, coreQuestion: lesson.coreQuestion, objectiveId: lesson.objectiveId, tags: lesson.tags, variables: lesson.variables, blocks: lesson.blocks };
}

/**
 * A short unique id for a block, option or item. Uses the platform's UUIDs when the page is a secure context
 * (they are not available over plain http on a LAN address), else time and randomness.
 */
export function newId(prefix: string): string {
  const random = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36).slice(-4)}${random}`;
}

/** Every kind of block, as the "Add a block" menu offers them. */
export const BLOCK_TYPES: ReadonlyArray<{ type: Exclude<BlockType, 'question'>; label: string; description: string }> = [
  { type: 'text', label: 'Text', description: 'A few sentences in Markdown' },
  { type: 'image', label: 'Image', description: 'A picture with alternative text' },
  { type: 'video', label: 'Video', description: 'A clip from the media library' },
  { type: 'audio', label: 'Audio', description: 'A recording, with a transcript' },
  { type: 'skill_demo', label: 'Skill demo', description: 'Numbered steps, each with media' },
  { type: 'tool', label: 'Tool', description: 'A checklist, template or link' },
  { type: 'sample', label: 'Sample', description: 'A text or code example' },
  { type: 'case_study', label: 'Case study', description: 'A scenario to think through' },
];

/** Every kind of question, as the menu and the kind selector offer them. */
export const QUESTION_KINDS: ReadonlyArray<{ kind: QuestionKind; label: string; description: string }> = [
  { kind: 'single_choice', label: 'Single choice', description: 'One right option' },
  { kind: 'multiple_choice', label: 'Multiple choice', description: 'Several right options' },
  { kind: 'true_false', label: 'True or false', description: 'A statement to judge' },
  { kind: 'ordering', label: 'Ordering', description: 'Put steps in order' },
  { kind: 'cloze', label: 'Fill in the blanks', description: 'Type the missing words' },
  { kind: 'short_text', label: 'Short answer', description: 'A typed answer, checked' },
];

const BLOCK_LABELS: Record<BlockType, string> = {
  text: 'Text',
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  skill_demo: 'Skill demo',
  tool: 'Tool',
  sample: 'Sample',
  case_study: 'Case study',
  question: 'Question',
};

/** "Video", "Question · Single choice". */
export function blockLabel(block: Block): string {
  if (block.type === 'question') return `Question · ${questionKindLabel(block.question.kind)}`;
  return BLOCK_LABELS[block.type];
}

/** "Single choice". */
export function questionKindLabel(kind: QuestionKind): string {
  return QUESTION_KINDS.find((entry) => entry.kind === kind)?.label ?? kind;
}

function option(text: string, correct: boolean): ChoiceOption {
  return { id: newId('opt'), text, correct };
}

/** A new question of a kind, with the answers it needs to be filled in. */
export function createQuestion(kind: QuestionKind, prompt = ''): Question {
  const base = { prompt, askConfidence: false };
  switch (kind) {
    case 'single_choice':
      return { kind, ...base, options: [option('', true), option('', false)] };
    case 'multiple_choice':
      return { kind, ...base, options: [option('', true), option('', false), option('', false)] };
    case 'true_false':
      return { kind, ...base, answer: true };
    case 'ordering':
      return { kind, ...base, items: [{ id: newId('item'), text: '' }, { id: newId('item'), text: '' }, { id: newId('item'), text: '' }] };
    case 'cloze':
      return { kind, ...base, text: '' };
    case 'short_text':
      return { kind, ...base, expected: [], keywords: [] };
  }
}

/** A new block of a type (a question of `kind`), empty but complete in shape. */
export function createBlock(type: BlockType, kind: QuestionKind = 'single_choice'): Block {
  const id = newId(type.replace('_', '-'));
  switch (type) {
    case 'text':
      return { id, type, markdown: '' };
    case 'image':
      return { id, type, mediaId: '', alt: '' };
    case 'video':
      return { id, type, mediaId: '' };
    case 'audio':
      return { id, type, mediaId: '' };
    case 'skill_demo':
      return { id, type, steps: [{ text: '' }, { text: '' }] };
    case 'tool':
      return { id, type, kind: 'checklist', title: '', items: [] };
    case 'sample':
      return { id, type, format: 'text', content: '' };
    case 'case_study':
      return { id, type, scenario: '', considerations: [] };
    case 'question':
      return { id, type, question: createQuestion(kind) };
  }
}

/**
 * The same question as another kind, keeping what carries over: prompt, explanation, confidence, and the texts
 * of options or items (choice ↔ ordering), so switching kinds by mistake loses little.
 */
export function changeQuestionKind(question: Question, kind: QuestionKind): Question {
  if (question.kind === kind) return question;
  const next = createQuestion(kind, question.prompt);
  const shared = { askConfidence: question.askConfidence, ...(question.explanation !== undefined && { explanation: question.explanation }) };
  const texts = 'options' in question ? question.options.map((o) => o.text) : 'items' in question ? question.items.map((i) => i.text) : [];
  if ((next.kind === 'single_choice' || next.kind === 'multiple_choice') && texts.length >= 2) {
    const previous = 'options' in question ? question.options : [];
    const options = texts.map((text, index) => ({ ...option(text, previous[index]?.correct ?? index === 0), ...(previous[index]?.feedback && { feedback: previous[index].feedback }) }));
    if (next.kind === 'single_choice') {
      const first = Math.max(0, options.findIndex((o) => o.correct));
      options.forEach((o, index) => (o.correct = index === first));
    }
    return { ...next, ...shared, options };
  }
  if (next.kind === 'ordering' && texts.length >= 2) return { ...next, ...shared, items: texts.map((text) => ({ id: newId('item'), text })) };
  return { ...next, ...shared } as Question;
}

/** A copy of `items` with the element at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  if (from < 0 || from >= result.length) return result;
  const target = Math.max(0, Math.min(result.length - 1, to));
  const [moved] = result.splice(from, 1);
  result.splice(target, 0, moved as T);
  return result;
}

/**
 * JSON with object keys sorted, so two values that differ only in key order (an edited block against the
 * server's copy of it) compare equal. Undefined properties are left out, as in JSON.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/** The fields of `draft` that differ from `saved` (nothing for an unchanged draft). */
export function changedFields(draft: LessonDraft, saved: LessonDraft): Partial<Omit<LessonPatch, 'baseRevision'>> {
  const changes: Record<string, unknown> = {};
  for (const field of DRAFT_FIELDS) {
    if (stableStringify(draft[field]) !== stableStringify(saved[field])) changes[field] = draft[field];
  }
  return changes as Partial<Omit<LessonPatch, 'baseRevision'>>;
}

/** True when the draft has changes not saved yet. */
export function isDirty(draft: LessonDraft, saved: LessonDraft): boolean {
  return Object.keys(changedFields(draft, saved)).length > 0;
}

/** One problem of a block, in words an author understands, with where it is. */
export interface BlockIssue {
  /** "Option 2", "Alternative text", … */
  where: string;
  message: string;
}

interface ZodLikeIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
}

const PATH_LABELS: Record<string, string> = {
  markdown: 'Text',
  alt: 'Alternative text',
  caption: 'Caption',
  title: 'Title',
  transcript: 'Transcript',
  steps: 'Steps',
  items: 'Items',
  template: 'Template',
  url: 'Link',
  content: 'Content',
  language: 'Language',
  scenario: 'Scenario',
  considerations: 'Considerations',
  prompt: 'Question',
  explanation: 'Explanation',
  options: 'Options',
  text: 'Text',
  expected: 'Expected answers',
  keywords: 'Keywords',
  minKeywords: 'Keywords needed',
  feedback: 'Feedback',
  feedbackTrue: 'Feedback for “true”',
  feedbackFalse: 'Feedback for “false”',
  feedbackCorrect: 'Feedback when right',
  feedbackIncorrect: 'Feedback when wrong',
};

const ITEM_LABELS: Record<string, string> = {
  steps: 'Step',
  items: 'Item',
  considerations: 'Consideration',
  options: 'Option',
  expected: 'Expected answer',
  keywords: 'Keyword',
};

/** Where in a block a validation path points: ["question","options",1,"text"] → "Option 2". */
export function describeBlockPath(block: Block, path: readonly PropertyKey[]): string {
  const parts = path.filter((part) => part !== 'question');
  if (parts[0] === 'mediaId') return block.type === 'image' ? 'Image' : block.type === 'audio' ? 'Audio file' : 'Video';
  const labels: string[] = [];
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index];
    const next = parts[index + 1];
    if (typeof part === 'string' && typeof next === 'number' && ITEM_LABELS[part]) {
      labels.push(`${ITEM_LABELS[part]} ${next + 1}`);
      index += 1;
      continue;
    }
    if (typeof part === 'string') {
      if (part === 'mediaId') labels.push('media');
      else if (part === 'text' && labels.length > 0) continue;
      else labels.push(labels.length > 0 ? (PATH_LABELS[part] ?? part).toLowerCase() : (PATH_LABELS[part] ?? part));
    }
  }
  return labels.join(' ') || blockLabel(block);
}

function describeIssue(block: Block, issue: ZodLikeIssue): BlockIssue {
  const where = describeBlockPath(block, issue.path);
  const last = issue.path[issue.path.length - 1];
  if (last === 'mediaId' && issue.code === 'too_small') {
    return { where, message: block.type === 'image' ? 'Choose an image from the media library.' : block.type === 'audio' ? 'Choose an audio file from the media library.' : block.type === 'video' ? 'Choose a video from the media library.' : 'Choose a file from the media library.' };
  }
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return { where, message: `Needs at least ${String(issue.minimum)}.` };
      if (issue.origin === 'string') return { where, message: 'Fill this in.' };
      return { where, message: `Must be at least ${String(issue.minimum)}.` };
    case 'too_big':
      if (issue.origin === 'array') return { where, message: `Has too many: at most ${String(issue.maximum)}.` };
      if (issue.origin === 'string') return { where, message: `Is too long: at most ${String(issue.maximum)} characters.` };
      return { where, message: `Must be at most ${String(issue.maximum)}.` };
    case 'invalid_format':
      if (issue.format === 'url') return { where, message: 'Must be a web address starting with https:// or http://.' };
      return { where, message: 'Is not in the right format.' };
    default:
      return { where, message: issue.message.charAt(0).toUpperCase() + issue.message.slice(1) + (/[.!?]$/.test(issue.message) ? '' : '.') };
  }
}

/** What is missing or wrong in a block before it can be saved (nothing when it is complete). */
export function blockIssues(block: Block): BlockIssue[] {
  const result = BlockSchema.safeParse(block);
  if (result.success) return [];
  const seen = new Set<string>();
  return result.error.issues.flatMap((issue) => {
    const described = describeIssue(block, issue as unknown as ZodLikeIssue);
    const key = `${described.where}|${described.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [described];
  });
}

/**
 * The blocks an API validation failure points at: `body.blocks.2.question.options.0.text` → block index 2 with
 * "Option 1: …". Other fields are left for the generic error message.
 */
export function blockIssuesFromApi(details: unknown, blocks: readonly Block[]): Map<string, BlockIssue[]> {
  const found = new Map<string, BlockIssue[]>();
  const issues = details && typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues) ? (details as { issues: unknown[] }).issues : [];
  for (const issue of issues) {
    if (!issue || typeof issue !== 'object') continue;
    const { field, message } = issue as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const match = /^body\.blocks\.(\d+)\.?(.*)$/.exec(field);
    const block = match ? blocks[Number(match[1])] : undefined;
    if (!match || !block) continue;
    const path = (match[2] ?? '').split('.').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const list = found.get(block.id) ?? [];
    list.push({ where: describeBlockPath(block, path), message: message.charAt(0).toUpperCase() + message.slice(1) });
    found.set(block.id, list);
  }
  return found;
}
