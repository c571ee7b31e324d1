import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isUnauthenticated, setCsrfToken } from './api-client.ts';
import { SESSION_KEY } from './query-keys.ts';

/**
 * The app's query client. Client errors (4xx) are not retried, and any answer saying the session is gone
 * signs the person out of the UI, which sends them to the sign-in page.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => forgetSessionWhenExpired(error) }),
    mutationCache: new MutationCache({ onError: (error) => forgetSessionWhenExpired(error) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });

  function forgetSessionWhenExpired(error: unknown): void {
    if (!isUnauthenticated(error)) return;
    setCsrfToken(null);
    client.setQueryData(SESSION_KEY, null);
  }

  return client;
}
