/**
 * Answering a question in the learner app, without React: reading the learner view of a question, the answer
 * being built, turning it into the API's response, moving ordering items, confidence labels and the client id
 * that makes a retried submission count once.
 */
import { list, record, text } from '../lib/blocks/block-data.ts';
import type { QuestionKind } from '../lib/content-types.ts';
import type { AnswerResponse, Confidence } from '../lib/learning-types.ts';

/** A question as a learner sees it (no answers). */
export interface LearnerQuestion {
  kind: QuestionKind;
  prompt: string;
  askConfidence: boolean;
  options: Array<{ id: string; text: string }>;
  /** Ordering items, already shuffled by the server. */
  items: Array<{ id: string; text: string }>;
  /** Cloze text around the blanks: `parts.length - 1` blanks. */
  parts: string[];
}

const KINDS: readonly QuestionKind[] = ['single_choice', 'multiple_choice', 'true_false', 'ordering', 'cloze', 'short_text'];
const pairs = (value: unknown) => list(value).map((entry) => ({ id: text(record(entry).id), text: text(record(entry).text) }));

/** Reads the loosely typed question of a block or boost item; null when it is not a question this app knows. */
export function readQuestion(value: unknown): LearnerQuestion | null {
  const q = record(value);
  const kind = KINDS.find((k) => k === q.kind);
  if (!kind) return null;
  return { kind, prompt: text(q.prompt), askConfidence: q.askConfidence === true, options: pairs(q.options), items: pairs(q.items), parts: list(q.parts).map(text) };
}

/** The answer being built, for every kind at once (only the fields of the question's kind are used). */
export interface AnswerDraft {
  optionId: string;
  optionIds: string[];
  value: boolean | null;
  itemIds: string[];
  blanks: string[];
  text: string;
}

/** An empty answer; ordering starts from the order shown. */
export function emptyDraft(question: LearnerQuestion): AnswerDraft {
  return { optionId: '', optionIds: [], value: null, itemIds: question.items.map((i) => i.id), blanks: question.parts.slice(1).map(() => ''), text: '' };
}

/** The number of blanks of a cloze question. */
export const blankCount = (question: LearnerQuestion): number => Math.max(0, question.parts.length - 1);

/** The API's response for the draft, or a sentence saying what is still missing. */
export function toResponse(question: LearnerQuestion, draft: AnswerDraft): { response: AnswerResponse } | { missing: string } {
  switch (question.kind) {
    case 'single_choice':
      return draft.optionId ? { response: { kind: 'single_choice', optionId: draft.optionId } } : { missing: 'Choose an answer first.' };
    case 'multiple_choice':
      return draft.optionIds.length > 0 ? { response: { kind: 'multiple_choice', optionIds: draft.optionIds } } : { missing: 'Choose at least one answer first.' };
    case 'true_false':
      return draft.value === null ? { missing: 'Choose True or False first.' } : { response: { kind: 'true_false', value: draft.value } };
    case 'ordering':
      return { response: { kind: 'ordering', itemIds: draft.itemIds } };
    case 'cloze': {
      const empty = draft.blanks.findIndex((blank) => blank.trim() === '');
      return empty >= 0 ? { missing: `Fill in blank ${empty + 1} first.` } : { response: { kind: 'cloze', blanks: draft.blanks.map((b) => b.trim()) } };
    }
    case 'short_text':
      return draft.text.trim() ? { response: { kind: 'short_text', text: draft.text.trim() } } : { missing: 'Type your answer first.' };
  }
}

/** The ids with the one at `index` moved by `delta` places (unchanged at either end). */
export function moveItem(ids: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return [...ids];
  const next = [...ids];
  [next[index], next[target]] = [next[target] as string, next[index] as string];
  return next;
}

/** How sure the learner is, asked before submitting when the question wants it. */
export const CONFIDENCE_OPTIONS: ReadonlyArray<{ value: `${Confidence}`; label: string }> = [
  { value: '1', label: 'Guessing' },
  { value: '2', label: 'Unsure' },
  { value: '3', label: 'Fairly sure' },
  { value: '4', label: 'Certain' },
];

/**
 * A fresh UUID for one submission: the server records a retried POST with the same id once. Falls back to
 * `getRandomValues` where `randomUUID` is missing (pages served over plain http on a LAN address).
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How a graded answer is announced: right, partly right (with the share of credit) or not right. */
export function describeGrade(grade: { correct: boolean; score: number }): { tone: 'correct' | 'partial' | 'incorrect'; title: string } {
  if (grade.correct) return { tone: 'correct', title: 'Correct' };
  if (grade.score > 0) return { tone: 'partial', title: `Partly right: ${Math.round(grade.score * 100)}%` };
  return { tone: 'incorrect', title: 'Not quite' };
}
