/**
 * SuperMemo-2 (P. Woźniak, 1990: "Optimization of learning", the SM-2 algorithm as published at
 * https://super-memory.com/english/ol/sm2.htm), the scheduler behind many quiz apps (EdApp's Brain Boost among
 * them). A baseline for Morsel's FSRS scheduling (the `retention` benchmark); Morsel itself schedules with FSRS-6.
 *
 * Pure and day-based: the state and a quality go in, the next state (with the next interval in days) comes out.
 *
 * - E-Factor (EF) starts at 2.5.
 * - Quality q ≥ 3 (a pass): the repetition count n goes up; the interval is 1 day for n = 1, 6 days for n = 2, then
 *   round(I · EF) using the E-Factor *before* this answer's update (as the common implementations do, e.g. the
 *   `supermemo` npm package).
 * - q < 3 (a lapse): n restarts at 0 and the interval is 1 day; the E-Factor is still updated. (The published text
 *   says to restart "without changing the E-Factor", which is read both ways; we follow the common implementations
 *   such as the `supermemo` npm package, where the step "after each repetition modify the E-Factor" also applies.)
 * - After every answer: EF ← EF + (0.1 − (5 − q) · (0.08 + (5 − q) · 0.02)), never below 1.3.
 *   So q = 5 adds 0.1, q = 4 leaves EF unchanged, q = 3 takes 0.14 off, q = 1 takes 0.54 off.
 * - Left out: SM-2's "repeat within the same session every item scored below 4" step; a learner here answers
 *   each item at most once a day.
 *
 * **Quality from a quiz answer** (SM-2 wants 0–5; a quiz gives right/wrong): right → 4 ("correct response after a
 * hesitation"), wrong → 1 ("incorrect response; the correct one remembered" once shown). Right → 5 would grow the
 * E-Factor without evidence of easy recall; right → 4 keeps it, which is how binary SM-2 ports usually map it.
 */

export interface Sm2State {
  /** n: successful repetitions in a row (0 after a lapse or before the first answer). */
  repetition: number;
  /** The interval just scheduled, in days (0 before the first answer). */
  intervalDays: number;
  /** EF, ≥ 1.3. */
  easeFactor: number;
}

export type Sm2Quality = 0 | 1 | 2 | 3 | 4 | 5;

export const SM2_INITIAL_STATE: Readonly<Sm2State> = Object.freeze({ repetition: 0, intervalDays: 0, easeFactor: 2.5 });

export const SM2_MIN_EASE_FACTOR = 1.3;

/** The SM-2 quality of a quiz answer: right → 4, wrong → 1. */
export function sm2QualityOf(correct: boolean): Sm2Quality {
  return correct ? 4 : 1;
}

/** The state after an answer of quality `quality`; `intervalDays` is the gap until the next review. */
export function sm2Next(state: Sm2State, quality: Sm2Quality): Sm2State {
  if (!Number.isInteger(quality) || quality < 0 || quality > 5) throw new RangeError(`SM-2 quality must be 0..5, not ${quality}`);
  let repetition: number;
  let intervalDays: number;
  if (quality >= 3) {
    if (state.repetition === 0) intervalDays = 1;
    else if (state.repetition === 1) intervalDays = 6;
    else intervalDays = Math.round(state.intervalDays * state.easeFactor);
    repetition = state.repetition + 1;
  } else {
    repetition = 0;
    intervalDays = 1;
  }
  const miss = 5 - quality;
  const easeFactor = Math.max(SM2_MIN_EASE_FACTOR, state.easeFactor + (0.1 - miss * (0.08 + miss * 0.02)));
  return { repetition, intervalDays, easeFactor };
}

/** `sm2Next` for a quiz answer (right → quality 4, wrong → 1). */
export function sm2Answer(state: Sm2State, correct: boolean): Sm2State {
  return sm2Next(state, sm2QualityOf(correct));
}
