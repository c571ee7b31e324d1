/**
 * The rewards catalogue and redemptions (issue 7): admins offer rewards with a point cost and an optional stock;
 * a learner spends points on one; an admin approves the request or declines it, which refunds it.
 *
 * The guarantees rest on single conditional statements inside one transaction, not on reading first and writing
 * after: a unit of stock is taken only while some is left (`stock > 0`), points only while the balance covers
 * them (`balance >= cost`), and a redemption is decided only while it is still `requested`. Whatever fails rolls
 * back everything before it, so stock, wallet, redemption and ledger always move together. Requests are idempotent
 * by the learner's client id (unique per person): a retry answers with the first redemption and charges nothing.
 *
 * The ledger stays the single source of truth: a redemption writes an entry of minus its cost (`redeem:<id>`), a
 * refund one of plus its cost (`refund:<id>`), each with the wallet in the same transaction, so a wallet's balance
 * is always the sum of its person's entries. Neither touches the earned totals behind the leaderboards.
 */
import { seasonOf } from '../../../core/gamification/index.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, type IdentityService, listPersonNames, requirePerson, requireRole } from '../identity/index.ts';
import * as repo from './rewards.repository.ts';
import type { PersonNotifier } from '../delivery/index.ts';
import type { CreateRewardBody, Redemption, RedemptionsQuery, Reward, RewardsCatalogue, UpdateRewardBody } from './rewards.schemas.ts';

export interface RewardsDeps {
  db: Db;
  clock: Clock;
  identity: Pick<IdentityService, 'getOrganisation'>;
  /** Tells the learner when their request is decided (by email or SMS, in the decision's transaction). */
  notices?: Pick<PersonNotifier, 'queue' | 'wake'>;
}

/** A redemption request's outcome: `created` is false when the same client id had already redeemed. */
export interface RedeemOutcome {
  redemption: Redemption;
  created: boolean;
}

function toReward(row: repo.RewardRow): Reward {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cost: Number(row.cost),
    stock: row.stock === null ? null : Number(row.stock),
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What the learner is told of a decision: the news, then the note (or, for a decline, that the points are back). */
export function decisionNotice(rewardName: string, status: 'approved' | 'declined', cost: number, note: string | undefined): { headline: string; lead: string } {
  const said = note ? ` Note: ${note}` : '';
  if (status === 'approved') return { headline: `Your request for “${rewardName}” was approved`, lead: note ? `Note: ${note}` : `It cost ${cost} points. Enjoy it!` };
  return { headline: `Your request for “${rewardName}” was declined`, lead: `Its ${cost} points are back in your balance.${said}` };
}

export function createRewardsService({ db, clock, identity, notices }: RewardsDeps) {
  /** Redemption rows with their people's names. */
  async function present(orgId: string, rows: repo.RedemptionRow[]): Promise<Redemption[]> {
    const names = new Map((await listPersonNames(db, orgId, rows.map((r) => r.person_id))).map((p) => [p.id, p.display_name]));
    return rows.map((row) => ({
      id: row.id,
      reward: { id: row.reward_id, name: row.reward_name },
      person: { id: row.person_id, name: names.get(row.person_id) ?? '' },
      cost: Number(row.cost),
      status: row.status,
      note: row.note,
      requestedAt: row.requested_at,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
    }));
  }

  async function presentOne(orgId: string, id: string): Promise<Redemption> {
    const row = await repo.findRedemption(db, orgId, id);
    if (!row) throw new NotFoundError('redemption', id);
    return (await present(orgId, [row]))[0]!;
  }

  async function getRewardRow(orgId: string, id: string): Promise<repo.RewardRow> {
    const row = await repo.findReward(db, orgId, id);
    if (!row) throw new NotFoundError('reward', id);
    return row;
  }

  /** The ledger entry of a spending or refund, dated now and in the organisation's seasons. */
  function ledgerEntry(orgId: string, personId: string, key: string, points: number, reason: 'redemption' | 'refund', redemptionId: string, at: string, timeZone: string) {
    return {
      id: newId(),
      org_id: orgId,
      person_id: personId,
      award_key: key,
      points,
      reason,
      source_kind: 'redemption',
      source_id: redemptionId,
      season_week: seasonOf(at, 'weekly', timeZone).label,
      season_month: seasonOf(at, 'monthly', timeZone).label,
      created_at: at,
    };
  }

  /** The redemption this person already made with this client id, if any (and only if it was for this reward). */
  async function previousRedemption(orgId: string, personId: string, rewardId: string, clientId: string): Promise<repo.RedemptionRow | undefined> {
    const previous = await repo.findRedemptionByClientId(db, orgId, personId, clientId);
    if (previous && previous.reward_id !== rewardId) {
      throw new AppError('conflict', 'This client id was already used for a redemption of another reward; send a fresh one.');
    }
    return previous;
  }

  async function decide(actor: Actor, id: string, status: 'approved' | 'declined', note: string | undefined): Promise<Redemption> {
    requireRole(actor, ['admin']);
    const now = clock.now().toISOString();
    const organisation = await identity.getOrganisation(actor);
    const { timeZone } = organisation;
    await db.transaction().execute(async (trx) => {
      const decided = await repo.decideRedemption(trx, actor.orgId, id, { status, note: note || null, decided_at: now, decided_by: actor.kind === 'person' ? actor.personId : null });
      if (!decided) {
        const row = await repo.findRedemption(trx, actor.orgId, id);
        if (!row) throw new NotFoundError('redemption', id);
        throw new AppError('redemption_decided', `This redemption was already ${row.status}.`, { status: row.status });
      }
      if (status === 'declined') {
        // The refund, once: only the one decision that changed the row from `requested` gets here.
        // Stock before wallet, as a request takes them, so the two never wait on each other in opposite orders.
        await repo.returnRewardUnit(trx, actor.orgId, decided.reward_id);
        await repo.creditWallet(trx, actor.orgId, decided.person_id, decided.cost, now);
        await repo.insertLedgerEntry(trx, ledgerEntry(actor.orgId, decided.person_id, `refund:${decided.id}`, decided.cost, 'refund', decided.id, now, timeZone));
      }
      const reward = await repo.findReward(trx, actor.orgId, decided.reward_id);
      await notices?.queue(trx, { orgId: actor.orgId, personId: decided.person_id, idempotencyKey: `redemption:${decided.id}:decided`, path: '/learn/rewards', buttonLabel: 'See your rewards', ...decisionNotice(reward?.name ?? 'a reward', status, Number(decided.cost), note) }, organisation);
    });
    notices?.wake();
    return presentOne(actor.orgId, id);
  }

  return {
    /**
     * The rewards a learner can redeem (active ones) with their balance; admins with `all` see inactive ones too.
     * @throws ForbiddenError for API tokens, and for `all` without the admin role.
     */
    async listRewards(actor: Actor, options: { all?: boolean | undefined } = {}): Promise<RewardsCatalogue> {
      const person = requirePerson(actor);
      if (options.all) requireRole(actor, ['admin']);
      const [rows, balance] = await Promise.all([repo.listRewards(db, actor.orgId, { includeInactive: options.all === true }), repo.balanceOf(db, actor.orgId, person.personId)]);
      return { balance, rewards: rows.map(toReward) };
    },

    /**
     * Adds a reward to the catalogue.
     * @throws ForbiddenError without the admin role.
     */
    async createReward(actor: Actor, input: CreateRewardBody): Promise<Reward> {
      requireRole(actor, ['admin']);
      const now = clock.now().toISOString();
      const row = { id: newId(), org_id: actor.orgId, name: input.name, description: input.description, cost: input.cost, stock: input.stock, active: input.active ? 1 : 0, created_at: now, updated_at: now };
      await repo.insertReward(db, row);
      return toReward(row);
    },

    /**
     * Changes a reward: name, description, cost (for requests from now on; those made keep the cost they were charged),
     * stock (set outright) or active (an inactive reward takes no new requests; those made are still decided).
     * @throws ForbiddenError without the admin role; NotFoundError when the reward is not in the organisation.
     */
    async updateReward(actor: Actor, id: string, patch: UpdateRewardBody): Promise<Reward> {
      requireRole(actor, ['admin']);
      const updated = await repo.updateReward(db, actor.orgId, id, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.cost !== undefined && { cost: patch.cost }),
        ...(patch.stock !== undefined && { stock: patch.stock }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        updated_at: clock.now().toISOString(),
      });
      if (!updated) throw new NotFoundError('reward', id);
      return toReward(await getRewardRow(actor.orgId, id));
    },

    /**
     * Spends the learner's points on a reward: one unit of stock, the cost from the wallet, the redemption
     * (`requested`) and its ledger entry, all in one transaction. The same client id again answers with the first
     * redemption and charges nothing, however many are sent at once.
     * @throws NotFoundError when the reward is not in the organisation; AppError reward_inactive, reward_out_of_stock,
     *   insufficient_points; AppError conflict when the client id was used for another reward; ForbiddenError for tokens.
     */
    async redeem(actor: Actor, rewardId: string, clientId: string): Promise<RedeemOutcome> {
      const { orgId, personId } = requirePerson(actor);
      const existing = await previousRedemption(orgId, personId, rewardId, clientId);
      if (existing) return { redemption: (await present(orgId, [existing]))[0]!, created: false };

      const { timeZone } = await identity.getOrganisation(actor);
      const now = clock.now().toISOString();
      const id = newId();
      try {
        await db.transaction().execute(async (trx) => {
          const taken = await repo.takeRewardUnit(trx, orgId, rewardId);
          if (!taken) {
            const reward = await repo.findReward(trx, orgId, rewardId);
            if (!reward) throw new NotFoundError('reward', rewardId);
            if (Number(reward.active) !== 1) throw new AppError('reward_inactive', 'This reward is no longer offered.');
            throw new AppError('reward_out_of_stock', 'This reward is out of stock.');
          }
          if (!(await repo.deductFromWallet(trx, orgId, personId, taken.cost, now))) {
            const balance = await repo.balanceOf(trx, orgId, personId);
            throw new AppError('insufficient_points', `This reward costs ${taken.cost} points; you have ${balance}.`, { cost: taken.cost, balance });
          }
          await repo.insertRedemption(trx, { id, org_id: orgId, reward_id: rewardId, person_id: personId, client_id: clientId, cost: taken.cost, status: 'requested', note: null, requested_at: now, decided_at: null, decided_by: null });
          await repo.insertLedgerEntry(trx, ledgerEntry(orgId, personId, `redeem:${id}`, -taken.cost, 'redemption', id, now, timeZone));
        });
      } catch (error) {
        // The same client id sent twice at once: the first committed while this one waited, so this one failed (on
        // the unique client id, or because the first took the last unit or the points). Answer with the first.
        if (isUniqueViolation(error) || error instanceof AppError) {
          const first = await previousRedemption(orgId, personId, rewardId, clientId);
          if (first) return { redemption: (await present(orgId, [first]))[0]!, created: false };
        }
        throw error;
      }
      return { redemption: await presentOne(orgId, id), created: true };
    },

    /**
     * The caller's own redemptions (newest first), or with `all` the organisation's (admins; still-requested ones
     * first, oldest first), optionally of one status.
     * @throws ForbiddenError for `all` without the admin role, and for API tokens.
     */
    async listRedemptions(actor: Actor, query: RedemptionsQuery): Promise<Redemption[]> {
      const options = { ...(query.status && { status: query.status }), limit: query.limit };
      if (query.all) {
        requireRole(actor, ['admin']);
        return present(actor.orgId, await repo.listOrganisationRedemptions(db, actor.orgId, options));
      }
      const person = requirePerson(actor);
      return present(actor.orgId, await repo.listPersonRedemptions(db, actor.orgId, person.personId, options));
    },

    /**
     * Approves a requested redemption (the points stay spent).
     * @throws ForbiddenError without the admin role; NotFoundError; AppError redemption_decided when it was already decided.
     */
    approve(actor: Actor, id: string, note?: string): Promise<Redemption> {
      return decide(actor, id, 'approved', note);
    },

    /**
     * Declines a requested redemption with an optional note for the learner, and refunds it once: its cost back to
     * the wallet with a ledger entry, and its unit back to the stock.
     * @throws ForbiddenError without the admin role; NotFoundError; AppError redemption_decided when it was already decided.
     */
    decline(actor: Actor, id: string, note?: string): Promise<Redemption> {
      return decide(actor, id, 'declined', note);
    },
  };
}

export type RewardsService = ReturnType<typeof createRewardsService>;
