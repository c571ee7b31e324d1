import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './trigger.schemas.ts';
import type { TriggerService } from './trigger.service.ts';

const EVENTS_DESCRIPTION = `Send a business event (a deal closed, a ticket escalated, a compliance decision coming up). Authenticate with an API token holding the \`events:write\` scope (\`Authorization: Bearer mrsl_…\`); admins may also post from a signed-in session, for testing.

Every active rule of the event's \`type\` (compared without case) is tried in the order the rules were created: when all its conditions hold, a delivery of its lesson (or of the first lesson of its course the person has not done) is planned at \`occurredAt\` + the rule's delay, moved into the person's working hours outside quiet hours unless the rule is urgent, and never before now. A rule skips when the same lesson (or course) went or is planned to the person within its cool-down.

**Answers.** \`202\`: the event is new and recorded; \`scheduled\` lists what will be sent and \`skipped\` every rule of the type that scheduled nothing, with why. \`200\`: the \`idempotencyKey\` was seen before (also when two identical calls race): nothing more was scheduled and the body is the first call's result with \`duplicate: true\`. A person Morsel does not know is **not** an error: the event is recorded (\`202\`) and each rule is skipped as \`person_unknown\`, so a webhook stops retrying; add the person and send a new event. \`400 validation_failed\`: a malformed body, or \`occurredAt\` more than 7 days ago or more than 5 minutes ahead. \`403 forbidden\`: the token lacks \`events:write\`. \`409 conflict\`: the key was already used for a different event (another type or person).`;

const COMPLETION_DESCRIPTION = `\`GET /api/people/{email|externalId}/completions?lesson=…&within=P30D\`. Ask, before letting a person make a decision, whether they have completed a lesson recently. Authenticate with an API token holding \`people:read\`, or as an admin or manager (managers: the people of their teams). \`within\` is an ISO 8601 duration (\`P30D\`, \`P2W\`, \`PT12H\`; at most \`P3650D\`); without it any completion counts. \`404 not_found\`: no active person with that email or external id, or no such lesson. \`409 conflict\`: several people share the external id.`;

/** Trigger rules, events and the completion gate. Routes parse, call one service method and present. */
export function registerTriggerRoutes(parent: FastifyInstance, triggers: TriggerService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['triggers'];

  // ---------------------------------------------------------------- rules (admins)
  app.get('/api/trigger-rules', { schema: { tags, summary: 'Just-in-time trigger rules, oldest first (admins)', response: { 200: S.TriggerRuleList } } }, async (request) => ({
    items: await triggers.listRules(actorOf(request)),
  }));
  app.post(
    '/api/trigger-rules',
    {
      schema: {
        tags,
        summary: 'Create a trigger rule (admins)',
        description: 'The course must be published and the lesson, if given, part of its latest version (`409 course_not_published`, `400 validation_failed`).',
        body: S.TriggerRuleCreate,
        response: { 201: S.TriggerRule },
      },
    },
    async (request, reply) => reply.status(201).send(await triggers.createRule(actorOf(request), request.body)),
  );
  app.get('/api/trigger-rules/:id', { schema: { tags, summary: 'One trigger rule (admins)', params: S.TriggerRuleParams, response: { 200: S.TriggerRule } } }, async (request) =>
    triggers.getRule(actorOf(request), request.params.id),
  );
  app.patch('/api/trigger-rules/:id', { schema: { tags, summary: 'Change a trigger rule (admins); deliveries already planned are kept', params: S.TriggerRuleParams, body: S.TriggerRulePatch, response: { 200: S.TriggerRule } } }, async (request) =>
    triggers.updateRule(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/trigger-rules/:id',
    { schema: { tags, summary: 'Delete a trigger rule (admins); its deliveries not yet sent are cancelled (deactivate it to keep them)', params: S.TriggerRuleParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await triggers.deleteRule(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // ---------------------------------------------------------------- events
  app.post(
    '/api/events',
    {
      schema: {
        tags,
        summary: 'Send a business event: matching rules schedule lessons (token with events:write, or admins)',
        description: EVENTS_DESCRIPTION,
        security: [{ apiToken: [] }, { session: [] }],
        body: S.EventBody,
        response: { 202: S.EventResult.describe('A new event: recorded, with what it scheduled and skipped'), 200: S.EventResult.describe('A repeated idempotency key: the first call’s result, `duplicate: true`') },
      },
    },
    async (request, reply) => {
      const result = await triggers.receiveEvent(actorOf(request), request.body);
      return reply.status(result.duplicate ? 200 : 202).send(result);
    },
  );
  app.get('/api/events', { schema: { tags, summary: 'The latest events with what they scheduled, newest first (admins)', querystring: S.EventsQuery, response: { 200: S.TriggerEventList } } }, async (request) => ({
    items: await triggers.listEvents(actorOf(request), request.query),
  }));

  // ---------------------------------------------------------------- the completion gate
  app.get(
    '/api/people/:id/completions',
    { schema: { tags, summary: 'Has this person (by email or external id) completed this lesson recently?', description: COMPLETION_DESCRIPTION, params: S.CompletionParams, querystring: S.CompletionQuery, response: { 200: S.Completion } } },
    async (request) => triggers.checkCompletion(actorOf(request), request.params.id, request.query.lesson, request.query.within),
  );
}
