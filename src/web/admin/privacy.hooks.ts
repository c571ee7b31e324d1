/** Erasing a person's data (issue 9): the mutation and the confirmation the dialog asks for. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import type { ErasureReport as ErasureReportSchema, PrivacyRequestList as PrivacyRequestListSchema } from '../../server/modules/identity/privacy.schemas.ts';
import { api } from '../lib/api-client.ts';
import { PEOPLE_KEY } from '../lib/query-keys.ts';
import { isErasureConfirmed } from './privacy.ts';

export type ErasureReport = z.infer<typeof ErasureReportSchema>;
export type PrivacyRequestList = z.infer<typeof PrivacyRequestListSchema>;

/** The exports and erasures of one person's data, newest first: who asked and when. */
export function usePrivacyRequests(personId: string) {
  return useQuery({ queryKey: [...PEOPLE_KEY, 'privacy-requests', personId], queryFn: () => api.get<PrivacyRequestList>('/api/privacy/requests', { personId }) });
}

/** The erasure form: what was typed, whether it confirms, and the request with its report. */
export function useErasePerson(person: { id: string; email: string }) {
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => api.post<ErasureReport>(`/api/people/${encodeURIComponent(person.id)}/erase`, { confirm: typed }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PEOPLE_KEY }),
  });
  const isConfirmed = isErasureConfirmed(typed, person.email);
  return {
    typed,
    setTyped,
    isConfirmed,
    isErasing: erase.isPending,
    report: erase.data,
    error: erase.error,
    submit(event: FormEvent) {
      event.preventDefault();
      if (isConfirmed && !erase.isPending) erase.mutate();
    },
  };
}
