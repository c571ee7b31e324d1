/**
 * The audit log's recorder (issue 9): as each response is about to go out, a write (POST, PUT, PATCH, DELETE) to `/api/…` by an
 * authenticated person or API token that succeeded (status < 400) or was refused (403) is recorded with the audit
 * service: who, the route pattern and its target, the names of the body fields sent (never their values) and the
 * status. A learner's own learning and self-service (answers, feedback, their profile, signing in) is not recorded.
 *
 * Limitation: the record is written after the change has committed (in `onSend`, once the status is known, so that a
 * client holding the response can read the record), not in the change's own transaction. A crash between the two
 * loses the record; a failure to write it is logged (`audit event not recorded`) and never changes the response. The
 * log is a trail for people to read, not a ledger to reconcile against.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditService } from '../modules/identity/index.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes (and everything under them) a person uses for their own learning or account: not recorded. */
const SELF_SERVICE_ROUTES = ['/api/learn', '/api/me', '/api/profile', '/api/auth', '/api/search/feedback', '/api/unsubscribe', '/api/setup'];

/** Single writes not recorded, and why. */
const NOT_RECORDED = new Set([
  // A learner spending their own points; the admin's approval or refusal is recorded.
  'POST /api/rewards/:id/redemptions',
  // Integrations' business events: a feed, not an administrative act, and each is stored with its key already.
  'POST /api/events',
]);

/** Field names kept per record at most, and their length. */
const MAX_FIELDS = 50;
const MAX_FIELD_LENGTH = 100;
const MAX_TARGET_LENGTH = 200;

/** Whether a write to `route` answered with `status` belongs in the audit log. */
export function isAudited(method: string, route: string, status: number): boolean {
  if (!WRITE_METHODS.has(method) || !route.startsWith('/api/')) return false;
  if (status >= 400 && status !== 403) return false;
  if (SELF_SERVICE_ROUTES.some((prefix) => route === prefix || route.startsWith(`${prefix}/`))) return false;
  return !NOT_RECORDED.has(`${method} ${route}`);
}

/** The names of a JSON object body's top-level fields (none for CSV text, arrays or no body), capped. */
export function fieldNamesOf(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.keys(body)
    .slice(0, MAX_FIELDS)
    .map((name) => name.slice(0, MAX_FIELD_LENGTH));
}

/** The route's `:id` parameter, else its last one, else null. */
export function targetOf(params: unknown): string | null {
  if (params === null || typeof params !== 'object') return null;
  const values = params as Record<string, unknown>;
  const target = typeof values.id === 'string' ? values.id : Object.values(values).filter((value): value is string => typeof value === 'string').at(-1);
  return target ? target.slice(0, MAX_TARGET_LENGTH) : null;
}

/** The body field names as sent, before validation fills in defaults or drops unknown keys. */
const sentFields = new WeakMap<FastifyRequest, string[]>();

/** Installs the recorder. Must come after the auth hooks (it reads `request.auth`) and before any route. */
export function installAuditHook(app: FastifyInstance, audit: AuditService): void {
  app.addHook('preValidation', async (request) => {
    if (WRITE_METHODS.has(request.method)) sentFields.set(request, fieldNamesOf(request.body));
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!request.auth || !route || !isAudited(request.method, route, reply.statusCode)) return payload;
    try {
      await audit.record({
        actor: request.auth.actor,
        method: request.method,
        route,
        targetId: targetOf(request.params),
        status: reply.statusCode,
        fields: sentFields.get(request) ?? [],
        ip: request.ip || null,
      });
    } catch (error) {
      request.log.error({ err: error, route }, 'audit event not recorded');
    }
    return payload;
  });
}
