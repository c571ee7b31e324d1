import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './rewards.schemas.ts';
import type { RewardsService } from './rewards.service.ts';

const REDEEM_DESCRIPTION = `Spend points on a reward. One unit of its stock, its cost from your balance, the redemption (\`requested\`, for an admin to approve or decline) and the ledger entry are written together or not at all.

**Answers.** \`201\`: redeemed. \`200\`: this \`clientId\` already redeemed this reward (also when two identical requests race): nothing more was charged and the body is that redemption. \`404 not_found\`: no such reward. \`409 reward_inactive\`: no longer offered. \`409 reward_out_of_stock\`. \`409 insufficient_points\` (\`details\`: \`cost\`, \`balance\`). \`409 conflict\`: the \`clientId\` was used for another reward.`;

/** The rewards catalogue and redemptions. Routes parse, call one service method and present. */
export function registerRewardsRoutes(parent: FastifyInstance, rewards: RewardsService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['rewards'];

  // ---------------------------------------------------------------- the catalogue
  app.get(
    '/api/rewards',
    {
      schema: {
        tags,
        summary: 'The rewards on offer, by name, with the caller’s balance (admins with `all=true`: inactive ones too)',
        description: 'Errors: `403 forbidden` for `all` without the admin role, and for API tokens.',
        querystring: S.RewardsQuery,
        response: { 200: S.RewardsCatalogue },
      },
    },
    async (request) => rewards.listRewards(actorOf(request), { all: request.query.all }),
  );
  app.post('/api/rewards', { schema: { tags, summary: 'Add a reward to the catalogue (admins)', body: S.CreateRewardBody, response: { 201: S.Reward } } }, async (request, reply) =>
    reply.status(201).send(await rewards.createReward(actorOf(request), request.body)),
  );
  app.patch(
    '/api/rewards/:id',
    {
      schema: {
        tags,
        summary: 'Change or deactivate a reward (admins)',
        description: 'A new cost applies to requests from now on; `stock` is set outright (null: unlimited); `active: false` takes no new requests, and those made are still decided.',
        params: S.RewardParams,
        body: S.UpdateRewardBody,
        response: { 200: S.Reward },
      },
    },
    async (request) => rewards.updateReward(actorOf(request), request.params.id, request.body),
  );

  // ---------------------------------------------------------------- redemptions
  app.post(
    '/api/rewards/:id/redemptions',
    { schema: { tags, summary: 'Redeem a reward with one’s points (signed-in people)', description: REDEEM_DESCRIPTION, params: S.RewardParams, body: S.RedeemBody, response: { 200: S.Redemption, 201: S.Redemption } } },
    async (request, reply) => {
      const outcome = await rewards.redeem(actorOf(request), request.params.id, request.body.clientId);
      return reply.status(outcome.created ? 201 : 200).send(outcome.redemption);
    },
  );
  app.get(
    '/api/redemptions',
    {
      schema: {
        tags,
        summary: 'One’s own redemptions, newest first; admins with `all=true`: the organisation’s, those to decide first, oldest first',
        description: 'Errors: `403 forbidden` for `all` without the admin role.',
        querystring: S.RedemptionsQuery,
        response: { 200: S.Redemptions },
      },
    },
    async (request) => ({ items: await rewards.listRedemptions(actorOf(request), request.query) }),
  );
  app.post(
    '/api/redemptions/:id/approve',
    { schema: { tags, summary: 'Approve a requested redemption (admins)', description: 'Errors: `409 redemption_decided` when it was already approved or declined.', params: S.RedemptionParams, body: S.ApproveBody, response: { 200: S.Redemption } } },
    async (request) => rewards.approve(actorOf(request), request.params.id, request.body?.note),
  );
  app.post(
    '/api/redemptions/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline a requested redemption and refund it (admins)',
        description: 'Its cost goes back to the learner’s balance and its unit back to the stock, once. Errors: `409 redemption_decided` when it was already approved or declined.',
        params: S.RedemptionParams,
        body: S.DeclineBody,
        response: { 200: S.Redemption },
      },
    },
    async (request) => rewards.decline(actorOf(request), request.params.id, request.body?.note),
  );
}
