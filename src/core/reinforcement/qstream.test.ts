import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QSTREAM_INITIAL_STATE, QSTREAM_RULE, type QstreamState, qstreamNext } from './qstream.ts';

function run(answers: readonly boolean[]): QstreamState[] {
  const states: QstreamState[] = [];
  let state: QstreamState = QSTREAM_INITIAL_STATE;
  for (const correct of answers) {
    state = qstreamNext(state, correct);
    states.push(state);
  }
  return states;
}

describe("Qstream's published rule", () => {
  it('uses the published figures: 12 days after a miss, 24 after a right answer, retired after two right in a row', () => {
    expect(QSTREAM_RULE).toEqual({ missedAfterDays: 12, correctAfterDays: 24, retireAfterCorrectInARow: 2 });
  });

  it('asks a missed question again after 12 days and a right one after 24', () => {
    expect(qstreamNext(QSTREAM_INITIAL_STATE, false)).toEqual({ correctInARow: 0, nextInDays: 12, retired: false });
    expect(qstreamNext(QSTREAM_INITIAL_STATE, true)).toEqual({ correctInARow: 1, nextInDays: 24, retired: false });
  });

  it('retires a question after two right answers in a row', () => {
    expect(run([true, true]).at(-1)).toEqual({ correctInARow: 2, nextInDays: null, retired: true });
  });

  it('a miss resets the streak', () => {
    const states = run([true, false, true, false, false, true, true]);
    expect(states.map((s) => s.nextInDays)).toEqual([24, 12, 24, 12, 12, 24, null]);
    expect(states.map((s) => s.correctInARow)).toEqual([1, 0, 1, 0, 0, 1, 2]);
  });

  it('a retired question stays retired', () => {
    const retired = run([true, true]).at(-1)!;
    expect(qstreamNext(retired, false)).toBe(retired);
  });

  it('for any answers: retired exactly when the last two answers were right (before any earlier retirement)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), (answers) => {
        const firstPair = answers.findIndex((a, i) => i > 0 && a && answers[i - 1]);
        const states = run(answers);
        states.forEach((state, i) => {
          expect(state.retired).toBe(firstPair !== -1 && i >= firstPair);
          if (!state.retired) expect(state.nextInDays).toBe(answers[i] ? 24 : 12);
        });
      }),
    );
  });
});
