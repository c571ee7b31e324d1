/** The progress dashboard's request and response schemas: completion and engagement over time, and deadline risk. */
import { z } from 'zod';

const Id = z.string().min(1).max(64);
const LocalDate = z.iso.date().describe('A local date in the organisation’s time zone, YYYY-MM-DD');

const ProgressFilters = {
  campaignId: Id.optional().describe('Only this campaign’s trained members, its courses and its lessons'),
  teamId: Id.optional().describe('Only this team (managers: one of theirs)'),
};

const ProgressWindow = z.strictObject({
  ...ProgressFilters,
  from: LocalDate.optional().describe('First day (default: 30 days, or 12 weeks, before `to`)'),
  to: LocalDate.optional().describe('Last day, inclusive (default: today)'),
  bucket: z.enum(['day', 'week']).default('day').describe('Days, or ISO weeks (Monday to Sunday), in the organisation’s time zone'),
});

const isOrdered = (query: { from?: string | undefined; to?: string | undefined }) => !query.from || !query.to || query.from <= query.to;
const ORDER_ISSUE = { message: '`from` must not be after `to`.', path: ['from'] };

export const ProgressQuery = ProgressWindow.refine(isOrdered, ORDER_ISSUE);
export type ProgressQuery = z.infer<typeof ProgressQuery>;

export const ProgressCsvQuery = ProgressWindow.extend({
  chart: z.enum(['completion', 'engagement', 'all']).default('all').describe('The columns of one chart, or both'),
}).refine(isOrdered, ORDER_ISSUE);
export type ProgressCsvQuery = z.infer<typeof ProgressCsvQuery>;

export const AtRiskQuery = z.strictObject(ProgressFilters);
export type AtRiskQuery = z.infer<typeof AtRiskQuery>;

const Rate = z.number().min(0).max(1).nullable();

export const ProgressPoint = z.object({
  key: z.string().describe('`2026-03-09` (a day) or `2026-W11` (a week)'),
  firstDay: z.string(),
  lastDay: z.string(),
  start: z.string(),
  end: z.string(),
  assignedLessons: z.number().describe('Lessons assigned by the end of the bucket'),
  completedLessons: z.number().describe('Of those, completed by the end of the bucket'),
  completionRate: Rate,
  enrolments: z.number(),
  completedEnrolments: z.number(),
  enrolmentCompletionRate: Rate,
  activeLearners: z.number().describe('People who started a lesson, answered, reviewed or completed a lesson in the bucket'),
  answers: z.number(),
  reviews: z.number(),
  lessonsCompleted: z.number().describe('Lessons completed in the bucket'),
});
export type ProgressPoint = z.infer<typeof ProgressPoint>;

export const ProgressTotals = z.object({
  people: z.number(),
  activeLearners: z.number(),
  answers: z.number(),
  reviews: z.number(),
  lessonsCompleted: z.number(),
  assignedLessons: z.number(),
  completedLessons: z.number(),
  completionRate: Rate,
  enrolments: z.number(),
  completedEnrolments: z.number(),
  enrolmentCompletionRate: Rate,
});

const Series = z.object({ points: z.array(ProgressPoint), totals: ProgressTotals });
const Named = z.object({ id: z.string(), name: z.string() });

export const Progress = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['day', 'week']),
  timeZone: z.string(),
  campaign: Named.nullable(),
  team: Named.nullable(),
  overall: Series.describe('Everyone in view (a manager: the people of their teams)'),
  teams: z.array(Named.extend(Series.shape)),
  filters: z.object({
    teams: z.array(Named).describe('The teams the caller may filter by'),
    campaigns: z.array(Named.extend({ status: z.string() })).describe('The launched campaigns'),
  }),
  asOf: z.string(),
});
export type Progress = z.infer<typeof Progress>;

export const RiskLevel = z.enum(['overdue', 'at_risk']);
export const RiskReason = z.enum(['past_due', 'cannot_finish', 'behind', 'too_slow', 'no_recent_progress']);

export const AtRiskItem = z.object({
  personId: z.string(),
  displayName: z.string(),
  email: z.string(),
  teams: z.array(Named),
  source: z.enum(['campaign', 'enrolment']),
  campaign: Named.nullable(),
  courses: z.array(z.object({ id: z.string(), title: z.string() })),
  dueAt: z.string().nullable(),
  lessonsTotal: z.number(),
  lessonsLeft: z.number(),
  lastActivityAt: z.string().nullable(),
  level: RiskLevel,
  reason: RiskReason,
  why: z.string().describe('The reason in a sentence, dates in the organisation’s time zone'),
});
export type AtRiskItem = z.infer<typeof AtRiskItem>;

export const AtRisk = z.object({
  items: z.array(AtRiskItem),
  counts: z.object({ overdue: z.number(), atRisk: z.number() }),
  timeZone: z.string(),
  asOf: z.string(),
});
export type AtRisk = z.infer<typeof AtRisk>;
