import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import { matchesAttributes, normaliseAttributeKey } from '../../../core/person-attributes.ts';
import type { Database, Db } from '../../db/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { ApiToken, Channel, Organisation, Person, Role, Scope, Team, TeamDetail } from './identity.schemas.ts';
import type { ApiTokenTable, OrganisationTable, PersonTable, TeamTable } from './identity.table.ts';

// Repositories only query. Every tenant query filters by org_id.

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * A stored attributes object, read safely: anything that is not a JSON object reads as `{}`, and entries whose
 * value is not a string are dropped, so one bad row never breaks a page of people or an audience.
 */
export function parseAttributes(text: string | null | undefined): Record<string, string> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Attributes as stored: JSON with keys in order, so equal sets are equal text. */
export function serialiseAttributes(attributes: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

// ---------------------------------------------------------------- organisations

/** Maps a stored organisation to its API shape. */
export function toOrganisation(row: Selectable<OrganisationTable>): Organisation {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.time_zone,
    locale: row.locale,
    workingDays: JSON.parse(row.working_days) as number[],
    workStart: row.work_start,
    workEnd: row.work_end,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    readingWordsPerMinute: row.reading_words_per_minute,
    createdAt: row.created_at,
  };
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertOrganisation(db: Db, row: Insertable<OrganisationTable>): Promise<void> {
  await db.insertInto('organisation').values(row).execute();
}

/** @throws NotFoundError when there is no such organisation. */
export async function getOrganisationRow(db: Db, orgId: string): Promise<Selectable<OrganisationTable>> {
  const row = await db.selectFrom('organisation').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!row) throw new NotFoundError('organisation', orgId);
  return row;
}

export async function findOrganisationBySlug(db: Db, slug: string): Promise<Selectable<OrganisationTable> | undefined> {
  return db.selectFrom('organisation').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The organisation with this slug, else the one with this id (one indexed lookup; no organisation has another's id as its slug). */
export async function findOrganisationBySlugOrId(db: Db, slugOrId: string): Promise<Selectable<OrganisationTable> | undefined> {
  const rows = await db.selectFrom('organisation').selectAll().where((eb) => eb.or([eb('slug', '=', slugOrId), eb('id', '=', slugOrId)])).execute();
  return rows.find((row) => row.slug === slugOrId) ?? rows[0];
}

export async function listOrganisationRows(db: Db): Promise<Selectable<OrganisationTable>[]> {
  return db.selectFrom('organisation').selectAll().orderBy('created_at').execute();
}

export async function updateOrganisationRow(db: Db, orgId: string, patch: Updateable<OrganisationTable>): Promise<void> {
  await db.updateTable('organisation').set(patch).where('id', '=', orgId).execute();
}

// ---------------------------------------------------------------- people

export type PersonRow = Selectable<PersonTable>;

export async function insertPerson(db: Db, row: Insertable<PersonTable>): Promise<void> {
  await db.insertInto('person').values(row).execute();
}

export async function updatePersonRow(db: Db, orgId: string, personId: string, patch: Updateable<PersonTable>): Promise<void> {
  await db.updateTable('person').set(patch).where('org_id', '=', orgId).where('id', '=', personId).execute();
}

export async function findPersonRow(db: Db, orgId: string, personId: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst();
}

/** @throws NotFoundError when the person is not in the organisation. */
export async function getPersonRow(db: Db, orgId: string, personId: string): Promise<PersonRow> {
  const row = await findPersonRow(db, orgId, personId);
  if (!row) throw new NotFoundError('person', personId);
  return row;
}

export async function findPersonRowByEmail(db: Db, orgId: string, email: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('org_id', '=', orgId).where('email', '=', email).executeTakeFirst();
}

/** Names, emails and status of some people of an organisation, for reports over many people (chunked like the imports). */
export async function listPersonNames(db: Db, orgId: string, personIds: readonly string[]): Promise<Array<Pick<PersonRow, 'id' | 'display_name' | 'email' | 'status'>>> {
  const ids = [...new Set(personIds)];
  const rows: Array<Pick<PersonRow, 'id' | 'display_name' | 'email' | 'status'>> = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(...(await db.selectFrom('person').select(['id', 'display_name', 'email', 'status']).where('org_id', '=', orgId).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return rows;
}

/** The people of an organisation among `keys`, each an email (lower case) or a person id (for imports naming people either way). */
export async function findPeopleByEmailOrId(db: Db, orgId: string, keys: readonly string[]): Promise<Array<Pick<PersonRow, 'id' | 'email'>>> {
  const unique = [...new Set(keys)];
  const rows: Array<Pick<PersonRow, 'id' | 'email'>> = [];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    rows.push(...(await db.selectFrom('person').select(['id', 'email']).where('org_id', '=', orgId).where((eb) => eb.or([eb('email', 'in', chunk), eb('id', 'in', chunk)])).execute()));
  }
  return rows;
}

/** Every active account with this email, across organisations (sign-in looks them up before it knows the tenant). */
export async function listActivePersonRowsByEmail(db: Db, email: string): Promise<PersonRow[]> {
  return db.selectFrom('person').selectAll().where('email', '=', email).where('status', '=', 'active').execute();
}

export async function listPersonRowsByEmails(db: Db, orgId: string, emails: string[]): Promise<PersonRow[]> {
  if (emails.length === 0) return [];
  const rows: PersonRow[] = [];
  // Chunked so that a large import stays under the drivers' parameter limits.
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500);
    rows.push(...(await db.selectFrom('person').selectAll().where('org_id', '=', orgId).where('email', 'in', chunk).execute()));
  }
  return rows;
}

export async function setRoles(db: Db, orgId: string, personId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('person_role').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
  if (roles.length > 0) {
    await db
      .insertInto('person_role')
      .values([...new Set(roles)].map((role) => ({ org_id: orgId, person_id: personId, role })))
      .execute();
  }
}

export async function addRole(db: Db, orgId: string, personId: string, role: Role): Promise<void> {
  await db
    .insertInto('person_role')
    .values({ org_id: orgId, person_id: personId, role })
    .onConflict((oc) => oc.columns(['person_id', 'role']).doNothing())
    .execute();
}

export async function listRoles(db: Db, orgId: string, personId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom('person_role')
    .select('role')
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .execute();
  return sortRoles(rows.map((r) => r.role));
}

export async function countActiveAdmins(db: Db, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('person_role')
    .innerJoin('person', 'person.id', 'person_role.person_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_role.org_id', '=', orgId)
    .where('person_role.role', '=', 'admin')
    .where('person.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const ROLE_ORDER: Role[] = ['admin', 'author', 'manager', 'learner'];
function sortRoles(roles: Role[]): Role[] {
  return ROLE_ORDER.filter((role) => roles.includes(role));
}

/**
 * Turns person rows into their API shape, with roles, teams and the effective time zone (own, else the first
 * team's that has one, else the organisation's), in three queries whatever the number of rows.
 */
export async function hydratePeople(db: Db, org: { id: string; timeZone: string }, rows: PersonRow[]): Promise<Person[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [roleRows, teamRows] = await Promise.all([
    db.selectFrom('person_role').select(['person_id', 'role']).where('org_id', '=', org.id).where('person_id', 'in', ids).execute(),
    db
      .selectFrom('team_member')
      .innerJoin('team', 'team.id', 'team_member.team_id')
      .select(['team_member.person_id', 'team.id', 'team.name', 'team.time_zone', 'team_member.role'])
      .where('team_member.org_id', '=', org.id)
      .where('team_member.person_id', 'in', ids)
      .orderBy('team.name')
      .execute(),
  ]);
  return rows.map((row) => {
    const teams = teamRows.filter((t) => t.person_id === row.id);
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      phone: row.phone,
      chatHandle: row.chat_handle,
      externalId: row.external_id,
      timeZone: row.time_zone,
      effectiveTimeZone: row.time_zone ?? teams.find((t) => t.time_zone)?.time_zone ?? org.timeZone,
      workingDays: parseJson<number[]>(row.working_days),
      workStart: row.work_start,
      workEnd: row.work_end,
      locale: row.locale,
      preferredChannels: JSON.parse(row.preferred_channels) as Channel[],
      managerId: row.manager_id,
      roles: sortRoles(roleRows.filter((r) => r.person_id === row.id).map((r) => r.role)),
      teams: teams.map((t) => ({ id: t.id, name: t.name, role: t.role })),
      status: row.status,
      hasPassword: row.password_hash !== null,
      attributes: parseAttributes(row.attributes),
      emailOptOutAt: row.email_opt_out_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

export interface PeopleFilter {
  q?: string | undefined;
  teamId?: string | undefined;
  role?: Role | undefined;
  status: 'active' | 'deactivated' | 'all';
  /** When set, only people in these teams (a manager's view). */
  withinTeamIds?: string[] | undefined;
  limit: number;
  after?: { name: string; id: string } | undefined;
}

/** One page of people ordered by name, and the total matching the filter. */
export async function listPersonRows(db: Db, orgId: string, filter: PeopleFilter): Promise<{ rows: PersonRow[]; total: number }> {
  let query = db.selectFrom('person').where('person.org_id', '=', orgId);
  if (filter.status !== 'all') query = query.where('person.status', '=', filter.status);
  if (filter.q) {
    // Wildcards are dropped rather than escaped: LIKE's escape syntax differs between the two databases.
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['person.display_name']), 'like', eb.val(pattern)),
        eb('person.email', 'like', pattern),
      ]),
    );
  }
  if (filter.teamId) {
    const teamId = filter.teamId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('team_member').select('team_member.person_id').whereRef('team_member.person_id', '=', 'person.id').where('team_member.team_id', '=', teamId)),
    );
  }
  if (filter.withinTeamIds) {
    const teamIds = filter.withinTeamIds.length > 0 ? filter.withinTeamIds : ['-'];
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('team_member').select('team_member.person_id').whereRef('team_member.person_id', '=', 'person.id').where('team_member.team_id', 'in', teamIds)),
    );
  }
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('person_role').select('person_role.person_id').whereRef('person_role.person_id', '=', 'person.id').where('person_role.role', '=', role)),
    );
  }
  const totalRow = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = query.selectAll('person');
  if (filter.after) {
    const { name, id } = filter.after;
    page = page.where((eb) => eb.or([eb('person.display_name', '>', name), eb.and([eb('person.display_name', '=', name), eb('person.id', '>', id)])]));
  }
  const rows = await page.orderBy('person.display_name').orderBy('person.id').limit(filter.limit).execute();
  return { rows, total: Number(totalRow.n) };
}

// ---------------------------------------------------------------- teams

export type TeamRow = Selectable<TeamTable>;

export async function insertTeam(db: Db, row: Insertable<TeamTable>): Promise<void> {
  await db.insertInto('team').values(row).execute();
}

export async function updateTeamRow(db: Db, orgId: string, teamId: string, patch: Updateable<TeamTable>): Promise<void> {
  await db.updateTable('team').set(patch).where('org_id', '=', orgId).where('id', '=', teamId).execute();
}

export async function deleteTeamRow(db: Db, orgId: string, teamId: string): Promise<void> {
  await db.deleteFrom('team').where('org_id', '=', orgId).where('id', '=', teamId).execute();
}

/** @throws NotFoundError when the team is not in the organisation. */
export async function getTeamRow(db: Db, orgId: string, teamId: string): Promise<TeamRow> {
  const row = await db.selectFrom('team').selectAll().where('org_id', '=', orgId).where('id', '=', teamId).executeTakeFirst();
  if (!row) throw new NotFoundError('team', teamId);
  return row;
}

export async function listTeamRows(db: Db, orgId: string, onlyIds?: string[]): Promise<TeamRow[]> {
  let query = db.selectFrom('team').selectAll().where('org_id', '=', orgId);
  if (onlyIds) query = query.where('id', 'in', onlyIds.length > 0 ? onlyIds : ['-']);
  return query.orderBy('name').execute();
}

export async function findTeamRowsByNames(db: Db, orgId: string, names: string[]): Promise<TeamRow[]> {
  if (names.length === 0) return [];
  return db.selectFrom('team').selectAll().where('org_id', '=', orgId).where('name', 'in', names).execute();
}

/** Teams of the organisation (or only `onlyIds`) by name, with their members' ids (whatever their status), in two statements. */
export async function listTeamsWithMembers(db: Db, orgId: string, onlyIds?: string[]): Promise<Array<{ id: string; name: string; memberIds: string[] }>> {
  const teams = await listTeamRows(db, orgId, onlyIds);
  if (teams.length === 0) return [];
  const members = await db.selectFrom('team_member').select(['team_id', 'person_id']).where('org_id', '=', orgId).where('team_id', 'in', teams.map((t) => t.id)).execute();
  const byTeam = new Map<string, string[]>();
  for (const member of members) byTeam.set(member.team_id, [...(byTeam.get(member.team_id) ?? []), member.person_id]);
  return teams.map((team) => ({ id: team.id, name: team.name, memberIds: byTeam.get(team.id) ?? [] }));
}

/** Team ids where the person is a manager. */
export async function listManagedTeamIds(db: Db, orgId: string, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_member')
    .select('team_id')
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('role', '=', 'manager')
    .execute();
  return rows.map((r) => r.team_id);
}

/** Teams in their API shape with member counts and managers. */
export async function hydrateTeams(db: Db, orgId: string, rows: TeamRow[]): Promise<Team[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom('team_member')
    .innerJoin('person', 'person.id', 'team_member.person_id')
    .select(['team_member.team_id', 'team_member.role', 'person.id', 'person.display_name'])
    .where('team_member.org_id', '=', orgId)
    .where(
      'team_member.team_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('person.status', '=', 'active')
    .orderBy('person.display_name')
    .execute();
  return rows.map((row) => {
    const own = members.filter((m) => m.team_id === row.id);
    return {
      id: row.id,
      name: row.name,
      timeZone: row.time_zone,
      workingDays: parseJson<number[]>(row.working_days),
      workStart: row.work_start,
      workEnd: row.work_end,
      chatWebhookUrl: row.chat_webhook_url,
      memberCount: own.length,
      managers: own.filter((m) => m.role === 'manager').map((m) => ({ id: m.id, displayName: m.display_name })),
      createdAt: row.created_at,
    };
  });
}

export async function listTeamMembers(db: Db, orgId: string, teamId: string): Promise<TeamDetail['members']> {
  const rows = await db
    .selectFrom('team_member')
    .innerJoin('person', 'person.id', 'team_member.person_id')
    .select(['person.id', 'person.display_name', 'person.email', 'team_member.role'])
    .where('team_member.org_id', '=', orgId)
    .where('team_member.team_id', '=', teamId)
    .orderBy('person.display_name')
    .execute();
  return rows.map((r) => ({ personId: r.id, displayName: r.display_name, email: r.email, role: r.role }));
}

/** Adds the person to the team, or changes their role in it. */
export async function upsertTeamMember(
  db: Db,
  row: { org_id: string; team_id: string; person_id: string; role: 'member' | 'manager'; created_at: string },
): Promise<void> {
  await db
    .insertInto('team_member')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'person_id']).doUpdateSet({ role: row.role }))
    .execute();
}

export async function removeTeamMember(db: Db, orgId: string, teamId: string, personId: string): Promise<void> {
  await db.deleteFrom('team_member').where('org_id', '=', orgId).where('team_id', '=', teamId).where('person_id', '=', personId).execute();
}

// ---------------------------------------------------------------- audiences

/** A rule choosing people by what they are; every criterion given must hold. */
export interface AudienceRule {
  /** Member of any of these teams. */
  teamIds?: readonly string[] | undefined;
  /** Holds any of these Morsel roles. */
  roles?: readonly Role[] | undefined;
  /** For each key, the person's attribute equals one of the values (trimmed, case-insensitive). */
  attributes?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** Who an audience is: the union of the people named, the members of the teams named, and the people the rule matches. */
export interface AudienceSelection {
  personIds?: readonly string[] | undefined;
  teamIds?: readonly string[] | undefined;
  rule?: AudienceRule | undefined;
  /**
   * Also deactivated people: for looking up people already chosen (a campaign's members on its view), never
   * for choosing whom to send to. Default false.
   */
  includeInactive?: boolean | undefined;
}

/**
 * One person of an audience with what sending needs: how to reach them, their own calendar settings and those
 * of their first team (the one they joined first), so that person > team > organisation resolves without
 * another query. JSON columns are parsed safely: a malformed stored value reads as null, `[]` or `{}`.
 */
export interface AudienceRow {
  id: string;
  email: string;
  display_name: string;
  status: PersonTable['status'];
  phone: string | null;
  chat_handle: string | null;
  locale: string | null;
  time_zone: string | null;
  /** ISO weekdays; null: the team's or organisation's. */
  working_days: number[] | null;
  work_start: string | null;
  work_end: string | null;
  preferred_channels: Channel[];
  attributes: Record<string, string>;
  email_opt_out_at: string | null;
  /** The first team (by when they joined it; then by name); null when in none. */
  team_id: string | null;
  team_time_zone: string | null;
  team_working_days: number[] | null;
  team_work_start: string | null;
  team_work_end: string | null;
  team_chat_webhook_url: string | null;
}

const CHANNELS: readonly Channel[] = ['app', 'email', 'chat', 'sms'];

function parseJsonSafely(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseWorkingDays(text: string | null): number[] | null {
  const value = parseJsonSafely(text);
  return Array.isArray(value) && value.length > 0 && value.every((day) => Number.isInteger(day)) ? (value as number[]) : null;
}

/** The person's channels in their order of preference, unknown ones dropped. */
function parseChannels(text: string): Channel[] {
  const value = parseJsonSafely(text);
  return Array.isArray(value) ? value.filter((channel): channel is Channel => CHANNELS.includes(channel as Channel)) : [];
}

/**
 * The active people of an audience, ordered by name: the union of `personIds`, the members of `teamIds` and
 * the people `rule` matches (every criterion it gives must hold; an empty list or a key with no values is no
 * criterion, so a rule without criteria matches every active person). Deactivated people are left out unless
 * `includeInactive` asks for them; ids of other organisations match nothing.
 *
 * One query on both databases: SQL chooses by id, team and role and narrows attribute criteria to people whose
 * stored attributes mention each key; the values are then compared here, because JSON functions differ between
 * SQLite and PostgreSQL.
 */
export async function listAudience(db: Db, orgId: string, selection: AudienceSelection): Promise<AudienceRow[]> {
  const personIds = [...new Set(selection.personIds ?? [])];
  const teamIds = [...new Set(selection.teamIds ?? [])];
  const rule = selection.rule;
  if (personIds.length === 0 && teamIds.length === 0 && !rule) return [];
  const ruleTeamIds = [...new Set(rule?.teamIds ?? [])];
  const ruleRoles = [...new Set(rule?.roles ?? [])];
  const attributeCriteria = Object.fromEntries(Object.entries(rule?.attributes ?? {}).filter(([, values]) => values.length > 0));
  const attributeKeys = Object.keys(attributeCriteria).map(normaliseAttributeKey);

  const isMemberOf = (eb: ExpressionBuilder<Database, 'person'>, ids: string[]) =>
    eb.exists(eb.selectFrom('team_member as tm').select('tm.person_id').whereRef('tm.person_id', '=', 'person.id').where('tm.org_id', '=', orgId).where('tm.team_id', 'in', ids));

  const rows = await db
    .selectFrom('person')
    .leftJoin('team_member', (join) => join.onRef('team_member.person_id', '=', 'person.id').on('team_member.org_id', '=', orgId))
    .leftJoin('team', 'team.id', 'team_member.team_id')
    .select([
      'person.id',
      'person.email',
      'person.display_name',
      'person.status',
      'person.phone',
      'person.chat_handle',
      'person.locale',
      'person.time_zone',
      'person.working_days',
      'person.work_start',
      'person.work_end',
      'person.preferred_channels',
      'person.attributes',
      'person.email_opt_out_at',
      'team.id as team_id',
      'team.time_zone as team_time_zone',
      'team.working_days as team_working_days',
      'team.work_start as team_work_start',
      'team.work_end as team_work_end',
      'team.chat_webhook_url as team_chat_webhook_url',
    ])
    .where('person.org_id', '=', orgId)
    .$if(!selection.includeInactive, (query) => query.where('person.status', '=', 'active'))
    .where((eb) => {
      const chosen = [];
      if (personIds.length > 0) chosen.push(eb('person.id', 'in', personIds));
      if (teamIds.length > 0) chosen.push(isMemberOf(eb, teamIds));
      if (rule) {
        const criteria = [];
        if (ruleTeamIds.length > 0) criteria.push(isMemberOf(eb, ruleTeamIds));
        if (ruleRoles.length > 0) {
          criteria.push(
            eb.exists(eb.selectFrom('person_role as pr').select('pr.person_id').whereRef('pr.person_id', '=', 'person.id').where('pr.org_id', '=', orgId).where('pr.role', 'in', ruleRoles)),
          );
        }
        // A prefilter only: canonical keys hold no LIKE wildcard but `_`, which over-matches harmlessly.
        // A key that normalises to nothing is a criterion nobody meets: `or` of nothing is false.
        for (const key of attributeKeys) criteria.push(key === '' ? eb.or([]) : eb('person.attributes', 'like', `%"${key}"%`));
        chosen.push(eb.and(criteria));
      }
      return eb.or(chosen);
    })
    .orderBy('person.display_name')
    .orderBy('person.id')
    .orderBy('team_member.created_at')
    .orderBy('team.name')
    .orderBy('team.id')
    .execute();

  const explicit = new Set(personIds);
  const named = new Set(teamIds);
  const audience: AudienceRow[] = [];
  // One row per membership, a person's rows together and their first team first.
  for (let i = 0; i < rows.length; ) {
    const first = rows[i] as (typeof rows)[number];
    let isNamed = explicit.has(first.id);
    let j = i;
    for (; j < rows.length && (rows[j] as (typeof rows)[number]).id === first.id; j++) {
      const teamId = (rows[j] as (typeof rows)[number]).team_id;
      if (teamId !== null && named.has(teamId)) isNamed = true;
    }
    i = j;
    const attributes = parseAttributes(first.attributes);
    // Not named: SQL chose the person by the rule, whose attribute values are checked here.
    if (!isNamed && !matchesAttributes(attributes, attributeCriteria)) continue;
    audience.push({
      id: first.id,
      email: first.email,
      display_name: first.display_name,
      status: first.status,
      phone: first.phone,
      chat_handle: first.chat_handle,
      locale: first.locale,
      time_zone: first.time_zone,
      working_days: parseWorkingDays(first.working_days),
      work_start: first.work_start,
      work_end: first.work_end,
      preferred_channels: parseChannels(first.preferred_channels),
      attributes,
      email_opt_out_at: first.email_opt_out_at,
      team_id: first.team_id,
      team_time_zone: first.team_time_zone,
      team_working_days: parseWorkingDays(first.team_working_days),
      team_work_start: first.team_work_start,
      team_work_end: first.team_work_end,
      team_chat_webhook_url: first.team_chat_webhook_url,
    });
  }
  return audience;
}

// ---------------------------------------------------------------- API tokens

export function toApiToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiToken(db: Db, row: Insertable<ApiTokenTable>): Promise<void> {
  await db.insertInto('api_token').values(row).execute();
}

export async function listApiTokenRows(db: Db, orgId: string): Promise<Selectable<ApiTokenTable>[]> {
  return db.selectFrom('api_token').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
}

export async function findApiTokenRowByHash(db: Db, tokenHash: string): Promise<Selectable<ApiTokenTable> | undefined> {
  return db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function getApiTokenRow(db: Db, orgId: string, id: string): Promise<Selectable<ApiTokenTable>> {
  const row = await db.selectFrom('api_token').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('API token', id);
  return row;
}

export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes the token; returns false when there was no unrevoked token with that id in the organisation. */
export async function revokeApiTokenRow(db: Db, orgId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
