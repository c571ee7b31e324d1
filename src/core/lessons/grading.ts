/**
 * Grading: a pure function per question type, shared by the server and the web preview. A grade has a score in
 * [0, 1], whether the answer counts as correct (score 1), and the targeted feedback for what was answered.
 */
import { z } from 'zod';
import type { Question } from './lesson-model.ts';

export const Response = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single_choice'), optionId: z.string().max(64) }),
  z.object({ kind: z.literal('multiple_choice'), optionIds: z.array(z.string().max(64)).max(20) }),
  z.object({ kind: z.literal('true_false'), value: z.boolean() }),
  z.object({ kind: z.literal('ordering'), itemIds: z.array(z.string().max(64)).max(20) }),
  z.object({ kind: z.literal('cloze'), blanks: z.array(z.string().max(300)).max(50) }),
  z.object({ kind: z.literal('short_text'), text: z.string().max(2000) }),
]);
export type Response = z.infer<typeof Response>;

export interface Grade {
  score: number;
  correct: boolean;
  /** Targeted feedback for the answer given, then the question's explanation. */
  feedback: string[];
}

/** Thrown when a response does not fit its question (another kind, or options it does not have). */
export class ResponseMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseMismatchError';
  }
}

/**
 * Grades one response. Pure: same inputs, same grade.
 * @throws ResponseMismatchError when the response is for another kind of question or names unknown options.
 */
export function gradeResponse(question: Question, response: Response): Grade {
  if (question.kind !== response.kind) throw new ResponseMismatchError(`This is a ${question.kind} question; the answer was for ${response.kind}.`);
  const grade = gradeByKind(question, response);
  const score = Math.min(1, Math.max(0, grade.score));
  const feedback = [...grade.feedback, ...(question.explanation ? [question.explanation] : [])].filter((f) => f.length > 0);
  return { score, correct: score === 1, feedback };
}

function gradeByKind(question: Question, response: Response): { score: number; feedback: string[] } {
  switch (question.kind) {
    case 'single_choice': {
      const { optionId } = response as Extract<Response, { kind: 'single_choice' }>;
      const option = question.options.find((o) => o.id === optionId);
      if (!option) throw new ResponseMismatchError(`There is no option ${optionId}.`);
      return { score: option.correct ? 1 : 0, feedback: option.feedback ? [option.feedback] : [] };
    }
    case 'multiple_choice': {
      const chosen = new Set((response as Extract<Response, { kind: 'multiple_choice' }>).optionIds);
      for (const id of chosen) if (!question.options.some((o) => o.id === id)) throw new ResponseMismatchError(`There is no option ${id}.`);
      const correctCount = question.options.filter((o) => o.correct).length;
      let points = 0;
      const feedback: string[] = [];
      for (const option of question.options) {
        if (!chosen.has(option.id)) continue;
        points += option.correct ? 1 : -1;
        if (option.feedback) feedback.push(option.feedback);
      }
      // Missed correct options get their feedback too: it says what was overlooked.
      for (const option of question.options) if (option.correct && !chosen.has(option.id) && option.feedback) feedback.push(option.feedback);
      return { score: correctCount === 0 ? (chosen.size === 0 ? 1 : 0) : Math.max(0, points / correctCount), feedback };
    }
    case 'true_false': {
      const { value } = response as Extract<Response, { kind: 'true_false' }>;
      const feedback = value ? question.feedbackTrue : question.feedbackFalse;
      return { score: value === question.answer ? 1 : 0, feedback: feedback ? [feedback] : [] };
    }
    case 'ordering': {
      const { itemIds } = response as Extract<Response, { kind: 'ordering' }>;
      const expected = question.items.map((i) => i.id);
      if (itemIds.length !== expected.length || new Set(itemIds).size !== expected.length || itemIds.some((id) => !expected.includes(id))) {
        throw new ResponseMismatchError('An ordering answer must list every item exactly once.');
      }
      const inPlace = itemIds.filter((id, index) => expected[index] === id).length;
      const score = inPlace / expected.length;
      const feedback = score === 1 ? question.feedbackCorrect : question.feedbackIncorrect;
      return { score, feedback: feedback ? [feedback] : [] };
    }
    case 'cloze': {
      const blanks = parseCloze(question.text).blanks;
      const { blanks: given } = response as Extract<Response, { kind: 'cloze' }>;
      const right = blanks.filter((accepted, index) => accepted.some((a) => normaliseAnswer(a) === normaliseAnswer(given[index] ?? ''))).length;
      const score = right / blanks.length;
      const feedback = score === 1 ? question.feedbackCorrect : question.feedbackIncorrect;
      return { score, feedback: feedback ? [feedback] : [] };
    }
    case 'short_text': {
      const { text } = response as Extract<Response, { kind: 'short_text' }>;
      const matchesExpected = question.expected.some((e) => normaliseAnswer(e) === normaliseAnswer(text));
      const words = new Set(normaliseAnswer(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean));
      const keywordHits = question.keywords.filter((k) => normaliseAnswer(k).split(/\s+/).every((w) => words.has(w))).length;
      const needed = Math.min(question.minKeywords ?? question.keywords.length, question.keywords.length);
      const matchesKeywords = question.keywords.length > 0 && keywordHits >= needed;
      const score = matchesExpected || matchesKeywords ? 1 : 0;
      const feedback = score === 1 ? question.feedbackCorrect : question.feedbackIncorrect;
      return { score, feedback: feedback ? [feedback] : [] };
    }
  }
}

/** Lower case, trimmed, inner spaces collapsed, a final full stop dropped, Unicode normalised. */
export function normaliseAnswer(text: string): string {
  return text.normalize('NFC').toLowerCase().trim().replace(/\s+/g, ' ').replace(/\.$/, '');
}

/**
 * Splits cloze text into the parts a learner reads and the accepted answers of each blank.
 * "Say [[hello|hi]] to [[Sam]]" → parts ["Say ", " to ", ""], blanks [["hello","hi"], ["Sam"]].
 */
export function parseCloze(text: string): { parts: string[]; blanks: string[][] } {
  const parts: string[] = [];
  const blanks: string[][] = [];
  let last = 0;
  for (const match of text.matchAll(/\[\[([^\]]*)\]\]/g)) {
    const answers = (match[1] ?? '').split('|').map((a) => a.trim()).filter(Boolean);
    if (answers.length === 0) continue;
    parts.push(text.slice(last, match.index));
    blanks.push(answers);
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return { parts, blanks };
}

/** What a learner sees of a question: nothing that gives the answer away. */
export function presentQuestionToLearner(question: Question, shuffleSeed: number): unknown {
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice':
      return { kind: question.kind, prompt: question.prompt, askConfidence: question.askConfidence, options: question.options.map((o) => ({ id: o.id, text: o.text })) };
    case 'true_false':
      return { kind: question.kind, prompt: question.prompt, askConfidence: question.askConfidence };
    case 'ordering':
      return { kind: question.kind, prompt: question.prompt, askConfidence: question.askConfidence, items: seededShuffle(question.items, shuffleSeed) };
    case 'cloze':
      return { kind: question.kind, prompt: question.prompt, askConfidence: question.askConfidence, parts: parseCloze(question.text).parts };
    case 'short_text':
      return { kind: question.kind, prompt: question.prompt, askConfidence: question.askConfidence };
  }
}

/** A deterministic shuffle that never returns the right order when there is another (so ordering is a real task). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  if (result.length > 1 && result.every((item, index) => item === items[index])) result.push(result.shift() as T);
  return result;
}
