/**
 * Upgrades (issue 9): a database at the previous release's schema, full of data, is migrated to this release's, and
 * loses nothing and works. The previous release is the last one that landed; its schema is reached by migrating a
 * demo database (people, lessons, courses, enrolments, answers, review items, checks, a certification, points, badges,
 * LRS statements, business metrics) down to its last migration with this release's `down` functions, which are
 * tested on the way. Then the data is counted, the schema brought up to date, the counts compared table by table,
 * and the services used on the upgraded database: a learner answers, Brian reads his board and his outcome, the LRS
 * answers a query.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_LAUNCH_CERTIFICATION, DEMO_WIN_RATE_METRIC } from '../demo/demo-outcomes.ts';
import { seedDemo } from '../demo/demo-seed.ts';
import { systemActor } from '../modules/identity/index.ts';
import { createTestContext, type TestContext } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';
import type { Dialect } from './database.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';

/** The last migration of the previous release (stop 19). Move it forward when a release lands. */
const PREVIOUS_RELEASE = '0017-business-metrics';

async function tablesOf(ctx: TestContext, dialect: Dialect): Promise<string[]> {
  const db = ctx.services.database.db;
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and name not like 'kysely_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
  return rows.rows.map((row) => row.name).sort();
}

async function countsOf(ctx: TestContext, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.services.database.db);
    counts[table] = Number(row.rows[0]!.n);
  }
  return counts;
}

describe.each(testDialects)('upgrading a database of the previous release on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('migrates it with its data to this release, losing nothing, and the product works on it', async () => {
    const demo = await seedDemo(ctx.services);
    const orgId = demo.organisation.id;
    await ctx.services.ownStatements.sweep();
    await ctx.services.gamification.settle();
    const latestTables = await tablesOf(ctx, dialect);

    // Back to the previous release's schema: this release's `down` functions run, with data in the tables.
    const undone = await migrateTo(ctx.services.database.db, PREVIOUS_RELEASE);
    const previousTables = await tablesOf(ctx, dialect);
    expect(previousTables.length).toBeGreaterThan(30);
    const before = await countsOf(ctx, previousTables);
    expect(before.person).toBeGreaterThanOrEqual(45);
    expect(before.attempt).toBeGreaterThan(0);
    expect(before.points_entry).toBeGreaterThan(0);
    expect(before.xapi_statement).toBeGreaterThan(0);
    expect(before.certification_award).toBeGreaterThan(0);
    expect(before.business_metric).toBeGreaterThan(0);

    // The upgrade: every migration of this release applied, every table there again, no row lost or added.
    const applied = await migrateToLatest(ctx.services.database.db);
    expect(applied).toEqual([...undone].reverse());
    expect(await tablesOf(ctx, dialect)).toEqual(latestTables);
    expect(await countsOf(ctx, previousTables)).toEqual(before);

    // The product works on it.
    const system = systemActor(orgId);
    const people = await ctx.services.identity.listPeople(system, { status: 'active', limit: 100 });
    const brian = people.items.find((p) => p.displayName === 'Brian Okafor')!;
    const asBrian = { kind: 'person' as const, orgId, personId: brian.id, roles: ['manager' as const, 'learner' as const], sessionId: null };
    const board = await ctx.services.gamification.leaderboard(asBrian, { scope: 'team', season: 'current', limit: 20 });
    expect(board.rows.length).toBeGreaterThanOrEqual(10);
    const certification = (await ctx.services.certifications.list(system)).find((c) => c.title === DEMO_LAUNCH_CERTIFICATION)!;
    const outcome = await ctx.services.analytics.outcome(asBrian, { metric: DEMO_WIN_RATE_METRIC, certificationId: certification.id });
    expect(outcome.differenceInDifferences.estimate).toBeGreaterThan(0);

    // A learner with a lesson still to play answers its first question, and it becomes a statement.
    const statementsBefore = (await countsOf(ctx, ['xapi_statement'])).xapi_statement!;
    let answered = false;
    for (const person of people.items.filter((p) => p.roles.includes('learner') && !p.roles.includes('manager'))) {
      const asLearner = { kind: 'person' as const, orgId, personId: person.id, roles: ['learner' as const], sessionId: null };
      const course = (await ctx.services.learning.today(asLearner)).courses.find((c) => c.nextLesson !== null);
      if (!course) continue;
      const lesson = await ctx.services.learning.lesson(asLearner, course.courseId, course.nextLesson!.lessonId);
      const block = lesson.blocks.find((b) => b.type === 'question' && (b.question as { kind: string }).kind === 'true_false');
      if (!block) continue;
      const result = await ctx.services.learning.submitAttempt(asLearner, { courseId: course.courseId, lessonId: course.nextLesson!.lessonId, questionId: String(block.id), response: { kind: 'true_false', value: true }, timeTakenMs: 4000, clientId: randomUUID() });
      expect(typeof result.correct).toBe('boolean');
      answered = true;
      break;
    }
    expect(answered).toBe(true);
    await ctx.services.ownStatements.settle();
    await ctx.services.ownStatements.sweep();
    expect((await countsOf(ctx, ['xapi_statement'])).xapi_statement).toBeGreaterThan(statementsBefore);
  });
});
