// The learning module's public surface: enrolments, the lesson player's API, attempts and review items.
export { registerLearningRoutes } from './learning.routes.ts';
export { createLearningService, type LearningService } from './learning.service.ts';
export * as LearningSchemas from './learning.schemas.ts';
