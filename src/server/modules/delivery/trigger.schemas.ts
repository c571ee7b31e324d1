/**
 * Request and response schemas of just-in-time triggers: rules, events (`POST /api/events`) and the completion
 * gate. Isomorphic: the web app imports them (types, and the limits its form shows).
 */
import { Duration } from 'luxon';
import { z } from 'zod';
import { DeliveryChannel } from './campaign.schemas.ts';

const Id = z.string().min(1).max(64);
const DAY_SECONDS = 86_400;

/** The longest delay of a rule: 30 days. */
export const MAX_DELAY_SECONDS = 30 * DAY_SECONDS;
/** The longest cool-down of a rule: 365 days. */
export const MAX_COOLDOWN_SECONDS = 365 * DAY_SECONDS;
/** The cool-down a new rule gets when none is given: one day. */
export const DEFAULT_COOLDOWN_SECONDS = DAY_SECONDS;
/** The longest look-back of the completion gate (`within`): about ten years. */
export const MAX_WITHIN_DAYS = 3650;
/** How far in the past an event may have occurred: 7 days. */
export const MAX_EVENT_AGE_MS = 7 * DAY_SECONDS * 1000;
/** How far in the future an event may claim to have occurred (clock skew): 5 minutes. */
export const MAX_EVENT_SKEW_MS = 5 * 60 * 1000;

// Written without the i flag so the OpenAPI document (which drops flags) says the same as the validation.
export const EVENT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,79}$/;

export const EventType = z
  .string()
  .regex(EVENT_TYPE_PATTERN, 'must start with a letter, then letters, digits, _ . : or - (at most 80 characters), e.g. deal.closed')
  .describe('What happened, e.g. `deal.closed` or `ticket:escalated`. Compared without case.');

export const AttributeValue = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** An event attribute's name: anything up to 80 characters except the `person.` prefix, which names HR attributes. */
const EventAttributeKey = z
  .string()
  .min(1)
  .max(80)
  .refine((key) => !key.toLowerCase().startsWith('person.'), { message: 'must not start with "person.": conditions read the person’s own HR attributes under that prefix' });

export const EventAttributes = z
  .record(EventAttributeKey, AttributeValue)
  .refine((attributes) => Object.keys(attributes).length <= 50, { message: 'must have at most 50 attributes' })
  .describe('Facts about the event that rule conditions test, e.g. `{ "amount": 1500, "region": "EU", "renewal": true }`');

/** An attribute a condition reads: an event attribute, or `person.<key>` for the person’s HR attribute. */
const ConditionAttribute = z.string().trim().min(1).max(100).describe('An event attribute, or `person.<key>` for one of the person’s HR attributes (e.g. `person.region`)');

/**
 * One condition of a rule. Text compares without case and surrounding spaces, a number equals its text, ordering
 * operators compare numbers only; a condition on an attribute the event lacks does not hold (except `exists: false`).
 */
export const TriggerCondition = z.discriminatedUnion('op', [
  z.strictObject({ attribute: ConditionAttribute, op: z.enum(['eq', 'neq']), value: AttributeValue }),
  z.strictObject({ attribute: ConditionAttribute, op: z.literal('in'), value: z.array(AttributeValue).min(1).max(50) }),
  z.strictObject({ attribute: ConditionAttribute, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number() }),
  z.strictObject({ attribute: ConditionAttribute, op: z.literal('contains'), value: z.string().trim().min(1).max(200) }),
  z.strictObject({ attribute: ConditionAttribute, op: z.literal('exists'), value: z.boolean().default(true).describe('true: must be present; false: must be absent') }),
]);
export type TriggerCondition = z.infer<typeof TriggerCondition>;

const RuleFields = z.strictObject({
  name: z.string().trim().min(1).max(120),
  eventType: EventType,
  conditions: z.array(TriggerCondition).max(20).describe('All must hold; none: every event of the type fires the rule'),
  courseId: Id.describe('A published course'),
  lessonId: Id.nullable().describe('A lesson of the course’s latest version; null: the first lesson of the course the person has not completed, chosen when it is sent'),
  channel: DeliveryChannel.nullable().describe('Force one channel; null: the person’s preference and fallback'),
  delaySeconds: z.number().int().min(0).max(MAX_DELAY_SECONDS).describe('Seconds after the event occurred (0 to 30 days)'),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_COOLDOWN_SECONDS)
    .describe('Never send the same lesson (or, without a lesson, the same course) to the same person twice within this many seconds (0 to 365 days)'),
  urgent: z.boolean().describe('May go in quiet hours and outside working hours (e.g. right before a compliance decision)'),
  active: z.boolean().describe('Inactive rules are kept but do not fire'),
});

export const TriggerRuleCreate = RuleFields.extend({
  conditions: RuleFields.shape.conditions.default([]),
  lessonId: RuleFields.shape.lessonId.default(null),
  channel: RuleFields.shape.channel.default(null),
  delaySeconds: RuleFields.shape.delaySeconds.default(0),
  cooldownSeconds: RuleFields.shape.cooldownSeconds.default(DEFAULT_COOLDOWN_SECONDS),
  urgent: RuleFields.shape.urgent.default(false),
  active: RuleFields.shape.active.default(true),
});
export type TriggerRuleCreate = z.infer<typeof TriggerRuleCreate>;

export const TriggerRulePatch = RuleFields.partial();
export type TriggerRulePatch = z.infer<typeof TriggerRulePatch>;

export const TriggerRule = z.object({
  id: z.string(),
  name: z.string(),
  eventType: z.string(),
  conditions: z.array(TriggerCondition),
  courseId: z.string(),
  courseTitle: z.string().nullable().describe('Null when the course is no longer published: the rule skips until it is'),
  lessonId: z.string().nullable(),
  lessonTitle: z.string().nullable().describe('Null without a lesson, or when the lesson left the course'),
  channel: DeliveryChannel.nullable(),
  delaySeconds: z.number(),
  cooldownSeconds: z.number(),
  urgent: z.boolean(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TriggerRule = z.infer<typeof TriggerRule>;
export const TriggerRuleList = z.object({ items: z.array(TriggerRule) });
export const TriggerRuleParams = z.object({ id: Id });

// ---------------------------------------------------------------- events

export const PersonReference = z.union([
  z.strictObject({ email: z.string().trim().min(3).max(320).describe('Compared without case') }),
  z.strictObject({ externalId: z.string().trim().min(1).max(200).describe('The id your HR system or CRM knows the person by') }),
]);
export type PersonReference = z.infer<typeof PersonReference>;

export const EventBody = z.strictObject({
  type: EventType,
  person: PersonReference.describe('Who it happened to: `{ "email" }` or `{ "externalId" }`'),
  attributes: EventAttributes.default({}),
  occurredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When it happened (default: now); at most 7 days ago and 5 minutes ahead. Delays count from here.'),
  idempotencyKey: z.string().min(1).max(200).describe('Unique per event in your system: sending the same key again schedules nothing more and answers the first result'),
});
export type EventBody = z.infer<typeof EventBody>;

export const ScheduledDelivery = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  deliveryId: z.string(),
  courseId: z.string(),
  lessonId: z.string().nullable().describe('Null: the first lesson of the course the person has not completed, chosen when it is sent'),
  channel: DeliveryChannel.nullable().describe('Null: the person’s preferred channels, in their fallback order'),
  sendAt: z.string().describe('When it goes: occurredAt + delay, moved to the person’s next working hours outside quiet hours unless urgent; never before now'),
  urgent: z.boolean(),
});
export type ScheduledDelivery = z.infer<typeof ScheduledDelivery>;

/**
 * Why a rule of the event's type did not schedule anything:
 * `conditions_not_met` (a condition does not hold; the message names it), `person_unknown` (no active person
 * with that email or external id), `person_ambiguous` (several active people share that external id),
 * `cool_down` (the same lesson or course went, or is planned, to this person within the rule's cool-down),
 * `course_unavailable` (the course is no longer published), `lesson_unavailable` (the lesson left the course),
 * `course_completed` (a rule without a lesson, and the person has completed every lesson of the course).
 */
export const SkipReason = z.enum(['conditions_not_met', 'person_unknown', 'person_ambiguous', 'cool_down', 'course_unavailable', 'lesson_unavailable', 'course_completed']);
export type SkipReason = z.infer<typeof SkipReason>;

export const SkippedRule = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  reason: SkipReason,
  message: z.string().describe('The reason in words, for logs and people'),
});
export type SkippedRule = z.infer<typeof SkippedRule>;

export const EventResult = z
  .object({
    eventId: z.string(),
    duplicate: z.boolean().describe('true: this idempotency key was seen before; this is the first call’s result and nothing more was scheduled'),
    personId: z.string().nullable().describe('The person the event was matched to; null when unknown or ambiguous'),
    scheduled: z.array(ScheduledDelivery),
    skipped: z.array(SkippedRule).describe('Every active rule of the event’s type that scheduled nothing, with why'),
  })
  .describe('What the event scheduled. Rules of other types are not listed.');
export type EventResult = z.infer<typeof EventResult>;

export const EventsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const TriggerEvent = z.object({
  id: z.string(),
  type: z.string(),
  person: z.object({
    reference: PersonReference.describe('As the event named the person'),
    id: z.string().nullable(),
    displayName: z.string().nullable().describe('Null when unknown (or no longer active)'),
  }),
  attributes: z.record(z.string(), AttributeValue),
  occurredAt: z.string(),
  receivedAt: z.string(),
  scheduled: z.array(ScheduledDelivery),
  skipped: z.array(SkippedRule),
});
export type TriggerEvent = z.infer<typeof TriggerEvent>;
export const TriggerEventList = z.object({ items: z.array(TriggerEvent) });

// ---------------------------------------------------------------- the completion gate

/** Why a `within` text is not a usable look-back, as a sentence fragment; null when it is. */
export function withinProblem(text: string): string | null {
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return 'must be an ISO 8601 duration such as P30D (30 days), P2W or PT12H';
  const days = duration.as('days');
  if (!(days > 0)) return 'must be longer than zero, e.g. P30D';
  if (days > MAX_WITHIN_DAYS) return `must be at most P${MAX_WITHIN_DAYS}D (about ten years)`;
  return null;
}

export const CompletionQuery = z.object({
  lesson: Id.describe('The lesson asked about'),
  within: z
    .string()
    .max(40)
    .optional()
    .superRefine((text, context) => {
      const problem = text === undefined ? null : withinProblem(text);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .describe('ISO 8601 duration: count only completions this recent (e.g. P30D); at most P3650D. Left out: any completion counts.'),
});

export const CompletionParams = z.object({
  id: z.string().trim().min(1).max(320).describe('The person’s email (anything with an @; compared without case) or, failing that, their external id'),
});

export const Completion = z.object({
  personId: z.string(),
  lessonId: z.string(),
  completed: z.boolean().describe('true when the person completed the lesson (within `within`, when given)'),
  completedAt: z.string().nullable().describe('When the person completed it, even if that is before `since`; null: never'),
  within: z.string().nullable(),
  since: z.string().nullable().describe('checkedAt − within: completions from this instant count; null without `within`'),
  checkedAt: z.string(),
});
export type Completion = z.infer<typeof Completion>;
