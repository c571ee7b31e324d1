/** Query keys of the author studio, so one page can refresh another's data. */
export const OBJECTIVES_KEY = ['objectives'] as const;
export const LESSONS_KEY = ['lessons'] as const;
export const COURSES_KEY = ['courses'] as const;
// Shared with the learner app, which shows the same media.
export { MEDIA_KEY } from '../lib/query-keys.ts';
export const ORGANISATION_KEY = ['organisation'] as const;
