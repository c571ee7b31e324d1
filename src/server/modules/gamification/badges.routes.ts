import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './badges.schemas.ts';
import type { BadgesService } from './badges.service.ts';

/** Badges: the learner's, admin configuration, and the public Open Badges 2.0 documents (hosted verification). */
export function registerBadgesRoutes(parent: FastifyInstance, badges: BadgesService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['gamification'];

  app.get('/api/me/badges', { schema: { tags, summary: 'The signed-in learner’s badges: earned (with their Open Badges assertion) and still to earn', response: { 200: S.MyBadges } } }, async (request) =>
    badges.myBadges(actorOf(request)),
  );
  app.get('/api/badges', { schema: { tags, summary: 'The organisation’s badges (admins)', response: { 200: z.array(S.BadgeView) } } }, async (request) => badges.list(actorOf(request)));
  app.post(
    '/api/badges',
    { schema: { tags, summary: 'Add a badge with its rule (admins)', description: 'Errors: 409 conflict when the slug is taken.', body: S.BadgeBody, response: { 201: S.BadgeView } } },
    async (request, reply) => reply.status(201).send(await badges.create(actorOf(request), request.body)),
  );
  app.patch(
    '/api/badges/:id',
    { schema: { tags, summary: 'Rename a badge, change its rule, or turn it off or on (admins); awarded badges stay awarded', params: z.object({ id: z.string().min(1).max(64) }), body: S.BadgePatch, response: { 200: S.BadgeView } } },
    async (request) => badges.update(actorOf(request), request.params.id, request.body),
  );

  // Open Badges 2.0 documents, public by design (hosted verification): JSON-LD at each document's id.
  const ldJson = 'application/ld+json; charset=utf-8';
  app.get('/openbadges/:org/issuer', { config: { access: 'public' }, schema: { tags, summary: 'Open Badges issuer profile', params: S.OrgParams } }, async (request, reply) =>
    reply.type(ldJson).send(await badges.issuerDocument(request.params.org)),
  );
  app.get('/openbadges/:org/badges/:badgeId', { config: { access: 'public' }, schema: { tags, summary: 'Open Badges badge class', params: S.BadgeParams } }, async (request, reply) =>
    reply.type(ldJson).send(await badges.badgeClassDocument(request.params.org, request.params.badgeId)),
  );
  app.get('/openbadges/:org/badges/:badgeId/image', { config: { access: 'public' }, schema: { tags, summary: 'A badge’s image (SVG)', params: S.BadgeParams } }, async (request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(await badges.badgeImage(request.params.org, request.params.badgeId)),
  );
  app.get(
    '/openbadges/:org/assertions/:awardId',
    { config: { access: 'public' }, schema: { tags, summary: 'Open Badges assertion of one award (`download=1` to save it as a file)', params: S.AssertionParams, querystring: S.DownloadQuery } },
    async (request, reply) => {
      const document = await badges.assertionDocument(request.params.org, request.params.awardId);
      if (request.query.download) reply.header('content-disposition', `attachment; filename="badge-${request.params.awardId}.json"`);
      return reply.type(ldJson).send(document);
    },
  );
}
