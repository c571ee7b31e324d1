/** What the content module holds about a person (issue 9): the courses they pilot and their comments as a pilot. */
import type { Db } from '../../db/database.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, type PrivacySubject } from '../identity/index.ts';

const tables: readonly PersonTableSpec[] = [
  { table: 'lesson_comment', column: 'person_id', erase: 'delete' },
  { table: 'course_pilot', column: 'person_id', erase: 'delete' },
];

/** The content module's part of a person's data: exported table by table, erased as each table's spec says. */
export const contentPersonData: PersonDataPart = {
  module: 'content',
  tables,
  erase: (trx: Db, subject: PrivacySubject) => deleteInOrder(trx, tables, subject),
};
