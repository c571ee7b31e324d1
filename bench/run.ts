import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Benchmark, LoadSettings } from './lib/benchmark.ts';
import { DEFAULT_LOAD } from './lib/http-load.ts';
import { formatReport, makeReport, writeReport } from './lib/report.ts';
import { campaignPlan } from './campaign-plan.bench.ts';
import { chunking } from './chunking.bench.ts';
import { clipCutting } from './clip-cutting.bench.ts';
import { dispatchThroughput } from './dispatch-throughput.bench.ts';
import { learnerLoop } from './learner-loop.bench.ts';
import { meRoute } from './me-route.bench.ts';
import { retention } from './retention.bench.ts';
import { search } from './search.bench.ts';
import { leaderboard } from './leaderboard.bench.ts';
import { lrs } from './lrs.bench.ts';
import { soak } from './soak.bench.ts';

/**
 * Every benchmark, in the order `npm run bench` runs them. A new benchmark is one file
 * `bench/NAME.bench.ts` exporting a `Benchmark`, added here.
 */
export const BENCHMARKS: readonly Benchmark[] = [meRoute, learnerLoop, retention, campaignPlan, dispatchThroughput, clipCutting, chunking, search, leaderboard, lrs, soak];

const USAGE = `Usage: npm run bench [-- [NAME…] [--list] [--duration S] [--warmup S] [--connections N] [--rounds N]]

  (no NAME)         run every benchmark but the opt-in ones (soak)
  NAME…             run these benchmarks only
  --list            list the benchmarks and exit
  --duration S      measured seconds per HTTP load (default ${DEFAULT_LOAD.durationSeconds})
  --warmup S        discarded warm-up seconds before each load (default ${DEFAULT_LOAD.warmupSeconds})
  --connections N   concurrent connections (default ${DEFAULT_LOAD.connections})
  --rounds N        load each server N times, taking turns; report the medians (default ${DEFAULT_LOAD.rounds})

Each benchmark writes bench/results/NAME.json and prints the same as tables. Exit code 1 when a benchmark
could not run or saw errors or non-2xx answers; figures themselves never fail a run.
Set BENCH_DATABASE_URL=postgres://user@host:port/db to run Morsel on PostgreSQL (see bench/README.md).`;

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');

function positiveNumber(flag: string, value: string | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n < 1))) {
    throw new Error(`--${flag} wants a ${integer ? 'positive whole number' : 'number of seconds ≥ 0'}, not "${value}"`);
  }
  return n;
}

function gitCommit(): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'package.json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit} (src or package.json modified)` : commit;
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.list) {
    const width = Math.max(...BENCHMARKS.map((b) => b.name.length));
    process.stdout.write(`${BENCHMARKS.map((b) => `${b.name.padEnd(width)}  ${b.description}${b.optIn ? ' [opt-in: run by name]' : ''}`).join('\n')}\n`);
    return 0;
  }
  const unknown = positionals.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.name).join(', ')}.\n`);
    return 2;
  }
  const load: LoadSettings = {
    durationSeconds: positiveNumber('duration', values.duration, DEFAULT_LOAD.durationSeconds),
    warmupSeconds: positiveNumber('warmup', values.warmup, DEFAULT_LOAD.warmupSeconds),
    connections: positiveNumber('connections', values.connections, DEFAULT_LOAD.connections, true),
    rounds: positiveNumber('rounds', values.rounds, DEFAULT_LOAD.rounds, true),
  };
  if (load.durationSeconds === 0) throw new Error('--duration must be more than 0');
  const selected = positionals.length > 0 ? BENCHMARKS.filter((b) => positionals.includes(b.name)) : BENCHMARKS.filter((b) => !b.optIn);
  const commit = gitCommit();

  const outcomes: { name: string; ok: boolean; why?: string }[] = [];
  for (const benchmark of selected) {
    const log = (message: string) => process.stderr.write(`[${benchmark.name}] ${message}\n`);
    // A result file left from an earlier run must not pass for this run's if this one cannot finish.
    rmSync(join(RESULTS, `${benchmark.name}.json`), { force: true });
    const started = Date.now();
    try {
      const figures = await benchmark.run({ load, rootDir: ROOT, log });
      const report = makeReport(benchmark.name, { ...figures, context: { ...figures.context, commit } });
      const file = writeReport(report, RESULTS);
      process.stdout.write(`\n${formatReport(report)}`);
      log(`wrote ${file} in ${Math.round((Date.now() - started) / 1000)} s`);
      outcomes.push(report.failures.length === 0 ? { name: benchmark.name, ok: true } : { name: benchmark.name, ok: false, why: `${report.failures.length} failure(s)` });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`\n[${benchmark.name}] could not run: ${message}\n`);
      outcomes.push({ name: benchmark.name, ok: false, why: 'could not run' });
    }
  }
  if (outcomes.length > 1) {
    process.stdout.write(`\n${outcomes.map((o) => `${o.ok ? 'ok    ' : 'FAILED'}  ${o.name}${o.why ? ` (${o.why})` : ''}`).join('\n')}\n`);
  }
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
