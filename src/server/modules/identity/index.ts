// The identity module's public surface: other modules import only from here.
export { type Actor, hasRole, requirePerson, requireRole, systemActor } from './access.ts';
export { type AuthService, createAuthService, LINK_TTL_MS, type StartedSession } from './auth.service.ts';
export { createIdentityService, type IdentityDeps, type IdentityService, slugify } from './identity.service.ts';
export { type AudienceRow, type AudienceRule, type AudienceSelection, findPeopleByEmailOrId, listAudience, listPersonNames, listTeamsWithMembers } from './identity.repository.ts';
export { registerIdentityRoutes } from './identity.routes.ts';
export { createPasswordHasher, type PasswordHasher } from './passwords.ts';
export * as IdentitySchemas from './identity.schemas.ts';
export { deleteInOrder, deletePersonRows, type EraseAction, type ExportSections, type PersonDataPart, type PersonTableSpec, presentRow, type PrivacySubject, readPersonRows } from './privacy.parts.ts';
export { ERASED_NAME, erasedEmailOf, identityPersonData } from './privacy.ts';
export { createPrivacyService, type PrivacyService } from './privacy.service.ts';
export { registerPrivacyRoutes } from './privacy.routes.ts';
export * as PrivacySchemas from './privacy.schemas.ts';
export { type AuditService, createAuditService } from './audit.service.ts';
export { registerAuditRoutes } from './audit.routes.ts';
