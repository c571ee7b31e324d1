/**
 * Starts Morsel as a real child process (`node --import tsx src/cli/main.ts serve`) on a free port with a fresh
 * data folder, exactly as an operator would, and stops it by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root, where `npm test` runs and `dist/web` is built. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A running Morsel. */
export interface MorselServer {
  /** `http://127.0.0.1:<port>`, also its PUBLIC_URL. */
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** The process's recent output, for failure messages. */
  output(): string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and deletes the data folder. */
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * The environment of a Morsel child process on `port` with `dataDir` (its PUBLIC_URL http://127.0.0.1:<port>): a clean
 * one, so nothing of the developer's own Morsel settings (DATABASE_URL, SMTP_URL, …) leaks in; `env` last.
 */
export function morselEnvironment(options: { port: number; dataDir: string; smtpUrl?: string | undefined; env?: Record<string, string> | undefined }): Record<string, string> {
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  ) as Record<string, string>;
  return {
    ...inherited,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    ...options.env,
  };
}

/**
 * Starts Morsel and waits until `GET /healthz` answers 200.
 * Uses PostgreSQL when TEST_E2E_DATABASE_URL is set, otherwise SQLite in the fresh data folder.
 * @throws Error with the process output when it exits or is not healthy within `timeoutMs`.
 */
export async function startMorsel(options: { smtpUrl?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<MorselServer> {
  const port = await findFreePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'morsel-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const env = morselEnvironment({ port, dataDir, smtpUrl: options.smtpUrl, env: { ...(process.env.TEST_E2E_DATABASE_URL ? { DATABASE_URL: process.env.TEST_E2E_DATABASE_URL } : {}), ...options.env } });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = () => lines.join('\n');
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

  const server: MorselServer = {
    url,
    port,
    pid: child.pid ?? -1,
    dataDir,
    output,
    stop: async () => {
      await stopProcess(child, exited);
      await rm(dataDir, { recursive: true, force: true });
    },
  };

  try {
    await waitForHealthy(url, exited, options.timeoutMs ?? 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- Morsel output ---\n${output()}`);
  }
  return server;
}

async function waitForHealthy(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let hasExited = false;
  let exitCode: number | null = null;
  void exited.then((code) => {
    hasExited = true;
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`Morsel exited with code ${exitCode} before becoming healthy`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 150));
  }
  throw new Error(`Morsel did not answer GET /healthz with 200 within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }, 5000);
  await exited;
  clearTimeout(timer);
}
