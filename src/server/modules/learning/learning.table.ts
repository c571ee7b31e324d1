/** Row types of the learning module's tables, as stored. */
export interface EnrolmentTable {
  id: string;
  org_id: string;
  person_id: string;
  course_id: string;
  /** The version the learner plays: fixed at enrolment, so a new version never changes a course mid-way. */
  course_version: number;
  source: 'assigned' | 'campaign' | 'self';
  assigned_by: string | null;
  due_at: string | null;
  created_at: string;
  completed_at: string | null;
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
  /** `lesson`: the first answer in the lesson (it counts); `review`: a scheduled review; `practice`: counts for nothing. */
  mode: 'lesson' | 'review' | 'practice';
  response: string;
  correct: number;
  score: number;
  /** JSON array of the feedback shown. */
  feedback: string;
  time_taken_ms: number;
  confidence: number | null;
  review_item_id: string | null;
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
}

export interface LearningTables {
  enrolment: EnrolmentTable;
  lesson_progress: LessonProgressTable;
  attempt: AttemptTable;
  review_item: ReviewItemTable;
  review_log: ReviewLogTable;
}
