import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { AnalyticsTables } from '../modules/analytics/analytics.table.ts';
import type { ContentTables } from '../modules/content/content.table.ts';
import type { DeliveryTables } from '../modules/delivery/delivery.table.ts';
import type { GamificationTables } from '../modules/gamification/gamification.table.ts';
import type { IdentityTables } from '../modules/identity/identity.table.ts';
import type { PrivacyTables } from '../modules/identity/privacy.table.ts';
import type { AuditTables } from '../modules/identity/audit.table.ts';
import type { ImportTables } from '../modules/import/import.table.ts';
import type { LearningTables } from '../modules/learning/learning.table.ts';
import type { XapiDocumentTables } from '../modules/lrs/documents.table.ts';
import type { LrsTables } from '../modules/lrs/lrs.table.ts';
import type { OwnStatementsTables } from '../modules/lrs/own-statements.table.ts';
import type { MediaTables } from '../modules/media/media.table.ts';
import type { SearchTables } from '../modules/search/search.table.ts';

/** Every table, composed from the modules that own them. */
export interface Database extends AnalyticsTables, IdentityTables, ContentTables, MediaTables, LearningTables, DeliveryTables, ImportTables, SearchTables, GamificationTables, LrsTables, XapiDocumentTables, OwnStatementsTables, PrivacyTables, AuditTables {}

export type Db = Kysely<Database> | Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Answers whether the database takes a trivial query right now. */
  ping(): Promise<boolean>;
  destroy(): Promise<void>;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, otherwise the SQLite file (created with its
 * folder, WAL mode, foreign keys on).
 */
export function createDb(options: { databaseUrl?: string | undefined; sqliteFile: string; poolSize?: number }): DatabaseHandle {
  if (options.databaseUrl) {
    // JIT compilation pays off for long analytical queries, not for Morsel's short ones: a query whose estimated cost
    // crosses the threshold (an LRS page for a busy agent) spent more time compiling than running.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: '-c jit=off' });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', ping: () => pingDb(db), destroy: () => db.destroy() };
  }
  if (options.sqliteFile !== ':memory:') mkdirSync(dirname(options.sqliteFile), { recursive: true });
  const sqlite = new SQLite(options.sqliteFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', ping: () => pingDb(db), destroy: () => db.destroy() };
}

/**
 * Kysely prepares every query anew, and preparing costs about eight times running (measured: 21.7 µs against
 * 2.6 µs). Queries are parametrised, so their SQL text repeats: keep the prepared statements. Reusing one is
 * safe because Kysely's SQLite driver runs one query at a time on its single connection.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 1000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        // `in (?, ?, …)` lists make new texts; forget the oldest rather than grow without bound.
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

async function pingDb(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
