/** Row types of the gamification module's tables (migrations 0012 and 0013). */

export interface PointsEntryTable {
  id: string;
  org_id: string;
  person_id: string;
  /** What was earned, once per person: `lesson:<id>`, `first:<question>`, `recall:<item>:<due>`, `redeem:<id>`, … */
  award_key: string;
  /** Positive when earned, negative when spent on a reward, positive again when a declined request is refunded. */
  points: number;
  /** A stable reason code (`lesson_completed`, `first_try_correct`, `recall_correct`, `redemption`, …). */
  reason: string;
  source_kind: string;
  source_id: string;
  season_week: string;
  season_month: string;
  created_at: string;
}

export interface PointsTotalTable {
  org_id: string;
  person_id: string;
  /** `all`, or a season's label (`2026-W49` weekly, `2026-12` monthly). */
  season: string;
  points: number;
  /** 1 when the person appears on leaderboards: active and not hidden (kept by `refreshShown`). */
  shown: number;
}

export interface PointsWalletTable {
  person_id: string;
  org_id: string;
  balance: number;
  updated_at: string;
}

export interface GamificationSettingsTable {
  org_id: string;
  /** JSON of the point rules (core/gamification/points.ts), merged over the defaults when read. */
  rules: string;
  season_kind: 'weekly' | 'monthly';
  leaderboards_enabled: number;
  updated_at: string;
}

export interface GamificationTeamTable {
  team_id: string;
  org_id: string;
  leaderboard_enabled: number;
  updated_at: string;
}

export interface GamificationPersonTable {
  person_id: string;
  org_id: string;
  leaderboard_visibility: 'named' | 'anonymous' | 'hidden';
  updated_at: string;
}

export interface BadgeTable {
  id: string;
  org_id: string;
  slug: string;
  name: string;
  description: string;
  /** JSON of the badge rule (core/gamification/badges.ts). */
  rule: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface BadgeAwardTable {
  id: string;
  org_id: string;
  badge_id: string;
  person_id: string;
  salt: string;
  awarded_at: string;
}

export interface RewardTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  cost: number;
  stock: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface RedemptionTable {
  id: string;
  org_id: string;
  reward_id: string;
  person_id: string;
  client_id: string;
  cost: number;
  status: 'requested' | 'approved' | 'declined';
  note: string | null;
  requested_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

/** A person's streak at the end of a settled local day (migration 0013): a sync replays only the days since. */
export interface StreakCheckpointTable {
  person_id: string;
  org_id: string;
  /** The local date (YYYY-MM-DD) the state holds at the end of. */
  through: string;
  current_days: number;
  longest_days: number;
  started_on: string | null;
  freezes_held: number;
  freezes_used: number;
  last_active_on: string | null;
  updated_at: string;
}

/** Where the points sweep has read the learning tables up to. */
export interface GamificationSweepTable {
  name: string;
  through: string;
}

export interface GamificationTables {
  gamification_sweep: GamificationSweepTable;
  points_entry: PointsEntryTable;
  points_total: PointsTotalTable;
  points_wallet: PointsWalletTable;
  gamification_settings: GamificationSettingsTable;
  gamification_team: GamificationTeamTable;
  gamification_person: GamificationPersonTable;
  streak_checkpoint: StreakCheckpointTable;
  badge: BadgeTable;
  badge_award: BadgeAwardTable;
  reward: RewardTable;
  redemption: RedemptionTable;
}
