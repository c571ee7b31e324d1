/**
 * A course as the learner moves through it, without React: its lessons in order, where to resume, what comes
 * after a lesson, and the baseline and final checks when the course has them.
 */
import type { CourseOutline } from '../lib/learning-types.ts';

/** One lesson of the outline, with where it sits. */
export type OutlineLesson = CourseOutline['modules'][number]['lessons'][number] & { moduleIndex: number; position: number };

/** Every lesson of the course in order, each with its module and its 1-based position in the course. */
export function lessonsInOrder(outline: Pick<CourseOutline, 'modules'>): OutlineLesson[] {
  let position = 0;
  return outline.modules.flatMap((module, moduleIndex) => module.lessons.map((lesson) => ({ ...lesson, moduleIndex, position: ++position })));
}

/** The first lesson not completed yet (where "Resume" leads), or undefined when every lesson is done. */
export function resumeLesson(outline: Pick<CourseOutline, 'modules'>): OutlineLesson | undefined {
  return lessonsInOrder(outline).find((lesson) => !lesson.completed);
}

/**
 * The lesson to offer after `lessonId`: the next one not completed after it, else the first one not completed
 * before it (a learner who skipped ahead goes back for what they missed), else undefined (the course is done).
 */
export function nextLessonAfter(outline: Pick<CourseOutline, 'modules'>, lessonId: string): OutlineLesson | undefined {
  const lessons = lessonsInOrder(outline);
  const index = lessons.findIndex((lesson) => lesson.lessonId === lessonId);
  const isOpen = (lesson: OutlineLesson) => !lesson.completed && lesson.lessonId !== lessonId;
  return lessons.slice(index + 1).find(isOpen) ?? lessons.slice(0, Math.max(index, 0)).find(isOpen);
}

/** The states of a course's baseline check (before the lessons) and final check (after them). */
export interface CourseChecks {
  baseline: 'pending' | 'done' | 'none';
  post: 'pending' | 'done' | 'locked' | 'none';
}

const BASELINE_STATES: ReadonlyArray<CourseChecks['baseline']> = ['pending', 'done', 'none'];
const POST_STATES: ReadonlyArray<CourseChecks['post']> = ['pending', 'done', 'locked', 'none'];

/**
 * The outline's `checks`, read defensively: older servers do not send them, and anything unexpected counts as
 * "no check" rather than breaking the page.
 */
export function readChecks(outline: unknown): CourseChecks | undefined {
  const checks = (outline as { checks?: unknown } | null | undefined)?.checks;
  if (!checks || typeof checks !== 'object') return undefined;
  const { baseline, post } = checks as Record<string, unknown>;
  return {
    baseline: BASELINE_STATES.find((state) => state === baseline) ?? 'none',
    post: POST_STATES.find((state) => state === post) ?? 'none',
  };
}

/** What the course page says about a check: a link to take it, or a line of text. */
export type CheckPrompt = { kind: 'link'; phase: 'baseline' | 'post'; to: string; label: string; hint: string } | { kind: 'note'; phase: 'baseline' | 'post'; text: string };

/** The prompts for a course's checks, baseline first; none when the course has no checks. */
export function checkPrompts(courseId: string, checks: CourseChecks | undefined): CheckPrompt[] {
  if (!checks) return [];
  const path = (phase: 'baseline' | 'post') => `/learn/courses/${encodeURIComponent(courseId)}/checks/${phase}`;
  const prompts: CheckPrompt[] = [];
  if (checks.baseline === 'pending') {
    prompts.push({ kind: 'link', phase: 'baseline', to: path('baseline'), label: 'Take the quick check first', hint: 'A few questions on what you already know, so the course can show what you learned.' });
  } else if (checks.baseline === 'done') {
    prompts.push({ kind: 'note', phase: 'baseline', text: 'Quick check done.' });
  }
  if (checks.post === 'pending') {
    prompts.push({ kind: 'link', phase: 'post', to: path('post'), label: 'Take the final check', hint: 'A few questions to show what you learned in this course.' });
  } else if (checks.post === 'done') {
    prompts.push({ kind: 'note', phase: 'post', text: 'Final check done.' });
  } else if (checks.post === 'locked') {
    prompts.push({ kind: 'note', phase: 'post', text: 'The final check opens once you have finished the lessons.' });
  }
  return prompts;
}
