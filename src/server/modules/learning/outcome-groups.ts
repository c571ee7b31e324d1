/**
 * Who was trained, and when, as outcome analyses read it (issue 8): the people who earned a certification or
 * completed a course, each with the first time they did. A system read for the analytics module.
 */
import type { Db } from '../../db/database.ts';

/** What made someone "trained": a certification earned, or a course completed. */
export type TrainedBy = { certificationId: string } | { courseId: string };

/** The people trained by `by` in an organisation, each with the first instant they were (ISO). */
export async function listTrainedPeople(db: Db, orgId: string, by: TrainedBy): Promise<{ personId: string; at: string }[]> {
  const rows =
    'certificationId' in by
      ? await db
          .selectFrom('certification_award')
          .select((eb) => ['person_id', eb.fn.min('earned_at').as('at')])
          .where('org_id', '=', orgId)
          .where('certification_id', '=', by.certificationId)
          .groupBy('person_id')
          .execute()
      : await db
          .selectFrom('enrolment')
          .select((eb) => ['person_id', eb.fn.min('completed_at').as('at')])
          .where('org_id', '=', orgId)
          .where('course_id', '=', by.courseId)
          .where('completed_at', 'is not', null)
          .groupBy('person_id')
          .execute();
  return rows.map((row) => ({ personId: row.person_id, at: String(row.at) }));
}

/** The certifications an outcome can be compared by (archived ones too: their awards still count). */
export async function listCertificationChoices(db: Db, orgId: string): Promise<{ id: string; title: string; status: 'active' | 'archived' }[]> {
  return db.selectFrom('certification').select(['id', 'title', 'status']).where('org_id', '=', orgId).orderBy('title').execute();
}
