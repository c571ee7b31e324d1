/** Review-load forecasts and the organisation's FSRS parameters. Isomorphic: the web app imports the types. */
import { z } from 'zod';

export const ForecastQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(26).default(4),
  simulate: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Count follow-up reviews too (each answered right with probability = desired retention)'),
});

const ForecastBody = z.object({
  days: z.array(z.object({ date: z.string(), reviews: z.number() })),
  weeks: z.array(z.object({ start: z.string(), reviews: z.number() })),
  overdue: z.number(),
  total: z.number(),
  timeZone: z.string(),
});
export const Forecast = ForecastBody;
export type Forecast = z.infer<typeof Forecast>;
export const TeamForecast = ForecastBody.extend({
  teamId: z.string(),
  name: z.string(),
  members: z.array(z.object({ personId: z.string(), displayName: z.string(), reviews: z.number(), overdue: z.number(), items: z.number() })),
});
export type TeamForecast = z.infer<typeof TeamForecast>;
export const TeamParams = z.object({ id: z.string().min(1).max(64) });

export const FsrsParameters = z.object({
  source: z.enum(['fitted', 'defaults']),
  weights: z.array(z.number()).nullable(),
  reviewCount: z.number(),
  itemCount: z.number(),
  fittedAt: z.string().nullable(),
  minimumReviews: z.number(),
  reviewsAvailable: z.number(),
});
export const FitResult = z.object({
  status: z.enum(['fitted', 'not_enough_reviews']),
  reviewCount: z.number(),
  itemCount: z.number(),
  minimumReviews: z.number(),
  weights: z.array(z.number()).nullable(),
  fittedAt: z.string().nullable(),
});
