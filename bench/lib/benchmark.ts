import type { BenchFigures } from './report.ts';

/** Load settings every HTTP benchmark shares; the runner fills them from its flags. */
export interface LoadSettings {
  /** Concurrent connections autocannon keeps open. */
  connections: number;
  /** Seconds of load whose figures are discarded, before each measurement. */
  warmupSeconds: number;
  /** Seconds of load that are measured. */
  durationSeconds: number;
  /**
   * How many times to measure each server, taking turns (A B C A B C…); figures are the median round.
   * Other work on the machine comes and goes, so one round can catch a server at a bad moment.
   */
  rounds: number;
}

export interface BenchContext {
  load: LoadSettings;
  /** The repository root: child processes run from here so `src/…` and `node_modules` resolve. */
  rootDir: string;
  /** Progress messages (stderr, so stdout stays the tables). */
  log(message: string): void;
}

/**
 * One benchmark: a file `bench/NAME.bench.ts` exporting one of these, listed once in `BENCHMARKS` in `bench/run.ts`.
 * `run` measures and returns the figures (the runner adds name, node, cpus, date); it throws when it could not measure at all (a server that would
 * not start…). Failures found while measuring (non-2xx answers, socket errors) go in `report.failures`:
 * the runner still writes and prints the report, then exits 1.
 */
export interface Benchmark {
  /** Used on the command line and as the result file name: lowercase, digits and dashes. */
  name: string;
  /** One line for `--list`. */
  description: string;
  /** Run only when named (`npm run bench -- NAME`), not by a bare `npm run bench`: e.g. a soak of many minutes. */
  optIn?: boolean;
  run(context: BenchContext): Promise<BenchFigures>;
}
