/**
 * The learner's side of delivery: the inbox of lessons delivered to them (campaigns, reminders, just-in-time),
 * marking one opened, and lesson emails (stopping them from an email's link, turning them back on).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Inbox as InboxSchema, Unsubscribed as UnsubscribedSchema } from '../../server/modules/delivery/inbox.schemas.ts';
import { api } from '../lib/api-client.ts';
import { LEARN_KEY, SESSION_KEY } from '../lib/query-keys.ts';

export type { InboxItem } from '../../server/modules/delivery/inbox.schemas.ts';
export type Inbox = z.infer<typeof InboxSchema>;
export type Unsubscribed = z.infer<typeof UnsubscribedSchema>;

const INBOX_KEY = [...LEARN_KEY, 'inbox'] as const;

/** What was delivered to me, newest first. Fetched again each time Today opens, so completed lessons show ticked. */
export function useInbox() {
  return useQuery({ queryKey: INBOX_KEY, queryFn: () => api.get<Inbox>('/api/learn/inbox'), refetchOnMount: 'always' });
}

/** Marks an inbox item opened; the learner is on their way to the lesson, so failures are not shown. */
export function useMarkInboxItemRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/learn/inbox/${encodeURIComponent(id)}/read`),
    onMutate: (id) => {
      const readAt = new Date().toISOString();
      queryClient.setQueryData<Inbox>(INBOX_KEY, (inbox) => {
        if (!inbox) return inbox;
        const items = inbox.items.map((item) => (item.id === id && !item.readAt ? { ...item, readAt } : item));
        return { items, unread: items.filter((item) => !item.readAt && !item.completed).length };
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}

/** Stops lesson emails for the person an email's unsubscribe link names (no sign-in needed: the token is the credential). */
export function useUnsubscribe() {
  return useMutation({ mutationFn: (token: string) => api.post<Unsubscribed>('/api/unsubscribe', { token }) });
}

/** Turns lesson emails back on for the signed-in person (their profile shows when they had turned them off). */
export function useResubscribeLessonEmails() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/profile/lesson-emails'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
