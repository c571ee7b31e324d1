import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './search.schemas.ts';
import type { SearchService } from './search.service.ts';

/** Search, its feedback, the content-gap list and synonyms. Routes parse, call one service method and present. */
export function registerSearchRoutes(parent: FastifyInstance, search: SearchService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['search'];

  app.get(
    '/api/search',
    {
      schema: {
        tags,
        summary: 'The lessons that answer a question, best first (learners: their courses; authors: every published lesson, or drafts)',
        description: 'Natural language: stop words are dropped, words stemmed, typos corrected against the organisation’s vocabulary, synonyms applied; `typing=true` treats the last word as a prefix. Errors: 403 forbidden for `drafts` without the author role.',
        querystring: S.SearchQuery,
        response: { 200: S.SearchResults },
      },
    },
    async (request) => search.search(actorOf(request), request.query),
  );

  app.post('/api/search/feedback', { schema: { tags, summary: '"This did not answer my question" for a result of one’s own search', body: S.SearchFeedback, response: { 204: z.null() } } }, async (request, reply) => {
    await search.markUnhelpful(actorOf(request), request.body);
    return reply.status(204).send(null);
  });

  app.get('/api/search/gaps', { schema: { tags, summary: 'Questions without a good answer, grouped, most asked first (authors)', querystring: S.ContentGapsQuery, response: { 200: S.ContentGaps } } }, async (request) =>
    search.contentGaps(actorOf(request), request.query.days),
  );

  app.get('/api/search/synonyms', { schema: { tags, summary: 'The organisation’s synonym groups (authors)', response: { 200: S.SynonymGroups } } }, async (request) => search.getSynonyms(actorOf(request)));
  app.put('/api/search/synonyms', { schema: { tags, summary: 'Replace the organisation’s synonym groups (authors)', body: S.SynonymGroups, response: { 200: S.SynonymGroups } } }, async (request) =>
    search.setSynonyms(actorOf(request), request.body),
  );
}
