/**
 * Forwarding to an external LRS (issue 8): an organisation may name another LRS (its endpoint, key and secret), and
 * every statement stored here, Morsel's own included, is then sent on there through the durable outbox: queued in
 * the transaction that stores the statements (stored ⇔ queued), retried with backoff when the other LRS is down,
 * dead-lettered when it refuses them for good. The statements keep their ids, so a retry is the same statement to
 * the receiver, never a duplicate.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Statement } from '../../../core/xapi/index.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type Channel, ChannelError, type OutboxService, readBodyText, sendOutbound } from '../delivery/index.ts';
import { type Actor, requireRole } from '../identity/index.ts';

export interface ForwardingDeps {
  db: Db;
  clock: Clock;
  outbox: Pick<OutboxService, 'queue' | 'notify'>;
  /** Why a URL may not be called (private address, bad scheme…), or null: the SSRF guard. */
  checkUrl: (url: string) => Promise<string | null>;
}

export const ForwardingBody = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  key: z.string().min(1).max(200),
  /** Leave out to keep the stored secret. */
  secret: z.string().min(1).max(500).optional(),
});
export type ForwardingBody = z.infer<typeof ForwardingBody>;

export const ForwardingView = z.object({ endpoint: z.string(), key: z.string(), hasSecret: z.boolean(), updatedAt: z.string() });
export type ForwardingView = z.infer<typeof ForwardingView>;

/** What the outbox carries for the xapi channel: the statements as stored, sent in one POST. */
const ForwardPayload = z.object({ statements: z.array(z.record(z.string(), z.unknown())).min(1) });

/** Statements per outbox message (an LRS may limit its batches; 100 is a common size). */
const FORWARD_BATCH = 100;

export function createForwarding({ db, clock, outbox, checkUrl }: ForwardingDeps) {
  const find = (orgId: string) => db.selectFrom('lrs_forward').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return {
    /** The organisation's external LRS, without its secret (admins). */
    async get(actor: Actor): Promise<ForwardingView | null> {
      requireRole(actor, ['admin']);
      const row = await find(actor.orgId);
      return row ? { endpoint: row.endpoint, key: row.key, hasSecret: true, updatedAt: row.updated_at } : null;
    },

    /**
     * Sets the external LRS (admins). Statements stored from now on are forwarded.
     * @throws ValidationError when the endpoint may not be called (private address…) or a first setting has no secret.
     */
    async set(actor: Actor, body: ForwardingBody): Promise<ForwardingView> {
      requireRole(actor, ['admin']);
      const endpoint = body.endpoint.endsWith('/') ? body.endpoint : `${body.endpoint}/`;
      const problem = await checkUrl(endpoint);
      if (problem) throw new ValidationError(problem, { issues: [{ field: 'body.endpoint', message: problem }] });
      const current = await find(actor.orgId);
      const secret = body.secret ?? current?.secret;
      if (secret === undefined) throw new ValidationError('Give the external LRS’s secret.', { issues: [{ field: 'body.secret', message: 'Required the first time.' }] });
      const row = { org_id: actor.orgId, endpoint, key: body.key, secret, updated_at: clock.now().toISOString() };
      await db.insertInto('lrs_forward').values(row).onConflict((oc) => oc.column('org_id').doUpdateSet({ endpoint, key: body.key, secret, updated_at: row.updated_at })).execute();
      return { endpoint, key: body.key, hasSecret: true, updatedAt: row.updated_at };
    },

    /** Stops forwarding (admins); messages already queued are still sent. @throws NotFoundError when none was set. */
    async remove(actor: Actor): Promise<void> {
      requireRole(actor, ['admin']);
      const result = await db.deleteFrom('lrs_forward').where('org_id', '=', actor.orgId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new NotFoundError('external LRS');
    },

    /**
     * Queues statements just stored for the external LRS, in the storing transaction, when the organisation has
     * one. The key is the batch's ids, so storing the same statements again queues nothing more.
     * @returns whether anything was queued (call `wake` after the commit).
     */
    async queue(trx: Db, orgId: string, statements: readonly Statement[]): Promise<boolean> {
      if (statements.length === 0) return false;
      const forward = await trx.selectFrom('lrs_forward').select('org_id').where('org_id', '=', orgId).executeTakeFirst();
      if (!forward) return false;
      for (let start = 0; start < statements.length; start += FORWARD_BATCH) {
        const batch = statements.slice(start, start + FORWARD_BATCH);
        const key = createHash('sha256').update(batch.map((s) => s.id).join(' ')).digest('hex').slice(0, 32);
        await outbox.queue(trx, { orgId, channel: 'xapi', personId: null, idempotencyKey: `xapi:${key}`, payload: { statements: batch } });
      }
      return true;
    },

    wake(): void {
      outbox.notify();
    },

    /** The outbox channel that sends queued statements to the organisation's external LRS. */
    channel(options: { allowPrivateTargets: boolean; timeoutMs?: number }): Channel {
      const timeoutMs = options.timeoutMs ?? 15_000;
      return {
        async send(message) {
          const parsed = ForwardPayload.safeParse(message.payload);
          if (!parsed.success) throw new ChannelError('The queued statements are malformed.', true);
          const settings = await find(message.orgId);
          if (!settings) throw new ChannelError('Forwarding to an external LRS was turned off.', true);
          const response = await sendOutbound(
            `${settings.endpoint}statements`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', authorization: `Basic ${Buffer.from(`${settings.key}:${settings.secret}`).toString('base64')}` },
              body: JSON.stringify(parsed.data.statements),
            },
            { allowPrivate: options.allowPrivateTargets, timeoutMs, subject: 'The external LRS endpoint' },
          );
          const answer = (await readBodyText(response, 2000)).trim().slice(0, 300);
          if (response.ok) return { providerId: null };
          if (response.status === 401 || response.status === 403) throw new ChannelError(`The external LRS refused the key and secret (${response.status}); check them in the LRS settings.`, true);
          const temporary = response.status === 408 || response.status === 429 || response.status >= 500;
          throw new ChannelError(`The external LRS answered ${response.status}${answer ? `: ${answer}` : ''}`, !temporary);
        },
      };
    },
  };
}

export type Forwarding = ReturnType<typeof createForwarding>;
