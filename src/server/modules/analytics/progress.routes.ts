import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { sendCsv } from '../../http/csv-reply.ts';
import * as S from './progress.schemas.ts';
import type { ProgressService } from './progress.service.ts';

/** The progress dashboard (managers: their teams; admins: everyone). Routes parse, call one service method and present. */
export function registerProgressRoutes(parent: FastifyInstance, progress: ProgressService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];

  app.get(
    '/api/progress',
    {
      schema: {
        tags,
        summary: 'Completion and engagement over time, overall and per team, in days or ISO weeks of the organisation’s time zone',
        description: 'Completion by the end of each bucket is cumulative (lessons and enrolments completed of those assigned by then); engagement counts what happened in the bucket. Errors: 400 for a window backwards or over a year, 403 for learners, 404 for a campaign or team not in view.',
        querystring: S.ProgressQuery,
        response: { 200: S.Progress },
      },
    },
    async (request) => progress.progress(actorOf(request), request.query),
  );
  app.get('/api/progress.csv', { schema: { tags, summary: 'The progress series as CSV (formula-safe): a row per series and bucket', querystring: S.ProgressCsvQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const csv = await progress.progressCsv(actorOf(request), request.query);
    return sendCsv(reply, 'progress.csv', csv);
  });
  app.get(
    '/api/progress/at-risk',
    {
      schema: {
        tags,
        summary: 'Who is overdue and who is at risk of missing a deadline, and why (campaign standings, and enrolments with a due date)',
        querystring: S.AtRiskQuery,
        response: { 200: S.AtRisk },
      },
    },
    async (request) => progress.atRisk(actorOf(request), request.query),
  );
  app.get('/api/progress/at-risk.csv', { schema: { tags, summary: 'Who is overdue or at risk as CSV (formula-safe)', querystring: S.AtRiskQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const csv = await progress.atRiskCsv(actorOf(request), request.query);
    return sendCsv(reply, 'at-risk.csv', csv);
  });
}
