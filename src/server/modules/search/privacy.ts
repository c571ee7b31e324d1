/** What the search module holds about a person (issue 9): the questions they searched for. */
import type { Db } from '../../db/database.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, type PrivacySubject } from '../identity/index.ts';

const tables: readonly PersonTableSpec[] = [{ table: 'search_query', column: 'person_id', erase: 'delete' }];

/** The search module's part of a person's data: exported table by table, erased as each table's spec says. */
export const searchPersonData: PersonDataPart = {
  module: 'search',
  tables,
  erase: (trx: Db, subject: PrivacySubject) => deleteInOrder(trx, tables, subject),
};
