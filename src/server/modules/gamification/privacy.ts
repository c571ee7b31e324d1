/**
 * What the gamification module holds about a person (issue 9): their points ledger, totals and wallet, leaderboard
 * choice, streak checkpoint, badges and redemptions. An erasure deletes all of it; a redemption still waiting for a
 * decision gives its unit of stock back, as a declined one would. The points sweep derives entries from learning
 * records, which the erasure deletes too, so nothing is earned again.
 */
import type { Db } from '../../db/database.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, type PrivacySubject } from '../identity/index.ts';
import { returnRewardUnit } from './rewards.repository.ts';

const tables: readonly PersonTableSpec[] = [
  { table: 'redemption', column: 'person_id', erase: 'delete' },
  { table: 'badge_award', column: 'person_id', erase: 'delete' },
  { table: 'points_entry', column: 'person_id', erase: 'delete' },
  { table: 'points_total', column: 'person_id', erase: 'delete' },
  { table: 'points_wallet', column: 'person_id', erase: 'delete' },
  { table: 'gamification_person', column: 'person_id', erase: 'delete' },
  { table: 'streak_checkpoint', column: 'person_id', erase: 'delete' },
];

/** The gamification module's part of a person's data: exported table by table, erased as each table's spec says. */
export const gamificationPersonData: PersonDataPart = {
  module: 'gamification',
  tables,
  async erase(trx: Db, subject: PrivacySubject) {
    const pending = await trx.selectFrom('redemption').select('reward_id').where('org_id', '=', subject.orgId).where('person_id', '=', subject.personId).where('status', '=', 'requested').execute();
    for (const { reward_id } of pending) await returnRewardUnit(trx, subject.orgId, reward_id);
    return deleteInOrder(trx, tables, subject);
  },
};
