import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Search ranking on PostgreSQL (issue 6's benchmark): how many documents hold each lexeme, kept at indexing time, so a
 * search reads its words' rarity (BM25's idf) from an index instead of counting over every document; and each
 * document's `tsvector` kept in its row, not in TOAST, so ranking reads it once per row without another lookup.
 * SQLite's FTS5 keeps its own statistics: nothing changes there. Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  // The row's text (body, transcript) is compressed and moved out first; the vector stays inline unless the row is still too large.
  await sql`ALTER TABLE search_doc ALTER COLUMN document SET STORAGE MAIN`.execute(db);
  // Existing vectors moved out of line stay there until written again: a new value (`|| ''`) is stored by the new rule.
  await sql`UPDATE search_doc SET document = document || ''::tsvector`.execute(db);

  // The empty lexeme counts the documents themselves (the N of idf). "C" collation: a prefix is a range of the key.
  await sql`CREATE TABLE search_lexeme (
    org_id text NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    variant text NOT NULL,
    lexeme text COLLATE "C" NOT NULL,
    docs integer NOT NULL,
    PRIMARY KEY (org_id, variant, lexeme)
  )`.execute(db);
  await sql`INSERT INTO search_lexeme (org_id, variant, lexeme, docs)
    SELECT org_id, variant, lexeme, count(*) FROM search_doc, unnest(array_append(tsvector_to_array(document), '')) AS lexeme GROUP BY org_id, variant, lexeme`.execute(db);
  await sql`ANALYZE search_doc`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`DROP TABLE search_lexeme`.execute(db);
  await sql`ALTER TABLE search_doc ALTER COLUMN document SET STORAGE EXTENDED`.execute(db);
}
