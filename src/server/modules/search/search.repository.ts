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
  // One statement: the row, and the change in how many rows hold each lexeme (its old words out, its new words in).
  await sql`WITH previous AS (SELECT org_id, variant, document FROM search_doc WHERE lesson_id = ${doc.lessonId} AND variant = ${doc.variant}),
    saved AS (
      INSERT INTO search_doc (org_id, lesson_id, variant, revision, title, core_question, estimated_seconds, tags, objective, body, transcript, document)
      VALUES (${doc.orgId}, ${doc.lessonId}, ${doc.variant}, ${doc.revision}, ${f.title}, ${f.coreQuestion}, ${doc.estimatedSeconds}, ${f.tags}, ${f.objective}, ${f.body}, ${f.transcript},
        setweight(to_tsvector('english', ${f.title} || ' ' || ${f.coreQuestion}), 'A') || setweight(to_tsvector('english', ${f.tags} || ' ' || ${f.objective}), 'B') ||
        setweight(to_tsvector('english', ${f.body}), 'C') || setweight(to_tsvector('english', ${f.transcript}), 'D'))
      ON CONFLICT (lesson_id, variant) DO UPDATE SET org_id = excluded.org_id, revision = excluded.revision, title = excluded.title, core_question = excluded.core_question,
        estimated_seconds = excluded.estimated_seconds, tags = excluded.tags, objective = excluded.objective, body = excluded.body, transcript = excluded.transcript, document = excluded.document
      RETURNING org_id, variant, document
    )
    ${countLexemes(sql`SELECT org_id, variant, document, -1 AS delta FROM previous UNION ALL SELECT org_id, variant, document, 1 FROM saved`)}`.execute(db);
}

/**
 * PostgreSQL: adds each row's `delta` to the count of every lexeme of its document, and to the row count (lexeme '').
 * In one sorted statement: indexing transactions lock the counts they share in one order, and cannot deadlock (each
 * transaction writes its draft's counts before its published revision's, and search_term after both).
 */
function countLexemes(changed: ReturnType<typeof sql>) {
  return sql`INSERT INTO search_lexeme (org_id, variant, lexeme, docs)
    SELECT changed.org_id, changed.variant, lexeme, sum(changed.delta)::integer
    FROM (${changed}) AS changed, unnest(array_append(tsvector_to_array(changed.document), '')) AS lexeme
    GROUP BY changed.org_id, changed.variant, lexeme HAVING sum(changed.delta) <> 0
    ORDER BY changed.org_id, changed.variant, lexeme
    ON CONFLICT (org_id, variant, lexeme) DO UPDATE SET docs = search_lexeme.docs + excluded.docs`;
}

/** Removes a lesson's indexed rows (one variant, or both). */
export async function removeDocs(db: Db, dialect: Dialect, lessonId: string, variant?: 'published' | 'draft'): Promise<void> {
  if (dialect === 'postgres') {
    const which = variant ? sql`AND variant = ${variant}` : sql``;
    await sql`WITH gone AS (DELETE FROM search_doc WHERE lesson_id = ${lessonId} ${which} RETURNING org_id, variant, document)
      ${countLexemes(sql`SELECT org_id, variant, document, -1 AS delta FROM gone`)}`.execute(db);
    return;
  }
  let rows = db.selectFrom('search_doc').select('id').where('lesson_id', '=', lessonId);
  if (variant) rows = rows.where('variant', '=', variant);
  const ids = (await rows.execute()).map((r) => r.id);
  if (ids.length === 0) return;
  for (const id of ids) await sql`DELETE FROM search_fts WHERE rowid = ${id}`.execute(db);
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

/** One searched word for PostgreSQL: its alternatives (words or phrases; the word itself first), and the word being typed. */
export interface PgTerm {
  alternatives: readonly string[];
  prefix?: string;
}

/**
 * PostgreSQL's ranking. Per word: r = `ts_rank` over the weighted vector with these weights (D transcript, C body,
 * B tags and objective, A title and core question), without length normalisation, made to saturate as BM25's term
 * frequency does, r·(1 + k) / (r + k) with k = PG_SATURATION, times the word's idf. Chosen on the benchmark's corpus
 * (2026-12-02, tried at 10,000 lessons, checked at 50,000): the default weights (0.1, 0.2, 0.4, 1) with length
 * normalisation put any generated lesson with a question's common word in its title above the handbook section
 * holding its rare words (MRR 0.42 at 10,000); these give 0.72 at 10,000 and 0.71 at 50,000 (k 0.1–0.4 and weights
 * up to (0.4, 0.4, 0.6, 1) within 0.01). Like bm25's column weights on SQLite, a title counts most but saturates.
 */
const PG_RANK_WEIGHTS = '{0.2,0.4,0.6,1.0}';
const PG_SATURATION = 0.2;
/**
 * Rows a search ranks, about: those holding its rarest words, taken rarest first while their rows add up to at most
 * this (the rarest word always). Ranking costs about 1.5 µs per row plus 0.6 µs per row and word, and a question of
 * common words matches nearly every row. Over the benchmark's 50,000 lessons and queries (2026-12-02), ranking every
 * matching row gave a p95 of 167 ms, budgets of 500, 2,000 and 5,000 rows 50–68 ms, all with the same MRR.
 */
const PG_CANDIDATE_BUDGET = 5_000;

/** `websearch_to_tsquery` of a word's alternatives (phrases in quotes) or'ed, or'ed with the prefix of the word being typed. */
function pgTermQuery(term: PgTerm) {
  const clean = (text: string) => text.replace(/['"]/g, '');
  const text = term.alternatives.map((alternative) => (alternative.includes(' ') ? `"${clean(alternative)}"` : clean(alternative))).join(' or ');
  const typed = term.prefix ? sql`to_tsquery('english', ${`${term.prefix}:*`})` : undefined;
  if (!text) return typed ?? sql`''::tsquery`;
  return typed ? sql`(websearch_to_tsquery('english', ${text}) || ${typed})` : sql`websearch_to_tsquery('english', ${text})`;
}

/**
 * The words PostgreSQL can search for, each with how many of the organisation's rows (of the variant) hold it, from
 * search_lexeme, and how many rows there are. Alternatives the `english` configuration reads as stop words are
 * dropped (they match nothing, and each would raise a notice), and words left with none. A word's count is the sum
 * over its alternatives (a phrase counts as its rarest word; a prefix as every lexeme starting with it), at most the
 * row count: exact for one word, an estimate where alternatives overlap.
 */
async function pgSearchableTerms(db: Db, orgId: string, variant: string, terms: readonly PgTerm[]): Promise<{ total: number; terms: { term: PgTerm; docs: number }[] }> {
  const key = sql`l.org_id = ${orgId} AND l.variant = ${variant}`;
  const parts = terms.flatMap((term, k) => [
    ...term.alternatives.map((alternative, j) => {
      const lexemes = sql`tsvector_to_array(to_tsvector('english', ${alternative}))`;
      return sql`SELECT ${k}::int AS k, ${j}::int AS j, cardinality(${lexemes}) AS lexemes, (SELECT min(l.docs) FROM search_lexeme l WHERE ${key} AND l.lexeme = ANY (${lexemes})) AS docs`;
    }),
    ...(term.prefix
      ? [sql`SELECT ${k}::int, -1, cardinality(tsvector_to_array(to_tsvector('english', ${term.prefix}))), (SELECT sum(l.docs) FROM unnest(tsvector_to_array(to_tsvector('english', ${term.prefix}))) AS w, search_lexeme l WHERE ${key} AND l.lexeme >= w AND l.lexeme < w || ${'\uFFFF'})`]
      : []),
  ]);
  if (parts.length === 0) return { total: 0, terms: [] };
  const { rows } = await sql<{ k: number; j: number; lexemes: number; docs: string | number | null }>`
    SELECT -1 AS k, -1 AS j, 0 AS lexemes, (SELECT l.docs FROM search_lexeme l WHERE ${key} AND l.lexeme = '') AS docs
    UNION ALL ${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  const total = Number(rows.find((r) => r.k === -1)?.docs ?? 0);
  const searchable = terms.flatMap((term, k) => {
    const kept = rows.filter((r) => r.k === k && Number(r.lexemes) > 0);
    if (kept.length === 0) return [];
    const alternatives = term.alternatives.filter((_, j) => kept.some((r) => r.j === j));
    const docs = Math.min(total, kept.reduce((sum, r) => sum + Number(r.docs ?? 0), 0));
    return [{ term: { alternatives, ...(term.prefix && kept.some((r) => r.j === -1) && { prefix: term.prefix }) }, docs }];
  });
  return { total, terms: searchable };
}

/**
 * The best matches, best first. SQLite: `match` is an FTS5 expression, ranked by bm25 with field weights (title 10,
 * core question 8, tags 4, objective 3, body and transcript 1). PostgreSQL, in two steps: the candidates are the rows
 * holding the question's rarest words (up to about PG_CANDIDATE_BUDGET rows by their counts in search_lexeme), found
 * through the GIN index; each candidate is then ranked by the sum over all its words of idf × saturated `ts_rank` (see
 * PG_RANK_WEIGHTS), as bm25 ranks on SQLite. So a row holding none of the rarest words is not ranked: only a question
 * whose every word is in thousands of rows skips any, and there a row without its rarest word rarely makes the first
 * page. `candidateBudget` replaces PG_CANDIDATE_BUDGET (tests).
 */
export async function searchDocs(
  db: Db,
  dialect: Dialect,
  query: { orgId: string; variant: 'published' | 'draft'; match: string; pgTerms: readonly PgTerm[]; lessonIds?: readonly string[]; limit: number; candidateBudget?: number },
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
  // Words no row holds are left out: they match nothing and would only add to the ranking's work.
  const { total, terms: searchable } = await pgSearchableTerms(db, query.orgId, query.variant, query.pgTerms);
  const known = searchable.filter((t) => t.docs > 0).sort((a, b) => a.docs - b.docs);
  if (known.length === 0) return [];
  const queries = known.map((t) => pgTermQuery(t.term));
  const idf = known.map((t) => Math.log(1 + (total - t.docs + 0.5) / (t.docs + 0.5)));

  // Candidates: the rows holding the rarest words, while their rows fit the budget (the rarest word always).
  let rare = 0;
  for (let budget = query.candidateBudget ?? PG_CANDIDATE_BUDGET; rare < known.length && (rare === 0 || known[rare]!.docs <= budget); rare++) budget -= known[rare]!.docs;
  const candidates = sql.join(queries.slice(0, rare), sql` || `);

  const ranks = sql.join(queries.map((q, k) => sql`ts_rank(${PG_RANK_WEIGHTS}::float4[], d.document, ${q}, 0) AS ${sql.ref(`r${k}`)}`));
  const score = sql.join(
    queries.map((_, k) => sql`${idf[k]! * (1 + PG_SATURATION)}::float8 * ${sql.ref(`r${k}`)} / (${sql.ref(`r${k}`)} + ${PG_SATURATION}::float8)`),
    sql` + `,
  );
  const only = query.lessonIds ? sql`AND d.lesson_id IN (${sql.join(query.lessonIds.map((id) => sql`${id}`))})` : sql``;
  // OFFSET 0 keeps the subquery apart, so each ts_rank is computed once per row (not once per use in the score).
  const { rows } = await sql<FoundRow>`
    WITH top AS (
      SELECT ranked.id, ${score} AS score
      FROM (
        SELECT d.id, ${ranks} FROM search_doc d
        WHERE d.org_id = ${query.orgId} AND d.variant = ${query.variant} AND d.document @@ (${candidates}) ${only}
        OFFSET 0
      ) AS ranked
      ORDER BY score DESC, ranked.id LIMIT ${query.limit}
    )
    SELECT d.lesson_id, d.title, d.core_question, d.estimated_seconds, top.score,
      ts_headline('english', CASE WHEN d.body = '' THEN d.transcript ELSE d.body END, ${sql.join(queries, sql` || `)},
        ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=" … "`}) AS snippet
    FROM top JOIN search_doc d ON d.id = top.id
    ORDER BY top.score DESC, top.id`.execute(db);
  return rows.map((r) => ({ ...r, score: Number(r.score), estimated_seconds: Number(r.estimated_seconds) }));
}
