import type { Db } from '../../db/database.ts';
import type { BusinessMetricTable } from './analytics.table.ts';

// Repositories only query. Every query filters by org_id.

/** Inserts metric values, replacing a value of the same person, metric and date; in the caller's transaction. */
export async function upsertMetricValues(trx: Db, rows: readonly BusinessMetricTable[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await trx
      .insertInto('business_metric')
      .values(rows.slice(start, start + 500))
      .onConflict((oc) => oc.columns(['org_id', 'metric', 'person_id', 'date']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), imported_at: eb.ref('excluded.imported_at') })))
      .execute();
  }
}

/** Of these (metric, person, date) keys, how many are stored already (to report created against replaced). */
export async function countExisting(db: Db, orgId: string, keys: readonly { metric: string; personId: string; date: string }[]): Promise<number> {
  let found = 0;
  const byMetric = new Map<string, { personId: string; date: string }[]>();
  for (const key of keys) byMetric.set(key.metric, [...(byMetric.get(key.metric) ?? []), key]);
  for (const [metric, list] of byMetric) {
    for (let start = 0; start < list.length; start += 500) {
      const chunk = list.slice(start, start + 500);
      const rows = await db
        .selectFrom('business_metric')
        .select(['person_id', 'date'])
        .where('org_id', '=', orgId)
        .where('metric', '=', metric)
        .where('person_id', 'in', [...new Set(chunk.map((k) => k.personId))])
        .execute();
      const stored = new Set(rows.map((row) => `${row.person_id} ${row.date}`));
      found += chunk.filter((k) => stored.has(`${k.personId} ${k.date}`)).length;
    }
  }
  return found;
}

/** Each metric with how many values, people and which dates it has. */
export async function listMetrics(db: Db, orgId: string) {
  return db
    .selectFrom('business_metric')
    .select((eb) => ['metric', eb.fn.countAll<number>().as('values'), eb.fn.count<number>('person_id').distinct().as('people'), eb.fn.min('date').as('first_date'), eb.fn.max('date').as('last_date')])
    .where('org_id', '=', orgId)
    .groupBy('metric')
    .orderBy('metric')
    .execute();
}

export async function listMetricValues(db: Db, orgId: string, metric: string) {
  return db.selectFrom('business_metric').select(['person_id', 'date', 'value']).where('org_id', '=', orgId).where('metric', '=', metric).orderBy('date').execute();
}
