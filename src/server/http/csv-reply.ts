import type { FastifyReply } from 'fastify';

/** Sends CSV text (made by core/csv.ts, formula-safe) as a download named `filename`. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
}
