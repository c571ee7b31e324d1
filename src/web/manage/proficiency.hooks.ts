/**
 * The Proficiency page's data through TanStack Query: the heat map of every team the person may see (the team
 * filter narrows the columns on the page), and the filters, kept in the address so a view can be bookmarked.
 */
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../lib/api-client.ts';
import { filtersFromParams, filtersToParams, type Proficiency, type ProficiencyFilters, proficiencyUrl } from './proficiency.ts';

export const PROFICIENCY_KEY = ['manage', 'proficiency'] as const;

/** The filters, read from and written to the address (replacing the entry, so Back leaves the page). */
export function useProficiencyFilters() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const change = (patch: Partial<ProficiencyFilters>) => setParams(filtersToParams({ ...filters, ...patch }), { replace: true });
  return { filters, change };
}

/** The heat map of one course's evidence ('' for all courses), every team of the person. */
export function useProficiency(courseId: string) {
  return useQuery({ queryKey: [...PROFICIENCY_KEY, courseId], queryFn: () => api.get<Proficiency>(proficiencyUrl({ courseId, teamId: '' })) });
}
