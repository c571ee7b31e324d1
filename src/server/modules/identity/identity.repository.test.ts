import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Dialect } from '../../db/database.ts';
import { createFakeClock } from '../../platform/clock.ts';
import { createEventBus } from '../../platform/events.ts';
import { createTestDatabase, testDialects } from '../../testing/test-database.ts';
import { systemActor } from './access.ts';
import type { PersonCreate, Role } from './identity.schemas.ts';
import { createIdentityService } from './identity.service.ts';
import { listAudience } from './index.ts';
import type { PasswordHasher } from './passwords.ts';

/** Nobody here has a password. */
const noPasswords: PasswordHasher = {
  hash: () => Promise.reject(new Error('not used')),
  verify: () => Promise.resolve(false),
};

describe.each(testDialects)('listAudience on %s', (dialect: Dialect) => {
  let handle: DatabaseHandle;
  let orgId: string;
  let otherOrgId: string;
  const clock = createFakeClock('2026-03-02T09:00:00.000Z');
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    handle = await createTestDatabase(dialect);
    const identity = createIdentityService({ db: handle.db, clock, events: createEventBus(() => {}), passwords: noPasswords });
    // The admin (Zoe) keeps the organisation administered when Eve is deactivated below.
    orgId = (await identity.createOrganisation({ name: 'Acme', timeZone: 'Europe/London' }, { displayName: 'zoe', email: 'zoe@acme.test' })).organisation.id;
    otherOrgId = (await identity.createOrganisation({ name: 'Other' })).organisation.id;
    const actor = systemActor(orgId);
    const team = async (key: string, extra: { timeZone?: string; workingDays?: number[]; workStart?: string; workEnd?: string; chatWebhookUrl?: string } = {}) => {
      ids[key] = (await identity.createTeam(actor, { name: key, ...extra })).id;
    };
    await team('warehouse', { timeZone: 'Europe/Paris', workingDays: [1, 2, 3], workStart: '06:00', workEnd: '14:00', chatWebhookUrl: 'https://hooks.slack.com/services/T0/B0/x' });
    await team('stores');
    const person = async (key: string, input: Partial<PersonCreate> & { teams?: string[] }) => {
      const { teams = [], ...rest } = input;
      ids[key] = (await identity.createPerson(actor, { email: `${key}@acme.test`, displayName: key, ...rest })).id;
      // Joined one at a time, a minute apart, so "first team" is well defined.
      for (const name of teams) {
        clock.advance(60_000);
        await identity.setTeamMember(actor, ids[name] as string, ids[key] as string, 'member');
      }
    };
    await person('ann', { roles: ['learner'], attributes: { location: 'Leeds', shift: 'Night' }, teams: ['warehouse', 'stores'], phone: '+44 20 7946 0000', preferredChannels: ['chat', 'email'] });
    await person('bob', { roles: ['learner'], attributes: { location: ' leeds ' }, teams: ['stores'] });
    await person('cat', { roles: ['author', 'learner'], attributes: { location: 'York' }, timeZone: 'Asia/Kolkata', workingDays: [1, 2, 3, 4, 6], workStart: '10:00', workEnd: '18:00' });
    await person('dan', { roles: ['manager', 'learner'], teams: ['warehouse'] });
    await person('eve', { roles: ['learner'], attributes: { location: 'Leeds' }, teams: ['warehouse'] });
    await identity.updatePerson(actor, ids.eve as string, { status: 'deactivated' });
    // Someone of another organisation, in the same place: never part of Acme's audiences.
    const other = await identity.createPerson(systemActor(otherOrgId), { email: 'oz@other.test', displayName: 'oz', attributes: { location: 'Leeds' } });
    ids.oz = other.id;
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const namesOf = async (selection: Parameters<typeof listAudience>[2]) => (await listAudience(handle.db, orgId, selection)).map((row) => row.display_name);

  it('is the union of the people named, the members of the teams named and the people the rule matches', async () => {
    expect(await namesOf({})).toEqual([]);
    expect(await namesOf({ personIds: [ids.cat as string] })).toEqual(['cat']);
    expect(await namesOf({ teamIds: [ids.warehouse as string] })).toEqual(['ann', 'dan']);
    expect(await namesOf({ personIds: [ids.cat as string, ids.ann as string], teamIds: [ids.warehouse as string], rule: { roles: ['author'] } })).toEqual(['ann', 'cat', 'dan']);
    expect(await namesOf({ personIds: [ids.bob as string], rule: { attributes: { location: ['York'] } } })).toEqual(['bob', 'cat']);
  });

  it('matches a rule when every criterion holds: any of its teams, any of its roles, one of the values of each attribute', async () => {
    expect(await namesOf({ rule: { attributes: { location: ['LEEDS'] } } })).toEqual(['ann', 'bob']);
    expect(await namesOf({ rule: { attributes: { location: ['Leeds', 'York'], shift: ['night'] } } })).toEqual(['ann']);
    expect(await namesOf({ rule: { teamIds: [ids.stores as string], attributes: { location: ['leeds'] } } })).toEqual(['ann', 'bob']);
    expect(await namesOf({ rule: { teamIds: [ids.warehouse as string], roles: ['manager' as Role] } })).toEqual(['dan']);
    expect(await namesOf({ rule: { roles: ['author', 'manager'] } })).toEqual(['cat', 'dan']);
    expect(await namesOf({ rule: { attributes: { region: ['North'] } } })).toEqual([]);
    // A key written as people write it is the same key.
    expect(await namesOf({ rule: { attributes: { ' Location ': ['york'] } } })).toEqual(['cat']);
    // Roles are those held: the admin is not thereby an author or a manager.
    expect(await namesOf({ rule: { roles: ['admin'] } })).toEqual(['zoe']);
    // No criteria: everyone active.
    expect(await namesOf({ rule: {} })).toEqual(['ann', 'bob', 'cat', 'dan', 'zoe']);
    expect(await namesOf({ rule: { teamIds: [], attributes: { location: [] } } })).toEqual(['ann', 'bob', 'cat', 'dan', 'zoe']);
  });

  it('never includes deactivated people or another organisation’s, whoever names them', async () => {
    expect(await namesOf({ personIds: [ids.eve as string, ids.oz as string], teamIds: [ids.warehouse as string], rule: { attributes: { location: ['Leeds'] } } })).toEqual(['ann', 'bob', 'dan']);
    const looked = await listAudience(handle.db, orgId, { personIds: [ids.eve as string, ids.oz as string], includeInactive: true });
    expect(looked.map((row) => [row.display_name, row.status])).toEqual([['eve', 'deactivated']]);
  });

  it('gives what sending needs: contact, own calendar, attributes and the first team’s calendar and chat channel', async () => {
    const rows = await listAudience(handle.db, orgId, { personIds: [ids.ann as string, ids.cat as string, ids.bob as string] });
    const byName = Object.fromEntries(rows.map((row) => [row.display_name, row]));
    expect(byName.ann).toEqual({
      id: ids.ann,
      email: 'ann@acme.test',
      display_name: 'ann',
      status: 'active',
      phone: '+44 20 7946 0000',
      chat_handle: null,
      locale: null,
      time_zone: null,
      working_days: null,
      work_start: null,
      work_end: null,
      preferred_channels: ['chat', 'email'],
      attributes: { location: 'Leeds', shift: 'Night' },
      email_opt_out_at: null,
      // Ann joined the warehouse before the stores team.
      team_id: ids.warehouse,
      team_time_zone: 'Europe/Paris',
      team_working_days: [1, 2, 3],
      team_work_start: '06:00',
      team_work_end: '14:00',
      team_chat_webhook_url: 'https://hooks.slack.com/services/T0/B0/x',
    });
    expect(byName.bob).toMatchObject({ team_id: ids.stores, team_time_zone: null, team_chat_webhook_url: null });
    expect(byName.cat).toMatchObject({ time_zone: 'Asia/Kolkata', working_days: [1, 2, 3, 4, 6], work_start: '10:00', work_end: '18:00', team_id: null, team_working_days: null });
  });

  it('reads a malformed stored attributes value as no attributes', async () => {
    await handle.db.updateTable('person').set({ attributes: 'not json', email_opt_out_at: '2026-03-01T10:00:00.000Z' }).where('id', '=', ids.ann as string).execute();
    await handle.db.updateTable('person').set({ attributes: '["Leeds"]' }).where('id', '=', ids.bob as string).execute();
    const rows = await listAudience(handle.db, orgId, { personIds: [ids.ann as string, ids.bob as string] });
    expect(rows.map((row) => [row.display_name, row.attributes, row.email_opt_out_at])).toEqual([
      ['ann', {}, '2026-03-01T10:00:00.000Z'],
      ['bob', {}, null],
    ]);
    expect(await namesOf({ rule: { attributes: { location: ['Leeds'] } } })).toEqual([]);
  });
});
