import { sql } from 'kysely';
import type { Db, Dialect } from '../../db/database.ts';
import type { LessonSearchFields } from '../../../core/search/lesson-document.ts';

// Repositories only query. Every query filters by org_id. The two databases' full-text SQL differs; each function
// holds both, side by side.

/** Marks around matched words in snippets; the service turns them into offsets. */
export const MARK_START = '\u27E6';
export const MARK_END = '\u27E7';

export interface IndexedDoc {
  orgId: string;
  lessonId: string;
  variant: 'published' | 'draft';
  revision: number;
  estimatedSeconds: number;
  fields: LessonSearchFields;
}

/** Replaces the lesson's indexed row of that variant (its text and what it is). */
export async function replaceDoc(db: Db, dialect: Dialect, doc: IndexedDoc): Promise<void> {
  const f = doc.fields;
  if (dialect === 'sqlite') {
    await removeDocs(db, dialect, doc.lessonId, doc.variant);
    const inserted = await db
      .insertInto('search_doc')
      .values({ org_id: doc.orgId, lesson_id: doc.lessonId, variant: doc.variant, revision: doc.revision, title: f.title, core_question: f.coreQuestion, estimated_seconds: doc.estimatedSeconds })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO search_fts (rowid, title, core_question, tags, objective, body, transcript) VALUES (${inserted.id}, ${f.title}, ${f.coreQuestion}, ${f.tags}, ${f.objective}, ${f.body}, ${f.transcript})`.execute(db);
    return;
  }
  await sql`INSERT INTO search_doc (org_id, lesson_id, variant, revision, title, core_question, estimated_seconds, tags, objective, body, transcript, document)
    VALUES (${doc.orgId}, ${doc.lessonId}, ${doc.variant}, ${doc.revision}, ${f.title}, ${f.coreQuestion}, ${doc.estimatedSeconds}, ${f.tags}, ${f.objective}, ${f.body}, ${f.transcript},
      setweight(to_tsvector('english', ${f.title} || ' ' || ${f.coreQuestion}), 'A') || setweight(to_tsvector('english', ${f.tags} || ' ' || ${f.objective}), 'B') ||
      setweight(to_tsvector('english', ${f.body}), 'C') || setweight(to_tsvector('english', ${f.transcript}), 'D'))
    ON CONFLICT (lesson_id, variant) DO UPDATE SET org_id = excluded.org_id, revision = excluded.revision, title = excluded.title, core_question = excluded.core_question,
      estimated_seconds = excluded.estimated_seconds, tags = excluded.tags, objective = excluded.objective, body = excluded.body, transcript = excluded.transcript, document = excluded.document`.execute(db);
}

/** Removes a lesson's indexed rows (one variant, or both). */
export async function removeDocs(db: Db, dialect: Dialect, lessonId: string, variant?: 'published' | 'draft'): Promise<void> {
  let rows = db.selectFrom('search_doc').select('id').where('lesson_id', '=', lessonId);
  if (variant) rows = rows.where('variant', '=', variant);
  const ids = (await rows.execute()).map((r) => r.id);
  if (ids.length === 0) return;
  if (dialect === 'sqlite') for (const id of ids) await sql`DELETE FROM search_fts WHERE rowid = ${id}`.execute(db);
  await db.deleteFrom('search_doc').where('id', 'in', ids).execute();
}

/** Which lessons' rows are behind: indexed at another revision, or not indexed, or indexed but gone. */
export async function findStaleLessons(db: Db, orgId?: string): Promise<{ missing: { org_id: string; id: string }[]; orphans: string[] }> {
  let lessons = db
    .selectFrom('lesson')
    .leftJoin('search_doc', (join) => join.onRef('search_doc.lesson_id', '=', 'lesson.id').on('search_doc.variant', '=', 'draft'))
    .select(['lesson.org_id', 'lesson.id'])
    .where((eb) => eb.or([eb('search_doc.id', 'is', null), eb('search_doc.revision', '!=', eb.ref('lesson.revision'))]));
  if (orgId) lessons = lessons.where('lesson.org_id', '=', orgId);
  let orphans = db.selectFrom('search_doc').leftJoin('lesson', 'lesson.id', 'search_doc.lesson_id').select('search_doc.lesson_id').where('lesson.id', 'is', null);
  if (orgId) orphans = orphans.where('search_doc.org_id', '=', orgId);
  return { missing: await lessons.execute(), orphans: [...new Set((await orphans.execute()).map((r) => r.lesson_id))] };
}

/** Counts each word once more for the organisation (typo correction's vocabulary). */
export async function addTerms(db: Db, orgId: string, terms: readonly string[]): Promise<void> {
  // Sorted: concurrent indexing transactions then lock the rows they share in one order, and cannot deadlock.
  const unique = [...new Set(terms)].filter((t) => t.length >= 2 && t.length <= 40).sort();
  for (let from = 0; from < unique.length; from += 400) {
    await db
      .insertInto('search_term')
      .values(unique.slice(from, from + 400).map((term) => ({ org_id: orgId, term, uses: 1 })))
      .onConflict((oc) => oc.columns(['org_id', 'term']).doUpdateSet((eb) => ({ uses: eb('search_term.uses', '+', 1) })))
      .execute();
  }
}

export async function knownTerms(db: Db, orgId: string, words: readonly string[]): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const rows = await db.selectFrom('search_term').select('term').where('org_id', '=', orgId).where('term', 'in', [...words]).execute();
  return new Set(rows.map((r) => r.term));
}

/**
 * Known words that might be what a misspelt `word` meant: those with the same first letter and a length within
 * `maxEdits` (typos rarely hit the first letter; the range keeps the scan to one slice of the primary key), and on
 * PostgreSQL also its `pg_trgm` neighbours (a misspelt first letter).
 */
export async function termCandidates(db: Db, dialect: Dialect, orgId: string, word: string, maxEdits: number): Promise<{ term: string; uses: number }[]> {
  const first = word.charAt(0);
  const sameStart = await db
    .selectFrom('search_term')
    .select(['term', 'uses'])
    .where('org_id', '=', orgId)
    .where('term', '>=', first)
    .where('term', '<', `${first}\uFFFF`)
    .where(sql<number>`length(term)`, '>=', word.length - maxEdits)
    .where(sql<number>`length(term)`, '<=', word.length + maxEdits)
    .limit(5000)
    .execute();
  if (dialect === 'sqlite') return sameStart;
  const { rows } = await sql<{ term: string; uses: number }>`SELECT term, uses FROM search_term WHERE org_id = ${orgId} AND term % ${word} ORDER BY similarity(term, ${word}) DESC LIMIT 40`.execute(db);
  return [...sameStart, ...rows];
}

export interface FoundRow {
  lesson_id: string;
  title: string;
  core_question: string;
  estimated_seconds: number;
  score: number;
  snippet: string;
}

/** One searched word for PostgreSQL: its alternatives as `websearch_to_tsquery` text, and the word being typed. */
export interface PgTerm {
  text: string;
  prefix?: string;
}

function pgTermQuery(term: PgTerm) {
  const typed = term.prefix ? sql`to_tsquery('english', ${`${term.prefix}:*`})` : undefined;
  if (!term.text) return typed ?? sql`''::tsquery`;
  return typed ? sql`(websearch_to_tsquery('english', ${term.text}) || ${typed})` : sql`websearch_to_tsquery('english', ${term.text})`;
}

/**
 * The best matches, best first. SQLite: `match` is an FTS5 expression, ranked by bm25 with field weights (title 10,
 * core question 8, tags 4, objective 3, body and transcript 1). PostgreSQL: each word's query (`websearch_to_tsquery`
 * of its alternatives, `to_tsquery(…:*)` for the word being typed) is ranked with `ts_rank` over the weighted vector
 * (A title and core question, B tags and objective, C body, D transcript) and weighted by the word's rarity (BM25's
 * inverse document frequency, counted first), so "phishing" outweighs "security" as bm25 does on SQLite.
 */
export async function searchDocs(
  db: Db,
  dialect: Dialect,
  query: { orgId: string; variant: 'published' | 'draft'; match: string; pgTerms: readonly PgTerm[]; lessonIds?: readonly string[]; limit: number },
): Promise<FoundRow[]> {
  if (query.lessonIds && query.lessonIds.length === 0) return [];
  if (dialect === 'sqlite') {
    const only = query.lessonIds ? sql`AND d.lesson_id IN (${sql.join(query.lessonIds.map((id) => sql`${id}`))})` : sql``;
    const { rows } = await sql<FoundRow>`
      SELECT d.lesson_id, d.title, d.core_question, d.estimated_seconds, -bm25(search_fts, 10.0, 8.0, 4.0, 3.0, 1.0, 1.0) AS score,
        snippet(search_fts, -1, ${MARK_START}, ${MARK_END}, '…', 24) AS snippet
      FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid
      WHERE search_fts MATCH ${query.match} AND d.org_id = ${query.orgId} AND d.variant = ${query.variant} ${only}
      ORDER BY bm25(search_fts, 10.0, 8.0, 4.0, 3.0, 1.0, 1.0) LIMIT ${query.limit}`.execute(db);
    return rows;
  }
  const terms = query.pgTerms.map(pgTermQuery);
  if (terms.length === 0) return [];
  // How many documents hold each word: one count over the GIN index per word (twelve at most).
  const counts = await sql<Record<string, string>>`
    SELECT count(*) AS total, ${sql.join(terms.map((t, k) => sql`count(*) FILTER (WHERE document @@ ${t}) AS ${sql.ref(`t${k}`)}`))}
    FROM search_doc WHERE org_id = ${query.orgId} AND variant = ${query.variant}`.execute(db);
  const total = Number(counts.rows[0]?.total ?? 0);
  const idf = terms.map((_, k) => {
    const n = Number(counts.rows[0]?.[`t${k}`] ?? 0);
    return Math.log(1 + (total - n + 0.5) / (n + 0.5));
  });
  const any = sql.join(terms, sql` || `);
  const rank = sql.join(terms.map((t, k) => sql`${idf[k]!}::float8 * ts_rank(d.document, ${t}, 1)`), sql` + `);
  const only = query.lessonIds ? sql`AND lesson_id IN (${sql.join(query.lessonIds.map((id) => sql`${id}`))})` : sql``;
  const { rows } = await sql<FoundRow>`
    WITH q AS (SELECT ${any} AS query),
    top AS (
      SELECT d.id, ${rank} AS score FROM search_doc d, q
      WHERE d.org_id = ${query.orgId} AND d.variant = ${query.variant} AND d.document @@ q.query ${only}
      ORDER BY score DESC LIMIT ${query.limit}
    )
    SELECT d.lesson_id, d.title, d.core_question, d.estimated_seconds, top.score,
      ts_headline('english', CASE WHEN d.body = '' THEN d.transcript ELSE d.body END, q.query, ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "`}) AS snippet
    FROM top JOIN search_doc d ON d.id = top.id, q
    ORDER BY top.score DESC`.execute(db);
  return rows.map((r) => ({ ...r, score: Number(r.score), estimated_seconds: Number(r.estimated_seconds) }));
}
