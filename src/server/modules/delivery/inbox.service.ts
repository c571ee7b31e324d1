/**
 * The learner's side of delivery: the in-app inbox (every lesson delivered to them, whatever the channel), and
 * unsubscribing from lesson emails with the link every lesson email carries. Also the organisation's channel
 * settings (chat webhook, SMS provider), which admins manage.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ContentService } from '../content/index.ts';
import { type Actor, requirePerson, requireRole } from '../identity/index.ts';
import type { LearningService } from '../learning/index.ts';
import * as repo from './delivery.repository.ts';
import { unsubscribeToken } from './channel-queue.ts';
import type { ChannelSettings, ChannelSettingsPatch, InboxItem } from './inbox.schemas.ts';

export interface InboxDeps {
  db: Db;
  clock: Clock;
  content: ContentService;
  learning: LearningService;
  secretKey: string;
  /** Checks an outbound webhook or provider URL (url-guard.ts); returns a message when it is refused. */
  checkUrl: (url: string) => Promise<string | null>;
}

function toSettings(row: repo.ChannelSettingsRow | undefined): ChannelSettings {
  return {
    chatFlavour: row?.chat_flavour ?? 'slack',
    chatWebhookUrl: row?.chat_webhook_url ?? null,
    sms: row?.sms_base_url
      ? { baseUrl: row.sms_base_url, accountSid: row.sms_account_sid ?? '', from: row.sms_from ?? '', hasAuthToken: Boolean(row.sms_auth_token) }
      : null,
    boostNudges: (row?.boost_nudges ?? 1) === 1,
    updatedAt: row?.updated_at ?? null,
  };
}

export function createInboxService(deps: InboxDeps) {
  const { db, clock } = deps;
  return {
    /** What was delivered to the learner, newest first, with whether each lesson is done. */
    async inbox(actor: Actor, limit = 30): Promise<{ items: InboxItem[]; unread: number }> {
      const person = requirePerson(actor);
      const rows = await repo.listInbox(db, person.orgId, person.personId, limit);
      const lessonIdOf = (row: repo.DeliveryRow) => row.lesson_id ?? row.outcome?.replace(/^lesson:/, '') ?? null;
      const done = (await deps.learning.completions(person.orgId, [person.personId], rows.flatMap((r) => lessonIdOf(r) ?? []))).get(person.personId);
      const items: InboxItem[] = [];
      for (const row of rows) {
        const lessonId = lessonIdOf(row);
        const version = await deps.content.findCourseVersion(person.orgId, row.course_id, 'latest');
        const lesson = version?.modules.flatMap((m) => m.lessons).find((l) => l.lessonId === lessonId);
        if (!version || !lesson || !lessonId) continue;
        items.push({
          id: row.id,
          kind: row.kind,
          courseId: row.course_id,
          courseTitle: version.title,
          lessonId,
          title: lesson.title,
          coreQuestion: lesson.coreQuestion,
          estimatedSeconds: lesson.estimatedSeconds,
          sentAt: row.sent_at ?? row.send_at,
          readAt: row.read_at,
          completed: done?.has(lessonId) ?? false,
        });
      }
      return { items, unread: items.filter((item) => !item.readAt && !item.completed).length };
    },

    /** Marks an inbox item as opened. @throws NotFoundError when it is not the learner's. */
    async markRead(actor: Actor, id: string): Promise<void> {
      const person = requirePerson(actor);
      const row = await repo.findDelivery(db, person.orgId, id);
      if (!row || row.person_id !== person.personId || row.status !== 'sent') throw new NotFoundError('inbox item', id);
      await repo.markDeliveryRead(db, person.orgId, person.personId, id, clock.now().toISOString());
    },

    /**
     * Stops lesson emails for the person the token names (the one-click `List-Unsubscribe-Post` and the page the
     * email links to). Idempotent. Sign-in emails still go: they are asked for.
     * @throws AppError unsubscribe_invalid when the token is not one Morsel signed.
     */
    async unsubscribe(token: string): Promise<{ email: string }> {
      const [orgId, personId] = token.split('.');
      const expected = orgId && personId ? unsubscribeToken(deps.secretKey, orgId, personId) : '';
      const isValid = expected.length > 0 && expected.length === token.length && timingSafeEqual(Buffer.from(expected), Buffer.from(token));
      const person = isValid ? await db.selectFrom('person').select(['email', 'email_opt_out_at']).where('org_id', '=', orgId!).where('id', '=', personId!).executeTakeFirst() : undefined;
      if (!person) throw new AppError('unsubscribe_invalid', 'This unsubscribe link is not valid. Open it again from the email, or change your channels in your profile.');
      if (!person.email_opt_out_at) await db.updateTable('person').set({ email_opt_out_at: clock.now().toISOString() }).where('org_id', '=', orgId!).where('id', '=', personId!).execute();
      return { email: person.email };
    },

    /** Lesson emails again (from the learner's profile). */
    async resubscribe(actor: Actor): Promise<void> {
      const person = requirePerson(actor);
      await db.updateTable('person').set({ email_opt_out_at: null }).where('org_id', '=', person.orgId).where('id', '=', person.personId).execute();
    },

    async getChannelSettings(actor: Actor): Promise<ChannelSettings> {
      requireRole(actor, ['admin']);
      return toSettings(await repo.findChannelSettings(db, actor.orgId));
    },

    /**
     * Changes the chat webhook and SMS provider. URLs are checked against server-side request forgery. The SMS
     * auth token is write-only: absent keeps the stored one.
     * @throws AppError unsafe_url when a URL points somewhere Morsel refuses to call.
     */
    async updateChannelSettings(actor: Actor, patch: ChannelSettingsPatch): Promise<ChannelSettings> {
      requireRole(actor, ['admin']);
      const current = await repo.findChannelSettings(db, actor.orgId);
      for (const [field, url] of [['chatWebhookUrl', patch.chatWebhookUrl], ['sms.baseUrl', patch.sms?.baseUrl]] as const) {
        const problem = url ? await deps.checkUrl(url) : null;
        if (problem) throw new AppError('unsafe_url', problem, { field });
      }
      if (patch.sms && !patch.sms.authToken && !current?.sms_auth_token) throw new ValidationError('Enter the SMS provider’s auth token.', { field: 'sms.authToken' });
      const sms = patch.sms === undefined ? undefined : patch.sms;
      await repo.upsertChannelSettings(db, {
        org_id: actor.orgId,
        chat_flavour: patch.chatFlavour ?? current?.chat_flavour ?? 'slack',
        chat_webhook_url: patch.chatWebhookUrl === undefined ? (current?.chat_webhook_url ?? null) : patch.chatWebhookUrl,
        sms_base_url: sms === undefined ? (current?.sms_base_url ?? null) : (sms?.baseUrl ?? null),
        sms_account_sid: sms === undefined ? (current?.sms_account_sid ?? null) : (sms?.accountSid ?? null),
        sms_auth_token: sms === undefined ? (current?.sms_auth_token ?? null) : sms === null ? null : (sms.authToken ?? current?.sms_auth_token ?? null),
        sms_from: sms === undefined ? (current?.sms_from ?? null) : (sms?.from ?? null),
        boost_nudges: patch.boostNudges === undefined ? (current?.boost_nudges ?? 1) : patch.boostNudges ? 1 : 0,
        updated_at: clock.now().toISOString(),
      });
      return toSettings(await repo.findChannelSettings(db, actor.orgId));
    },

    /** The SMS provider of an organisation, for the SMS channel (null when it has none). */
    async smsProviderOf(orgId: string) {
      const row = await repo.findChannelSettings(db, orgId);
      if (!row?.sms_base_url || !row.sms_account_sid || !row.sms_auth_token || !row.sms_from) return null;
      return { baseUrl: row.sms_base_url, accountSid: row.sms_account_sid, authToken: row.sms_auth_token, from: row.sms_from };
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
