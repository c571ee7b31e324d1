/**
 * The Learning Record Store under /xapi/ (xAPI 1.0.3, Part Three) and its credentials under /api/lrs/. Every /xapi
 * response carries `X-Experience-API-Version: 1.0.3`; every request but GET /xapi/about must say which 1.0.x version
 * it speaks and authenticate with an LRS credential (HTTP Basic), which also decides the organisation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import type { CredentialsService } from './credentials.service.ts';
import * as S from './lrs.schemas.ts';
import { decodeMore, type LrsService, type LrsWriter, type StatementsQuery } from './lrs.service.ts';

export const XAPI_VERSION = '1.0.3';

declare module 'fastify' {
  interface FastifyRequest {
    lrsWriter: LrsWriter | null;
  }
}

/** The languages of an Accept-Language header, most wanted first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag!.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The organisation and authority of an authenticated /xapi request (its scope's hook has checked the credential). */
export function writerOf(request: FastifyRequest): LrsWriter {
  if (!request.lrsWriter) throw new AppError('unauthenticated', 'Send the LRS key and secret with HTTP Basic authentication.');
  return request.lrsWriter;
}

/** Sends one JSON value as a multipart/mixed response (what `attachments=true` asks for; no attachment data is held). */
function sendMultipart(reply: FastifyReply, value: unknown) {
  const boundary = `morsel-${Date.now().toString(36)}`;
  const body = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(value)}\r\n--${boundary}--\r\n`;
  return reply.header('content-type', `multipart/mixed; boundary=${boundary}`).send(body);
}

export async function registerLrsRoutes(parent: FastifyInstance, services: { lrs: LrsService; credentials: CredentialsService }): Promise<void> {
  const { lrs, credentials } = services;
  const tags = ['lrs'];

  // Its own scope: the version check and Basic authentication apply to /xapi routes only.
  await parent.register(async (scope) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.decorateRequest('lrsWriter', null);
    app.addHook('onRequest', async (request, reply) => {
      reply.header('X-Experience-API-Version', XAPI_VERSION);
      if (request.routeOptions.url === '/xapi/about') return;
      const version = request.headers['x-experience-api-version'];
      if (typeof version !== 'string' || !/^1\.0(?:\.\d+)?$/.test(version.trim())) {
        throw new AppError('xapi_version_required', 'Say which xAPI version this request speaks: send the header X-Experience-API-Version: 1.0.3.');
      }
      reply.header('WWW-Authenticate', 'Basic realm="Morsel LRS"');
      request.lrsWriter = await credentials.authenticate(request.headers.authorization);
      reply.removeHeader('WWW-Authenticate');
    });

    app.get('/xapi/about', { schema: { tags, summary: 'The xAPI versions this LRS speaks (no credentials needed)' } }, async () => ({ version: [XAPI_VERSION], extensions: {} }));

    app.put(
      '/xapi/statements',
      { schema: { tags, summary: 'Store one statement under the given id (204; 409 when a different one has it)', querystring: S.PutStatementParams, body: z.unknown() } },
      async (request, reply) => {
        await lrs.store(writerOf(request), [request.body], request.query.statementId.toLowerCase());
        return reply.status(204).send();
      },
    );

    app.post('/xapi/statements', { schema: { tags, summary: 'Store a statement or a batch (all or none); answers their ids', body: z.unknown() } }, async (request) => {
      if (request.body === null || typeof request.body !== 'object') throw new ValidationError('Send a statement or an array of statements as JSON.');
      return lrs.store(writerOf(request), Array.isArray(request.body) ? request.body : [request.body]);
    });

    app.get('/xapi/statements', { schema: { tags, summary: 'One statement by id, or statements by agent, verb, activity, registration and time, paged by "more"', querystring: S.StatementsQueryParams } }, async (request, reply) => {
      const writer = writerOf(request);
      const params = request.query;
      const languages = acceptedLanguages(request.headers['accept-language']);
      const format = params.format ?? 'exact';
      reply.header('X-Experience-API-Consistent-Through', lrs.consistentThrough());
      const send = (value: unknown) => (params.attachments ? sendMultipart(reply, value) : reply.send(value));

      const single = params.statementId ?? params.voidedStatementId;
      if (single !== undefined) {
        const extra = Object.keys(params).filter((key) => !['statementId', 'voidedStatementId', 'format', 'attachments'].includes(key));
        if ((params.statementId && params.voidedStatementId) || extra.length > 0) {
          throw new ValidationError('A statement asked for by id takes only format and attachments besides.', { issues: [{ field: 'query', message: `Leave out ${[...extra, ...(params.statementId && params.voidedStatementId ? ['one of the two ids'] : [])].join(', ')}.` }] });
        }
        const found = await lrs.get(writer.orgId, single, { voided: params.voidedStatementId !== undefined, format, languages });
        reply.header('Last-Modified', new Date(found.stored).toUTCString());
        return send(found.statement);
      }

      if (params.more !== undefined) {
        if (Object.keys(params).length > 1) throw new ValidationError('Follow a "more" link as it was given, without other parameters.');
        const token = decodeMore(params.more);
        return send(await lrs.query(writer.orgId, token.query, { after: token.after, languages }));
      }
      const query: StatementsQuery = {
        agentIfi: params.agent,
        verb: params.verb,
        activity: params.activity,
        registration: params.registration?.toLowerCase(),
        relatedActivities: params.related_activities ?? false,
        relatedAgents: params.related_agents ?? false,
        since: params.since === undefined ? undefined : new Date(params.since).toISOString(),
        until: params.until === undefined ? undefined : new Date(params.until).toISOString(),
        limit: params.limit ?? 0,
        format,
        ascending: params.ascending ?? false,
      };
      return send(await lrs.query(writer.orgId, query, { languages }));
    });
  });

  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/lrs/credentials', { schema: { tags, summary: 'The organisation’s LRS credentials and endpoint (admins)', response: { 200: S.CredentialList } } }, async (request) => credentials.list(actorOf(request)));
  app.post('/api/lrs/credentials', { schema: { tags, summary: 'Create an LRS credential; its secret is shown this once (admins)', body: S.CredentialBody, response: { 201: S.CreatedCredential } } }, async (request, reply) =>
    reply.status(201).send(await credentials.create(actorOf(request), request.body.name)),
  );
  app.delete('/api/lrs/credentials/:id', { schema: { tags, summary: 'Revoke an LRS credential at once (admins)', params: z.object({ id: z.string().min(1).max(64) }), response: { 204: z.null() } } }, async (request, reply) => {
    await credentials.revoke(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
