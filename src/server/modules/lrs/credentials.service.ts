/**
 * LRS credentials: HTTP Basic key and secret per organisation, created by admins (web UI, API) or the operator
 * (`morsel lrs credentials create`), so every statement belongs to the organisation whose credential sent it. The
 * secret is shown once and stored hashed. Each credential is its own xAPI authority: statements it stores name it.
 */
import { randomBytes } from 'node:crypto';
import type { Actor as XapiActor } from '../../../core/xapi/index.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, UnauthenticatedError } from '../../platform/errors.ts';
import { hashToken, newId, newSecret, safeEqual } from '../../platform/ids.ts';
import { type Actor, requireRole } from '../identity/index.ts';
import * as repo from './lrs.repository.ts';
import type { LrsWriter } from './lrs.service.ts';

export interface CredentialsDeps {
  db: Db;
  clock: Clock;
  /** Where Morsel is reached from outside: the LRS endpoint is `<publicUrl>/xapi/`. */
  publicUrl: string;
}

/** A credential as listed (never its secret). */
export interface CredentialView {
  id: string;
  name: string;
  key: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A credential just created: the only time its secret is shown. */
export interface CreatedCredential extends CredentialView {
  endpoint: string;
  secret: string;
}

export function createCredentialsService({ db, clock, publicUrl }: CredentialsDeps) {
  const endpoint = `${publicUrl}/xapi/`;
  /** The authority of statements a credential stores: an account on this Morsel named by the key. */
  const authorityOf = (key: string, name: string): XapiActor => ({ objectType: 'Agent', name, account: { homePage: publicUrl, name: `lrs:${key}` } });

  return {
    endpoint,

    /** Creates a credential in an organisation (the operator's CLI passes the organisation's id directly). */
    async createFor(orgId: string, name: string): Promise<CreatedCredential> {
      const key = `mk_${randomBytes(12).toString('base64url')}`;
      const secret = newSecret();
      const row = { id: newId(), org_id: orgId, key, secret_hash: hashToken(secret), name, created_at: clock.now().toISOString(), revoked_at: null };
      await repo.insertCredential(db, row);
      return { id: row.id, name, key, createdAt: row.created_at, revokedAt: null, endpoint, secret };
    },

    /** @throws ForbiddenError unless an admin. */
    async create(actor: Actor, name: string): Promise<CreatedCredential> {
      requireRole(actor, ['admin']);
      return this.createFor(actor.orgId, name);
    },

    /** @throws ForbiddenError unless an admin. */
    async list(actor: Actor): Promise<{ endpoint: string; items: CredentialView[] }> {
      requireRole(actor, ['admin']);
      const rows = await repo.listCredentials(db, actor.orgId);
      return { endpoint, items: rows.map((row) => ({ id: row.id, name: row.name, key: row.key, createdAt: row.created_at, revokedAt: row.revoked_at })) };
    },

    /** Revokes a credential at once. @throws NotFoundError (also when already revoked); ForbiddenError unless an admin. */
    async revoke(actor: Actor, id: string): Promise<void> {
      requireRole(actor, ['admin']);
      if (!(await repo.revokeCredential(db, actor.orgId, id, clock.now().toISOString()))) throw new NotFoundError('LRS credential', id);
    },

    /**
     * The writer an `Authorization: Basic` header stands for.
     * @throws UnauthenticatedError when the header is missing, malformed, or names no live credential.
     */
    async authenticate(header: string | undefined): Promise<LrsWriter> {
      const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
      const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw new UnauthenticatedError('Send the LRS key and secret with HTTP Basic authentication.');
      const row = await repo.findCredentialByKey(db, decoded.slice(0, colon));
      if (!row || !safeEqual(hashToken(decoded.slice(colon + 1)), row.secret_hash)) throw new UnauthenticatedError('This LRS key and secret are unknown or revoked.');
      return { orgId: row.org_id, authority: authorityOf(row.key, row.name) };
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
