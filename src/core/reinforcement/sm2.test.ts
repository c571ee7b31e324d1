import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SM2_INITIAL_STATE, SM2_MIN_EASE_FACTOR, type Sm2Quality, type Sm2State, sm2Answer, sm2Next, sm2QualityOf } from './sm2.ts';

/** Applies the answers in turn from a new item; returns every state. */
function run(answers: readonly (boolean | Sm2Quality)[]): Sm2State[] {
  const states: Sm2State[] = [];
  let state: Sm2State = SM2_INITIAL_STATE;
  for (const answer of answers) {
    state = typeof answer === 'boolean' ? sm2Answer(state, answer) : sm2Next(state, answer);
    states.push(state);
  }
  return states;
}

describe('SM-2', () => {
  it('maps a right answer to quality 4 and a wrong one to quality 1', () => {
    expect(sm2QualityOf(true)).toBe(4);
    expect(sm2QualityOf(false)).toBe(1);
  });

  it('right ×4 (q = 4): intervals 1, 6, 15, 38 with the E-Factor staying 2.5 (q = 4 changes it by 0.1 − 1·(0.08 + 0.02) = 0)', () => {
    const states = run([true, true, true, true]);
    // 6 · 2.5 = 15; 15 · 2.5 = 37.5 → 38.
    expect(states.map((s) => s.intervalDays)).toEqual([1, 6, 15, 38]);
    expect(states.map((s) => s.repetition)).toEqual([1, 2, 3, 4]);
    for (const s of states) expect(s.easeFactor).toBeCloseTo(2.5, 12);
  });

  it('perfect ×4 (q = 5): the E-Factor grows 2.6, 2.7, 2.8, 2.9; each interval uses the E-Factor before its own update', () => {
    const states = run([5, 5, 5, 5]);
    // 1; 6; round(6 · 2.7) = round(16.2) = 16; round(16 · 2.8) = round(44.8) = 45.
    expect(states.map((s) => s.intervalDays)).toEqual([1, 6, 16, 45]);
    expect(states.map((s) => s.easeFactor)).toEqual([2.6, 2.7, 2.8, 2.9].map((x) => expect.closeTo(x, 12)));
  });

  it('a wrong answer restarts the repetitions (interval 1) and takes 0.54 off the E-Factor', () => {
    const states = run([true, true, false, true, true, true]);
    expect(states.map((s) => s.intervalDays)).toEqual([1, 6, 1, 1, 6, 12]); // round(6 · 1.96) = round(11.76) = 12
    expect(states.map((s) => s.repetition)).toEqual([1, 2, 0, 1, 2, 3]);
    expect(states[2]!.easeFactor).toBeCloseTo(1.96, 12);
    expect(states[5]!.easeFactor).toBeCloseTo(1.96, 12);
  });

  it('q = 3 takes 0.14 off; the E-Factor never goes below 1.3', () => {
    expect(sm2Next(SM2_INITIAL_STATE, 3).easeFactor).toBeCloseTo(2.36, 12);
    expect(run([false, false, false, false]).map((s) => s.easeFactor)).toEqual([1.96, 1.42, 1.3, 1.3].map((x) => expect.closeTo(x, 12)));
  });

  it('rejects a quality outside 0..5', () => {
    expect(() => sm2Next(SM2_INITIAL_STATE, 6 as Sm2Quality)).toThrow(RangeError);
  });

  it('for any answers: E-Factor ≥ 1.3, intervals are whole days ≥ 1, a run of right answers never shortens the interval', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), (qualities) => {
        let state: Sm2State = SM2_INITIAL_STATE;
        for (const q of qualities as Sm2Quality[]) {
          const next = sm2Next(state, q);
          expect(next.easeFactor).toBeGreaterThanOrEqual(SM2_MIN_EASE_FACTOR);
          expect(Number.isInteger(next.intervalDays) && next.intervalDays >= 1).toBe(true);
          if (q >= 3 && state.repetition > 0) expect(next.intervalDays).toBeGreaterThanOrEqual(state.intervalDays);
          if (q < 3) expect(next).toMatchObject({ repetition: 0, intervalDays: 1 });
          state = next;
        }
      }),
    );
  });
});
