/** Row types of the content module's tables, as stored. JSON columns are text. */
export interface ObjectiveTable {
  id: string;
  org_id: string;
  title: string;
  /** What the learner should be able to do. */
  performance: string;
  why_it_matters: string;
  /** The organisational challenge it serves. */
  challenge: string;
  /** 0.70–0.99: the recall probability reviews aim to keep. */
  desired_retention: number;
  /** 0–1: the share of questions a proficient learner answers right. */
  target_proficiency: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LessonTable {
  id: string;
  org_id: string;
  title: string;
  core_question: string;
  objective_id: string | null;
  /** JSON array of strings. */
  tags: string;
  /** JSON array of blocks (see src/core/lessons/lesson-model.ts). */
  blocks: string;
  /** JSON array of { name, description?, defaultValue? }. */
  variables: string;
  /** The working copy's state; a published revision stays live while a new draft is edited. */
  status: 'draft' | 'in_review' | 'published';
  /** Increases with every saved change of the working copy. */
  revision: number;
  /** The revision learners get, once published. */
  published_revision: number | null;
  estimated_seconds: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LessonRevisionTable {
  id: string;
  org_id: string;
  lesson_id: string;
  revision: number;
  action: 'created' | 'edited' | 'submitted' | 'published' | 'returned';
  /** JSON array of the fields this change touched. */
  changed_fields: string;
  /** JSON of the lesson's content at this revision. */
  snapshot: string;
  changed_by: string | null;
  created_at: string;
}

export interface CourseTable {
  id: string;
  org_id: string;
  title: string;
  description: string;
  objective_ids: string;
  /** JSON array of { id, title, lessonIds }. */
  modules: string;
  prerequisite_ids: string;
  /** JSON object: variable name → value for this course. */
  variable_values: string;
  status: 'draft' | 'published' | 'unpublished';
  latest_version: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CourseVersionTable {
  id: string;
  org_id: string;
  course_id: string;
  version: number;
  /** JSON: the whole course as learners get it, lessons with variables filled in. Never changes. */
  snapshot: string;
  estimated_seconds: number;
  published_by: string | null;
  published_at: string;
}

export interface CoursePilotTable {
  org_id: string;
  course_id: string;
  person_id: string;
  created_at: string;
}

export interface LessonCommentTable {
  id: string;
  org_id: string;
  course_id: string;
  lesson_id: string;
  person_id: string;
  body: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface ContentTables {
  objective: ObjectiveTable;
  lesson: LessonTable;
  lesson_revision: LessonRevisionTable;
  course: CourseTable;
  course_version: CourseVersionTable;
  course_pilot: CoursePilotTable;
  lesson_comment: LessonCommentTable;
}
