import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './delivery.schemas.ts';
import type { OutboxService } from './outbox.service.ts';

/** Routes parse, call one service method and present. */
export function registerDeliveryRoutes(parent: FastifyInstance, outbox: OutboxService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/outbox', { schema: { tags: ['delivery'], summary: 'Messages queued, sent, failed and dead, with counts (admins)', querystring: S.OutboxQuery, response: { 200: S.OutboxPage } } }, async (request) =>
    outbox.list(actorOf(request), request.query),
  );
  app.post('/api/outbox/:id/retry', { schema: { tags: ['delivery'], summary: 'Send a dead message again, with a fresh set of attempts (admins)', params: S.OutboxIdParams, response: { 200: S.OutboxItem } } }, async (request) =>
    outbox.retry(actorOf(request), request.params.id),
  );
}
