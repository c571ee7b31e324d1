/** The outbox view: messages by status with counts, and retrying a dead one. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OutboxItem as OutboxItemSchema, OutboxPage as OutboxPageSchema } from '../../server/modules/delivery/delivery.schemas.ts';
import { api } from '../lib/api-client.ts';

export type OutboxItem = z.infer<typeof OutboxItemSchema>;
export type OutboxPage = z.infer<typeof OutboxPageSchema>;
export type OutboxStatus = OutboxItem['status'];

const OUTBOX_KEY = ['outbox'] as const;

/** The filter tabs, in the order a person reads a queue: what is stuck first. */
export const STATUS_TABS: ReadonlyArray<{ value: OutboxStatus | ''; label: string }> = [
  { value: 'dead', label: 'Dead' },
  { value: 'queued', label: 'Waiting' },
  { value: 'sending', label: 'Sending' },
  { value: 'sent', label: 'Sent' },
  { value: '', label: 'All' },
];

/** A page of messages of one status (or all), refreshed every few seconds while the page is open. */
export function useOutbox(status: OutboxStatus | '') {
  return useQuery({
    queryKey: [...OUTBOX_KEY, status],
    queryFn: () => api.get<OutboxPage>(`/api/outbox?limit=100${status ? `&status=${status}` : ''}`),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  });
}

/** Sends a dead message again. */
export function useRetryMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (item: OutboxItem) => api.post<OutboxItem>(`/api/outbox/${encodeURIComponent(item.id)}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OUTBOX_KEY }),
  });
}
