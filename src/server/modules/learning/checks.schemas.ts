/** Baseline and post checks: the learner's API and the before/after report. Isomorphic: the web app imports the types. */
import { z } from 'zod';
import { Response } from '../../../core/lessons/grading.ts';

const Id = z.string().min(1).max(64);
export const CheckPhase = z.enum(['baseline', 'post']);
export type CheckPhase = z.infer<typeof CheckPhase>;
export const CheckParams = z.object({ courseId: Id, phase: CheckPhase });

const ObjectiveResult = z.object({
  objectiveId: z.string().nullable(),
  title: z.string().describe('The objective’s title, or "Other lessons" for lessons without one'),
  baseline: z.number().nullable().describe('0–100'),
  post: z.number().nullable().describe('0–100'),
});

export const CheckView = z.object({
  courseId: z.string(),
  title: z.string(),
  phase: CheckPhase,
  status: z
    .enum(['pending', 'started', 'done', 'skipped', 'locked', 'closed'])
    .describe('locked: the post check before every lesson is complete; closed: the baseline once lessons have begun'),
  questions: z.array(z.object({ questionId: z.string(), lessonId: z.string(), lessonTitle: z.string(), objectiveId: z.string().nullable(), question: z.unknown() })),
  answered: z
    .record(z.string(), z.object({ correct: z.boolean().nullable(), score: z.number().nullable(), feedback: z.array(z.string()) }))
    .describe('Answers so far, keyed `lessonId/questionId` (question ids are unique within a lesson only; see checkAnswerKey); in the baseline correctness and feedback stay hidden (null, [])'),
  score: z.number().nullable().describe('0–100 once the post check is done (hidden for the baseline)'),
  results: z.array(ObjectiveResult).nullable().describe('Per objective, before and after: once the post check is done'),
});
export type CheckView = z.infer<typeof CheckView>;

export const CheckAnswerBody = z.strictObject({
  questionId: Id,
  lessonId: Id,
  response: Response,
  timeTakenMs: z.number().int().min(0).max(24 * 3_600_000),
  confidence: z.number().int().min(1).max(4).optional(),
  clientId: z.string().min(8).max(64).describe('A fresh id per submission; a retry with the same id records nothing twice'),
});
export type CheckAnswerBody = z.infer<typeof CheckAnswerBody>;
export const CheckAnswerResult = z.object({
  correct: z.boolean().nullable().describe('null in the baseline: no answer is revealed before the course'),
  score: z.number().nullable(),
  feedback: z.array(z.string()),
  answeredCount: z.number(),
  questionCount: z.number(),
  checkCompleted: z.boolean(),
});
export type CheckAnswerResult = z.infer<typeof CheckAnswerResult>;

export const CheckResultsParams = z.object({ id: Id });
export const CheckResults = z.object({
  courseId: z.string(),
  title: z.string(),
  learners: z.object({ baseline: z.number(), post: z.number(), both: z.number() }),
  objectives: z.array(
    ObjectiveResult.extend({
      baselineLearners: z.number(),
      postLearners: z.number(),
      change: z.number().nullable().describe('Mean of post − baseline over learners who took both, in points'),
      pairedLearners: z.number(),
    }),
  ),
});
export type CheckResults = z.infer<typeof CheckResults>;
