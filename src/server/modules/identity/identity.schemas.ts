/**
 * The identity API's request and response schemas. Isomorphic: the web client imports them too, so the
 * types on both sides of the wire come from one place.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { attributeKeyProblem, MAX_ATTRIBUTE_VALUE_LENGTH, MAX_ATTRIBUTES } from '../../../core/person-attributes.ts';

export const Role = z.enum(['admin', 'author', 'manager', 'learner']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

export const Channel = z.enum(['app', 'email', 'chat', 'sms']);
export type Channel = z.infer<typeof Channel>;

export const Scope = z.enum(['people:read', 'people:write', 'events:write', 'lrs:read', 'lrs:write', 'content:read']);
export type Scope = z.infer<typeof Scope>;

const knownZones = new Map<string, boolean>();
/**
 * Luxon builds an Intl.DateTimeFormat for every check (about 90 µs), and response schemas check every zone they
 * send: remember the answers (the set of zone names is small).
 */
export function isValidTimeZone(zone: string): boolean {
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (knownZones.size < 5000) knownZones.set(zone, valid);
  }
  return valid;
}

export const TimeZone = z.string().max(64).refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Paris' });

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm, e.g. 09:00');

export const WorkingDays = z
  .array(z.number().int().min(1).max(7))
  .min(1)
  .max(7)
  .refine((days) => new Set(days).size === days.length, { message: 'must not repeat a day' })
  .describe('ISO weekdays: 1 = Monday … 7 = Sunday');

export const Email = z.email({ message: 'must be an email address' }).max(254);
export const Password = z.string().min(10, 'must be at least 10 characters').max(256);
export const DisplayName = z.string().trim().min(1).max(120);
export const Id = z.string().min(1).max(64);
export const Locale = z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as en or fr-CA');

export const IdParams = z.object({ id: Id });

/**
 * A person's attributes from HR, e.g. `{ "location": "Leeds", "job_title": "Picker" }`. Keys are taken as given
 * but must be canonical (lower-case snake case) and must not name one of the person's own fields.
 */
export const PersonAttributes = z
  .record(
    z.string(),
    z
      .string()
      .trim()
      .min(1, 'must not be empty (remove the attribute instead)')
      .max(MAX_ATTRIBUTE_VALUE_LENGTH, `must be at most ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`),
  )
  .superRefine(
    (attributes, ctx) => {
      const keys = Object.keys(attributes);
      if (keys.length > MAX_ATTRIBUTES) ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_ATTRIBUTES} attributes (found ${keys.length})` });
      for (const key of keys) {
        const problem = attributeKeyProblem(key);
        if (problem) ctx.addIssue({ code: 'custom', path: [key], message: `The attribute name ${problem}.` });
      }
    },
    // Names are checked even when some value is wrong too, so one answer lists every problem.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
  )
  .describe('String attributes from HR (job_title, location, shift, …) that audience rules match on; keys are lower-case snake case. A change sends the whole set: keys left out are removed.');
export type PersonAttributes = z.infer<typeof PersonAttributes>;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A chat tool's incoming-webhook URL (Slack or Microsoft Teams). Where it points is checked by the service. */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2,000 characters')
  .refine(isHttpUrl, { message: 'must be an http:// or https:// URL, e.g. https://hooks.slack.com/services/…' });

export const OrganisationSettings = z.object({
  name: z.string().trim().min(1).max(120),
  timeZone: TimeZone,
  locale: Locale,
  workingDays: WorkingDays,
  workStart: TimeOfDay,
  workEnd: TimeOfDay,
  quietStart: TimeOfDay.nullable(),
  quietEnd: TimeOfDay.nullable(),
  readingWordsPerMinute: z.number().int().min(80).max(400).describe('Reading speed used to estimate how long lessons take'),
});

export const Organisation = OrganisationSettings.extend({ id: z.string(), slug: z.string(), createdAt: z.string() });
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationPatch = OrganisationSettings.partial();
export type OrganisationPatch = z.infer<typeof OrganisationPatch>;

export const PersonTeam = z.object({ id: z.string(), name: z.string(), role: z.enum(['member', 'manager']) });

export const Person = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  chatHandle: z.string().nullable(),
  externalId: z.string().nullable(),
  timeZone: z.string().nullable().describe('The person’s own zone; null means the team’s or organisation’s'),
  effectiveTimeZone: z.string(),
  workingDays: z.array(z.number()).nullable(),
  workStart: z.string().nullable(),
  workEnd: z.string().nullable(),
  locale: z.string().nullable(),
  preferredChannels: z.array(Channel),
  managerId: z.string().nullable(),
  roles: z.array(Role),
  teams: z.array(PersonTeam),
  status: z.enum(['active', 'deactivated']),
  hasPassword: z.boolean(),
  attributes: z.record(z.string(), z.string()).describe('String attributes from HR that audience rules match on'),
  emailOptOutAt: z.string().nullable().describe('When the person unsubscribed from lesson emails; sign-in emails still go'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

const PersonEditable = z.object({
  email: Email,
  displayName: DisplayName,
  phone: z.string().trim().regex(/^\+?[0-9 ().-]{5,30}$/, 'must be a phone number such as +44 20 7946 0000').nullable(),
  chatHandle: z.string().trim().min(1).max(120).nullable(),
  externalId: z.string().trim().min(1).max(200).nullable(),
  timeZone: TimeZone.nullable(),
  workingDays: WorkingDays.nullable(),
  workStart: TimeOfDay.nullable(),
  workEnd: TimeOfDay.nullable(),
  locale: Locale.nullable(),
  preferredChannels: z.array(Channel).max(4),
  managerId: Id.nullable(),
  roles: z.array(Role).min(1).max(4),
  status: z.enum(['active', 'deactivated']),
  attributes: PersonAttributes,
});

export const PersonCreate = PersonEditable.omit({ status: true })
  .partial()
  .required({ email: true, displayName: true })
  .extend({ teamIds: z.array(Id).max(50).optional(), password: Password.optional() })
  .strict();
export type PersonCreate = z.infer<typeof PersonCreate>;

export const PersonPatch = PersonEditable.partial().strict();
export type PersonPatch = z.infer<typeof PersonPatch>;

/** What a person may change about themselves. */
export const ProfilePatch = PersonPatch.omit({ email: true, roles: true, status: true, managerId: true, externalId: true, attributes: true });
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export const PeopleQuery = z.object({
  q: z.string().trim().max(200).optional(),
  teamId: Id.optional(),
  role: Role.optional(),
  status: z.enum(['active', 'deactivated', 'all']).default('active'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page'),
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const PersonPage = z.object({ items: z.array(Person), nextCursor: z.string().nullable(), total: z.number() });

export const TeamSettings = z.object({
  name: z.string().trim().min(1).max(120),
  timeZone: TimeZone.nullable(),
  workingDays: WorkingDays.nullable(),
  workStart: TimeOfDay.nullable(),
  workEnd: TimeOfDay.nullable(),
  chatWebhookUrl: WebhookUrl.nullable().describe('Slack or Microsoft Teams incoming-webhook URL of the team’s channel; null: the organisation’s'),
});
export const TeamCreate = TeamSettings.partial().required({ name: true }).strict();
export type TeamCreate = z.infer<typeof TeamCreate>;
export const TeamPatch = TeamSettings.partial().strict();
export type TeamPatch = z.infer<typeof TeamPatch>;

export const TeamMember = z.object({
  personId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: z.enum(['member', 'manager']),
});
export const Team = TeamSettings.extend({
  // Answers are not re-validated: a stored URL is shown as it is.
  chatWebhookUrl: z.string().nullable().describe('Slack or Microsoft Teams incoming-webhook URL of the team’s channel; null: the organisation’s'),
  id: z.string(),
  memberCount: z.number(),
  managers: z.array(z.object({ id: z.string(), displayName: z.string() })),
  createdAt: z.string(),
});
export type Team = z.infer<typeof Team>;
export const TeamDetail = Team.extend({ members: z.array(TeamMember) });
export type TeamDetail = z.infer<typeof TeamDetail>;
export const TeamList = z.object({ items: z.array(Team) });
export const TeamMembershipBody = z.strictObject({ role: z.enum(['member', 'manager']).default('member') });
export const TeamMemberParams = z.object({ id: Id, personId: Id });

export const SetupStatus = z.object({ needed: z.boolean() });
export const SetupBody = z.strictObject({
  organisation: z.strictObject({
    name: z.string().trim().min(1).max(120),
    timeZone: TimeZone.optional(),
    locale: Locale.optional(),
  }),
  admin: z.strictObject({ displayName: DisplayName, email: Email, password: Password, timeZone: TimeZone.optional() }),
});
export type SetupBody = z.infer<typeof SetupBody>;

export const SessionInfo = z.object({
  person: Person,
  organisation: Organisation,
  csrfToken: z.string().nullable().describe('Send as the x-csrf-token header on every cookie-authenticated write'),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const OrganisationSlug = z.string().trim().min(1).max(80);
export const SignInBody = z.strictObject({ email: Email, password: z.string().min(1).max(256), organisation: OrganisationSlug.optional() });
export const LinkRequestBody = z.strictObject({
  email: Email,
  organisation: OrganisationSlug.optional(),
  redirectTo: z.string().regex(/^\/(?!\/)[^\s]*$/, 'must be a path on this site, starting with /').max(500).optional(),
});
export const PasswordResetRequestBody = LinkRequestBody.omit({ redirectTo: true });
export const RedeemLinkBody = z.strictObject({ token: z.string().min(10).max(200) });
export const RedeemedLink = SessionInfo.extend({ redirectTo: z.string().nullable() });
export const PasswordResetConfirmBody = z.strictObject({ token: z.string().min(10).max(200), password: Password });
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().max(256).optional(), newPassword: Password });
export const Accepted = z.object({ status: z.literal('accepted'), message: z.string() });

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(Scope),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenCreate = z.strictObject({ name: z.string().trim().min(1).max(120), scopes: z.array(Scope).min(1).max(Scope.options.length) });
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>;
export const CreatedApiToken = ApiToken.extend({ token: z.string().describe('Shown once; store it now') });
export const ApiTokenList = z.object({ items: z.array(ApiToken) });

export const ImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const ImportRowError = z.object({
  row: z.number().describe('Line number in the file, the header being line 1'),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;
export const ImportReport = z.object({
  applied: z.boolean().describe('False when the file had errors (nothing changed) or on a dry run'),
  dryRun: z.boolean(),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  teamsCreated: z.array(z.string()),
  errors: z.array(ImportRowError),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
