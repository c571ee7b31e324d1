/**
 * Gamification's pure rules: points and their ledger keys, streaks, badges and their Open Badges 2.0 documents,
 * leaderboards and seasons. The server's gamification module stores the ledger and calls these.
 */
export {
  MAX_RULE_POINTS,
  DEFAULT_STREAK_MILESTONES,
  PointRules,
  DEFAULT_POINT_RULES,
  parsePointRules,
  POINTS_REASONS,
  streakMilestonesOf,
  isRecall,
  awardsFor,
  awardFor,
  localDaySpan,
  applyDailyCap,
  buildLedger,
} from './points.ts';
export type {
  PointsReason,
  PointsSourceKind,
  LessonCompletedEvent,
  AnswerEvent,
  ReviewAnswerEvent,
  CertificationEarnedEvent,
  StreakReachedEvent,
  PointsEvent,
  Award,
  LedgerEntry,
} from './points.ts';
export { StreakRules, DEFAULT_STREAK_RULES, computeStreak, resumeReadsFrom } from './streaks.ts';
export type { PastTimeZone, StreakCheckpoint, StreakInput, Streak } from './streaks.ts';
export { BadgeRule, BadgeDefinition, BadgeSet, DEFAULT_BADGES, recallWindowDays, recallRate, meetsBadgeRule, badgesEarned } from './badges.ts';
export type { ReviewOutcome, LearnerStats } from './badges.ts';
export {
  OPEN_BADGES_CONTEXT,
  openBadgeUrls,
  buildIssuerProfile,
  buildBadgeClass,
  hashEmailIdentity,
  isRecipientEmail,
  buildAssertion,
  buildRevokedAssertion,
} from './open-badges.ts';
export type {
  OpenBadgeUrls,
  IssuerProfileDocument,
  BadgeClassDocument,
  HashedEmailIdentity,
  AssertionDocument,
  RevokedAssertionDocument,
} from './open-badges.ts';
export { seasonOf, nextSeason, previousSeason, rankIndividuals, rankTeams } from './leaderboard.ts';
export type { SeasonPeriod, Season, IndividualRow, RankedIndividual, TeamRow, RankedTeam } from './leaderboard.ts';
