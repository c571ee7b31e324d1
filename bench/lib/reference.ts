import type { BenchContext } from './benchmark.ts';
import { type ChildServer, startChildServer } from './child-server.ts';

/** Starts one of the reference servers in `bench/reference/` in its own process. */
export async function startReference(context: BenchContext, name: string, script: string): Promise<ChildServer> {
  const server = await startChildServer({ name, args: [script], cwd: context.rootDir, readyPath: '/healthz' });
  context.log(`started ${name} (${script}) as pid ${server.pid} at ${server.url}`);
  return server;
}
