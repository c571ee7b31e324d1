import type { Kysely } from 'kysely';

/** Enrolments, lesson progress, attempts, review items and the review log. Frozen once released. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enrolment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('course.id').onDelete('cascade'))
    .addColumn('course_version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text')
    .addColumn('due_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addUniqueConstraint('enrolment_person_course_unique', ['person_id', 'course_id'])
    .execute();
  await db.schema.createIndex('enrolment_org_course_idx').on('enrolment').columns(['org_id', 'course_id']).execute();

  await db.schema
    .createTable('lesson_progress')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolment.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('answered_my_question', 'integer')
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('feedback_at', 'text')
    .addUniqueConstraint('lesson_progress_unique', ['enrolment_id', 'lesson_id'])
    .execute();

  await db.schema
    .createTable('attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('course_version', 'integer', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('lesson_revision', 'integer', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('feedback', 'text', (c) => c.notNull())
    .addColumn('time_taken_ms', 'integer', (c) => c.notNull())
    .addColumn('confidence', 'integer')
    .addColumn('review_item_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('attempt_person_client_unique', ['person_id', 'client_id'])
    .execute();
  // Counting answers (mode 'lesson') are looked up on every answer; practice answers can be many.
  await db.schema.createIndex('attempt_person_lesson_idx').on('attempt').columns(['person_id', 'course_id', 'lesson_id', 'mode']).execute();

  await db.schema
    .createTable('review_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('course_version', 'integer', (c) => c.notNull())
    .addColumn('lesson_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('desired_retention', 'double precision', (c) => c.notNull())
    .addColumn('card', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('review_item_unique', ['person_id', 'lesson_id', 'question_id'])
    .execute();
  await db.schema.createIndex('review_item_due_idx').on('review_item').columns(['person_id', 'due_at']).execute();

  await db.schema
    .createTable('review_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('review_item_id', 'text', (c) => c.notNull().references('review_item.id').onDelete('cascade'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('state_before', 'integer', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('response_ms', 'integer', (c) => c.notNull())
    .addColumn('desired_retention', 'double precision', (c) => c.notNull())
    .addColumn('scheduler', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_log_org_idx').on('review_log').columns(['org_id', 'reviewed_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['review_log', 'review_item', 'attempt', 'lesson_progress', 'enrolment']) await db.schema.dropTable(table).execute();
}
