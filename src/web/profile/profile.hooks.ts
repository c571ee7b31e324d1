/** The signed-in person's own profile and password. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../lib/api-client.ts';
import type { SessionInfo } from '../lib/api-types.ts';
import { toProfileFormValues, toProfilePatch, type ProfileFormValues } from '../lib/profile-fields.ts';
import { SESSION_KEY } from '../lib/query-keys.ts';
import { applySession, useSignedInSession } from '../lib/session.hooks.ts';

/** The profile form, starting from the session's person; saving updates the session everywhere. */
export function useProfileForm() {
  const queryClient = useQueryClient();
  const { person } = useSignedInSession();
  const [values, setValues] = useState<ProfileFormValues>(() => toProfileFormValues(person));
  const [isSaved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (form: ProfileFormValues) => api.patch<SessionInfo>('/api/me', toProfilePatch(form)),
    onSuccess: (session) => {
      applySession(queryClient, session);
      setValues(toProfileFormValues(session.person));
      setSaved(true);
    },
  });
  function set<K extends keyof ProfileFormValues>(name: K, value: ProfileFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setSaved(false);
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(values);
  }
  return { person, values, set, submit, isSaving: save.isPending, isSaved, error: save.error };
}

/** The change-password form; people without a password (link-only) set one without the current one. */
export function useChangePasswordForm() {
  const queryClient = useQueryClient();
  const { person } = useSignedInSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<Error | null>(null);
  const change = useMutation({
    mutationFn: () => api.post<void>('/api/me/password', person.hasPassword ? { currentPassword, newPassword } : { newPassword }),
    onSuccess: async () => {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    change.reset();
    if (newPassword !== confirmation) {
      setProblem(new Error('The two new passwords are not the same.'));
      return;
    }
    change.mutate();
  }
  return {
    needsCurrentPassword: person.hasPassword,
    fields: { currentPassword, newPassword, confirmation },
    set: { setCurrentPassword, setNewPassword, setConfirmation },
    submit,
    isSaving: change.isPending,
    isChanged: change.isSuccess,
    error: problem ?? change.error,
  };
}
