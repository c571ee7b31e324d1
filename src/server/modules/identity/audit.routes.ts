import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { sendCsv } from '../../http/csv-reply.ts';
import * as S from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

/** Issue 9's audit log: administrative writes (and refused ones), newest first, and the same as CSV. Admins only. */
export function registerAuditRoutes(parent: FastifyInstance, audit: AuditService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  app.get('/api/audit', { schema: { tags, summary: 'Administrative writes and refusals (403), newest first (admin)', querystring: S.AuditQuery, response: { 200: S.AuditPage } } }, async (request) =>
    audit.list(actorOf(request), request.query),
  );

  app.get('/api/audit.csv', { schema: { tags, summary: 'The audit log as CSV (formula-safe), same filters (admin)', querystring: S.AuditQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const csv = await audit.csv(actorOf(request), request.query);
    return sendCsv(reply, 'audit-log.csv', csv);
  });
}
