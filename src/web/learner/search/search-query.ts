/**
 * When and what to ask the search API while someone types: the request for a text (none until there is something
 * to look for), and a debouncer that lets the typing settle first. Pure (time through the given timers), so it is
 * unit tested; `search.hooks.ts` ties it to React and TanStack Query.
 */

/** How long typing must pause before the question is searched. */
export const SEARCH_DEBOUNCE_MS = 200;

/** The API refuses questions longer than this. */
export const MAX_QUESTION_CHARS = 500;

/** At least this many letters or digits before searching: one letter finds everything and helps no one. */
export const MIN_QUESTION_CHARS = 2;

/** The query string of `GET /api/search`. */
export interface SearchRequest {
  q: string;
  /** The last word counts as the start of a word (results as you type). */
  typing: boolean;
  /** Authors: search the working copies, drafts included. */
  drafts: boolean;
  limit: number;
}

/**
 * The request for what is in the search box, or undefined when there is nothing to search yet (the API answers
 * an empty question with 400). Spaces are tidied (the server trims too) and the question cut at the API's limit.
 */
export function searchRequestFor(text: string, options: { typing?: boolean; drafts?: boolean; limit?: number } = {}): SearchRequest | undefined {
  const q = text.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_CHARS).trim();
  const meaningful = q.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (meaningful < MIN_QUESTION_CHARS) return undefined;
  return { q, typing: options.typing ?? true, drafts: options.drafts ?? false, limit: options.limit ?? 10 };
}

/** The query-string values of a request, as the API client takes them (false flags left out). */
export function searchParamsOf(request: SearchRequest): Record<string, string | number | undefined> {
  return { q: request.q, typing: request.typing ? 'true' : undefined, drafts: request.drafts ? 'true' : undefined, limit: request.limit };
}

/** Timers the debouncer uses: the real ones by default, fakes in tests. */
export interface Timers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (run, ms) => globalThis.setTimeout(run, ms),
  clear: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Passes on the last value pushed once `delayMs` have gone by without another. */
export interface Debouncer<T> {
  /** A new value: restarts the wait. */
  push(value: T): void;
  /** Passes the waiting value on now (e.g. when the form is submitted). */
  flush(): void;
  /** Forgets the waiting value (e.g. when the component goes away). */
  cancel(): void;
}

/** A debouncer calling `onSettle` with the last value pushed, once the pushes pause for `delayMs`. */
export function createDebouncer<T>(delayMs: number, onSettle: (value: T) => void, timers: Timers = realTimers): Debouncer<T> {
  let handle: unknown;
  let waiting: { value: T } | undefined;
  const settle = () => {
    handle = undefined;
    const settled = waiting;
    waiting = undefined;
    if (settled) onSettle(settled.value);
  };
  return {
    push(value) {
      if (handle !== undefined) timers.clear(handle);
      waiting = { value };
      handle = timers.set(settle, delayMs);
    },
    flush() {
      if (handle !== undefined) timers.clear(handle);
      settle();
    },
    cancel() {
      if (handle !== undefined) timers.clear(handle);
      handle = undefined;
      waiting = undefined;
    },
  };
}
