/**
 * The dispatcher: turns planned deliveries that have come due into the learner's inbox and outbox messages.
 *
 * **Guarantee.** A due delivery is settled once: in one transaction the delivery moves from `planned` to
 * `sent` (only one dispatcher can make that move), the learner is enrolled, and the message for the first
 * channel is queued in the outbox with the key `delivery:{id}:{channel}`. A crash before the commit leaves the
 * delivery planned (it goes at the next pass); after it, the outbox owns the message (see outbox.worker.ts).
 * When a channel gives up on it (dead), the next channel in the learner's fallback order is queued in the same
 * transaction that records the death. Nothing goes outside the learner's window unless the delivery is urgent:
 * a delivery that comes due while the window is closed (the server was down overnight) moves to its next opening.
 */
import type { Logger } from 'pino';
import { DateTime } from 'luxon';
import { isOpenAt, nextOpenInstant } from '../../../core/delivery/calendar.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { ContentService, ContentSchemas } from '../content/index.ts';
import { type AuthService, type IdentityService, listAudience } from '../identity/index.ts';
import { type LearningService, lessonsOf } from '../learning/index.ts';
import { createChannelQueue } from './channel-queue.ts';
import { type DeliveryRow, findCampaign, findChannelSettings, findDelivery, listCampaignCourses, listDueDeliveries, settleDelivery, deferDelivery } from './delivery.repository.ts';
import { lessonChat, lessonEmail, type LessonMessageInput, lessonSms } from './lesson-messages.ts';
import type { OutboxService } from './outbox.service.ts';
import type { OutboxMessageTable } from './outbox.table.ts';
import { channelsFor, type ExternalChannel, organisationCalendar, type Recipient, toRecipient } from './recipients.ts';

export interface DispatcherDeps {
  db: Db;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  outbox: OutboxService;
  identity: IdentityService;
  auth: Pick<AuthService, 'createSignInUrl'>;
  content: ContentService;
  learning: LearningService;
  publicUrl: string;
  secretKey: string;
}

type CourseVersion = ContentSchemas.CourseVersion;
type VersionLesson = CourseVersion['modules'][number]['lessons'][number];

/** How long the magic link in a lesson message works (it is single-use as well). */
const LESSON_LINK_TTL_MS = 7 * 24 * 3_600_000;

/** What one pass did. */
export interface DispatchPass {
  sent: number;
  skipped: number;
  deferred: number;
}

export function createDispatcher(deps: DispatcherDeps) {
  const { db, clock, logger } = deps;

  /**
   * Everything a pass needs about an organisation, loaded once per pass, with memos of the campaigns, their
   * courses and the course versions its deliveries play (a pass of 200 deliveries of one campaign reads them once).
   */
  async function organisationContext(orgId: string) {
    const org = await deps.identity.resolveOrganisation(orgId);
    return {
      org,
      calendar: organisationCalendar(org),
      settings: await findChannelSettings(db, orgId),
      memo: new Map<string, Promise<unknown>>(),
      /** Lesson completions of the pass's people, by person then lesson, read in one query (see prefetchCompletions). */
      completed: new Map<string, Map<string, string>>(),
    };
  }
  type OrgContext = Awaited<ReturnType<typeof organisationContext>>;

  /** `load()` once per key per pass. */
  function memoised<T>(context: OrgContext, key: string, load: () => Promise<T>): Promise<T> {
    let value = context.memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      context.memo.set(key, value);
    }
    return value;
  }
  const campaignOf = (context: OrgContext, delivery: DeliveryRow) =>
    delivery.campaign_id ? memoised(context, `campaign:${delivery.campaign_id}`, () => findCampaign(db, delivery.org_id, delivery.campaign_id!)) : Promise.resolve(undefined);
  const campaignCoursesOf = (context: OrgContext, orgId: string, campaignId: string) => memoised(context, `courses:${campaignId}`, () => listCampaignCourses(db, orgId, campaignId));
  const courseVersion = (context: OrgContext, orgId: string, courseId: string, version: number | 'latest') =>
    memoised(context, `version:${courseId}:${version}`, () => deps.content.findCourseVersion(orgId, courseId, version));

  async function recipientsOf(orgId: string, personIds: string[], orgCalendar: OrgContext['calendar']): Promise<Map<string, Recipient>> {
    const rows = await listAudience(db, orgId, { personIds });
    return new Map(rows.map((row) => [row.id, toRecipient(row, orgCalendar)]));
  }

  /** The course version a delivery plays: the campaign's fixed one, else the latest published. */
  async function versionFor(delivery: DeliveryRow, context: OrgContext): Promise<CourseVersion | undefined> {
    if (delivery.campaign_id) {
      const course = (await campaignCoursesOf(context, delivery.org_id, delivery.campaign_id)).find((c) => c.course_id === delivery.course_id);
      if (course?.course_version) return courseVersion(context, delivery.org_id, delivery.course_id, course.course_version);
    }
    return courseVersion(context, delivery.org_id, delivery.course_id, 'latest');
  }

  /** The lesson a reminder (or a rule without a lesson) points at: the first of the course(s) not completed. */
  async function firstUndone(delivery: DeliveryRow, version: CourseVersion, context: OrgContext): Promise<{ lesson: VersionLesson; version: CourseVersion } | null> {
    const courses: CourseVersion[] = [];
    if (delivery.kind === 'reminder' && delivery.campaign_id) {
      for (const course of await campaignCoursesOf(context, delivery.org_id, delivery.campaign_id)) {
        const found = await courseVersion(context, delivery.org_id, course.course_id, course.course_version ?? 'latest');
        if (found) courses.push(found);
      }
    } else courses.push(version);
    const all = courses.flatMap((course) => lessonsOf(course).map((lesson) => ({ lesson, version: course })));
    const done = (await deps.learning.completions(delivery.org_id, [delivery.person_id], all.map((entry) => entry.lesson.lessonId))).get(delivery.person_id);
    return all.find((entry) => !done?.has(entry.lesson.lessonId)) ?? null;
  }

  const queueOnChannel = createChannelQueue(deps);

  /** Renders and queues the message of one delivery on one channel, in `trx`. */
  function queueOn(trx: Db, channel: ExternalChannel, delivery: DeliveryRow, recipient: Recipient, context: OrgContext, message: LessonMessageInput, lessonPath: string): Promise<void> {
    return queueOnChannel(trx, { orgId: delivery.org_id, recipient, channel, idempotencyKey: `delivery:${delivery.id}:${channel}`, path: lessonPath, linkTtlMs: LESSON_LINK_TTL_MS, settings: context.settings }, {
      email: (links) => lessonEmail({ ...message, to: recipient.email, lessonUrl: links.url, unsubscribeUrl: links.unsubscribeUrl, oneClickUrl: links.oneClickUrl }),
      sms: (shortUrl) => lessonSms({ ...message, to: recipient.phone!, shortUrl }),
      chat: (target) => lessonChat({ ...message, flavour: target.flavour, webhookUrl: target.webhookUrl, mention: recipient.chatHandle, lessonUrl: target.url }),
    });
  }

  /** What the message says, from the delivery, its lesson and (for campaigns) the campaign's name and deadline. */
  async function messageInput(delivery: DeliveryRow, lesson: VersionLesson, version: CourseVersion, recipient: Recipient, context: OrgContext): Promise<LessonMessageInput> {
    const campaign = await campaignOf(context, delivery);
    const deadline = campaign?.deadline_at ? DateTime.fromISO(campaign.deadline_at, { zone: recipient.calendar.timeZone }).setLocale(context.org.locale).toFormat('cccc d LLLL, HH:mm') : null;
    return {
      organisationName: context.org.name,
      person: { displayName: recipient.displayName },
      kind: delivery.kind,
      lesson: { title: lesson.title, coreQuestion: lesson.coreQuestion, estimatedSeconds: lesson.estimatedSeconds },
      courseTitle: version.title,
      campaignName: campaign?.name ?? null,
      deadline,
    };
  }

  const lessonPathOf = (courseId: string, lessonId: string) => `/learn/courses/${courseId}/lessons/${lessonId}`;

  async function skip(delivery: DeliveryRow, reason: string): Promise<'skipped'> {
    await settleDelivery(db, delivery.id, { status: 'skipped', at: clock.now().toISOString(), outcome: reason, channels: null });
    return 'skipped';
  }

  async function dispatchOne(delivery: DeliveryRow, recipient: Recipient | undefined, context: OrgContext): Promise<keyof DispatchPass> {
    const now = clock.now();
    if (!recipient) return skip(delivery, 'person_inactive');
    if (!delivery.urgent && !isOpenAt(recipient.calendar, now)) {
      const next = nextOpenInstant(recipient.calendar, now);
      // A calendar that never opens cannot hold the delivery back for ever: it goes now (the plan reported it).
      if (next) {
        await deferDelivery(db, delivery.id, next.toISOString());
        return 'deferred';
      }
    }
    const version = await versionFor(delivery, context);
    if (!version) return skip(delivery, 'course_unavailable');
    let target: { lesson: VersionLesson; version: CourseVersion } | null;
    if (delivery.kind === 'reminder' || !delivery.lesson_id) {
      target = await firstUndone(delivery, version, context);
      if (!target) return skip(delivery, 'completed');
    } else {
      const lesson = lessonsOf(version).find((l) => l.lessonId === delivery.lesson_id);
      if (!lesson) return skip(delivery, 'lesson_unavailable');
      target = { lesson, version };
      if (delivery.kind === 'lesson' && context.completed.get(delivery.person_id)?.has(lesson.lessonId)) {
        return skip(delivery, 'already_completed');
      }
    }
    const channels = channelsFor(recipient, context.settings, delivery.channel);
    const message = await messageInput(delivery, target.lesson, target.version, recipient, context);
    const campaign = await campaignOf(context, delivery);
    const settled = await db.transaction().execute(async (trx) => {
      const outcome = delivery.lesson_id ? null : `lesson:${target.lesson.lessonId}`;
      if (!(await settleDelivery(trx, delivery.id, { status: 'sent', at: now.toISOString(), outcome, channels }))) return false;
      await deps.learning.ensureEnrolment(trx, { orgId: delivery.org_id, personId: delivery.person_id, courseId: target.version.courseId, version: target.version.version, dueAt: campaign?.deadline_at ?? null, assignedBy: campaign?.created_by ?? null });
      if (channels[0]) await queueOn(trx, channels[0], delivery, recipient, context, message, lessonPathOf(target.version.courseId, target.lesson.lessonId));
      return true;
    });
    return settled ? 'sent' : 'skipped';
  }

  return {
    /**
     * Dispatches what has come due (a background job runs it every few seconds; tests call it with a fake
     * clock). Deliveries of paused campaigns wait.
     */
    async dispatchDue(limit = 200): Promise<DispatchPass> {
      const pass: DispatchPass = { sent: 0, skipped: 0, deferred: 0 };
      const due = await listDueDeliveries(db, clock.now().toISOString(), limit);
      const byOrg = new Map<string, DeliveryRow[]>();
      for (const delivery of due) byOrg.set(delivery.org_id, [...(byOrg.get(delivery.org_id) ?? []), delivery]);
      for (const [orgId, deliveries] of byOrg) {
        const context = await organisationContext(orgId);
        const recipients = await recipientsOf(orgId, [...new Set(deliveries.map((d) => d.person_id))], context.calendar);
        // Lessons already done are skipped: one query for the whole pass.
        const lessonDeliveries = deliveries.filter((d) => d.kind === 'lesson' && d.lesson_id);
        if (lessonDeliveries.length > 0) {
          context.completed = await deps.learning.completions(orgId, [...new Set(lessonDeliveries.map((d) => d.person_id))], [...new Set(lessonDeliveries.map((d) => d.lesson_id!))]);
        }
        for (const delivery of deliveries) {
          try {
            pass[await dispatchOne(delivery, recipients.get(delivery.person_id), context)] += 1;
          } catch (error) {
            // One broken delivery must not hold up the others; it stays planned and is tried at the next pass.
            logger.error({ err: error, deliveryId: delivery.id }, 'dispatcher: a delivery failed');
          }
        }
      }
      if (pass.sent > 0) deps.outbox.notify();
      return pass;
    },

    /**
     * The outbox worker asks this when a message is about to die: for a delivery's message, the work that
     * queues the delivery on the next channel of the learner's fallback order (run in the transaction that
     * records the death), or null when there is no next channel.
     */
    async fallbackFor(message: Pick<OutboxMessageTable, 'org_id' | 'idempotency_key'>): Promise<((trx: Db) => Promise<void>) | null> {
      const match = /^delivery:([^:]+):(email|sms|chat)$/.exec(message.idempotency_key);
      if (!match) return null;
      const delivery = await findDelivery(db, message.org_id, match[1]!);
      if (!delivery || delivery.status !== 'sent') return null;
      const used = JSON.parse(delivery.channels_used ?? '[]') as ExternalChannel[];
      const next = used[used.indexOf(match[2] as ExternalChannel) + 1];
      if (!next) return null;
      const context = await organisationContext(delivery.org_id);
      const recipient = (await recipientsOf(delivery.org_id, [delivery.person_id], context.calendar)).get(delivery.person_id);
      const version = await versionFor(delivery, context);
      const lessonId = delivery.lesson_id ?? delivery.outcome?.replace(/^lesson:/, '');
      const lesson = version && lessonsOf(version).find((l) => l.lessonId === lessonId);
      if (!recipient || !version || !lesson) return null;
      const input = await messageInput(delivery, lesson, version, recipient, context);
      return async (trx) => {
        await queueOn(trx, next, delivery, recipient, context, input, lessonPathOf(version.courseId, lesson.lessonId));
        logger.info({ deliveryId: delivery.id, from: match[2], to: next }, 'dispatcher: falling back to the next channel');
      };
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
