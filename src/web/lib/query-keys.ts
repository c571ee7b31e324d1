/** Query keys shared between features, so one feature can refresh another's data. */
export const SESSION_KEY = ['session'] as const;
export const SETUP_KEY = ['setup'] as const;
export const PEOPLE_KEY = ['people'] as const;
export const TEAMS_KEY = ['teams'] as const;
export const TOKENS_KEY = ['tokens'] as const;
export const MEDIA_KEY = ['media'] as const;
export const LEARN_KEY = ['learn'] as const;
/** Points, streak, leaderboards and rewards: a learning answer or a redemption refreshes them all. */
export const GAMIFICATION_KEY = ['gamification'] as const;
