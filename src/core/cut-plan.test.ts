import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CutPlanInput, type PlannedClip, planCutPoints } from './cut-plan.ts';

/** Float slack for sums of seconds (cut points are rounded to milliseconds, lengths are differences of them). */
const EPSILON = 1e-9;

const timeline = fc
  .record({
    durationSeconds: fc.double({ min: 0.5, max: 2 * 3600, noNaN: true }),
    silenceFractions: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 8, noNaN: true })), { maxLength: 80 }),
    sceneFractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 80 }),
    keyframeStep: fc.option(fc.double({ min: 0.5, max: 12, noNaN: true })),
  })
  .map(({ durationSeconds, silenceFractions, sceneFractions, keyframeStep }): CutPlanInput => ({
    durationSeconds,
    silences: silenceFractions.map(([at, length]) => ({ startSeconds: at * durationSeconds, endSeconds: at * durationSeconds + length })),
    scenes: sceneFractions.map((at) => at * durationSeconds),
    ...(keyframeStep === null ? {} : { keyframes: Array.from({ length: Math.floor(durationSeconds / keyframeStep) + 1 }, (_, i) => i * keyframeStep) }),
  }));

const options = fc.record({
  maxClipSeconds: fc.double({ min: 5, max: 600, noNaN: true }),
  targetFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
  minClipSeconds: fc.double({ min: 0, max: 60, noNaN: true }),
});

/** The clips that break the rules (as plain checks: a long plan has over a thousand clips). */
function misplacedClips(clips: PlannedClip[], duration: number, maxClipSeconds: number): PlannedClip[] {
  return clips.filter(
    (clip, i) =>
      !(clip.endSeconds > clip.startSeconds) ||
      clip.endSeconds - clip.startSeconds > maxClipSeconds + EPSILON ||
      clip.startSeconds !== (i === 0 ? 0 : clips[i - 1]!.endSeconds) ||
      (i === clips.length - 1 && clip.endSeconds !== duration),
  );
}

describe('planCutPoints', () => {
  it('covers the whole recording in order, with no gap or overlap, every clip within the maximum, the same plan every time', () => {
    fc.assert(
      fc.property(timeline, options, (input, { maxClipSeconds, targetFraction, minClipSeconds }) => {
        const settings = { maxClipSeconds, targetSeconds: maxClipSeconds * targetFraction, minClipSeconds };
        const clips = planCutPoints(input, settings);
        expect(clips.length).toBeGreaterThan(0);
        expect(misplacedClips(clips, input.durationSeconds, maxClipSeconds)).toEqual([]);
        expect(planCutPoints(input, settings)).toEqual(clips);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a clip shorter than the minimum unless the recording is shorter than the maximum', () => {
    fc.assert(
      fc.property(timeline, options, (input, { maxClipSeconds, targetFraction, minClipSeconds }) => {
        const clips = planCutPoints(input, { maxClipSeconds, targetSeconds: maxClipSeconds * targetFraction, minClipSeconds });
        if (clips.length === 1) return;
        const floor = Math.min(minClipSeconds, maxClipSeconds / 2);
        expect(clips.filter((clip) => clip.endSeconds - clip.startSeconds < floor - 0.001)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('does not change its input', () => {
    fc.assert(
      fc.property(timeline, (input) => {
        const copy = structuredClone(input);
        planCutPoints(input, { maxClipSeconds: 30, targetSeconds: 20 });
        expect(input).toEqual(copy);
      }),
      { numRuns: 50 },
    );
  });

  it('returns the whole recording as one clip when it fits', () => {
    expect(planCutPoints({ durationSeconds: 70.5, silences: [{ startSeconds: 30, endSeconds: 31 }], scenes: [40] })).toEqual([
      { startSeconds: 0, endSeconds: 70.5, reason: 'end' },
    ]);
  });

  it('cuts in the pause nearest the target length, in its middle', () => {
    const clips = planCutPoints(
      {
        durationSeconds: 200,
        silences: [
          { startSeconds: 40, endSeconds: 41 },
          { startSeconds: 70, endSeconds: 72 },
          { startSeconds: 150, endSeconds: 151 },
        ],
        scenes: [75],
      },
      { maxClipSeconds: 120, targetSeconds: 75 },
    );
    expect(clips).toEqual([
      { startSeconds: 0, endSeconds: 71, reason: 'silence' },
      { startSeconds: 71, endSeconds: 150.5, reason: 'silence' },
      { startSeconds: 150.5, endSeconds: 200, reason: 'end' },
    ]);
  });

  it('prefers a pause anywhere in reach to a scene change at the target', () => {
    const clips = planCutPoints({ durationSeconds: 150, silences: [{ startSeconds: 20, endSeconds: 21 }], scenes: [75] }, { maxClipSeconds: 120, targetSeconds: 75 });
    expect(clips[0]).toEqual({ startSeconds: 0, endSeconds: 20.5, reason: 'silence' });
  });

  it('cuts at the scene change nearest the target when there is no pause in reach', () => {
    const clips = planCutPoints({ durationSeconds: 150, silences: [{ startSeconds: 125, endSeconds: 126 }], scenes: [30, 80, 119] }, { maxClipSeconds: 120, targetSeconds: 75 });
    expect(clips[0]).toEqual({ startSeconds: 0, endSeconds: 80, reason: 'scene' });
  });

  it('cuts at the limit when there is neither', () => {
    const clips = planCutPoints({ durationSeconds: 300, silences: [], scenes: [] }, { maxClipSeconds: 120, targetSeconds: 75 });
    expect(clips).toEqual([
      { startSeconds: 0, endSeconds: 120, reason: 'limit' },
      { startSeconds: 120, endSeconds: 240, reason: 'limit' },
      { startSeconds: 240, endSeconds: 300, reason: 'end' },
    ]);
  });

  it('leaves no tiny last clip: the cut before it moves back so the last one keeps the minimum', () => {
    const clips = planCutPoints({ durationSeconds: 125, silences: [], scenes: [] }, { maxClipSeconds: 120, targetSeconds: 75, minClipSeconds: 10 });
    expect(clips).toEqual([
      { startSeconds: 0, endSeconds: 115, reason: 'limit' },
      { startSeconds: 115, endSeconds: 125, reason: 'end' },
    ]);
    // A pause 3 s before the end is out of reach for the same reason.
    const withLatePause = planCutPoints({ durationSeconds: 125, silences: [{ startSeconds: 121, endSeconds: 123 }], scenes: [] }, { maxClipSeconds: 120 });
    expect(withLatePause.at(-1)!.endSeconds - withLatePause.at(-1)!.startSeconds).toBeGreaterThanOrEqual(10);
  });

  it('cuts on a keyframe inside the pause, or one within the tolerance of a scene change, so the clip can be copied', () => {
    const keyframes = Array.from({ length: 101 }, (_, i) => i * 2); // every 2 s
    const atPause = planCutPoints({ durationSeconds: 200, silences: [{ startSeconds: 73.1, endSeconds: 74.5 }], scenes: [], keyframes }, { maxClipSeconds: 120 });
    expect(atPause[0]).toEqual({ startSeconds: 0, endSeconds: 74, reason: 'silence' });
    const atScene = planCutPoints({ durationSeconds: 200, silences: [], scenes: [76.04], keyframes }, { maxClipSeconds: 120 });
    expect(atScene[0]).toEqual({ startSeconds: 0, endSeconds: 76, reason: 'scene' });
    const atLimit = planCutPoints({ durationSeconds: 200, silences: [], scenes: [], keyframes: [0, 50, 99, 121] }, { maxClipSeconds: 120 });
    expect(atLimit[0]).toEqual({ startSeconds: 0, endSeconds: 99, reason: 'limit' });
  });

  it('ignores pauses and scene changes outside the recording and silences that end before they start', () => {
    const clips = planCutPoints(
      { durationSeconds: 130, silences: [{ startSeconds: -5, endSeconds: -1 }, { startSeconds: 60, endSeconds: 50 }], scenes: [-3, 400, Number.NaN] },
      { maxClipSeconds: 120 },
    );
    expect(clips.map((c) => c.reason)).toEqual(['limit', 'end']);
  });

  it('rejects a duration that is not a positive number and a maximum under a second', () => {
    expect(() => planCutPoints({ durationSeconds: 0, silences: [], scenes: [] })).toThrow(RangeError);
    expect(() => planCutPoints({ durationSeconds: Number.NaN, silences: [], scenes: [] })).toThrow(RangeError);
    expect(() => planCutPoints({ durationSeconds: 10, silences: [], scenes: [] }, { maxClipSeconds: 0.5 })).toThrow(RangeError);
  });
});
