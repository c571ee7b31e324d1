import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { ApiToken, Channel, Organisation, Person, Role, Scope, Team, TeamDetail } from './identity.schemas.ts';
import type { ApiTokenTable, OrganisationTable, PersonTable, TeamTable } from './identity.table.ts';

// Repositories only query. Every tenant query filters by org_id.

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

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
