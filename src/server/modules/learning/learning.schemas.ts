/**
 * The learner API's schemas (and enrolment by authors). Isomorphic: the learner app imports the types.
 */
import { z } from 'zod';
import { Response } from '../../../core/lessons/grading.ts';

const Id = z.string().min(1).max(64);

export const EnrolBody = z.strictObject({
  courseId: Id,
  personIds: z.array(Id).min(1).max(5000),
  dueAt: z.iso.datetime({ offset: true }).optional().describe('The deadline, ISO 8601'),
});
export const EnrolResult = z.object({ enrolled: z.number(), alreadyEnrolled: z.number(), version: z.number() });

const NextLesson = z.object({ lessonId: z.string(), title: z.string(), coreQuestion: z.string(), estimatedSeconds: z.number() });
export const Today = z.object({
  courses: z.array(
    z.object({
      enrolmentId: z.string(),
      courseId: z.string(),
      title: z.string(),
      version: z.number(),
      dueAt: z.string().nullable(),
      completedLessons: z.number(),
      totalLessons: z.number(),
      completedAt: z.string().nullable(),
      nextLesson: NextLesson.nullable(),
    }),
  ),
  boost: z.object({ dueCount: z.number(), size: z.number() }),
});
export type Today = z.infer<typeof Today>;

export const CourseOutline = z.object({
  courseId: z.string(),
  title: z.string(),
  version: z.number(),
  modules: z.array(z.object({ title: z.string(), lessons: z.array(NextLesson.extend({ completed: z.boolean() })) })),
  checks: z
    .object({
      baseline: z.enum(['pending', 'done', 'none']).describe('pending: offered before the first lesson; done: taken or skipped; none: no check, or lessons already begun'),
      post: z.enum(['pending', 'done', 'locked', 'none']).describe('locked until every lesson is complete'),
    })
    .optional()
    .describe('The course’s baseline and post checks; absent when the course has no questions'),
});

export const GradeResult = z.object({ correct: z.boolean(), score: z.number(), feedback: z.array(z.string()) });
export const LearnerLesson = z.object({
  courseId: z.string(),
  lessonId: z.string(),
  title: z.string(),
  coreQuestion: z.string(),
  estimatedSeconds: z.number(),
  blocks: z.array(z.record(z.string(), z.unknown())),
  answered: z.record(z.string(), GradeResult),
  completed: z.boolean(),
  feedbackGiven: z.boolean(),
});
export type LearnerLesson = z.infer<typeof LearnerLesson>;
export const CourseLessonParams = z.object({ courseId: Id, lessonId: Id });
export const CourseParams = z.object({ courseId: Id });

const Confidence = z.number().int().min(1).max(4).describe('How sure: 1 guessing, 2 unsure, 3 fairly sure, 4 certain');
export const AttemptBody = z.strictObject({
  courseId: Id,
  lessonId: Id,
  questionId: Id,
  response: Response,
  timeTakenMs: z.number().int().min(0).max(24 * 3_600_000),
  confidence: Confidence.optional(),
  clientId: z.string().min(8).max(64).describe('A fresh id per submission; a retry with the same id records nothing twice'),
});
export type AttemptBody = z.infer<typeof AttemptBody>;
export const AttemptResult = GradeResult.extend({ attemptId: z.string(), lessonCompleted: z.boolean() });

export const LessonFeedbackBody = z.strictObject({
  answeredMyQuestion: z.boolean(),
  rating: z.number().int().min(1).max(5).optional(),
  comment: z.string().trim().max(2000).optional(),
});

/** How far the player got in a lesson: the furthest block shown and the active time so far (sent again as they grow). */
export const LessonProgressBody = z.strictObject({
  block: z.number().int().min(0).max(39).describe('Index of the furthest block shown, from 0; must be a block of the lesson'),
  activeMs: z.number().int().min(0).max(2 * 3_600_000).describe('Active time in the lesson so far, ms (at most 2 h)'),
});
export type LessonProgressBody = z.infer<typeof LessonProgressBody>;

export const BoostQuery = z.object({
  practice: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  size: z.coerce.number().int().min(1).max(20).default(3),
});
export const Boost = z.object({
  items: z.array(z.object({ reviewItemId: z.string(), lessonId: z.string(), lessonTitle: z.string(), question: z.unknown(), dueAt: z.string() })),
  dueCount: z.number(),
});
export const ReviewBody = z.strictObject({
  reviewItemId: Id,
  response: Response,
  timeTakenMs: z.number().int().min(0).max(24 * 3_600_000),
  confidence: Confidence.optional(),
  practice: z.boolean().default(false),
  clientId: z.string().min(8).max(64),
});
export type ReviewBody = z.infer<typeof ReviewBody>;
export const ReviewResult = GradeResult.extend({ nextDueAt: z.string().nullable() });
