/**
 * The content API's request and response schemas: objectives, lessons, courses, pilots and comments.
 * Isomorphic: the web studio imports them too.
 */
import { z } from 'zod';
import { Block } from '../../../core/lessons/lesson-model.ts';

const Id = z.string().min(1).max(64);
const Title = z.string().trim().min(1).max(200);

export const ObjectiveFields = z.object({
  title: Title,
  performance: z.string().trim().min(1).max(1000).describe('What the learner should be able to do'),
  whyItMatters: z.string().trim().max(2000).default(''),
  challenge: z.string().trim().max(2000).default('').describe('The organisational challenge it serves'),
  desiredRetention: z.number().min(0.7).max(0.99).default(0.9).describe('Recall probability reviews aim to keep, 0.70–0.99'),
  targetProficiency: z.number().min(0).max(1).default(0.8).describe('Share of questions a proficient learner answers right'),
});
export const ObjectiveCreate = ObjectiveFields.strict();
export type ObjectiveCreate = z.infer<typeof ObjectiveCreate>;
export const ObjectivePatch = z
  .object({
    title: Title,
    performance: ObjectiveFields.shape.performance,
    whyItMatters: z.string().trim().max(2000),
    challenge: z.string().trim().max(2000),
    desiredRetention: z.number().min(0.7).max(0.99),
    targetProficiency: z.number().min(0).max(1),
  })
  .partial()
  .strict();
export type ObjectivePatch = z.infer<typeof ObjectivePatch>;
export const Objective = z.object({
  id: z.string(),
  title: z.string(),
  performance: z.string(),
  whyItMatters: z.string(),
  challenge: z.string(),
  desiredRetention: z.number(),
  targetProficiency: z.number(),
  lessonCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Objective = z.infer<typeof Objective>;
export const ObjectiveList = z.object({ items: z.array(Objective) });

export const LessonVariable = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be a name such as product or store_name'),
  description: z.string().trim().max(300).optional(),
  defaultValue: z.string().max(300).optional(),
});
export type LessonVariable = z.infer<typeof LessonVariable>;

export const LessonStatus = z.enum(['draft', 'in_review', 'published']);

const uniqueBlockIds = (blocks: { id: string }[]) => new Set(blocks.map((b) => b.id)).size === blocks.length;
export const LessonContent = z.object({
  title: Title,
  coreQuestion: z.string().trim().max(300).default(''),
  objectiveId: Id.nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  blocks: z.array(Block).max(40).default([]).refine(uniqueBlockIds, { message: 'block ids must be unique within a lesson' }),
  variables: z.array(LessonVariable).max(20).default([]),
});
export const LessonCreate = LessonContent.strict();
export type LessonCreate = z.infer<typeof LessonCreate>;
export const LessonPatch = z
  .object({
    title: Title,
    coreQuestion: z.string().trim().max(300),
    objectiveId: Id.nullable(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20),
    blocks: z.array(Block).max(40).refine(uniqueBlockIds, { message: 'block ids must be unique within a lesson' }),
    variables: z.array(LessonVariable).max(20),
    /** The revision the editor started from: a stale one is refused, so two authors cannot overwrite each other. */
    baseRevision: z.number().int().min(1),
  })
  .partial()
  .required({ baseRevision: true })
  .strict();
export type LessonPatch = z.infer<typeof LessonPatch>;

export const LintFinding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  blockId: z.string().optional(),
  field: z.string().optional(),
});
export const LintReport = z.object({
  findings: z.array(LintFinding),
  publishable: z.boolean(),
  estimatedSeconds: z.number(),
  blocks: z.array(z.object({ blockId: z.string(), seconds: z.number(), unknownMedia: z.boolean().optional() })),
});
export type LintReport = z.infer<typeof LintReport>;

export const LessonSummary = z.object({
  id: z.string(),
  title: z.string(),
  coreQuestion: z.string(),
  objectiveId: z.string().nullable(),
  tags: z.array(z.string()),
  status: LessonStatus,
  revision: z.number(),
  publishedRevision: z.number().nullable(),
  estimatedSeconds: z.number(),
  updatedAt: z.string(),
});
export type LessonSummary = z.infer<typeof LessonSummary>;
export const Lesson = LessonSummary.extend({
  blocks: z.array(Block),
  variables: z.array(LessonVariable),
  lint: LintReport,
  createdAt: z.string(),
});
export type Lesson = z.infer<typeof Lesson>;
export const LessonQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: LessonStatus.optional(),
  objectiveId: Id.optional(),
});
export const LessonList = z.object({ items: z.array(LessonSummary) });

export const LessonRevision = z.object({
  revision: z.number(),
  action: z.enum(['created', 'edited', 'submitted', 'published', 'returned']),
  changedFields: z.array(z.string()),
  changedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  at: z.string(),
});
export const LessonRevisionList = z.object({ items: z.array(LessonRevision) });

export const RenderedLesson = z.object({
  title: z.string(),
  coreQuestion: z.string(),
  blocks: z.array(z.record(z.string(), z.unknown())).describe('Blocks as a learner gets them: Markdown as sanitised HTML, answers hidden'),
});

export const CourseModule = z.object({
  id: Id,
  title: z.string().trim().min(1).max(200),
  lessonIds: z.array(Id).max(100),
});
export const CourseFields = z.object({
  title: Title,
  description: z.string().trim().max(5000).default(''),
  objectiveIds: z.array(Id).max(50).default([]),
  modules: z.array(CourseModule).max(50).default([]),
  prerequisiteIds: z.array(Id).max(20).default([]),
  variableValues: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), z.string().max(300)).default({}),
});
export const CourseCreate = CourseFields.strict();
export type CourseCreate = z.infer<typeof CourseCreate>;
export const CoursePatch = z
  .object({
    title: Title,
    description: z.string().trim().max(5000),
    objectiveIds: z.array(Id).max(50),
    modules: z.array(CourseModule).max(50),
    prerequisiteIds: z.array(Id).max(20),
    variableValues: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), z.string().max(300)),
  })
  .partial()
  .strict();
export type CoursePatch = z.infer<typeof CoursePatch>;

export const CourseFinding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  lessonId: z.string().optional(),
});
export const Course = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  objectiveIds: z.array(z.string()),
  modules: z.array(CourseModule.extend({ lessons: z.array(LessonSummary) })),
  prerequisiteIds: z.array(z.string()),
  variableValues: z.record(z.string(), z.string()),
  variablesUsed: z.array(z.string()),
  status: z.enum(['draft', 'published', 'unpublished']),
  latestVersion: z.number().nullable(),
  estimatedSeconds: z.number(),
  findings: z.array(CourseFinding),
  pilotIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Course = z.infer<typeof Course>;
export const CourseSummary = Course.pick({ id: true, title: true, status: true, latestVersion: true, estimatedSeconds: true, updatedAt: true }).extend({ lessonCount: z.number() });
export const CourseList = z.object({ items: z.array(CourseSummary) });

export const CourseVersion = z.object({
  courseId: z.string(),
  version: z.number(),
  title: z.string(),
  description: z.string(),
  modules: z.array(z.object({ id: z.string(), title: z.string(), lessons: z.array(z.object({ lessonId: z.string(), revision: z.number(), title: z.string(), coreQuestion: z.string(), objectiveId: z.string().nullable(), estimatedSeconds: z.number(), blocks: z.array(Block) })) })),
  estimatedSeconds: z.number(),
  publishedAt: z.string(),
});
export type CourseVersion = z.infer<typeof CourseVersion>;
export const CourseVersionSummary = CourseVersion.pick({ version: true, estimatedSeconds: true, publishedAt: true });
export const CourseVersionList = z.object({ items: z.array(CourseVersionSummary) });
export const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1) });

export const PilotsBody = z.strictObject({ personIds: z.array(Id).max(100) });
export const Comment = z.object({
  id: z.string(),
  lessonId: z.string(),
  author: z.object({ id: z.string(), displayName: z.string() }),
  body: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export const CommentList = z.object({ items: z.array(Comment) });
export const CommentCreate = z.strictObject({ body: z.string().trim().min(1).max(4000) });
export const CourseLessonParams = z.object({ id: Id, lessonId: Id });
