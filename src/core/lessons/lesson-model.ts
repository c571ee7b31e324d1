/**
 * What a micro-lesson is made of: blocks and questions. Isomorphic zod schemas (the API, the web editor and
 * the pure rules share them) with the types inferred from them.
 */
import { z } from 'zod';

const BlockId = z.string().min(1).max(64);
const MediaId = z.string().min(1).max(64);
const Feedback = z.string().trim().max(1000).optional().describe('Shown to the learner when this answer is chosen');

export const ChoiceOption = z.object({
  id: z.string().min(1).max(64),
  text: z.string().trim().min(1).max(500),
  correct: z.boolean(),
  feedback: Feedback,
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

const QuestionBase = {
  prompt: z.string().trim().min(1).max(1000),
  /** Ask "how sure are you?" after the answer. */
  askConfidence: z.boolean().default(false),
  /** Shown after any answer, right or wrong. */
  explanation: z.string().trim().max(2000).optional(),
};

export const SingleChoiceQuestion = z.object({
  kind: z.literal('single_choice'),
  ...QuestionBase,
  options: z.array(ChoiceOption).min(2).max(10),
});

/**
 * Partial credit: each correct option chosen earns 1, each wrong option chosen costs 1, the total is divided by
 * the number of correct options and floored at 0. The answer is correct only when the score is 1 (exactly the
 * correct options chosen).
 */
export const MultipleChoiceQuestion = z.object({
  kind: z.literal('multiple_choice'),
  ...QuestionBase,
  options: z.array(ChoiceOption).min(2).max(12),
});

export const TrueFalseQuestion = z.object({
  kind: z.literal('true_false'),
  ...QuestionBase,
  answer: z.boolean(),
  feedbackTrue: Feedback,
  feedbackFalse: Feedback,
});

/** Items are stored in the right order; learners see them shuffled. Score: share of items in their right place. */
export const OrderingQuestion = z.object({
  kind: z.literal('ordering'),
  ...QuestionBase,
  items: z.array(z.object({ id: z.string().min(1).max(64), text: z.string().trim().min(1).max(300) })).min(2).max(10),
  feedbackCorrect: Feedback,
  feedbackIncorrect: Feedback,
});

/**
 * Fill the blanks. `text` marks each blank with double square brackets holding the accepted answers separated by
 * `|`: "Answer with [[Good morning|Good afternoon]], then your [[name]]." Answers are compared ignoring case,
 * surrounding and repeated spaces, and a final full stop.
 */
export const ClozeQuestion = z.object({
  kind: z.literal('cloze'),
  ...QuestionBase,
  text: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((text) => /\[\[[^\]]*\S[^\]]*\]\]/.test(text), { message: 'must contain at least one blank, written as [[answer]]' }),
  feedbackCorrect: Feedback,
  feedbackIncorrect: Feedback,
});

/**
 * A short free-text answer, right when it matches one of `expected` (compared as in cloze) or, when `keywords`
 * is given, contains at least `minKeywords` of them (whole words, any case).
 */
export const ShortTextQuestion = z.object({
  kind: z.literal('short_text'),
  ...QuestionBase,
  expected: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  keywords: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  minKeywords: z.number().int().min(1).max(20).optional(),
  feedbackCorrect: Feedback,
  feedbackIncorrect: Feedback,
});

export const Question = z.discriminatedUnion('kind', [SingleChoiceQuestion, MultipleChoiceQuestion, TrueFalseQuestion, OrderingQuestion, ClozeQuestion, ShortTextQuestion]);
export type Question = z.infer<typeof Question>;
export type QuestionKind = Question['kind'];

export const Block = z.discriminatedUnion('type', [
  z.object({ id: BlockId, type: z.literal('text'), markdown: z.string().max(20_000) }),
  z.object({ id: BlockId, type: z.literal('image'), mediaId: MediaId, alt: z.string().trim().max(500).default(''), caption: z.string().trim().max(500).optional() }),
  z.object({ id: BlockId, type: z.literal('video'), mediaId: MediaId, title: z.string().trim().max(200).optional() }),
  z.object({ id: BlockId, type: z.literal('audio'), mediaId: MediaId, title: z.string().trim().max(200).optional(), transcript: z.string().max(20_000).optional() }),
  z.object({
    id: BlockId,
    type: z.literal('skill_demo'),
    title: z.string().trim().max(200).optional(),
    steps: z.array(z.object({ text: z.string().trim().min(1).max(1000), mediaId: MediaId.optional() })).max(20),
  }),
  z.object({
    id: BlockId,
    type: z.literal('tool'),
    kind: z.enum(['checklist', 'template', 'link']),
    title: z.string().trim().min(1).max(200),
    items: z.array(z.string().trim().min(1).max(300)).max(30).default([]).describe('The checklist’s items'),
    template: z.string().max(10_000).optional().describe('Text the learner copies'),
    url: z.url({ protocol: /^https?$/ }).optional().describe('Where the work is done'),
  }),
  z.object({ id: BlockId, type: z.literal('sample'), format: z.enum(['code', 'text']), language: z.string().max(40).optional(), content: z.string().max(20_000), caption: z.string().trim().max(500).optional() }),
  z.object({ id: BlockId, type: z.literal('case_study'), scenario: z.string().max(10_000), considerations: z.array(z.string().trim().min(1).max(500)).max(15).default([]) }),
  z.object({ id: BlockId, type: z.literal('question'), question: Question }),
]);
export type Block = z.infer<typeof Block>;
export type BlockType = Block['type'];
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

/** The parts of a lesson the rules look at. */
export interface LessonDraft {
  title: string;
  coreQuestion: string;
  objectiveId: string | null;
  tags: string[];
  blocks: Block[];
}
