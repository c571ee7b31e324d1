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
import { registerXapiDocumentRoutes } from './documents.routes.ts';
import type { XapiDocumentsService } from './documents.service.ts';
import { type Forwarding, ForwardingBody, ForwardingView } from './forwarding.ts';
import * as S from './lrs.schemas.ts';
import { type AttachmentData, decodeMore, type LrsService, type LrsWriter, type StatementsQuery } from './lrs.service.ts';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart.ts';
import { type Statement, toUtcIso } from '../../../core/xapi/index.ts';

export const XAPI_VERSION = '1.0.3';
/**
 * The versions GET /xapi/about lists: every 1.0.x patch (they differ only in wording, and requests of any are taken).
 * The conformance suite looks for 1.0.1 among them.
 */
export const XAPI_VERSIONS = ['1.0.3', '1.0.2', '1.0.1', '1.0.0'];
/** The most a request with attachments may carry. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

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

/**
 * The statements of a request body and the attachment data beside them: JSON as it is, or multipart/mixed with the
 * statements first and one part per attachment (each with Content-Type and X-Experience-API-Hash).
 * @throws ValidationError for a multipart body that is not that.
 */
export function statementsOfBody(body: unknown, contentType: string | undefined): { statements: unknown[]; attachments: AttachmentData[] } {
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  if (Buffer.isBuffer(body) && mediaType !== 'multipart/mixed') {
    throw new ValidationError(`Statements are sent as application/json, or as multipart/mixed with their attachments, not as ${mediaType || 'a body without a Content-Type'}.`, { issues: [{ field: 'body', message: 'Send application/json or multipart/mixed.' }] });
  }
  if (!Buffer.isBuffer(body)) {
    if (body === null || typeof body !== 'object') throw new ValidationError('Send a statement or an array of statements as JSON.');
    return { statements: Array.isArray(body) ? body : [body], attachments: [] };
  }
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new ValidationError('A multipart/mixed body needs its boundary in the Content-Type header.');
  const [first, ...rest] = parseMultipart(body, boundary);
  if (!first || !/^application\/json\b/i.test(first.headers['content-type'] ?? '')) throw new ValidationError('The first part of a multipart/mixed body must be the statements, as application/json.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(first.body.toString('utf8'));
  } catch {
    throw new AppError('invalid_json', 'The statements part is not valid JSON.');
  }
  const attachments = rest.map((part, index) => {
    const sha2 = part.headers['x-experience-api-hash'];
    const contentType = part.headers['content-type'];
    if (!sha2 || !contentType) throw new ValidationError(`Part ${index + 2} needs Content-Type and X-Experience-API-Hash headers.`, { issues: [{ field: 'body', message: 'Give every attachment part its Content-Type and X-Experience-API-Hash.' }] });
    // Attachment data is sent as it is: a part encoded otherwise (base64, quoted-printable) would not match its hash.
    const encoding = part.headers['content-transfer-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'binary') throw new ValidationError(`Part ${index + 2} has Content-Transfer-Encoding ${encoding}: send attachment data as binary.`, { issues: [{ field: 'body', message: 'Send every attachment part with Content-Transfer-Encoding: binary.' }] });
    return { sha2, contentType, content: part.body };
  });
  const { statements } = statementsOfBody(parsed, 'application/json');
  return { statements, attachments };
}

/** Sends statements (one, or a result) as multipart/mixed with the data of their attachments (what `attachments=true` asks for). */
function sendWithAttachments(reply: FastifyReply, value: unknown, attachments: readonly AttachmentData[]) {
  const { contentType, body } = buildMultipart([
    { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) },
    ...attachments.map((a) => ({ headers: { 'Content-Type': a.contentType, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': a.sha2 }, body: a.content })),
  ]);
  return reply.header('content-type', contentType).send(body);
}

/** The header names the alternate request syntax carries as form fields (xAPI 1.0.3, Part Three, "Alternate Request Syntax"). */
const ALTERNATE_HEADERS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];
const ALTERNATE_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] as const;

/** A POST with `?method=`: a request that could not be sent as it is (a browser form, a restrictive proxy). */
function isAlternateRequest(request: FastifyRequest): boolean {
  return request.method === 'POST' && typeof (request.query as Record<string, unknown> | undefined)?.method === 'string';
}

/**
 * The request an alternate-syntax request stands for: its method from `?method=`, the headers and parameters from the
 * form fields, and the body from the `content` field.
 * @throws ValidationError when it has other query parameters, an unknown method, or is not a form.
 */
export function alternateToRequest(request: FastifyRequest) {
  const query = request.query as Record<string, string>;
  const method = query.method!.toUpperCase() as (typeof ALTERNATE_METHODS)[number];
  if (!ALTERNATE_METHODS.includes(method)) throw new ValidationError(`The alternate request syntax takes method GET, PUT, POST, DELETE or HEAD, not ${query.method}.`);
  if (Object.keys(query).length > 1) throw new ValidationError('With the alternate request syntax, every parameter but method goes in the form body.');
  // A request without any body is an empty form: the conformance suite sends POST ?method=get so, with the credential
  // and version as real headers (document.js, 7.8.b), and expects the statements.
  const isEmpty = request.headers['content-type'] === undefined && (request.body === undefined || request.body === null);
  if (!isEmpty && (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '') || typeof request.body !== 'object' || request.body === null)) {
    throw new ValidationError('The alternate request syntax sends its headers, parameters and content as an application/x-www-form-urlencoded form.');
  }
  const headers: Record<string, string> = {};
  const params = new URLSearchParams();
  let content: string | undefined;
  for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, string>)) {
    if (name === 'content') content = value;
    else if (ALTERNATE_HEADERS.includes(name.toLowerCase())) headers[name.toLowerCase()] = value;
    else params.append(name, value);
  }
  delete headers['content-length'];
  // A credential and version sent as real headers beside the form count too, and win over form fields (the
  // conformance suite sends them so, with a form field X-Experience-API-Version: 0.8 it expects to be overruled).
  for (const name of ['authorization', 'x-experience-api-version']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (content !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  const path = request.url.split('?')[0]!;
  const search = params.toString();
  return { method, url: search ? `${path}?${search}` : path, headers, ...(content === undefined ? {} : { payload: content }) };
}

/** Whether a request is for a method a resource does not have (registered by `registerMethodsNotAllowed`). */
function isMethodNotAllowed(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { xapiMethodNotAllowed?: boolean } | undefined)?.xapiMethodNotAllowed === true;
}

/**
 * Answers 405 Method Not Allowed (with Allow) to methods xAPI does not define on a resource, before any check of version
 * or credential (Part Three, "Error Codes"), rather than the 404 of an unknown route.
 */
export function registerMethodsNotAllowed(app: FastifyInstance, url: string, methods: readonly ('POST' | 'PUT' | 'DELETE')[]): void {
  const allowed = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'].filter((method) => !methods.includes(method as 'POST')).join(', ');
  for (const method of methods) {
    app.route({
      method,
      url,
      config: { xapiMethodNotAllowed: true } as never,
      handler: async (request, reply) => {
        // A POST with ?method= is the alternate request syntax: the scope's hook answers it before this handler.
        reply.header('allow', allowed);
        throw new AppError('method_not_allowed', `${url} does not take ${request.method}: it takes ${allowed}.`);
      },
    });
  }
}

export async function registerLrsRoutes(parent: FastifyInstance, services: { lrs: LrsService; credentials: CredentialsService; documents: XapiDocumentsService; forwarding: Forwarding }): Promise<void> {
  const { lrs, credentials } = services;
  const tags = ['lrs'];

  // Its own scope: the version check and Basic authentication apply to /xapi routes only.
  await parent.register(async (scope) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.decorateRequest('lrsWriter', null);
    // Statements with their attachments come as multipart/mixed: kept whole, read by statementsOfBody.
    // Any other content type reaches statementsOfBody as bytes and is refused there with 400, not 415.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
    app.addContentTypeParser('multipart/mixed', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
    app.addHook('onRequest', async (request, reply) => {
      reply.header('X-Experience-API-Version', XAPI_VERSION);
      // Every answer to a statements query says how current it is, a refused one too (the suite's XAPI-00153).
      if (request.routeOptions.url === '/xapi/statements' && (request.method === 'GET' || request.method === 'HEAD')) reply.header('X-Experience-API-Consistent-Through', lrs.consistentThrough());
      // The alternate request syntax carries its headers in the body: the request it stands for is checked instead.
      // A method the specification does not define is refused with 405 whoever asks.
      if (request.routeOptions.url === '/xapi/about' || isAlternateRequest(request) || isMethodNotAllowed(request)) return;
      const version = request.headers['x-experience-api-version'];
      if (typeof version !== 'string' || !/^1\.0(?:\.\d+)?$/.test(version.trim())) {
        throw new AppError('xapi_version_required', 'Say which xAPI version this request speaks: send the header X-Experience-API-Version: 1.0.3.');
      }
      reply.header('WWW-Authenticate', 'Basic realm="Morsel LRS"');
      request.lrsWriter = await credentials.authenticate(request.headers.authorization);
      reply.removeHeader('WWW-Authenticate');
    });

    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    app.addHook('preValidation', async (request, reply) => {
      if (!isAlternateRequest(request)) return;
      const forwarded = await request.server.inject(alternateToRequest(request));
      const headers = Object.fromEntries(Object.entries(forwarded.headers).filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'date'].includes(name)));
      return reply.status(forwarded.statusCode).headers(headers).send(forwarded.rawPayload);
    });

    registerMethodsNotAllowed(app, '/xapi/statements', ['DELETE']);
    registerMethodsNotAllowed(app, '/xapi/about', ['POST', 'PUT', 'DELETE']);

    app.get('/xapi/about', { schema: { tags, summary: 'The xAPI versions this LRS speaks (no credentials needed)' } }, async () => ({ version: XAPI_VERSIONS, extensions: {} }));

    app.put(
      '/xapi/statements',
      { schema: { tags, summary: 'Store one statement under the given id (204; 409 when a different one has it)', querystring: S.PutStatementParams, body: z.unknown() } },
      async (request, reply) => {
        const { statements, attachments } = statementsOfBody(request.body, request.headers['content-type']);
        if (statements.length !== 1) throw new ValidationError('PUT stores one statement: send it as a JSON object, not an array.');
        await lrs.store(writerOf(request), statements, { putId: request.query.statementId.toLowerCase(), attachments });
        return reply.status(204).send();
      },
    );

    app.post('/xapi/statements', { schema: { tags, summary: 'Store a statement or a batch (all or none), with attachments as multipart/mixed; answers their ids', body: z.unknown() } }, async (request) => {
      const { statements, attachments } = statementsOfBody(request.body, request.headers['content-type']);
      return lrs.store(writerOf(request), statements, { attachments });
    });

    app.get('/xapi/statements', { schema: { tags, summary: 'One statement by id, or statements by agent, verb, activity, registration and time, paged by "more"', querystring: S.StatementsQueryParams } }, async (request, reply) => {
      const writer = writerOf(request);
      const params = request.query;
      const languages = acceptedLanguages(request.headers['accept-language']);
      const format = params.format ?? 'exact';
      reply.header('X-Experience-API-Consistent-Through', lrs.consistentThrough());
      // Exactly application/json, without a charset parameter: the suite compares the header whole (XAPI-00161). Fastify
      // appends one to JSON it serialises, not to bytes (JSON is UTF-8 by definition, RFC 8259).
      const send = async (value: { statements: Statement[] } | Statement) =>
        params.attachments ? sendWithAttachments(reply, value, await lrs.attachmentsOf(writer.orgId, 'statements' in value ? value.statements : [value])) : reply.type('application/json').send(Buffer.from(JSON.stringify(value)));

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
        since: params.since === undefined ? undefined : toUtcIso(params.since),
        until: params.until === undefined ? undefined : toUtcIso(params.until),
        limit: params.limit ?? 0,
        format,
        ascending: params.ascending ?? false,
      };
      return send(await lrs.query(writer.orgId, query, { languages }));
    });

    await registerXapiDocumentRoutes(scope, { documents: services.documents });
  });

  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/lrs/credentials', { schema: { tags, summary: 'The organisation’s LRS credentials and endpoint (admins)', response: { 200: S.CredentialList } } }, async (request) => credentials.list(actorOf(request)));
  app.post('/api/lrs/credentials', { schema: { tags, summary: 'Create an LRS credential; its secret is shown this once (admins)', body: S.CredentialBody, response: { 201: S.CreatedCredential } } }, async (request, reply) =>
    reply.status(201).send(await credentials.create(actorOf(request), request.body.name)),
  );
  const { forwarding } = services;
  app.get('/api/lrs/forwarding', { schema: { tags, summary: 'The external LRS statements are forwarded to, if any (admins; the secret is never shown)', response: { 200: ForwardingView.nullable() } } }, async (request) =>
    forwarding.get(actorOf(request)),
  );
  app.put(
    '/api/lrs/forwarding',
    { schema: { tags, summary: 'Forward every statement stored from now on to an external LRS (admins)', description: 'Errors: 400 validation_failed when the endpoint may not be called (a private address…).', body: ForwardingBody, response: { 200: ForwardingView } } },
    async (request) => forwarding.set(actorOf(request), request.body),
  );
  app.delete('/api/lrs/forwarding', { schema: { tags, summary: 'Stop forwarding statements (admins)', response: { 204: z.null() } } }, async (request, reply) => {
    await forwarding.remove(actorOf(request));
    return reply.status(204).send(null);
  });
  app.delete('/api/lrs/credentials/:id', { schema: { tags, summary: 'Revoke an LRS credential at once (admins)', params: z.object({ id: z.string().min(1).max(64) }), response: { 204: z.null() } } }, async (request, reply) => {
    await credentials.revoke(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
