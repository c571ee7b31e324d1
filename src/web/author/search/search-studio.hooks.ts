/** The studio's side of search: the content-gap list over a period, and the organisation's synonym groups. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContentGaps, SynonymGroups } from '../../../server/modules/search/search.schemas.ts';
import { api } from '../../lib/api-client.ts';
import { SEARCH_KEY } from '../../learner/search/search.hooks.ts';

const GAPS_KEY = ['search-gaps'] as const;
const SYNONYMS_KEY = ['search-synonyms'] as const;

/** Questions learners asked without a good answer over the last `days` days, most often unanswered first. */
export function useContentGaps(days: number) {
  return useQuery({ queryKey: [...GAPS_KEY, days], queryFn: () => api.get<ContentGaps>('/api/search/gaps', { days }) });
}

/** The organisation's synonym groups. */
export function useSynonyms() {
  return useQuery({ queryKey: SYNONYMS_KEY, queryFn: () => api.get<SynonymGroups>('/api/search/synonyms') });
}

/** Replaces the synonym groups; searches already answered are asked again, since the synonyms change their results. */
export function useSaveSynonyms() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (groups: string[][]) => api.put<SynonymGroups>('/api/search/synonyms', { groups } satisfies SynonymGroups),
    onSuccess: (saved) => {
      queryClient.setQueryData(SYNONYMS_KEY, saved);
      void queryClient.invalidateQueries({ queryKey: SEARCH_KEY });
    },
  });
}
