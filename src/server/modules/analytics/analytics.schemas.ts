/** The analytics API's request and response schemas (business metrics and outcomes). */
import { z } from 'zod';

export const MetricSummary = z.object({ metric: z.string(), values: z.number(), people: z.number(), firstDate: z.string(), lastDate: z.string() });
export type MetricSummary = z.infer<typeof MetricSummary>;

export const MetricImportReport = z.object({ rows: z.number(), created: z.number(), replaced: z.number(), metrics: z.array(z.string()) });
export type MetricImportReport = z.infer<typeof MetricImportReport>;

/** What an outcome compares: a metric, between the people trained by a certification or a course and the others, or between a campaign's arms. */
export const OutcomeQuery = z
  .strictObject({
    metric: z.string().trim().min(1).max(64),
    certificationId: z.string().min(1).max(64).optional(),
    courseId: z.string().min(1).max(64).optional(),
    campaignId: z.string().min(1).max(64).optional(),
  })
  .refine((query) => [query.certificationId, query.courseId, query.campaignId].filter(Boolean).length === 1, { message: 'Give exactly one of certificationId, courseId or campaignId.', path: ['certificationId'] });
export type OutcomeQuery = z.infer<typeof OutcomeQuery>;

/** What "trained" can mean in an outcome: certifications, published courses, launched campaigns with a hold-out. */
export const TrainingChoices = z.object({
  certifications: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(['active', 'archived']) })),
  courses: z.array(z.object({ id: z.string(), title: z.string() })),
  campaigns: z.array(z.object({ id: z.string(), name: z.string(), holdoutPercent: z.number(), launchedAt: z.string() })),
});
export type TrainingChoices = z.infer<typeof TrainingChoices>;

const Design = z.enum(['observational', 'randomised_hold_out']);
const GroupRole = z.enum(['treated', 'control']);
const GroupLabel = z.enum(['trained', 'untrained', 'treated', 'hold_out']);
const GroupStatistics = z.object({ n: z.number(), mean: z.number().nullable(), standardDeviation: z.number().nullable() });
const Interval = z.object({ lower: z.number(), upper: z.number() });
const WelchTest = z.object({ difference: z.number(), standardError: z.number(), t: z.number(), degreesOfFreedom: z.number(), pValue: z.number(), confidenceInterval: Interval });
const HedgesG = z.object({ g: z.number(), cohensD: z.number(), correction: z.number(), standardError: z.number(), confidenceInterval: Interval });
const OutcomeWarning = z.object({
  code: z.enum(['too_few_to_test', 'small_group', 'unequal_group_sizes', 'zero_variance', 'baseline_not_comparable', 'not_randomised', 'people_left_out']),
  message: z.string(),
  group: GroupRole.optional(),
});
const Tests = { welch: WelchTest.nullable(), hedgesG: HedgesG.nullable(), baselineStandardisedDifference: z.number().nullable(), warnings: z.array(OutcomeWarning) };
const DidGroup = z.object({ label: GroupLabel, n: z.number(), leftOut: z.number(), before: GroupStatistics, after: GroupStatistics, change: GroupStatistics });

/** An outcome: after training and difference in differences, with every person's place in it. */
export const Outcome = z.object({
  metric: z.string(),
  design: Design,
  trainedBy: z.string(),
  after: z.object({ design: Design, treated: GroupStatistics.extend({ label: GroupLabel }), control: GroupStatistics.extend({ label: GroupLabel }), difference: z.number().nullable(), ...Tests }),
  differenceInDifferences: z.object({ design: Design, treated: DidGroup, control: DidGroup, estimate: z.number().nullable(), ...Tests }),
  people: z.array(z.object({ personId: z.string(), group: GroupRole, cutoff: z.string(), before: z.number().nullable(), after: z.number().nullable() })),
});
