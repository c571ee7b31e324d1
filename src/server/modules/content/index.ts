// The content module's public surface: objectives, lessons, courses.
export { registerContentRoutes } from './content.routes.ts';
export { type ContentService, createContentService, type MediaFactsLookup, renderForLearner } from './content.service.ts';
export * as ContentSchemas from './content.schemas.ts';
export { renderMarkdown } from './markdown.ts';
export { contentPersonData } from './privacy.ts';
