import { describe, expect, it } from 'vitest';
import { describeFunnel, describeQuestions, formatDiscrimination, formatSeconds, formatShare, type LessonImprovement, lessonPagePath, lessonUrl, parsePeriod, questionPoints, queueUrl } from './improvement.ts';

const detail: LessonImprovement = {
  lessonId: 'l1',
  title: 'Greeting a caller',
  coreQuestion: 'What do I say first?',
  status: 'published',
  days: 90,
  since: '2026-01-01T00:00:00.000Z',
  minimums: { learners: 10, answers: 10, discrimination: 15, ratings: 5, sameWrongAnswer: 3 },
  revision: 1,
  funnel: {
    starters: 20,
    unknown: 0,
    completed: 15,
    otherRevisions: 0,
    blocks: [
      { index: 0, blockId: 'intro', type: 'text', typeName: 'text', title: 'Callers want', reached: 20, share: 1, stoppedHere: 0 },
      { index: 1, blockId: 'case', type: 'case_study', typeName: 'case study', title: 'Sam answers', reached: 20, share: 1, stoppedHere: 0.25 },
      { index: 2, blockId: 'q1', type: 'question', typeName: 'question', title: 'What first?', reached: 15, share: 0.75, stoppedHere: 0 },
    ],
  },
  time: { estimateSeconds: 60, n: 15, withActiveTime: 15, medianSeconds: 200, p75Seconds: 200, ratio: 3.33 },
  feedback: { ratings: 0, ratingMean: null, answered: 0, answeredYes: 0, answeredRate: null },
  questions: [
    { questionId: 'q1', blockIndex: 2, kind: 'single_choice', prompt: 'What first?', answers: 15, correct: 4, difficulty: 4 / 15, discrimination: { n: 15, r: 0.42 }, commonWrongAnswers: [] },
    { questionId: 'q2', blockIndex: null, kind: 'true_false', prompt: 'Offer help?', answers: 0, correct: 0, difficulty: null, discrimination: { n: 0, r: null }, commonWrongAnswers: [] },
  ],
  lint: [],
  suggestions: [],
};

describe('the Improve pages’ logic', () => {
  it('builds the API’s addresses, leaving the default window out', () => {
    expect(queueUrl(90)).toBe('/api/improvement');
    expect(queueUrl(30, { courseId: 'c 1', csv: true })).toBe('/api/improvement.csv?courseId=c+1&days=30');
    expect(lessonUrl('l/1', 90)).toBe('/api/improvement/lessons/l%2F1');
    expect(lessonUrl('l1', 180, 'wrong_answers')).toBe('/api/improvement/lessons/l1.csv?days=180&part=wrong_answers');
    expect(lessonPagePath('l1', 30)).toBe('/author/improve/lessons/l1?days=30');
  });

  it('reads the window from the address, 90 days unless it is one offered', () => {
    expect(parsePeriod('30')).toBe(30);
    expect(parsePeriod('7')).toBe(90);
    expect(parsePeriod(null)).toBe(90);
  });

  it('formats shares, correlations and durations for people', () => {
    expect(formatShare(0.254)).toBe('25 %');
    expect(formatShare(null)).toBe('–');
    expect(formatDiscrimination(-0.123)).toBe('−0.12');
    expect(formatDiscrimination(null)).toBe('not enough data');
    expect(formatSeconds(200)).toBe('3 min 20 s');
    expect(formatSeconds(45)).toBe('45 s');
  });

  it('says in words what each chart shows', () => {
    expect(describeFunnel(detail)).toBe('20 learners started; 15 completed (75 %). Block 1 · text: 100 %; Block 2 · case study: 100 %; Block 3 · question: 75 %. The most stopped at block 2 (25 % of starters).');
    expect(describeFunnel({ ...detail, funnel: { ...detail.funnel, starters: 0 } })).toMatch(/^No learner/);
    expect(describeQuestions(detail)).toBe('Q1 “What first?”: 27 % right of 15, discrimination 0.42. Q2 “Offer help?”: no answers yet.');
  });

  it('charts only the questions with both a difficulty and a discrimination', () => {
    expect(questionPoints(detail)).toEqual([{ label: 'Q1', prompt: 'What first?', difficulty: 4 / 15, discrimination: 0.42 }]);
  });
});
