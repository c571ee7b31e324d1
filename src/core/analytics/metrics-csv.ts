/**
 * A business metric exported as CSV (issue 8, "Organisational outcomes"): one row per person, date, metric and value,
 * e.g. `person,date,metric,value` / `kit@example.com,2026-03-02,win rate,0.42`. Pure: every problem is reported with
 * its line and column, and a file with any problem is taken whole or not at all by the caller.
 */
import { DateTime } from 'luxon';
import { readCsvRecords } from '../people-csv.ts';

export interface MetricRow {
  /** Line in the file, the header being line 1. */
  line: number;
  /** An email (lower-cased) or a Morsel person id, as the file gives it. */
  person: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The metric's name as written, trimmed (e.g. "win rate"). */
  metric: string;
  value: number;
}

export interface MetricCsvError {
  row: number;
  column: string | null;
  code: 'unreadable' | 'missing_column' | 'required' | 'invalid_date' | 'invalid_number' | 'too_long' | 'duplicate_row' | 'wrong_column_count' | 'too_many_rows';
  message: string;
}

type Field = 'person' | 'date' | 'metric' | 'value';

/** Header spellings, compared lower-cased without spaces, dashes and underscores. */
const HEADERS: Record<string, Field> = {
  person: 'person',
  email: 'person',
  personid: 'person',
  employee: 'person',
  date: 'date',
  day: 'date',
  metric: 'metric',
  measure: 'metric',
  kpi: 'metric',
  value: 'value',
};

export const MAX_METRIC_ROWS = 200_000;
const MAX_NAME = 64;

/** A date as YYYY-MM-DD from `2026-03-02` or an ISO timestamp; null when it is not a real date. */
function dateOf(text: string): string | null {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone: 'utc' }) : DateTime.fromISO(text, { setZone: true });
  return parsed.isValid && /^\d{4}-\d{2}-\d{2}/.test(text) ? (parsed.toISODate() as string) : null;
}

/** A number as written in an export: `0.42`, `-3`, `1e3`, `42%` (→ 0.42); never empty text or `NaN`. */
function numberOf(text: string): number | null {
  const percent = text.endsWith('%');
  const body = (percent ? text.slice(0, -1) : text).trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(body)) return null;
  const value = Number(body);
  return Number.isFinite(value) ? (percent ? value / 100 : value) : null;
}

/**
 * Reads a metrics CSV: columns person (or email), date, metric and value, in any order, other columns ignored.
 * Every row is checked; one person, date and metric twice is an error (which would count?).
 */
export function parseMetricsCsv(text: string): { rows: MetricRow[]; errors: MetricCsvError[] } {
  const read = readCsvRecords(text);
  if (!read.ok) return { rows: [], errors: [{ row: 0, column: null, code: 'unreadable', message: read.message }] };
  const records = read.records;
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ row: 1, column: null, code: 'required', message: 'The file is empty: expected a header line (person, date, metric, value) and one line per value.' }] };
  if (body.length > MAX_METRIC_ROWS) return { rows: [], errors: [{ row: 0, column: null, code: 'too_many_rows', message: `The file has ${body.length} rows; send at most ${MAX_METRIC_ROWS} at once.` }] };
  const index = new Map<Field, number>();
  header.record.forEach((name, position) => {
    const field = HEADERS[name.toLowerCase().replace(/[\s_-]/g, '')];
    if (field && !index.has(field)) index.set(field, position);
  });
  const missing = (['person', 'date', 'metric', 'value'] as const).filter((field) => !index.has(field));
  if (missing.length > 0) return { rows: [], errors: missing.map((field) => ({ row: 1, column: field, code: 'missing_column' as const, message: `The header has no "${field}" column.` })) };

  const rows: MetricRow[] = [];
  const errors: MetricCsvError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== header.record.length) {
      errors.push({ row: line, column: null, code: 'wrong_column_count', message: `Expected ${header.record.length} values, found ${record.length}.` });
      continue;
    }
    const cell = (field: Field) => record[index.get(field)!]!.trim();
    const problems: MetricCsvError[] = [];
    const person = cell('person').toLowerCase();
    const metric = cell('metric');
    const date = dateOf(cell('date'));
    const value = numberOf(cell('value'));
    for (const field of ['person', 'metric'] as const) {
      if (!cell(field)) problems.push({ row: line, column: field, code: 'required', message: `The ${field} is empty.` });
      else if (cell(field).length > (field === 'person' ? 200 : MAX_NAME)) problems.push({ row: line, column: field, code: 'too_long', message: `The ${field} is longer than ${field === 'person' ? 200 : MAX_NAME} characters.` });
    }
    if (date === null) problems.push({ row: line, column: 'date', code: 'invalid_date', message: `"${cell('date')}" is not a date: use YYYY-MM-DD.` });
    if (value === null) problems.push({ row: line, column: 'value', code: 'invalid_number', message: `"${cell('value')}" is not a number (use a dot for decimals, e.g. 0.42 or 42%).` });
    if (problems.length > 0) {
      errors.push(...problems);
      continue;
    }
    const key = `${person}\u0000${metric.toLowerCase()}\u0000${date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: line, column: null, code: 'duplicate_row', message: `Line ${first} already gives ${metric} for ${person} on ${date}.` });
      continue;
    }
    seen.set(key, line);
    rows.push({ line, person, date: date!, metric, value: value! });
  }
  return { rows, errors };
}
