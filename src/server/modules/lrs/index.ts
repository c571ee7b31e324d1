// The Learning Record Store's public surface: statements (xAPI 1.0.3) and the credentials that write them.
export { createLrsService, type LrsService } from './lrs.service.ts';
export { createCredentialsService, type CredentialsService } from './credentials.service.ts';
export { createOwnStatements, type OwnStatements, startOwnStatementJobs } from './own-statements.ts';
export { createXapiDocumentsService, DOCUMENT_MAX_BYTES, recordActivityDefinitions, type XapiDocumentsService } from './documents.service.ts';
export { registerXapiDocumentRoutes } from './documents.routes.ts';
export { acceptedLanguages, registerLrsRoutes, writerOf, XAPI_VERSION } from './lrs.routes.ts';
export * as LrsSchemas from './lrs.schemas.ts';
export { createLrsPersonData, personIfis } from './privacy.ts';
