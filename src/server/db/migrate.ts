import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as identity0001 from './migrations/0001-identity.ts';
import * as content0002 from './migrations/0002-content.ts';
import * as media0003 from './migrations/0003-media.ts';
import * as learning0004 from './migrations/0004-learning.ts';
import * as assessment0005 from './migrations/0005-assessment.ts';
import * as outbox0006 from './migrations/0006-outbox.ts';
import * as campaigns0007 from './migrations/0007-campaigns.ts';
import * as completionIndexes0008 from './migrations/0008-completion-indexes.ts';
import * as import0009 from './migrations/0009-import.ts';
import * as search0010 from './migrations/0010-search.ts';
import * as searchRanking0011 from './migrations/0011-search-ranking.ts';
import * as gamification0012 from './migrations/0012-gamification.ts';
import * as streakCheckpoint0013 from './migrations/0013-streak-checkpoint.ts';
import * as lrs0014 from './migrations/0014-lrs.ts';
import * as xapiDocuments0015 from './migrations/0015-xapi-documents.ts';
import * as ownStatements0016 from './migrations/0016-own-statements.ts';
import * as businessMetrics0017 from './migrations/0017-business-metrics.ts';
import * as lessonBlockProgress0018 from './migrations/0018-lesson-block-progress.ts';
import * as privacyRequests0019 from './migrations/0019-privacy-requests.ts';
import * as lessonExperienced0020 from './migrations/0020-lesson-experienced.ts';
import * as auditLog0021 from './migrations/0021-audit-log.ts';

/** Every migration, in order. Released ones are frozen: add a new file, never edit an old one. */
const migrations: Record<string, Migration> = {
  '0001-identity': identity0001,
  '0002-content': content0002,
  '0003-media': media0003,
  '0004-learning': learning0004,
  '0005-assessment': assessment0005,
  '0006-outbox': outbox0006,
  '0007-campaigns': campaigns0007,
  '0008-completion-indexes': completionIndexes0008,
  '0009-import': import0009,
  '0010-search': search0010,
  '0011-search-ranking': searchRanking0011,
  '0012-gamification': gamification0012,
  '0013-streak-checkpoint': streakCheckpoint0013,
  '0014-lrs': lrs0014,
  '0015-xapi-documents': xapiDocuments0015,
  '0016-own-statements': ownStatements0016,
  '0017-business-metrics': businessMetrics0017,
  '0018-lesson-block-progress': lessonBlockProgress0018,
  '0019-privacy-requests': privacyRequests0019,
  '0020-lesson-experienced': lessonExperienced0020,
  '0021-audit-log': auditLog0021,
};

/** Runs one move of the migrator. @throws Error with the failing migration's name when one fails (nothing of it is applied). */
async function move(db: Kysely<any>, step: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const result = await step(new Migrator({ db, provider: { getMigrations: async () => migrations } }));
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(result.error as Error).message ?? String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Brings the schema up to date. Safe to call from several processes at once: Kysely takes a lock.
 * @throws Error with the failing migration's name when one fails (nothing of it is applied).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return move(db, (migrator) => migrator.migrateToLatest());
}

/**
 * Moves the schema up or down to the named migration (the `down` functions undo later ones): for upgrade tests that
 * start from an earlier release's schema, and for an operator taking a release back by hand.
 * @throws Error for an unknown name, or with the failing migration's name when one fails.
 */
export async function migrateTo(db: Kysely<any>, name: string): Promise<string[]> {
  if (!(name in migrations)) throw new Error(`There is no migration ${name}.`);
  return move(db, (migrator) => migrator.migrateTo(name));
}
