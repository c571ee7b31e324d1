/**
 * Search (issue 6): the lesson that answers the question at hand. The index lives in the database (SQLite FTS5 or
 * PostgreSQL full-text) and follows the content: every saved or published lesson is indexed after its commit, and
 * `reindexStale` (at start and every few minutes) catches up on anything a crash left behind. Learners search the
 * published lessons of the courses they are enrolled in; authors search every published lesson, or the drafts.
 * Questions without a good answer, and answers marked unhelpful, become the authors' content-gap list.
 */
import { decodeHTML } from 'entities';
import type { Logger } from 'pino';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import { lessonSearchFields } from '../../../core/search/lesson-document.ts';
import { allowedEdits, closestWord, foldWord, highlightRanges, parseQuery, type QueryTerm, synonymMap, wordsOfText } from '../../../core/search/query.ts';
import type { Db, Dialect } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type ContentService, renderMarkdown } from '../content/index.ts';
import { type Actor, hasRole, requirePerson, requireRole } from '../identity/index.ts';
import * as repo from './search.repository.ts';
import type { ContentGaps, SearchFeedback, SearchQuery, SearchResult, SearchResults, SynonymGroups } from './search.schemas.ts';
import { startPeriodic } from '../../platform/periodic.ts';

export interface SearchDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  content: ContentService;
  /** The spoken text of a video or audio item (its captions), '' when none. */
  captionsText: (orgId: string, mediaId: string) => Promise<string>;
  /** Where imported lessons came from. */
  sourcesOf: (orgId: string, lessonIds: readonly string[]) => Promise<Map<string, { document: string; headingPath: string[] }>>;
  logger: Pick<Logger, 'warn'>;
}

/**
 * A best result scoring below this counts as "no good answer" for the content-gap list: below every right answer
 * to the 89 questions of the relevance test (lowest: 1.24 with bm25 on SQLite, 0.93 with PostgreSQL's saturated,
 * idf-weighted ts_rank; measured over the handbook alone, where idf is lowest).
 */
const WEAK_SCORE = { sqlite: 1, postgres: 0.75 } as const;

/** Searches as someone types, this close together, are one question being written. */
const TYPING_SESSION_MS = 15_000;

/** Plain text of author Markdown, as a reader sees it: blocks on their own lines, inline markup gone without a trace. */
function plainOf(markdown: string): string {
  return decodeHTML(
    renderMarkdown(markdown)
      .replace(/<\/(?:p|li|h\d|blockquote|tr|pre|td|th)>|<br\s*\/?>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n+ */g, '\n')
    .trim();
}

/** FTS5 needs each word quoted (a word such as NOT or NEAR would be an operator); quotes inside are doubled. */
const quoteFts = (text: string) => `"${text.replace(/"/g, '""')}"`;

function ftsExpression(terms: readonly QueryTerm[]): string {
  return terms
    .map((term) => {
      const options = term.alternatives.map((alternative, k) => (k === 0 && term.prefix ? `${quoteFts(alternative)}*` : quoteFts(alternative)));
      return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`;
    })
    .join(' OR ');
}

/** Per word for PostgreSQL: its alternatives, the word being typed apart (as a prefix, not as a whole word). */
function pgTerms(terms: readonly QueryTerm[]): repo.PgTerm[] {
  return terms.map((term) => ({
    alternatives: term.alternatives.filter((_, k) => !(k === 0 && term.prefix)),
    ...(term.prefix && { prefix: term.word.replace(/[^\p{L}\p{N}]/gu, '') }),
  }));
}

/** Snippet text with the database's marks turned into offsets; the words searched for are highlighted too where the database did not mark them. */
function readSnippet(marked: string, terms: readonly QueryTerm[]): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  const highlights: [number, number][] = [];
  let open = -1;
  for (const char of marked.replace(/\s+/g, ' ')) {
    if (char === repo.MARK_START) open = snippet.length;
    else if (char === repo.MARK_END) {
      if (open >= 0 && snippet.length > open) highlights.push([open, snippet.length]);
      open = -1;
    } else snippet += char;
  }
  return { snippet: snippet.trim() === snippet ? snippet : snippet.trim(), highlights: highlights.length > 0 ? highlights : highlightRanges(snippet, terms) };
}

export function createSearchService({ db, dialect, clock, content, captionsText, sourcesOf, logger }: SearchDeps) {
  const now = () => clock.now().toISOString();
  /** Indexing started by saves and not finished yet. */
  const pending = new Set<Promise<void>>();

  async function synonymsOf(orgId: string): Promise<string[][]> {
    const row = await db.selectFrom('search_synonyms').select('groups').where('org_id', '=', orgId).executeTakeFirst();
    return row ? (JSON.parse(row.groups) as string[][]) : [];
  }

  /** The lessons a learner may find, each with a course to open it in: those of the course versions they are enrolled in. */
  async function learnerScope(actor: Extract<Actor, { kind: 'person' }>): Promise<Map<string, string>> {
    const enrolments = await db.selectFrom('enrolment').select(['course_id', 'course_version']).where('org_id', '=', actor.orgId).where('person_id', '=', actor.personId).execute();
    const scope = new Map<string, string>();
    for (const enrolment of enrolments) {
      const version = await content.findCourseVersion(actor.orgId, enrolment.course_id, enrolment.course_version);
      for (const module of version?.modules ?? []) for (const lesson of module.lessons) if (!scope.has(lesson.lessonId)) scope.set(lesson.lessonId, enrolment.course_id);
    }
    return scope;
  }

  /** Adds, to each word the index has never seen, the known word it most likely meant. */
  async function correctTypos(orgId: string, terms: QueryTerm[]): Promise<{ terms: QueryTerm[]; corrections: Map<string, string> }> {
    const known = await repo.knownTerms(db, orgId, terms.map((t) => t.word));
    const corrections = new Map<string, string>();
    const result: QueryTerm[] = [];
    for (const term of terms) {
      if (known.has(term.word) || term.prefix || allowedEdits(term.word) === 0 || /\d/.test(term.word)) {
        result.push(term);
        continue;
      }
      const fix = closestWord(term.word, await repo.termCandidates(db, dialect, orgId, term.word, allowedEdits(term.word)));
      if (fix) corrections.set(term.word, fix);
      result.push(fix ? { ...term, word: fix, alternatives: [fix, ...term.alternatives] } : term);
    }
    return { terms: result, corrections };
  }

  /** The question as asked, with each corrected word replaced: "how do I refnud?" → "how do I refund?". */
  function correctedQuestion(question: string, corrections: ReadonlyMap<string, string>): string | null {
    if (corrections.size === 0) return null;
    return question.replace(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu, (word) => corrections.get(foldWord(word)) ?? word);
  }

  /**
   * Logs a signed-in person's question for the content-gap list. Searches as they type, seconds apart, where one
   * text starts the other, are one question being written: the latest replaces the earlier, so half-typed questions
   * do not become gaps.
   */
  async function logQuestion(person: Extract<Actor, { kind: 'person' }>, entry: { query: string; normalized: string; results: readonly SearchResult[]; typing: boolean }): Promise<string> {
    const at = now();
    const values = { query: entry.query.slice(0, 500), normalized: entry.normalized.slice(0, 500), result_count: entry.results.length, top_lesson_id: entry.results[0]?.lessonId ?? null, top_score: entry.results[0]?.score ?? null, created_at: at };
    if (entry.typing) {
      const recent = await db
        .selectFrom('search_query')
        .select(['id', 'query'])
        .where('org_id', '=', person.orgId)
        .where('person_id', '=', person.personId)
        .where('created_at', '>=', new Date(clock.now().getTime() - TYPING_SESSION_MS).toISOString())
        .where('unhelpful_lesson_id', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      // The same question still being written: one text starts the other (typed on, or backspaced).
      const [a, b] = [recent?.query.trim().toLowerCase() ?? '', entry.query.trim().toLowerCase()];
      if (recent && a && (b.startsWith(a) || a.startsWith(b))) {
        await db.updateTable('search_query').set(values).where('id', '=', recent.id).execute();
        return recent.id;
      }
    }
    const id = newId();
    const team = await db.selectFrom('team_member').select('team_id').where('org_id', '=', person.orgId).where('person_id', '=', person.personId).orderBy('team_id').executeTakeFirst();
    await db.insertInto('search_query').values({ id, org_id: person.orgId, person_id: person.personId, team_id: team?.team_id ?? null, unhelpful_lesson_id: null, ...values }).execute();
    return id;
  }

  const service = {
    /** Indexes one lesson as it now is (its working copy, and its published revision if any); removes it when gone. */
    async indexLesson(orgId: string, lessonId: string): Promise<void> {
      const lesson = await db.selectFrom('lesson').selectAll().where('org_id', '=', orgId).where('id', '=', lessonId).executeTakeFirst();
      if (!lesson) {
        await repo.removeDocs(db, dialect, lessonId);
        return;
      }
      const objective = lesson.objective_id ? ((await db.selectFrom('objective').select('title').where('org_id', '=', orgId).where('id', '=', lesson.objective_id).executeTakeFirst())?.title ?? '') : '';
      const transcripts = new Map<string, string>();
      const fieldsOf = async (content: { title: string; coreQuestion: string; tags: string[]; blocks: Block[] }) => {
        for (const block of content.blocks) if ((block.type === 'video' || block.type === 'audio') && !transcripts.has(block.mediaId)) transcripts.set(block.mediaId, await captionsText(orgId, block.mediaId));
        return lessonSearchFields(content, objective, plainOf, (id) => transcripts.get(id) ?? '');
      };
      const draft = await fieldsOf({ title: lesson.title, coreQuestion: lesson.core_question, tags: JSON.parse(lesson.tags) as string[], blocks: JSON.parse(lesson.blocks) as Block[] });
      let published: typeof draft | undefined;
      if (lesson.published_revision !== null) {
        const snapshot = await db.selectFrom('lesson_revision').select('snapshot').where('org_id', '=', orgId).where('lesson_id', '=', lessonId).where('revision', '=', lesson.published_revision).orderBy('created_at', 'desc').executeTakeFirst();
        if (snapshot) {
          const s = JSON.parse(snapshot.snapshot) as { title: string; coreQuestion: string; tags: string[]; blocks: Block[] };
          published = await fieldsOf(s);
        }
      }
      await db.transaction().execute(async (trx) => {
        await repo.replaceDoc(trx, dialect, { orgId, lessonId, variant: 'draft', revision: lesson.revision, estimatedSeconds: lesson.estimated_seconds, fields: draft });
        if (published) await repo.replaceDoc(trx, dialect, { orgId, lessonId, variant: 'published', revision: lesson.published_revision!, estimatedSeconds: lesson.estimated_seconds, fields: published });
        else await repo.removeDocs(trx, dialect, lessonId, 'published');
        // Each distinct text once: a published revision is mostly the working copy.
        await repo.addTerms(trx, orgId, wordsOfText([...new Set([...Object.values(draft), ...Object.values(published ?? {})])].join('\n')));
      });
    },

    /** Indexes every lesson whose index is behind (or missing) and drops rows of deleted lessons; returns how many. */
    async reindexStale(orgId?: string): Promise<{ indexed: number; removed: number }> {
      const { missing, orphans } = await repo.findStaleLessons(db, orgId);
      for (const lesson of missing) {
        await service.indexLesson(lesson.org_id, lesson.id);
        // SQLite's driver never gives the event loop a turn: yield, so the server answers while a large library indexes.
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const lessonId of orphans) await repo.removeDocs(db, dialect, lessonId);
      return { indexed: missing.length, removed: orphans.length };
    },

    /** Reindexes after a change, logging (not throwing) a failure: the next `reindexStale` catches up. */
    lessonChanged(orgId: string, lessonId: string): void {
      // One at a time: an accepted import saves dozens of lessons at once.
      const previous = [...pending].at(-1) ?? Promise.resolve();
      const indexing = previous
        .then(() => service.indexLesson(orgId, lessonId))
        .catch((error: unknown) => logger.warn({ err: error, lessonId }, 'indexing a lesson for search failed; the next sweep retries'))
        .finally(() => pending.delete(indexing));
      pending.add(indexing);
    },

    /** Waits for the indexing that saves started (before the database closes: the CLI, tests, shutdown). */
    async settle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },

    /**
     * The lessons that best answer a question, best first. Learners: published lessons of their courses. Authors:
     * every published lesson, or (`drafts`) the working copies. Signed-in people's questions are logged for the
     * content-gap list.
     * @throws ForbiddenError for `drafts` without the author role.
     */
    async search(actor: Actor, query: SearchQuery): Promise<SearchResults> {
      const isAuthor = hasRole(actor, 'author') || (actor.kind === 'token' && actor.scopes.includes('content:read'));
      if (query.drafts) requireRole(actor, ['author'], 'content:read');
      const scope = isAuthor ? undefined : await learnerScope(requirePerson(actor));
      // Authors find everything; where they are enrolled too, results still name the course to play them in.
      const courses = scope ?? (actor.kind === 'person' ? await learnerScope(actor) : new Map<string, string>());
      const parsed = parseQuery(query.q, { synonyms: synonymMap(await synonymsOf(actor.orgId)), typing: query.typing === true });
      const { terms, corrections } = await correctTypos(actor.orgId, parsed);
      let results: SearchResult[] = [];
      if (terms.length > 0) {
        const rows = await repo.searchDocs(db, dialect, {
          orgId: actor.orgId,
          variant: query.drafts ? 'draft' : 'published',
          match: ftsExpression(terms),
          pgTerms: pgTerms(terms),
          ...(scope && { lessonIds: [...scope.keys()] }),
          limit: query.limit,
        });
        const sources = await sourcesOf(actor.orgId, rows.map((r) => r.lesson_id));
        results = rows.map((row) => {
          const source = sources.get(row.lesson_id);
          return {
            lessonId: row.lesson_id,
            title: row.title,
            coreQuestion: row.core_question,
            score: Math.round(Number(row.score) * 10_000) / 10_000,
            ...readSnippet(row.snippet ?? '', terms),
            estimatedSeconds: Math.round(Number(row.estimated_seconds)),
            courseId: courses.get(row.lesson_id) ?? null,
            ...(source && { source }),
          };
        });
      }
      // The studio's searches (drafts) are authors at work, not questions without an answer.
      const queryId =
        actor.kind === 'person' && !query.drafts ? await logQuestion(actor, { query: query.q, normalized: [...new Set(parsed.map((t) => t.word))].sort().join(' '), results, typing: query.typing === true }) : null;
      return { queryId, query: query.q, correctedQuery: correctedQuestion(query.q, corrections), results };
    },

    /**
     * "This did not answer my question", for a result of one's own search: the question joins the content gaps.
     * @throws NotFoundError for someone else's search.
     */
    async markUnhelpful(actor: Actor, feedback: SearchFeedback): Promise<void> {
      const person = requirePerson(actor);
      const result = await db.updateTable('search_query').set({ unhelpful_lesson_id: feedback.lessonId }).where('org_id', '=', person.orgId).where('person_id', '=', person.personId).where('id', '=', feedback.queryId).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('search', feedback.queryId);
    },

    /**
     * Questions learners asked that found no good answer (no result, a weak best result, or one marked unhelpful),
     * grouped by their words, most asked first, with the teams asking.
     */
    async contentGaps(actor: Actor, days: number): Promise<ContentGaps> {
      requireRole(actor, ['author'], 'content:read');
      const since = new Date(clock.now().getTime() - days * 86_400_000).toISOString();
      const rows = await db.selectFrom('search_query').selectAll().where('org_id', '=', actor.orgId).where('created_at', '>=', since).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50_000).execute();
      const teamNames = new Map((await db.selectFrom('team').select(['id', 'name']).where('org_id', '=', actor.orgId).execute()).map((t) => [t.id, t.name]));
      const weak = WEAK_SCORE[dialect];
      const groups = new Map<string, { question: string; example: string; asked: number; withoutAnswer: number; unhelpful: number; lastAskedAt: string; teams: Map<string | null, number> }>();
      for (const row of rows) {
        const isGap = row.result_count === 0 || (row.top_score !== null && Number(row.top_score) < weak) || row.unhelpful_lesson_id !== null;
        const group = groups.get(row.normalized) ?? { question: row.normalized, example: row.query, asked: 0, withoutAnswer: 0, unhelpful: 0, lastAskedAt: row.created_at, teams: new Map() };
        group.asked += 1;
        if (isGap && row.unhelpful_lesson_id === null) group.withoutAnswer += 1;
        if (row.unhelpful_lesson_id !== null) group.unhelpful += 1;
        if (isGap) group.teams.set(row.team_id, (group.teams.get(row.team_id) ?? 0) + 1);
        groups.set(row.normalized, group);
      }
      const gaps = [...groups.values()]
        .filter((g) => g.withoutAnswer + g.unhelpful > 0)
        .sort((a, b) => b.withoutAnswer + b.unhelpful - (a.withoutAnswer + a.unhelpful) || b.asked - a.asked || (a.lastAskedAt < b.lastAskedAt ? 1 : -1))
        .slice(0, 200)
        .map((g) => ({ ...g, teams: [...g.teams].map(([teamId, count]) => ({ teamId, name: teamId ? (teamNames.get(teamId) ?? 'A removed team') : 'No team', count })).sort((a, b) => b.count - a.count) }));
      return { days, gaps };
    },

    async getSynonyms(actor: Actor): Promise<SynonymGroups> {
      requireRole(actor, ['author'], 'content:read');
      return { groups: await synonymsOf(actor.orgId) };
    },

    /** Replaces the organisation's synonym groups; they apply to the next search (the index is unchanged). */
    async setSynonyms(actor: Actor, input: SynonymGroups): Promise<SynonymGroups> {
      requireRole(actor, ['author']);
      const groups = input.groups.map((group) => [...new Set(group.map((w) => w.trim()))]).filter((group) => group.length >= 2);
      const row = { org_id: actor.orgId, groups: JSON.stringify(groups), updated_at: now() };
      await db.insertInto('search_synonyms').values(row).onConflict((oc) => oc.column('org_id').doUpdateSet({ groups: row.groups, updated_at: row.updated_at })).execute();
      return { groups };
    },
  };
  return service;
}

export type SearchService = ReturnType<typeof createSearchService>;

/** The index's upkeep in this process: catch up at start, then every `intervalMs`. Returns a function that stops it. */
export function startSearchJobs(search: Pick<SearchService, 'reindexStale'>, logger: Pick<Logger, 'warn' | 'info'>, intervalMs = 300_000): () => void {
  const catchUp = async () => {
    const result = await search.reindexStale();
    if (result.indexed + result.removed > 0) logger.info(result, 'search index caught up');
  };
  return startPeriodic(catchUp, { intervalMs, firstDelayMs: 2_000, logger, failure: 'search index upkeep failed' });
}

