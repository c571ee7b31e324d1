import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../lib/api-types.ts';
import { summariseImport } from './import-report.ts';

const report: ImportReport = { applied: true, dryRun: false, rows: 10, created: 10, updated: 0, teamsCreated: ['Sales', 'Support'], errors: [] };

describe('summariseImport', () => {
  it('says how many people were created and updated', () => {
    expect(summariseImport(report)).toBe('Imported 10 rows: 10 created, 0 updated, 2 teams created.');
  });

  it('says plainly that nothing was imported when any row has an error', () => {
    const failed = { ...report, applied: false, errors: [{ row: 3, column: 'email', code: 'invalid_email', message: 'bad' }] };
    expect(summariseImport(failed)).toMatch(/^Nothing was imported: the file has 1 error\./);
  });

  it('reminds that a check changes nothing', () => {
    expect(summariseImport({ ...report, applied: false, dryRun: true })).toContain('Nothing has been imported yet');
  });
});
