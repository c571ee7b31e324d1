/**
 * `morsel backup` and `morsel restore` (issue 9), as an operator runs them: the backup is taken by the real command
 * in its own process while this process goes on writing people through the services (a server under traffic), then
 * checked and restored into a fresh data folder, where the server's services read it. PostgreSQL installations are
 * told to use pg_dump.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDb } from '../server/db/database.ts';
import { systemActor } from '../server/modules/identity/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { loadConfig } from '../server/platform/config.ts';
import { createServices } from '../server/services.ts';
import { cliEnvironment, morsel } from './cli-test-support.ts';

const peopleIn = (file: string) => {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return (sqlite.prepare('select count(*) as n from person').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
};

describe('morsel backup and restore on sqlite', () => {
  const env = cliEnvironment('sqlite', 'morsel-backup-');

  it('backs up a database in use as of one instant, checked, with its secret key and media, and restores it', async () => {
    expect((await morsel(env, 'migrate')).code).toBe(0);
    const config = loadConfig(env);
    const database = createDb({ sqliteFile: config.sqliteFile });
    const services = createServices(config, database, pino({ level: 'silent' }), systemClock);
    const { organisation } = await services.identity.createOrganisation({ name: 'Acme', slug: 'acme' }, { displayName: 'Ada', email: 'ada@acme.test', password: 'correct horse battery' });
    // A stored video's file, and an upload still in progress (not part of the library).
    mkdirSync(join(config.mediaDir, organisation.id, 'm1'), { recursive: true });
    writeFileSync(join(config.mediaDir, organisation.id, 'm1', 'original.mp4'), 'video bytes');
    mkdirSync(join(config.mediaDir, 'tmp'), { recursive: true });
    writeFileSync(join(config.mediaDir, 'tmp', 'upload-half-done'), 'partial');

    // Learners keep arriving while the backup runs in its own process.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await services.identity.createPerson(systemActor(organisation.id), { email: `learner${written}@acme.test`, displayName: `Learner ${written}`, roles: ['learner'] });
        written += 1;
        await new Promise((done) => setImmediate(done));
      }
    })();
    const target = join(mkdtempSync(join(tmpdir(), 'morsel-backups-')), 'monday');
    const backup = await morsel(env, 'backup', target, '--json');
    writing = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = JSON.parse(backup.stdout);
    expect(manifest).toMatchObject({ format: 1, database: { file: 'morsel.db', integrity: 'ok' }, schema: expect.stringMatching(/^\d{4}-/), secretKey: true, media: { files: 1, missing: [] } });
    expect(existsSync(join(target, 'media', 'tmp'))).toBe(false);
    // The copy is the database at one instant: some of the people written meanwhile, never a half-written one.
    const backedUp = peopleIn(join(target, 'morsel.db'));
    const total = peopleIn(config.sqliteFile);
    expect(written).toBeGreaterThan(0);
    expect(backedUp).toBeGreaterThanOrEqual(1);
    expect(backedUp).toBeLessThanOrEqual(total);
    await database.destroy();

    // A backup never overwrites another.
    const again = await morsel(env, 'backup', target, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr).error.code).toBe('conflict');

    // Restored into a fresh data folder, the server's services read it, secret key and media included.
    const fresh = { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'morsel-restored-')) };
    const restored = await morsel(fresh, 'restore', target, '--json');
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ schema: manifest.schema, applied: [] });
    const freshConfig = loadConfig(fresh);
    expect(readFileSync(join(freshConfig.dataDir, 'secret.key'), 'utf8')).toBe(readFileSync(join(config.dataDir, 'secret.key'), 'utf8'));
    expect(readFileSync(join(freshConfig.mediaDir, organisation.id, 'm1', 'original.mp4'), 'utf8')).toBe('video bytes');
    const reopened = createDb({ sqliteFile: freshConfig.sqliteFile });
    try {
      const restoredServices = createServices(freshConfig, reopened, pino({ level: 'silent' }), systemClock);
      expect((await restoredServices.identity.getOrganisation(systemActor(organisation.id))).name).toBe('Acme');
      expect(peopleIn(freshConfig.sqliteFile)).toBe(backedUp);
    } finally {
      await reopened.destroy();
    }

    // Restoring over a database needs --replace (the server stopped first).
    const refused = await morsel(fresh, 'restore', target, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.message).toMatch(/--replace/);
    expect((await morsel(fresh, 'restore', target, '--replace', '--json')).code).toBe(0);

    // A folder that is not a finished backup is refused.
    const stray = mkdtempSync(join(tmpdir(), 'morsel-not-a-backup-'));
    const notBackup = await morsel(fresh, 'restore', stray, '--replace', '--json');
    expect(notBackup.code).toBe(1);
    expect(JSON.parse(notBackup.stderr).error.message).toMatch(/not a finished Morsel backup/);
  });
});

describe('morsel backup on postgres', () => {
  it('explains how to back up PostgreSQL with its own tools', async () => {
    const refused = await morsel({ DATA_DIR: mkdtempSync(join(tmpdir(), 'morsel-pg-backup-')), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, 'backup', join(tmpdir(), 'never-written'), '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.message).toMatch(/pg_dump/);
  });
});
