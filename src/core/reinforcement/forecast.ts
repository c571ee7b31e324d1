/**
 * The review load ahead: how many review items fall due per day and per week over the coming weeks. Pure: the
 * items' FSRS cards and `now` go in. Items already overdue count today. Optionally each review is simulated with
 * the real scheduler (answered right with probability = the item's desired retention, as FSRS intends) and the
 * follow-up reviews inside the horizon are counted too; the simulation uses a seeded generator and averages several
 * runs, so the same input always gives the same forecast.
 */
import { DateTime } from 'luxon';
import { seededRandom } from './memory-model.ts';
import { type ReviewCard, scheduleReview } from './scheduler.ts';

export interface ForecastItem {
  card: ReviewCard;
  desiredRetention: number;
  /** IANA zone of the learner: days are their calendar days. */
  timeZone?: string | undefined;
}

export interface ForecastOptions {
  now: Date;
  /** Weeks ahead, from today (1–26). */
  weeks: number;
  /** Zone for items without one (default UTC). */
  timeZone?: string | undefined;
  /** Count follow-up reviews inside the horizon too (default false: only each item's next review). */
  simulate?: boolean | undefined;
  /** Simulation runs averaged (default 8). */
  runs?: number | undefined;
  seed?: number | undefined;
  maximumIntervalDays?: number | undefined;
  /** The organisation's fitted weights, if any. */
  weights?: readonly number[] | undefined;
}

export interface ReviewForecast {
  /** Each day from today, `weeks × 7` of them, as `YYYY-MM-DD` in the zone. */
  days: Array<{ date: string; reviews: number }>;
  /** Weeks of seven days starting today. */
  weeks: Array<{ start: string; reviews: number }>;
  /** Items due before now (counted in today). */
  overdue: number;
  total: number;
}


const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Counts reviews due per day and week for the next `weeks` weeks.
 * @throws RangeError when `weeks` is outside 1–26.
 */
export function forecastReviewLoad(items: readonly ForecastItem[], options: ForecastOptions): ReviewForecast {
  if (!Number.isInteger(options.weeks) || options.weeks < 1 || options.weeks > 26) throw new RangeError('weeks must be a whole number from 1 to 26');
  const dayCount = options.weeks * 7;
  const fallbackZone = options.timeZone ?? 'UTC';
  const runs = options.simulate ? Math.max(1, options.runs ?? 8) : 1;
  const random = seededRandom(options.seed ?? 20_240_601);
  const counts = new Array<number>(dayCount).fill(0);
  const nowMs = options.now.getTime();
  let overdue = 0;

  const zones = new Map<string, { startMs: number }>();
  /** Day index (0 = today) of a timestamp in a zone, or -1 past the horizon. */
  function dayIndex(ms: number, zone: string): number {
    let z = zones.get(zone);
    if (!z) {
      const start = DateTime.fromJSDate(options.now, { zone }).startOf('day');
      z = { startMs: (start.isValid ? start : DateTime.fromJSDate(options.now, { zone: 'utc' }).startOf('day')).toMillis() };
      zones.set(zone, z);
    }
    if (ms <= nowMs) return 0;
    const index = Math.floor(DateTime.fromMillis(ms, { zone }).startOf('day').diff(DateTime.fromMillis(z.startMs, { zone }).startOf('day'), 'days').days + 1e-6);
    return index < dayCount ? Math.max(0, index) : -1;
  }

  const horizonMs = DateTime.fromJSDate(options.now, { zone: 'utc' }).plus({ days: dayCount + 1 }).toMillis();
  for (const item of items) {
    const zone = item.timeZone ?? fallbackZone;
    const dueMs = Date.parse(item.card.due);
    if (dueMs <= nowMs) overdue += 1;
    for (let run = 0; run < runs; run++) {
      let card = item.card;
      let at = Math.max(Date.parse(card.due), nowMs);
      for (let step = 0; step < 200 && at < horizonMs; step++) {
        const index = dayIndex(at, zone);
        if (index < 0) break;
        counts[index] = (counts[index] ?? 0) + 1 / runs;
        if (!options.simulate) break;
        const correct = random() < item.desiredRetention;
        card = scheduleReview(card, correct, new Date(at), {
          desiredRetention: item.desiredRetention,
          maximumIntervalDays: options.maximumIntervalDays ?? 365,
          weights: options.weights,
        }).card;
        at = Date.parse(card.due);
      }
    }
  }

  const today = DateTime.fromJSDate(options.now, { zone: fallbackZone });
  const start = today.isValid ? today.startOf('day') : DateTime.fromJSDate(options.now, { zone: 'utc' }).startOf('day');
  const days = counts.map((count, index) => ({ date: start.plus({ days: index }).toISODate() as string, reviews: round1(count) }));
  const weeks = Array.from({ length: options.weeks }, (_, w) => ({
    start: days[w * 7]?.date as string,
    reviews: round1(counts.slice(w * 7, w * 7 + 7).reduce((sum, c) => sum + c, 0)),
  }));
  return { days, weeks, overdue, total: round1(counts.reduce((sum, c) => sum + c, 0)) };
}
