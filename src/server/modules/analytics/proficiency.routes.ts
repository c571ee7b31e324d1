import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { sendCsv } from '../../http/csv-reply.ts';
import * as S from './proficiency.schemas.ts';
import type { ProficiencyService } from './proficiency.service.ts';

/** The proficiency heat map and its CSV (managers: their teams; admins and authors: every team). */
export function registerProficiencyRoutes(parent: FastifyInstance, proficiency: ProficiencyService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const description =
    'Objectives × teams. now: mean FSRS recall probability of the people’s review items at `at` (recent answers’ score without review items); baseline: mean baseline-check score (first answers’ without a check); change: mean of now − baseline over people with both. A value resting on fewer than `minimumPeople` (3) people is withheld (null, `suppressed`). Errors: 403 for learners and API tokens, 404 for an unknown course or a team not the caller’s.';

  app.get('/api/proficiency', { schema: { tags, summary: 'Proficiency per objective and team: now, baseline and change', description, querystring: S.ProficiencyQuery, response: { 200: S.Proficiency } } }, async (request) =>
    proficiency.heatMap(actorOf(request), request.query),
  );
  app.get('/api/proficiency.csv', { schema: { tags, summary: 'The proficiency heat map as CSV (formula-safe)', description, querystring: S.ProficiencyQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const csv = await proficiency.heatMapCsv(actorOf(request), request.query);
    return sendCsv(reply, 'proficiency.csv', csv);
  });
}
