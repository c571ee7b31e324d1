import type { Kysely } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { hashToken, newId, newSecret, signToken } from '../../platform/ids.ts';
import { type Actor, requirePerson, requireRole } from './access.ts';
import * as authRepo from './auth.repository.ts';
import type { ApiToken, ApiTokenCreate, Role, Scope } from './identity.schemas.ts';
import * as repo from './identity.repository.ts';
import type { PasswordHasher } from './passwords.ts';

export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  passwords: PasswordHasher;
  /** The outbox: an email queued in the transaction that creates its link, so a link is never lost nor sent without its row. */
  emails: EmailQueue;
  secretKey: string;
  publicUrl: string;
  sessionIdleHours: number;
  /** Reports a background failure (an email that could not be queued) without failing the request. */
  onBackgroundError: (error: unknown, context: string) => void;
}

/** Queues an email in the caller's transaction; `notify` after it commits (the delivery module's outbox). */
export interface EmailQueue {
  queueEmail(trx: Db, message: { orgId: string; personId: string | null; idempotencyKey: string; email: { to: string; subject: string; text: string } }): Promise<unknown>;
  notify(): void;
}

/** A new session: the cookie's token (never stored) and the CSRF token the client must echo. */
export interface StartedSession {
  token: string;
  csrfToken: string;
  orgId: string;
  personId: string;
}

const MINUTE = 60_000;
/** How long links stay valid. Sign-in links sent by a person's own request are short-lived. */
export const LINK_TTL_MS = { sign_in: 15 * MINUTE, password_reset: 60 * MINUTE } as const;
const API_TOKEN_PREFIX = 'mrsl_';

/** Credentials failures all look alike, so responses never tell which accounts exist. */
function invalidCredentials(): AppError {
  return new AppError('invalid_credentials', 'That email and password do not match an account.');
}

/** Sign-in (password, magic link), sessions, password reset and API tokens. */
export function createAuthService(deps: AuthDeps) {
  const { db, clock, passwords, emails, secretKey, publicUrl } = deps;
  const iso = (ms = 0) => new Date(clock.now().getTime() + ms).toISOString();
  const idleMs = deps.sessionIdleHours * 60 * MINUTE;
  // A fixed hash to verify against when no account matches, so both paths cost one argon2 verification.
  const decoyHash = passwords.hash(newSecret());

  async function startSession(orgId: string, personId: string, userAgent: string | null): Promise<StartedSession> {
    const token = newSecret();
    const csrfToken = newSecret(24);
    await authRepo.insertSession(db, {
      id: hashToken(token),
      org_id: orgId,
      person_id: personId,
      csrf_token: csrfToken,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: iso(),
      last_seen_at: iso(),
      expires_at: iso(idleMs),
    });
    return { token, csrfToken, orgId, personId };
  }

  /** The single active account matching this email (and organisation slug, when given). */
  async function findAccounts(email: string, organisation: string | undefined) {
    const rows = await repo.listActivePersonRowsByEmail(db, email.toLowerCase());
    if (!organisation) return rows;
    const org = await repo.findOrganisationBySlug(db, organisation);
    return rows.filter((row) => row.org_id === org?.id);
  }

  /** A new single-use link (in `trx`), and the token its email carries. */
  async function createLink(trx: Db, orgId: string, personId: string, purpose: 'sign_in' | 'password_reset', ttlMs: number, redirectTo: string | null, tokenBytes = 32) {
    const token = newSecret(tokenBytes);
    const id = newId();
    await authRepo.insertAuthLink(trx, {
      id,
      org_id: orgId,
      person_id: personId,
      token_hash: signToken(secretKey, token),
      purpose,
      redirect_to: redirectTo,
      expires_at: iso(ttlMs),
      used_at: null,
      created_at: iso(),
    });
    return { id, token };
  }

  /** Creates a link and queues its email in one transaction, then wakes the outbox. */
  async function mailLink(orgId: string, personId: string, purpose: 'sign_in' | 'password_reset', ttlMs: number, redirectTo: string | null, write: (url: string) => { to: string; subject: string; text: string }) {
    await db.transaction().execute(async (trx) => {
      const link = await createLink(trx, orgId, personId, purpose, ttlMs, redirectTo);
      const path = purpose === 'sign_in' ? '/auth/link' : '/reset-password';
      await emails.queueEmail(trx, { orgId, personId, idempotencyKey: `auth-link:${link.id}`, email: write(`${publicUrl}${path}?token=${link.token}`) });
    });
    emails.notify();
  }

  async function mailSignInLink(orgId: string, personId: string, redirectTo: string | null, ttlMs: number = LINK_TTL_MS.sign_in) {
    const person = await repo.getPersonRow(db, orgId, personId);
    const org = await repo.getOrganisationRow(db, orgId);
    const minutes = Math.round(ttlMs / MINUTE);
    await mailLink(orgId, personId, 'sign_in', ttlMs, redirectTo, (url) => ({
      to: person.email,
      subject: `Your sign-in link for ${org.name}`,
      text: `Hello ${person.display_name},\n\nOpen this link to sign in to ${org.name} on Morsel:\n\n${url}\n\nThe link works once and expires in ${minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`}. If you did not ask for it, ignore this email.\n`,
    }));
  }

  /** Public requests send their email in the background: the answer must not reveal whether an account exists. */
  function inBackground(work: Promise<unknown>, context: string) {
    work.catch((error) => deps.onBackgroundError(error, context));
  }

  return {
    startSession,

    /**
     * Signs in with email and password.
     * @throws AppError invalid_credentials for any mismatch (unknown email, wrong password, no password set).
     * @throws AppError organisation_required when the same email and password open accounts in several organisations.
     */
    async signIn(input: { email: string; password: string; organisation?: string | undefined }, userAgent: string | null): Promise<StartedSession> {
      const accounts = (await findAccounts(input.email, input.organisation)).filter((row) => row.password_hash !== null);
      if (accounts.length === 0) {
        await passwords.verify(await decoyHash, input.password);
        throw invalidCredentials();
      }
      const matches = [];
      for (const account of accounts) {
        if (await passwords.verify(account.password_hash as string, input.password)) matches.push(account);
      }
      if (matches.length === 0) throw invalidCredentials();
      if (matches.length > 1) {
        throw new AppError('organisation_required', 'This email belongs to several organisations: say which one to sign in to.');
      }
      const account = matches[0]!;
      return startSession(account.org_id, account.id, userAgent);
    },

    /**
     * Resolves a session cookie's token to the person acting, sliding the idle expiry forward.
     * Returns undefined for unknown or expired sessions and for deactivated people.
     */
    async authenticateSession(token: string): Promise<{ actor: Actor; csrfToken: string } | undefined> {
      const id = hashToken(token);
      const now = iso();
      const session = await authRepo.findLiveSession(db, id, now);
      if (!session) return undefined;
      // Writing on every request would serialise reads on SQLite; once a minute is enough for idle expiry.
      if (Date.parse(now) - Date.parse(session.last_seen_at) > MINUTE) {
        await authRepo.touchSession(db, id, now, iso(idleMs));
      }
      const roles = await repo.listRoles(db, session.org_id, session.person_id);
      return {
        actor: { kind: 'person', orgId: session.org_id, personId: session.person_id, roles, sessionId: id },
        csrfToken: session.csrf_token,
      };
    },

    /** Resolves an API token (Authorization: Bearer) to the integration acting, or undefined. */
    async authenticateApiToken(token: string): Promise<Actor | undefined> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
      const row = await repo.findApiTokenRowByHash(db, hashToken(token));
      if (!row) return undefined;
      const now = iso();
      if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > MINUTE) {
        await repo.touchApiToken(db, row.id, now);
      }
      return { kind: 'token', orgId: row.org_id, tokenId: row.id, scopes: JSON.parse(row.scopes) as Scope[] };
    },

    /** Deletes sessions past their expiry. */
    async deleteExpiredSessions(): Promise<void> {
      await authRepo.deleteExpiredSessions(db, iso());
    },

    async signOut(sessionId: string): Promise<void> {
      await authRepo.deleteSession(db, sessionId);
    },

    /** Emails a sign-in link to the account with this email, if there is exactly one; answers the same either way. */
    async requestSignInLink(input: { email: string; organisation?: string | undefined; redirectTo?: string | undefined }): Promise<void> {
      const accounts = await findAccounts(input.email, input.organisation);
      if (accounts.length !== 1) return;
      const account = accounts[0]!;
      inBackground(mailSignInLink(account.org_id, account.id, input.redirectTo ?? null), 'sign-in link email');
    },

    /**
     * An admin emails a person a sign-in link (for people without a password). The email is queued in the
     * outbox: an SMTP outage delays it (the admin's outbox view shows it) but never loses it.
     */
    async sendSignInLink(actor: Actor, personId: string): Promise<void> {
      requireRole(actor, ['admin'], 'people:write');
      const person = await repo.getPersonRow(db, actor.orgId, personId);
      if (person.status !== 'active') throw new ValidationError('This person is deactivated; reactivate them first.');
      await mailSignInLink(actor.orgId, personId, null, 72 * 60 * MINUTE);
    },

    /**
     * Makes a sign-in link URL for a person (other modules use it in messages they send), in their transaction
     * when they give one, so the link exists exactly when their message does.
     * @throws NotFoundError when the person is not in the organisation.
     */
    async createSignInUrl(orgId: string, personId: string, options: { ttlMs: number; redirectTo?: string; short?: boolean }, trx: Db = db): Promise<string> {
      await repo.getPersonRow(trx, orgId, personId);
      // A short link (for SMS, where 160 characters are all there is) carries a 72-bit token: still single-use,
      // expiring and behind the sign-in rate limit, so guessing one is hopeless.
      const link = await createLink(trx, orgId, personId, 'sign_in', options.ttlMs, options.redirectTo ?? null, options.short ? 9 : 32);
      return options.short ? `${publicUrl}/l/${link.token}` : `${publicUrl}/auth/link?token=${link.token}`;
    },

    /**
     * Redeems a sign-in link: single use, before it expires.
     * @throws AppError link_invalid when the link is unknown, used, expired or its person deactivated.
     */
    async redeemSignInLink(token: string, userAgent: string | null): Promise<StartedSession & { redirectTo: string | null }> {
      const link = await authRepo.consumeAuthLink(db, signToken(secretKey, token), 'sign_in', iso());
      const person = link && (await repo.findPersonRow(db, link.org_id, link.person_id));
      if (!link || !person || person.status !== 'active') {
        throw new AppError('link_invalid', 'This sign-in link has expired or was already used. Ask for a new one.');
      }
      return { ...(await startSession(link.org_id, link.person_id, userAgent)), redirectTo: link.redirect_to };
    },

    /** Emails a password-reset link if the email matches exactly one account; answers the same either way. */
    async requestPasswordReset(input: { email: string; organisation?: string | undefined }): Promise<void> {
      const accounts = await findAccounts(input.email, input.organisation);
      if (accounts.length !== 1) return;
      const account = accounts[0]!;
      inBackground(
        (async () => {
          const org = await repo.getOrganisationRow(db, account.org_id);
          await mailLink(account.org_id, account.id, 'password_reset', LINK_TTL_MS.password_reset, null, (url) => ({
            to: account.email,
            subject: `Reset your ${org.name} password`,
            text: `Hello ${account.display_name},\n\nOpen this link to choose a new password for ${org.name} on Morsel:\n\n${url}\n\nThe link works once and expires in 60 minutes. If you did not ask for it, ignore this email: your password stays as it is.\n`,
          }));
        })(),
        'password reset email',
      );
    },

    /**
     * Sets a new password from a reset link, ends every other session of that person and signs them in.
     * @throws AppError link_invalid when the link is unknown, used or expired.
     */
    async confirmPasswordReset(token: string, password: string, userAgent: string | null): Promise<StartedSession> {
      const passwordHash = await passwords.hash(password);
      const link = await authRepo.consumeAuthLink(db, signToken(secretKey, token), 'password_reset', iso());
      if (!link) throw new AppError('link_invalid', 'This reset link has expired or was already used. Ask for a new one.');
      await db.transaction().execute(async (trx) => {
        await repo.updatePersonRow(trx, link.org_id, link.person_id, { password_hash: passwordHash, updated_at: iso() });
        await authRepo.deleteOtherSessions(trx, link.org_id, link.person_id, null);
      });
      return startSession(link.org_id, link.person_id, userAgent);
    },

    /**
     * Changes the signed-in person's password; the current one is required when one is set. Other sessions end.
     * @throws AppError invalid_credentials when the current password is wrong.
     */
    async changePassword(actor: Actor, input: { currentPassword?: string | undefined; newPassword: string }): Promise<void> {
      const person = requirePerson(actor);
      const row = await repo.getPersonRow(db, person.orgId, person.personId);
      if (row.password_hash && !(await passwords.verify(row.password_hash, input.currentPassword ?? ''))) {
        throw new AppError('invalid_credentials', 'The current password is not right.');
      }
      const passwordHash = await passwords.hash(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await repo.updatePersonRow(trx, person.orgId, person.personId, { password_hash: passwordHash, updated_at: iso() });
        await authRepo.deleteOtherSessions(trx, person.orgId, person.personId, person.sessionId);
      });
    },

    /** Sets a password directly (operator use: the CLI). */
    async setPassword(orgId: string, personId: string, password: string): Promise<void> {
      await repo.updatePersonRow(db, orgId, personId, { password_hash: await passwords.hash(password), updated_at: iso() });
    },

    async listApiTokens(actor: Actor): Promise<ApiToken[]> {
      requireRole(actor, ['admin']);
      return (await repo.listApiTokenRows(db, actor.orgId)).map(repo.toApiToken);
    },

    /** Creates an API token; the secret is returned once and only its hash is kept. */
    async createApiToken(actor: Actor, input: ApiTokenCreate): Promise<ApiToken & { token: string }> {
      requireRole(actor, ['admin']);
      return issueApiToken(actor.orgId, input, actor.kind === 'person' ? actor.personId : null);
    },

    /** Creates an API token for an organisation (operator use: the CLI). */
    issueApiToken: (orgId: string, input: ApiTokenCreate) => issueApiToken(orgId, input, null),

    /** @throws NotFoundError when the token is not in the organisation. */
    async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
      requireRole(actor, ['admin']);
      if (!(await repo.revokeApiTokenRow(db, actor.orgId, tokenId, iso()))) throw new NotFoundError('API token', tokenId);
    },
  };

  async function issueApiToken(orgId: string, input: ApiTokenCreate, createdBy: string | null): Promise<ApiToken & { token: string }> {
    const token = `${API_TOKEN_PREFIX}${newSecret()}`;
    const id = newId();
    await repo.insertApiToken(db, {
      id,
      org_id: orgId,
      name: input.name,
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      token_hash: hashToken(token),
      scopes: JSON.stringify([...new Set(input.scopes)]),
      created_by: createdBy,
      created_at: iso(),
      last_used_at: null,
      revoked_at: null,
    });
    return { ...repo.toApiToken(await repo.getApiTokenRow(db, orgId, id)), token };
  }
}

export type AuthService = ReturnType<typeof createAuthService>;
export type { Role };
