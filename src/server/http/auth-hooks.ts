import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, UnauthenticatedError } from '../platform/errors.ts';
import { safeEqual } from '../platform/ids.ts';
import type { Actor, AuthService } from '../modules/identity/index.ts';

export const SESSION_COOKIE = 'morsel_session';

/** How a request authenticated, if it did. */
export interface RequestAuth {
  actor: Actor;
  via: 'cookie' | 'token';
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** `public`: no credentials needed. Default: a signed-in person or an API token is required. */
    access?: 'public';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor of an authenticated route (the pre-handler has already refused anonymous requests). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw new UnauthenticatedError();
  return request.auth.actor;
}

/**
 * Must be installed before any plugin that adds routes. Resolves credentials on every request (session cookie, or `Authorization: Bearer` API token), refuses
 * anonymous requests to non-public routes, and guards cookie-authenticated writes against CSRF: the
 * `x-csrf-token` header must carry the session's token, and a cross-site Origin is refused outright.
 */
export function installAuthHooks(app: FastifyInstance, auth: AuthService, publicUrl: string): void {
  app.decorateRequest('auth', null);
  // The web app's files and the API documentation are public; everything else under /api/ is not unless it says so.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) route.config = { ...route.config, access: 'public' };
  });
  const publicOrigin = new URL(publicUrl).origin;

  app.addHook('onRequest', async (request) => {
    // The LRS authenticates its own clients (HTTP Basic with LRS credentials): see modules/lrs.
    if (request.is404 || request.routeOptions.url?.startsWith('/xapi/')) return;
    const isPublic = request.routeOptions.config.access === 'public';
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await auth.authenticateApiToken(match[1]!) : undefined;
      if (!actor) throw new UnauthenticatedError('The API token is missing, malformed, unknown or revoked.');
      request.auth = { actor, via: 'token', csrfToken: null };
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await auth.authenticateSession(token) : undefined;
      if (session) request.auth = { actor: session.actor, via: 'cookie', csrfToken: session.csrfToken };
    }
    // Checked before the body is parsed or validated: an anonymous or forged request learns nothing more.
    if (!SAFE_METHODS.has(request.method) && request.auth?.via !== 'token') {
      const origin = request.headers.origin;
      if (origin && origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`) {
        throw new AppError('csrf_failed', 'This request came from another site and was refused.');
      }
      // Public routes (sign-in, sign-out…) change nothing a forged request could abuse beyond what SameSite stops.
      if (request.auth?.via === 'cookie' && !isPublic) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !request.auth.csrfToken || !safeEqual(sent, request.auth.csrfToken)) {
          throw new AppError('csrf_failed', 'The x-csrf-token header is missing or stale. Reload the page and try again.');
        }
      }
    }
    if (!isPublic && !request.auth) throw new UnauthenticatedError();
  });
}
