/**
 * Every table with a person column is covered by the privacy export and erasure (issue 9). The schema is read from the
 * database itself after every migration, so a table added later with a `person_id` (or `*_person_id`) column fails
 * here until its module's `privacy.ts` says how it is exported and what erasing does to it.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

describe.each(testDialects)('the privacy parts on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(async () => {
    await ctx.close();
  });

  /** `table.column` for every column naming a person, as the database has it. */
  async function personColumns(): Promise<string[]> {
    const db = ctx.services.database.db;
    const { rows } =
      dialect === 'sqlite'
        ? await sql<{ table_name: string; column_name: string }>`select m.name as table_name, p.name as column_name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(db)
        : await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns where table_schema = current_schema()`.execute(db);
    return rows
      .filter((row) => row.column_name === 'person_id' || row.column_name.endsWith('_person_id'))
      .map((row) => `${row.table_name}.${row.column_name}`)
      .sort();
  }

  it('covers every table with a person column, and nothing that is not in the schema', async () => {
    const covered = ctx.services.privacy.coveredTables().map((spec) => `${spec.table}.${spec.column}`);
    const inSchema = await personColumns();
    expect(inSchema.length).toBeGreaterThan(20);
    expect(inSchema.filter((column) => !covered.includes(column)), 'person columns no privacy part covers: add them to the module’s privacy.ts').toEqual([]);
    expect(covered.filter((column) => column !== 'person.id' && !inSchema.includes(column)), 'covered columns the schema does not have').toEqual([]);
    // The person row itself, anonymised rather than deleted.
    expect(ctx.services.privacy.coveredTables()).toContainEqual(expect.objectContaining({ table: 'person', column: 'id', erase: 'anonymise' }));
  });

  it('names each covered table once, so nothing is exported or erased twice', () => {
    const tables = ctx.services.privacy.coveredTables().map((spec) => spec.table);
    expect(tables.length).toBe(new Set(tables).size);
  });
});
