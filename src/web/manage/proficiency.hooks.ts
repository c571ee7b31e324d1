/**
 * The Proficiency page's data through TanStack Query: the heat map of every team the person may see (the team
 * filter narrows the columns on the page), and the filters, kept in the address so a view can be bookmarked.
 */
import { useQuery } from '@tanstack/react-query';
import { useAddressState } from '../lib/address-state.hooks.ts';
import { api } from '../lib/api-client.ts';
import { filtersFromParams, filtersToParams, type Proficiency, type ProficiencyFilters, proficiencyUrl } from './proficiency.ts';

export const PROFICIENCY_KEY = ['manage', 'proficiency'] as const;

/** The filters, in the address too. */
export function useProficiencyFilters() {
  const [filters, setFilters] = useAddressState(filtersFromParams, filtersToParams);
  const change = (patch: Partial<ProficiencyFilters>) => setFilters((current) => ({ ...current, ...patch }));
  return { filters, change };
}

/** The heat map of one course's evidence ('' for all courses), every team of the person. */
export function useProficiency(courseId: string) {
  return useQuery({ queryKey: [...PROFICIENCY_KEY, courseId], queryFn: () => api.get<Proficiency>(proficiencyUrl({ courseId, teamId: '' })) });
}
