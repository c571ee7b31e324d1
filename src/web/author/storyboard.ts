/**
 * The course storyboard's working copy and its pure operations: modules added, renamed, removed and moved;
 * lessons added, removed and moved within and across modules (by drag and drop or by buttons).
 */
import type { Course, CoursePatch } from '../lib/content-types.ts';
import { newId, stableStringify } from './lesson-draft.ts';

/** One module as the storyboard edits it. */
export interface StoryboardModule {
  id: string;
  title: string;
  lessonIds: string[];
}

/** What the storyboard edits. */
export interface CourseDraft {
  title: string;
  description: string;
  objectiveIds: string[];
  modules: StoryboardModule[];
  variableValues: Record<string, string>;
}

/** Where a lesson sits: its module and its index in it. */
export interface LessonPlace {
  moduleId: string;
  index: number;
}

/** A new course with one module to drop lessons into. */
export function emptyCourseDraft(): CourseDraft {
  return { title: '', description: '', objectiveIds: [], modules: [{ id: newId('module'), title: 'Module 1', lessonIds: [] }], variableValues: {} };
}

/** The draft of a course as the API returned it. */
export function courseDraftOf(course: Course): CourseDraft {
  return {
    title: course.title,
    description: course.description,
    objectiveIds: course.objectiveIds,
    modules: course.modules.map((module) => ({ id: module.id, title: module.title, lessonIds: module.lessonIds })),
    variableValues: course.variableValues,
  };
}

/** The fields that changed since the last save. */
export function changedCourseFields(draft: CourseDraft, saved: CourseDraft): CoursePatch {
  const changes: Record<string, unknown> = {};
  for (const field of ['title', 'description', 'objectiveIds', 'modules', 'variableValues'] as const) {
    if (stableStringify(draft[field]) !== stableStringify(saved[field])) changes[field] = draft[field];
  }
  return changes as CoursePatch;
}

/** Where a lesson is in the course, or undefined. */
export function findLesson(modules: readonly StoryboardModule[], lessonId: string): LessonPlace | undefined {
  for (const module of modules) {
    const index = module.lessonIds.indexOf(lessonId);
    if (index >= 0) return { moduleId: module.id, index };
  }
  return undefined;
}

/** Every lesson id of the course, in order. */
export function lessonIdsOf(modules: readonly StoryboardModule[]): string[] {
  return modules.flatMap((module) => module.lessonIds);
}

/**
 * Moves a lesson to `to` (its module and the index it should have there, counted in the list without the
 * lesson). Unknown lessons or modules leave the storyboard as it was.
 */
export function moveLesson(modules: readonly StoryboardModule[], lessonId: string, to: LessonPlace): StoryboardModule[] {
  const from = findLesson(modules, lessonId);
  if (!from || !modules.some((module) => module.id === to.moduleId)) return [...modules];
  const without = modules.map((module) => (module.id === from.moduleId ? { ...module, lessonIds: module.lessonIds.filter((id) => id !== lessonId) } : module));
  return without.map((module) => {
    if (module.id !== to.moduleId) return module;
    const lessonIds = [...module.lessonIds];
    lessonIds.splice(Math.max(0, Math.min(lessonIds.length, to.index)), 0, lessonId);
    return { ...module, lessonIds };
  });
}

/**
 * Moves a lesson one place up or down. At the top or bottom of a module it crosses into the previous or next
 * module (at its end or start), so the buttons alone reach every position.
 */
export function stepLesson(modules: readonly StoryboardModule[], lessonId: string, direction: -1 | 1): StoryboardModule[] {
  const from = findLesson(modules, lessonId);
  if (!from) return [...modules];
  const moduleIndex = modules.findIndex((module) => module.id === from.moduleId);
  const module = modules[moduleIndex] as StoryboardModule;
  const target = from.index + direction;
  if (target >= 0 && target < module.lessonIds.length) return moveLesson(modules, lessonId, { moduleId: module.id, index: target });
  const neighbour = modules[moduleIndex + direction];
  if (!neighbour) return [...modules];
  return moveLesson(modules, lessonId, { moduleId: neighbour.id, index: direction === -1 ? neighbour.lessonIds.length : 0 });
}

/** Whether a lesson can move one place up (-1) or down (1). */
export function canStepLesson(modules: readonly StoryboardModule[], lessonId: string, direction: -1 | 1): boolean {
  const from = findLesson(modules, lessonId);
  if (!from) return false;
  const moduleIndex = modules.findIndex((module) => module.id === from.moduleId);
  const module = modules[moduleIndex] as StoryboardModule;
  const target = from.index + direction;
  return (target >= 0 && target < module.lessonIds.length) || modules[moduleIndex + direction] !== undefined;
}

/** Adds a lesson at the end of a module (a lesson appears once in a course: an existing place is left). */
export function addLesson(modules: readonly StoryboardModule[], moduleId: string, lessonId: string): StoryboardModule[] {
  if (findLesson(modules, lessonId)) return moveLesson(modules, lessonId, { moduleId, index: Number.MAX_SAFE_INTEGER });
  return modules.map((module) => (module.id === moduleId ? { ...module, lessonIds: [...module.lessonIds, lessonId] } : module));
}

/** Takes a lesson out of the course. */
export function removeLesson(modules: readonly StoryboardModule[], lessonId: string): StoryboardModule[] {
  return modules.map((module) => ({ ...module, lessonIds: module.lessonIds.filter((id) => id !== lessonId) }));
}

/** Adds an empty module at the end. */
export function addModule(modules: readonly StoryboardModule[], title: string): StoryboardModule[] {
  return [...modules, { id: newId('module'), title, lessonIds: [] }];
}

/** Renames a module. */
export function renameModule(modules: readonly StoryboardModule[], moduleId: string, title: string): StoryboardModule[] {
  return modules.map((module) => (module.id === moduleId ? { ...module, title } : module));
}

/** Removes a module and, with it, its lessons from the course. */
export function removeModule(modules: readonly StoryboardModule[], moduleId: string): StoryboardModule[] {
  return modules.filter((module) => module.id !== moduleId);
}

/** Moves a module one place up (-1) or down (1). */
export function stepModule(modules: readonly StoryboardModule[], moduleId: string, direction: -1 | 1): StoryboardModule[] {
  const index = modules.findIndex((module) => module.id === moduleId);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= modules.length) return [...modules];
  const result = [...modules];
  [result[index], result[target]] = [result[target] as StoryboardModule, result[index] as StoryboardModule];
  return result;
}
