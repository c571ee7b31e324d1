/** The audit log: administrative writes and refusals, newest first, a page at a time. */
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEvent as AuditEventSchema, AuditPage as AuditPageSchema } from '../../server/modules/identity/audit.schemas.ts';
import type { z } from 'zod';
import { api } from '../lib/api-client.ts';
import { type AuditFilters, auditUrl } from './audit.ts';

export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;

const AUDIT_KEY = ['audit'] as const;
const AUDIT_PAGE_SIZE = 50;

/** The records matching the filters, newest first, `nextCursor` page by page. */
export function useAuditLog(filters: AuditFilters) {
  const query = useInfiniteQuery({
    queryKey: [...AUDIT_KEY, filters],
    queryFn: ({ pageParam }) => api.get<AuditPage>(auditUrl(filters, { limit: AUDIT_PAGE_SIZE, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
  return { query, events: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
