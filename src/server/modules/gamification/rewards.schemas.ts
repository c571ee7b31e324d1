/** The rewards catalogue and redemptions API's request and response schemas. Isomorphic: the web client imports them too (types only). */
import { z } from 'zod';

const Id = z.string().min(1).max(64);

/** The most a reward may cost or hold in stock: far beyond any real catalogue, far inside a 32-bit integer. */
export const MAX_REWARD_COST = 1_000_000;
export const MAX_REWARD_STOCK = 1_000_000;

export const RewardParams = z.object({ id: Id });
export type RewardParams = z.infer<typeof RewardParams>;

export const RedemptionParams = z.object({ id: Id });
export type RedemptionParams = z.infer<typeof RedemptionParams>;

const Name = z.string().trim().min(1, 'Give the reward a name.').max(120);
const Description = z.string().trim().max(2000);
const Cost = z.number().int().min(1, 'A reward costs at least one point.').max(MAX_REWARD_COST).describe('Points a redemption takes from the learner’s balance');
const Stock = z.number().int().min(0).max(MAX_REWARD_STOCK).nullable().describe('Units left to redeem; null: unlimited');

export const CreateRewardBody = z.strictObject({
  name: Name,
  description: Description.default(''),
  cost: Cost,
  stock: Stock.default(null),
  active: z.boolean().default(true),
});
export type CreateRewardBody = z.infer<typeof CreateRewardBody>;

// Its own object rather than CreateRewardBody.partial(): a patch must not fill in the defaults of a new reward.
export const UpdateRewardBody = z
  .strictObject({ name: Name, description: Description, cost: Cost, stock: Stock, active: z.boolean().describe('false: no new redemptions; those already requested are still decided') })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Change at least one field.' });
export type UpdateRewardBody = z.infer<typeof UpdateRewardBody>;

export const RewardsQuery = z.object({
  /** Admins: every reward, inactive ones too. */
  all: z.stringbool().optional(),
});
export type RewardsQuery = z.infer<typeof RewardsQuery>;

export const Reward = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  cost: z.number(),
  /** Units left; null: unlimited. */
  stock: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Reward = z.infer<typeof Reward>;

export const RewardsCatalogue = z.object({
  /** The caller's spendable points. */
  balance: z.number(),
  rewards: z.array(Reward),
});
export type RewardsCatalogue = z.infer<typeof RewardsCatalogue>;

export const RedeemBody = z.strictObject({
  clientId: z.string().min(8).max(64).describe('A fresh id per request; a retry with the same id redeems once and answers with the same redemption'),
});
export type RedeemBody = z.infer<typeof RedeemBody>;

export const RedemptionStatus = z.enum(['requested', 'approved', 'declined']);
export type RedemptionStatus = z.infer<typeof RedemptionStatus>;

export const RedemptionsQuery = z.object({
  /** Admins: everyone’s redemptions in the organisation (requested first, oldest first); otherwise the caller’s own. */
  all: z.stringbool().optional(),
  status: RedemptionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RedemptionsQuery = z.infer<typeof RedemptionsQuery>;

// Optional bodies: a bare POST approves or declines without a note.
export const DeclineBody = z
  .strictObject({
    note: z.string().trim().max(1000).optional().describe('Why, for the learner'),
  })
  .nullish();
export type DeclineBody = z.infer<typeof DeclineBody>;

export const ApproveBody = z
  .strictObject({
    note: z.string().trim().max(1000).optional().describe('For the learner, e.g. where to collect it'),
  })
  .nullish();
export type ApproveBody = z.infer<typeof ApproveBody>;

export const Redemption = z.object({
  id: z.string(),
  reward: z.object({ id: z.string(), name: z.string() }),
  person: z.object({ id: z.string(), name: z.string() }),
  /** Points charged when it was requested (a later change of the reward's cost does not change it). */
  cost: z.number(),
  status: RedemptionStatus,
  note: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});
export type Redemption = z.infer<typeof Redemption>;

export const Redemptions = z.object({ items: z.array(Redemption) });
export type Redemptions = z.infer<typeof Redemptions>;
