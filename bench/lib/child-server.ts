import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Servers under load run in their own process (`node --import tsx SCRIPT`, spawned directly: the PID we
 * hold is node's, not an npm/npx wrapper's), so autocannon in the bench process never shares their event
 * loop. Every child is killed by its PID when the bench is done with it, when it fails, and when the bench
 * process itself exits or is interrupted.
 */

export interface ChildServer {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly port: number;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** For messages, e.g. "morsel". */
  name: string;
  /** Script and arguments after `node --import tsx`. */
  args: string[];
  cwd: string;
  /** Added to the bench's own environment (PORT is set here). */
  env?: Record<string, string>;
  port?: number;
  /** Path answered with 2xx once the server is ready. */
  readyPath?: string;
  readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();

function killAllNow(): void {
  for (const child of live) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

process.once('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function tail(chunks: string[], max = 4000): string {
  const text = chunks.join('');
  return text.length > max ? `…${text.slice(-max)}` : text;
}

/** Runs `node --import tsx ARGS` to completion (e.g. a CLI command) and returns its stdout; throws with its output when it fails. */
export async function runNodeScript(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`\`node --import tsx ${args.join(' ')}\` exited with ${code ?? 'a signal'}:\n${tail(err)}${tail(out)}`);
    return out.join('');
  } finally {
    clearTimeout(timer);
    live.delete(child);
  }
}

/** Starts a server script and resolves once `readyPath` answers 2xx; kills it and throws if it does not. */
export async function startChildServer(options: StartOptions): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', ...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not spawn node`);
  live.add(child);
  const chunks: string[] = [];
  const keep = (c: string) => {
    chunks.push(c);
    if (chunks.length > 200) chunks.splice(0, chunks.length - 200);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child)).catch(() => {});

  let stopping: Promise<void> | undefined;
  const server: ChildServer = {
    name: options.name,
    pid: child.pid,
    url,
    port,
    output: () => tail(chunks),
    stop: (graceMs = 5000) =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        process.kill(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => {
          try {
            process.kill(child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, graceMs);
        await exited;
        clearTimeout(timer);
      })()),
  };

  try {
    await waitUntilReady(server, child, `${url}${options.readyPath ?? '/healthz'}`, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await server.stop(1000);
    throw error;
  }
  return server;
}

async function waitUntilReady(server: ChildServer, child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${server.name} (pid ${server.pid}) exited with ${child.exitCode ?? child.signalCode} before ${url} answered:\n${server.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${server.name} (pid ${server.pid}): ${url} did not answer 2xx within ${timeoutMs} ms (last: ${last}):\n${server.output()}`);
}
