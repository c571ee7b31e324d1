/**
 * Just-in-time triggers: rules (an event type and conditions → a lesson or course, a channel, a delay, a
 * cool-down, urgency), the events integrations post, and the completion gate an external system asks before
 * letting a person make a decision.
 *
 * An event is recorded with the deliveries it plans in one transaction; the dispatcher sends them when due.
 * **Idempotency.** The same key twice in an organisation is one event: the unique constraint on
 * `trigger_event (org_id, idempotency_key)` decides between concurrent calls, and the loser answers the
 * winner's stored result (`duplicate: true`). Nothing is planned outside that transaction, so a rolled-back
 * loser leaves nothing behind.
 */
import { DateTime, Duration } from 'luxon';
import { type Calendar, nextOpenInstant } from '../../../core/delivery/calendar.ts';
import { conditionAttributesOf, describeCondition, describeSeconds, firstUnmetCondition, type TriggerCondition as CoreCondition } from '../../../core/delivery/trigger-conditions.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/db-errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';
import { type Actor, type AudienceRow, hasRole, type IdentityService, listAudience, requireRole, systemActor } from '../identity/index.ts';
import { type LearningService, lessonsOf } from '../learning/index.ts';
import { findRecentTriggerDelivery, insertDeliveries } from './delivery.repository.ts';
import type { DeliveryTable } from './delivery.table.ts';
import { organisationCalendar, toRecipient } from './recipients.ts';
import * as repo from './trigger.repository.ts';
import {
  type Completion,
  type EventBody,
  type EventResult,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_SKEW_MS,
  type PersonReference,
  type ScheduledDelivery,
  type SkippedRule,
  type TriggerCondition,
  type TriggerEvent,
  type TriggerRule,
  type TriggerRuleCreate,
  type TriggerRulePatch,
} from './trigger.schemas.ts';

export interface TriggerDeps {
  db: Db;
  clock: Clock;
  identity: Pick<IdentityService, 'resolveOrganisation' | 'getPerson'>;
  content: Pick<ContentService, 'isCourseOpen' | 'findCourseVersion' | 'getLesson'>;
  learning: Pick<LearningService, 'completions'>;
  /** Called after an event planned deliveries (the dispatcher looks at once: an urgent one may be due now). */
  onPlanned?: () => void;
}

type CourseVersion = ContentSchemas.CourseVersion;

/** What `trigger_event.result` holds: the answer given, with the person as the event named them. */
interface StoredResult {
  reference: PersonReference;
  personId: string | null;
  scheduled: ScheduledDelivery[];
  skipped: SkippedRule[];
}

/** A rule's decision before the transaction: skip it, or plan a delivery (subject to the cool-down). */
type Decision =
  | { rule: repo.TriggerRuleRow; skip: SkippedRule }
  | { rule: repo.TriggerRuleRow; plan: { personId: string; courseId: string; lessonId: string | null; sendAt: Date } };

/** The person reference as compared and stored: email lower-cased, both trimmed. */
function normaliseReference(reference: PersonReference): PersonReference {
  return 'email' in reference ? { email: reference.email.trim().toLowerCase() } : { externalId: reference.externalId.trim() };
}

const describeReference = (reference: PersonReference) => ('email' in reference ? `email ${reference.email}` : `external id ${reference.externalId}`);

/**
 * When a rule's delivery goes: the event's time plus the delay, never before now; unless urgent, moved to the
 * next instant the person's window is open (a calendar that never opens leaves it: the dispatcher sends it).
 */
export function triggerSendTime(input: { occurredAt: Date; delaySeconds: number; urgent: boolean; calendar: Calendar; now: Date }): Date {
  const due = new Date(Math.max(input.occurredAt.getTime() + input.delaySeconds * 1000, input.now.getTime()));
  return input.urgent ? due : (nextOpenInstant(input.calendar, due) ?? due);
}

function toRule(row: repo.TriggerRuleRow, version: CourseVersion | undefined): TriggerRule {
  return {
    id: row.id,
    name: row.name,
    eventType: row.event_type,
    conditions: JSON.parse(row.conditions) as TriggerCondition[],
    courseId: row.course_id,
    courseTitle: version?.title ?? null,
    lessonId: row.lesson_id,
    lessonTitle: (row.lesson_id && version && lessonsOf(version).find((l) => l.lessonId === row.lesson_id)?.title) || null,
    channel: row.channel,
    delaySeconds: row.delay_seconds,
    cooldownSeconds: row.cooldown_seconds,
    urgent: row.urgent === 1,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createTriggerService(deps: TriggerDeps) {
  const { db, clock } = deps;

  /** The latest published version of each course, or undefined when it is not open to learners. */
  async function openVersions(orgId: string, courseIds: Iterable<string>): Promise<Map<string, CourseVersion | undefined>> {
    const versions = new Map<string, CourseVersion | undefined>();
    for (const courseId of new Set(courseIds)) {
      versions.set(courseId, (await deps.content.isCourseOpen(orgId, courseId)) ? await deps.content.findCourseVersion(orgId, courseId, 'latest') : undefined);
    }
    return versions;
  }

  /**
   * A rule's course must be published and its lesson (if any) part of the latest version.
   * @throws AppError course_not_published; ValidationError when the lesson is not in the course.
   */
  async function assertTarget(orgId: string, courseId: string, lessonId: string | null): Promise<void> {
    const version = (await openVersions(orgId, [courseId])).get(courseId);
    if (!version) throw new AppError('course_not_published', `Course ${courseId} is not published (or does not exist). Publish it before a rule sends it.`, { courseId });
    if (lessonId && !lessonsOf(version).some((l) => l.lessonId === lessonId)) {
      const message = 'is not a lesson of the course’s latest published version';
      throw new ValidationError(`The lesson ${message}.`, { issues: [{ field: 'body.lessonId', message }] });
    }
  }

  async function getRuleRow(orgId: string, id: string): Promise<repo.TriggerRuleRow> {
    const row = await repo.findTriggerRule(db, orgId, id);
    if (!row) throw new NotFoundError('trigger rule', id);
    return row;
  }

  async function present(orgId: string, rows: readonly repo.TriggerRuleRow[]): Promise<TriggerRule[]> {
    const versions = await openVersions(orgId, rows.map((row) => row.course_id));
    return rows.map((row) => toRule(row, versions.get(row.course_id)));
  }

  async function presentOne(orgId: string, id: string): Promise<TriggerRule> {
    return (await present(orgId, [await getRuleRow(orgId, id)]))[0]!;
  }

  /**
   * The stored answer to a key seen before.
   * @throws AppError conflict when the key was used for a different event (another type or person).
   */
  function replay(row: repo.TriggerEventRow, type: string, reference: PersonReference): EventResult {
    const stored = JSON.parse(row.result) as StoredResult;
    if (row.type !== type || JSON.stringify(stored.reference) !== JSON.stringify(reference)) {
      throw new AppError(
        'conflict',
        `The idempotency key was already used for another event (${row.type} for ${describeReference(stored.reference)}). Use a new key for each event; repeat a key only to retry the same event.`,
        { eventId: row.id },
      );
    }
    return { eventId: row.id, duplicate: true, personId: stored.personId, scheduled: stored.scheduled, skipped: stored.skipped };
  }

  /** Decides, rule by rule, before the transaction (reads of other modules cannot run inside it on SQLite). */
  async function decide(orgId: string, body: EventBody, occurredAt: Date, now: Date, rules: readonly repo.TriggerRuleRow[], person: { ids: string[]; row: AudienceRow | undefined }): Promise<Decision[]> {
    const skip = (rule: repo.TriggerRuleRow, reason: SkippedRule['reason'], message: string): Decision => ({ rule, skip: { ruleId: rule.id, ruleName: rule.name, reason, message } });
    const { row } = person;
    if (!row) {
      const [reason, message] =
        person.ids.length > 1
          ? (['person_ambiguous', 'Several active people have this external id; send their email instead.'] as const)
          : (['person_unknown', 'No active person in this organisation has this email or external id.'] as const);
      return rules.map((rule) => skip(rule, reason, message));
    }
    const calendar = toRecipient(row, organisationCalendar(await deps.identity.resolveOrganisation(orgId))).calendar;
    const attributes = conditionAttributesOf(body.attributes, row.attributes);
    const unmetOf = new Map(rules.map((rule) => [rule.id, firstUnmetCondition(JSON.parse(rule.conditions) as CoreCondition[], attributes)]));
    const matching = rules.filter((rule) => !unmetOf.get(rule.id));
    const versions = await openVersions(orgId, matching.map((rule) => rule.course_id));
    // Rules without a lesson skip a course the person has finished: one look-up for all of them.
    const wholeCourses = matching.filter((rule) => !rule.lesson_id).flatMap((rule) => versions.get(rule.course_id) ?? []);
    const done = wholeCourses.length > 0 ? ((await deps.learning.completions(orgId, [row.id], wholeCourses.flatMap((v) => lessonsOf(v).map((l) => l.lessonId)))).get(row.id) ?? new Map<string, string>()) : new Map<string, string>();

    return rules.map((rule): Decision => {
      const unmet = unmetOf.get(rule.id);
      if (unmet) return skip(rule, 'conditions_not_met', `Condition not met: ${describeCondition(unmet)}.`);
      const version = versions.get(rule.course_id);
      if (!version) return skip(rule, 'course_unavailable', `Course ${rule.course_id} is no longer published.`);
      if (rule.lesson_id && !lessonsOf(version).some((l) => l.lessonId === rule.lesson_id)) return skip(rule, 'lesson_unavailable', `Lesson ${rule.lesson_id} is no longer part of the course “${version.title}”.`);
      if (!rule.lesson_id && lessonsOf(version).every((l) => done.has(l.lessonId))) return skip(rule, 'course_completed', `The person has completed every lesson of “${version.title}”.`);
      const sendAt = triggerSendTime({ occurredAt, delaySeconds: rule.delay_seconds, urgent: rule.urgent === 1, calendar, now });
      return { rule, plan: { personId: row.id, courseId: rule.course_id, lessonId: rule.lesson_id, sendAt } };
    });
  }

  /** Plans the deliveries in `trx`, checking each cool-down there (so rules of one event see each other's). */
  async function write(trx: Db, orgId: string, eventId: string, decisions: readonly Decision[], now: Date): Promise<Pick<StoredResult, 'scheduled' | 'skipped'>> {
    const scheduled: ScheduledDelivery[] = [];
    const skipped: SkippedRule[] = [];
    for (const decision of decisions) {
      const { rule } = decision;
      if ('skip' in decision) {
        skipped.push(decision.skip);
        continue;
      }
      const { plan } = decision;
      if (rule.cooldown_seconds > 0) {
        const since = new Date(plan.sendAt.getTime() - rule.cooldown_seconds * 1000).toISOString();
        const recent = await findRecentTriggerDelivery(trx, orgId, plan.personId, { courseId: plan.courseId, lessonId: plan.lessonId }, since);
        if (recent) {
          const what = plan.lessonId ? 'This lesson' : 'This course';
          skipped.push({
            ruleId: rule.id,
            ruleName: rule.name,
            reason: 'cool_down',
            message: `${what} was already ${recent.status === 'sent' ? 'sent' : 'planned'} for this person at ${recent.send_at}, within the rule’s cool-down of ${describeSeconds(rule.cooldown_seconds)}.`,
          });
          continue;
        }
      }
      const row: DeliveryTable = {
        id: newId(),
        org_id: orgId,
        person_id: plan.personId,
        kind: 'trigger',
        dedupe_key: `trigger:${eventId}:${rule.id}`,
        campaign_id: null,
        rule_id: rule.id,
        event_id: eventId,
        course_id: plan.courseId,
        lesson_id: plan.lessonId,
        sequence: 0,
        send_at: plan.sendAt.toISOString(),
        urgent: rule.urgent,
        channel: rule.channel,
        status: 'planned',
        outcome: null,
        channels_used: null,
        sent_at: null,
        read_at: null,
        created_at: now.toISOString(),
      };
      await insertDeliveries(trx, [row]);
      scheduled.push({ ruleId: rule.id, ruleName: rule.name, deliveryId: row.id, courseId: row.course_id, lessonId: row.lesson_id, channel: row.channel, sendAt: row.send_at, urgent: rule.urgent === 1 });
    }
    return { scheduled, skipped };
  }

  return {
    /** Every trigger rule of the organisation, oldest first. @throws ForbiddenError unless admin. */
    async listRules(actor: Actor): Promise<TriggerRule[]> {
      requireRole(actor, ['admin']);
      return present(actor.orgId, await repo.listTriggerRules(db, actor.orgId));
    },

    /** @throws NotFoundError when the rule is not in the actor's organisation. */
    async getRule(actor: Actor, id: string): Promise<TriggerRule> {
      requireRole(actor, ['admin']);
      return presentOne(actor.orgId, id);
    },

    /**
     * Creates a rule. Event types are stored lower-cased (events match without case).
     * @throws AppError course_not_published; ValidationError when the lesson is not in the course.
     */
    async createRule(actor: Actor, input: TriggerRuleCreate): Promise<TriggerRule> {
      requireRole(actor, ['admin']);
      await assertTarget(actor.orgId, input.courseId, input.lessonId);
      const at = clock.now().toISOString();
      const id = newId();
      await repo.insertTriggerRule(db, {
        id,
        org_id: actor.orgId,
        name: input.name,
        event_type: input.eventType.toLowerCase(),
        conditions: JSON.stringify(input.conditions),
        course_id: input.courseId,
        lesson_id: input.lessonId,
        channel: input.channel,
        delay_seconds: input.delaySeconds,
        cooldown_seconds: input.cooldownSeconds,
        urgent: input.urgent ? 1 : 0,
        active: input.active ? 1 : 0,
        created_at: at,
        updated_at: at,
      });
      return presentOne(actor.orgId, id);
    },

    /**
     * Changes a rule; a new course or lesson is checked as on creation. Deliveries already planned keep theirs.
     * @throws NotFoundError; AppError course_not_published; ValidationError when the lesson is not in the course.
     */
    async updateRule(actor: Actor, id: string, patch: TriggerRulePatch): Promise<TriggerRule> {
      requireRole(actor, ['admin']);
      const row = await getRuleRow(actor.orgId, id);
      if (patch.courseId !== undefined || patch.lessonId !== undefined) {
        await assertTarget(actor.orgId, patch.courseId ?? row.course_id, patch.lessonId === undefined ? row.lesson_id : patch.lessonId);
      }
      await repo.updateTriggerRule(db, actor.orgId, id, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.eventType !== undefined && { event_type: patch.eventType.toLowerCase() }),
        ...(patch.conditions !== undefined && { conditions: JSON.stringify(patch.conditions) }),
        ...(patch.courseId !== undefined && { course_id: patch.courseId }),
        ...(patch.lessonId !== undefined && { lesson_id: patch.lessonId }),
        ...(patch.channel !== undefined && { channel: patch.channel }),
        ...(patch.delaySeconds !== undefined && { delay_seconds: patch.delaySeconds }),
        ...(patch.cooldownSeconds !== undefined && { cooldown_seconds: patch.cooldownSeconds }),
        ...(patch.urgent !== undefined && { urgent: patch.urgent ? 1 : 0 }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        updated_at: clock.now().toISOString(),
      });
      return presentOne(actor.orgId, id);
    },

    /**
     * Deletes a rule and cancels its deliveries that have not gone yet (to keep them, deactivate it instead).
     * @throws NotFoundError when the rule is not in the actor's organisation.
     */
    async deleteRule(actor: Actor, id: string): Promise<void> {
      requireRole(actor, ['admin']);
      const deleted = await db.transaction().execute(async (trx) => {
        await repo.cancelPlannedRuleDeliveries(trx, actor.orgId, id);
        return repo.deleteTriggerRule(trx, actor.orgId, id);
      });
      if (!deleted) throw new NotFoundError('trigger rule', id);
    },

    /**
     * Records a business event and plans what its rules choose. An unknown person is recorded too (every rule
     * of the type is skipped as `person_unknown`), so a webhook does not retry for ever.
     * @throws ForbiddenError unless an admin or a token with events:write.
     * @throws ValidationError when occurredAt is more than 7 days ago or more than 5 minutes ahead.
     * @throws AppError conflict when the idempotency key was used for a different event.
     */
    async receiveEvent(actor: Actor, body: EventBody): Promise<EventResult> {
      requireRole(actor, ['admin'], 'events:write');
      const { orgId } = actor;
      const now = clock.now();
      const occurredAt = body.occurredAt ? new Date(body.occurredAt) : now;
      if (occurredAt.getTime() < now.getTime() - MAX_EVENT_AGE_MS || occurredAt.getTime() > now.getTime() + MAX_EVENT_SKEW_MS) {
        const message = `must be within the last 7 days and at most 5 minutes ahead of the server’s clock (now ${now.toISOString()})`;
        throw new ValidationError(`occurredAt ${message}.`, { issues: [{ field: 'body.occurredAt', message }] });
      }
      const type = body.type.toLowerCase();
      const reference = normaliseReference(body.person);
      const seen = await repo.findTriggerEventByKey(db, orgId, body.idempotencyKey);
      if (seen) return replay(seen, type, reference);

      const ids = await repo.findActivePersonIds(db, orgId, reference);
      const row = ids.length === 1 ? (await listAudience(db, orgId, { personIds: ids }))[0] : undefined;
      const rules = await repo.listActiveTriggerRules(db, orgId, type);
      const decisions = await decide(orgId, body, occurredAt, now, rules, { ids, row });
      const eventId = newId();
      let stored: StoredResult;
      try {
        stored = await db.transaction().execute(async (trx) => {
          // First, so a concurrent call with the same key waits here and then fails before planning anything.
          await repo.insertTriggerEvent(trx, {
            id: eventId,
            org_id: orgId,
            idempotency_key: body.idempotencyKey,
            type,
            person_id: row?.id ?? null,
            attributes: JSON.stringify(body.attributes),
            occurred_at: occurredAt.toISOString(),
            received_at: now.toISOString(),
            result: '{}',
          });
          const result: StoredResult = { reference, personId: row?.id ?? null, ...(await write(trx, orgId, eventId, decisions, now)) };
          await repo.setTriggerEventResult(trx, orgId, eventId, JSON.stringify(result));
          return result;
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const winner = await repo.findTriggerEventByKey(db, orgId, body.idempotencyKey);
        if (!winner) throw error;
        return replay(winner, type, reference);
      }
      if (stored.scheduled.length > 0) deps.onPlanned?.();
      return { eventId, duplicate: false, personId: stored.personId, scheduled: stored.scheduled, skipped: stored.skipped };
    },

    /** The latest events with what they scheduled, newest first. @throws ForbiddenError unless admin. */
    async listEvents(actor: Actor, query: { limit: number }): Promise<TriggerEvent[]> {
      requireRole(actor, ['admin']);
      const rows = await repo.listTriggerEvents(db, actor.orgId, query.limit);
      const personIds = [...new Set(rows.flatMap((row) => (row.person_id ? [row.person_id] : [])))];
      const names = new Map(personIds.length > 0 ? (await listAudience(db, actor.orgId, { personIds })).map((p) => [p.id, p.display_name]) : []);
      return rows.map((row) => {
        const stored = JSON.parse(row.result) as StoredResult;
        return {
          id: row.id,
          type: row.type,
          person: { reference: stored.reference, id: row.person_id, displayName: (row.person_id && names.get(row.person_id)) || null },
          attributes: JSON.parse(row.attributes) as TriggerEvent['attributes'],
          occurredAt: row.occurred_at,
          receivedAt: row.received_at,
          scheduled: stored.scheduled,
          skipped: stored.skipped,
        };
      });
    },

    /**
     * The completion gate: has this person completed this lesson (within `within`, an ISO 8601 duration)?
     * The person is named by email when the text has an `@` (then by external id if no email matches), else by
     * external id. Managers may ask about the people of their teams only.
     * @throws ForbiddenError unless an admin, a manager or a token with people:read.
     * @throws NotFoundError when no active person has this email or external id (or a manager may not see
     * them), or the lesson does not exist; AppError conflict when several people share the external id.
     */
    async checkCompletion(actor: Actor, emailOrExternalId: string, lessonId: string, within: string | undefined): Promise<Completion> {
      requireRole(actor, ['admin', 'manager'], 'people:read');
      const byExternalId = () => repo.findActivePersonIds(db, actor.orgId, normaliseReference({ externalId: emailOrExternalId }));
      let ids = emailOrExternalId.includes('@') ? await repo.findActivePersonIds(db, actor.orgId, normaliseReference({ email: emailOrExternalId })) : await byExternalId();
      if (ids.length === 0 && emailOrExternalId.includes('@')) ids = await byExternalId();
      if (ids.length === 0) throw new NotFoundError('person');
      if (ids.length > 1) throw new AppError('conflict', 'Several active people have this external id; ask by email instead.');
      const personId = ids[0]!;
      // Managers see their teams only; identity answers "not found" for anyone else, as it does everywhere.
      if (actor.kind === 'person' && !hasRole(actor, 'admin')) await deps.identity.getPerson(actor, personId);
      await deps.content.getLesson(systemActor(actor.orgId), lessonId);
      const completedAt = (await deps.learning.completions(actor.orgId, [personId], [lessonId])).get(personId)?.get(lessonId) ?? null;
      const now = clock.now();
      const since = within ? DateTime.fromJSDate(now, { zone: 'utc' }).minus(Duration.fromISO(within)).toJSDate() : null;
      return {
        personId,
        lessonId,
        completed: completedAt !== null && (since === null || new Date(completedAt).getTime() >= since.getTime()),
        completedAt,
        within: within ?? null,
        since: since?.toISOString() ?? null,
        checkedAt: now.toISOString(),
      };
    },
  };
}

export type TriggerService = ReturnType<typeof createTriggerService>;
