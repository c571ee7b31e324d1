/** Request and response schemas of campaigns; isomorphic (the web app imports them). */
import { z } from 'zod';

const Id = z.string().min(1).max(64);
const Instant = z.iso.datetime({ offset: true });

export const DeliveryChannel = z.enum(['app', 'email', 'chat', 'sms']);

/** How lessons are paced: all at once, N a working day, or spread evenly over the working days before the deadline. */
export const Pacing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all_at_once') }),
  z.strictObject({ mode: z.literal('daily'), lessonsPerDay: z.number().int().min(1).max(20) }),
  z.strictObject({ mode: z.literal('spread') }),
]);

export const Reminders = z.strictObject({
  count: z.number().int().min(0).max(5).describe('Reminders to a learner who has not finished (0: none)'),
  everyDays: z.number().int().min(1).max(14).describe('Days between the last lesson and the first reminder, and between reminders'),
});

/** Who is in a campaign: named people, whole teams, and people matching a rule (all of its criteria). */
export const Audience = z.strictObject({
  personIds: z.array(Id).max(10_000).default([]),
  teamIds: z.array(Id).max(500).default([]),
  rule: z
    .strictObject({
      teamIds: z.array(Id).max(500).optional(),
      roles: z.array(z.enum(['admin', 'author', 'manager', 'learner'])).max(4).optional(),
      attributes: z.record(z.string().min(1).max(40), z.array(z.string().trim().min(1).max(200)).min(1).max(100)).optional().describe('Attribute → accepted values, e.g. { "location": ["Leeds", "York"] }'),
    })
    .nullable()
    .default(null),
});
export type Audience = z.infer<typeof Audience>;

const CampaignFields = z.strictObject({
  name: z.string().trim().min(1).max(120),
  courseIds: z.array(Id).min(1).max(10),
  audience: Audience,
  startAt: Instant,
  deadlineAt: Instant.nullable().default(null),
  pacing: Pacing.default({ mode: 'spread' }),
  reminders: Reminders.default({ count: 1, everyDays: 1 }),
  holdoutPercent: z.number().int().min(0).max(50).default(0).describe('Share of the audience held back for trained-versus-untrained comparisons'),
  channel: DeliveryChannel.nullable().default(null).describe('Force one channel for everyone; null: each learner’s preference and fallback'),
});

const deadlineAfterStart = (value: { startAt?: string | undefined; deadlineAt?: string | null | undefined }) =>
  !value.startAt || !value.deadlineAt || new Date(value.deadlineAt) > new Date(value.startAt);
const deadlineIssue = { message: 'The deadline must come after the start.', path: ['deadlineAt'] };

export const CampaignCreate = CampaignFields.refine(deadlineAfterStart, deadlineIssue);
export type CampaignCreate = z.infer<typeof CampaignCreate>;
export const CampaignPatch = CampaignFields.partial().refine(deadlineAfterStart, deadlineIssue);
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const CampaignStatus = z.enum(['draft', 'active', 'paused', 'cancelled', 'ended']);

export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  status: CampaignStatus,
  courseIds: z.array(z.string()),
  audience: Audience,
  startAt: z.string(),
  deadlineAt: z.string().nullable(),
  pacing: Pacing,
  reminders: Reminders,
  holdoutPercent: z.number(),
  channel: DeliveryChannel.nullable(),
  createdAt: z.string(),
  launchedAt: z.string().nullable(),
  pausedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type Campaign = z.infer<typeof Campaign>;
export const CampaignList = z.object({ items: z.array(Campaign) });

/**
 * A member's standing: `held_out` (nothing sent, for comparisons); `done`; `overdue` (deadline passed);
 * `cannot_finish` (their window has no room for every lesson before the deadline); `behind` (a lesson sent
 * over a day ago is not done); `on_track`.
 */
export const MemberStanding = z.enum(['held_out', 'done', 'overdue', 'cannot_finish', 'behind', 'on_track']);
export type MemberStanding = z.infer<typeof MemberStanding>;

export const CampaignMember = z.object({
  personId: z.string(),
  displayName: z.string(),
  email: z.string(),
  timeZone: z.string(),
  arm: z.enum(['trained', 'held_out']),
  standing: MemberStanding,
  lessonsTotal: z.number(),
  lessonsSent: z.number(),
  lessonsCompleted: z.number(),
  nextSendAt: z.string().nullable(),
  lastCompletedAt: z.string().nullable(),
  planIssue: z.enum(['compressed', 'infeasible_deadline', 'no_window']).nullable(),
  joinedAt: z.string(),
});
export type CampaignMember = z.infer<typeof CampaignMember>;

export const CampaignView = z.object({
  campaign: Campaign,
  courses: z.array(z.object({ courseId: z.string(), title: z.string(), version: z.number().nullable(), lessonCount: z.number() })),
  summary: z.object({
    members: z.number(),
    trained: z.number(),
    heldOut: z.number(),
    lessonsPlanned: z.number(),
    lessonsSent: z.number(),
    lessonsCompleted: z.number(),
    standings: z.record(MemberStanding, z.number()),
  }),
  members: z.array(CampaignMember),
  /** When this view was computed (the page polls it for live completion). */
  asOf: z.string(),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignParams = z.object({ id: Id });
export const AddMembersBody = z.strictObject({ personIds: z.array(Id).min(1).max(1000) });
export const AddMembersResult = z.object({ added: z.number(), alreadyMembers: z.number() });
