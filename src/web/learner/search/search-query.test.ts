import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer, MAX_QUESTION_CHARS, searchParamsOf, searchRequestFor } from './search-query.ts';

describe('searchRequestFor', () => {
  it('asks for nothing until there are two letters or digits to look for', () => {
    expect(searchRequestFor('')).toBeUndefined();
    expect(searchRequestFor('   ')).toBeUndefined();
    expect(searchRequestFor('a')).toBeUndefined();
    expect(searchRequestFor('? !')).toBeUndefined();
    expect(searchRequestFor('re')).toEqual({ q: 're', typing: true, drafts: false, limit: 10 });
    expect(searchRequestFor('40')?.q).toBe('40');
  });

  it('tidies spaces and cuts the question at the API’s limit', () => {
    expect(searchRequestFor('  how do I\n\trefund   a card ')?.q).toBe('how do I refund a card');
    const long = `${'word '.repeat(200)}`;
    const request = searchRequestFor(long);
    expect(request?.q.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(request?.q.endsWith(' ')).toBe(false);
  });

  it('carries the options, and leaves false flags out of the query string', () => {
    const request = searchRequestFor('PTO', { drafts: true, typing: false, limit: 20 })!;
    expect(request).toEqual({ q: 'PTO', typing: false, drafts: true, limit: 20 });
    expect(searchParamsOf(request)).toEqual({ q: 'PTO', typing: undefined, drafts: 'true', limit: 20 });
    expect(searchParamsOf(searchRequestFor('refund')!)).toEqual({ q: 'refund', typing: 'true', drafts: undefined, limit: 10 });
  });
});

describe('createDebouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes on only the last value, once typing pauses', () => {
    const settled: string[] = [];
    const debouncer = createDebouncer<string>(200, (value) => settled.push(value));
    debouncer.push('re');
    vi.advanceTimersByTime(150);
    debouncer.push('ref');
    vi.advanceTimersByTime(150);
    debouncer.push('refu');
    vi.advanceTimersByTime(199);
    expect(settled).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(settled).toEqual(['refu']);
    vi.advanceTimersByTime(1000);
    expect(settled).toEqual(['refu']);
  });

  it('passes the waiting value on at once when flushed, and nothing when nothing waits', () => {
    const settled: string[] = [];
    const debouncer = createDebouncer<string>(200, (value) => settled.push(value));
    debouncer.flush();
    expect(settled).toEqual([]);
    debouncer.push('refund');
    debouncer.flush();
    expect(settled).toEqual(['refund']);
    vi.advanceTimersByTime(500);
    expect(settled).toEqual(['refund']);
  });

  it('forgets the waiting value when cancelled', () => {
    const settled: string[] = [];
    const debouncer = createDebouncer<string>(200, (value) => settled.push(value));
    debouncer.push('refund');
    debouncer.cancel();
    vi.advanceTimersByTime(500);
    expect(settled).toEqual([]);
  });

  it('uses the timers it is given', () => {
    const waits: Array<() => void> = [];
    const settled: number[] = [];
    const debouncer = createDebouncer<number>(200, (value) => settled.push(value), { set: (run) => waits.push(run), clear: () => undefined });
    debouncer.push(1);
    waits[0]!();
    expect(settled).toEqual([1]);
  });
});
