/** API tokens for integrations: list, create (the secret is shown once), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api-client.ts';
import type { ApiToken, ApiTokenCreate, ApiTokenList, CreatedApiToken, Scope } from '../lib/api-types.ts';
import { TOKENS_KEY } from '../lib/query-keys.ts';

/** Every scope a token can carry, with what it allows. */
export const SCOPES: ReadonlyArray<{ value: Scope; label: string }> = [
  { value: 'people:read', label: 'people:read — read people and teams' },
  { value: 'people:write', label: 'people:write — add, update and import people' },
  { value: 'events:write', label: 'events:write — send trigger events' },
  { value: 'lrs:read', label: 'lrs:read — read learning records (xAPI)' },
  { value: 'lrs:write', label: 'lrs:write — write learning records (xAPI)' },
  { value: 'content:read', label: 'content:read — read published lessons' },
];

/** The organisation's API tokens, newest first, revoked ones last. */
export function useTokens() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: () => api.get<ApiTokenList>('/api/tokens'),
    select: (list) => [...list.items].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt)),
  });
}

/** The "New token" form; the created token (with its secret) stays shown until the next one. */
export function useCreateTokenForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [problem, setProblem] = useState<Error | null>(null);
  const create = useMutation({
    mutationFn: (body: ApiTokenCreate) => api.post<CreatedApiToken>('/api/tokens', body),
    onSuccess: async () => {
      setName('');
      setScopes([]);
      await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    if (scopes.length === 0) {
      setProblem(new Error('Choose at least one scope.'));
      return;
    }
    create.mutate({ name: name.trim(), scopes });
  }
  return { name, setName, scopes, setScopes, submit, isSaving: create.isPending, error: problem ?? create.error, created: create.data };
}

/** Revoking a token after confirmation. */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.delete(`/api/tokens/${encodeURIComponent(token.id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
  return {
    revoke: (token: ApiToken) => {
      if (window.confirm(`Revoke the token “${token.name}”? Integrations using it stop working at once.`)) revoke.mutate(token);
    },
    revoked: revoke.isSuccess ? revoke.variables : undefined,
    isBusy: revoke.isPending,
    error: revoke.error,
  };
}

/** Copies text to the clipboard; `copied` is true for a moment afterwards. */
export function useCopyToClipboard() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 4000);
  }
  return { copy, state };
}
