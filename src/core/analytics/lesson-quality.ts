/**
 * Lesson improvement (issue 8): the statistics behind the authors' queue of suggested fixes, and the suggestions.
 *
 * - Drop-off by block: of the learners who started a lesson (and whose progress is known), the share who reached
 *   each block. A completed lesson counts as every block reached.
 * - Time spent against the estimate: median and 75th percentile of the learners who completed it, from the active
 *   time the player reported, or else from completed − started (capped, as a tab left open is not reading).
 * - Ratings (1–5) and the "did this answer your question?" rate, with their counts.
 * - Per question: difficulty (share correct at the first, counted answer) and discrimination, the point-biserial
 *   correlation of an answer's correctness with the learner's score on the other questions of the same course
 *   (the corrected item-total correlation: the item itself is left out of the total, so it does not correlate with
 *   itself).
 * - Common wrong answers: identical wrong answers grouped per question, with choice options named by their text.
 * - Suggestions: stable rule ids with a sentence an author understands and the numbers behind it, never raised on a
 *   sample below the rule's stated minimum.
 *
 * Pure: rows go in, numbers and suggestions come out. A statistic that cannot be computed is `null`, never NaN.
 */
import { normaliseAnswer } from '../lessons/grading.ts';
import type { Block, Question } from '../lessons/lesson-model.ts';

/** Fewer starters (with known progress) than this, and no drop-off suggestion; fewer timed completers, no time one. */
export const MINIMUM_LEARNERS = 10;
/** Fewer first answers to a question than this, and no difficulty or misconception suggestion. */
export const MINIMUM_ANSWERS = 10;
/** Fewer learners with an answer and a score on other questions than this, and no discrimination at all (null). */
export const MINIMUM_FOR_DISCRIMINATION = 15;
/** Fewer ratings (or "did this answer" answers) than this, and no rating suggestion. */
export const MINIMUM_RATINGS = 5;
/** A wrong answer is "common" only when at least this many learners gave it. */
export const MINIMUM_SAME_WRONG_ANSWER = 3;
/** Without an active time, completed − started counts, capped at this: a lesson left open is not being read. */
export const ELAPSED_TIME_CAP_MS = 30 * 60_000;

/** Where each rule fires. Each comparison is strict: at exactly the limit, nothing is raised. */
export const THRESHOLDS = Object.freeze({
  /** Share of starters who stop at one block (reached it, not the next) above which it is a steep drop-off. */
  steepDropOff: 0.2,
  /** Median time over the estimate above which a lesson runs long. */
  runsLongRatio: 1.5,
  /** Share correct below which a question is too hard. */
  tooHard: 0.4,
  /** Share correct above which a question is too easy. */
  tooEasy: 0.95,
  /** Discrimination below which a question separates learners poorly (0.2: the usual floor for classroom tests). */
  poorDiscrimination: 0.2,
  /** Share of everyone who answered that gave the same wrong answer, above which it is a misconception. */
  misconception: 0.2,
  /** Mean rating (1–5) below which a lesson is rated low. */
  lowRating: 3.5,
  /** "Answered my question" rate below which a lesson did not answer it. */
  answeredRate: 0.6,
});

/** The minimums, for the API to state them beside the suggestions. */
export const MINIMUMS = Object.freeze({ learners: MINIMUM_LEARNERS, answers: MINIMUM_ANSWERS, discrimination: MINIMUM_FOR_DISCRIMINATION, ratings: MINIMUM_RATINGS, sameWrongAnswer: MINIMUM_SAME_WRONG_ANSWER });

// ------------------------------------------------------------------ correlation

/**
 * Pearson's r of two equally long lists, or null with fewer than `minimum` pairs or when either list has no
 * variance. With one list 0/1 this is the point-biserial correlation.
 */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[], minimum = 2): number | null {
  const n = xs.length;
  if (n !== ys.length) throw new RangeError('pearsonCorrelation needs two lists of the same length.');
  if (n < Math.max(2, minimum)) return null;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Variance below rounding noise is no variance.
  if (sxx <= 1e-12 * n || syy <= 1e-12 * n) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * The point-biserial correlation of correctness with a continuous score: r = (M₁ − M₀) / sₙ · √(p q), which equals
 * Pearson's r with correct as 1 and wrong as 0. Null with fewer than `minimum` pairs, or when everyone was right,
 * everyone wrong, or every score is the same.
 */
export function pointBiserial(pairs: readonly { correct: boolean; score: number }[], minimum = MINIMUM_FOR_DISCRIMINATION): number | null {
  return pearsonCorrelation(
    pairs.map((p) => (p.correct ? 1 : 0)),
    pairs.map((p) => p.score),
    minimum,
  );
}

/** One learner's first (counted) answer to one question, in one group of questions (a course). */
export interface ItemResponse {
  personId: string;
  /** The questions a rest score is taken over: the course the answer was given in. */
  groupId: string;
  itemId: string;
  correct: boolean;
  /** 0–1 (partial credit). */
  score: number;
}

/** An item's discrimination: how many learners it rests on, and r (null below the minimum or without variance). */
export interface Discrimination {
  n: number;
  r: number | null;
}

/**
 * The corrected item-total correlation of each item: for each learner who answered it and at least one other item of
 * the same group, their correctness on it against their mean score on the group's other items they answered (a
 * mean, not a sum, so a learner who skipped a question is not counted as scoring 0 on it).
 */
export function itemDiscrimination(responses: readonly ItemResponse[], minimum = MINIMUM_FOR_DISCRIMINATION): Map<string, Discrimination> {
  const byLearner = new Map<string, ItemResponse[]>();
  for (const response of responses) {
    const key = `${response.groupId}\u0000${response.personId}`;
    const list = byLearner.get(key) ?? [];
    // The first answer per learner and item counts; a duplicate (there should be none) is ignored.
    if (!list.some((r) => r.itemId === response.itemId)) list.push(response);
    byLearner.set(key, list);
  }
  const pairs = new Map<string, { correct: boolean; score: number }[]>();
  for (const list of byLearner.values()) {
    const total = list.reduce((sum, r) => sum + r.score, 0);
    for (const response of list) {
      if (!pairs.has(response.itemId)) pairs.set(response.itemId, []);
      if (list.length < 2) continue;
      pairs.get(response.itemId)!.push({ correct: response.correct, score: (total - response.score) / (list.length - 1) });
    }
  }
  return new Map([...pairs].map(([itemId, list]) => [itemId, { n: list.length, r: pointBiserial(list, minimum) }]));
}

// ------------------------------------------------------------------ quantiles and time

/** The p-quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7, R's default); null when empty. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

/** One completed lesson's timing. */
export interface TimedCompletion {
  activeMs: number | null;
  startedAt: string;
  completedAt: string;
}

/** Time spent by the learners who completed the lesson, against the estimate. */
export interface TimeSpent {
  estimateSeconds: number;
  /** Completions timed. */
  n: number;
  /** How many of them reported an active time (the rest: completed − started, capped). */
  withActiveTime: number;
  medianSeconds: number | null;
  p75Seconds: number | null;
  /** Median over the estimate (null without either). */
  ratio: number | null;
}

/** Median and 75th percentile of time spent, active time where known, else completed − started capped at {@link ELAPSED_TIME_CAP_MS}. */
export function summariseTimeSpent(completions: readonly TimedCompletion[], estimateSeconds: number): TimeSpent {
  const ms = completions
    .map((c) => (c.activeMs !== null ? c.activeMs : Math.min(ELAPSED_TIME_CAP_MS, Math.max(0, Date.parse(c.completedAt) - Date.parse(c.startedAt)))))
    .sort((a, b) => a - b);
  const median = quantile(ms, 0.5);
  const p75 = quantile(ms, 0.75);
  const medianSeconds = median === null ? null : median / 1000;
  return {
    estimateSeconds,
    n: ms.length,
    withActiveTime: completions.filter((c) => c.activeMs !== null).length,
    medianSeconds,
    p75Seconds: p75 === null ? null : p75 / 1000,
    ratio: medianSeconds !== null && estimateSeconds > 0 ? medianSeconds / estimateSeconds : null,
  };
}

// ------------------------------------------------------------------ drop-off

/** How many learners got how far: `furthestBlock` null is unknown, unless the lesson was completed. */
export interface ProgressCount {
  furthestBlock: number | null;
  completed: boolean;
  count: number;
}

export interface FunnelStep {
  index: number;
  /** Learners who reached this block. */
  reached: number;
  /** Share of starters (with known progress) who reached it. */
  share: number | null;
  /** Share of starters who reached this block and not the next (for the last block: and did not complete). */
  stoppedHere: number | null;
}

export interface Funnel {
  /** Starters whose furthest block is known (or who completed). */
  starters: number;
  /** Starters whose progress is unknown (before block progress was recorded, or no report came). */
  unknown: number;
  completed: number;
  steps: FunnelStep[];
}

/** The share of starters who reached each of `blockCount` blocks; a completion counts as reaching every block. */
export function dropOffFunnel(blockCount: number, counts: readonly ProgressCount[]): Funnel {
  let starters = 0;
  let unknown = 0;
  let completed = 0;
  const reachedAtLeast = new Array<number>(blockCount).fill(0);
  for (const row of counts) {
    if (!row.completed && row.furthestBlock === null) {
      unknown += row.count;
      continue;
    }
    starters += row.count;
    if (row.completed) completed += row.count;
    const furthest = row.completed ? blockCount - 1 : Math.min(blockCount - 1, row.furthestBlock!);
    for (let i = 0; i <= furthest; i++) reachedAtLeast[i]! += row.count;
  }
  const share = (count: number) => (starters > 0 ? count / starters : null);
  const steps = reachedAtLeast.map((reached, index) => {
    const next = index + 1 < blockCount ? reachedAtLeast[index + 1]! : completed;
    return { index, reached, share: share(reached), stoppedHere: share(reached - next) };
  });
  return { starters, unknown, completed, steps };
}

// ------------------------------------------------------------------ blocks, answers

const BLOCK_TYPE_NAMES: Record<Block['type'], string> = {
  text: 'text',
  image: 'image',
  video: 'video',
  audio: 'audio',
  skill_demo: 'skill demo',
  tool: 'tool',
  sample: 'sample',
  case_study: 'case study',
  question: 'question',
};

/** A block's type in words ("skill demo"). */
export function blockTypeName(type: Block['type']): string {
  return BLOCK_TYPE_NAMES[type];
}

/** The first words of a text (Markdown marks dropped), at most `words` of them. */
function firstWords(text: string, words = 8): string {
  const plain = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#*_`>|~[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const list = plain.split(' ').filter(Boolean);
  return list.length > words ? `${list.slice(0, words).join(' ')}…` : list.join(' ');
}

/** What an author calls a block: its title, prompt, caption or first words. */
export function blockTitle(block: Block): string {
  switch (block.type) {
    case 'text':
      return firstWords(block.markdown);
    case 'image':
      return block.caption || block.alt || 'An image';
    case 'video':
    case 'audio':
      return block.title || `A${block.type === 'audio' ? 'n audio clip' : ' video'}`;
    case 'skill_demo':
      return block.title || firstWords(block.steps[0]?.text ?? 'Steps');
    case 'tool':
      return block.title;
    case 'sample':
      return block.caption || firstWords(block.content);
    case 'case_study':
      return firstWords(block.scenario);
    case 'question':
      return block.question.prompt;
  }
}

/** A wrong answer as an author reads it, and the key identical answers share. */
export interface DescribedAnswer {
  key: string;
  text: string;
}

/**
 * A learner's response in words: choice options by their text (in the question's order, so the same options chosen
 * in another order are the same answer), true/false, ordering items in the order given, blanks and free text
 * normalised as grading compares them. Undefined for a response that does not fit the question.
 */
export function describeAnswer(question: Question, response: unknown): DescribedAnswer | undefined {
  if (!response || typeof response !== 'object' || (response as { kind?: unknown }).kind !== question.kind) return undefined;
  const r = response as Record<string, unknown>;
  switch (question.kind) {
    case 'single_choice': {
      const option = question.options.find((o) => o.id === r.optionId);
      return option ? { key: option.id, text: option.text } : undefined;
    }
    case 'multiple_choice': {
      const ids = new Set(Array.isArray(r.optionIds) ? r.optionIds : []);
      const chosen = question.options.filter((o) => ids.has(o.id));
      return { key: chosen.map((o) => o.id).join('+'), text: chosen.length > 0 ? chosen.map((o) => o.text).join(' + ') : '(nothing chosen)' };
    }
    case 'true_false':
      return typeof r.value === 'boolean' ? { key: String(r.value), text: r.value ? 'True' : 'False' } : undefined;
    case 'ordering': {
      const ids = Array.isArray(r.itemIds) ? (r.itemIds as unknown[]) : [];
      const texts = ids.map((id) => question.items.find((item) => item.id === id)?.text ?? '?');
      return { key: ids.join('>'), text: texts.join(' → ') };
    }
    case 'cloze': {
      const blanks = Array.isArray(r.blanks) ? (r.blanks as unknown[]).map((b) => normaliseAnswer(String(b))) : [];
      return { key: blanks.join('|'), text: blanks.map((b) => b || '(blank)').join(' | ') };
    }
    case 'short_text': {
      const text = normaliseAnswer(typeof r.text === 'string' ? r.text : '');
      return { key: text, text: text || '(blank)' };
    }
  }
}

/** How many learners gave one identical wrong response (as stored). */
export interface WrongResponseCount {
  response: unknown;
  count: number;
}

export interface CommonWrongAnswer {
  answer: string;
  /** Learners who gave it. */
  count: number;
  /** Of the question's wrong answers. */
  shareOfWrong: number;
  /** Of everyone who answered the question. */
  shareOfAnswers: number;
}

/**
 * Identical wrong answers of a question, most given first, each given by at least `minimum` learners. Responses
 * that describe the same (multiple choice in another order, blanks differing in case) are counted together.
 */
export function commonWrongAnswers(question: Question, wrong: readonly WrongResponseCount[], answers: number, minimum = MINIMUM_SAME_WRONG_ANSWER): CommonWrongAnswer[] {
  const totalWrong = wrong.reduce((sum, w) => sum + w.count, 0);
  const groups = new Map<string, { text: string; count: number }>();
  for (const w of wrong) {
    const described = describeAnswer(question, w.response);
    if (!described) continue;
    const group = groups.get(described.key) ?? { text: described.text, count: 0 };
    group.count += w.count;
    groups.set(described.key, group);
  }
  return [...groups.values()]
    .filter((g) => g.count >= minimum)
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .map((g) => ({ answer: g.text, count: g.count, shareOfWrong: g.count / totalWrong, shareOfAnswers: answers > 0 ? g.count / answers : 0 }));
}

// ------------------------------------------------------------------ ratings

export interface FeedbackSummary {
  ratings: number;
  /** Mean of the 1–5 ratings, null without any. */
  ratingMean: number | null;
  /** Learners who said whether it answered their question. */
  answered: number;
  /** Of them, how many said yes. */
  answeredYes: number;
  answeredRate: number | null;
}

/** Mean rating and "answered my question" rate from their sums and counts. */
export function summariseFeedback(input: { ratingSum: number; ratings: number; answeredYes: number; answered: number }): FeedbackSummary {
  return {
    ratings: input.ratings,
    ratingMean: input.ratings > 0 ? input.ratingSum / input.ratings : null,
    answered: input.answered,
    answeredYes: input.answeredYes,
    answeredRate: input.answered > 0 ? input.answeredYes / input.answered : null,
  };
}

// ------------------------------------------------------------------ suggestions

export type SuggestionRule = 'steep_drop_off' | 'runs_long' | 'too_hard' | 'too_easy' | 'poor_discrimination' | 'common_misconception' | 'low_rating' | 'did_not_answer' | 'lint_warning';

/** One suggested fix: a stable rule id, a sentence for the author, the numbers behind it, and its impact. */
export interface Suggestion {
  rule: SuggestionRule;
  message: string;
  /** The block (or question) concerned, when there is one. */
  blockId?: string;
  evidence: Record<string, number | string>;
  /**
   * Roughly how many learners the problem touches, weighted by what it costs them (3 a learner lost or told nothing,
   * 2 a learner misled or slowed, 1 a question that measures badly, 0.5 one that is too easy): the queue's order.
   */
  impact: number;
}

/** A question's numbers, for the rules. */
export interface QuestionQuality {
  questionId: string;
  prompt: string;
  /** First (counted) answers. */
  answers: number;
  correct: number;
  /** Share correct; null without answers. */
  difficulty: number | null;
  discrimination: Discrimination;
  commonWrongAnswers: CommonWrongAnswer[];
}

/** What the rules read of a lesson. */
export interface LessonEvidence {
  blocks: readonly { id: string; type: Block['type']; title: string }[];
  funnel: Funnel;
  time: TimeSpent;
  feedback: FeedbackSummary;
  questions: readonly QuestionQuality[];
  /** The current revision's lint findings. */
  lint: readonly { rule: string; severity: 'error' | 'warning'; message: string }[];
}

const percent = (share: number) => `${Math.round(share * 100)} %`;
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

/** Seconds as "1 min 30 s" or "45 s". */
export function describeSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

const quote = (text: string) => `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;

/**
 * The suggested fixes for one lesson, most impactful first. Each data rule needs its minimum sample
 * ({@link MINIMUMS}); lint findings need none.
 */
export function suggestImprovements(lesson: LessonEvidence): Suggestion[] {
  const suggestions: Suggestion[] = [];
  const { funnel, time, feedback } = lesson;

  if (funnel.starters >= MINIMUM_LEARNERS) {
    const steepest = funnel.steps.filter((s) => s.stoppedHere !== null).sort((a, b) => b.stoppedHere! - a.stoppedHere! || a.index - b.index)[0];
    if (steepest && steepest.stoppedHere! > THRESHOLDS.steepDropOff) {
      const block = lesson.blocks[steepest.index]!;
      const stopped = Math.round(steepest.stoppedHere! * funnel.starters);
      suggestions.push({
        rule: 'steep_drop_off',
        blockId: block.id,
        message: `${percent(steepest.stoppedHere!)} of the learners who started (${stopped} of ${funnel.starters}) stopped at block ${steepest.index + 1}, the ${blockTypeName(block.type)} ${quote(block.title)}, ${steepest.index === funnel.steps.length - 1 ? 'without completing the lesson' : 'and never reached the next one'}. Shorten or rework that block, or make the next one worth reaching.`,
        evidence: { block: steepest.index + 1, starters: funnel.starters, stopped, share: round(steepest.stoppedHere!, 3) },
        impact: stopped * 3,
      });
    }
  }

  if (time.n >= MINIMUM_LEARNERS && time.ratio !== null && time.ratio > THRESHOLDS.runsLongRatio) {
    suggestions.push({
      rule: 'runs_long',
      message: `Learners take ${describeSeconds(time.medianSeconds!)} (the median; a quarter take more than ${describeSeconds(time.p75Seconds!)}) against an estimate of ${describeSeconds(time.estimateSeconds)}. Cut what the core question does not need, or split the lesson.`,
      evidence: { completions: time.n, medianSeconds: round(time.medianSeconds!, 1), p75Seconds: round(time.p75Seconds!, 1), estimateSeconds: round(time.estimateSeconds, 1), ratio: round(time.ratio) },
      impact: time.n * 2,
    });
  }

  for (const question of lesson.questions) {
    const { answers, correct, difficulty } = question;
    if (answers >= MINIMUM_ANSWERS && difficulty !== null) {
      if (difficulty < THRESHOLDS.tooHard) {
        suggestions.push({
          rule: 'too_hard',
          blockId: question.questionId,
          message: `Only ${percent(difficulty)} of learners answer ${quote(question.prompt)} right first time (${correct} of ${answers}). Check that the lesson teaches what it asks and that the question is clear.`,
          evidence: { answers, correct, shareCorrect: round(difficulty, 3) },
          impact: (answers - correct) * 2,
        });
      } else if (difficulty > THRESHOLDS.tooEasy) {
        suggestions.push({
          rule: 'too_easy',
          blockId: question.questionId,
          message: `${percent(difficulty)} of learners answer ${quote(question.prompt)} right first time (${correct} of ${answers}), so it checks little. Ask about a harder part of the task, or a situation where people go wrong.`,
          evidence: { answers, correct, shareCorrect: round(difficulty, 3) },
          impact: answers * 0.5,
        });
      }
      const misconception = question.commonWrongAnswers[0];
      if (misconception && misconception.shareOfAnswers > THRESHOLDS.misconception) {
        suggestions.push({
          rule: 'common_misconception',
          blockId: question.questionId,
          message: `${misconception.count} learners (${percent(misconception.shareOfAnswers)} of everyone who answered) gave the same wrong answer to ${quote(question.prompt)}: ${quote(misconception.answer)}. Address that misconception in the lesson, and in that answer's feedback.`,
          evidence: { answers, learners: misconception.count, shareOfAnswers: round(misconception.shareOfAnswers, 3), shareOfWrong: round(misconception.shareOfWrong, 3), answer: misconception.answer },
          impact: misconception.count * 2,
        });
      }
    }
    const { r, n } = question.discrimination;
    if (r !== null && n >= MINIMUM_FOR_DISCRIMINATION && r < THRESHOLDS.poorDiscrimination) {
      suggestions.push({
        rule: 'poor_discrimination',
        blockId: question.questionId,
        message:
          r < 0
            ? `Learners who do well on the course’s other questions get ${quote(question.prompt)} wrong more often than those who do badly (discrimination ${r.toFixed(2)}, ${n} learners). Check the answer key and look for a second reading of the question.`
            : `${quote(question.prompt)} hardly separates learners who know the material from those who don’t (discrimination ${r.toFixed(2)}, ${n} learners). Make its wrong options mistakes people really make, and check it is not a lucky guess.`,
        evidence: { learners: n, discrimination: round(r, 3) },
        impact: n,
      });
    }
  }

  if (feedback.ratings >= MINIMUM_RATINGS && feedback.ratingMean !== null && feedback.ratingMean < THRESHOLDS.lowRating) {
    suggestions.push({
      rule: 'low_rating',
      message: `Learners rate this lesson ${feedback.ratingMean.toFixed(1)} out of 5 on average (${feedback.ratings} ratings). Read their comments for what to change.`,
      evidence: { ratings: feedback.ratings, mean: round(feedback.ratingMean) },
      impact: feedback.ratings * 2,
    });
  }
  if (feedback.answered >= MINIMUM_RATINGS && feedback.answeredRate !== null && feedback.answeredRate < THRESHOLDS.answeredRate) {
    suggestions.push({
      rule: 'did_not_answer',
      message: `Only ${percent(feedback.answeredRate)} of learners say the lesson answered their question (${feedback.answeredYes} of ${feedback.answered}). Answer the core question early and directly, in the words learners use.`,
      evidence: { answered: feedback.answered, yes: feedback.answeredYes, rate: round(feedback.answeredRate, 3) },
      impact: (feedback.answered - feedback.answeredYes) * 3,
    });
  }

  if (lesson.lint.length > 0) {
    const errors = lesson.lint.filter((f) => f.severity === 'error').length;
    suggestions.push({
      rule: 'lint_warning',
      message: `The linter finds ${lesson.lint.length === 1 ? 'one problem' : `${lesson.lint.length} problems`} in the current revision: ${lesson.lint.map((f) => f.message).join(' ')}`,
      evidence: { findings: lesson.lint.length, errors, rules: [...new Set(lesson.lint.map((f) => f.rule))].join(' ') },
      impact: lesson.lint.length + errors,
    });
  }

  return suggestions.sort((a, b) => b.impact - a.impact);
}
