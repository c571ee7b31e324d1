import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { sendCsv } from '../../http/csv-reply.ts';
import * as C from './certification.schemas.ts';
import type { CertificationService } from './certification.service.ts';
import * as K from './checks.schemas.ts';
import type { ChecksService } from './checks.service.ts';
import type { ForecastService } from './forecast.service.ts';
import type { FsrsFitService } from './fsrs-fit.service.ts';
import * as R from './reinforcement.schemas.ts';

export interface AssessmentRouteServices {
  checks: ChecksService;
  certifications: CertificationService;
  forecast: ForecastService;
  fsrs: FsrsFitService;
}

/** Checks, certifications and compliance, forecasts and FSRS parameters. Routes parse, call one service method and present. */
export function registerAssessmentRoutes(parent: FastifyInstance, services: AssessmentRouteServices): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { checks, certifications, forecast, fsrs } = services;

  // ---------------------------------------------------------------- baseline and post checks
  app.get('/api/learn/courses/:courseId/checks/:phase', { schema: { tags: ['learning'], summary: 'A baseline or post check to take, with the answers so far', params: K.CheckParams, response: { 200: K.CheckView } } }, async (request) =>
    checks.get(actorOf(request), request.params.courseId, request.params.phase),
  );
  app.post(
    '/api/learn/courses/:courseId/checks/:phase/answers',
    { schema: { tags: ['learning'], summary: 'Answer a check question (the baseline reveals nothing; the post check gives feedback)', params: K.CheckParams, body: K.CheckAnswerBody, response: { 200: K.CheckAnswerResult } } },
    async (request) => checks.answer(actorOf(request), request.params.courseId, request.params.phase, request.body),
  );
  app.post('/api/learn/courses/:courseId/checks/:phase/skip', { schema: { tags: ['learning'], summary: 'Skip the baseline check', params: K.CheckParams, response: { 204: z.null() } } }, async (request, reply) => {
    await checks.skip(actorOf(request), request.params.courseId, request.params.phase);
    return reply.status(204).send(null);
  });
  app.get('/api/courses/:id/check-results', { schema: { tags: ['learning'], summary: 'Baseline against post per objective (authors: everyone; managers: their teams)', params: K.CheckResultsParams, response: { 200: K.CheckResults } } }, async (request) =>
    checks.courseResults(actorOf(request), request.params.id),
  );

  // ---------------------------------------------------------------- certifications and compliance
  app.get('/api/certifications', { schema: { tags: ['certifications'], summary: 'Certifications of the organisation', response: { 200: C.CertificationList } } }, async (request) => ({
    items: await certifications.list(actorOf(request)),
  }));
  app.post('/api/certifications', { schema: { tags: ['certifications'], summary: 'Create a certification (authors, admins)', body: C.CertificationCreate, response: { 201: C.Certification } } }, async (request, reply) =>
    reply.status(201).send(await certifications.create(actorOf(request), request.body)),
  );
  app.get('/api/certifications/:id', { schema: { tags: ['certifications'], summary: 'One certification', params: C.CertificationParams, response: { 200: C.Certification } } }, async (request) =>
    certifications.get(actorOf(request), request.params.id),
  );
  app.patch('/api/certifications/:id', { schema: { tags: ['certifications'], summary: 'Change or archive a certification (authors, admins)', params: C.CertificationParams, body: C.CertificationPatch, response: { 200: C.Certification } } }, async (request) =>
    certifications.update(actorOf(request), request.params.id, request.body),
  );
  app.get('/api/compliance', { schema: { tags: ['certifications'], summary: 'Who is certified, due soon, lapsed or not certified (managers: their teams; admins: all)', querystring: C.ComplianceQuery, response: { 200: C.Compliance } } }, async (request) =>
    certifications.compliance(actorOf(request), request.query),
  );
  app.get('/api/compliance.csv', { schema: { tags: ['certifications'], summary: 'The compliance view as CSV (formula-safe)', querystring: C.ComplianceQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const csv = await certifications.complianceCsv(actorOf(request), request.query);
    return sendCsv(reply, 'compliance.csv', csv);
  });

  // ---------------------------------------------------------------- forecasts and FSRS parameters
  app.get('/api/learn/forecast', { schema: { tags: ['learning'], summary: 'The learner’s review load for the coming weeks', querystring: R.ForecastQuery, response: { 200: R.Forecast } } }, async (request) =>
    forecast.mine(actorOf(request), request.query),
  );
  app.get('/api/teams/:id/forecast', { schema: { tags: ['learning'], summary: 'A team’s review load for the coming weeks (its managers, admins)', params: R.TeamParams, querystring: R.ForecastQuery, response: { 200: R.TeamForecast } } }, async (request) =>
    forecast.team(actorOf(request), request.params.id, request.query),
  );
  app.get('/api/fsrs/parameters', { schema: { tags: ['learning'], summary: 'The FSRS weights the organisation’s scheduler uses (admins)', response: { 200: R.FsrsParameters } } }, async (request) => fsrs.status(actorOf(request)));
  app.post('/api/fsrs/fit', { schema: { tags: ['learning'], summary: 'Fit the organisation’s FSRS weights from its review log now (admins)', response: { 200: R.FitResult } } }, async (request) => fsrs.fitOrganisation(actorOf(request)));
}
