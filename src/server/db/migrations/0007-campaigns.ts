import type { Kysely } from 'kysely';

/**
 * Delivery: campaigns (courses to an audience, paced in each learner's window), just-in-time trigger rules and
 * the events that fire them, the deliveries both plan (one lesson to one person at one time, later handed to
 * the outbox), channel settings (chat webhooks, the SMS provider), and people's attributes for audience rules.
 * Frozen once released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Attributes an HR export carries (role, location, …) that audience rules and trigger conditions match on.
  await db.schema.alterTable('person').addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  // Set when the person used an email's unsubscribe link: lesson emails stop (sign-in links still come).
  await db.schema.alterTable('person').addColumn('email_opt_out_at', 'text').execute();
  // A team's own chat channel (incoming webhook); the organisation's is the fallback.
  await db.schema.alterTable('team').addColumn('chat_webhook_url', 'text').execute();

  await db.schema
    .createTable('channel_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisation.id').onDelete('cascade'))
    .addColumn('chat_flavour', 'text', (c) => c.notNull())
    .addColumn('chat_webhook_url', 'text')
    .addColumn('sms_base_url', 'text')
    .addColumn('sms_account_sid', 'text')
    .addColumn('sms_auth_token', 'text')
    .addColumn('sms_from', 'text')
    .addColumn('boost_nudges', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text')
    .addColumn('pacing', 'text', (c) => c.notNull())
    .addColumn('reminders', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('holdout_percent', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('launched_at', 'text')
    .addColumn('paused_at', 'text')
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('campaign_org_idx').on('campaign').columns(['org_id', 'status']).execute();

  await db.schema
    .createTable('campaign_course')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('course_version', 'integer')
    .addPrimaryKeyConstraint('campaign_course_pk', ['campaign_id', 'position'])
    .execute();

  await db.schema
    .createTable('campaign_member')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('arm', 'text', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('plan_issue', 'text')
    .addColumn('plan_issue_lessons', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('campaign_member_pk', ['campaign_id', 'person_id'])
    .execute();
  await db.schema.createIndex('campaign_member_person_idx').on('campaign_member').columns(['org_id', 'person_id']).execute();

  await db.schema
    .createTable('trigger_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('delay_seconds', 'integer', (c) => c.notNull())
    .addColumn('cooldown_seconds', 'integer', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trigger_rule_type_idx').on('trigger_rule').columns(['org_id', 'event_type']).execute();

  await db.schema
    .createTable('trigger_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    // The same key twice is one event: a retried webhook call never schedules twice.
    .addUniqueConstraint('trigger_event_key_uq', ['org_id', 'idempotency_key'])
    .execute();

  await db.schema
    .createTable('delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('rule_id', 'text')
    .addColumn('event_id', 'text')
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('lesson_id', 'text')
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('send_at', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('channels_used', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One delivery per campaign lesson, reminder or rule firing: planning twice never sends twice.
    .addUniqueConstraint('delivery_dedupe_uq', ['org_id', 'dedupe_key'])
    .execute();
  // The dispatcher looks for planned deliveries by time; the inbox and the campaign view by person and campaign.
  await db.schema.createIndex('delivery_due_idx').on('delivery').columns(['status', 'send_at']).execute();
  await db.schema.createIndex('delivery_person_idx').on('delivery').columns(['org_id', 'person_id', 'status']).execute();
  await db.schema.createIndex('delivery_campaign_idx').on('delivery').columns(['campaign_id', 'person_id']).execute();
  // The daily boost nudge asks who has review items due, across people.
  await db.schema.createIndex('review_item_due_at_idx').on('review_item').columns(['due_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('review_item_due_at_idx').execute();
  for (const table of ['delivery', 'trigger_event', 'trigger_rule', 'campaign_member', 'campaign_course', 'campaign', 'channel_settings']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('team').dropColumn('chat_webhook_url').execute();
  await db.schema.alterTable('person').dropColumn('email_opt_out_at').execute();
  await db.schema.alterTable('person').dropColumn('attributes').execute();
}
