/** Schemas of issue 9's audit log: the administrative writes made through the API, as admins read them. */
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const AuditQuery = z
  .object({
    /** A person's or an API token's id: only what they did. */
    actor: z.string().trim().min(1).max(100).optional(),
    /** A route pattern or its beginning: `/api/people` matches `/api/people/:id` too. */
    route: z.string().trim().startsWith('/api/').max(200).optional(),
    from: Instant.optional().describe('From this instant (inclusive), ISO 8601'),
    to: Instant.optional().describe('Before this instant (exclusive), ISO 8601'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(300).optional().describe('The `nextCursor` of the previous page'),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, { message: '`from` must be before `to`.', path: ['from'] });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEvent = z.object({
  id: z.string(),
  actor: z.object({
    kind: z.enum(['person', 'token', 'system']),
    /** The person's or the token's id (null for the operator). */
    id: z.string().nullable(),
    /** Their name at the time ("Erased person" after an erasure). */
    label: z.string(),
  }),
  method: z.string(),
  /** The route pattern, e.g. `/api/people/:id`. */
  route: z.string(),
  targetId: z.string().nullable(),
  status: z.number().int(),
  /** Names of the body fields sent; never their values. */
  fields: z.array(z.string()),
  ip: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditPage = z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
