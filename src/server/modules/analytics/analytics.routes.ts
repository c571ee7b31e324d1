import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { sendCsv } from '../../http/csv-reply.ts';
import * as S from './analytics.schemas.ts';
import type { AnalyticsService } from './analytics.service.ts';

/** Business metrics and organisational outcomes (admins and managers). Routes parse, call one service method and present. */
export function registerAnalyticsRoutes(parent: FastifyInstance, analytics: AnalyticsService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];

  app.post(
    '/api/metrics/import',
    {
      schema: {
        tags,
        summary: 'Import business metric values from CSV (all or nothing)',
        description: 'Body: CSV text (`content-type: text/csv`) with columns person (email or id), date (YYYY-MM-DD), metric, value. A value of the same person, metric and date replaces the one stored. Errors: 400 validation_failed with one issue per bad line (`body.<line>.<column>`).',
        body: z.string().max(20_000_000),
        response: { 200: S.MetricImportReport },
      },
    },
    async (request) => analytics.importCsv(actorOf(request), request.body),
  );
  app.get('/api/metrics', { schema: { tags, summary: 'The organisation’s business metrics', response: { 200: z.array(S.MetricSummary) } } }, async (request) => analytics.listMetrics(actorOf(request)));
  app.get('/api/outcomes/choices', { schema: { tags, summary: 'What “trained” can mean: certifications, published courses, launched campaigns with a hold-out', response: { 200: S.TrainingChoices } } }, async (request) =>
    analytics.trainingChoices(actorOf(request)),
  );
  app.get(
    '/api/outcomes',
    {
      schema: {
        tags,
        summary: 'A metric, trained against untrained (by a certification, a course, or a campaign against its hold-out): after training and difference in differences, with Welch’s t-test, 95 % intervals, Hedges’ g and warnings',
        querystring: S.OutcomeQuery,
        response: { 200: S.Outcome },
      },
    },
    async (request) => analytics.outcome(actorOf(request), request.query),
  );
  app.get('/api/outcomes.csv', { schema: { tags, summary: 'The people of an outcome as CSV (formula-safe)', querystring: S.OutcomeQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const csv = await analytics.outcomeCsv(actorOf(request), request.query);
    return sendCsv(reply, 'outcome.csv', csv);
  });
}
