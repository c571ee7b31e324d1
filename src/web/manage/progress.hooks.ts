/**
 * The Progress page's data through TanStack Query: the filters (read from the address when the page opens, kept in
 * React state, written back to the address), the series over the window they mean on the organisation's calendar,
 * and who is overdue or at risk.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useAddressState } from '../lib/address-state.hooks.ts';
import { api } from '../lib/api-client.ts';
import { type AtRisk, atRiskUrl, filtersFromParams, filtersToParams, type Progress, type ProgressFilters, progressUrl } from './progress.ts';

export const PROGRESS_KEY = ['manage', 'progress'] as const;

/** The filters, in the address too. */
export function useProgressFilters() {
  const [filters, setFilters] = useAddressState(filtersFromParams, filtersToParams);
  const change = (patch: Partial<ProgressFilters>) => setFilters((current) => ({ ...current, ...patch }));
  return { filters, change };
}

/** The series for the filters, the previous one shown while the next loads (the charts do not blink). */
export function useProgress(filters: ProgressFilters, today: string) {
  const url = progressUrl(filters, today);
  return useQuery({ queryKey: [...PROGRESS_KEY, 'series', url], queryFn: () => api.get<Progress>(url), placeholderData: keepPreviousData });
}

/** Who is overdue or at risk for the campaign and team picked. */
export function useAtRisk(filters: ProgressFilters) {
  const url = atRiskUrl(filters);
  return useQuery({ queryKey: [...PROGRESS_KEY, 'at-risk', url], queryFn: () => api.get<AtRisk>(url) });
}
