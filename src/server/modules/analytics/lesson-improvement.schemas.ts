/** The lesson-improvement API's request and response schemas (the authors' queue of suggested fixes). Isomorphic: the studio imports the types. */
import { z } from 'zod';

const Id = z.string().min(1).max(64);
const Days = z.coerce.number().int().min(1).max(365).default(90).describe('The window: progress started and answers given in the last this many days');

export const ImprovementQuery = z.strictObject({ courseId: Id.optional().describe('Only this course’s lessons and learners'), days: Days });
export type ImprovementQuery = z.infer<typeof ImprovementQuery>;

export const LessonImprovementParams = z.object({ lessonId: Id });
export const LessonImprovementQuery = z.strictObject({ days: Days });
export type LessonImprovementQuery = z.infer<typeof LessonImprovementQuery>;
export const LessonImprovementCsvQuery = LessonImprovementQuery.extend({
  part: z.enum(['funnel', 'questions', 'wrong_answers']).default('funnel').describe('Which table: drop-off by block, questions (difficulty, discrimination), or common wrong answers'),
});
export type LessonImprovementCsvQuery = z.infer<typeof LessonImprovementCsvQuery>;

export const SuggestionRule = z.enum(['steep_drop_off', 'runs_long', 'too_hard', 'too_easy', 'poor_discrimination', 'common_misconception', 'low_rating', 'did_not_answer', 'lint_warning']);
export const Suggestion = z.object({
  rule: SuggestionRule,
  message: z.string().describe('What is wrong and what to do, in words'),
  blockId: z.string().optional().describe('The block or question concerned'),
  evidence: z.record(z.string(), z.union([z.number(), z.string()])).describe('The numbers behind the suggestion'),
  impact: z.number().describe('Roughly the learners the problem touches, weighted by what it costs them'),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** The smallest samples the suggestions need. */
export const Minimums = z.object({ learners: z.number(), answers: z.number(), discrimination: z.number(), ratings: z.number(), sameWrongAnswer: z.number() });

export const QueueLesson = z.object({
  lessonId: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'in_review', 'published']),
  /** Learners who started it in the window. */
  learners: z.number(),
  completed: z.number(),
  impact: z.number(),
  suggestions: z.array(Suggestion),
});
export type QueueLesson = z.infer<typeof QueueLesson>;

export const QueueContentGap = z.object({
  question: z.string(),
  example: z.string(),
  asked: z.number(),
  withoutAnswer: z.number(),
  unhelpful: z.number(),
  /** Where an author writes a lesson for it (the studio's new-lesson page). */
  writeLessonPath: z.string(),
});

export const ImprovementQueue = z.object({
  days: z.number(),
  since: z.string(),
  courseId: z.string().nullable(),
  minimums: Minimums,
  lessons: z.array(QueueLesson),
  /** The organisation's most asked questions without a good answer (search content gaps), at most 5. */
  contentGaps: z.array(QueueContentGap),
});
export type ImprovementQueue = z.infer<typeof ImprovementQueue>;

const Share = z.number().nullable();
export const FunnelBlock = z.object({
  index: z.number(),
  blockId: z.string(),
  type: z.string(),
  typeName: z.string(),
  title: z.string(),
  reached: z.number(),
  share: Share,
  stoppedHere: Share.describe('Share of starters who reached this block and not the next (the last: and did not complete)'),
});
export const QuestionStatistics = z.object({
  questionId: z.string(),
  /** Its place among the blocks (null when the current blocks no longer have it). */
  blockIndex: z.number().nullable(),
  kind: z.string(),
  prompt: z.string(),
  answers: z.number(),
  correct: z.number(),
  difficulty: Share.describe('Share of first answers that were right'),
  discrimination: z.object({ n: z.number(), r: z.number().nullable().describe('Point-biserial correlation with the score on the course’s other questions; null below the minimum or without variance') }),
  commonWrongAnswers: z.array(z.object({ answer: z.string(), count: z.number(), shareOfWrong: z.number(), shareOfAnswers: z.number() })),
});

export const LessonImprovement = z.object({
  lessonId: z.string(),
  title: z.string(),
  coreQuestion: z.string(),
  status: z.enum(['draft', 'in_review', 'published']),
  days: z.number(),
  since: z.string(),
  minimums: Minimums,
  /** The lesson revision the funnel and time are of (the newest learners played); null when nobody played it. */
  revision: z.number().nullable(),
  funnel: z.object({
    starters: z.number(),
    unknown: z.number().describe('Starters whose progress is unknown'),
    completed: z.number(),
    otherRevisions: z.number().describe('Starters who played a revision with other blocks, left out of the funnel and time'),
    blocks: z.array(FunnelBlock),
  }),
  time: z.object({ estimateSeconds: z.number(), n: z.number(), withActiveTime: z.number(), medianSeconds: z.number().nullable(), p75Seconds: z.number().nullable(), ratio: z.number().nullable() }),
  feedback: z.object({ ratings: z.number(), ratingMean: z.number().nullable(), answered: z.number(), answeredYes: z.number(), answeredRate: z.number().nullable() }),
  questions: z.array(QuestionStatistics),
  lint: z.array(z.object({ rule: z.string(), severity: z.enum(['error', 'warning']), message: z.string(), blockId: z.string().optional() })),
  suggestions: z.array(Suggestion),
});
export type LessonImprovement = z.infer<typeof LessonImprovement>;
