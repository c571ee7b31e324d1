import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { IdParams } from './identity.schemas.ts';
import * as S from './privacy.schemas.ts';
import type { PrivacyService } from './privacy.service.ts';

/** A download, not a page: browsers save it as a file named after the person. */
function attachment(personId: string): string {
  return `attachment; filename="morsel-data-${personId.replace(/[^\w.-]/g, '_')}.json"`;
}

/** Issue 9's routes: a person's data exported and erased on request, and the record of those requests. */
export function registerPrivacyRoutes(parent: FastifyInstance, privacy: PrivacyService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];

  app.get(
    '/api/people/:id/export',
    { schema: { tags, summary: 'Everything Morsel holds about one person, as one JSON file (admin, or the person themselves)', params: IdParams, response: { 200: S.PersonExport } } },
    async (request, reply) => {
      const data = await privacy.exportPerson(actorOf(request), request.params.id);
      return reply.header('content-disposition', attachment(data.person.id)).send(data);
    },
  );

  app.get('/api/profile/export', { schema: { tags, summary: 'Everything Morsel holds about you, as one JSON file', response: { 200: S.PersonExport } } }, async (request, reply) => {
    const data = await privacy.exportOwn(actorOf(request));
    return reply.header('content-disposition', attachment(data.person.id)).send(data);
  });

  app.post(
    '/api/people/:id/erase',
    {
      schema: {
        tags,
        summary: 'Erase a person’s data (admin): learning records, statements, points, messages and sessions deleted, the person anonymised and deactivated',
        description: 'Cannot be undone. `confirm` must be the person’s email. Answers with the rows removed per table and the tables where rows stay (and why).',
        params: IdParams,
        body: S.EraseBody,
        response: { 200: S.ErasureReport },
      },
    },
    async (request) => privacy.erasePerson(actorOf(request), request.params.id, request.body),
  );

  app.get('/api/privacy/requests', { schema: { tags, summary: 'Exports and erasures of people’s data, newest first (admin)', querystring: S.PrivacyRequestQuery, response: { 200: S.PrivacyRequestList } } }, async (request) => ({
    items: await privacy.listRequests(actorOf(request), request.query),
  }));
}
