import { ForbiddenError } from '../../platform/errors.ts';
import type { Role, Scope } from './identity.schemas.ts';

/**
 * Who is acting: a signed-in person, an integration holding an API token, or the operator (the `morsel`
 * command and background jobs), who acts with an admin's rights inside one organisation.
 */
export type Actor =
  | { kind: 'person'; orgId: string; personId: string; roles: readonly Role[]; sessionId: string | null }
  | { kind: 'token'; orgId: string; tokenId: string; scopes: readonly Scope[] }
  | { kind: 'system'; orgId: string };

/** The operator acting inside one organisation. */
export function systemActor(orgId: string): Actor {
  return { kind: 'system', orgId };
}

/** True when the actor is the operator, or a person holding any of `roles` (admins hold every role). */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'person' && (actor.roles.includes('admin') || roles.some((role) => actor.roles.includes(role)));
}

/**
 * Lets through a person with one of `roles`, or a token with `scope` when one is given.
 * @throws ForbiddenError otherwise.
 */
export function requireRole(actor: Actor, roles: Role[], scope?: Scope): void {
  if (actor.kind === 'token') {
    if (scope && actor.scopes.includes(scope)) return;
    throw new ForbiddenError(scope ? `This API token lacks the ${scope} scope.` : 'API tokens cannot do this.');
  }
  if (!hasRole(actor, ...roles)) throw new ForbiddenError(`This needs the ${roles.join(' or ')} role.`);
}

/**
 * Lets through a signed-in person only (not an API token).
 * @throws ForbiddenError for tokens.
 */
export function requirePerson(actor: Actor): Extract<Actor, { kind: 'person' }> {
  if (actor.kind !== 'person') throw new ForbiddenError('This is for signed-in people, not API tokens.');
  return actor;
}
