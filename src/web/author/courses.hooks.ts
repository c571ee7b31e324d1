/**
 * Courses: the list, the storyboard (modules and lessons, variables, objectives), publishing versions, pilot
 * learners and their comments.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../lib/api-client.ts';
import type { Person, PersonPage } from '../lib/api-types.ts';
import type { Comment, Course, CourseFinding, CourseList, CourseVersion, CourseVersionList } from '../lib/content-types.ts';
import { COURSES_KEY } from './author-keys.ts';
import {
  addLesson,
  addModule,
  changedCourseFields,
  courseDraftOf,
  emptyCourseDraft,
  findLesson,
  moveLesson,
  removeLesson,
  removeModule,
  renameModule,
  stepLesson,
  stepModule,
  type CourseDraft,
  type LessonPlace,
} from './storyboard.ts';

const coursePath = (id: string) => `/api/courses/${encodeURIComponent(id)}`;

/** Every course. */
export function useCourses() {
  return useQuery({ queryKey: [...COURSES_KEY, 'list'], queryFn: () => api.get<CourseList>('/api/courses') });
}

/** One course with its modules, lessons and findings. */
export function useCourse(id: string) {
  return useQuery({ queryKey: [...COURSES_KEY, 'one', id], queryFn: () => api.get<Course>(coursePath(id)) });
}

/** The published versions of a course. */
export function useCourseVersions(id: string, latestVersion: number | null) {
  return useQuery({ queryKey: [...COURSES_KEY, 'versions', id, latestVersion], queryFn: () => api.get<CourseVersionList>(`${coursePath(id)}/versions`) });
}

/** One immutable version, loaded when it is opened. */
export function useCourseVersion(id: string, version: number, enabled: boolean) {
  return useQuery({ queryKey: [...COURSES_KEY, 'version', id, version], queryFn: () => api.get<CourseVersion>(`${coursePath(id)}/versions/${version}`), enabled, staleTime: Infinity });
}

/**
 * The storyboard. Changes stay in the browser until "Save course"; publishing saves first, then asks the API for
 * a new version, whose refusal (422) lists the findings to fix.
 */
export function useStoryboard(course: Course | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [saved, setSaved] = useState<Course | undefined>(course);
  const savedDraft = useMemo(() => (saved ? courseDraftOf(saved) : emptyCourseDraft()), [saved]);
  const [draft, setDraft] = useState<CourseDraft>(savedDraft);
  const [announcement, setAnnouncement] = useState('');
  const [publishRefusal, setPublishRefusal] = useState<{ message: string; findings: CourseFinding[] } | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const changes = saved ? changedCourseFields(draft, savedDraft) : {};
  const dirty = !saved || Object.keys(changes).length > 0;

  useEffect(() => {
    if (!dirty || !saved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, saved]);

  function accept(next: Course) {
    setSaved(next);
    setDraft(courseDraftOf(next));
    queryClient.setQueryData([...COURSES_KEY, 'one', next.id], next);
    void queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, 'list'] });
  }

  const save = useMutation({
    mutationFn: async (): Promise<Course> => {
      if (!draft.title.trim()) throw new Error('Give the course a title before saving.');
      if (!saved) return api.post<Course>('/api/courses', { ...draft, title: draft.title.trim() });
      if (!dirty) return saved;
      return api.patch<Course>(coursePath(saved.id), changes);
    },
    onSuccess: async (next) => {
      if (!saved) {
        queryClient.setQueryData([...COURSES_KEY, 'one', next.id], next);
        await queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, 'list'] });
        await navigate(`/author/courses/${encodeURIComponent(next.id)}`, { replace: true, state: { notice: 'Course created. Add lessons to its modules, then publish it.' } });
        return;
      }
      accept(next);
      setSavedAt(new Date());
    },
  });

  const publishing = useMutation({
    mutationFn: async (action: 'publish' | 'unpublish') => {
      if (!saved) throw new Error('Save the course first.');
      if (action === 'publish' && dirty) await save.mutateAsync();
      return api.post<Course>(`${coursePath(saved.id)}/${action}`);
    },
    onMutate: () => setPublishRefusal(null),
    onSuccess: async (next, action) => {
      accept(next);
      await queryClient.invalidateQueries({ queryKey: [...COURSES_KEY, 'versions', next.id] });
      setAnnouncement(action === 'publish' ? `Published version ${next.latestVersion ?? ''}. New assignments get this version; learners mid-way keep theirs.` : 'Unpublished: the course is hidden from new assignments.');
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.code === 'course_not_publishable') {
        setPublishRefusal({ message: failure.message, findings: (failure.details as { findings?: CourseFinding[] } | undefined)?.findings ?? [] });
      }
    },
  });

  const remove = useMutation({
    mutationFn: (id: string) => api.delete(coursePath(id)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: COURSES_KEY });
      await navigate('/author/courses', { replace: true, state: { notice: `The course “${saved?.title ?? ''}” was deleted.` } });
    },
  });

  /** Applies a storyboard change to the modules as they are now, with a message for screen readers. */
  function editModules(change: (modules: CourseDraft['modules']) => CourseDraft['modules'], message?: (modules: CourseDraft['modules']) => string) {
    const modules = change(draft.modules);
    setDraft((current) => ({ ...current, modules }));
    setPublishRefusal(null);
    setSavedAt(null);
    if (message) setAnnouncement(message(modules));
  }

  /** "now in Openings, position 3 of 4" after a move. */
  function describePlace(modules: CourseDraft['modules'], lessonId: string): string {
    const place = findLesson(modules, lessonId);
    if (!place) return '';
    const moduleIndex = modules.findIndex((module) => module.id === place.moduleId);
    const module = modules[moduleIndex];
    return `now in ${module?.title || `module ${moduleIndex + 1}`}, position ${place.index + 1} of ${module?.lessonIds.length ?? 0}`;
  }

  return {
    saved,
    draft,
    dirty,
    savedAt,
    announcement,
    publishRefusal,
    isSaving: save.isPending,
    isPublishing: publishing.isPending,
    pendingPublishAction: publishing.isPending ? publishing.variables : undefined,
    error: save.error ?? (publishing.error instanceof ApiError && publishing.error.code === 'course_not_publishable' ? null : publishing.error) ?? remove.error,

    update: (fields: Partial<CourseDraft>) => {
      setDraft((current) => ({ ...current, ...fields }));
      setPublishRefusal(null);
      setSavedAt(null);
    },
    setVariable: (name: string, value: string) =>
      setDraft((current) => {
        const variableValues = { ...current.variableValues };
        if (value === '') delete variableValues[name];
        else variableValues[name] = value;
        return { ...current, variableValues };
      }),
    addModule: (title: string) => editModules((modules) => addModule(modules, title), () => `Added the module ${title}.`),
    renameModule: (moduleId: string, title: string) => editModules((modules) => renameModule(modules, moduleId, title)),
    removeModule: (moduleId: string, title: string) => {
      const module = draft.modules.find((m) => m.id === moduleId);
      if (module && module.lessonIds.length > 0 && !window.confirm(`Remove the module “${title}” and its ${module.lessonIds.length} lesson(s) from the course? The lessons themselves are kept.`)) return;
      editModules((modules) => removeModule(modules, moduleId), () => `Removed the module ${title}.`);
    },
    stepModule: (moduleId: string, direction: -1 | 1) => editModules((modules) => stepModule(modules, moduleId, direction), () => (direction === -1 ? 'Module moved up.' : 'Module moved down.')),
    addLesson: (moduleId: string, lessonId: string, title: string) => editModules((modules) => addLesson(modules, moduleId, lessonId), (modules) => `Added “${title}”, ${describePlace(modules, lessonId)}.`),
    removeLesson: (lessonId: string, title: string) => editModules((modules) => removeLesson(modules, lessonId), () => `Removed “${title}” from the course.`),
    stepLesson: (lessonId: string, direction: -1 | 1, title: string) => editModules((modules) => stepLesson(modules, lessonId, direction), (modules) => `“${title}” ${describePlace(modules, lessonId)}.`),
    moveLesson: (lessonId: string, to: LessonPlace, title: string) => editModules((modules) => moveLesson(modules, lessonId, to), (modules) => `“${title}” ${describePlace(modules, lessonId)}.`),

    save: () => save.mutate(),
    publish: () => publishing.mutate('publish'),
    unpublish: () => publishing.mutate('unpublish'),
    deleteCourse: () => {
      if (saved && window.confirm(`Delete the course “${saved.title}”? This cannot be undone.`)) remove.mutate(saved.id);
    },
  };
}

export type Storyboard = ReturnType<typeof useStoryboard>;

/** People matching a search, for choosing pilot learners (admins and managers may list people). */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: ['people', 'pilot-search', q],
    queryFn: () => api.get<PersonPage>('/api/people', { q, limit: 10, status: 'active' }),
    placeholderData: (previous) => previous,
  });
}

/** The pilot learners of a course, with their names. */
export function usePilots(course: Course) {
  const queryClient = useQueryClient();
  const people = useQuery({
    queryKey: ['people', 'pilots', course.pilotIds],
    queryFn: () => Promise.all(course.pilotIds.map((id) => api.get<Person>(`/api/people/${encodeURIComponent(id)}`).catch(() => ({ id, displayName: 'Someone', email: '' }) as Person))),
    enabled: course.pilotIds.length > 0,
  });
  const set = useMutation({
    mutationFn: (input: { personIds: string[]; describe: string }) => api.put<Course>(`${coursePath(course.id)}/pilots`, { personIds: input.personIds }),
    onSuccess: (next) => {
      queryClient.setQueryData([...COURSES_KEY, 'one', next.id], next);
    },
  });
  return {
    pilots: course.pilotIds.length === 0 ? [] : (people.data ?? []),
    isLoading: people.isPending && course.pilotIds.length > 0,
    add: (person: Person) => set.mutate({ personIds: [...course.pilotIds, person.id], describe: `${person.displayName} can now pilot the course.` }),
    remove: (person: Pick<Person, 'id' | 'displayName'>) => set.mutate({ personIds: course.pilotIds.filter((id) => id !== person.id), describe: `${person.displayName} no longer pilots the course.` }),
    lastChange: set.isSuccess ? set.variables.describe : undefined,
    isBusy: set.isPending,
    error: set.error ?? people.error,
  };
}

/** Pilot comments on the course's lessons, adding one, and resolving them. */
export function useComments(courseId: string) {
  const queryClient = useQueryClient();
  const key = [...COURSES_KEY, 'comments', courseId];
  const comments = useQuery({ queryKey: key, queryFn: () => api.get<{ items: Comment[] }>(`${coursePath(courseId)}/comments`) });
  const add = useMutation({
    mutationFn: (input: { lessonId: string; body: string }) => api.post<{ items: Comment[] }>(`${coursePath(courseId)}/lessons/${encodeURIComponent(input.lessonId)}/comments`, { body: input.body }),
    onSuccess: (list) => queryClient.setQueryData(key, list),
  });
  const resolve = useMutation({
    mutationFn: (commentId: string) => api.post<{ items: Comment[] }>(`${coursePath(courseId)}/comments/${encodeURIComponent(commentId)}/resolve`),
    onSuccess: (list) => queryClient.setQueryData(key, list),
  });
  return { comments, add, resolve };
}
