/**
 * Review logs → the review histories the FSRS optimiser (@open-spaced-repetition/binding) trains on. Pure.
 * A history is one review item's reviews in order, each a rating (1–4) and the whole days since the previous review
 * (`delta_t`, 0 for the first). Histories that do not begin with the item's first review are left out: the optimiser
 * requires the first review's `delta_t` to be 0 and reads every later one relative to it.
 */

export interface LoggedReview {
  reviewItemId: string;
  reviewedAt: string;
  rating: number;
  /** 0 for the item's first review (its first answer in a lesson). */
  stateBefore: number;
  /** Stored since migration 0005; null in older rows (then computed from the timestamps). */
  deltaTDays: number | null;
}

export interface ReviewHistories {
  histories: Array<Array<{ rating: number; deltaT: number }>>;
  /** Reviews after the first (`delta_t` > 0 or later in the history) in histories of two reviews or more: what fitting learns from. */
  reviewCount: number;
  /** Histories of two reviews or more. */
  itemCount: number;
}

/** Fewest reviews (after each item's first) before an organisation's weights are fitted; below it the FSRS-6 defaults are used. */
export const MINIMUM_REVIEWS_TO_FIT = 400;

/** Groups logs by item, oldest first, and keeps histories that start with a first review and have a later one. */
export function buildReviewHistories(logs: readonly LoggedReview[]): ReviewHistories {
  const byItem = new Map<string, LoggedReview[]>();
  for (const log of logs) byItem.set(log.reviewItemId, [...(byItem.get(log.reviewItemId) ?? []), log]);
  const histories: ReviewHistories['histories'] = [];
  let reviewCount = 0;
  for (const entries of byItem.values()) {
    entries.sort((a, b) => a.reviewedAt.localeCompare(b.reviewedAt));
    if (entries[0]?.stateBefore !== 0 || entries.length < 2) continue;
    const history = entries.map((entry, index) => {
      if (index === 0) return { rating: clampRating(entry.rating), deltaT: 0 };
      const previous = entries[index - 1] as LoggedReview;
      const deltaT = entry.deltaTDays ?? Math.max(0, Math.floor((Date.parse(entry.reviewedAt) - Date.parse(previous.reviewedAt)) / 86_400_000));
      return { rating: clampRating(entry.rating), deltaT };
    });
    histories.push(history);
    reviewCount += history.length - 1;
  }
  return { histories, reviewCount, itemCount: histories.length };
}

const clampRating = (rating: number) => Math.min(4, Math.max(1, Math.round(rating)));

/** True when fitted weights can stand in for the defaults: FSRS-6's 21 finite numbers. */
export function isUsableWeights(weights: readonly unknown[]): weights is number[] {
  return weights.length === 21 && weights.every((w) => typeof w === 'number' && Number.isFinite(w));
}
