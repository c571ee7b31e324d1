// The analytics module's public surface: business metrics and organisational outcomes.
export { createAnalyticsService, type AnalyticsService } from './analytics.service.ts';
export { registerAnalyticsRoutes } from './analytics.routes.ts';
export * as AnalyticsSchemas from './analytics.schemas.ts';
