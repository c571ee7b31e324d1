import { describe, expect, it } from 'vitest';
import { cliEnvironment, morsel } from './cli-test-support.ts';
import { testDialects } from '../server/testing/test-database.ts';

describe.each(testDialects)('morsel person on %s', (dialect) => {
  const env = cliEnvironment(dialect, 'morsel-person-cli-');

  it('exports a person’s data as JSON, refuses an erasure without the right confirmation, then erases them', async () => {
    expect((await morsel(env, 'org', 'create', 'Acme', '--slug', 'acme', '--admin-email', 'admin@acme.test', '--json')).code).toBe(0);
    expect((await morsel(env, 'user', 'add', '--email', 'lou@acme.test', '--name', 'Lou', '--org', 'acme', '--json')).code).toBe(0);

    const exported = await morsel(env, 'person', 'export', '--email', 'Lou@acme.test', '--org', 'acme');
    expect(exported.code, exported.stderr).toBe(0);
    const data = JSON.parse(exported.stdout);
    expect(data).toMatchObject({ format: 'morsel-person-export', person: { email: 'lou@acme.test', displayName: 'Lou' } });
    expect(data.sections.person_role).toEqual([expect.objectContaining({ role: 'learner' })]);

    const wrong = await morsel(env, 'person', 'erase', '--email', 'lou@acme.test', '--confirm', 'someone@acme.test', '--org', 'acme', '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stderr).error.code).toBe('validation_failed');
    expect((await morsel(env, 'person', 'erase', '--email', 'nobody@acme.test', '--confirm', 'nobody@acme.test', '--org', 'acme', '--json')).stderr).toContain('not_found');

    const erased = await morsel(env, 'person', 'erase', '--email', 'lou@acme.test', '--confirm', 'lou@acme.test', '--org', 'acme', '--json');
    expect(erased.code, erased.stderr).toBe(0);
    const report = JSON.parse(erased.stdout);
    expect(report.removed).toMatchObject({ person: 1 });
    // Lou's email is gone: nobody is found by it any more.
    expect((await morsel(env, 'person', 'export', '--email', 'lou@acme.test', '--org', 'acme')).code).toBe(1);
  });
});
