/**
 * A synthetic "ground truth" of human memory, for simulating spaced-retrieval schedules (the `retention` benchmark,
 * `retention-simulation.ts`). Pure: every random draw comes from a uniform number or a seeded generator passed in,
 * and time is an argument.
 *
 * ## Why this model, and not FSRS's
 *
 * A benchmark of FSRS must not grade it against its own assumptions. FSRS keeps ONE trace per item with a stability
 * S, forgets along (1 + f·t/S)^−w20 (FSRS-4: (1 + t/(9S))^−1; FSRS-6 default w20 ≈ 0.154), and multiplies S after a
 * success by 1 + e^w8·(11 − D)·S^−w9·(e^(w10·(1−R)) − 1). A power law of another exponent with a similar update rule
 * would be FSRS with other weights. So this is a structurally different, published model: the **ACT-R declarative
 * memory model with activation-dependent decay** of Pavlik & Anderson (2005, "Practice and forgetting effects on
 * vocabulary memory: an activation-based model of the spacing effect", Cognitive Science 29(4), 559–586; extended
 * with learner, item and trial-type parameters in Pavlik & Anderson 2008, J. Exp. Psychol.: Applied 14(2), 101–117).
 *
 * - **Every exposure lays down its own trace** (the lesson, and every quiz answer, since the quiz shows the right
 *   answer after it). Trace k decays as a power of its age: b_k · t_k^(−d_k).
 * - **Activation** m(T) = β + ln Σ_k b_k · t_k^(−d_k), with β = β_learner + β_item + β_learner×item (P&A 2008).
 * - **Recall probability** p = 1 / (1 + e^((τ − m)/s)): logistic in activation, not a function of one stability.
 * - **Spacing effect**: the decay of a new trace depends on the activation at the moment it is laid down,
 *   d_k = c · e^(m(T_k)) + α. Practising an item one knows well (high activation, e.g. a review that comes too soon)
 *   lays down a trace that fades fast; practising it when it has faded lays down a durable one. This is how the model
 *   produces the spacing effect and its growth with the retention interval (P&A 2005).
 * - **Psychological time** (P&A 2005): time between sessions counts as h × real time (memory fades far less per
 *   hour between days than within a study session), time within a session counts in full. Ages are in seconds.
 * - **Per-learner and per-item variation**: β (how well the lesson encodes an item for a learner) and the decay
 *   intercept α (how fast this learner forgets, how fast this item fades) vary by learner, by item, and β also by
 *   learner × item.
 * - **Trial types** (P&A 2008's b_k): the lesson and a successful retrieval weigh b = 1; a miss followed by the shown
 *   answer weighs `failedRetrievalWeight` (successful retrieval is the stronger learning event: the testing effect,
 *   Roediger & Karpicke 2006; a glance at the right answer is less than the two-minute lesson).
 *
 * ## Values
 *
 * c, τ and s are Pavlik & Anderson's (2005) fitted values for vocabulary (c = 0.217, τ = −0.704, s = 0.255), α's
 * median is their decay intercept 0.177. Ours: h = 0.025 (the order of magnitude of their psychological-time factor),
 * the spread of learners and items, `failedRetrievalWeight` 0.5, and β₀, set once so that a population taught a
 * two-minute lesson with one question and never reviewed answers that question right ≈ 0.93 of the time, then
 * recalls ≈ 0.72 the next day, ≈ 0.33 after a month and ≈ 0.25 after three months (bench/README.md, "retention"). They were set with no scheduler run against them and
 * were not changed after the schedulers' results were seen.
 *
 * ## What the model leaves out (assumptions)
 *
 * No interference between items, no guessing (a multiple-choice question answered right by chance), no sleep or
 * context effects, no practice outside the quizzes, no ceiling on learning (P&A 2008's u, v), and a review's outcome
 * is a pure Bernoulli draw of the model's p.
 */

/** The model's constants (see the module comment for where each value comes from). */
export interface MemoryModelParameters {
  /** c: how much a new trace's decay grows with the activation when it is laid down (P&A 2005: 0.217). */
  decayScale: number;
  /** α: the decay intercept of the median learner on the median item (P&A 2005: 0.177). */
  decayIntercept: number;
  /** τ: the retrieval threshold, in activation units (P&A 2005: −0.704). */
  threshold: number;
  /** s: the activation noise, the logistic's scale (P&A 2005: 0.255). */
  noise: number;
  /** h: between sessions, one real second counts as h psychological seconds. */
  betweenSessionScale: number;
  /** β₀: the baseline activation of the median learner on the median item. */
  baseline: number;
  /** σ of β across learners, across items, and across learner × item pairs. */
  learnerBaselineSigma: number;
  itemBaselineSigma: number;
  pairBaselineSigma: number;
  /** σ of ln α across learners and across items (α = decayIntercept · e^(σ_l·z_l + σ_i·z_i)). */
  learnerDecaySigma: number;
  itemDecaySigma: number;
  /** b of the trace laid down by a missed quiz question whose right answer is then shown (1 for the others). */
  failedRetrievalWeight: number;
  /** Seconds between the lesson's start and its own question. */
  lessonQuestionDelaySeconds: number;
}

/** The values the benchmark uses; set before any scheduler was run against them. */
export const DEFAULT_MEMORY_PARAMETERS: Readonly<MemoryModelParameters> = Object.freeze({
  decayScale: 0.217,
  decayIntercept: 0.177,
  threshold: -0.704,
  noise: 0.255,
  betweenSessionScale: 0.025,
  baseline: 1.0,
  learnerBaselineSigma: 0.25,
  itemBaselineSigma: 0.25,
  pairBaselineSigma: 0.15,
  learnerDecaySigma: 0.2,
  itemDecaySigma: 0.2,
  failedRetrievalWeight: 0.5,
  lessonQuestionDelaySeconds: 60,
});

/** A learner's constants. */
export interface Learner {
  /** β_learner: added to the activation of every item. */
  baseline: number;
  /** e^(σ·z): multiplies the decay intercept of every item (above 1: forgets faster). */
  decayFactor: number;
}

/** An item's constants. */
export interface Item {
  /** β_item (below 0: harder to learn). */
  baseline: number;
  /** e^(σ·z): multiplies the decay intercept for every learner (above 1: fades faster). */
  decayFactor: number;
}

/** A moment: a whole day since the lesson, and seconds into that day's session. */
export interface Moment {
  day: number;
  second: number;
}

/** One exposure's trace. */
export interface Presentation {
  at: Moment;
  /** d_k, fixed when the trace is laid down. */
  decay: number;
  /** b_k. */
  weight: number;
}

/** A learner × item memory: its constants and every trace laid down so far (oldest first). */
export interface MemoryTrace {
  /** β = β_learner + β_item + β_pair. */
  baseline: number;
  /** α for this learner × item. */
  decayIntercept: number;
  presentations: readonly Presentation[];
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness (no Math.random anywhere)

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** 32-bit integer hash of a list of integers (murmur3-style finaliser over a running mix). */
export function hashInts(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/** A uniform number in [0, 1) determined by its key alone, e.g. (seed, learner, item, day). */
export function uniformAt(...key: readonly number[]): number {
  return hashInts(...key) / 4_294_967_296;
}

/** mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  const u = 1 - random(); // (0, 1]
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// ---------------------------------------------------------------------------------------------------------------
// The model

/** A learner: baseline and forgetting speed drawn around the median (β 0, decay factor 1). */
export function drawLearner(random: Random, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): Learner {
  return { baseline: params.learnerBaselineSigma * normal(random), decayFactor: Math.exp(params.learnerDecaySigma * normal(random)) };
}

/** An item: baseline and how fast it fades, drawn around the median. */
export function drawItem(random: Random, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): Item {
  return { baseline: params.itemBaselineSigma * normal(random), decayFactor: Math.exp(params.itemDecaySigma * normal(random)) };
}

/**
 * A learner × item memory before the lesson: no trace yet. `pairZ` is a standard normal draw for the learner × item
 * part of β (0 for none).
 */
export function newMemory(learner: Learner, item: Item, pairZ: number, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): MemoryTrace {
  return {
    baseline: params.baseline + learner.baseline + item.baseline + params.pairBaselineSigma * pairZ,
    decayIntercept: params.decayIntercept * learner.decayFactor * item.decayFactor,
    presentations: [],
  };
}

/** Psychological seconds from `from` to `to`: in full within a day's session, × h between days; at least 1 s. */
export function psychologicalAge(from: Moment, to: Moment, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): number {
  const days = to.day - from.day;
  const seconds = days === 0 ? to.second - from.second : params.betweenSessionScale * 86_400 * days + (to.second - from.second);
  return Math.max(1, seconds);
}

/** Activation m at `at` from the traces laid down before it; −∞ when there are none. */
export function activation(trace: MemoryTrace, at: Moment, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): number {
  let sum = 0;
  for (const p of trace.presentations) {
    if (p.at.day > at.day || (p.at.day === at.day && p.at.second >= at.second)) continue;
    sum += p.weight * psychologicalAge(p.at, at, params) ** -p.decay;
  }
  return sum > 0 ? trace.baseline + Math.log(sum) : -Infinity;
}

/** The ground-truth probability of recall at `at`: 1 / (1 + e^((τ − m)/s)). */
export function recallProbability(trace: MemoryTrace, at: Moment, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): number {
  const m = activation(trace, at, params);
  if (m === -Infinity) return 0;
  return 1 / (1 + Math.exp((params.threshold - m) / params.noise));
}

/** The memory after an exposure at `at` of weight `weight`: a new trace whose decay is c·e^m + α (m before it). */
export function present(trace: MemoryTrace, at: Moment, weight = 1, params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS): MemoryTrace {
  const m = activation(trace, at, params);
  const decay = params.decayScale * Math.exp(m) + trace.decayIntercept;
  return { ...trace, presentations: [...trace.presentations, { at, decay, weight }] };
}

/** One quiz question at `at`: recall is right when `u` < p; the right answer is shown either way. */
export function retrieve(
  trace: MemoryTrace,
  at: Moment,
  u: number,
  params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS,
): { correct: boolean; p: number; trace: MemoryTrace } {
  const p = recallProbability(trace, at, params);
  const correct = u < p;
  return { correct, p, trace: present(trace, at, correct ? 1 : params.failedRetrievalWeight, params) };
}

/** The lesson on `day`: an exposure at the session's start, then its own question after a minute, answered with `u`. */
export function lesson(
  trace: MemoryTrace,
  day: number,
  u: number,
  params: MemoryModelParameters = DEFAULT_MEMORY_PARAMETERS,
): { correct: boolean; p: number; trace: MemoryTrace } {
  const taught = present(trace, { day, second: 0 }, 1, params);
  return retrieve(taught, { day, second: params.lessonQuestionDelaySeconds }, u, params);
}
