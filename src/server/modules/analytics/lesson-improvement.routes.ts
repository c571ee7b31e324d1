import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { sendCsv } from '../../http/csv-reply.ts';
import * as S from './lesson-improvement.schemas.ts';
import type { LessonImprovementService } from './lesson-improvement.service.ts';

/** The authors' lesson-improvement queue and one lesson's evidence, with CSV (authors and admins). Parse, call one service method, present. */
export function registerLessonImprovementRoutes(parent: FastifyInstance, improvement: LessonImprovementService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];

  app.get(
    '/api/improvement',
    { schema: { tags, summary: 'The lessons with suggested fixes, most impactful first, and the top search content gaps (authors)', querystring: S.ImprovementQuery, response: { 200: S.ImprovementQueue } } },
    async (request) => improvement.queue(actorOf(request), request.query),
  );
  app.get('/api/improvement.csv', { schema: { tags, summary: 'The improvement queue as CSV, one row per suggestion (formula-safe)', querystring: S.ImprovementQuery, produces: ['text/csv'] } }, async (request, reply) =>
    sendCsv(reply, 'improvement.csv', await improvement.queueCsv(actorOf(request), request.query)),
  );
  app.get(
    '/api/improvement/lessons/:lessonId',
    {
      schema: {
        tags,
        summary: 'One lesson’s evidence: drop-off by block, time against the estimate, ratings, per-question difficulty, discrimination and common wrong answers, lint, suggestions (authors)',
        params: S.LessonImprovementParams,
        querystring: S.LessonImprovementQuery,
        response: { 200: S.LessonImprovement },
      },
    },
    async (request) => improvement.lesson(actorOf(request), request.params.lessonId, request.query),
  );
  app.get(
    '/api/improvement/lessons/:lessonId.csv',
    { schema: { tags, summary: 'One table of a lesson’s evidence as CSV: `part` funnel, questions or wrong_answers (formula-safe)', params: S.LessonImprovementParams, querystring: S.LessonImprovementCsvQuery, produces: ['text/csv'] } },
    async (request, reply) => sendCsv(reply, `lesson-${request.query.part}.csv`, await improvement.lessonCsv(actorOf(request), request.params.lessonId, request.query)),
  );
}
