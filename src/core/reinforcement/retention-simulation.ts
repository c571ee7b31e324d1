/**
 * The retention simulation behind `npm run bench -- retention` (bench/retention.bench.ts): one synthetic population
 * whose memory follows the ACT-R model of `memory-model.ts` (not FSRS), taught the same items on day 0, then
 * reinforced by each policy in turn with the SAME learners, items and random numbers (common random numbers).
 * Each quiz answer uses the uniform number of its (seed, learner, item, day), so one policy's schedule never shifts
 * another's randomness: when two policies ask the same learner the same item on the same day with the same memory,
 * they get the same answer.
 *
 * It lives in src/core (not bench/) because it is pure and tested like the rest of the core; nothing in the
 * product imports it.
 *
 * Days are whole numbers; the lesson is at the start of day 0 and its own question, a minute later, is the first
 * answer every policy sees (as in Morsel, where answering a lesson's question creates the review item). A learner
 * answers every item that falls due on a day, once, at the start of that day (no daily cap, no missed days).
 * Retention on day D is read at the start of day D, before that day's reviews, as the model's true mean recall
 * probability: a surprise test's expected score, which changes no memory.
 */
import { type Item, type Learner, lesson, type MemoryModelParameters, type MemoryTrace, newMemory, normal, recallProbability, retrieve, seededRandom, drawItem, drawLearner, hashInts, uniformAt } from './memory-model.ts';
import { QSTREAM_INITIAL_STATE, type QstreamState, qstreamNext } from './qstream.ts';
import type { ReviewHistories } from './review-histories.ts';
import { newReviewCard, ratingOf, type ReviewCard, retrievability, type SchedulerSettings, scheduleReview } from './scheduler.ts';
import { SM2_INITIAL_STATE, type Sm2State, sm2Answer } from './sm2.ts';

const DAY_MS = 86_400_000;
/** Day 0 of the simulation (any fixed instant: FSRS only sees differences). */
const EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);
const dateOf = (day: number) => new Date(EPOCH + day * DAY_MS);
const startOf = (day: number) => ({ day, second: 0 });

/** A policy's state for one learner × item and when it asks next. */
export interface Scheduled<S> {
  state: S;
  /** The day the item is next asked; null when never again (retired, or no reviews at all). */
  dueDay: number | null;
}

/** A reinforcement policy: pure functions of (state, answer, day). */
export interface Policy<S> {
  label: string;
  /** After the lesson's own question on `day`. */
  first(correct: boolean, day: number): Scheduled<S>;
  /** After a review on `day`. */
  next(state: S, correct: boolean, day: number): Scheduled<S>;
  /** The scheduler's own estimate of the recall probability on `day` (FSRS only), to check its calibration. */
  predict?(state: S, day: number): number;
}

/** Morsel's FSRS-6 scheduling (scheduler.ts `scheduleReview`), unchanged; the due instant is rounded to a day. */
export function fsrsPolicy(settings: SchedulerSettings, label = `FSRS-6 (Morsel) r=${settings.desiredRetention}`): Policy<ReviewCard> {
  const scheduled = (card: ReviewCard, day: number): Scheduled<ReviewCard> => {
    const dueDay = Math.round((Date.parse(card.due) - EPOCH) / DAY_MS);
    // Daily granularity: a card due later the same day (FSRS never does this without short-term steps) is asked tomorrow.
    return { state: card, dueDay: Math.max(dueDay, day + 1) };
  };
  return {
    label,
    first: (correct, day) => scheduled(scheduleReview(newReviewCard(dateOf(day)), correct, dateOf(day), settings).card, day),
    next: (card, correct, day) => scheduled(scheduleReview(card, correct, dateOf(day), settings).card, day),
    predict: (card, day) => retrievability(card, dateOf(day), settings),
  };
}

/** Qstream's published rule (qstream.ts). */
export const qstreamPolicy: Policy<QstreamState> = {
  label: "Qstream's rule (missed → 12 d, right → 24 d, retired after 2 right in a row)",
  first: (correct, day) => qstreamScheduled(qstreamNext(QSTREAM_INITIAL_STATE, correct), day),
  next: (state, correct, day) => qstreamScheduled(qstreamNext(state, correct), day),
};

function qstreamScheduled(state: QstreamState, day: number): Scheduled<QstreamState> {
  return { state, dueDay: state.nextInDays === null ? null : day + state.nextInDays };
}

/** SM-2 (sm2.ts): right → quality 4, wrong → quality 1. */
export const sm2Policy: Policy<Sm2State> = {
  label: 'SM-2 (right → q4, wrong → q1)',
  first: (correct, day) => {
    const state = sm2Answer(SM2_INITIAL_STATE, correct);
    return { state, dueDay: day + state.intervalDays };
  },
  next: (state, correct, day) => {
    const after = sm2Answer(state, correct);
    return { state: after, dueDay: day + after.intervalDays };
  },
};

/** The lesson only. */
export const noReviewPolicy: Policy<null> = {
  label: 'no reinforcement (the lesson only)',
  first: () => ({ state: null, dueDay: null }),
  next: () => ({ state: null, dueDay: null }),
};

/** The simulated learners and items; every policy runs on the same one. */
export interface Population {
  seed: number;
  learners: Learner[];
  items: Item[];
  /** The memory of learner l for item i before the lesson, at [l * items.length + i]. */
  memories: MemoryTrace[];
  params: MemoryModelParameters;
}

/** Learners, items and their learner × item memories, all from `seed`. */
export function makePopulation(seed: number, learnerCount: number, itemCount: number, params: MemoryModelParameters): Population {
  const learnerRandom = seededRandom(hashInts(seed, 1));
  const itemRandom = seededRandom(hashInts(seed, 2));
  const pairRandom = seededRandom(hashInts(seed, 3));
  const learners = Array.from({ length: learnerCount }, () => drawLearner(learnerRandom, params));
  const items = Array.from({ length: itemCount }, () => drawItem(itemRandom, params));
  const memories = learners.flatMap((learner) => items.map((item) => newMemory(learner, item, normal(pairRandom), params)));
  return { seed, learners, items, memories, params };
}

/** What one policy did to the population by day 90. */
export interface SimulationResult {
  label: string;
  learnerItems: number;
  /** Mean true recall probability at the start of day 30 / 90. */
  retention30: number;
  retention90: number;
  /** Share of learner × items with recall probability ≥ 0.9 at the start of day 90. */
  shareAbove90At90: number;
  /** Mean true recall probability over the starts of days 1..90 (the area under the retention curve ÷ 90). */
  meanRetention1to90: number;
  /** Reviews on days 1..89 (the lesson's own question on day 0 is not counted: every policy has it). */
  reviews: number;
  correctReviews: number;
  /** Mean true recall probability at the moment of the reviews. */
  meanTrueRecallAtReview: number | null;
  /** The scheduler's own mean predicted recall probability at review time (FSRS only). */
  meanPredictedRecallAtReview: number | null;
  /** Learner × items no longer scheduled by day 90 (retired by the rule). */
  retiredShare: number;
  /** The daily load on the busiest day: reviews per learner that day. */
  peakReviewsPerLearnerDay: number;
}

/** Days on which the simulation runs reviews: 1 .. HORIZON − 1; retention is read at the start of HORIZON. */
export const HORIZON = 90;

/**
 * Runs one policy over the whole population. Deterministic: the same population and policy give the same result.
 * With `histories`, every learner × item's answers are appended to it as the review log the FSRS optimiser reads
 * (the lesson's answer with delta_t 0, then each review with the whole days since the previous answer; wrong →
 * Again, right → Good, as Morsel logs them), so a benchmark can fit weights the way the product does.
 */
export function simulate<S>(population: Population, policy: Policy<S>, options: { histories?: ReviewHistories['histories'] } = {}): SimulationResult {
  const { learners, items, memories, params, seed } = population;
  const retentionByDay = new Float64Array(HORIZON + 1);
  const reviewsByDay = new Float64Array(HORIZON + 1);
  let above90At90 = 0;
  let reviews = 0;
  let correctReviews = 0;
  let trueAtReview = 0;
  let predictedAtReview = 0;
  let retired = 0;

  for (let l = 0; l < learners.length; l++) {
    for (let i = 0; i < items.length; i++) {
      const taught = lesson(memories[l * items.length + i]!, 0, uniformAt(seed, l, i, 0), params);
      let trace: MemoryTrace = taught.trace;
      let scheduled = policy.first(taught.correct, 0);
      const history = options.histories ? [{ rating: ratingOf(taught.correct), deltaT: 0 }] : undefined;
      let lastAnswerDay = 0;
      let day = 1;
      for (;;) {
        const reviewDay = scheduled.dueDay === null || scheduled.dueDay >= HORIZON ? HORIZON + 1 : scheduled.dueDay;
        // Read retention at the start of every day up to (and including) the review day, before its review.
        for (; day <= Math.min(reviewDay, HORIZON); day++) {
          const p = recallProbability(trace, startOf(day), params);
          retentionByDay[day]! += p;
          if (day === HORIZON && p >= 0.9) above90At90++;
        }
        if (reviewDay > HORIZON) break;
        if (policy.predict) predictedAtReview += policy.predict(scheduled.state, reviewDay);
        const answer = retrieve(trace, startOf(reviewDay), uniformAt(seed, l, i, reviewDay), params);
        reviews++;
        reviewsByDay[reviewDay]! += 1;
        trueAtReview += answer.p;
        if (answer.correct) correctReviews++;
        trace = answer.trace;
        history?.push({ rating: ratingOf(answer.correct), deltaT: reviewDay - lastAnswerDay });
        lastAnswerDay = reviewDay;
        scheduled = policy.next(scheduled.state, answer.correct, reviewDay);
        if (scheduled.dueDay !== null && scheduled.dueDay <= reviewDay) throw new Error(`${policy.label} scheduled day ${scheduled.dueDay} on day ${reviewDay}`);
      }
      if (scheduled.dueDay === null) retired++;
      if (history && history.length > 1) options.histories?.push(history);
    }
  }
  const n = learners.length * items.length;
  let area = 0;
  for (let day = 1; day <= HORIZON; day++) area += retentionByDay[day]!;
  return {
    label: policy.label,
    learnerItems: n,
    retention30: retentionByDay[30]! / n,
    retention90: retentionByDay[HORIZON]! / n,
    shareAbove90At90: above90At90 / n,
    meanRetention1to90: area / (n * HORIZON),
    reviews,
    correctReviews,
    meanTrueRecallAtReview: reviews > 0 ? trueAtReview / reviews : null,
    meanPredictedRecallAtReview: policy.predict && reviews > 0 ? predictedAtReview / reviews : null,
    retiredShare: retired / n,
    peakReviewsPerLearnerDay: Math.max(...reviewsByDay) / learners.length,
  };
}

/** Reviews per learner × item. */
export const reviewsPerItem = (r: SimulationResult): number => r.reviews / r.learnerItems;

/** Reviews ÷ expected retained learner × items at day 90; null when nothing is retained. */
export const reviewsPerRetainedItem = (r: SimulationResult): number | null => (r.retention90 > 0 ? r.reviews / (r.learnerItems * r.retention90) : null);
