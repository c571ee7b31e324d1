/**
 * Cut points for a recording without a transcript: where to break it into clips, given where its pauses and
 * scene changes are. Pure: the detection (ffmpeg) happens at the edge (`server/modules/import/cut-points.ts`),
 * so the choosing can be tested on any timeline without media.
 *
 * The clips always cover the whole recording, in order, with no gap and no overlap, each at most
 * `maxClipSeconds` long and (unless the recording itself is shorter) at least `minClipSeconds`: a lesson of a few
 * seconds is a fragment, not a lesson.
 */

/** A stretch of the recording, in seconds from its start. */
export interface TimeSpan {
  startSeconds: number;
  endSeconds: number;
}

/**
 * Why a clip ends where it does: at a pause, at a scene change, at the length limit (no pause or scene change was
 * in reach), or at the end of the recording (the last clip).
 */
export type CutReason = 'silence' | 'scene' | 'limit' | 'end';

/** One proposed clip. */
export interface PlannedClip extends TimeSpan {
  reason: CutReason;
}

/** What is known about the recording. */
export interface CutPlanInput {
  durationSeconds: number;
  /** Pauses (ffmpeg's `silencedetect`), in any order; they may overlap the recording's ends. */
  silences: readonly TimeSpan[];
  /** Times of scene changes, in any order. */
  scenes: readonly number[];
  /**
   * Times of the video's keyframes, when known. A cut on a keyframe lets the clip be cut by stream copy (fast and
   * lossless), so among equally good points inside a pause, or within `keyframeToleranceSeconds` of a scene
   * change, the planner takes a keyframe.
   */
  keyframes?: readonly number[];
}

/** How long the clips should be. */
export interface CutPlanOptions {
  /** No clip is longer (default 120: Morsel's lessons last two minutes or less). */
  maxClipSeconds?: number;
  /**
   * The length aimed at: the planner cuts at the pause (else scene change) nearest this length (default 75, or
   * 0.625 × `maxClipSeconds` when that is less; never more than the maximum).
   */
  targetSeconds?: number;
  /** No clip is shorter, unless the whole recording is (default 10; at most half of `maxClipSeconds`). */
  minClipSeconds?: number;
  /** How far from a scene change a keyframe may be and still be taken instead (default 0.1). */
  keyframeToleranceSeconds?: number;
}

/** Cut points are rounded to milliseconds: finer means nothing to a player and makes plans harder to read. */
const roundMs = (seconds: number) => Math.round(seconds * 1000) / 1000;
const floorMs = (seconds: number) => Math.floor(seconds * 1000 + 1e-6) / 1000;

interface Candidate {
  at: number;
  /** Breaks ties between candidates equally near the target: a longer pause is the clearer break. */
  weight: number;
}

/**
 * Splits a recording into clips: each cut goes at the pause nearest the target length, else the scene change
 * nearest it, else at the length limit; every cut leaves at least `minClipSeconds` on both sides, so there is never a
 * tiny last clip to merge. Deterministic: the same input gives the same plan.
 * @throws RangeError when the duration is not a positive number or the options contradict themselves
 *   (a maximum under 1 s, a non-positive target).
 */
export function planCutPoints(input: CutPlanInput, options: CutPlanOptions = {}): PlannedClip[] {
  const duration = input.durationSeconds;
  if (!Number.isFinite(duration) || duration <= 0) throw new RangeError(`The recording's duration must be a positive number of seconds, not ${duration}.`);
  const max = options.maxClipSeconds ?? 120;
  if (!Number.isFinite(max) || max < 1) throw new RangeError(`maxClipSeconds must be at least 1, not ${max}.`);
  // 75 s of 120: a lower maximum without a target of its own keeps the same proportion.
  const target = Math.min(options.targetSeconds ?? Math.min(75, max * 0.625), max);
  if (!Number.isFinite(target) || target <= 0) throw new RangeError(`targetSeconds must be a positive number, not ${options.targetSeconds}.`);
  // At most half the maximum, so a cut always has room: see `chooseCut`.
  const min = Math.max(0, Math.min(options.minClipSeconds ?? 10, max / 2));
  const tolerance = options.keyframeToleranceSeconds ?? 0.1;

  const keyframes = [...(input.keyframes ?? [])].filter(Number.isFinite).sort((a, b) => a - b);
  const byTime = (a: Candidate, b: Candidate) => a.at - b.at;
  const pauses = pausePoints(input.silences, keyframes).sort(byTime);
  const scenes = scenePoints(input.scenes, keyframes, tolerance).sort(byTime);

  const clips: PlannedClip[] = [];
  let start = 0;
  while (duration - start > max) {
    const cut = chooseCut(start, { duration, max, target, min }, pauses, scenes, keyframes);
    clips.push({ startSeconds: start, endSeconds: cut.at, reason: cut.reason });
    start = cut.at;
  }
  clips.push({ startSeconds: start, endSeconds: duration, reason: 'end' });
  return clips;
}

/**
 * The next cut after `start`. It lies in [start + min, min(start + max, duration − min)]: the clip fits, and what
 * remains is never shorter than `min`. That window is never empty, because this is only asked while more than `max`
 * remains and `min` ≤ `max` / 2. Candidate lists are sorted by time, so each cut looks only at what is in reach.
 */
function chooseCut(
  start: number,
  limits: { duration: number; max: number; target: number; min: number },
  pauses: readonly Candidate[],
  scenes: readonly Candidate[],
  keyframes: readonly number[],
): { at: number; reason: CutReason } {
  const earliest = start + limits.min;
  const exactLatest = Math.min(start + limits.max, limits.duration - limits.min);
  // Rounded down to a millisecond unless that would close the window.
  const latest = floorMs(exactLatest) >= earliest ? floorMs(exactLatest) : exactLatest;
  const aim = start + limits.target;
  const nearest = (candidates: readonly Candidate[]) => {
    let best: Candidate | undefined;
    for (let i = firstIndexFrom(candidates, earliest, (c) => c.at); i < candidates.length; i += 1) {
      const c = candidates[i]!;
      if (c.at > latest) break;
      if (c.at <= start) continue;
      if (!best) {
        best = c;
        continue;
      }
      const d = Math.abs(c.at - aim) - Math.abs(best.at - aim);
      if (d < -1e-9 || (Math.abs(d) <= 1e-9 && c.weight > best.weight)) best = c;
    }
    return best;
  };

  const pause = nearest(pauses);
  if (pause) return { at: pause.at, reason: 'silence' };
  const scene = nearest(scenes);
  if (scene) return { at: scene.at, reason: 'scene' };
  // No natural break in reach: cut at the limit, or at the last keyframe of the clip's second half, if there is one,
  // so the clip can still be copied rather than re-encoded.
  const lastKeyframe = keyframes[firstIndexFrom(keyframes, latest, (k) => k, true) - 1];
  const isUsable = lastKeyframe !== undefined && lastKeyframe > start && lastKeyframe >= Math.max(earliest, start + limits.max / 2);
  return { at: isUsable ? lastKeyframe : latest, reason: 'limit' };
}

/** Where to cut inside each pause: the keyframe nearest its middle if one falls inside, else the middle. */
function pausePoints(silences: readonly TimeSpan[], keyframes: readonly number[]): Candidate[] {
  return silences
    .filter((s) => Number.isFinite(s.startSeconds) && Number.isFinite(s.endSeconds) && s.endSeconds > s.startSeconds)
    .map((s) => {
      const middle = (s.startSeconds + s.endSeconds) / 2;
      const inside = keyframes.slice(firstIndexFrom(keyframes, s.startSeconds, (k) => k, true), firstIndexFrom(keyframes, s.endSeconds, (k) => k));
      const at = inside.length > 0 ? closestTo(inside, middle) : roundMs(middle);
      return { at, weight: s.endSeconds - s.startSeconds };
    });
}

/** Each scene change, moved onto a keyframe when one is within `tolerance` (encoders usually put one there). */
function scenePoints(scenes: readonly number[], keyframes: readonly number[], tolerance: number): Candidate[] {
  return scenes.filter(Number.isFinite).map((time) => {
    const near = keyframes.slice(firstIndexFrom(keyframes, time - tolerance, (k) => k), firstIndexFrom(keyframes, time + tolerance, (k) => k, true));
    return { at: near.length > 0 ? closestTo(near, time) : roundMs(time), weight: 0 };
  });
}

/**
 * Binary search in a list sorted by `key`: the first index whose key is ≥ `value` (> `value` when `isStrict`), or
 * the list's length when there is none.
 */
function firstIndexFrom<T>(sorted: readonly T[], value: number, key: (item: T) => number, isStrict = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const k = key(sorted[middle]!);
    if (isStrict ? k <= value : k < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The value nearest `to`; the earlier of two equally near. `values` is sorted and not empty. */
function closestTo(values: readonly number[], to: number): number {
  return values.reduce((best, v) => (Math.abs(v - to) < Math.abs(best - to) - 1e-12 ? v : best));
}
