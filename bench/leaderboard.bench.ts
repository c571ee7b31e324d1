/**
 * `leaderboard` (issue 7): the organisation leaderboard of 100,000 learners whose ledger holds 10 million entries,
 * read through Morsel's service (`services.gamification.leaderboard`: the top 20 of the season, hidden and
 * deactivated people left out, anonymous ones without names, and the viewer's own rank), against a plain
 * `SELECT person_id, points FROM bench_totals ORDER BY points DESC LIMIT 20` over a precomputed totals table (one
 * row per person, an index on points) through the same database driver, in the same run. SQLite always; PostgreSQL
 * too when a server is given (`TEST_DATABASE_URL`, as `scripts/with-postgres.sh` sets, or `BENCH_DATABASE_URL`).
 *
 * The data is generated inside the database (a recursive CTE on SQLite, generate_series on PostgreSQL): 100,000
 * people in 50 teams, every 97th hidden and every 89th anonymous; 10 million ledger entries of 1–20 points spread
 * over the last 12 weeks, skewed (the most active people have many more than the least); the totals per person and season computed from the ledger, as the service keeps them.
 * `BENCH_LEADERBOARD_ENTRIES` makes a smaller ledger for a quick look (figures of a smaller ledger do not compare).
 *
 * How long it takes (2 cores): generating the ledger is most of it, a few minutes per database.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { seasonOf } from '../src/core/gamification/index.ts';
import { createDb, type Database, type DatabaseHandle, type Dialect } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { createFakeClock } from '../src/server/platform/clock.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { createServices } from '../src/server/services.ts';
import { withPgClient } from '../src/server/testing/test-database.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { type FigureTable, latencyFigures, ratioOf, round } from './lib/report.ts';
import { countFromEnv, POSTGRES_SKIPPED, postgresBaseFromEnv } from './lib/env.ts';

const PEOPLE = 100_000;
const ENTRIES = 10_000_000;
const TEAMS = 50;
const WEEKS = 12;
const QUERIES = 300;
const WARMUP = 30;
const LIMIT = 20;
/** "Now" for the run: the seasons are the 12 weeks before it. */
const NOW = '2026-11-25T12:00:00.000Z';

function latency(samples: readonly number[]) {
  return { ...latencyFigures(samples), queries: samples.length };
}

/** The week labels of the 12 weeks up to NOW (in UTC, the bench organisation's zone), oldest first, with a mid-week instant in each. */
function weeks(): { label: string; month: string; at: string }[] {
  const out = [];
  for (let k = WEEKS - 1; k >= 0; k--) {
    const at = new Date(Date.parse(NOW) - k * 7 * 86_400_000).toISOString();
    out.push({ label: seasonOf(at, 'weekly', 'UTC').label, month: seasonOf(at, 'monthly', 'UTC').label, at });
  }
  return out;
}

/** People, teams, the ledger and the totals, generated inside the database. */
async function seed(db: Kysely<Database>, dialect: Dialect, orgId: string, entries: number, log: (m: string) => void): Promise<void> {
  const now = NOW;
  const series = (n: number) => (dialect === 'sqlite' ? sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${sql.lit(n - 1)})` : sql``);
  const from = (n: number) => (dialect === 'sqlite' ? sql`FROM n` : sql`FROM generate_series(0, ${sql.lit(n - 1)}) AS n(i)`);
  // Numbers are written into the SQL (sql.lit): as parameters, better-sqlite3 would bind them as reals ('p' || 1.0).
  const text = (expression: ReturnType<typeof sql>) => (dialect === 'sqlite' ? sql`CAST(${expression} AS TEXT)` : sql`(${expression})::text`);
  let started = performance.now();
  await sql`${series(PEOPLE)} INSERT INTO person (id, org_id, email, display_name, preferred_channels, status, created_at, updated_at)
    SELECT 'p' || ${text(sql`i`)}, ${orgId}, 'p' || ${text(sql`i`)} || '@bench.test', 'Learner ' || ${text(sql`i`)}, '[]', 'active', ${now}, ${now} ${from(PEOPLE)}`.execute(db);
  await sql`${series(TEAMS)} INSERT INTO team (id, org_id, name, created_at, updated_at) SELECT 't' || ${text(sql`i`)}, ${orgId}, 'Team ' || ${text(sql`i`)}, ${now}, ${now} ${from(TEAMS)}`.execute(db);
  await sql`${series(PEOPLE)} INSERT INTO team_member (org_id, team_id, person_id, role, created_at) SELECT ${orgId}, 't' || ${text(sql`i % ${sql.lit(TEAMS)}`)}, 'p' || ${text(sql`i`)}, 'member', ${now} ${from(PEOPLE)}`.execute(db);
  await sql`${series(PEOPLE)} INSERT INTO gamification_person (person_id, org_id, leaderboard_visibility, updated_at)
    SELECT 'p' || ${text(sql`i`)}, ${orgId}, CASE WHEN i % 97 = 0 THEN 'hidden' ELSE 'anonymous' END, ${now} ${from(PEOPLE)} WHERE i % 97 = 0 OR i % 89 = 0`.execute(db);
  log(`  people, teams, choices: ${Math.round(performance.now() - started)} ms`);

  // The ledger: entry i in week i mod 12, worth 1–20 points.
  started = performance.now();
  const plan = weeks();
  const chunk = 1_000_000;
  for (let offset = 0; offset < entries; offset += chunk) {
    const n = Math.min(chunk, entries - offset);
    // Entries come person by person (fast to index: neighbouring keys), more for the first people than the last, as
    // real activity is skewed: entry i goes to person ⌊PEOPLE × (i / entries)²⌋.
    // In 64-bit integers (floor division), the same on both databases: j² ÷ ⌈entries² ÷ PEOPLE⌉, always < PEOPLE.
    const j = dialect === 'sqlite' ? sql`(i + ${sql.lit(offset)})` : sql`(i + ${sql.lit(offset)})::bigint`;
    const person = sql`(${j} * ${j} / ${sql.lit(Math.ceil((entries * entries) / PEOPLE))})`;
    const week = (column: 'label' | 'month' | 'at') => sql.raw(`CASE (i % ${WEEKS}) ${plan.map((w, k) => `WHEN ${k} THEN '${w[column]}'`).join(' ')} END`);
    await sql`${series(n)} INSERT INTO points_entry (id, org_id, person_id, award_key, points, reason, source_kind, source_id, season_week, season_month, created_at)
      SELECT 'e' || ${text(sql`i + ${sql.lit(offset)}`)}, ${orgId}, 'p' || ${text(person)}, 'bench:' || ${text(sql`i + ${sql.lit(offset)}`)},
        1 + ((i + ${sql.lit(offset)}) * 31) % 20, 'lesson_completed', 'lesson', 'bench', ${week('label')}, ${week('month')}, ${week('at')} ${from(n)}`.execute(db);
    log(`  ledger: ${(offset + n).toLocaleString('en-GB')} entries, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  started = performance.now();
  await sql`INSERT INTO points_total (org_id, person_id, season, points, shown) SELECT org_id, person_id, 'all', sum(points), 1 FROM points_entry GROUP BY org_id, person_id`.execute(db);
  await sql`INSERT INTO points_total (org_id, person_id, season, points, shown) SELECT org_id, person_id, season_week, sum(points), 1 FROM points_entry GROUP BY org_id, person_id, season_week`.execute(db);
  await sql`INSERT INTO points_total (org_id, person_id, season, points, shown) SELECT org_id, person_id, season_month, sum(points), 1 FROM points_entry GROUP BY org_id, person_id, season_month`.execute(db);
  await sql`UPDATE points_total SET shown = 0 WHERE person_id IN (SELECT person_id FROM gamification_person WHERE leaderboard_visibility = 'hidden')`.execute(db);
  await sql`INSERT INTO points_wallet (person_id, org_id, balance, updated_at) SELECT person_id, org_id, points, ${now} FROM points_total WHERE season = 'all'`.execute(db);
  // The reference: a precomputed totals table, one row per person, indexed on points.
  await sql`CREATE TABLE bench_totals (person_id text PRIMARY KEY, points integer NOT NULL)`.execute(db);
  await sql`INSERT INTO bench_totals (person_id, points) SELECT person_id, points FROM points_total WHERE season = 'all'`.execute(db);
  await sql`CREATE INDEX bench_totals_points_idx ON bench_totals (points DESC)`.execute(db);
  // As a database in use would be: statistics up to date and, on PostgreSQL, the visibility map set (autovacuum's work), so
  // counting over an index does not visit the table.
  await sql.raw(dialect === 'sqlite' ? 'ANALYZE' : 'VACUUM ANALYZE').execute(db);
  log(`  totals: ${Math.round(performance.now() - started)} ms`);
}

interface Measured {
  label: string;
  morselAll: number[];
  morselSeason: number[];
  plain: number[];
  sizeMb: number | null;
  seedS: number;
}

async function measureOn(dialect: Dialect, handle: DatabaseHandle, dataDir: string, entries: number, log: (m: string) => void, failures: string[]): Promise<Measured> {
  const { db } = handle;
  await migrateToLatest(db);
  const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'bench-secret-key-that-is-long-enough-0123456789', PUBLIC_URL: 'http://bench.test', NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const clock = createFakeClock(NOW);
  const services = createServices(config, handle, pino({ level: 'silent' }), clock);
  const { organisation } = await services.identity.createOrganisation({ name: 'Bench', slug: 'bench', timeZone: 'UTC' });
  const started = performance.now();
  await seed(db, dialect, organisation.id, entries, log);
  const seedS = (performance.now() - started) / 1000;

  const viewer = (k: number) => ({ kind: 'person' as const, orgId: organisation.id, personId: `p${(k * 4391) % PEOPLE}`, roles: ['learner' as const], sessionId: null });
  const plainQuery = () => sql<{ person_id: string; points: number }>`SELECT person_id, points FROM bench_totals ORDER BY points DESC LIMIT ${LIMIT}`.execute(db);
  const result: Measured = { label: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL', morselAll: [], morselSeason: [], plain: [], sizeMb: null, seedS };
  const time = async (action: () => Promise<unknown>) => {
    const t = performance.now();
    await action();
    return performance.now() - t;
  };
  for (let k = 0; k < WARMUP; k++) {
    await services.gamification.leaderboard(viewer(k), { scope: 'organisation', season: 'all', limit: LIMIT });
    await plainQuery();
  }
  // Taking turns, query by query, so both see the same moments of the machine.
  for (let k = 0; k < QUERIES; k++) {
    result.morselAll.push(await time(() => services.gamification.leaderboard(viewer(k + WARMUP), { scope: 'organisation', season: 'all', limit: LIMIT })));
    result.morselSeason.push(await time(() => services.gamification.leaderboard(viewer(k + WARMUP), { scope: 'organisation', season: 'current', limit: LIMIT })));
    result.plain.push(await time(plainQuery));
  }
  // The answer is right: the top of the board is the top of the totals, less hidden people.
  const board = await services.gamification.leaderboard(viewer(1), { scope: 'organisation', season: 'all', limit: LIMIT });
  const top = (await sql<{ person_id: string; points: number }>`SELECT person_id, points FROM bench_totals WHERE person_id NOT IN (SELECT person_id FROM gamification_person WHERE leaderboard_visibility = 'hidden') ORDER BY points DESC, person_id LIMIT ${LIMIT}`.execute(db)).rows;
  if (board.rows.length !== LIMIT || board.rows.some((row, k) => row.points !== Number(top[k]?.points))) failures.push(`${result.label}: the board's points differ from the totals' top ${LIMIT}`);
  if (board.viewer === null) failures.push(`${result.label}: the viewer has no rank`);
  await services.gamification.settle();
  return result;
}

export const leaderboard: Benchmark = {
  name: 'leaderboard',
  description: 'Organisation leaderboard of 100,000 learners over a 10-million-entry ledger (SQLite, PostgreSQL): p95 vs a plain SELECT … ORDER BY … LIMIT over a totals table',
  async run({ log }) {
    const loadBefore = loadavg()[0] ?? 0;
    const failures: string[] = [];
    const entries = countFromEnv('BENCH_LEADERBOARD_ENTRIES', ENTRIES, PEOPLE);
    const measured: Measured[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'morsel-bench-leaderboard-'));
    try {
      log('SQLite…');
      const sqliteFile = join(dataDir, 'bench.sqlite');
      const sqlite = createDb({ sqliteFile });
      try {
        const m = await measureOn('sqlite', sqlite, dataDir, entries, log, failures);
        m.sizeMb = round(statSync(sqliteFile).size / 1_048_576, 0);
        measured.push(m);
      } finally {
        await sqlite.destroy();
      }
      const pgBase = postgresBaseFromEnv();
      if (pgBase) {
        log('PostgreSQL…');
        const name = `morsel_bench_leaderboard_${Date.now()}`;
        await withPgClient(pgBase, (client) => client.query(`create database ${name}`));
        const url = new URL(pgBase);
        url.pathname = `/${name}`;
        const pg = createDb({ databaseUrl: url.toString(), sqliteFile: '', poolSize: 4 });
        try {
          measured.push(await measureOn('postgres', pg, dataDir, entries, log, failures));
        } finally {
          await pg.destroy();
          await withPgClient(pgBase, (client) => client.query(`drop database if exists ${name} with (force)`));
        }
      } else log(POSTGRES_SKIPPED);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }

    const metrics: FigureTable = {};
    const reference: FigureTable = {};
    const ratios: Record<string, number | null> = {};
    for (const m of measured) {
      metrics[`${m.label}: organisation board, all time (top ${LIMIT} + viewer's rank)`] = latency(m.morselAll);
      metrics[`${m.label}: organisation board, this week`] = latency(m.morselSeason);
      reference[`${m.label}: SELECT … FROM bench_totals ORDER BY points DESC LIMIT ${LIMIT}`] = latency(m.plain);
      ratios[`${m.label} p95: all-time board ÷ plain select`] = ratioOf(latency(m.morselAll).p95Ms, latency(m.plain).p95Ms);
      ratios[`${m.label} p95: this week's board ÷ plain select`] = ratioOf(latency(m.morselSeason).p95Ms, latency(m.plain).p95Ms);
    }
    const headline = measured.map((m) => ratioOf(latency(m.morselAll).p95Ms, latency(m.plain).p95Ms)).filter((r): r is number => r !== null);
    return {
      metrics,
      reference,
      ratio: headline.length > 0 ? Math.max(...headline) : null,
      ratios,
      aim: 'issue 7 asks for the p95 read time against a plain SELECT … ORDER BY … LIMIT over a precomputed totals table, and sets no ratio: reported, not judged (headline: the worse database, all-time board)',
      context: {
        data: `${PEOPLE.toLocaleString('en-GB')} people in ${TEAMS} teams (every 97th hidden, every 89th anonymous), ${entries.toLocaleString('en-GB')} ledger entries over ${WEEKS} weeks${entries === ENTRIES ? '' : ' (BENCH_LEADERBOARD_ENTRIES: not the benchmark’s ledger)'}`,
        queries: `${WARMUP} warm-up, then ${QUERIES} of each, taking turns; each Morsel query by a different viewer (their rank is counted)`,
        'seed s': measured.map((m) => `${m.label} ${round(m.seedS, 0)}`).join(', '),
        'SQLite file MB': measured[0]?.sizeMb ?? null,
        'load average (1 min) before → after': `${round(loadBefore, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
      },
      failures,
    };
  },
};
