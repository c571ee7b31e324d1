import { describe, expect, it } from 'vitest';
import { addLesson, canStepLesson, moveLesson, removeModule, stepLesson, stepModule, type StoryboardModule } from './storyboard.ts';

const board = (): StoryboardModule[] => [
  { id: 'm1', title: 'Openings', lessonIds: ['a', 'b'] },
  { id: 'm2', title: 'Closings', lessonIds: ['c'] },
];

describe('moveLesson', () => {
  it('moves a lesson within its module and across modules', () => {
    expect(moveLesson(board(), 'a', { moduleId: 'm1', index: 1 })[0]?.lessonIds).toEqual(['b', 'a']);
    const across = moveLesson(board(), 'b', { moduleId: 'm2', index: 0 });
    expect(across.map((m) => m.lessonIds)).toEqual([['a'], ['b', 'c']]);
  });

  it('leaves the storyboard as it was for an unknown lesson or module', () => {
    expect(moveLesson(board(), 'zz', { moduleId: 'm1', index: 0 })).toEqual(board());
    expect(moveLesson(board(), 'a', { moduleId: 'nope', index: 0 })).toEqual(board());
  });
});

describe('stepLesson', () => {
  it('crosses into the next or previous module at the edge, so buttons reach every place', () => {
    expect(stepLesson(board(), 'b', 1).map((m) => m.lessonIds)).toEqual([['a'], ['b', 'c']]);
    expect(stepLesson(board(), 'c', -1).map((m) => m.lessonIds)).toEqual([['a', 'b', 'c'], []]);
    expect(canStepLesson(board(), 'a', -1)).toBe(false);
    expect(canStepLesson(board(), 'c', 1)).toBe(false);
    expect(canStepLesson(board(), 'b', 1)).toBe(true);
  });
});

describe('addLesson', () => {
  it('adds a lesson once: adding it again moves it', () => {
    expect(addLesson(board(), 'm2', 'd')[1]?.lessonIds).toEqual(['c', 'd']);
    expect(addLesson(board(), 'm2', 'a').map((m) => m.lessonIds)).toEqual([['b'], ['c', 'a']]);
  });
});

describe('modules', () => {
  it('moves and removes modules', () => {
    expect(stepModule(board(), 'm2', -1).map((m) => m.id)).toEqual(['m2', 'm1']);
    expect(stepModule(board(), 'm1', -1).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(removeModule(board(), 'm1').map((m) => m.id)).toEqual(['m2']);
  });
});
