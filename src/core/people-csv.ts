import { parse } from 'csv-parse/sync';
import { IANAZone } from 'luxon';
import { z } from 'zod';

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
}

export interface CsvRowError {
  row: number;
  column: string | null;
  code: 'missing_column' | 'required' | 'invalid_email' | 'invalid_time_zone' | 'invalid_role' | 'duplicate_email' | 'too_long' | 'manager_is_self' | 'manager_not_found' | 'wrong_column_count' | 'unreadable';
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
 */
export function parsePeopleCsv(text: string): ParsedPeopleCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true, delimiter: detectDelimiter(text) }) as unknown as typeof records;
  } catch (error) {
    return { rows: [], errors: [{ row: 0, column: null, code: 'unreadable', message: `The file is not readable CSV: ${(error as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ row: 1, column: null, code: 'required', message: 'The file is empty: expected a header line and one line per person.' }] };

  const columns = header.record.map((name) => HEADER_ALIASES[name.toLowerCase().replace(/[\s_-]+/g, '')]);
  const errors: CsvRowError[] = [];
  for (const required of ['displayName', 'email'] as const) {
    if (!columns.includes(required)) {
      errors.push({ row: 1, column: COLUMN_LABELS[required], code: 'missing_column', message: `The header has no "${COLUMN_LABELS[required]}" column.` });
    }
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: PersonImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== header.record.length) {
      errors.push({ row: line, column: null, code: 'wrong_column_count', message: `Expected ${header.record.length} values, found ${record.length}.` });
      continue;
    }
    const value = (field: Field): string | null => {
      const index = columns.indexOf(field);
      const cell = index === -1 ? '' : (record[index] ?? '');
      return cell === '' ? null : cell;
    };
    const rowErrors: CsvRowError[] = [];
    const fail = (field: Field, code: CsvRowError['code'], message: string) => rowErrors.push({ row: line, column: COLUMN_LABELS[field], code, message });

    for (const field of Object.keys(COLUMN_LABELS) as Field[]) {
      if ((value(field)?.length ?? 0) > MAX_LENGTH) fail(field, 'too_long', `Longer than ${MAX_LENGTH} characters.`);
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
    });
  }

  return { rows, errors };
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
function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}
