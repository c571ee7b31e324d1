import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMissingManagers, parsePeopleCsv } from './people-csv.ts';

describe('parsePeopleCsv', () => {
  it('reads the usual HR export, whatever the header spelling', () => {
    const { rows, errors } = parsePeopleCsv('\uFEFFFull Name;E-mail;Department;Line_Manager_Email;TZ;Roles\r\nAna Lima;Ana@Example.com;Support;;America/Sao_Paulo;Manager | Learner\r\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, displayName: 'Ana Lima', email: 'ana@example.com', teamName: 'Support', managerEmail: null, timeZone: 'America/Sao_Paulo', roles: ['manager', 'learner'], phone: null, externalId: null, chatHandle: null },
    ]);
  });

  it('makes people learners when the role is empty, and keeps quoted commas in names', () => {
    const { rows } = parsePeopleCsv('name,email,role\n"Smith, Jo",jo@x.test,\n');
    expect(rows[0]).toMatchObject({ displayName: 'Smith, Jo', roles: ['learner'] });
  });

  it('reports every problem with its line and column, and keeps the valid rows apart', () => {
    const { rows, errors } = parsePeopleCsv(['name,email,time zone,role,manager email', ',a@x.test,UTC,learner,', 'B,b@x,Moon/Base,chief,b@x', 'C,c@x.test,,,c@x.test', 'D,a@x.test,,,', 'E,e@x.test,Europe/Rome,author;learner,a@x.test', 'F,f@x.test'].join('\n'));
    expect(rows.map((r) => r.email)).toEqual(['e@x.test']);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'name', 'required'],
      [3, 'email', 'invalid_email'],
      [3, 'manager email', 'invalid_email'],
      [3, 'time zone', 'invalid_time_zone'],
      [3, 'role', 'invalid_role'],
      [4, 'manager email', 'manager_is_self'],
      [5, 'email', 'duplicate_email'],
      [7, null, 'wrong_column_count'],
    ]);
    expect(errors.find((e) => e.code === 'duplicate_email')!.message).toBe('a@x.test already appears on line 2.');
  });

  it('says which required column is missing', () => {
    expect(parsePeopleCsv('name,team\nA,B\n').errors).toEqual([expect.objectContaining({ row: 1, column: 'email', code: 'missing_column' })]);
    expect(parsePeopleCsv('').errors[0]!.code).toBe('required');
  });

  it('reports an unreadable file instead of throwing', () => {
    expect(parsePeopleCsv('name,email\n"unclosed,a@x.test\n').errors[0]!.code).toBe('unreadable');
  });

  it('finds managers that are neither in the file nor in the organisation', () => {
    const { rows } = parsePeopleCsv('name,email,manager email\nA,a@x.test,boss@x.test\nB,b@x.test,a@x.test\nC,c@x.test,gone@x.test\n');
    expect(findMissingManagers(rows, new Set(['boss@x.test'])).map((e) => [e.row, e.code])).toEqual([[4, 'manager_not_found']]);
  });

  it('accounts for every data line: each is a row or has an error (property)', () => {
    const cell = fc.oneof(fc.constantFrom('', 'learner', 'author;learner', 'wizard', 'Europe/Paris', 'Nowhere/Zone', 'x@y.test', 'bad-email'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell, cell), { maxLength: 30 }), (lines) => {
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const text = ['name,email,time zone,role', ...lines.map((l) => l.map(quote).join(','))].join('\n');
        const { rows, errors } = parsePeopleCsv(text);
        const erroneous = new Set(errors.map((e) => e.row));
        // No line is both imported and rejected, and none is lost.
        for (const row of rows) expect(erroneous.has(row.line)).toBe(false);
        // Every cell is quoted, so no line is blank and every one must be accounted for.
        expect(rows.length + erroneous.size).toBe(lines.length);
        for (const row of rows) {
          expect(row.email).toBe(row.email.toLowerCase());
          expect(row.roles.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
