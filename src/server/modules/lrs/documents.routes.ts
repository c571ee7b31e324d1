/**
 * The LRS's document resources under /xapi/ (xAPI 1.0.3, Part Three): State (/xapi/activities/state), Activity
 * Profile (/xapi/activities/profile), Agent Profile (/xapi/agents/profile), and the read-only Activities
 * (/xapi/activities) and Agents (/xapi/agents) resources. Registered inside the /xapi scope, so its version check and
 * HTTP Basic authentication apply; in a child scope of their own, because a document is bytes of any content type
 * (JSON included) that must be stored and returned exactly as sent, while the statements beside them are parsed JSON.
 * Every parameter is checked as the specification asks (an IRI, a JSON Agent, a UUID, a timestamp) and any parameter
 * it does not define is refused with 400. GET answers HEAD too (Fastify adds the route).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Actor, Agent, ifiOf, isIri, isTimestamp, isUuid } from '../../../core/xapi/index.ts';
import type { DocumentContext, DocumentKey, EntityTags, IncomingDocument, Preconditions, StoredDocument, XapiDocumentsService } from './documents.service.ts';
import { registerMethodsNotAllowed, writerOf } from './lrs.routes.ts';

/** Longest activity id, document id or agent parameter taken (the specification sets none; this stops abuse). */
const MAX_PARAMETER = 4096;

function parseJson(text: string, context: z.RefinementCtx, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    context.addIssue({ code: 'custom', message: `The ${what} must be JSON.` });
    return z.NEVER;
  }
}

const activityId = z.string().min(1).max(MAX_PARAMETER).refine(isIri, 'Use the activity’s IRI (absolute, with a scheme).');
const documentId = z.string().min(1, 'Give the document’s id.').max(MAX_PARAMETER);
const registration = z
  .string()
  .refine(isUuid, 'Use a UUID.')
  .transform((text) => text.toLowerCase());
/** A timestamp as the instant it names, UTC ISO (one without a zone is read as UTC, as statements' are). */
const since = z
  .string()
  .refine(isTimestamp, 'Use an ISO 8601 timestamp.')
  .transform((text) => new Date(/(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text.slice(10)) ? text : `${text}Z`).toISOString());

/** The agent of a document: JSON, an Agent or an identified Group, read as its identifier. */
const documentAgent = z
  .string()
  .max(MAX_PARAMETER)
  .transform((text, context) => {
    const parsed = Actor.safeParse(parseJson(text, context, 'agent'));
    const ifi = parsed.success ? ifiOf(parsed.data) : undefined;
    if (!ifi) {
      context.addIssue({ code: 'custom', message: parsed.success ? 'An anonymous group has no identifier: give an Agent or an identified Group.' : `The agent is not a valid Agent: ${parsed.error.issues[0]?.message ?? ''}` });
      return z.NEVER;
    }
    return ifi;
  });

/** The agent of the Agents resource: JSON, an Agent (not a Group, not a Person). */
const personAgent = z
  .string()
  .max(MAX_PARAMETER)
  .transform((text, context) => {
    const parsed = Agent.safeParse(parseJson(text, context, 'agent'));
    if (!parsed.success) {
      context.addIssue({ code: 'custom', message: `The agent is not a valid Agent: ${parsed.error.issues[0]?.message ?? ''}` });
      return z.NEVER;
    }
    return parsed.data;
  });

const StateParams = z.strictObject({ activityId, agent: documentAgent, registration: registration.optional(), stateId: documentId });
// `since` is taken (and has no effect) beside a stateId: only a list is filtered by it.
const StateGetParams = z.strictObject({ activityId, agent: documentAgent, registration: registration.optional(), stateId: documentId.optional(), since: since.optional() });
const StateDeleteParams = z.strictObject({ activityId, agent: documentAgent, registration: registration.optional(), stateId: documentId.optional() });
const ActivityProfileParams = z.strictObject({ activityId, profileId: documentId });
const ActivityProfileGetParams = z.strictObject({ activityId, profileId: documentId.optional(), since: since.optional() });
const AgentProfileParams = z.strictObject({ agent: documentAgent, profileId: documentId });
const AgentProfileGetParams = z.strictObject({ agent: documentAgent, profileId: documentId.optional(), since: since.optional() });
const ActivityParams = z.strictObject({ activityId });
const AgentParams = z.strictObject({ agent: personAgent });

/** The entity tags of an If-Match or If-None-Match header, unquoted; weak ones dropped when `strong` (If-Match). */
function entityTagsOf(header: string | undefined, strong: boolean): EntityTags | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '' && !(strong && tag.startsWith('W/')))
    .map((tag) => tag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1').toLowerCase());
}

function preconditionsOf(request: FastifyRequest): Preconditions {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  return { ifMatch: entityTagsOf(header('if-match'), true), ifNoneMatch: entityTagsOf(header('if-none-match'), false) };
}

/** The document a PUT or POST carries: its bytes (none: empty) and Content-Type (none: application/octet-stream). */
function documentOf(request: FastifyRequest): IncomingDocument {
  const contentType = request.headers['content-type']?.trim();
  return { content: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), contentType: contentType || 'application/octet-stream' };
}

function sendDocument(reply: FastifyReply, document: StoredDocument) {
  return (
    reply
      .header('content-type', document.contentType)
      .header('etag', `"${document.etag}"`)
      .header('last-modified', new Date(document.updated).toUTCString())
      // Documents are whatever clients stored (HTML too): never let a browser run them as this site's pages.
      .header('content-security-policy', "sandbox; default-src 'none'")
      .send(document.content)
  );
}

function sendIds(reply: FastifyReply, list: { ids: string[]; lastModified: string | undefined }) {
  if (list.lastModified) reply.header('last-modified', new Date(list.lastModified).toUTCString());
  return reply.send(list.ids);
}

/** The alternate request syntax (POST with ?method=) carries a form the /xapi scope's hook reads; any other body is a document. */
function isAlternateRequest(request: FastifyRequest): boolean {
  return request.method === 'POST' && typeof (request.query as Record<string, unknown> | undefined)?.method === 'string';
}

/**
 * Registers the document, Activities and Agents resources. Call inside the /xapi scope, after its hooks.
 */
export async function registerXapiDocumentRoutes(scope: FastifyInstance, services: { documents: XapiDocumentsService }): Promise<void> {
  const { documents } = services;
  const tags = ['lrs'];

  await scope.register(async (child) => {
    // Any content type is a document, kept as its bytes; a larger one than the LRS takes is refused with 413.
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: documents.maxBytes }, (_request, body, done) => done(null, body));
    child.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: documents.maxBytes }, (request, body, done) =>
      done(null, isAlternateRequest(request) ? Object.fromEntries(new URLSearchParams((body as Buffer).toString('utf8'))) : body),
    );
    const app = child.withTypeProvider<ZodTypeProvider>();

    // State: a scratch area per activity, agent and (optionally) registration. No precondition is required.
    const stateContext = (query: { activityId: string; agent: string; registration?: string | undefined }): DocumentContext => ({ kind: 'state', activityId: query.activityId, agentIfi: query.agent, registration: query.registration });
    const stateKey = (query: z.infer<typeof StateParams>): DocumentKey => ({ ...stateContext(query), documentId: query.stateId });

    app.put('/xapi/activities/state', { schema: { tags, summary: 'Store a state document, replacing one stored (204)', querystring: StateParams } }, async (request, reply) => {
      await documents.put(writerOf(request).orgId, stateKey(request.query), documentOf(request), preconditionsOf(request));
      return reply.status(204).send();
    });
    app.post('/xapi/activities/state', { schema: { tags, summary: 'Store a state document, or merge a JSON object into the one stored (204)', querystring: StateParams } }, async (request, reply) => {
      await documents.post(writerOf(request).orgId, stateKey(request.query), documentOf(request), preconditionsOf(request));
      return reply.status(204).send();
    });
    app.get('/xapi/activities/state', { schema: { tags, summary: 'One state document by stateId, or the stateIds of an activity and agent (since a time)', querystring: StateGetParams } }, async (request, reply) => {
      const { orgId } = writerOf(request);
      const { stateId, since: after, ...context } = request.query;
      if (stateId !== undefined) return sendDocument(reply, await documents.get(orgId, { ...stateContext(context), documentId: stateId }));
      return sendIds(reply, await documents.list(orgId, stateContext(context), after));
    });
    app.delete('/xapi/activities/state', { schema: { tags, summary: 'Delete one state document by stateId, or every one of an activity and agent (204)', querystring: StateDeleteParams } }, async (request, reply) => {
      const { orgId } = writerOf(request);
      const { stateId, ...context } = request.query;
      if (stateId !== undefined) await documents.remove(orgId, { ...stateContext(context), documentId: stateId }, preconditionsOf(request));
      else await documents.removeAll(orgId, stateContext(context));
      return reply.status(204).send();
    });

    // Activity Profile: documents about an activity. A PUT over an existing one needs If-Match or If-None-Match.
    const activityProfileKey = (query: { activityId: string; profileId: string }): DocumentKey => ({ kind: 'activity_profile', activityId: query.activityId, documentId: query.profileId });
    app.put('/xapi/activities/profile', { schema: { tags, summary: 'Store an activity profile document (204); needs If-Match or If-None-Match (409 over an existing one without, 400 over none)', querystring: ActivityProfileParams } }, async (request, reply) => {
      await documents.put(writerOf(request).orgId, activityProfileKey(request.query), documentOf(request), preconditionsOf(request));
      return reply.status(204).send();
    });
    app.post('/xapi/activities/profile', { schema: { tags, summary: 'Store an activity profile document, or merge a JSON object into the one stored (204)', querystring: ActivityProfileParams } }, async (request, reply) => {
      await documents.post(writerOf(request).orgId, activityProfileKey(request.query), documentOf(request), preconditionsOf(request));
      return reply.status(204).send();
    });
    app.get('/xapi/activities/profile', { schema: { tags, summary: 'One activity profile document by profileId, or the profileIds of an activity (since a time)', querystring: ActivityProfileGetParams } }, async (request, reply) => {
      const { orgId } = writerOf(request);
      const { profileId, since: after } = request.query;
      if (profileId !== undefined) return sendDocument(reply, await documents.get(orgId, activityProfileKey({ activityId: request.query.activityId, profileId })));
      return sendIds(reply, await documents.list(orgId, { kind: 'activity_profile', activityId: request.query.activityId }, after));
    });
    app.delete('/xapi/activities/profile', { schema: { tags, summary: 'Delete an activity profile document (204)', querystring: ActivityProfileParams } }, async (request, reply) => {
      await documents.remove(writerOf(request).orgId, activityProfileKey(request.query), preconditionsOf(request));
      return reply.status(204).send();
    });

    // Agent Profile: documents about an agent. A PUT over an existing one needs If-Match or If-None-Match.
    const agentProfileKey = (query: { agent: string; profileId: string }): DocumentKey => ({ kind: 'agent_profile', agentIfi: query.agent, documentId: query.profileId });
    app.put('/xapi/agents/profile', { schema: { tags, summary: 'Store an agent profile document (204); needs If-Match or If-None-Match (409 over an existing one without, 400 over none)', querystring: AgentProfileParams } }, async (request, reply) => {
      await documents.put(writerOf(request).orgId, agentProfileKey(request.query), documentOf(request), preconditionsOf(request));
      return reply.status(204).send();
    });
    app.post('/xapi/agents/profile', { schema: { tags, summary: 'Store an agent profile document, or merge a JSON object into the one stored (204)', querystring: AgentProfileParams } }, async (request, reply) => {
      await documents.post(writerOf(request).orgId, agentProfileKey(request.query), documentOf(request), preconditionsOf(request));
      return reply.status(204).send();
    });
    app.get('/xapi/agents/profile', { schema: { tags, summary: 'One agent profile document by profileId, or the profileIds of an agent (since a time)', querystring: AgentProfileGetParams } }, async (request, reply) => {
      const { orgId } = writerOf(request);
      const { profileId, since: after } = request.query;
      if (profileId !== undefined) return sendDocument(reply, await documents.get(orgId, agentProfileKey({ agent: request.query.agent, profileId })));
      return sendIds(reply, await documents.list(orgId, { kind: 'agent_profile', agentIfi: request.query.agent }, after));
    });
    app.delete('/xapi/agents/profile', { schema: { tags, summary: 'Delete an agent profile document (204)', querystring: AgentProfileParams } }, async (request, reply) => {
      await documents.remove(writerOf(request).orgId, agentProfileKey(request.query), preconditionsOf(request));
      return reply.status(204).send();
    });

    // Read-only resources: any other method is a 405, as for a statement DELETE.
    registerMethodsNotAllowed(child, '/xapi/activities', ['POST', 'PUT', 'DELETE']);
    registerMethodsNotAllowed(child, '/xapi/agents', ['POST', 'PUT', 'DELETE']);
    app.get('/xapi/activities', { schema: { tags, summary: 'An activity with the canonical definition this LRS holds', querystring: ActivityParams } }, async (request) =>
      documents.getActivity(writerOf(request).orgId, request.query.activityId),
    );
    app.get('/xapi/agents', { schema: { tags, summary: 'The Person object of an agent: its identifier and the names it has gone by', querystring: AgentParams } }, async (request) =>
      documents.getPerson(writerOf(request).orgId, request.query.agent),
    );
  });
}
