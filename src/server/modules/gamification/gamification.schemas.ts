/** The points and leaderboards API's request and response schemas. Isomorphic: the web client imports them too (types only). */
import { z } from 'zod';
import { PointRules } from '../../../core/gamification/points.ts';

export const Visibility = z.enum(['named', 'anonymous', 'hidden']);
export type Visibility = z.infer<typeof Visibility>;

export const SeasonInfo = z.object({ label: z.string(), start: z.string(), end: z.string() });

export const PointsEntry = z.object({
  reason: z.string(),
  points: z.number(),
  at: z.string(),
  source: z.object({ kind: z.string(), id: z.string() }),
});

export const MyPoints = z.object({
  /** Spendable points (earned less what rewards cost, plus refunds). */
  balance: z.number(),
  earned: z.object({ allTime: z.number(), season: z.number() }),
  season: SeasonInfo.extend({ kind: z.enum(['weekly', 'monthly']) }),
  streak: z.object({
    current: z.number(),
    longest: z.number(),
    todayDone: z.boolean(),
    todayIsWorkingDay: z.boolean(),
    atRisk: z.boolean(),
    freezesHeld: z.number(),
    freezeAtStake: z.boolean(),
  }),
  recent: z.array(PointsEntry),
  leaderboardVisibility: Visibility,
  /** Point rules in force, so the app can say what earns what. */
  rules: PointRules,
});
export type MyPoints = z.infer<typeof MyPoints>;

export const VisibilityBody = z.object({ visibility: Visibility }).strict();

export const LeaderboardQuery = z.object({
  scope: z.enum(['organisation', 'team']).default('organisation'),
  /** For `team`: which team (default: the viewer's first). */
  teamId: z.string().min(1).max(64).optional(),
  season: z.enum(['current', 'previous', 'all']).default('current'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuery>;

export const LeaderboardRow = z.object({
  rank: z.number(),
  /** Null for someone who appears anonymously (to everyone but themselves). */
  personId: z.string().nullable(),
  name: z.string().nullable(),
  points: z.number(),
  isViewer: z.boolean(),
  anonymous: z.boolean(),
});

export const Leaderboard = z.object({
  scope: z.enum(['organisation', 'team']),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  season: SeasonInfo.nullable(),
  /** False when the organisation or (for a team board) its manager turned leaderboards off: rows are then empty. */
  enabled: z.boolean(),
  rows: z.array(LeaderboardRow),
  /** The viewer's own place when they have points and are shown; null otherwise. */
  viewer: z.object({ rank: z.number(), points: z.number() }).nullable(),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

export const TeamBoardQuery = z.object({ season: z.enum(['current', 'previous', 'all']).default('current') });

export const TeamBoard = z.object({
  season: SeasonInfo.nullable(),
  enabled: z.boolean(),
  rows: z.array(z.object({ rank: z.number(), teamId: z.string(), name: z.string(), points: z.number(), members: z.number(), score: z.number() })),
});
export type TeamBoard = z.infer<typeof TeamBoard>;

export const GamificationSettings = z.object({
  rules: PointRules,
  seasonKind: z.enum(['weekly', 'monthly']),
  leaderboardsEnabled: z.boolean(),
});
export type GamificationSettings = z.infer<typeof GamificationSettings>;

export const GamificationSettingsBody = z
  .object({
    rules: z.unknown().optional(),
    seasonKind: z.enum(['weekly', 'monthly']).optional(),
    leaderboardsEnabled: z.boolean().optional(),
  })
  .strict();

export const TeamLeaderboardBody = z.object({ enabled: z.boolean() }).strict();
export const TeamLeaderboardSetting = z.object({ teamId: z.string(), enabled: z.boolean() });
