/**
 * CSV writing for exports (RFC 4180), safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-` or `@`
 * (or a tab or carriage return) is prefixed with a single quote so it is read as text, not run as a formula
 * (OWASP's CSV-injection advice).
 */

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised and quoted when it needs to be. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Numbers are written as numbers (a negative number stays a number); text that looks like a formula does not.
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: a header row, then the rows, CRLF line ends as RFC 4180 has them. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
