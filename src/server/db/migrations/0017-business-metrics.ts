import { type Kysely, SqliteAdapter } from 'kysely';

/**
 * Business metrics (issue 8, "Organisational outcomes"): values of a metric (win rate, average handle time,
 * incidents…) per person and date, imported as CSV, compared between trained and untrained people. One value per
 * person, metric and date: importing the same again replaces it. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('business_metric')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    // YYYY-MM-DD.
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value', sqlite ? 'real' : 'double precision', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('business_metric_pk', ['org_id', 'metric', 'person_id', 'date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('business_metric').execute();
}
