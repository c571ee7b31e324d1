import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './gamification.schemas.ts';
import type { GamificationService } from './gamification.service.ts';

/** Points, leaderboards and their settings. Routes parse, call one service method and present. */
export function registerGamificationRoutes(parent: FastifyInstance, gamification: GamificationService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['gamification'];

  app.get('/api/me/points', { schema: { tags, summary: 'The signed-in learner’s points, streak, recent awards and leaderboard choice', response: { 200: S.MyPoints } } }, async (request) =>
    gamification.myPoints(actorOf(request)),
  );
  app.put(
    '/api/me/leaderboard-visibility',
    { schema: { tags, summary: 'Appear on leaderboards by name, anonymously, or not at all', body: S.VisibilityBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await gamification.setVisibility(actorOf(request), request.body.visibility);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/leaderboards',
    {
      schema: {
        tags,
        summary: 'Individuals by points: the organisation’s board or a team’s, this season, the last one, or all time',
        description: 'Errors: 404 not_found for a team of another organisation; 403 forbidden for a team the viewer is not in (managers and admins may see any).',
        querystring: S.LeaderboardQuery,
        response: { 200: S.Leaderboard },
      },
    },
    async (request) => gamification.leaderboard(actorOf(request), request.query),
  );
  app.get('/api/leaderboards/teams', { schema: { tags, summary: 'Team against team: points per active member', querystring: S.TeamBoardQuery, response: { 200: S.TeamBoard } } }, async (request) =>
    gamification.teamBoard(actorOf(request), request.query.season),
  );
  app.get('/api/gamification/settings', { schema: { tags, summary: 'Point rules and leaderboard settings (admins)', response: { 200: S.GamificationSettings } } }, async (request) =>
    gamification.getSettings(actorOf(request)),
  );
  app.patch(
    '/api/gamification/settings',
    {
      schema: {
        tags,
        summary: 'Change point rules (merged over the defaults) and leaderboard settings (admins)',
        description: 'Errors: 400 validation_failed with the rule at fault.',
        body: S.GamificationSettingsBody,
        response: { 200: S.GamificationSettings },
      },
    },
    async (request) => gamification.updateSettings(actorOf(request), request.body),
  );
  app.put(
    '/api/teams/:teamId/leaderboard',
    { schema: { tags, summary: 'Turn a team’s leaderboard on or off (its managers, admins)', params: z.object({ teamId: z.string().min(1).max(64) }), body: S.TeamLeaderboardBody, response: { 200: S.TeamLeaderboardSetting } } },
    async (request) => gamification.setTeamLeaderboard(actorOf(request), request.params.teamId, request.body.enabled),
  );
}
