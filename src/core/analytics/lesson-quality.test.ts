import { describe, expect, it } from 'vitest';
import type { Question } from '../lessons/lesson-model.ts';
import {
  commonWrongAnswers,
  dropOffFunnel,
  ELAPSED_TIME_CAP_MS,
  itemDiscrimination,
  type LessonEvidence,
  MINIMUM_ANSWERS,
  MINIMUM_FOR_DISCRIMINATION,
  MINIMUM_LEARNERS,
  MINIMUM_RATINGS,
  pointBiserial,
  quantile,
  type QuestionQuality,
  suggestImprovements,
  summariseFeedback,
  summariseTimeSpent,
} from './lesson-quality.ts';

/** Pearson's r written out from its definition, independently of the module: Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²). */
function pearsonByHand(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const cov = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
  return cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
}

describe('point-biserial correlation', () => {
  it('is √3/2 for a table worked by hand: (M₁ − M₀)/sₙ · √(pq) = (4 − 1.5)/√2 · √0.24', () => {
    const pairs = [
      { correct: true, score: 4 },
      { correct: true, score: 5 },
      { correct: true, score: 3 },
      { correct: false, score: 1 },
      { correct: false, score: 2 },
    ];
    expect(pointBiserial(pairs, 2)).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it('matches SciPy 1.17 (scipy.stats.pointbiserialr) and Pearson’s r computed from its definition', () => {
    const correct = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0];
    const scores = [0.9, 0.75, 0.6, 0.5, 0.2, 0.8, 0.65, 0.4, 1.0, 0.3, 0.55, 0.45];
    const r = pointBiserial(correct.map((c, i) => ({ correct: c === 1, score: scores[i]! })), 2);
    expect(r).toBeCloseTo(0.6286450794149288, 12);
    expect(r).toBeCloseTo(pearsonByHand(correct, scores), 12);
  });

  it('is null below the minimum sample and without variance in either variable', () => {
    const pairs = Array.from({ length: MINIMUM_FOR_DISCRIMINATION }, (_, i) => ({ correct: i % 2 === 0, score: i / 20 }));
    expect(pointBiserial(pairs)).not.toBeNull();
    expect(pointBiserial(pairs.slice(1))).toBeNull();
    expect(pointBiserial(pairs.map((p) => ({ ...p, correct: true })))).toBeNull();
    expect(pointBiserial(pairs.map((p) => ({ ...p, score: 0.5 })))).toBeNull();
  });

  it('correlates each item with the rest of the course, leaving the item itself out (SciPy on the corrected totals)', () => {
    // Seven learners × four questions of one course (1 right, 0 wrong); the reference rests are (row total − item) / 3.
    const matrix = [
      [1, 1, 1, 0],
      [1, 0, 1, 1],
      [0, 0, 1, 0],
      [1, 1, 0, 1],
      [0, 0, 0, 1],
      [1, 1, 1, 1],
      [0, 1, 0, 0],
    ];
    const responses = matrix.flatMap((row, person) => row.map((value, item) => ({ personId: `p${person}`, groupId: 'course', itemId: `q${item}`, correct: value === 1, score: value })));
    const discrimination = itemDiscrimination(responses, 2);
    expect(discrimination.get('q0')).toEqual({ n: 7, r: expect.closeTo(0.8838834764831843, 12) });
    expect(discrimination.get('q1')!.r).toBeCloseTo(0.04003203845127181, 12);
    // The uncorrected total would include the item and inflate r: the corrected one is lower.
    const totals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
    expect(pearsonByHand(matrix.map((row) => row[1]!), totals)).toBeGreaterThan(0.4);
  });

  it('takes rests within a course only, and skips learners without another answer there', () => {
    const responses = [
      { personId: 'a', groupId: 'c1', itemId: 'q', correct: true, score: 1 },
      { personId: 'a', groupId: 'c2', itemId: 'other', correct: false, score: 0 },
      { personId: 'b', groupId: 'c1', itemId: 'q', correct: false, score: 0 },
      { personId: 'b', groupId: 'c1', itemId: 'other', correct: true, score: 1 },
    ];
    expect(itemDiscrimination(responses, 1).get('q')).toEqual({ n: 1, r: null });
  });
});

describe('drop-off funnel', () => {
  it('gives the share of starters reaching each block, completions reaching all, unknown progress left out', () => {
    const funnel = dropOffFunnel(4, [
      { furthestBlock: 3, completed: true, count: 5 },
      { furthestBlock: null, completed: true, count: 1 },
      { furthestBlock: 1, completed: false, count: 3 },
      { furthestBlock: 0, completed: false, count: 1 },
      { furthestBlock: null, completed: false, count: 7 },
    ]);
    expect(funnel).toMatchObject({ starters: 10, unknown: 7, completed: 6 });
    expect(funnel.steps.map((s) => s.reached)).toEqual([10, 9, 6, 6]);
    expect(funnel.steps.map((s) => s.share)).toEqual([1, 0.9, 0.6, 0.6]);
    expect(funnel.steps.map((s) => s.stoppedHere)).toEqual([0.1, 0.3, 0, 0]);
  });

  it('has no shares without starters', () => {
    expect(dropOffFunnel(2, []).steps).toEqual([
      { index: 0, reached: 0, share: null, stoppedHere: null },
      { index: 1, reached: 0, share: null, stoppedHere: null },
    ]);
  });
});

describe('time spent', () => {
  it('takes median and 75th percentile of active time, else completed − started capped at 30 minutes', () => {
    const time = summariseTimeSpent(
      [
        { activeMs: 60_000, startedAt: '2026-03-01T09:00:00Z', completedAt: '2026-03-01T09:05:00Z' },
        { activeMs: 120_000, startedAt: '2026-03-01T09:00:00Z', completedAt: '2026-03-01T09:05:00Z' },
        { activeMs: null, startedAt: '2026-03-01T09:00:00Z', completedAt: '2026-03-01T09:01:30Z' },
        { activeMs: null, startedAt: '2026-03-01T09:00:00Z', completedAt: '2026-03-02T09:00:00Z' },
      ],
      60,
    );
    // 60, 90, 120 and 1800 s: median 105 s, 75th percentile 120 + 0.25 · 1680 = 540 s (type 7).
    expect(time).toEqual({ estimateSeconds: 60, n: 4, withActiveTime: 2, medianSeconds: 105, p75Seconds: 540, ratio: 1.75 });
    expect(ELAPSED_TIME_CAP_MS).toBe(1_800_000);
  });

  it('interpolates quantiles as R’s default (type 7) does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile([7], 0.75)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('common wrong answers', () => {
  const choice: Question = {
    kind: 'single_choice',
    prompt: 'What do you say first?',
    askConfidence: false,
    options: [
      { id: 'a', text: 'The brand', correct: true },
      { id: 'b', text: 'Your name', correct: false },
      { id: 'c', text: 'Hello', correct: false },
    ],
  };

  it('names choice options by their text and reports only answers enough learners gave', () => {
    const answers = commonWrongAnswers(
      choice,
      [
        { response: { kind: 'single_choice', optionId: 'b' }, count: 6 },
        { response: { kind: 'single_choice', optionId: 'c' }, count: 2 },
      ],
      12,
    );
    expect(answers).toEqual([{ answer: 'Your name', count: 6, shareOfWrong: 0.75, shareOfAnswers: 0.5 }]);
  });

  it('counts the same options chosen in another order, and blanks differing in case, as one answer', () => {
    const multiple: Question = { kind: 'multiple_choice', prompt: 'Which?', askConfidence: false, options: [{ id: 'x', text: 'X', correct: true }, { id: 'y', text: 'Y', correct: false }, { id: 'z', text: 'Z', correct: false }] };
    expect(commonWrongAnswers(multiple, [{ response: { kind: 'multiple_choice', optionIds: ['y', 'z'] }, count: 2 }, { response: { kind: 'multiple_choice', optionIds: ['z', 'y'] }, count: 1 }], 3)).toEqual([{ answer: 'Y + Z', count: 3, shareOfWrong: 1, shareOfAnswers: 1 }]);
    const cloze: Question = { kind: 'cloze', prompt: 'Fill', askConfidence: false, text: 'Say [[hello]]' };
    expect(commonWrongAnswers(cloze, [{ response: { kind: 'cloze', blanks: ['Hi'] }, count: 2 }, { response: { kind: 'cloze', blanks: [' hi. '] }, count: 1 }], 10)[0]).toMatchObject({ answer: 'hi', count: 3 });
  });
});

/** A lesson with no problems, to which each test adds one. */
function healthyLesson(): LessonEvidence {
  return {
    blocks: [
      { id: 'intro', type: 'text', title: 'Say the brand first' },
      { id: 'video', type: 'video', title: 'Sam answers a call' },
      { id: 'q1', type: 'question', title: 'What do you say first?' },
    ],
    funnel: dropOffFunnel(3, [{ furthestBlock: 2, completed: true, count: 20 }]),
    time: summariseTimeSpent(Array.from({ length: 20 }, () => ({ activeMs: 60_000, startedAt: '2026-03-01T09:00:00Z', completedAt: '2026-03-01T09:01:00Z' })), 60),
    feedback: summariseFeedback({ ratingSum: 80, ratings: 20, answeredYes: 18, answered: 20 }),
    questions: [question({})],
    lint: [],
  };
}

function question(patch: Partial<QuestionQuality>): QuestionQuality {
  return { questionId: 'q1', prompt: 'What do you say first?', answers: 20, correct: 14, difficulty: 0.7, discrimination: { n: 20, r: 0.45 }, commonWrongAnswers: [], ...patch };
}

const rulesOf = (lesson: LessonEvidence) => suggestImprovements(lesson).map((s) => s.rule);

describe('suggestions', () => {
  it('suggests nothing for a healthy lesson', () => {
    expect(suggestImprovements(healthyLesson())).toEqual([]);
  });

  it('raises steep_drop_off above 20 % stopping at one block, naming the block, from 10 starters', () => {
    const at = (stopped: number, starters: number) => ({ ...healthyLesson(), funnel: dropOffFunnel(3, [{ furthestBlock: 2, completed: true, count: starters - stopped }, { furthestBlock: 1, completed: false, count: stopped }]) });
    expect(rulesOf(at(2, 10))).toEqual([]); // exactly 20 %
    const [suggestion] = suggestImprovements(at(3, 10));
    expect(suggestion).toMatchObject({ rule: 'steep_drop_off', blockId: 'video', evidence: { block: 2, starters: 10, stopped: 3, share: 0.3 } });
    expect(suggestion!.message).toContain('the video “Sam answers a call”');
    expect(rulesOf(at(3, MINIMUM_LEARNERS - 1))).toEqual([]); // 33 %, but only 9 starters
  });

  it('raises runs_long when the median is over 1.5 × the estimate, from 10 completions', () => {
    const timed = (seconds: number, n = 10) => ({ ...healthyLesson(), time: summariseTimeSpent(Array.from({ length: n }, () => ({ activeMs: seconds * 1000, startedAt: '2026-03-01T09:00:00Z', completedAt: '2026-03-01T09:10:00Z' })), 60) });
    expect(rulesOf(timed(90))).toEqual([]);
    expect(suggestImprovements(timed(91))[0]).toMatchObject({ rule: 'runs_long', evidence: { medianSeconds: 91, estimateSeconds: 60 } });
    expect(rulesOf(timed(300, MINIMUM_LEARNERS - 1))).toEqual([]);
  });

  it('raises too_hard below 40 % right and too_easy above 95 %, from 10 answers', () => {
    const withQuestion = (answers: number, correct: number) => ({ ...healthyLesson(), questions: [question({ answers, correct, difficulty: correct / answers })] });
    expect(rulesOf(withQuestion(10, 4))).toEqual([]);
    expect(rulesOf(withQuestion(10, 3))).toEqual(['too_hard']);
    expect(rulesOf(withQuestion(MINIMUM_ANSWERS - 1, 0))).toEqual([]);
    expect(rulesOf(withQuestion(20, 19))).toEqual([]); // exactly 95 %
    expect(rulesOf(withQuestion(40, 39))).toEqual(['too_easy']);
  });

  it('raises poor_discrimination below 0.2 with 15 learners, with its own words for a negative one', () => {
    const withR = (r: number | null, n = 15) => ({ ...healthyLesson(), questions: [question({ discrimination: { n, r } })] });
    expect(rulesOf(withR(0.2))).toEqual([]);
    expect(rulesOf(withR(0.19))).toEqual(['poor_discrimination']);
    expect(rulesOf(withR(null))).toEqual([]);
    expect(rulesOf(withR(0.05, MINIMUM_FOR_DISCRIMINATION - 1))).toEqual([]);
    expect(suggestImprovements(withR(-0.3))[0]!.message).toMatch(/Check the answer key/);
  });

  it('raises common_misconception when over 20 % of everyone gave the same wrong answer', () => {
    const withWrong = (count: number) => ({ ...healthyLesson(), questions: [question({ answers: 20, correct: 14, commonWrongAnswers: [{ answer: 'Your name', count, shareOfWrong: count / 6, shareOfAnswers: count / 20 }] })] });
    expect(rulesOf(withWrong(4))).toEqual([]); // exactly 20 %
    const [suggestion] = suggestImprovements(withWrong(5));
    expect(suggestion).toMatchObject({ rule: 'common_misconception', blockId: 'q1', evidence: { learners: 5, answer: 'Your name' } });
    expect(suggestion!.message).toContain('“Your name”');
  });

  it('raises low_rating below 3.5 and did_not_answer below 60 %, from 5 answers', () => {
    const rated = (ratingSum: number, ratings: number, answeredYes: number, answered: number) => ({ ...healthyLesson(), feedback: summariseFeedback({ ratingSum, ratings, answeredYes, answered }) });
    expect(rulesOf(rated(17.5, 5, 3, 5))).toEqual([]); // 3.5 and 60 % exactly
    expect(rulesOf(rated(17, 5, 2, 5)).sort()).toEqual(['did_not_answer', 'low_rating']);
    expect(rulesOf(rated(4, MINIMUM_RATINGS - 1, 0, MINIMUM_RATINGS - 1))).toEqual([]);
  });

  it('raises lint_warning for any finding of the current revision, whatever the sample', () => {
    const lesson = { ...healthyLesson(), funnel: dropOffFunnel(3, []), lint: [{ rule: 'text_only', severity: 'warning' as const, message: 'Only text: add a picture.' }] };
    expect(suggestImprovements(lesson)).toEqual([expect.objectContaining({ rule: 'lint_warning', evidence: { findings: 1, errors: 0, rules: 'text_only' } })]);
  });

  it('orders the suggestions by impact', () => {
    const lesson = { ...healthyLesson(), lint: [{ rule: 'text_only', severity: 'warning' as const, message: 'Only text.' }], questions: [question({ answers: 20, correct: 2, difficulty: 0.1 })] };
    expect(rulesOf(lesson)).toEqual(['too_hard', 'lint_warning']);
  });
});
