import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** A figure in a report: a number (rounded when made), a word, or null when it could not be measured. */
export type Figure = number | string | boolean | null;
/** Rows of a table: row name → column name → figure, e.g. `{ "GET /api/me": { reqPerSec: 2100, p99Ms: 41 } }`. */
export type FigureTable = Record<string, Record<string, Figure>>;

/** What a benchmark measures and returns; the runner adds its name and where it ran. */
export interface BenchFigures {
  /** Our figures (the system under test). */
  metrics: FigureTable;
  /** The reference measured in the same run, on the same machine. */
  reference: FigureTable;
  /** The headline: our figure ÷ the reference figure that `aim` is about (null when either is missing). */
  ratio: number | null;
  /** Every ratio the benchmark computes, the headline included, e.g. `{ "me/bare": 0.07 }`. */
  ratios: Record<string, number | null>;
  /** In words, what we aim for. */
  aim: string;
  /** The ratio the aim asks for, when it is one number; `meetsAim` compares `ratio` with it. Never a pass/fail. */
  aimRatio?: number;
  /** Whether the ratio should be at least `aimRatio` (throughput; the default) or at most (time taken). */
  aimBound?: 'at_least' | 'at_most';
  meetsAim?: boolean | null;
  /** Published figures for context (other machines or other days: compare with care). */
  published?: FigureTable;
  /** Anything else needed to read the figures: database, load settings, versions… */
  context?: Record<string, Figure>;
  /** What went wrong while measuring (non-2xx answers, socket errors). Non-empty: the run exits 1. */
  failures: string[];
}

export interface BenchReport extends BenchFigures {
  name: string;
  node: string;
  cpus: { count: number; model: string };
  date: string;
}

export function makeReport(name: string, figures: BenchFigures, date = new Date()): BenchReport {
  const list = cpus();
  return {
    name,
    ...figures,
    node: process.version,
    cpus: { count: list.length, model: list[0]?.model.trim() ?? 'unknown' },
    date: date.toISOString(),
  };
}

/** Writes `DIR/NAME.json` (DIR is `bench/results`, git-ignored) and returns its path. */
export function writeReport(report: BenchReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.name}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** `a / b` rounded to 3 places, or null when either is missing or b is 0. */
export function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return round(a / b, 3);
}

export function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

const COLUMN_LABELS: Record<string, string> = {
  reqPerSec: 'req/s',
  p50Ms: 'p50 ms',
  p90Ms: 'p90 ms',
  p99Ms: 'p99 ms',
  maxMs: 'max ms',
  requests: 'requests',
  non2xx: 'non-2xx',
  errors: 'errors',
  timeouts: 'timeouts',
  bytesPerResponse: 'bytes/resp',
};

/** The same content as the JSON, as text tables for a terminal. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`== ${report.name} ==  ${report.date}  node ${report.node}  ${report.cpus.count} × ${report.cpus.model}`);
  if (report.context && Object.keys(report.context).length > 0) {
    lines.push('', ...formatPairs(report.context));
  }
  lines.push('', 'metrics (ours)', ...formatTable(report.metrics));
  lines.push('', 'reference (same run)', ...formatTable(report.reference));
  if (report.published && Object.keys(report.published).length > 0) {
    lines.push('', 'published (context only: another day, maybe another machine)', ...formatTable(report.published));
  }
  lines.push('', 'ratios', ...formatPairs(Object.fromEntries(Object.entries(report.ratios).map(([k, v]) => [k, v === null ? '–' : `${formatFigure(v)}×`]))));
  lines.push(
    '',
    `ratio ${report.ratio === null ? '–' : `${formatFigure(report.ratio)}×`}` +
      (report.aimRatio !== undefined ? `   aim ${report.aimBound === 'at_most' ? '≤' : '≥'} ${report.aimRatio}×: ${report.meetsAim == null ? 'unknown' : report.meetsAim ? 'met' : 'NOT met'}` : ''),
    `aim: ${report.aim}`,
  );
  lines.push('', report.failures.length === 0 ? 'result: OK (no errors, no non-2xx answers)' : `result: FAILED\n${report.failures.map((f) => `  - ${f}`).join('\n')}`);
  return `${lines.join('\n')}\n`;
}

function formatPairs(pairs: Record<string, Figure>): string[] {
  const width = Math.max(...Object.keys(pairs).map((k) => k.length));
  return Object.entries(pairs).map(([key, value]) => `  ${key.padEnd(width)}  ${formatFigure(value)}`);
}

function formatTable(table: FigureTable): string[] {
  const rows = Object.entries(table);
  if (rows.length === 0) return ['  (none)'];
  const columns = [...new Set(rows.flatMap(([, cells]) => Object.keys(cells)))];
  const header = ['', ...columns.map((c) => COLUMN_LABELS[c] ?? c)];
  const body = rows.map(([name, cells]) => [name, ...columns.map((c) => formatFigure(cells[c] ?? null))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [render(header), ...body.map(render)];
}

function formatFigure(value: Figure): string {
  if (value === null) return '–';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en-GB');
    return value.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3 });
  }
  return String(value);
}

/** The value at percentile `p` (0–100) of sorted samples, nearest rank; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Latency figures of timed samples (ms): p50, p95, p99, max and mean, to two places. */
export function latencyFigures(samples: readonly number[]): { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; meanMs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { p50Ms: round(percentile(sorted, 50), 2), p95Ms: round(percentile(sorted, 95), 2), p99Ms: round(percentile(sorted, 99), 2), maxMs: round(sorted.at(-1) ?? Number.NaN, 2), meanMs: round(mean, 2) };
}
