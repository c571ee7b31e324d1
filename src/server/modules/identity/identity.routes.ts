import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../http/auth-hooks.ts';
import { requirePerson } from './access.ts';
import type { AuthService, StartedSession } from './auth.service.ts';
import * as S from './identity.schemas.ts';
import type { IdentityService } from './identity.service.ts';

export interface IdentityRouteDeps {
  identity: IdentityService;
  auth: AuthService;
  cookieSecure: boolean;
  sessionIdleHours: number;
  signInRateLimit: number;
}

const ACCEPTED = { status: 'accepted' as const, message: 'If an account matches, an email is on its way.' };

/** Routes parse, call one service method and present. */
export function registerIdentityRoutes(parent: FastifyInstance, deps: IdentityRouteDeps): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { identity, auth } = deps;
  const userAgent = (request: FastifyRequest) => request.headers['user-agent'] ?? null;

  /** Per address and email: slows password guessing without locking a real person out for long. */
  const rateLimit = {
    max: deps.signInRateLimit,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return `${request.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
    },
  };

  async function signedIn(reply: FastifyReply, session: StartedSession) {
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.cookieSecure,
      path: '/',
      maxAge: deps.sessionIdleHours * 3600,
    });
    return identity.getSessionInfo(session.orgId, session.personId, session.csrfToken);
  }

  const tags = (tag: string) => [tag];

  // ------------------------------------------------------------ set-up and sign-in

  app.get('/api/setup', { config: { access: 'public' }, schema: { tags: tags('auth'), summary: 'Whether first-run set-up is needed', response: { 200: S.SetupStatus } } }, async () => ({
    needed: await identity.isSetupNeeded(),
  }));

  app.post(
    '/api/setup',
    { config: { access: 'public', rateLimit }, schema: { tags: tags('auth'), summary: 'First-run set-up: the organisation and its first admin', body: S.SetupBody, response: { 201: S.SessionInfo } } },
    async (request, reply) => {
      const { orgId, personId } = await identity.setUp(request.body);
      const info = await signedIn(reply, await auth.startSession(orgId, personId, userAgent(request)));
      return reply.status(201).send(info);
    },
  );

  app.post(
    '/api/auth/sign-in',
    { config: { access: 'public', rateLimit }, schema: { tags: tags('auth'), summary: 'Sign in with email and password', body: S.SignInBody, response: { 200: S.SessionInfo } } },
    async (request, reply) => signedIn(reply, await auth.signIn(request.body, userAgent(request))),
  );

  app.post('/api/auth/sign-out', { config: { access: 'public' }, schema: { tags: tags('auth'), summary: 'Sign out of this session', response: { 204: z.null() } } }, async (request, reply) => {
    const actor = request.auth?.actor;
    if (actor?.kind === 'person' && actor.sessionId) await auth.signOut(actor.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post(
    '/api/auth/magic-link',
    { config: { access: 'public', rateLimit }, schema: { tags: tags('auth'), summary: 'Email a single-use sign-in link', body: S.LinkRequestBody, response: { 202: S.Accepted } } },
    async (request, reply) => {
      await auth.requestSignInLink(request.body);
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    '/api/auth/magic-link/redeem',
    { config: { access: 'public', rateLimit }, schema: { tags: tags('auth'), summary: 'Sign in with a link from an email', body: S.RedeemLinkBody, response: { 200: S.RedeemedLink } } },
    async (request, reply) => {
      const session = await auth.redeemSignInLink(request.body.token, userAgent(request));
      return { ...(await signedIn(reply, session)), redirectTo: session.redirectTo };
    },
  );

  app.post(
    '/api/auth/password-reset',
    { config: { access: 'public', rateLimit }, schema: { tags: tags('auth'), summary: 'Email a password-reset link', body: S.PasswordResetRequestBody, response: { 202: S.Accepted } } },
    async (request, reply) => {
      await auth.requestPasswordReset(request.body);
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    { config: { access: 'public', rateLimit }, schema: { tags: tags('auth'), summary: 'Choose a new password with a reset link', body: S.PasswordResetConfirmBody, response: { 200: S.SessionInfo } } },
    async (request, reply) => signedIn(reply, await auth.confirmPasswordReset(request.body.token, request.body.password, userAgent(request))),
  );

  // ------------------------------------------------------------ me

  app.get('/api/me', { schema: { tags: tags('me'), summary: 'The signed-in person and their organisation', response: { 200: S.SessionInfo } } }, async (request) => {
    const actor = requirePerson(actorOf(request));
    return identity.getSessionInfo(actor.orgId, actor.personId, request.auth?.csrfToken ?? null);
  });

  app.patch('/api/me', { schema: { tags: tags('me'), summary: 'Change your own profile', body: S.ProfilePatch, response: { 200: S.SessionInfo } } }, async (request) => {
    const actor = requirePerson(actorOf(request));
    await identity.updateOwnProfile(actor, request.body);
    return identity.getSessionInfo(actor.orgId, actor.personId, request.auth?.csrfToken ?? null);
  });

  app.post('/api/me/password', { schema: { tags: tags('me'), summary: 'Change your password', body: S.ChangePasswordBody, response: { 204: z.null() } } }, async (request, reply) => {
    await auth.changePassword(actorOf(request), request.body);
    return reply.status(204).send(null);
  });

  // ------------------------------------------------------------ organisation

  app.get('/api/organisation', { schema: { tags: tags('organisation'), summary: 'Your organisation and its defaults', response: { 200: S.Organisation } } }, async (request) =>
    identity.getOrganisation(actorOf(request)),
  );

  app.patch(
    '/api/organisation',
    { schema: { tags: tags('organisation'), summary: 'Change the organisation’s name and defaults (admin)', body: S.OrganisationPatch.strict(), response: { 200: S.Organisation } } },
    async (request) => identity.updateOrganisation(actorOf(request), request.body),
  );

  // ------------------------------------------------------------ people

  app.get('/api/people', { schema: { tags: tags('people'), summary: 'List people (admin; managers see their teams)', querystring: S.PeopleQuery, response: { 200: S.PersonPage } } }, async (request) =>
    identity.listPeople(actorOf(request), request.query),
  );

  app.post('/api/people', { schema: { tags: tags('people'), summary: 'Add a person (admin)', body: S.PersonCreate, response: { 201: S.Person } } }, async (request, reply) =>
    reply.status(201).send(await identity.createPerson(actorOf(request), request.body)),
  );

  app.post(
    '/api/people/import',
    {
      schema: {
        tags: tags('people'),
        summary: 'Import people from CSV (admin). All or nothing: any invalid row means nothing changes.',
        description:
          'Body: the CSV text, `content-type: text/csv`. Columns: name, email, team, manager email, time zone, role (roles separated by `;`). ' +
          'Attributes: the columns location, site, store, region, shift and job title fill the attribute of that name (`job_title`), and a column `attr:<key>` or `attribute.<key>` fills attribute `<key>`; ' +
          'empty cells keep the current value and attributes not in the file are kept. Other columns are ignored.',
        querystring: S.ImportQuery,
        body: z.string().max(20_000_000),
        response: { 200: S.ImportReport },
      },
    },
    async (request) => identity.importPeople(actorOf(request), request.body, { dryRun: request.query.dryRun }),
  );

  app.get('/api/people/:id', { schema: { tags: tags('people'), summary: 'One person', params: S.IdParams, response: { 200: S.Person } } }, async (request) =>
    identity.getPerson(actorOf(request), request.params.id),
  );

  app.patch('/api/people/:id', { schema: { tags: tags('people'), summary: 'Change a person (admin)', params: S.IdParams, body: S.PersonPatch, response: { 200: S.Person } } }, async (request) =>
    identity.updatePerson(actorOf(request), request.params.id, request.body),
  );

  app.delete('/api/people/:id', { schema: { tags: tags('people'), summary: 'Deactivate a person (admin); their records stay', params: S.IdParams, response: { 204: z.null() } } }, async (request, reply) => {
    await identity.updatePerson(actorOf(request), request.params.id, { status: 'deactivated' });
    return reply.status(204).send(null);
  });

  app.post(
    '/api/people/:id/sign-in-link',
    { schema: { tags: tags('people'), summary: 'Email the person a sign-in link valid for 3 days (admin)', params: S.IdParams, response: { 202: S.Accepted } } },
    async (request, reply) => {
      await auth.sendSignInLink(actorOf(request), request.params.id);
      return reply.status(202).send({ status: 'accepted', message: 'The sign-in link has been sent.' });
    },
  );

  // ------------------------------------------------------------ teams

  app.get('/api/teams', { schema: { tags: tags('teams'), summary: 'List teams (admin; managers see theirs)', response: { 200: S.TeamList } } }, async (request) => ({
    items: await identity.listTeams(actorOf(request)),
  }));

  app.post('/api/teams', { schema: { tags: tags('teams'), summary: 'Create a team (admin)', body: S.TeamCreate, response: { 201: S.Team } } }, async (request, reply) =>
    reply.status(201).send(await identity.createTeam(actorOf(request), request.body)),
  );

  app.get('/api/teams/:id', { schema: { tags: tags('teams'), summary: 'A team with its members', params: S.IdParams, response: { 200: S.TeamDetail } } }, async (request) =>
    identity.getTeam(actorOf(request), request.params.id),
  );

  app.patch('/api/teams/:id', { schema: { tags: tags('teams'), summary: 'Change a team (admin)', params: S.IdParams, body: S.TeamPatch, response: { 200: S.TeamDetail } } }, async (request) =>
    identity.updateTeam(actorOf(request), request.params.id, request.body),
  );

  app.delete('/api/teams/:id', { schema: { tags: tags('teams'), summary: 'Delete a team (admin); its people stay', params: S.IdParams, response: { 204: z.null() } } }, async (request, reply) => {
    await identity.deleteTeam(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.put(
    '/api/teams/:id/members/:personId',
    { schema: { tags: tags('teams'), summary: 'Add a person to a team or change their role in it (admin)', params: S.TeamMemberParams, body: S.TeamMembershipBody, response: { 200: S.TeamDetail } } },
    async (request) => identity.setTeamMember(actorOf(request), request.params.id, request.params.personId, request.body.role),
  );

  app.delete(
    '/api/teams/:id/members/:personId',
    { schema: { tags: tags('teams'), summary: 'Remove a person from a team (admin)', params: S.TeamMemberParams, response: { 200: S.TeamDetail } } },
    async (request) => identity.removeTeamMember(actorOf(request), request.params.id, request.params.personId),
  );

  // ------------------------------------------------------------ API tokens

  app.get('/api/tokens', { schema: { tags: tags('tokens'), summary: 'List API tokens (admin)', response: { 200: S.ApiTokenList } } }, async (request) => ({
    items: await auth.listApiTokens(actorOf(request)),
  }));

  app.post('/api/tokens', { schema: { tags: tags('tokens'), summary: 'Create an API token (admin); the secret is shown once', body: S.ApiTokenCreate, response: { 201: S.CreatedApiToken } } }, async (request, reply) =>
    reply.status(201).send(await auth.createApiToken(actorOf(request), request.body)),
  );

  app.delete('/api/tokens/:id', { schema: { tags: tags('tokens'), summary: 'Revoke an API token (admin)', params: S.IdParams, response: { 204: z.null() } } }, async (request, reply) => {
    await auth.revokeApiToken(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
