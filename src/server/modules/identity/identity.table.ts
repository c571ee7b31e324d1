import type { Generated } from 'kysely';

/** Row types of the identity module's tables, exactly as stored (portable types: text, integer, JSON as text). */
export interface OrganisationTable {
  id: string;
  name: string;
  slug: string;
  time_zone: string;
  locale: string;
  /** JSON array of ISO weekdays, 1 = Monday … 7 = Sunday. */
  working_days: string;
  /** Local "HH:mm". */
  work_start: string;
  work_end: string;
  /** Local "HH:mm" window in which nothing is sent; null when the organisation has none. */
  quiet_start: string | null;
  quiet_end: string | null;
  /** Reading speed used to estimate lesson durations. */
  reading_words_per_minute: number;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  org_id: string;
  /** Lower-cased. Unique within the organisation. */
  email: string;
  display_name: string;
  /** argon2id; null for people who sign in only by magic link. */
  password_hash: string | null;
  phone: string | null;
  chat_handle: string | null;
  external_id: string | null;
  /** IANA zone; null means the team's or organisation's. */
  time_zone: string | null;
  working_days: string | null;
  work_start: string | null;
  work_end: string | null;
  locale: string | null;
  /** JSON array of channels. */
  preferred_channels: string;
  manager_id: string | null;
  status: 'active' | 'deactivated';
  /** JSON object of string attributes from HR (role, location, …): audience rules and trigger conditions match on them. */
  attributes: Generated<string>;
  /** When the person unsubscribed from lesson emails (List-Unsubscribe); sign-in emails still go. */
  email_opt_out_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonRoleTable {
  org_id: string;
  person_id: string;
  role: 'admin' | 'author' | 'manager' | 'learner';
}

export interface TeamTable {
  id: string;
  org_id: string;
  name: string;
  time_zone: string | null;
  working_days: string | null;
  work_start: string | null;
  work_end: string | null;
  /** The team's chat channel (Slack- or Teams-compatible incoming webhook); null: the organisation's. */
  chat_webhook_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface TeamMemberTable {
  org_id: string;
  team_id: string;
  person_id: string;
  role: 'member' | 'manager';
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  id: string;
  org_id: string;
  person_id: string;
  csrf_token: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuthLinkTable {
  id: string;
  org_id: string;
  person_id: string;
  /** HMAC of the link's token with the server secret. */
  token_hash: string;
  purpose: 'sign_in' | 'password_reset';
  redirect_to: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ApiTokenTable {
  id: string;
  org_id: string;
  name: string;
  /** The first characters of the token, shown in lists so people can tell tokens apart. */
  prefix: string;
  token_hash: string;
  /** JSON array of scopes. */
  scopes: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IdentityTables {
  organisation: OrganisationTable;
  person: PersonTable;
  person_role: PersonRoleTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  session: SessionTable;
  auth_link: AuthLinkTable;
  api_token: ApiTokenTable;
}
