import Fastify from 'fastify';

/**
 * Reference server: the cheapest Fastify JSON route, the ceiling any route of ours can reach on this machine.
 * Run as a child process by the benchmarks: `PORT=… node --import tsx bench/reference/bare-fastify.ts`.
 * GET /json answers a small fixed object; GET /healthz says it is ready.
 */
const port = Number(process.env.PORT ?? 3100);
const app = Fastify({ logger: false });

app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/json', async () => ({ hello: 'world', id: 1 }));

await app.listen({ port, host: '127.0.0.1' });

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
