import type { Generated } from 'kysely';

/** Row types of the search module's tables (search_fts, SQLite's FTS5 table, is reached through raw SQL only). */
export interface SearchDocTable {
  /** SQLite: the rowid of the row's text in search_fts. */
  id: Generated<number>;
  org_id: string;
  lesson_id: string;
  /** `published`: what learners get (the published revision); `draft`: the working copy, for authors. */
  variant: 'published' | 'draft';
  /** The lesson revision indexed: a lesson whose revision moved on is indexed again. */
  revision: number;
  title: string;
  core_question: string;
  estimated_seconds: number;
}

export interface SearchTermTable {
  org_id: string;
  /** A word of the indexed lessons, lower-cased and folded (not stemmed): typo correction picks among these. */
  term: string;
  /** How many times it was indexed (ties between corrections go to the commoner word). */
  uses: number;
}

/**
 * PostgreSQL only (SQLite's FTS5 keeps its own): how many indexed rows of an organisation and variant hold each
 * lexeme, kept by every write to search_doc, for BM25's idf. The empty lexeme counts the rows themselves; a lexeme
 * whose rows are all gone stays, at 0.
 */
export interface SearchLexemeTable {
  org_id: string;
  variant: 'published' | 'draft';
  /** As the `english` configuration stems it ("phishing" → "phish"); '' for the row count. */
  lexeme: string;
  docs: number;
}

export interface SearchSynonymsTable {
  org_id: string;
  /** JSON array of groups, each an array of words or phrases that mean the same. */
  groups: string;
  updated_at: string;
}

export interface SearchQueryTable {
  id: string;
  org_id: string;
  person_id: string | null;
  team_id: string | null;
  query: string;
  /** The searched words, folded and sorted: questions asked differently group together. */
  normalized: string;
  result_count: number;
  top_lesson_id: string | null;
  top_score: number | null;
  /** The result the learner said did not answer the question. */
  unhelpful_lesson_id: string | null;
  created_at: string;
}

export interface SearchTables {
  search_doc: SearchDocTable;
  search_term: SearchTermTable;
  search_lexeme: SearchLexemeTable;
  search_synonyms: SearchSynonymsTable;
  search_query: SearchQueryTable;
}
