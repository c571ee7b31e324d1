import { describe, expect, it } from 'vitest';
import { parseMetricsCsv } from './metrics-csv.ts';

describe('parseMetricsCsv', () => {
  it('reads person, date, metric and value in any order, with spreadsheet habits', () => {
    const text = '\uFEFFValue;Metric;Date;Email;Store\n0.42;Win rate;2026-03-02;Kit@Example.com;12\n42%;Win rate;2026-03-03T17:00:00+01:00;max@example.com;12\n';
    expect(parseMetricsCsv(text)).toEqual({
      rows: [
        { line: 2, person: 'kit@example.com', date: '2026-03-02', metric: 'Win rate', value: 0.42 },
        { line: 3, person: 'max@example.com', date: '2026-03-03', metric: 'Win rate', value: 0.42 },
      ],
      errors: [],
    });
  });

  it('reports every bad row with its line and column', () => {
    const text = ['person,date,metric,value', ',2026-03-02,win rate,1', 'kit@example.com,2 March,win rate,1', 'kit@example.com,2026-02-30,win rate,1', 'kit@example.com,2026-03-02,win rate,1,5', 'kit@example.com,2026-03-02,win rate,high', 'kit@example.com,2026-03-02,win rate,0.5', 'KIT@example.com,2026-03-02,Win Rate,0.6'].join('\n');
    const { rows, errors } = parseMetricsCsv(text);
    expect(rows.map((r) => r.line)).toEqual([7]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'person', 'required'],
      [3, 'date', 'invalid_date'],
      [4, 'date', 'invalid_date'],
      [5, null, 'wrong_column_count'],
      [6, 'value', 'invalid_number'],
      [8, null, 'duplicate_row'],
    ]);
  });

  it('names the missing columns, and says when the file is empty or unreadable', () => {
    expect(parseMetricsCsv('person,value\nkit@example.com,1').errors.map((e) => e.column)).toEqual(['date', 'metric']);
    expect(parseMetricsCsv('').errors[0]!.code).toBe('required');
    expect(parseMetricsCsv('person,date,metric,value\n"unclosed,2026-03-02,x,1').errors[0]!.code).toBe('unreadable');
    expect(parseMetricsCsv('person,date,metric,value\nkit@example.com,2026-03-02,x,NaN').errors[0]!.code).toBe('invalid_number');
  });
});
