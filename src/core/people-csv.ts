import { parse } from 'csv-parse/sync';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { attributeKeyProblem, MAX_ATTRIBUTE_VALUE_LENGTH, MAX_ATTRIBUTES, normaliseAttributeKey } from './person-attributes.ts';

/** The roles a person may hold; kept here too so core stays free of server imports. */
const ROLES = ['admin', 'author', 'manager', 'learner'] as const;
type Role = (typeof ROLES)[number];

/** One valid row of an HR export, normalised (emails lower-cased, roles parsed). */
export interface PersonImportRow {
  /** Line in the file, the header being line 1. */
  line: number;
  displayName: string;
  email: string;
  teamName: string | null;
  managerEmail: string | null;
  timeZone: string | null;
  roles: Role[];
  phone: string | null;
  externalId: string | null;
  chatHandle: string | null;
  /** Attributes from the attribute columns, by canonical key; empty cells are left out (they change nothing). */
  attributes: Record<string, string>;
}

export interface CsvRowError {
  row: number;
  column: string | null;
  code:
    | 'missing_column'
    | 'required'
    | 'invalid_email'
    | 'invalid_time_zone'
    | 'invalid_role'
    | 'duplicate_email'
    | 'too_long'
    | 'manager_is_self'
    | 'manager_not_found'
    | 'wrong_column_count'
    | 'unreadable'
    | 'invalid_attribute'
    | 'duplicate_column'
    | 'too_many_attributes';
  message: string;
}

export interface ParsedPeopleCsv {
  rows: PersonImportRow[];
  errors: CsvRowError[];
}

type Field = 'displayName' | 'email' | 'teamName' | 'managerEmail' | 'timeZone' | 'roles' | 'phone' | 'externalId' | 'chatHandle';

/** Header spellings seen in HR exports, compared after lower-casing and removing spaces, dashes and underscores. */
const HEADER_ALIASES: Record<string, Field> = {
  name: 'displayName',
  displayname: 'displayName',
  fullname: 'displayName',
  employeename: 'displayName',
  email: 'email',
  emailaddress: 'email',
  workemail: 'email',
  team: 'teamName',
  department: 'teamName',
  teamname: 'teamName',
  manager: 'managerEmail',
  manageremail: 'managerEmail',
  linemanageremail: 'managerEmail',
  timezone: 'timeZone',
  tz: 'timeZone',
  role: 'roles',
  roles: 'roles',
  phone: 'phone',
  mobile: 'phone',
  phonenumber: 'phone',
  externalid: 'externalId',
  employeeid: 'externalId',
  chathandle: 'chatHandle',
  slack: 'chatHandle',
};

/**
 * Headers of well-known HR attributes (compared like the aliases above) and the attribute each fills. `role`
 * is not here: it is the Morsel role. Any other attribute comes from a header `attr:<key>` or `attribute.<key>`.
 */
const ATTRIBUTE_ALIASES: Record<string, string> = {
  location: 'location',
  site: 'site',
  store: 'store',
  region: 'region',
  shift: 'shift',
  jobtitle: 'job_title',
  jobrole: 'job_title',
  position: 'job_title',
};

/** `attr:Store number`, `attribute.shift`, `Attr.Region` … (`:` or `.` after `attr` or `attribute`). */
const ATTRIBUTE_HEADER = /^attr(?:ibute)?\s*[:.]\s*(.*)$/i;

/** What one column of the file holds; undefined for columns that are ignored. */
type Column = { kind: 'field'; field: Field } | { kind: 'attribute'; key: string; header: string } | undefined;

const COLUMN_LABELS: Record<Field, string> = {
  displayName: 'name',
  email: 'email',
  teamName: 'team',
  managerEmail: 'manager email',
  timeZone: 'time zone',
  roles: 'role',
  phone: 'phone',
  externalId: 'external id',
  chatHandle: 'chat handle',
};

const emailSchema = z.email();
const MAX_LENGTH = 200;

/**
 * Parses and validates a people CSV (the usual HR export: name, email, team, manager email, time zone, role).
 * Every row is checked and every problem reported with its line and column; nothing is thrown for bad rows.
 * Roles may be separated by `;`, `|` or `/`; an empty role means learner. Manager emails are checked for
 * form here; whether each manager exists is checked by `findMissingManagers`, once the caller knows the
 * organisation's people.
 *
 * Attributes: the columns `location`, `site`, `store`, `region`, `shift` and `job title` (also `job role`,
 * `position`) fill the attribute of that name (`job_title` for the last three), and a column `attr:<key>` or
 * `attribute.<key>` fills attribute `<key>` in canonical form (`attr:Store Number` → `store_number`). Other
 * columns are ignored, as before.
 */
export function parsePeopleCsv(text: string): ParsedPeopleCsv {
  const read = readCsvRecords(text);
  if (!read.ok) return { rows: [], errors: [{ row: 0, column: null, code: 'unreadable', message: read.message }] };
  const records = read.records;
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ row: 1, column: null, code: 'required', message: 'The file is empty: expected a header line and one line per person.' }] };

  const { columns, errors } = readHeader(header.record);
  const fields = columns.map((column) => (column?.kind === 'field' ? column.field : undefined));
  const attributeColumns = columns.flatMap((column, index) => (column?.kind === 'attribute' ? [{ ...column, index }] : []));
  const missing: CsvRowError[] = [];
  for (const required of ['displayName', 'email'] as const) {
    if (!fields.includes(required)) {
      missing.push({ row: 1, column: COLUMN_LABELS[required], code: 'missing_column', message: `The header has no "${COLUMN_LABELS[required]}" column.` });
    }
  }
  if (missing.length > 0) return { rows: [], errors: missing };

  const rows: PersonImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== header.record.length) {
      errors.push({ row: line, column: null, code: 'wrong_column_count', message: `Expected ${header.record.length} values, found ${record.length}.` });
      continue;
    }
    const value = (field: Field): string | null => {
      const index = fields.indexOf(field);
      const cell = index === -1 ? '' : (record[index] ?? '');
      return cell === '' ? null : cell;
    };
    const rowErrors: CsvRowError[] = [];
    const fail = (field: Field, code: CsvRowError['code'], message: string) => rowErrors.push({ row: line, column: COLUMN_LABELS[field], code, message });

    for (const field of Object.keys(COLUMN_LABELS) as Field[]) {
      if ((value(field)?.length ?? 0) > MAX_LENGTH) fail(field, 'too_long', `Longer than ${MAX_LENGTH} characters.`);
    }
    const attributes: Record<string, string> = {};
    for (const column of attributeColumns) {
      const cell = record[column.index] ?? '';
      if (cell === '') continue;
      if (cell.length > MAX_ATTRIBUTE_VALUE_LENGTH) {
        rowErrors.push({ row: line, column: column.header, code: 'too_long', message: `Longer than ${MAX_ATTRIBUTE_VALUE_LENGTH} characters.` });
      } else {
        attributes[column.key] = cell;
      }
    }
    const displayName = value('displayName');
    if (!displayName) fail('displayName', 'required', 'The name is empty.');
    const email = value('email')?.toLowerCase() ?? null;
    if (!email) fail('email', 'required', 'The email is empty.');
    else if (!emailSchema.safeParse(email).success) fail('email', 'invalid_email', `"${email}" is not an email address.`);
    else if (seen.has(email)) fail('email', 'duplicate_email', `${email} already appears on line ${seen.get(email)}.`);
    const managerEmail = value('managerEmail')?.toLowerCase() ?? null;
    if (managerEmail && !emailSchema.safeParse(managerEmail).success) fail('managerEmail', 'invalid_email', `"${managerEmail}" is not an email address.`);
    else if (managerEmail && managerEmail === email) fail('managerEmail', 'manager_is_self', 'A person cannot be their own manager.');
    const timeZone = value('timeZone');
    if (timeZone && !IANAZone.isValidZone(timeZone)) fail('timeZone', 'invalid_time_zone', `"${timeZone}" is not an IANA time zone (for example Europe/London or America/Chicago).`);
    const roleNames = (value('roles') ?? 'learner').split(/[;|/,]/).map((r) => r.trim().toLowerCase()).filter(Boolean);
    const badRoles = roleNames.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (badRoles.length > 0) fail('roles', 'invalid_role', `Unknown role "${badRoles.join('", "')}": use ${ROLES.join(', ')}.`);

    if (email && !seen.has(email)) seen.set(email, line);
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line,
      displayName: displayName as string,
      email: email as string,
      teamName: value('teamName'),
      managerEmail,
      timeZone,
      roles: [...new Set(roleNames.length > 0 ? (roleNames as Role[]) : (['learner'] as Role[]))],
      phone: value('phone'),
      externalId: value('externalId'),
      chatHandle: value('chatHandle'),
      attributes,
    });
  }

  return { rows, errors };
}

/** What each header names, and the header's problems (bad or repeated attribute columns) as line-1 errors. */
function readHeader(names: readonly string[]): { columns: Column[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const keys = new Set<string>();
  const columns = names.map((name): Column => {
    const compact = name.toLowerCase().replace(/[\s_-]+/g, '');
    const field = HEADER_ALIASES[compact];
    if (field) return { kind: 'field', field };
    const prefixed = ATTRIBUTE_HEADER.exec(name);
    const key = prefixed ? normaliseAttributeKey(prefixed[1] ?? '') : ATTRIBUTE_ALIASES[compact];
    if (key === undefined) return undefined;
    const problem = attributeKeyProblem(key);
    if (problem) {
      errors.push({ row: 1, column: name, code: 'invalid_attribute', message: `The column "${name}" cannot hold an attribute: its name (${key || 'empty'}) ${problem}.` });
      return undefined;
    }
    if (keys.has(key)) {
      errors.push({ row: 1, column: name, code: 'duplicate_column', message: `Another column already holds the attribute ${key}.` });
      return undefined;
    }
    keys.add(key);
    return { kind: 'attribute', key, header: name };
  });
  if (keys.size > MAX_ATTRIBUTES) {
    errors.push({ row: 1, column: null, code: 'too_many_attributes', message: `The file has ${keys.size} attribute columns; a person has at most ${MAX_ATTRIBUTES} attributes.` });
  }
  return { columns, errors };
}

/**
 * Rows whose attributes, merged over the person's current ones (`existing`, by email), would be more than a
 * person may have. The import merges: columns in the file set their attributes, others are kept.
 */
export function findTooManyAttributes(rows: readonly PersonImportRow[], existing: ReadonlyMap<string, Readonly<Record<string, string>>>): CsvRowError[] {
  return rows.flatMap((row) => {
    const count = new Set([...Object.keys(existing.get(row.email) ?? {}), ...Object.keys(row.attributes)]).size;
    if (count <= MAX_ATTRIBUTES) return [];
    return [{ row: row.line, column: null, code: 'too_many_attributes' as const, message: `${row.email} would have ${count} attributes; a person has at most ${MAX_ATTRIBUTES}.` }];
  });
}

/** Manager emails that the file's rows name but that are neither in the file nor in `existingEmails`. */
export function findMissingManagers(rows: readonly PersonImportRow[], existingEmails: ReadonlySet<string>): CsvRowError[] {
  const inFile = new Set(rows.map((row) => row.email));
  return rows
    .filter((row) => row.managerEmail && !inFile.has(row.managerEmail) && !existingEmails.has(row.managerEmail))
    .map((row) => ({
      row: row.line,
      column: COLUMN_LABELS.managerEmail,
      code: 'manager_not_found' as const,
      message: `No person with email ${row.managerEmail} is in the file or the organisation.`,
    }));
}

/** Comma unless the header line clearly uses semicolons or tabs (spreadsheets in many locales export those). */
/** One line of a CSV export, with the line number it started on. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * The records of a CSV export as spreadsheets write them: a byte-order mark, comma, semicolon or tab, cells trimmed,
 * blank lines skipped, rows of any length (the caller reports a wrong count by line).
 * @returns the records, or why the text is not readable CSV.
 */
export function readCsvRecords(text: string): { ok: true; records: CsvRecord[] } | { ok: false; message: string } {
  try {
    return { ok: true, records: parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true, delimiter: detectDelimiter(text) }) as unknown as CsvRecord[] };
  } catch (error) {
    return { ok: false, message: `The file is not readable CSV: ${(error as Error).message}` };
  }
}

/** The delimiter of a CSV export: comma, semicolon (spreadsheets in many locales) or tab, by the header line. */
function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}
