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
