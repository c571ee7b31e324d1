/**
 * A Morsel child process that can be killed and brought back: the same port, data folder (SQLite file, secret key,
 * media) and environment every time, as an operator's process supervisor would restart it after a crash. For the
 * fault drills; `server.ts` starts a server once, with a fresh port and folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, morselEnvironment, REPO_ROOT } from './server.ts';

/** A Morsel that may be running or not; `start` brings it (back) up where it was. */
export interface RestartableMorsel {
  /** `http://127.0.0.1:<port>`, also its PUBLIC_URL, the same across restarts. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The running process's id, or undefined while it is down. */
  pid(): number | undefined;
  /** How many times a process was started (the first start included). */
  starts(): number;
  /** The recent output of every process so far, each start marked, for failure messages. */
  output(): string;
  /**
   * Starts a process on the same port and data and waits until `GET /healthz` answers 200.
   * @throws Error with the output when it exits or is not healthy in time (the process is killed then).
   */
  start(): Promise<void>;
  /** Kills the running process with SIGKILL (no shutdown of any kind) and waits until it has exited. */
  kill(): Promise<void>;
  /** Stops the running process (SIGTERM, then SIGKILL after 5 s) for good and deletes the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts Morsel in a fresh data folder on a free port, in a clean environment (as `startMorsel` does): SQLite in the
 * folder unless `env` names a DATABASE_URL.
 * @throws Error with the process output when it does not become healthy.
 */
export async function startRestartableMorsel(options: { smtpUrl?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RestartableMorsel> {
  const port = await findFreePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'morsel-restartable-'));
  const url = `http://127.0.0.1:${port}`;
  const env = morselEnvironment({ port, dataDir, smtpUrl: options.smtpUrl, env: options.env });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let startCount = 0;
  /** Set by `stop`: no start after it, so a drill that failed half-way cannot leave a server behind. */
  let isStopped = false;

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  async function kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (!child || !isRunning() || child.pid === undefined) return;
    const done = exited;
    process.kill(child.pid, signal);
    const timer = signal === 'SIGTERM' ? setTimeout(() => isRunning() && child?.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 5000) : undefined;
    await done;
    clearTimeout(timer);
  }

  const server: RestartableMorsel = {
    url,
    port,
    dataDir,
    pid: () => (isRunning() ? child?.pid : undefined),
    starts: () => startCount,
    output: () => lines.join('\n'),
    async start() {
      if (isStopped) throw new Error('Morsel was stopped for good');
      if (isRunning()) throw new Error('Morsel is already running');
      startCount += 1;
      lines.push(`--- start ${startCount} ---`);
      const process_ = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = process_;
      process_.stdout?.on('data', keep);
      process_.stderr?.on('data', keep);
      exited = new Promise((resolveExit) => process_.once('exit', () => resolveExit()));
      try {
        await waitForHealthy(url, () => !isRunning(), options.timeoutMs ?? 30_000);
      } catch (error) {
        await kill('SIGKILL');
        throw new Error(`${(error as Error).message}\n--- Morsel output ---\n${server.output()}`);
      }
    },
    kill: () => kill('SIGKILL'),
    async stop() {
      isStopped = true;
      await kill('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return server;
}

async function waitForHealthy(url: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('Morsel exited before becoming healthy');
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`Morsel did not answer GET /healthz with 200 within ${timeoutMs} ms`);
}
