/**
 * The types of the content and media APIs (objectives, lessons, courses, media library) as the web app sees
 * them, inferred from the server's isomorphic zod schemas. Type-only imports, like `api-types.ts`.
 */
import type { z } from 'zod';
import type {
  Comment as CommentSchema,
  CourseFinding as CourseFindingSchema,
  CourseList as CourseListSchema,
  CourseSummary as CourseSummarySchema,
  CourseVersionList as CourseVersionListSchema,
  CourseVersionSummary as CourseVersionSummarySchema,
  LessonList as LessonListSchema,
  LessonRevision as LessonRevisionSchema,
  LessonRevisionList as LessonRevisionListSchema,
  LessonStatus as LessonStatusSchema,
  LintFinding as LintFindingSchema,
  ObjectiveList as ObjectiveListSchema,
  RenderedLesson as RenderedLessonSchema,
} from '../../server/modules/content/content.schemas.ts';

export type {
  Course,
  CourseCreate,
  CoursePatch,
  CourseVersion,
  Lesson,
  LessonCreate,
  LessonPatch,
  LessonSummary,
  LessonVariable,
  LintReport,
  Objective,
  ObjectiveCreate,
  ObjectivePatch,
} from '../../server/modules/content/content.schemas.ts';
export type { Block, BlockOf, BlockType, ChoiceOption, Question, QuestionKind } from '../../core/lessons/lesson-model.ts';

/** All objectives of the organisation. */
export type ObjectiveList = z.infer<typeof ObjectiveListSchema>;
/** Lessons matching a search. */
export type LessonList = z.infer<typeof LessonListSchema>;
/** draft, in_review or published. */
export type LessonStatus = z.infer<typeof LessonStatusSchema>;
/** One linter result as the API reports it. */
export type LintFinding = z.infer<typeof LintFindingSchema>;
/** One saved state of a lesson: who changed which fields. */
export type LessonRevision = z.infer<typeof LessonRevisionSchema>;
export type LessonRevisionList = z.infer<typeof LessonRevisionListSchema>;
/** A course in the list. */
export type CourseSummary = z.infer<typeof CourseSummarySchema>;
export type CourseList = z.infer<typeof CourseListSchema>;
/** One result of the course checks (empty course, unpublished lesson, missing variable…). */
export type CourseFinding = z.infer<typeof CourseFindingSchema>;
export type CourseVersionSummary = z.infer<typeof CourseVersionSummarySchema>;
export type CourseVersionList = z.infer<typeof CourseVersionListSchema>;
/** A pilot learner's (or author's) comment on one lesson of a course. */
export type Comment = z.infer<typeof CommentSchema>;
/** The lesson as a learner gets it (`GET /api/lessons/:id/preview`); blocks are loosely typed by the API. */
export type RenderedLesson = z.infer<typeof RenderedLessonSchema>;

export type { MediaCaptions, MediaItem, MediaKind, MediaList } from '../../server/modules/media/media.schemas.ts';
