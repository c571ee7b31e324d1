/**
 * The types of the learner API (today, courses, the lesson player, attempts, the review boost) as the web app
 * sees them, inferred from the server's isomorphic zod schemas. Type-only imports, like `api-types.ts`.
 */
import type { z } from 'zod';
import type {
  AttemptResult as AttemptResultSchema,
  Boost as BoostSchema,
  CourseOutline as CourseOutlineSchema,
  LessonFeedbackBody as LessonFeedbackBodySchema,
  ReviewResult as ReviewResultSchema,
  Today,
} from '../../server/modules/learning/learning.schemas.ts';

export type { AttemptBody, LearnerLesson, ReviewBody, Today } from '../../server/modules/learning/learning.schemas.ts';
/** What a learner answered, by kind of question. */
export type { Response as AnswerResponse } from '../../core/lessons/grading.ts';

/** One enrolled course on Today. */
export type TodayCourse = Today['courses'][number];
/** A course's modules and lessons with the learner's ticks. */
export type CourseOutline = z.infer<typeof CourseOutlineSchema>;
/** The grade of an answer in a lesson, and whether that completed the lesson. */
export type AttemptResult = z.infer<typeof AttemptResultSchema>;
/** "Did this answer your question?", a rating and a comment. */
export type LessonFeedback = z.input<typeof LessonFeedbackBodySchema>;
/** Today's review items (or practice items). */
export type Boost = z.infer<typeof BoostSchema>;
export type BoostItem = Boost['items'][number];
/** The grade of a review answer and when the item comes back (null in practice). */
export type ReviewResult = z.infer<typeof ReviewResultSchema>;
/** How sure the learner was: 1 guessing … 4 certain. */
export type Confidence = 1 | 2 | 3 | 4;
