import { type Kysely, sql } from 'kysely';

/**
 * Baseline and post checks, certifications (awards, recertifications), enrolment cycles, and what fitting FSRS
 * parameters needs: the review log gains `delta_t_days` and the first answer of every review item (the optimiser's
 * first review), and each organisation's fitted parameters get a table. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // An enrolment restarted for recertification begins a new cycle: answers count again from `cycle_started_at`.
  await db.schema.alterTable('enrolment').addColumn('cycle', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('enrolment').addColumn('cycle_started_at', 'text').execute();
  // Answers given in a baseline or post check point to it.
  await db.schema.alterTable('attempt').addColumn('check_id', 'text').execute();

  await db.schema
    .createTable('course_check')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolment.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('course_version', 'integer', (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('questions', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addUniqueConstraint('course_check_unique', ['enrolment_id', 'cycle', 'phase'])
    .execute();
  await db.schema.createIndex('course_check_org_course_idx').on('course_check').columns(['org_id', 'course_id', 'phase']).execute();

  await db.schema
    .createTable('certification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text')
    .addColumn('objective_ids', 'text', (c) => c.notNull())
    .addColumn('pass_mark', 'double precision', (c) => c.notNull())
    .addColumn('validity_amount', 'integer', (c) => c.notNull())
    .addColumn('validity_unit', 'text', (c) => c.notNull())
    .addColumn('due_soon_days', 'integer', (c) => c.notNull())
    .addColumn('auto_recertify', 'integer', (c) => c.notNull())
    .addColumn('recertify_within_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certification_org_idx').on('certification').columns(['org_id', 'status']).execute();

  await db.schema
    .createTable('certification_award')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('certification_id', 'text', (c) => c.notNull().references('certification.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('earned_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // One award per piece of evidence (an enrolment's cycle): re-evaluating never awards twice.
    .addUniqueConstraint('certification_award_evidence_unique', ['certification_id', 'person_id', 'evidence'])
    .execute();
  await db.schema.createIndex('certification_award_expiry_idx').on('certification_award').columns(['org_id', 'expires_at']).execute();

  await db.schema
    .createTable('recertification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('certification_id', 'text', (c) => c.notNull().references('certification.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('award_id', 'text', (c) => c.notNull().references('certification_award.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Never two re-enrolments for one lapse.
    .addUniqueConstraint('recertification_award_course_unique', ['award_id', 'course_id'])
    .execute();

  // Whole days since the item's previous review (0 for its first), as the optimiser's FSRSReview has it.
  await db.schema.alterTable('review_log').addColumn('delta_t_days', 'integer').execute();
  // The first answer of every review item is its first review for the optimiser: log the ones given so far.
  await sql`
    insert into review_log (id, org_id, person_id, review_item_id, reviewed_at, rating, state_before, correct, response_ms, desired_retention, scheduler, delta_t_days)
    select 'first-' || a.id, a.org_id, a.person_id, a.review_item_id, a.created_at, case when a.correct = 1 then 3 else 1 end, 0, a.correct, a.time_taken_ms, r.desired_retention, 'fsrs-6:ts-fsrs@5:binary', 0
    from attempt a join review_item r on r.id = a.review_item_id
    where a.mode = 'lesson'`.execute(db);
  await db.schema.createIndex('review_log_item_idx').on('review_log').columns(['org_id', 'review_item_id', 'reviewed_at']).execute();

  await db.schema
    .createTable('fsrs_parameters')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisation.id').onDelete('cascade'))
    .addColumn('weights', 'text', (c) => c.notNull())
    .addColumn('review_count', 'integer', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('optimizer', 'text', (c) => c.notNull())
    .addColumn('fitted_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['fsrs_parameters', 'recertification', 'certification_award', 'certification', 'course_check']) await db.schema.dropTable(table).execute();
  await sql`delete from review_log where state_before = 0 and id like 'first-%'`.execute(db);
  await db.schema.dropIndex('review_log_item_idx').execute();
  await db.schema.alterTable('review_log').dropColumn('delta_t_days').execute();
  await db.schema.alterTable('attempt').dropColumn('check_id').execute();
  await db.schema.alterTable('enrolment').dropColumn('cycle_started_at').execute();
  await db.schema.alterTable('enrolment').dropColumn('cycle').execute();
}
