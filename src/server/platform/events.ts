/**
 * Typed domain events, published after the transaction that caused them commits, so no subscriber
 * sees a change that was rolled back. Modules add their events to `DomainEvent`.
 */
export type DomainEvent =
  | { type: 'identity.organisation_created'; orgId: string; at: string }
  | { type: 'identity.person_created'; orgId: string; personId: string; at: string }
  | { type: 'identity.people_imported'; orgId: string; created: number; updated: number; at: string }
  | { type: 'identity.person_status_changed'; orgId: string; personId: string; status: 'active' | 'deactivated'; at: string }
  | { type: 'learning.answer_recorded'; orgId: string; personId: string; attemptId: string; correct: boolean; at: string }
  | { type: 'learning.lesson_completed'; orgId: string; personId: string; courseId: string; lessonId: string; at: string }
  | { type: 'learning.review_answered'; orgId: string; personId: string; reviewItemId: string; correct: boolean; at: string }
  | { type: 'learning.check_finished'; orgId: string; personId: string; courseId: string; phase: 'baseline' | 'post'; at: string }
  | { type: 'learning.certification_earned'; orgId: string; personId: string; certificationId: string; at: string }
  | { type: 'learning.lesson_rated'; orgId: string; personId: string; courseId: string; lessonId: string; at: string }
  | { type: 'learning.lesson_experienced'; orgId: string; personId: string; courseId: string; lessonId: string; at: string };

type Handler<T extends DomainEvent['type']> = (event: Extract<DomainEvent, { type: T }>) => void | Promise<void>;

export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  subscribe<T extends DomainEvent['type']>(type: T, handler: Handler<T>): () => void;
}

/** An in-process bus. Handlers run in order; a failing handler is reported and does not stop the others. */
export function createEventBus(onError: (error: unknown, event: DomainEvent) => void): EventBus {
  const handlers = new Map<string, Set<(event: DomainEvent) => void | Promise<void>>>();
  return {
    async publish(event) {
      for (const handler of handlers.get(event.type) ?? []) {
        try {
          await handler(event);
        } catch (error) {
          onError(error, event);
        }
      }
    },
    subscribe(type, handler) {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      const wrapped = handler as (event: DomainEvent) => void | Promise<void>;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
