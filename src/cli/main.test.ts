import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { cliEnvironment, morsel } from './cli-test-support.ts';
import { createDb } from '../server/db/database.ts';
import { systemActor } from '../server/modules/identity/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { loadConfig } from '../server/platform/config.ts';
import { createServices } from '../server/services.ts';
import { testDialects } from '../server/testing/test-database.ts';

describe.each(testDialects)('the morsel command on %s', (dialect) => {
  const env = cliEnvironment(dialect);

  it('migrates, seeds the demo, creates people and tokens, and prints JSON', async () => {
    expect(JSON.parse((await morsel(env, 'migrate', '--json')).stdout).applied).toEqual(expect.arrayContaining(['0001-identity', '0002-content']));
    expect(JSON.parse((await morsel(env, 'migrate', '--json')).stdout)).toEqual({ applied: [] });

    const demo = JSON.parse((await morsel(env, 'demo', '--json')).stdout);
    expect(demo).toMatchObject({ created: true, organisation: { slug: 'demo' }, admin: { email: 'admin@northwind.example' }, teams: 4 });
    expect(demo.people).toBeGreaterThanOrEqual(45);
    expect(JSON.parse((await morsel(env, 'demo', '--json')).stdout)).toMatchObject({ created: false, people: demo.people });

    // The demo's lessons (both scenarios) pass the linter with no finding at all.
    const lint = await morsel(env, 'lint', '--json');
    expect(lint.code).toBe(0);
    const report = JSON.parse(lint.stdout);
    expect(report).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.lessons.map((l: { title: string }) => l.title)).toEqual(expect.arrayContaining(['The new greeting, word for word', 'The new farewell']));
    expect(report.lessons).toHaveLength(6);
    // A lesson over two minutes makes lint fail with exit code 1.
    const config = loadConfig(env);
    const database = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
    const services = createServices(config, database, pino({ level: 'silent' }), systemClock);
    const long = await services.content.createLesson(systemActor(demo.organisation.id), {
      title: 'Everything about refunds',
      coreQuestion: 'How do refunds work?',
      objectiveId: null,
      tags: [],
      variables: [],
      blocks: [{ id: 'essay', type: 'text', markdown: 'word '.repeat(500) }],
    });
    await database.destroy();
    const failing = await morsel(env, 'lint', '--lesson', long.id);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('FAIL Everything about refunds');
    expect(failing.stdout).toMatch(/error\s+too_long/);
    const unknown = await morsel(env, 'lint', '--lesson', 'no-such-lesson', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).error.code).toBe('not_found');

    // With one organisation, it is the default.
    const person = JSON.parse((await morsel(env, 'user', 'add', '--email', 'Kai@Northwind.example', '--name', 'Kai', '--role', 'author', 'learner', '--time-zone', 'Asia/Tokyo', '--json')).stdout);
    expect(person).toMatchObject({ email: 'kai@northwind.example', roles: ['author', 'learner'], timeZone: 'Asia/Tokyo' });

    const token = JSON.parse((await morsel(env, 'token', 'create', '--name', 'CRM', '--scope', 'events:write', 'people:read', '--json')).stdout);
    expect(token).toMatchObject({ name: 'CRM', scopes: ['events:write', 'people:read'], token: expect.stringMatching(/^mrsl_/) });

    const created = JSON.parse((await morsel(env, 'org', 'create', 'Second Org', '--slug', 'second', '--json')).stdout);
    expect(created.organisation).toMatchObject({ name: 'Second Org', slug: 'second' });
    // Now there are two: the organisation must be named.
    const ambiguous = await morsel(env, 'user', 'add', '--email', 'x@second.example', '--json');
    expect(ambiguous.code).toBe(1);
    expect(JSON.parse(ambiguous.stderr).error.code).toBe('organisation_required');
    expect((await morsel(env, 'user', 'add', '--email', 'x@second.example', '--org', 'second', '--json')).code).toBe(0);

    // An LRS credential for one organisation: its endpoint, key and secret, and the LRS knows it as that organisation's.
    const credential = JSON.parse((await morsel(env, 'lrs', 'credentials', 'create', '--org', 'second', '--name', 'Authoring tool', '--json')).stdout);
    expect(Object.keys(credential).sort()).toEqual(['endpoint', 'key', 'secret']);
    expect(credential.endpoint).toMatch(/\/xapi\/$/);
    const checking = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
    const writer = await createServices(config, checking, pino({ level: 'silent' }), systemClock).lrsCredentials.authenticate(`Basic ${Buffer.from(`${credential.key}:${credential.secret}`).toString('base64')}`);
    expect(writer.orgId).toBe(created.organisation.id);
    await checking.destroy();
  }, 120_000);

  it('explains bad input in one line and exits 1', async () => {
    const bad = await morsel(env, 'user', 'add', '--email', 'not-an-email');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^morsel: email: must be an email address/);
    const help = await morsel(env, '--help');
    for (const command of ['serve', 'migrate', 'demo', 'org', 'user', 'token']) expect(help.stdout).toContain(command);
    const badConfig = await morsel({ ...env, PORT: 'eighty' }, 'migrate');
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('PORT');
  }, 60_000);
});
