/**
 * The types of the Morsel API as the web app sees them, inferred from the server's isomorphic zod schemas.
 * Type-only imports: nothing of zod or the server ends up in the browser bundle.
 */
import type { z } from 'zod';
import type {
  Accepted as AcceptedSchema,
  ApiTokenList as ApiTokenListSchema,
  CreatedApiToken as CreatedApiTokenSchema,
  PersonPage as PersonPageSchema,
  PersonTeam as PersonTeamSchema,
  RedeemedLink as RedeemedLinkSchema,
  SetupStatus as SetupStatusSchema,
  TeamList as TeamListSchema,
  TeamMember as TeamMemberSchema,
} from '../../server/modules/identity/identity.schemas.ts';

export type {
  ApiToken,
  ApiTokenCreate,
  Channel,
  ImportReport,
  ImportRowError,
  Organisation,
  OrganisationPatch,
  Person,
  PersonCreate,
  PersonPatch,
  ProfilePatch,
  Role,
  Scope,
  SessionInfo,
  SetupBody,
  Team,
  TeamCreate,
  TeamDetail,
  TeamPatch,
} from '../../server/modules/identity/identity.schemas.ts';

/** `202 Accepted` answer of requests that send an email (magic links, password resets). */
export type Accepted = z.infer<typeof AcceptedSchema>;
/** One page of people and the cursor of the next. */
export type PersonPage = z.infer<typeof PersonPageSchema>;
/** A team as listed on a person, with the person's role in it. */
export type PersonTeam = z.infer<typeof PersonTeamSchema>;
/** A session plus where the magic link asked to go. */
export type RedeemedLink = z.infer<typeof RedeemedLinkSchema>;
/** Whether the first-run setup still has to happen. */
export type SetupStatus = z.infer<typeof SetupStatusSchema>;
/** All teams of the organisation. */
export type TeamList = z.infer<typeof TeamListSchema>;
/** A member of a team with their role in it. */
export type TeamMember = z.infer<typeof TeamMemberSchema>;
/** A new API token, its secret shown this once. */
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;
/** All API tokens of the organisation. */
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;
/** Role of a person inside one team. */
export type TeamRole = TeamMember['role'];
