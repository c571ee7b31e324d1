import autocannon from 'autocannon';
import type { LoadSettings } from './benchmark.ts';
import { round } from './report.ts';

export const DEFAULT_LOAD: LoadSettings = { connections: 50, warmupSeconds: 2, durationSeconds: 10, rounds: 1 };

export interface LoadTarget {
  /** For messages and tables, e.g. "GET /api/me". */
  label: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body for every request (e.g. a new idempotency key), instead of `body`. */
  makeBody?: () => string;
}

/** What one measured run gives (the warm-up's figures are not in it, but its problems are). */
export interface LoadResult {
  label: string;
  /** Mean of the per-second request counts. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses counted in the measured part. */
  requests: number;
  /** Over warm-up and measurement together. */
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Empty when every request got a 2xx answer; otherwise why this measurement does not count. */
  problems: string[];
}

/**
 * Loads one URL with autocannon from this process: `warmupSeconds` whose figures are thrown away, then
 * `durationSeconds` measured, each with `connections` connections (no pipelining). The server must live in
 * another process, or autocannon and it share one event loop and the figures mean nothing.
 */
export async function measureHttp(target: LoadTarget, settings: Omit<LoadSettings, 'rounds'> = DEFAULT_LOAD): Promise<LoadResult> {
  const problems: string[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const statusCodes: Record<string, number> = {};
  const firstBadAnswers: string[] = [];

  const once = async (seconds: number, phase: string): Promise<autocannon.Result> => {
    const options: autocannon.Options = {
      url: target.url,
      method: target.method ?? 'GET',
      headers: target.headers,
      body: target.body,
      ...(target.makeBody ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: target.makeBody!() }) }] } : {}),
      connections: settings.connections,
      pipelining: 1,
      duration: seconds,
      timeout: 10,
    };
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)));
      instance.on('response', (_client, statusCode) => {
        if ((statusCode < 200 || statusCode > 299) && firstBadAnswers.length < 3) firstBadAnswers.push(`${phase}: HTTP ${statusCode}`);
      });
    });
    non2xx += result.non2xx;
    errors += result.errors;
    timeouts += result.timeouts;
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
      statusCodes[code] = (statusCodes[code] ?? 0) + (stat.count ?? 0);
    }
    return result;
  };

  if (settings.warmupSeconds > 0) await once(settings.warmupSeconds, 'warm-up');
  const result = await once(settings.durationSeconds, 'measured');

  if (non2xx > 0) problems.push(`${target.label}: ${non2xx} non-2xx answers (status codes ${JSON.stringify(statusCodes)}; first: ${firstBadAnswers.join(', ')})`);
  if (errors > 0) problems.push(`${target.label}: ${errors} connection errors (${timeouts} of them timeouts)`);
  if (result.requests.total === 0) problems.push(`${target.label}: no request completed in ${settings.durationSeconds} s`);

  return {
    label: target.label,
    reqPerSec: round(result.requests.mean, 1),
    p50Ms: round(result.latency.p50, 2),
    p99Ms: round(result.latency.p99, 2),
    maxMs: round(result.latency.max, 2),
    requests: result.requests.total,
    non2xx,
    errors,
    timeouts,
    statusCodes,
    problems,
  };
}

/** Several rounds of one target as one result: median req/s and latencies, counts and problems added up. */
export interface CombinedLoadResult extends LoadResult {
  rounds: LoadResult[];
}

export function combineRounds(rounds: LoadResult[]): CombinedLoadResult {
  const first = rounds[0];
  if (!first) throw new Error('combineRounds: no rounds');
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    label: first.label,
    reqPerSec: median(rounds.map((r) => r.reqPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    maxMs: Math.max(...rounds.map((r) => r.maxMs)),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
    problems: rounds.flatMap((r, i) => r.problems.map((p) => (rounds.length > 1 ? `round ${i + 1}: ${p}` : p))),
    rounds,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return round(value ?? Number.NaN, 2);
}

/** The columns a report table shows for one load result (with the spread of req/s over rounds when there are several). */
export function loadFigures(result: LoadResult | CombinedLoadResult): Record<string, number> {
  const spread: Record<string, number> =
    'rounds' in result && result.rounds.length > 1
      ? { 'req/s min': Math.min(...result.rounds.map((r) => r.reqPerSec)), 'req/s max': Math.max(...result.rounds.map((r) => r.reqPerSec)) }
      : {};
  return {
    reqPerSec: result.reqPerSec,
    ...spread,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    requests: result.requests,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Loads each target in turn, `settings.rounds` times over (A B C A B C…), one at a time so no two loads
 * overlap. Each target's server must already be running in its own process.
 */
export async function measureInTurn(
  targets: LoadTarget[],
  settings: LoadSettings,
  log: (message: string) => void = () => {},
): Promise<CombinedLoadResult[]> {
  const results: LoadResult[][] = targets.map(() => []);
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [i, target] of targets.entries()) {
      log(`loading ${target.label}${settings.rounds > 1 ? ` (round ${round} of ${settings.rounds})` : ''}`);
      results[i]?.push(await measureHttp(target, settings));
    }
  }
  return results.map(combineRounds);
}
