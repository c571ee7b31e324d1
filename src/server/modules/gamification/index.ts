// The gamification module's public surface: points (ledger, totals, streaks), and later badges, leaderboards, rewards.
export { createGamificationService, type GamificationService, startGamificationJobs } from './gamification.service.ts';
export { registerGamificationRoutes } from './gamification.routes.ts';
export * as GamificationSchemas from './gamification.schemas.ts';
export { createRewardsService, type RewardsService } from './rewards.service.ts';
export { registerRewardsRoutes } from './rewards.routes.ts';
export { createBadgesService, type BadgesService } from './badges.service.ts';
export { registerBadgesRoutes } from './badges.routes.ts';
export { gamificationPersonData } from './privacy.ts';
