import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, estimateLessonDuration, markdownWords, readingSecondsOfWords } from './duration.ts';

describe('reading time of Markdown', () => {
  it('reads table rows at half speed, also inside a blockquote', () => {
    const table = '| Setting | Value |\n| --- | --- |\n| Screen lock | five minutes |';
    expect(markdownWords(table)).toEqual({ prose: 0, table: 6 });
    expect(markdownWords(table.split('\n').map((line) => `> ${line}`).join('\n'))).toEqual({ prose: 0, table: 6 });
    expect(markdownWords(`Lock your screen.\n\n${table}`)).toEqual({ prose: 3, table: 6 });
  });

  it('adds up across texts joined by a line break, so a lesson can be estimated from its parts', () => {
    const parts = ['Report a lost laptop at once.', '> Call the service desk.', '| Who | When |\n| --- | --- |\n| You | now |'];
    const whole = markdownWords(parts.join('\n\n'));
    const sum = parts.map(markdownWords).reduce((a, b) => ({ prose: a.prose + b.prose, table: a.table + b.table }));
    expect(whole).toEqual(sum);
    const seconds = estimateLessonDuration({ blocks: [{ id: 't', type: 'text', markdown: parts.join('\n\n') }] }, new Map()).seconds;
    expect(seconds).toBe(Math.round(readingSecondsOfWords(sum) * 10) / 10);
  });

  it('counts line by line, table rows apart, on any text (with or without a `|`)', () => {
    const lineByLine = (markdown: string) => {
      const words = { prose: 0, table: 0 };
      for (const line of markdown.split('\n')) words[/^\s*(?:>\s*)*\|.*\|\s*$/.test(line) ? 'table' : 'prose'] += countWords(line);
      return words;
    };
    const text = fc.array(fc.constantFrom('Lock', ' your', ' screen.', '|', ' | ', '> ', '\n', '\r', 'don’t', '-', '24', ' '), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (markdown) => {
        expect(markdownWords(markdown)).toEqual(lineByLine(markdown));
      }),
      { numRuns: 2000 },
    );
  });
});
