/**
 * The types of the points, badges, leaderboards and rewards API as the web app sees them, inferred from the server's
 * isomorphic zod schemas. Type-only imports, like `api-types.ts`: nothing of zod or the server reaches the bundle.
 */
import type { z } from 'zod';
import type { PointsEntry as PointsEntrySchema, TeamLeaderboardSetting as TeamLeaderboardSettingSchema } from '../../server/modules/gamification/gamification.schemas.ts';

export type { GamificationSettings, Leaderboard, LeaderboardQuery, MyPoints, TeamBoard, Visibility } from '../../server/modules/gamification/gamification.schemas.ts';
export type { CreateRewardBody, Redemption, Redemptions, RedemptionStatus, Reward, RewardsCatalogue, UpdateRewardBody } from '../../server/modules/gamification/rewards.schemas.ts';
export type { PointRules } from '../../core/gamification/points.ts';
export type { BadgeBody, BadgePatch, BadgeView, MyBadges } from '../../server/modules/gamification/badges.schemas.ts';
export type { BadgeRule } from '../../core/gamification/badges.ts';

/** One entry of a learner's points ledger: an award, a redemption or a refund. */
export type PointsEntry = z.infer<typeof PointsEntrySchema>;
/** A team's leaderboard switch as saved. */
export type TeamLeaderboardSetting = z.infer<typeof TeamLeaderboardSettingSchema>;
/** The season a board shows: this one, the one before, or all time. */
export type SeasonChoice = 'current' | 'previous' | 'all';
