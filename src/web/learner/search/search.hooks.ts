/**
 * Search through TanStack Query: results as someone types (the question debounced, a request made stale by the
 * next keystroke cancelled), and "this did not answer my question". Shared by the learner's search and the
 * studio's (drafts too).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { SearchFeedback, SearchResults } from '../../../server/modules/search/search.schemas.ts';
import { api, ApiError, buildUrl } from '../../lib/api-client.ts';
import { createDebouncer, SEARCH_DEBOUNCE_MS, searchParamsOf, searchRequestFor, type SearchRequest } from './search-query.ts';

/** The query key of every search, so saving synonyms can make the studio search again. */
export const SEARCH_KEY = ['search'] as const;

/**
 * `GET /api/search` with the query's abort signal. The shared client takes no signal, and a search made stale by
 * the next keystroke should stop (on the server too) rather than finish unseen; errors take the client's shape.
 * @throws ApiError for an error answer or a network failure; the abort itself when cancelled.
 */
async function fetchSearch(request: SearchRequest, signal: AbortSignal): Promise<SearchResults> {
  let response: Response;
  try {
    response = await fetch(buildUrl('/api/search', searchParamsOf(request)), { headers: { accept: 'application/json' }, credentials: 'same-origin', signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, 'network_error', 'Morsel could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
    const error = body?.error;
    if (error && typeof error.code === 'string') throw new ApiError(response.status, error.code, typeof error.message === 'string' ? error.message : 'Something went wrong.', error.details);
    throw new ApiError(response.status, 'http_error', `The server answered ${response.status}. Please try again.`);
  }
  return (await response.json()) as SearchResults;
}

/** `value` once it has stopped changing for `delayMs` (the first value at once), and a function to take it now. */
export function useDebouncedValue<T>(value: T, delayMs: number): [settled: T, settleNow: () => void] {
  const [settled, setSettled] = useState(value);
  const debouncer = useMemo(() => createDebouncer<T>(delayMs, setSettled), [delayMs]);
  useEffect(() => debouncer.push(value), [debouncer, value]);
  useEffect(() => () => debouncer.cancel(), [debouncer]);
  return [settled, debouncer.flush];
}

/**
 * Results for what is in a search box, as it is typed. `request` is what was searched (undefined while there is
 * nothing to search), `isSettling` says newer typing is waiting or loading, and `results` stays on the previous
 * answer meanwhile so the list does not flash. `searchNow` skips the wait (Enter).
 */
export function useSearchAsYouType(text: string, options: { drafts?: boolean; limit?: number } = {}) {
  const [settledText, searchNow] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const current = searchRequestFor(text, options);
  // Emptying the box clears the results at once; only new words wait for the typing to pause.
  const request = current ? searchRequestFor(settledText, options) : undefined;
  const query = useQuery({
    queryKey: [...SEARCH_KEY, request],
    queryFn: ({ signal }) => fetchSearch(request!, signal),
    enabled: request !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return {
    request,
    results: request ? query.data : undefined,
    isSettling: current !== undefined && (current.q !== request?.q || query.isFetching),
    error: request ? query.error : null,
    searchNow,
  };
}

/** "This did not answer my question" for one result of one's own search. */
export function useSearchFeedback() {
  return useMutation({ mutationFn: (feedback: SearchFeedback) => api.post<void>('/api/search/feedback', feedback) });
}
