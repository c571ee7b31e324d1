import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMissingManagers, findTooManyAttributes, parsePeopleCsv } from './people-csv.ts';

describe('parsePeopleCsv', () => {
  it('reads the usual HR export, whatever the header spelling', () => {
    const { rows, errors } = parsePeopleCsv('\uFEFFFull Name;E-mail;Department;Line_Manager_Email;TZ;Roles\r\nAna Lima;Ana@Example.com;Support;;America/Sao_Paulo;Manager | Learner\r\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, displayName: 'Ana Lima', email: 'ana@example.com', teamName: 'Support', managerEmail: null, timeZone: 'America/Sao_Paulo', roles: ['manager', 'learner'], phone: null, externalId: null, chatHandle: null, attributes: {} },
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

  it('reads attributes from well-known HR columns and from attr: columns, and ignores other columns', () => {
    const { rows, errors } = parsePeopleCsv(
      ['name,email,Location,Job Title,Shift,attr:Cost Centre,Attribute.store_number,favourite colour', 'Ana,ana@x.test,Leeds,Picker,Night,CC-12,0042,green', 'Ben,ben@x.test,,Driver,,,,'].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.attributes)).toEqual([
      { location: 'Leeds', job_title: 'Picker', shift: 'Night', cost_centre: 'CC-12', store_number: '0042' },
      // Empty cells are left out, so an import keeps the person's current value.
      { job_title: 'Driver' },
    ]);
  });

  it('refuses attribute columns that name a field of their own, cannot be keys, or repeat a key', () => {
    const { rows, errors } = parsePeopleCsv('name,email,attr:email,attr:,attr:1st shift,position,job role\nAna,ana@x.test,a@b.test,x,y,Picker,Packer\n');
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'attr:email', 'invalid_attribute'],
      [1, 'attr:', 'invalid_attribute'],
      [1, 'attr:1st shift', 'invalid_attribute'],
      [1, 'job role', 'duplicate_column'],
    ]);
    expect(errors[0]!.message).toMatch(/own fields/);
    // The department column stays the team, and role the Morsel role.
    expect(rows[0]).toMatchObject({ attributes: { job_title: 'Picker' } });
    expect(parsePeopleCsv('name,email,department,role\nAna,ana@x.test,Sales,author\n').rows[0]).toMatchObject({ teamName: 'Sales', roles: ['author'], attributes: {} });
  });

  it('reports an attribute value that is too long on its line and column', () => {
    const { rows, errors } = parsePeopleCsv(`name,email,site\nAna,ana@x.test,${'x'.repeat(201)}\nBen,ben@x.test,Depot\n`);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, 'site', 'too_long']]);
    expect(rows.map((row) => row.email)).toEqual(['ben@x.test']);
  });

  it('counts attributes merged over the current ones against the limit', () => {
    const header = Array.from({ length: 5 }, (_, i) => `attr:a${i}`).join(',');
    const { rows } = parsePeopleCsv(`name,email,${header}\nAna,ana@x.test,1,2,3,4,5\nBen,ben@x.test,1,2,3,4,5\n`);
    const current = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`b${i}`, 'x']));
    const overlapping = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [i < 5 ? `a${i}` : `b${i}`, 'x']));
    expect(findTooManyAttributes(rows, new Map([['ana@x.test', current], ['ben@x.test', overlapping]])).map((e) => [e.row, e.code])).toEqual([[2, 'too_many_attributes']]);
    const wide = Array.from({ length: 31 }, (_, i) => `attr:k${i}`).join(',');
    expect(parsePeopleCsv(`name,email,${wide}\n`).errors).toEqual([expect.objectContaining({ row: 1, code: 'too_many_attributes' })]);
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
