/** The organisation's certifications as the badge admin needs them: the rule's pick list and the badge list's words. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import { GAMIFICATION_KEY } from '../../lib/query-keys.ts';
import type { Certification } from '../../manage/assessment.ts';

/** Every certification of the organisation, archived ones too (a badge may name one). */
export function useCertificationChoices() {
  return useQuery({
    queryKey: [...GAMIFICATION_KEY, 'certifications'],
    queryFn: () => api.get<{ items: Certification[] }>('/api/certifications'),
    select: (data) => data.items,
  });
}
