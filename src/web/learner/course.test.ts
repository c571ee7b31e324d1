import { describe, expect, it } from 'vitest';
import { checkPrompts, lessonsInOrder, nextLessonAfter, readChecks, resumeLesson } from './course.ts';

const lesson = (lessonId: string, completed = false) => ({ lessonId, title: `Lesson ${lessonId}`, coreQuestion: `How do I ${lessonId}?`, estimatedSeconds: 90, completed });
const outline = (...modules: ReturnType<typeof lesson>[][]) => ({ modules: modules.map((lessons, index) => ({ title: `Module ${index + 1}`, lessons })) });

describe('moving through a course', () => {
  it('numbers lessons across modules', () => {
    expect(lessonsInOrder(outline([lesson('a'), lesson('b')], [lesson('c')])).map((l) => [l.lessonId, l.moduleIndex, l.position])).toEqual([
      ['a', 0, 1],
      ['b', 0, 2],
      ['c', 1, 3],
    ]);
  });

  it('resumes at the first lesson not completed, and nowhere once all are', () => {
    expect(resumeLesson(outline([lesson('a', true), lesson('b')], [lesson('c')]))?.lessonId).toBe('b');
    expect(resumeLesson(outline([lesson('a', true)], [lesson('b', true)]))).toBeUndefined();
    expect(resumeLesson(outline())).toBeUndefined();
  });

  it('offers the next open lesson after this one, then one skipped before it, then nothing', () => {
    const course = outline([lesson('a'), lesson('b', true)], [lesson('c', true), lesson('d')]);
    expect(nextLessonAfter(course, 'b')?.lessonId).toBe('d');
    expect(nextLessonAfter(course, 'd')?.lessonId).toBe('a');
    expect(nextLessonAfter(outline([lesson('a', true), lesson('b')]), 'b')).toBeUndefined();
    // The lesson just finished may still read as open in an outline fetched before it was completed.
    expect(nextLessonAfter(outline([lesson('a')]), 'a')).toBeUndefined();
  });
});

describe('course checks', () => {
  it('reads checks defensively', () => {
    expect(readChecks({ modules: [] })).toBeUndefined();
    expect(readChecks(null)).toBeUndefined();
    expect(readChecks({ checks: 'yes' })).toBeUndefined();
    expect(readChecks({ checks: { baseline: 'pending', post: 'locked' } })).toEqual({ baseline: 'pending', post: 'locked' });
    expect(readChecks({ checks: { baseline: 'weird' } })).toEqual({ baseline: 'none', post: 'none' });
  });

  it('links to a pending check and explains a locked one', () => {
    expect(checkPrompts('c 1', { baseline: 'pending', post: 'locked' })).toEqual([
      expect.objectContaining({ kind: 'link', label: 'Take the quick check first', to: '/learn/courses/c%201/checks/baseline' }),
      expect.objectContaining({ kind: 'note', phase: 'post' }),
    ]);
    expect(checkPrompts('c', { baseline: 'done', post: 'pending' })).toEqual([
      expect.objectContaining({ kind: 'note', phase: 'baseline' }),
      expect.objectContaining({ kind: 'link', label: 'Take the final check', to: '/learn/courses/c/checks/post' }),
    ]);
    expect(checkPrompts('c', { baseline: 'none', post: 'none' })).toEqual([]);
    expect(checkPrompts('c', undefined)).toEqual([]);
  });
});
