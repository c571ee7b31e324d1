/** What the analytics module holds about a person (issue 9): their business metric values. */
import type { Db } from '../../db/database.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, type PrivacySubject } from '../identity/index.ts';

const tables: readonly PersonTableSpec[] = [{ table: 'business_metric', column: 'person_id', erase: 'delete' }];

/** The analytics module's part of a person's data: exported table by table, erased as each table's spec says. */
export const analyticsPersonData: PersonDataPart = {
  module: 'analytics',
  tables,
  erase: (trx: Db, subject: PrivacySubject) => deleteInOrder(trx, tables, subject),
};
