/**
 * The daily boost nudge: once a working day, half an hour after a person's work starts (their zone, their
 * hours, outside quiet hours; see core/delivery/boost-nudge.ts), someone with review items due gets a short
 * message on their first reachable channel linking to their boost. Organisations turn it off in the channel
 * settings. The in-app Today page shows the boost anyway; this brings people to it.
 *
 * **Once a day.** The message's idempotency key is `boost:{personId}:{local date}`: the outbox queues a key
 * once, so running the job every few minutes (or on several workers) nudges each person at most once a day.
 * A nudge whose channel gives up is not moved to another channel (it is not worth a second message).
 */
import type { Logger } from 'pino';
import { boostNudgeDueOn } from '../../../core/delivery/boost-nudge.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { type AuthService, type IdentityService, listAudience } from '../identity/index.ts';
import type { LearningService } from '../learning/index.ts';
import { findChannelSettings } from './delivery.repository.ts';
import { createChannelQueue } from './channel-queue.ts';
import { boostChat, boostEmail, type BoostNudgeInput, boostSms } from './lesson-messages.ts';
import type { OutboxService } from './outbox.service.ts';
import { channelsFor, organisationCalendar, toRecipient } from './recipients.ts';

export interface BoostNudgeDeps {
  db: Db;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
  outbox: OutboxService;
  identity: Pick<IdentityService, 'resolveOrganisation'>;
  auth: Pick<AuthService, 'createSignInUrl'>;
  learning: Pick<LearningService, 'dueReviewCounts'>;
  publicUrl: string;
  secretKey: string;
  /** How many questions a boost asks (the learner app's default). */
  boostSize?: number;
}

/** How long the magic link in a nudge works: the working day it is for. */
const BOOST_LINK_TTL_MS = 24 * 3_600_000;

export function createBoostNudger(deps: BoostNudgeDeps) {
  const { db, clock, logger } = deps;
  const boostSize = deps.boostSize ?? 3;
  const queueOnChannel = createChannelQueue(deps);

  return {
    /** Queues today's nudge for everyone whose moment it is and who has not had it. @returns how many were queued. */
    async nudgeDue(): Promise<{ queued: number }> {
      const now = clock.now();
      let queued = 0;
      for (const [orgId, dueByPerson] of await deps.learning.dueReviewCounts()) {
        try {
          const settings = await findChannelSettings(db, orgId);
          if (settings && settings.boost_nudges !== 1) continue;
          const org = await deps.identity.resolveOrganisation(orgId);
          const orgCalendar = organisationCalendar(org);
          for (const row of await listAudience(db, orgId, { personIds: [...dueByPerson.keys()] })) {
            const recipient = toRecipient(row, orgCalendar);
            const day = boostNudgeDueOn(recipient.calendar, now);
            const channel = day ? channelsFor(recipient, settings, null)[0] : undefined;
            if (!day || !channel) continue;
            const input: BoostNudgeInput = { organisationName: org.name, person: { displayName: recipient.displayName }, dueCount: dueByPerson.get(row.id) ?? 0, boostSize };
            const idempotencyKey = `boost:${row.id}:${day}`;
            const isNew = await db.transaction().execute(async (trx) => {
              // Checked first so that the job, running every few minutes, does not make a sign-in link each time.
              if (await deps.outbox.hasKey(trx, orgId, idempotencyKey)) return false;
              await queueOnChannel(trx, { orgId, recipient, channel, idempotencyKey, path: '/learn/boost', linkTtlMs: BOOST_LINK_TTL_MS, settings }, {
                email: (links) => boostEmail({ ...input, to: recipient.email, boostUrl: links.url, unsubscribeUrl: links.unsubscribeUrl, oneClickUrl: links.oneClickUrl }),
                sms: (shortUrl) => boostSms({ ...input, to: recipient.phone!, shortUrl }),
                chat: (target) => boostChat({ ...input, flavour: target.flavour, webhookUrl: target.webhookUrl, mention: recipient.chatHandle, boostUrl: target.url }),
              });
              return true;
            });
            if (isNew) queued += 1;
          }
        } catch (error) {
          // One organisation's trouble must not stop the others' nudges; the next run tries again.
          logger.error({ err: error, orgId }, 'boost nudges: an organisation failed');
        }
      }
      if (queued > 0) deps.outbox.notify();
      return { queued };
    },
  };
}

export type BoostNudger = ReturnType<typeof createBoostNudger>;
