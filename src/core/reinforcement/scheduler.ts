/**
 * Spaced retrieval practice with FSRS-6 (ts-fsrs). Pure: the card state goes in, the next state comes out, and
 * time is an argument. A quiz answer maps to a rating the way FSRS's author advises: wrong → Again, right → Good
 * (never Hard for a wrong answer, never Easy for a fast one: a quick right answer may be a guess).
 */
import { type Card, createEmptyCard, fsrs, type FSRSParameters, Rating, State } from 'ts-fsrs';

/** A review item's memory state as stored (JSON-safe: dates as ISO text). */
export interface ReviewCard {
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** 0 new, 1 learning, 2 review, 3 relearning. */
  state: 0 | 1 | 2 | 3;
  lastReview: string | null;
}

/** One review as the optimiser (@open-spaced-repetition/binding) reads it: the state *before* the review. */
export interface ReviewLogEntry {
  reviewedAt: string;
  rating: 1 | 3;
  stateBefore: 0 | 1 | 2 | 3;
  correct: boolean;
}

export interface SchedulerSettings {
  /** The recall probability to keep at each review, from the lesson's objective (0.70–0.99). */
  desiredRetention: number;
  /** Longest gap between reviews, in days: workplace knowledge should not vanish for years. */
  maximumIntervalDays: number;
  /** Weights fitted for the organisation; the FSRS-6 defaults when absent. */
  weights?: readonly number[] | undefined;
}

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = Object.freeze({ desiredRetention: 0.9, maximumIntervalDays: 365 });

function schedulerFor(settings: SchedulerSettings) {
  const params: Partial<FSRSParameters> = {
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumIntervalDays,
    // Learners get at most one push a day: no minute-scale (re)learning steps.
    enable_short_term: false,
    enable_fuzz: false,
    ...(settings.weights ? { w: [...settings.weights] } : {}),
  };
  return fsrs(params);
}

const toCard = (card: ReviewCard): Card => ({
  due: new Date(card.due),
  stability: card.stability,
  difficulty: card.difficulty,
  elapsed_days: 0,
  scheduled_days: card.scheduledDays,
  learning_steps: card.learningSteps,
  reps: card.reps,
  lapses: card.lapses,
  state: card.state as State,
  last_review: card.lastReview ? new Date(card.lastReview) : undefined,
});

const fromCard = (card: Card): ReviewCard => ({
  due: card.due.toISOString(),
  stability: card.stability,
  difficulty: card.difficulty,
  scheduledDays: card.scheduled_days,
  learningSteps: card.learning_steps,
  reps: card.reps,
  lapses: card.lapses,
  state: card.state as ReviewCard['state'],
  lastReview: card.last_review ? card.last_review.toISOString() : null,
});

/** A card never reviewed, due at `now`. */
export function newReviewCard(now: Date): ReviewCard {
  return fromCard(createEmptyCard(now));
}

/** The FSRS rating of a quiz answer. */
export function ratingOf(correct: boolean): 1 | 3 {
  return correct ? Rating.Good : Rating.Again;
}

/**
 * Applies one answer to a card. Returns the next state and the log entry of this review. The input is not changed.
 */
export function scheduleReview(card: ReviewCard, correct: boolean, now: Date, settings: SchedulerSettings = DEFAULT_SCHEDULER_SETTINGS): { card: ReviewCard; log: ReviewLogEntry } {
  const rating = ratingOf(correct);
  const next = fromCard(schedulerFor(settings).next(toCard(card), now, rating).card);
  // ts-fsrs can overshoot the maximum by a day (it rounds after capping): hold the cap exactly.
  if (next.scheduledDays > settings.maximumIntervalDays) {
    next.scheduledDays = settings.maximumIntervalDays;
    next.due = new Date(now.getTime() + settings.maximumIntervalDays * 86_400_000).toISOString();
  }
  return { card: next, log: { reviewedAt: now.toISOString(), rating, stateBefore: card.state, correct } };
}

/** The probability, by FSRS's model, that the learner recalls the item at `now`. */
export function retrievability(card: ReviewCard, now: Date, settings: SchedulerSettings = DEFAULT_SCHEDULER_SETTINGS): number {
  if (card.state === 0) return 0;
  return schedulerFor(settings).get_retrievability(toCard(card), now, false);
}

/** True when the item should be reviewed at `now`. */
export function isDue(card: ReviewCard, now: Date): boolean {
  return Date.parse(card.due) <= now.getTime();
}
