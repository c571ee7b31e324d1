// The gamification module's public surface: points (ledger, totals, streaks), and later badges, leaderboards, rewards.
export { createGamificationService, type GamificationService, startGamificationJobs } from './gamification.service.ts';
