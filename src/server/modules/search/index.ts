// The search module's public surface.
export { registerSearchRoutes } from './search.routes.ts';
export { createSearchService, type SearchService, startSearchJobs } from './search.service.ts';
export * as SearchSchemas from './search.schemas.ts';
export { searchPersonData } from './privacy.ts';
