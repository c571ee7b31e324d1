import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('starts on the embedded defaults with nothing set', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'morsel-config-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ port: 3000, host: 'localhost', databaseUrl: undefined, sqliteFile: join(dataDir, 'morsel.db'), publicUrl: 'http://localhost:3000', cookieSecure: false });
    expect(Object.isFrozen(config)).toBe(true);
    // The generated secret is kept, so links survive a restart.
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8').trim()).toBe(config.secretKey);
    expect(loadConfig({ DATA_DIR: dataDir }).secretKey).toBe(config.secretKey);
  });

  it('lists every wrong variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SECRET_KEY: 'short', SMTP_URL: 'http://mail' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'SECRET_KEY', 'SMTP_URL']) expect(problems).toContain(name);
    }
  });

  it('marks cookies secure behind an https public address', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://learn.example.com/', SECRET_KEY: 'x'.repeat(32) })).toMatchObject({ cookieSecure: true, publicUrl: 'https://learn.example.com' });
  });
});
