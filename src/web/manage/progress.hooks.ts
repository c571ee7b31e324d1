/**
 * The Progress page's data through TanStack Query: the filters (read from the address when the page opens, kept in
 * React state, written back to the address), the series over the window they mean on the organisation's calendar,
 * and who is overdue or at risk.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../lib/api-client.ts';
import { type AtRisk, atRiskUrl, filtersFromParams, filtersToParams, type Progress, type ProgressFilters, progressUrl } from './progress.ts';

export const PROGRESS_KEY = ['manage', 'progress'] as const;

/** The filters, in the address too (replacing the entry, so Back leaves the page rather than undoing a filter). */
export function useProgressFilters() {
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState(() => filtersFromParams(params));
  const change = (patch: Partial<ProgressFilters>) => setFilters((current) => ({ ...current, ...patch }));
  const search = new URLSearchParams(filtersToParams(filters)).toString();
  useEffect(() => {
    if (search !== params.toString()) setParams(search, { replace: true });
    // Only new filters write the address; `params` and `setParams` change whenever it does.
  }, [search]);
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
