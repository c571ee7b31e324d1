import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../lib/api-client.ts';
import type { SessionInfo, SetupBody, SetupStatus } from '../lib/api-types.ts';
import { browserTimeZone } from '../lib/profile-fields.ts';
import { SETUP_KEY } from '../lib/query-keys.ts';
import { applySession } from '../lib/session.hooks.ts';

/** The first-run form: the organisation and its first admin, who is signed in once it is created. */
export function useSetupForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [organisationName, setOrganisationName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const setup = useMutation({
    mutationFn: (body: SetupBody) => api.post<SessionInfo>('/api/setup', body),
    onSuccess: async (session) => {
      applySession(queryClient, session);
      queryClient.setQueryData<SetupStatus>(SETUP_KEY, { needed: false });
      await navigate('/admin/people', { replace: true });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const zone = timeZone.trim();
    setup.mutate({
      organisation: { name: organisationName.trim(), ...(zone ? { timeZone: zone } : {}) },
      admin: { displayName: displayName.trim(), email: email.trim(), password, ...(zone ? { timeZone: zone } : {}) },
    });
  }

  return {
    fields: { organisationName, timeZone, displayName, email, password },
    set: { setOrganisationName, setTimeZone, setDisplayName, setEmail, setPassword },
    submit,
    isSaving: setup.isPending,
    error: setup.error,
  };
}
