/** Schemas of issue 9's privacy routes: a person's data exported, erased, and the requests recorded. */
import { z } from 'zod';

export const EraseBody = z.object({
  /** The person's email, typed again: an erasure cannot be undone. */
  confirm: z.string().trim().min(1).max(320),
});
export type EraseBody = z.infer<typeof EraseBody>;

export const PersonExport = z.object({
  format: z.literal('morsel-person-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  person: z.object({ id: z.string(), email: z.string(), displayName: z.string() }),
  /** Rows per table (or section), as stored, JSON columns parsed and secrets left out. */
  counts: z.record(z.string(), z.number().int()),
  sections: z.record(z.string(), z.array(z.unknown())),
});
export type PersonExport = z.infer<typeof PersonExport>;

export const KeptTable = z.object({ table: z.string(), rows: z.number().int(), why: z.string() });

export const ErasureReport = z.object({
  requestId: z.string(),
  personId: z.string(),
  erasedAt: z.string(),
  /** Rows deleted (or, for `person`, anonymised) per table. */
  removed: z.record(z.string(), z.number().int()),
  /** Tables where the person's rows stay, and why. */
  kept: z.array(KeptTable),
});
export type ErasureReport = z.infer<typeof ErasureReport>;

export const PrivacyRequest = z.object({
  id: z.string(),
  kind: z.enum(['export', 'erase']),
  personId: z.string(),
  /** The person's name now ("Erased person" after an erasure). */
  personName: z.string(),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  report: z.record(z.string(), z.number().int()),
  createdAt: z.string(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

export const PrivacyRequestList = z.object({ items: z.array(PrivacyRequest) });

export const PrivacyRequestQuery = z.object({
  personId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PrivacyRequestQuery = z.infer<typeof PrivacyRequestQuery>;
