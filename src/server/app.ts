import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installAuthHooks } from './http/auth-hooks.ts';
import { installAuditHook } from './http/audit-hook.ts';
import { answerFrameworkError, errorBody, installErrorHandler } from './http/error-handler.ts';
import { registerContentRoutes } from './modules/content/index.ts';
import { registerAssessmentRoutes, registerLearningRoutes } from './modules/learning/index.ts';
import { registerIdentityRoutes } from './modules/identity/index.ts';
import { registerPrivacyRoutes } from './modules/identity/index.ts';
import { registerAuditRoutes } from './modules/identity/index.ts';
import { registerImportRoutes } from './modules/import/index.ts';
import { registerMediaRoutes } from './modules/media/index.ts';
import { registerSearchRoutes } from './modules/search/index.ts';
import { registerRewardsRoutes } from './modules/gamification/index.ts';
import { registerBadgesRoutes, registerGamificationRoutes } from './modules/gamification/index.ts';
import { registerDeliveryRoutes, registerTriggerRoutes } from './modules/delivery/index.ts';
import { registerLrsRoutes } from './modules/lrs/index.ts';
import { registerAnalyticsRoutes, registerProficiencyRoutes } from './modules/analytics/index.ts';
import { registerProgressRoutes } from './modules/analytics/index.ts';
import { registerLessonImprovementRoutes } from './modules/analytics/index.ts';
import { AppError } from './platform/errors.ts';
import type { Services } from './services.ts';

/** Where `npm run build` puts the web app. */
export const WEB_DIST = resolve(import.meta.dirname, '../../dist/web');

/** Told of every route as it is added (the access test walks the route table with it). */
export type RouteListener = (route: { method: string | string[]; url: string; config?: unknown; schema?: { body?: unknown } }) => void;

/**
 * Builds the HTTP application: plugins, every module's routes, the one error handler, the web app.
 * Does not listen; `main.ts` does, and tests use `inject`.
 */
export async function buildApp(services: Services, options: { logger?: false; onRoute?: RouteListener } = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger === false ? undefined : services.logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.env === 'production',
    requestIdHeader: false,
    frameworkErrors: answerFrameworkError,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(fastifyCookie);
  // Before the auth hooks: their 401 and CSRF refusals end the request in onRequest, and must carry these headers too.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Only behind HTTPS: on plain http://localhost it would break every asset.
        upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
      },
    },
    // The learner app opens media from the same origin only; no cross-origin isolation needed.
    crossOriginEmbedderPolicy: false,
  });
  installAuthHooks(app, services.auth, config.publicUrl);
  installAuditHook(app, services.audit);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  await app.register(fastifyRateLimit, {
    global: false,
    // After body parsing, so limits can be keyed by the email being tried.
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Morsel API', version: '0.1.0', description: 'Micro-learning for organisations. Errors are `{ "error": { "code", "message", "details"? } }`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'morsel_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/healthz',
    { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Liveness and database reachability', response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) } } },
    async (_request, reply) => ((await services.database.ping()) ? { status: 'ok' as const } : reply.status(503).send({ status: 'unavailable' as const })),
  );
  typed.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerIdentityRoutes(app, {
    identity: services.identity,
    auth: services.auth,
    cookieSecure: config.cookieSecure,
    sessionIdleHours: config.sessionIdleHours,
    signInRateLimit: config.signInRateLimit,
  });

  registerContentRoutes(app, services.content);
  registerLearningRoutes(app, services.learning);
  registerAssessmentRoutes(app, { checks: services.checks, certifications: services.certifications, forecast: services.forecast, fsrs: services.fsrs });
  await registerMediaRoutes(app, { media: services.media, maxBytes: config.mediaMaxBytes });
  registerDeliveryRoutes(app, { outbox: services.outbox, campaigns: services.campaigns, inbox: services.inbox });
  registerTriggerRoutes(app, services.triggers);
  registerImportRoutes(app, services.imports);
  registerSearchRoutes(app, services.search);
  registerRewardsRoutes(app, services.rewards);
  registerGamificationRoutes(app, services.gamification);
  registerBadgesRoutes(app, services.badges);
  registerAnalyticsRoutes(app, services.analytics);
  registerProgressRoutes(app, services.progress);
  registerProficiencyRoutes(app, services.proficiency);
  registerLessonImprovementRoutes(app, services.lessonImprovement);
  registerPrivacyRoutes(app, services.privacy);
  registerAuditRoutes(app, services.audit);
  await registerLrsRoutes(app, { lrs: services.lrs, credentials: services.lrsCredentials, documents: services.xapiDocuments, forwarding: services.lrsForwarding });

  await registerWebApp(app);
  return app;
}

/** Serves the built web app, with every non-API path falling back to index.html for client-side routing. */
async function registerWebApp(app: FastifyInstance): Promise<void> {
  const hasBuild = existsSync(join(WEB_DIST, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  const indexHtml = hasBuild ? await readFile(join(WEB_DIST, 'index.html'), 'utf8') : undefined;
  app.setNotFoundHandler({ preHandler: undefined }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !path.startsWith('/api/') && path !== '/api' && !path.startsWith('/xapi/')) {
      if (indexHtml) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      return reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>Morsel</title><p>The web app is not built yet. Run <code>npm run build</code>, or use <code>npm start</code>, which builds it.</p>');
    }
    return reply.status(404).send(errorBody('route_not_found', `There is no ${request.method} ${path} route. See /api/docs.`));
  });
}
