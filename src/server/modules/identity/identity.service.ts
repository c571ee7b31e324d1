import type { Kysely } from 'kysely';
import { findMissingManagers, findTooManyAttributes, parsePeopleCsv, type PersonImportRow } from '../../../core/people-csv.ts';
import type { Database, Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, hasRole, requireRole } from './access.ts';
import type {
  ImportReport,
  Organisation,
  OrganisationPatch,
  PeopleQuery,
  Person,
  PersonCreate,
  PersonPatch,
  ProfilePatch,
  Role,
  SessionInfo,
  SetupBody,
  Team,
  TeamCreate,
  TeamDetail,
  TeamPatch,
} from './identity.schemas.ts';
import * as repo from './identity.repository.ts';
import type { PasswordHasher } from './passwords.ts';

export interface IdentityDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: EventBus;
  passwords: PasswordHasher;
  /**
   * Checks where a team's chat webhook URL points (the delivery module's guard against server-side request
   * forgery: no private, loopback or link-local addresses). Answers why the URL cannot be used, or null.
   * Without it, any http(s) URL that passes the schema is accepted.
   */
  checkWebhookUrl?: ((url: string) => Promise<string | null>) | undefined;
}

export interface NewOrganisation {
  name: string;
  slug?: string | undefined;
  timeZone?: string | undefined;
  locale?: string | undefined;
}

export interface NewAdmin {
  displayName: string;
  email: string;
  password?: string | undefined;
  timeZone?: string | undefined;
}

const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5];

/** Organisations, people, roles and teams: who is who in each tenant, and who may see and change what. */
export function createIdentityService({ db, clock, events, passwords, checkWebhookUrl }: IdentityDeps) {
  const now = () => clock.now().toISOString();

  /**
   * Outside any transaction: the check may resolve the host name.
   * @throws ValidationError on field chatWebhookUrl when the check refuses the URL.
   */
  async function assertWebhookUrlAllowed(url: string | null | undefined): Promise<void> {
    if (!url || !checkWebhookUrl) return;
    const problem = await checkWebhookUrl(url);
    if (problem) throw new ValidationError(problem, { field: 'chatWebhookUrl' });
  }

  async function loadOrg(trx: Db, orgId: string): Promise<Organisation> {
    return repo.toOrganisation(await repo.getOrganisationRow(trx, orgId));
  }

  async function loadPerson(trx: Db, org: Organisation, personId: string): Promise<Person> {
    const row = await repo.getPersonRow(trx, org.id, personId);
    const [person] = await repo.hydratePeople(trx, org, [row]);
    return person as Person;
  }

  /**
   * Managers see the people of the teams they manage; admins, authors (who pick pilot learners) and people:read
   * tokens see everyone.
   */
  async function visibleTeamIds(actor: Actor): Promise<string[] | undefined> {
    if (actor.kind !== 'person' || hasRole(actor, 'author')) return undefined;
    return repo.listManagedTeamIds(db, actor.orgId, actor.personId);
  }

  async function assertManagerInOrg(trx: Db, orgId: string, managerId: string | null | undefined, selfId?: string) {
    if (!managerId) return;
    if (managerId === selfId) throw new ValidationError('A person cannot be their own manager.', { field: 'managerId' });
    if (!(await repo.findPersonRow(trx, orgId, managerId))) throw new ValidationError('The manager is not a person of this organisation.', { field: 'managerId' });
  }

  async function uniqueSlug(trx: Db, wanted: string): Promise<string> {
    const base = slugify(wanted);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await repo.findOrganisationBySlug(trx, candidate))) return candidate;
    }
  }

  /** Hashing happens before any transaction opens, so no write lock waits on argon2. */
  async function withPasswordHash(admin: NewAdmin | undefined) {
    return admin && { ...admin, passwordHash: admin.password ? await passwords.hash(admin.password) : null };
  }

  async function insertNewOrganisation(trx: Db, org: NewOrganisation, admin: (NewAdmin & { passwordHash: string | null }) | undefined) {
    const at = now();
    const orgId = newId();
    const slug = org.slug ? slugify(org.slug) : await uniqueSlug(trx, org.name);
    if (org.slug && (await repo.findOrganisationBySlug(trx, slug))) {
      throw new AppError('conflict', `An organisation with the short name "${slug}" already exists.`, { field: 'slug' });
    }
    await repo.insertOrganisation(trx, {
      id: orgId,
      name: org.name.trim(),
      slug,
      time_zone: org.timeZone ?? admin?.timeZone ?? 'UTC',
      locale: org.locale ?? 'en',
      working_days: JSON.stringify(DEFAULT_WORKING_DAYS),
      work_start: '09:00',
      work_end: '17:00',
      quiet_start: null,
      quiet_end: null,
      reading_words_per_minute: 200,
      created_at: at,
      updated_at: at,
    });
    let adminId: string | undefined;
    if (admin) {
      adminId = newId();
      await repo.insertPerson(trx, {
        ...emptyPersonRow(orgId, adminId, at),
        email: admin.email.toLowerCase(),
        display_name: admin.displayName.trim(),
        password_hash: admin.passwordHash ?? null,
        time_zone: admin.timeZone ?? null,
      });
      await repo.setRoles(trx, orgId, adminId, ['admin', 'learner']);
    }
    return { orgId, adminId, at };
  }

  return {
    /** True while no organisation exists: the web app then offers first-run set-up. */
    async isSetupNeeded(): Promise<boolean> {
      return (await repo.countOrganisations(db)) === 0;
    },

    /**
     * First-run set-up: the first organisation and its first admin. Only possible on an empty database.
     * @throws AppError setup_already_done once any organisation exists.
     */
    async setUp(input: SetupBody): Promise<{ orgId: string; personId: string }> {
      const admin = await withPasswordHash({ ...input.admin, timeZone: input.admin.timeZone ?? input.organisation.timeZone });
      const result = await db.transaction().execute(async (trx) => {
        if ((await repo.countOrganisations(trx)) > 0) {
          throw new AppError('setup_already_done', 'Morsel is already set up. Sign in instead.');
        }
        return insertNewOrganisation(trx, input.organisation, admin);
      });
      await events.publish({ type: 'identity.organisation_created', orgId: result.orgId, at: result.at });
      return { orgId: result.orgId, personId: result.adminId as string };
    },

    /**
     * Creates an organisation, optionally with its first admin (operator use: the CLI).
     * @throws AppError conflict when the slug is taken.
     */
    async createOrganisation(org: NewOrganisation, admin?: NewAdmin): Promise<{ organisation: Organisation; adminId: string | undefined }> {
      const adminWithHash = await withPasswordHash(admin);
      const result = await db.transaction().execute(async (trx) => {
        const created = await insertNewOrganisation(trx, org, adminWithHash);
        return { ...created, organisation: await loadOrg(trx, created.orgId) };
      });
      await events.publish({ type: 'identity.organisation_created', orgId: result.orgId, at: result.at });
      return { organisation: result.organisation, adminId: result.adminId };
    },

    /** Every organisation (operator use: the CLI picks the only one as the default). */
    async listOrganisations(): Promise<Organisation[]> {
      return (await repo.listOrganisationRows(db)).map(repo.toOrganisation);
    },

    /**
     * Finds an organisation by slug or id; with neither, the only organisation.
     * @throws NotFoundError when none matches; AppError organisation_required when several exist and none was named.
     */
    async resolveOrganisation(nameOrId?: string): Promise<Organisation> {
      if (nameOrId) {
        const match = await repo.findOrganisationBySlugOrId(db, nameOrId);
        if (!match) throw new NotFoundError('organisation', nameOrId);
        return repo.toOrganisation(match);
      }
      const all = await repo.listOrganisationRows(db);
      if (all.length === 1) return repo.toOrganisation(all[0]!);
      if (all.length === 0) throw new NotFoundError('organisation');
      throw new AppError('organisation_required', `There are ${all.length} organisations: name one (${all.map((o) => o.slug).join(', ')}).`);
    },

    async getOrganisation(actor: Actor): Promise<Organisation> {
      return loadOrg(db, actor.orgId);
    },

    /** @throws ForbiddenError unless the actor is an admin. */
    async updateOrganisation(actor: Actor, patch: OrganisationPatch): Promise<Organisation> {
      requireRole(actor, ['admin']);
      return db.transaction().execute(async (trx) => {
        const current = await loadOrg(trx, actor.orgId);
        const next = { ...current, ...patch };
        assertHours(next.workStart, next.workEnd);
        if ((next.quietStart === null) !== (next.quietEnd === null)) {
          throw new ValidationError('Quiet hours need both a start and an end.', { field: 'quietStart' });
        }
        await repo.updateOrganisationRow(trx, actor.orgId, {
          name: next.name,
          time_zone: next.timeZone,
          locale: next.locale,
          working_days: JSON.stringify(next.workingDays),
          work_start: next.workStart,
          work_end: next.workEnd,
          quiet_start: next.quietStart,
          quiet_end: next.quietEnd,
          reading_words_per_minute: next.readingWordsPerMinute,
          updated_at: now(),
        });
        return loadOrg(trx, actor.orgId);
      });
    },

    /** What the signed-in person sees of themselves and their organisation. */
    async getSessionInfo(orgId: string, personId: string, csrfToken: string | null): Promise<SessionInfo> {
      const organisation = await loadOrg(db, orgId);
      return { person: await loadPerson(db, organisation, personId), organisation, csrfToken };
    },

    /** Looks a person up by id within an organisation, whoever asks (internal: auth, CLI). */
    async findPerson(orgId: string, personId: string): Promise<Person | undefined> {
      const row = await repo.findPersonRow(db, orgId, personId);
      if (!row) return undefined;
      const [person] = await repo.hydratePeople(db, await loadOrg(db, orgId), [row]);
      return person;
    },

    /**
     * A page of people, ordered by name.
     * @throws ForbiddenError unless the actor is an admin, an author, a manager (who sees their teams only) or a people:read token.
     */
    async listPeople(actor: Actor, query: PeopleQuery): Promise<{ items: Person[]; nextCursor: string | null; total: number }> {
      requireRole(actor, ['admin', 'author', 'manager'], 'people:read');
      const org = await loadOrg(db, actor.orgId);
      const { rows, total } = await repo.listPersonRows(db, actor.orgId, {
        q: query.q,
        teamId: query.teamId,
        role: query.role,
        status: query.status,
        withinTeamIds: await visibleTeamIds(actor),
        limit: query.limit + 1,
        after: decodeCursor(query.cursor),
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: await repo.hydratePeople(db, org, page),
        nextCursor: rows.length > query.limit && last ? encodeKeyCursor(last.display_name, last.id) : null,
        total,
      };
    },

    /**
     * One person.
     * @throws NotFoundError when the person is not in the actor's organisation or not visible to this manager.
     */
    async getPerson(actor: Actor, personId: string): Promise<Person> {
      if (!(actor.kind === 'person' && actor.personId === personId)) requireRole(actor, ['admin', 'author', 'manager'], 'people:read');
      const org = await loadOrg(db, actor.orgId);
      const person = await loadPerson(db, org, personId);
      const within = actor.kind === 'person' && actor.personId === personId ? undefined : await visibleTeamIds(actor);
      if (within && !person.teams.some((t) => within.includes(t.id))) throw new NotFoundError('person', personId);
      return person;
    },

    /**
     * Adds a person to the organisation.
     * @throws AppError email_taken when someone in the organisation has that email.
     */
    async createPerson(actor: Actor, input: PersonCreate): Promise<Person> {
      requireRole(actor, ['admin'], 'people:write');
      const at = now();
      const id = newId();
      const passwordHash = input.password ? await passwords.hash(input.password) : null;
      try {
        const person = await db.transaction().execute(async (trx) => {
          const org = await loadOrg(trx, actor.orgId);
          await assertManagerInOrg(trx, actor.orgId, input.managerId);
          assertOptionalHours(input.workStart, input.workEnd);
          await repo.insertPerson(trx, {
            ...emptyPersonRow(actor.orgId, id, at),
            email: input.email.toLowerCase(),
            display_name: input.displayName,
            password_hash: passwordHash,
            phone: input.phone ?? null,
            chat_handle: input.chatHandle ?? null,
            external_id: input.externalId ?? null,
            time_zone: input.timeZone ?? null,
            working_days: input.workingDays ? JSON.stringify(input.workingDays) : null,
            work_start: input.workStart ?? null,
            work_end: input.workEnd ?? null,
            locale: input.locale ?? null,
            preferred_channels: JSON.stringify(input.preferredChannels ?? ['app', 'email']),
            manager_id: input.managerId ?? null,
            attributes: repo.serialiseAttributes(input.attributes ?? {}),
          });
          await repo.setRoles(trx, actor.orgId, id, input.roles ?? ['learner']);
          for (const teamId of new Set(input.teamIds ?? [])) {
            await repo.getTeamRow(trx, actor.orgId, teamId);
            await repo.upsertTeamMember(trx, { org_id: actor.orgId, team_id: teamId, person_id: id, role: 'member', created_at: at });
          }
          return loadPerson(trx, org, id);
        });
        await events.publish({ type: 'identity.person_created', orgId: actor.orgId, personId: id, at });
        return person;
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken(input.email);
        throw error;
      }
    },

    /**
     * Changes a person's details, roles or status.
     * @throws AppError last_admin when it would leave the organisation without an active admin.
     */
    async updatePerson(actor: Actor, personId: string, patch: PersonPatch): Promise<Person> {
      requireRole(actor, ['admin'], 'people:write');
      let statusChanged = false;
      try {
        const person = await db.transaction().execute(async (trx) => {
          const org = await loadOrg(trx, actor.orgId);
          const current = await repo.getPersonRow(trx, actor.orgId, personId);
          statusChanged = patch.status !== undefined && patch.status !== current.status;
          await assertManagerInOrg(trx, actor.orgId, patch.managerId, personId);
          assertOptionalHours(patch.workStart === undefined ? current.work_start : patch.workStart, patch.workEnd === undefined ? current.work_end : patch.workEnd);
          await repo.updatePersonRow(trx, actor.orgId, personId, { ...personPatchToRow(patch), updated_at: now() });
          if (patch.roles) await repo.setRoles(trx, actor.orgId, personId, patch.roles);
          if (patch.roles || patch.status) {
            if ((await repo.countActiveAdmins(trx, actor.orgId)) === 0) {
              throw new AppError('last_admin', 'This would leave the organisation without an admin. Make someone else an admin first.');
            }
          }
          return loadPerson(trx, org, personId);
        });
        if (statusChanged) await events.publish({ type: 'identity.person_status_changed', orgId: actor.orgId, personId, status: person.status, at: now() });
        return person;
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken(patch.email ?? '');
        throw error;
      }
    },

    /** A person changes their own profile. */
    async updateOwnProfile(actor: Actor, patch: ProfilePatch): Promise<void> {
      if (actor.kind !== 'person') throw new ValidationError('Only a signed-in person has a profile.');
      await db.transaction().execute(async (trx) => {
        const current = await repo.getPersonRow(trx, actor.orgId, actor.personId);
        assertOptionalHours(patch.workStart === undefined ? current.work_start : patch.workStart, patch.workEnd === undefined ? current.work_end : patch.workEnd);
        await repo.updatePersonRow(trx, actor.orgId, actor.personId, { ...personPatchToRow(patch), updated_at: now() });
      });
    },

    /**
     * Imports people from an HR export. All or nothing: when any row is invalid, nothing changes and every
     * problem is reported; otherwise new people are added, existing ones (same email) updated, missing teams
     * created, managers linked and made managers of their reports' team. Import adds roles, never removes one.
     */
    async importPeople(actor: Actor, csv: string, options: { dryRun: boolean }): Promise<ImportReport> {
      requireRole(actor, ['admin'], 'people:write');
      const parsed = parsePeopleCsv(csv);
      const rowCount = parsed.rows.length + new Set(parsed.errors.filter((e) => e.row > 1).map((e) => e.row)).size;
      const emailsInFile = parsed.rows.map((r) => r.email);
      const managerEmails = [...new Set(parsed.rows.map((r) => r.managerEmail).filter((e): e is string => e !== null))];
      const existingManagers = await repo.listPersonRowsByEmails(db, actor.orgId, managerEmails);
      const errors = [...parsed.errors, ...findMissingManagers(parsed.rows, new Set(existingManagers.map((p) => p.email)))].sort((a, b) => a.row - b.row);
      const existing = await repo.listPersonRowsByEmails(db, actor.orgId, emailsInFile);
      const existingEmails = new Set(existing.map((p) => p.email));
      errors.push(...findTooManyAttributes(parsed.rows, new Map(existing.map((p) => [p.email, repo.parseAttributes(p.attributes)]))));
      errors.sort((a, b) => a.row - b.row);
      const teamNames = [...new Set(parsed.rows.map((r) => r.teamName).filter((t): t is string => t !== null))];
      const knownTeams = await repo.findTeamRowsByNames(db, actor.orgId, teamNames);
      const report: ImportReport = {
        applied: false,
        dryRun: options.dryRun,
        rows: rowCount,
        created: parsed.rows.filter((r) => !existingEmails.has(r.email)).length,
        updated: parsed.rows.filter((r) => existingEmails.has(r.email)).length,
        teamsCreated: teamNames.filter((name) => !knownTeams.some((t) => t.name === name)),
        errors,
      };
      if (errors.length > 0 || options.dryRun) {
        if (errors.length > 0) Object.assign(report, { created: 0, updated: 0, teamsCreated: [] });
        return report;
      }
      const at = now();
      await db.transaction().execute((trx) => applyImport(trx, actor.orgId, parsed.rows, at));
      await events.publish({ type: 'identity.people_imported', orgId: actor.orgId, created: report.created, updated: report.updated, at });
      return { ...report, applied: true };
    },

    /** Teams of the organisation (a manager sees the teams they manage). */
    async listTeams(actor: Actor): Promise<Team[]> {
      requireRole(actor, ['admin', 'manager'], 'people:read');
      const teams = await repo.hydrateTeams(db, actor.orgId, await repo.listTeamRows(db, actor.orgId, await visibleTeamIds(actor)));
      return teams.map((team) => withWebhookFor(actor, team));
    },

    /** The teams the actor may see (a manager: those they manage), each with its members' ids, read in bulk. */
    async teamsWithMembers(actor: Actor): Promise<Array<{ id: string; name: string; memberIds: string[] }>> {
      requireRole(actor, ['admin', 'manager'], 'people:read');
      return repo.listTeamsWithMembers(db, actor.orgId, await visibleTeamIds(actor));
    },

    /** @throws NotFoundError when the team is not in the organisation or not managed by this manager. */
    async getTeam(actor: Actor, teamId: string): Promise<TeamDetail> {
      requireRole(actor, ['admin', 'manager'], 'people:read');
      const within = await visibleTeamIds(actor);
      if (within && !within.includes(teamId)) throw new NotFoundError('team', teamId);
      return withWebhookFor(actor, await loadTeamDetail(db, actor.orgId, teamId));
    },

    /**
     * @throws AppError conflict when a team of that name exists.
     * @throws ValidationError on field chatWebhookUrl when the webhook check refuses the URL.
     */
    async createTeam(actor: Actor, input: TeamCreate): Promise<Team> {
      requireRole(actor, ['admin'], 'people:write');
      assertOptionalHours(input.workStart, input.workEnd);
      await assertWebhookUrlAllowed(input.chatWebhookUrl);
      const at = now();
      const id = newId();
      try {
        await repo.insertTeam(db, {
          id,
          org_id: actor.orgId,
          name: input.name,
          time_zone: input.timeZone ?? null,
          working_days: input.workingDays ? JSON.stringify(input.workingDays) : null,
          work_start: input.workStart ?? null,
          work_end: input.workEnd ?? null,
          chat_webhook_url: input.chatWebhookUrl ?? null,
          created_at: at,
          updated_at: at,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw teamNameTaken(input.name);
        throw error;
      }
      const [team] = await repo.hydrateTeams(db, actor.orgId, [await repo.getTeamRow(db, actor.orgId, id)]);
      return team as Team;
    },

    /**
     * Changes a team's name, calendar or chat channel.
     * @throws ValidationError on field chatWebhookUrl when the webhook check refuses the URL.
     */
    async updateTeam(actor: Actor, teamId: string, patch: TeamPatch): Promise<TeamDetail> {
      requireRole(actor, ['admin'], 'people:write');
      await assertWebhookUrlAllowed(patch.chatWebhookUrl);
      try {
        return await db.transaction().execute(async (trx) => {
          const current = await repo.getTeamRow(trx, actor.orgId, teamId);
          assertOptionalHours(patch.workStart === undefined ? current.work_start : patch.workStart, patch.workEnd === undefined ? current.work_end : patch.workEnd);
          await repo.updateTeamRow(trx, actor.orgId, teamId, {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
            ...(patch.workingDays !== undefined && { working_days: patch.workingDays ? JSON.stringify(patch.workingDays) : null }),
            ...(patch.workStart !== undefined && { work_start: patch.workStart }),
            ...(patch.workEnd !== undefined && { work_end: patch.workEnd }),
            ...(patch.chatWebhookUrl !== undefined && { chat_webhook_url: patch.chatWebhookUrl }),
            updated_at: now(),
          });
          return loadTeamDetail(trx, actor.orgId, teamId);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw teamNameTaken(patch.name ?? '');
        throw error;
      }
    },

    /** Deletes the team; its people stay in the organisation. */
    async deleteTeam(actor: Actor, teamId: string): Promise<void> {
      requireRole(actor, ['admin'], 'people:write');
      await repo.getTeamRow(db, actor.orgId, teamId);
      await repo.deleteTeamRow(db, actor.orgId, teamId);
    },

    /** Adds a person to a team or changes their role in it; a team manager also gets the manager role. */
    async setTeamMember(actor: Actor, teamId: string, personId: string, role: 'member' | 'manager'): Promise<TeamDetail> {
      requireRole(actor, ['admin'], 'people:write');
      return db.transaction().execute(async (trx) => {
        await repo.getTeamRow(trx, actor.orgId, teamId);
        await repo.getPersonRow(trx, actor.orgId, personId);
        await repo.upsertTeamMember(trx, { org_id: actor.orgId, team_id: teamId, person_id: personId, role, created_at: now() });
        if (role === 'manager') await repo.addRole(trx, actor.orgId, personId, 'manager');
        return loadTeamDetail(trx, actor.orgId, teamId);
      });
    },

    async removeTeamMember(actor: Actor, teamId: string, personId: string): Promise<TeamDetail> {
      requireRole(actor, ['admin'], 'people:write');
      return db.transaction().execute(async (trx) => {
        await repo.getTeamRow(trx, actor.orgId, teamId);
        await repo.removeTeamMember(trx, actor.orgId, teamId, personId);
        return loadTeamDetail(trx, actor.orgId, teamId);
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

async function loadTeamDetail(db: Db, orgId: string, teamId: string): Promise<TeamDetail> {
  const row = await repo.getTeamRow(db, orgId, teamId);
  const [team] = await repo.hydrateTeams(db, orgId, [row]);
  return { ...(team as Team), members: await repo.listTeamMembers(db, orgId, teamId) };
}

async function applyImport(trx: Db, orgId: string, rows: PersonImportRow[], at: string): Promise<void> {
  const existing = new Map((await repo.listPersonRowsByEmails(trx, orgId, rows.map((r) => r.email))).map((p) => [p.email, p]));
  const idByEmail = new Map<string, string>();
  for (const row of rows) {
    const current = existing.get(row.email);
    const id = current?.id ?? newId();
    idByEmail.set(row.email, id);
    const fields = {
      display_name: row.displayName,
      ...(row.timeZone && { time_zone: row.timeZone }),
      ...(row.phone && { phone: row.phone }),
      ...(row.externalId && { external_id: row.externalId }),
      ...(row.chatHandle && { chat_handle: row.chatHandle }),
      // The file's attribute columns set theirs; attributes it does not mention are kept.
      ...(Object.keys(row.attributes).length > 0 && { attributes: repo.serialiseAttributes({ ...repo.parseAttributes(current?.attributes), ...row.attributes }) }),
    };
    if (current) {
      await repo.updatePersonRow(trx, orgId, id, { ...fields, status: 'active', updated_at: at });
    } else {
      await repo.insertPerson(trx, { ...emptyPersonRow(orgId, id, at), email: row.email, ...fields });
    }
    for (const role of row.roles) await repo.addRole(trx, orgId, id, role);
  }
  const teamIdByName = new Map((await repo.findTeamRowsByNames(trx, orgId, rows.flatMap((r) => (r.teamName ? [r.teamName] : [])))).map((t) => [t.name, t.id]));
  for (const row of rows) {
    if (!row.teamName || teamIdByName.has(row.teamName)) continue;
    const teamId = newId();
    await repo.insertTeam(trx, { id: teamId, org_id: orgId, name: row.teamName, time_zone: null, working_days: null, work_start: null, work_end: null, chat_webhook_url: null, created_at: at, updated_at: at });
    teamIdByName.set(row.teamName, teamId);
  }
  const managerIds = new Map((await repo.listPersonRowsByEmails(trx, orgId, rows.flatMap((r) => (r.managerEmail ? [r.managerEmail] : [])))).map((p) => [p.email, p.id]));
  for (const row of rows) {
    const personId = idByEmail.get(row.email) as string;
    const teamId = row.teamName ? teamIdByName.get(row.teamName) : undefined;
    if (teamId) await repo.upsertTeamMember(trx, { org_id: orgId, team_id: teamId, person_id: personId, role: 'member', created_at: at });
    const managerId = row.managerEmail ? managerIds.get(row.managerEmail) : undefined;
    if (!managerId) continue;
    await repo.updatePersonRow(trx, orgId, personId, { manager_id: managerId });
    await repo.addRole(trx, orgId, managerId, 'manager');
    if (teamId) await repo.upsertTeamMember(trx, { org_id: orgId, team_id: teamId, person_id: managerId, role: 'manager', created_at: at });
  }
}

function emptyPersonRow(orgId: string, id: string, at: string) {
  return {
    id,
    org_id: orgId,
    email: '',
    display_name: '',
    password_hash: null,
    phone: null,
    chat_handle: null,
    external_id: null,
    time_zone: null,
    working_days: null,
    work_start: null,
    work_end: null,
    locale: null,
    preferred_channels: JSON.stringify(['app', 'email']),
    manager_id: null,
    status: 'active' as const,
    created_at: at,
    updated_at: at,
  };
}

function personPatchToRow(patch: PersonPatch) {
  return {
    ...(patch.email !== undefined && { email: patch.email.toLowerCase() }),
    ...(patch.displayName !== undefined && { display_name: patch.displayName }),
    ...(patch.phone !== undefined && { phone: patch.phone }),
    ...(patch.chatHandle !== undefined && { chat_handle: patch.chatHandle }),
    ...(patch.externalId !== undefined && { external_id: patch.externalId }),
    ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
    ...(patch.workingDays !== undefined && { working_days: patch.workingDays ? JSON.stringify(patch.workingDays) : null }),
    ...(patch.workStart !== undefined && { work_start: patch.workStart }),
    ...(patch.workEnd !== undefined && { work_end: patch.workEnd }),
    ...(patch.locale !== undefined && { locale: patch.locale }),
    ...(patch.preferredChannels !== undefined && { preferred_channels: JSON.stringify(patch.preferredChannels) }),
    ...(patch.managerId !== undefined && { manager_id: patch.managerId }),
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.attributes !== undefined && { attributes: repo.serialiseAttributes(patch.attributes) }),
  };
}

/**
 * A team as this actor may see it. A chat webhook URL lets whoever holds it post to the channel, so only those
 * who may change teams (admins, people:write tokens, the operator) see it whole; others see where it points.
 */
function withWebhookFor<T extends Team>(actor: Actor, team: T): T {
  const mayChangeTeams = actor.kind === 'system' || (actor.kind === 'person' ? actor.roles.includes('admin') : actor.scopes.includes('people:write'));
  if (mayChangeTeams || team.chatWebhookUrl === null) return team;
  return { ...team, chatWebhookUrl: redactUrl(team.chatWebhookUrl) };
}

/** `https://hooks.slack.com/services/T0/B0/secret` → `https://hooks.slack.com/…`. */
function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}

function assertHours(start: string, end: string): void {
  if (start >= end) throw new ValidationError(`Working hours must end after they start (${start}–${end}).`, { field: 'workEnd' });
}

function assertOptionalHours(start: string | null | undefined, end: string | null | undefined): void {
  if ((start == null) !== (end == null)) throw new ValidationError('Working hours need both a start and an end.', { field: start == null ? 'workStart' : 'workEnd' });
  if (start != null && end != null) assertHours(start, end);
}

function emailTaken(email: string): AppError {
  return new AppError('email_taken', `Someone in this organisation already uses ${email}.`, { field: 'email' });
}

function teamNameTaken(name: string): AppError {
  return new AppError('conflict', `A team called "${name}" already exists.`, { field: 'name' });
}

/** A URL-safe short name: lower case ASCII letters, digits and dashes. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'org';
}

function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  const after = decodeKeyCursor(cursor);
  return after && { name: after.key, id: after.id };
}

export type { Role };
