/** The signed-in session and setup status, shared by every page. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, ApiError, setCsrfToken } from './api-client.ts';
import type { SessionInfo, SetupStatus } from './api-types.ts';
import { SESSION_KEY, SETUP_KEY } from './query-keys.ts';

/** Whether the organisation still has to be set up (`GET /api/setup`). */
export function useSetupStatus() {
  return useQuery({
    queryKey: SETUP_KEY,
    queryFn: () => api.get<SetupStatus>('/api/setup'),
    staleTime: Infinity,
  });
}

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await api.get<SessionInfo>('/api/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The current session, or null when nobody is signed in. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

let lastSession: SessionInfo | undefined;

/**
 * The current session inside the signed-in part of the app, where the route guard has already loaded it.
 * While the page is being left after signing out, it keeps answering with the session just ended.
 * @throws Error when used outside that part (a programming error).
 */
export function useSignedInSession(): SessionInfo {
  const { data } = useSession();
  if (data) lastSession = data;
  const session = data ?? lastSession;
  if (!session) throw new Error('useSignedInSession used outside a signed-in route');
  return session;
}

/** Stores a session the API just returned (sign-in, setup, magic link, profile change). */
export function applySession(queryClient: QueryClient, session: SessionInfo): void {
  setCsrfToken(session.csrfToken);
  queryClient.setQueryData(SESSION_KEY, session);
}

/** Signs out on the server, forgets everything cached and goes to the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/sign-out'),
    onSettled: async () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SETUP_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
      await navigate('/sign-in', { replace: true, state: { notice: 'You have signed out.' } });
    },
  });
}
