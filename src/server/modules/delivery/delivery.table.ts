/** Row types of the delivery module's tables (campaigns, triggers, deliveries, channel settings), exactly as stored. */
import type { Generated } from 'kysely';
import type { OutboxMessageTable } from './outbox.table.ts';

/** Where a lesson can reach a person: the in-app inbox always, then email, chat and SMS. */
export type DeliveryChannel = 'app' | 'email' | 'chat' | 'sms';

/**
 * `draft`: being set up; `active`: sending; `paused`: nothing is sent until resumed (the plan is kept);
 * `cancelled`: stopped for good (planned deliveries cancelled); `ended`: every delivery went out.
 */
export type CampaignStatus = 'draft' | 'active' | 'paused' | 'cancelled' | 'ended';

export interface CampaignTable {
  id: string;
  org_id: string;
  name: string;
  status: CampaignStatus;
  start_at: string;
  deadline_at: string | null;
  /** JSON `Pacing` (src/core/delivery/planner.ts). */
  pacing: string;
  /** JSON `{ count, everyDays }`: reminders to learners who have not finished, `everyDays` working days apart. */
  reminders: string;
  /** JSON `{ personIds, teamIds, rule }`: who is in the campaign (see campaign.schemas.ts). */
  audience: string;
  /** Share of the audience held back (0–50), recorded as `held_out` members, for trained-versus-untrained analyses. */
  holdout_percent: number;
  /** A channel forced for every learner; null: each learner's own preference and fallback. */
  channel: DeliveryChannel | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  launched_at: string | null;
  paused_at: string | null;
  ended_at: string | null;
}

/** A course of a campaign, in order; the version is fixed when the campaign launches. */
export interface CampaignCourseTable {
  campaign_id: string;
  org_id: string;
  position: number;
  course_id: string;
  course_version: number | null;
}

/** A person in a campaign: trained (lessons planned) or held out (nothing sent; for comparisons). */
export interface CampaignMemberTable {
  campaign_id: string;
  org_id: string;
  person_id: string;
  arm: 'trained' | 'held_out';
  joined_at: string;
  /** What the planner reported for this person: `compressed`, `infeasible_deadline` or `no_window`. */
  plan_issue: 'compressed' | 'infeasible_deadline' | 'no_window' | null;
  plan_issue_lessons: Generated<number>;
}

/**
 * One lesson to one person at one time, from a campaign (`lesson`, `reminder`) or a trigger rule (`trigger`).
 * `planned` until the dispatcher hands it to the channels (`sent`: it is in the inbox and queued in the
 * outbox in the same transaction); `skipped` when it no longer made sense (a reminder to someone who has
 * finished); `cancelled` with its campaign.
 */
export interface DeliveryTable {
  id: string;
  org_id: string;
  person_id: string;
  kind: 'lesson' | 'reminder' | 'trigger';
  /** Unique per organisation: `campaign:{id}:{person}:{sequence}`, `reminder:{id}:{person}:{n}`, `trigger:{event}:{rule}`. */
  dedupe_key: string;
  campaign_id: string | null;
  rule_id: string | null;
  event_id: string | null;
  course_id: string;
  /** Null for a reminder: it points at the first lesson not done when it is sent. */
  lesson_id: string | null;
  sequence: number;
  send_at: string;
  /** 1: may be sent in quiet hours and outside working hours (an urgent trigger). */
  urgent: number;
  /** A channel chosen by the campaign or rule; null: the person's preference. */
  channel: DeliveryChannel | null;
  status: 'planned' | 'sent' | 'skipped' | 'cancelled';
  /** Why it was skipped or cancelled, or which lesson a reminder pointed at. */
  outcome: string | null;
  /** JSON array of the channels it was queued on, in fallback order. */
  channels_used: string | null;
  sent_at: string | null;
  /** When the learner opened it from the inbox. */
  read_at: string | null;
  created_at: string;
}

/** A just-in-time rule: an event type and conditions on its attributes → a lesson, a channel, a delay, a cool-down. */
export interface TriggerRuleTable {
  id: string;
  org_id: string;
  name: string;
  event_type: string;
  /** JSON array of `{ attribute, op, value }` (see trigger.schemas.ts); all must hold. */
  conditions: string;
  course_id: string;
  /** Null: the course's first lesson the person has not completed. */
  lesson_id: string | null;
  channel: DeliveryChannel | null;
  delay_seconds: number;
  cooldown_seconds: number;
  /** 1: the lesson may go in quiet hours and outside working hours. */
  urgent: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** An event received on `POST /api/events`, kept with what it scheduled (the answer to a repeated key). */
export interface TriggerEventTable {
  id: string;
  org_id: string;
  idempotency_key: string;
  type: string;
  person_id: string | null;
  attributes: string;
  occurred_at: string;
  received_at: string;
  /** JSON of the response given. */
  result: string;
}

/** An organisation's chat webhook and SMS provider. */
export interface ChannelSettingsTable {
  org_id: string;
  chat_flavour: 'slack' | 'teams';
  chat_webhook_url: string | null;
  sms_base_url: string | null;
  sms_account_sid: string | null;
  /** The provider's secret. Readable by the server only; never returned by the API. */
  sms_auth_token: string | null;
  sms_from: string | null;
  /** 1: people with review items due get a daily nudge on their channel at a good local time (boost-nudges.ts). */
  boost_nudges: Generated<number>;
  updated_at: string;
}

export interface DeliveryTables {
  outbox_message: OutboxMessageTable;
  channel_settings: ChannelSettingsTable;
  campaign: CampaignTable;
  campaign_course: CampaignCourseTable;
  campaign_member: CampaignMemberTable;
  delivery: DeliveryTable;
  trigger_rule: TriggerRuleTable;
  trigger_event: TriggerEventTable;
}
