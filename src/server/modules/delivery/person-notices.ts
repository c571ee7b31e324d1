/**
 * Personal notices: one message to one person about something that concerns them alone (a reward request approved
 * or declined), queued in the transaction of the change that causes it, so it is sent if and only if the change
 * commits, and once (its idempotency key). It goes on the person's first reachable channel, email or SMS, never a
 * team chat others read, and waits for their working hours outside quiet hours. With no reachable channel the
 * notice is not sent; the page it points to shows the news anyway.
 */
import { isOpenAt, nextOpenInstant } from '../../../core/delivery/calendar.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { type AuthService, type IdentitySchemas, listAudience } from '../identity/index.ts';
import { createChannelQueue } from './channel-queue.ts';
import { findChannelSettings } from './delivery.repository.ts';
import { noticeEmail, noticeSms } from './lesson-messages.ts';
import type { OutboxService } from './outbox.service.ts';
import { channelsFor, organisationCalendar, toRecipient } from './recipients.ts';

export interface PersonNoticeDeps {
  clock: Clock;
  outbox: Pick<OutboxService, 'queue' | 'queueEmail' | 'notify'>;
  auth: Pick<AuthService, 'createSignInUrl'>;
  publicUrl: string;
  secretKey: string;
}

export interface PersonNotice {
  orgId: string;
  personId: string;
  /** Unique per notice (e.g. `redemption:<id>:decided`): a key is sent once, however often it is queued. */
  idempotencyKey: string;
  /** The page the notice's button opens, signed in (e.g. `/learn/rewards`). */
  path: string;
  headline: string;
  lead: string;
  buttonLabel: string;
}

/** How long a notice's sign-in link works after the notice may be sent. */
const NOTICE_LINK_TTL_MS = 3 * 86_400_000;

export function createPersonNotifier(deps: PersonNoticeDeps) {
  const queueOnChannel = createChannelQueue(deps);
  return {
    /**
     * Queues a notice in `trx`, the transaction of the change it tells about (every read goes through it too, so
     * a single-connection database never waits on itself). Call `wake()` after it commits.
     * @param organisation the person's organisation, read before the transaction.
     * @returns the channel it will go on, or null when the person cannot be reached (or is not active).
     */
    async queue(trx: Db, notice: PersonNotice, organisation: IdentitySchemas.Organisation): Promise<'email' | 'sms' | null> {
      const [row] = await listAudience(trx, notice.orgId, { personIds: [notice.personId] });
      if (!row) return null;
      const settings = await findChannelSettings(trx, notice.orgId);
      const recipient = toRecipient(row, organisationCalendar(organisation));
      const channel = channelsFor(recipient, settings, null).find((c): c is 'email' | 'sms' => c !== 'chat');
      if (!channel) return null;
      const now = deps.clock.now();
      const sendAt = isOpenAt(recipient.calendar, now) ? now : (nextOpenInstant(recipient.calendar, now) ?? now);
      const input = { organisationName: organisation.name, person: { displayName: recipient.displayName }, headline: notice.headline, lead: notice.lead, buttonLabel: notice.buttonLabel };
      await queueOnChannel(
        trx,
        { orgId: notice.orgId, recipient, channel, idempotencyKey: notice.idempotencyKey, path: notice.path, linkTtlMs: sendAt.getTime() - now.getTime() + NOTICE_LINK_TTL_MS, settings, notBefore: sendAt },
        {
          email: (links) => noticeEmail({ ...input, to: recipient.email, url: links.url, unsubscribeUrl: links.unsubscribeUrl, oneClickUrl: links.oneClickUrl }),
          sms: (shortUrl) => noticeSms({ ...input, to: recipient.phone!, shortUrl }),
        },
      );
      return channel;
    },

    /** Tells the outbox worker there is something new (after the queuing transaction committed). */
    wake(): void {
      deps.outbox.notify();
    },
  };
}

export type PersonNotifier = ReturnType<typeof createPersonNotifier>;
