import { describe, expect, it } from 'vitest';
import { compareChecks, meanScore, scoreByObjective, selectCheckQuestions, type CheckSourceLesson } from './course-checks.ts';

const q = (id: string) => ({ id, type: 'question' });
const text = (id: string) => ({ id, type: 'text' });
const lesson = (lessonId: string, objectiveId: string | null, blocks: Array<{ id: string; type: string }>): CheckSourceLesson => ({ lessonId, revision: 1, objectiveId, blocks });

describe('selectCheckQuestions', () => {
  it('takes up to two questions per objective, from different lessons first, in course order', () => {
    const lessons = [lesson('l1', 'greet', [text('t'), q('a'), q('b')]), lesson('l2', 'greet', [q('c')]), lesson('l3', 'close', [q('d'), q('e'), q('f')])];
    expect(selectCheckQuestions(lessons).map((x) => `${x.lessonId}/${x.questionId}:${x.objectiveId}`)).toEqual(['l1/a:greet', 'l2/c:greet', 'l3/d:close', 'l3/e:close']);
  });

  it('is deterministic and empty for a course without questions', () => {
    const lessons = [lesson('l1', 'o', [q('a'), q('b')])];
    expect(selectCheckQuestions(lessons)).toEqual(selectCheckQuestions(lessons));
    expect(selectCheckQuestions([lesson('l1', 'o', [text('t')])])).toEqual([]);
  });

  it('lets every objective take a turn when the cap bites', () => {
    const lessons = ['o1', 'o2', 'o3'].map((o, i) => lesson(`l${i}`, o, [q('a'), q('b')]));
    const chosen = selectCheckQuestions(lessons, { maximum: 4 });
    expect(chosen).toHaveLength(4);
    expect(new Set(chosen.map((c) => c.objectiveId))).toEqual(new Set(['o1', 'o2', 'o3']));
  });

  it('measures lessons without an objective together', () => {
    expect(selectCheckQuestions([lesson('l1', null, [q('a')]), lesson('l2', null, [q('b')]), lesson('l3', null, [q('c')])]).map((c) => c.questionId)).toEqual(['a', 'b']);
  });
});

describe('scores', () => {
  it('averages per objective as a percentage, partial credit included', () => {
    expect(scoreByObjective([{ objectiveId: 'a', score: 1 }, { objectiveId: 'a', score: 0.5 }, { objectiveId: 'b', score: 0 }])).toEqual([
      { objectiveId: 'a', score: 75, answers: 2 },
      { objectiveId: 'b', score: 0, answers: 1 },
    ]);
    expect(meanScore([])).toBeNull();
    expect(meanScore([1, 0, 0])).toBe(33.3);
  });

  it('compares before and after per objective, pairing only learners who took both', () => {
    const result = compareChecks([
      { baseline: [{ objectiveId: 'a', score: 50, answers: 2 }], post: [{ objectiveId: 'a', score: 100, answers: 2 }] },
      { baseline: null, post: [{ objectiveId: 'a', score: 50, answers: 2 }] },
      { baseline: [{ objectiveId: 'a', score: 0, answers: 2 }], post: null },
    ]);
    expect(result).toEqual([{ objectiveId: 'a', baseline: 25, baselineLearners: 2, post: 75, postLearners: 2, change: 50, pairedLearners: 1 }]);
  });
});
