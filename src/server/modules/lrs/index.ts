// The Learning Record Store's public surface: statements (xAPI 1.0.3) and the credentials that write them.
export { createLrsService, type LrsService } from './lrs.service.ts';
export { createCredentialsService, type CredentialsService } from './credentials.service.ts';
export { acceptedLanguages, registerLrsRoutes, writerOf, XAPI_VERSION } from './lrs.routes.ts';
export * as LrsSchemas from './lrs.schemas.ts';
