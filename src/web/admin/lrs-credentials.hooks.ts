/** LRS credentials (xAPI HTTP Basic key and secret): the endpoint and list, create (the secret is shown once), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api-client.ts';
import { type CreatedLrsCredential, type LrsCredential, type LrsCredentialList, sortCredentials } from './lrs-credentials.ts';

export const LRS_CREDENTIALS_KEY = ['lrs', 'credentials'] as const;

/** The organisation's LRS endpoint and credentials. */
export function useLrsCredentials() {
  return useQuery({
    queryKey: LRS_CREDENTIALS_KEY,
    queryFn: () => api.get<LrsCredentialList>('/api/lrs/credentials'),
    select: (list) => ({ endpoint: list.endpoint, items: sortCredentials(list.items) }),
  });
}

/** The "New credential" form; the created credential (with its secret) stays shown until the next one. */
export function useCreateLrsCredential() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string }) => api.post<CreatedLrsCredential>('/api/lrs/credentials', body),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: LRS_CREDENTIALS_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: name.trim() });
  }
  return { name, setName, submit, isSaving: create.isPending, error: create.error, created: create.data };
}

/** Revoking a credential after confirmation. */
export function useRevokeLrsCredential() {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (credential: LrsCredential) => api.delete(`/api/lrs/credentials/${encodeURIComponent(credential.id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: LRS_CREDENTIALS_KEY }),
  });
  return {
    revoke: (credential: LrsCredential) => {
      if (window.confirm(`Revoke the LRS credential “${credential.name}”? Content and systems sending statements with it are refused at once.`)) revoke.mutate(credential);
    },
    revoked: revoke.isSuccess ? revoke.variables : undefined,
    isBusy: revoke.isPending,
    error: revoke.error,
  };
}
