/** LRS credentials without React: their types (from the server's schemas, type-only) and the order they are listed in. */
import type { z } from 'zod';
import type { CreatedCredential as CreatedCredentialSchema, CredentialList as CredentialListSchema, CredentialView as CredentialViewSchema } from '../../server/modules/lrs/lrs.schemas.ts';

export type LrsCredential = z.infer<typeof CredentialViewSchema>;
export type LrsCredentialList = z.infer<typeof CredentialListSchema>;
/** A credential just created: the only answer that carries its secret. */
export type CreatedLrsCredential = z.infer<typeof CreatedCredentialSchema>;

/** Live credentials first, then revoked ones; newest first within each. */
export function sortCredentials(items: readonly LrsCredential[]): LrsCredential[] {
  return [...items].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));
}
