/**
 * What the delivery module holds about a person (issue 9): lessons planned and sent to them (their inbox), messages
 * queued or sent to them, events posted about them, and the campaigns they are members of. An erasure deletes the
 * deliveries, messages and events; campaign membership stays (the anonymised row), so a campaign's arms and sizes,
 * and the comparisons made with its hold-out, keep their counts.
 */
import type { Db } from '../../db/database.ts';
import { deleteInOrder, type PersonDataPart, type PersonTableSpec, presentRow, type PrivacySubject } from '../identity/index.ts';

const tables: readonly PersonTableSpec[] = [
  { table: 'delivery', column: 'person_id', erase: 'delete', json: ['channels_used'] },
  // Sign-in links and unsubscribe links sit in payloads: the export shows a message's recipient and subject only.
  { table: 'outbox_message', column: 'person_id', erase: 'delete', omit: ['payload', 'idempotency_key', 'locked_by', 'locked_until', 'provider_id'] },
  { table: 'trigger_event', column: 'person_id', erase: 'delete', json: ['attributes', 'result'] },
  { table: 'campaign_member', column: 'person_id', erase: 'keep', why: 'Campaign arms and sizes stay as they were; the row names only the anonymised person.' },
];
const outboxSpec = tables[1]!;

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The delivery module's part of a person's data: exported table by table, erased as each table's spec says. */
export const deliveryPersonData: PersonDataPart = {
  module: 'delivery',
  tables,
  async exportMore(db: Db, subject: PrivacySubject) {
    const rows = await db.selectFrom('outbox_message').selectAll().where('org_id', '=', subject.orgId).where('person_id', '=', subject.personId).orderBy('id').execute();
    const outbox_message = rows.map((row) => {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      return { ...presentRow(row as unknown as Record<string, unknown>, outboxSpec), recipient: textOf(payload.to), subject: textOf(payload.subject) };
    });
    return { outbox_message };
  },
  erase: (trx: Db, subject: PrivacySubject) => deleteInOrder(trx, tables, subject),
};
