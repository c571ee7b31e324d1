/**
 * Morsel writes its own learning records as xAPI statements into its LRS (issue 8): a lesson launched, completed and
 * rated, every answer, a finished check (scored, passed or failed), a certification earned. The statements are built
 * by the pure builders of core/xapi/morsel-statements.ts; their authority is Morsel itself.
 *
 * Reliability as in gamification: statements are derived from what the learning module committed, never from the
 * request that caused it. After a learner's answer, completion or review, `schedule` writes that person's recent
 * records in the background; `sweep` (at start and every minute) writes every record since its cursor, less an
 * overlap, so a record whose statements a crash kept from being written is written later. Every statement's id is
 * deterministic, and statements already stored are left out before writing, so each is written exactly once however
 * often a record is read again (and the LRS takes a same-content statement sent twice by two writers without change).
 */
import type { Logger } from 'pino';
import { parseStatement, type Statement } from '../../../core/xapi/index.ts';
import { type MorselRecord, morselAuthority, statementsOf } from '../../../core/xapi/morsel-statements.ts';
import type { Db } from '../../db/database.ts';
import { chunks } from '../../db/chunks.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { LearningService } from '../learning/index.ts';
import * as repo from './lrs.repository.ts';
import type { LrsService, LrsWriter } from './lrs.service.ts';
import { findCursor, setCursor } from './own-statements.repository.ts';
import { startPeriodic } from '../../platform/periodic.ts';

export interface OwnStatementsDeps {
  db: Db;
  clock: Clock;
  lrs: Pick<LrsService, 'store'>;
  learning: Pick<LearningService, 'xapiRecordsSince' | 'firstXapiRecordAt'>;
  logger: Pick<Logger, 'warn'>;
  /** PUBLIC_URL: the home of the learners' accounts and of every activity IRI. */
  publicUrl: string;
}

/** How far back a read goes again: a transaction that committed late (its rows dated earlier) is still seen. */
const OVERLAP_MS = 10 * 60_000;
/** Statements per LRS batch (the LRS takes up to 1000). */
const BATCH_SIZE = 500;
/** Statement ids per lookup of what is stored (both databases cap bound parameters). */
const LOOKUP_SIZE = 500;
const CURSOR = 'statements';
/**
 * The stretch of time a sweep reads at once: the first sweep of a database with years of history (or one after a long
 * outage) reads it a day at a time, moving its cursor after each, not all of it into memory at once.
 */
const WINDOW_MS = 24 * 60 * 60_000;

export function createOwnStatements({ db, clock, lrs, learning, logger, publicUrl }: OwnStatementsDeps) {
  const site = { publicUrl };
  const authority = morselAuthority(site);
  /** Per person, the write running now, so two writes of one person's records do not race each other. */
  const running = new Map<string, Promise<number>>();
  /** Writes started in the background (after a learner's answer), so closing can wait for them. */
  const background = new Set<Promise<unknown>>();

  /** Runs a task in the background (logged when it fails: the sweep writes it later), so closing can wait for it. */
  function inBackground(task: Promise<unknown>, context: Record<string, unknown>): void {
    const tracked = task.catch((error: unknown) => logger.warn({ err: error, ...context }, 'writing own xAPI statements failed; the sweep will catch up'));
    background.add(tracked);
    void tracked.finally(() => background.delete(tracked));
  }

  /** The statements of records that are valid xAPI; one that is not (it should not happen) is logged and left out. */
  function validStatementsOf(orgId: string, records: readonly MorselRecord[]): Statement[] {
    const statements: Statement[] = [];
    for (const record of records) {
      for (const statement of statementsOf(site, record)) {
        const parsed = parseStatement(statement);
        if (parsed.ok) statements.push(statement);
        else logger.warn({ orgId, kind: record.kind, statementId: statement.id, issues: parsed.issues }, 'an own xAPI statement is not valid; left out');
      }
    }
    return statements;
  }

  /** Of the statements, those the organisation's LRS does not hold yet. */
  async function notYetStored(orgId: string, statements: readonly Statement[]): Promise<Statement[]> {
    const stored = new Set<string>();
    for (const ids of chunks(statements.map((statement) => statement.id!), LOOKUP_SIZE)) {
      for (const row of await repo.findStatements(db, orgId, ids)) stored.add(row.id);
    }
    return statements.filter((statement) => !stored.has(statement.id!));
  }

  /**
   * Stores a batch, all or none. When the LRS refuses it (an AppError: say, a statement stored meanwhile with other
   * content) or another writer stored one of its statements first (a unique violation), stores its statements one
   * by one, so one of them does not keep the others out; a single statement refused is logged and left out. Any other
   * failure (the database is away…) is thrown, so a sweep fails before it moves its cursor and the next one tries again.
   * @returns how many statements it stored.
   */
  async function storeBatch(writer: LrsWriter, batch: Statement[]): Promise<number> {
    try {
      await lrs.store(writer, batch);
      return batch.length;
    } catch (error) {
      const refused = error instanceof AppError;
      if (!refused && !isUniqueViolation(error)) throw error;
      if (batch.length > 1) {
        let stored = 0;
        for (const statement of batch) stored += await storeBatch(writer, [statement]);
        return stored;
      }
      // A unique violation of one statement: another writer stored it a moment ago, which is all this one wanted.
      if (refused) logger.warn({ err: error, orgId: writer.orgId, statementId: batch[0]!.id }, 'the LRS refused an own xAPI statement; left out');
      return 0;
    }
  }

  /** Writes the statements of one organisation's records that are not stored yet; returns how many it stored. */
  async function writeRecords(orgId: string, records: readonly MorselRecord[]): Promise<number> {
    const missing = await notYetStored(orgId, validStatementsOf(orgId, records));
    const writer: LrsWriter = { orgId, authority };
    let stored = 0;
    for (const batch of chunks(missing, BATCH_SIZE)) stored += await storeBatch(writer, batch);
    return stored;
  }

  /** Writes what one person's records since `since` say; calls for the same person run one after the other. */
  async function writePerson(orgId: string, personId: string, since: string): Promise<number> {
    const key = `${orgId}:${personId}`;
    const previous = running.get(key) ?? Promise.resolve(0);
    const next = previous
      .catch(() => 0)
      .then(async () => {
        let stored = 0;
        for (const group of await learning.xapiRecordsSince(since, { orgId, personId })) stored += await writeRecords(group.orgId, group.records);
        return stored;
      });
    running.set(key, next);
    try {
      return await next;
    } finally {
      if (running.get(key) === next) running.delete(key);
    }
  }

  return {
    /**
     * Writes a person's records of the last few minutes as statements, in the background: the learner's request does
     * not wait for it. A failure is logged; the sweep writes them later.
     */
    schedule(orgId: string, personId: string): void {
      inBackground(writePerson(orgId, personId, new Date(clock.now().getTime() - OVERLAP_MS).toISOString()), { orgId, personId });
    },

    /** Writes a person's records since an instant (default: the last few minutes) now. @returns how many statements it stored. */
    async writePerson(orgId: string, personId: string, since?: string): Promise<number> {
      return writePerson(orgId, personId, since ?? new Date(clock.now().getTime() - OVERLAP_MS).toISOString());
    },

    /**
     * Writes every record since the cursor (less the overlap), in every organisation, a day at a time, moving the
     * cursor after each day and at last to when it started. The first sweep of a database writes the whole history
     * (from its oldest record); one that stops half-way carries on from the last day it finished.
     * @returns how many statements it stored.
     */
    async sweep(): Promise<number> {
      const end = clock.now().toISOString();
      const cursor = await findCursor(db, CURSOR);
      let from = cursor ? new Date(Date.parse(cursor) - OVERLAP_MS).toISOString() : await learning.firstXapiRecordAt();
      let stored = 0;
      const write = async (since: string, until?: string) => {
        for (const group of await learning.xapiRecordsSince(since, undefined, until)) stored += await writeRecords(group.orgId, group.records);
      };
      if (from !== null) {
        for (let until = addMs(from, WINDOW_MS); until < end; from = until, until = addMs(from, WINDOW_MS)) {
          await write(from, until);
          await setCursor(db, CURSOR, until);
        }
        // The last stretch has no end: whatever is dated up to now, and later (a clock a little ahead), is read too.
        await write(from);
      }
      await setCursor(db, CURSOR, end);
      return stored;
    },

    /** Resolves when every background write started so far has finished. */
    async settle(): Promise<void> {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}

export type OwnStatements = ReturnType<typeof createOwnStatements>;

function addMs(instant: string, ms: number): string {
  return new Date(Date.parse(instant) + ms).toISOString();
}

/** Own statements' upkeep in this process: a sweep at start and every `intervalMs`. Returns a function that stops it. */
export function startOwnStatementJobs(ownStatements: Pick<OwnStatements, 'sweep'>, logger: Pick<Logger, 'warn'>, intervalMs = 60_000): () => void {
  return startPeriodic(() => ownStatements.sweep(), { intervalMs, firstDelayMs: 3_000, logger, failure: 'own xAPI statements sweep failed' });
}
