import type { Generated } from 'kysely';

/** Row types of the learning module's tables, as stored. */
export interface EnrolmentTable {
  id: string;
  org_id: string;
  person_id: string;
  course_id: string;
  /** The version the learner plays: fixed at enrolment, so a new version never changes a course mid-way. */
  course_version: number;
  /** `recertification`: restarted by the recertification sweep after a certification lapsed. */
  source: 'assigned' | 'campaign' | 'self' | 'recertification';
  assigned_by: string | null;
  due_at: string | null;
  created_at: string;
  completed_at: string | null;
  /** 1 for the first time through; +1 each time recertification restarts the enrolment. */
  cycle: Generated<number>;
  /** When the current cycle began (null: at `created_at`); answers before it belong to earlier cycles. */
  cycle_started_at: string | null;
}

export interface LessonProgressTable {
  id: string;
  org_id: string;
  enrolment_id: string;
  person_id: string;
  lesson_id: string;
  started_at: string;
  completed_at: string | null;
  /** "Did this answer your question?": 1 yes, 0 no, null not asked yet. */
  answered_my_question: number | null;
  rating: number | null;
  comment: string | null;
  feedback_at: string | null;
  /** The index of the furthest block the player showed (only ever raised); null: unknown (0018). */
  furthest_block: Generated<number | null>;
  /** The longest active time in the lesson the player reported, in ms (capped at 2 h); null: unknown (0018). */
  active_ms: Generated<number | null>;
  /** When the learner was first shown the lesson's last block (null: not yet, or before the player reported blocks). */
  experienced_at: Generated<string | null>;
}

export interface AttemptTable {
  id: string;
  org_id: string;
  person_id: string;
  /** The client's id for this submission: a retried request records nothing twice. */
  client_id: string;
  course_id: string;
  course_version: number;
  lesson_id: string;
  lesson_revision: number;
  question_id: string;
  kind: string;
  /**
   * `lesson`: the first answer in the lesson (it counts); `review`: a scheduled review; `practice`: counts for
   * nothing; `baseline` / `post`: an answer in the course's baseline or post check (no review item).
   */
  mode: 'lesson' | 'review' | 'practice' | 'baseline' | 'post';
  response: string;
  correct: number;
  score: number;
  /** JSON array of the feedback shown. */
  feedback: string;
  time_taken_ms: number;
  confidence: number | null;
  review_item_id: string | null;
  /** The baseline or post check this answer belongs to. */
  check_id: Generated<string | null>;
  created_at: string;
}

export interface ReviewItemTable {
  id: string;
  org_id: string;
  person_id: string;
  course_id: string;
  course_version: number;
  lesson_id: string;
  question_id: string;
  desired_retention: number;
  /** JSON of the FSRS card (src/core/reinforcement/scheduler.ts ReviewCard). */
  card: string;
  due_at: string;
  created_at: string;
  updated_at: string;
}

/** Append-only: what the optimiser needs to fit an organisation's FSRS parameters. */
export interface ReviewLogTable {
  id: string;
  org_id: string;
  person_id: string;
  review_item_id: string;
  reviewed_at: string;
  rating: number;
  state_before: number;
  correct: number;
  response_ms: number;
  desired_retention: number;
  scheduler: string;
  /** Whole days since the item's previous review, 0 for its first (null in rows logged before 0005: from timestamps). */
  delta_t_days: number | null;
}

/** A learner's baseline or post check of one enrolment cycle. */
export interface CourseCheckTable {
  id: string;
  org_id: string;
  person_id: string;
  enrolment_id: string;
  course_id: string;
  course_version: number;
  cycle: number;
  phase: 'baseline' | 'post';
  /** `started` (answers coming in), `done` (every question answered), `skipped` (baseline only). */
  status: 'started' | 'done' | 'skipped';
  /** JSON array of CheckQuestion (src/core/course-checks.ts), fixed when the check starts. */
  questions: string;
  /** 0–100 once done. */
  score: number | null;
  started_at: string;
  completed_at: string | null;
}

/** A pass mark and a validity over a course or a set of objectives. */
export interface CertificationTable {
  id: string;
  org_id: string;
  title: string;
  description: string;
  scope: 'course' | 'objectives';
  course_id: string | null;
  /** JSON array of objective ids (empty for a course certification). */
  objective_ids: string;
  /** 0–100. */
  pass_mark: number;
  validity_amount: number;
  validity_unit: 'days' | 'months';
  /** An award expiring within this many days is "due soon". */
  due_soon_days: number;
  /** 1: a lapse restarts the person's enrolment (source `recertification`) with a due date. */
  auto_recertify: number;
  /** The recertification enrolment's due date, this many days after the lapse is found. */
  recertify_within_days: number;
  status: 'active' | 'archived';
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A person earned a certification once; the status goes by the award expiring last. */
export interface CertificationAwardTable {
  id: string;
  org_id: string;
  certification_id: string;
  person_id: string;
  /** 0–100. */
  score: number;
  /** What earned it, e.g. `enrolment:<id>:<cycle>` joined by spaces: the same evidence never awards twice. */
  evidence: string;
  earned_at: string;
  expires_at: string;
}

/** The recertification started for one lapsed award (at most one per award and course). */
export interface RecertificationTable {
  id: string;
  org_id: string;
  certification_id: string;
  person_id: string;
  award_id: string;
  enrolment_id: string;
  course_id: string;
  due_at: string;
  created_at: string;
}

/** An organisation's FSRS weights fitted from its review log by @open-spaced-repetition/binding. */
export interface FsrsParametersTable {
  org_id: string;
  /** JSON array of the 21 FSRS-6 weights. */
  weights: string;
  review_count: number;
  item_count: number;
  optimizer: string;
  fitted_at: string;
}

export interface LearningTables {
  enrolment: EnrolmentTable;
  lesson_progress: LessonProgressTable;
  attempt: AttemptTable;
  review_item: ReviewItemTable;
  review_log: ReviewLogTable;
  course_check: CourseCheckTable;
  certification: CertificationTable;
  certification_award: CertificationAwardTable;
  recertification: RecertificationTable;
  fsrs_parameters: FsrsParametersTable;
}
