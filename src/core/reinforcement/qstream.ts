/**
 * Qstream's published reinforcement rule, as a baseline for Morsel's FSRS scheduling (the `retention` benchmark): a missed
 * question is asked again after 12 days, a correctly answered one after 24 days, and a question is retired after
 * two correct answers in a row. The rule is Kerfoot's spaced-education game behind Qstream (Kerfoot & Baker, Ann Surg
 * 2012), as quoted in the steering repository's ARCHITECTURE.md ("Reference figures") and notes/landscape.md. Qstream
 * also has variants (only misses repeat; no repeats) and shows two questions a day by default; neither is modelled
 * here. Morsel itself schedules with FSRS-6.
 *
 * Pure and day-based: the state and an answer go in, the next state comes out, with the gap until the question is
 * asked again, or `null` once it is retired.
 */

export const QSTREAM_RULE = Object.freeze({
  /** Days until a missed question comes back. */
  missedAfterDays: 12,
  /** Days until a correctly answered question comes back. */
  correctAfterDays: 24,
  /** Correct answers in a row that retire a question. */
  retireAfterCorrectInARow: 2,
});

export interface QstreamState {
  /** Correct answers in a row so far (a miss resets it to 0). */
  correctInARow: number;
  /** Days until the question is asked again; `null` once retired (and before the first answer). */
  nextInDays: number | null;
  retired: boolean;
}

export const QSTREAM_INITIAL_STATE: Readonly<QstreamState> = Object.freeze({ correctInARow: 0, nextInDays: null, retired: false });

/** The state after one answer. A retired question stays retired (answering it again changes nothing). */
export function qstreamNext(state: QstreamState, correct: boolean, rule: typeof QSTREAM_RULE = QSTREAM_RULE): QstreamState {
  if (state.retired) return state;
  if (!correct) return { correctInARow: 0, nextInDays: rule.missedAfterDays, retired: false };
  const correctInARow = state.correctInARow + 1;
  if (correctInARow >= rule.retireAfterCorrectInARow) return { correctInARow, nextInDays: null, retired: true };
  return { correctInARow, nextInDays: rule.correctAfterDays, retired: false };
}
