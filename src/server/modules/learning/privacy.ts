/**
 * What the learning module holds about a person (issue 9): enrolments, lesson progress and feedback, answers, review
 * items and their log, checks, certification awards and recertifications. An erasure deletes all of it, children
 * before the rows they point at; the points and own-statement sweeps derive from these rows, so nothing comes back.
 */
import type { Db } from '../../db/database.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, type PrivacySubject } from '../identity/index.ts';

// In deletion order: review_log → review_item, recertification → certification_award, course_check and
// lesson_progress → enrolment.
const tables: readonly PersonTableSpec[] = [
  { table: 'review_log', column: 'person_id', erase: 'delete' },
  { table: 'attempt', column: 'person_id', erase: 'delete', json: ['response', 'feedback'] },
  { table: 'review_item', column: 'person_id', erase: 'delete', json: ['card'] },
  { table: 'recertification', column: 'person_id', erase: 'delete' },
  { table: 'certification_award', column: 'person_id', erase: 'delete' },
  { table: 'course_check', column: 'person_id', erase: 'delete', json: ['questions'] },
  { table: 'lesson_progress', column: 'person_id', erase: 'delete' },
  { table: 'enrolment', column: 'person_id', erase: 'delete' },
];

/** The learning module's part of a person's data: exported table by table, erased as each table's spec says. */
export const learningPersonData: PersonDataPart = {
  module: 'learning',
  tables,
  erase: (trx: Db, subject: PrivacySubject) => deleteInOrder(trx, tables, subject),
};
