import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './lib/benchmark.ts';
import { startReference } from './lib/reference.ts';
import { type LoadTarget, loadFigures, measureInTurn } from './lib/http-load.ts';
import { startMorsel } from './lib/morsel-server.ts';
import { ratioOf, round } from './lib/report.ts';

const AIM_RATIO = 0.35;

const ROWS = {
  me: 'GET /api/me (Morsel, signed in)',
  bare: 'GET /json (bare Fastify)',
  row: 'GET /row (Fastify + 1 prepared better-sqlite3 row)',
} as const;

/**
 * `me-route`: the authenticated read every page of the web app makes, `GET /api/me` with a session cookie,
 * on the real Morsel server, next to two reference servers measured in the same run on the same machine:
 * a bare Fastify JSON route (the ceiling) and a Fastify route reading one row through a prepared
 * better-sqlite3 statement (the least a database-backed route does). Each server runs in its own process;
 * autocannon, in this process, loads one at a time (`--rounds N` takes turns N times; medians reported).
 */
export const meRoute: Benchmark = {
  name: 'me-route',
  description: 'GET /api/me (session cookie) vs a bare Fastify route and a Fastify route reading one prepared SQLite row',
  async run(context) {
    const { log, load, rootDir } = context;
    const loadBefore = loadavg()[0] ?? 0;
    const stops: (() => Promise<void>)[] = [];
    try {
      // Three servers, each in its own process; they sit idle while another is loaded.
      const morsel = await startMorsel({ rootDir, log });
      stops.push(() => morsel.close());
      const bare = await startReference(context, 'bare-fastify', 'bench/reference/bare-fastify.ts');
      stops.push(() => bare.stop());
      const row = await startReference(context, 'prepared-row', 'bench/reference/prepared-row.ts');
      stops.push(() => row.stop());

      const targets: LoadTarget[] = [
        { label: ROWS.me, url: `${morsel.server.url}/api/me`, headers: { cookie: morsel.cookie } },
        { label: ROWS.bare, url: `${bare.url}/json` },
        { label: ROWS.row, url: `${row.url}/row` },
      ];
      const [meBytes, bareBytes, rowBytes] = [
        await checkOnce(targets[0]!, (body) => {
          const info = body as { person?: { email?: string } };
          if (info.person?.email !== morsel.session.person.email) throw new Error(`GET /api/me answered someone else: ${JSON.stringify(body).slice(0, 200)}`);
        }),
        await checkOnce(targets[1]!),
        await checkOnce(targets[2]!),
      ];

      const [me, bareResult, rowResult] = await measureInTurn(targets, load, log);
      if (!me || !bareResult || !rowResult) throw new Error('missing load result');

      const ratio = ratioOf(me.reqPerSec, rowResult.reqPerSec);
      const perRound = me.rounds.map((r, i) => ratioOf(r.reqPerSec, rowResult.rounds[i]?.reqPerSec));
      return {
        metrics: { [ROWS.me]: { ...loadFigures(me), bytesPerResponse: meBytes } },
        reference: {
          [ROWS.bare]: { ...loadFigures(bareResult), bytesPerResponse: bareBytes },
          [ROWS.row]: { ...loadFigures(rowResult), bytesPerResponse: rowBytes },
        },
        ratio,
        ratios: {
          'me/prepared-row req/s': ratio,
          'me/bare req/s': ratioOf(me.reqPerSec, bareResult.reqPerSec),
          'prepared-row/bare req/s': ratioOf(rowResult.reqPerSec, bareResult.reqPerSec),
          'me/prepared-row p99 latency (lower is better)': ratioOf(me.p99Ms, rowResult.p99Ms),
        },
        aim: `authenticated GET /api/me at ≥ ${AIM_RATIO}× the req/s of a Fastify route reading one row with a prepared better-sqlite3 statement, both measured in the same run`,
        aimRatio: AIM_RATIO,
        meetsAim: ratio === null ? null : ratio >= AIM_RATIO,
        published: {
          'Fastify JSON route': { reqPerSec: 35_000 },
          '+ one better-sqlite3 row (prepared)': { reqPerSec: 24_000, 'ratio to row': 1 },
          '+ Kysely, query built per request': { reqPerSec: 8_000, 'ratio to row': round(8_000 / 24_000, 3) },
          '+ Kysely, query compiled once': { reqPerSec: 13_500, 'ratio to row': round(13_500 / 24_000, 3) },
        },
        context: {
          database: morsel.database,
          'published figures from': 'the steering ARCHITECTURE.md (../shared), 2 cores, 50 connections',
          connections: load.connections,
          'warm-up s': load.warmupSeconds,
          'measured s': load.durationSeconds,
          rounds: load.rounds,
          ...(load.rounds > 1 ? { 'me/prepared-row req/s per round': perRound.map((r) => r ?? '–').join(', ') } : {}),
          fastify: packageVersion(rootDir, 'fastify'),
          'better-sqlite3': packageVersion(rootDir, 'better-sqlite3'),
          kysely: packageVersion(rootDir, 'kysely'),
          autocannon: packageVersion(rootDir, 'autocannon'),
          // Other work on the machine skews every figure; ratios from one run cancel some of it, not all.
          'load average (1 min) before → after': `${round(loadBefore, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
        },
        failures: [...me.problems, ...bareResult.problems, ...rowResult.problems],
      };
    } finally {
      for (const stop of stops.reverse()) {
        await stop().catch((error: unknown) => log(`stopping: ${(error as Error).message}`));
      }
    }
  },
};


/** One request before the load: it must answer 200 with JSON (and pass `check`). Returns the body's size in bytes. */
async function checkOnce(target: LoadTarget, check?: (body: unknown) => void): Promise<number> {
  const response = await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target.label} answered HTTP ${response.status} before the load: ${text.slice(0, 300)}`);
  const body: unknown = JSON.parse(text);
  check?.(body);
  return Buffer.byteLength(text);
}

function packageVersion(rootDir: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(rootDir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}
