// The analytics module's public surface: business metrics and organisational outcomes.
export { createAnalyticsService, type AnalyticsService } from './analytics.service.ts';
export { registerAnalyticsRoutes } from './analytics.routes.ts';
export * as AnalyticsSchemas from './analytics.schemas.ts';
export { createProficiencyService, type ProficiencyService } from './proficiency.service.ts';
export { registerProficiencyRoutes } from './proficiency.routes.ts';
export * as ProficiencySchemas from './proficiency.schemas.ts';
export { createLessonImprovementService, type LessonImprovementService } from './lesson-improvement.service.ts';
export { registerLessonImprovementRoutes } from './lesson-improvement.routes.ts';
export * as LessonImprovementSchemas from './lesson-improvement.schemas.ts';
export { createProgressService, type ProgressService } from './progress.service.ts';
export { registerProgressRoutes } from './progress.routes.ts';
export * as ProgressSchemas from './progress.schemas.ts';
export { analyticsPersonData } from './privacy.ts';
