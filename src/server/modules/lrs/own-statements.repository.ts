import type { Db } from '../../db/database.ts';

// Queries of Morsel's own statements: the sweep's cursor (one row, not tenant data: the sweep covers every organisation).

/** Where the named sweep has read up to (UTC ISO), or undefined before its first run. */
export async function findCursor(db: Db, name: string): Promise<string | undefined> {
  return (await db.selectFrom('own_statement_cursor').select('through').where('name', '=', name).executeTakeFirst())?.through;
}

export async function setCursor(db: Db, name: string, through: string): Promise<void> {
  await db
    .insertInto('own_statement_cursor')
    .values({ name, through })
    .onConflict((oc) => oc.column('name').doUpdateSet({ through }))
    .execute();
}
