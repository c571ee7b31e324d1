/**
 * The learner's data through TanStack Query: Today, a course's outline, the lesson to play, answering (graded at
 * once), lesson feedback, and the review boost. Every key sits under `LEARN_KEY`, so one answer refreshes all.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../lib/api-client.ts';
import type { AttemptBody, AttemptResult, Boost, CourseOutline, LearnerLesson, LessonFeedback, ReviewBody, ReviewResult, Today } from '../lib/learning-types.ts';
import { LEARN_KEY } from '../lib/query-keys.ts';
import { itemsPerRound, type BoostMode } from './boost.ts';
import { expectPointsSoon } from './gamification/gamification.hooks.ts';

const keys = {
  today: [...LEARN_KEY, 'today'] as const,
  course: (courseId: string) => [...LEARN_KEY, 'course', courseId] as const,
  lesson: (courseId: string, lessonId: string) => [...LEARN_KEY, 'lesson', courseId, lessonId] as const,
  boost: (mode: BoostMode) => [...LEARN_KEY, 'boost', mode] as const,
};

const course = (courseId: string) => `/api/learn/courses/${encodeURIComponent(courseId)}`;

/** A submission lost on the way (no answer from the server) is sent again with the same client id: it counts once. */
const retryWhenUnreached = (failures: number, error: unknown) => error instanceof ApiError && error.status === 0 && failures < 2;

/** What is due today: courses with their next lesson, and the boost. */
export function useToday() {
  return useQuery({ queryKey: keys.today, queryFn: () => api.get<Today>('/api/learn/today') });
}

/** A course's modules and lessons with the learner's ticks. */
export function useCourseOutline(courseId: string) {
  return useQuery({ queryKey: keys.course(courseId), queryFn: () => api.get<CourseOutline>(course(courseId)) });
}

/** The lesson to play, with the answers already given. Not refetched while playing: answers are kept locally. */
export function useLearnerLesson(courseId: string, lessonId: string) {
  return useQuery({
    queryKey: keys.lesson(courseId, lessonId),
    queryFn: () => api.get<LearnerLesson>(`${course(courseId)}/lessons/${encodeURIComponent(lessonId)}`),
    staleTime: Infinity,
  });
}

/** Answers a question of a lesson; the first answer counts, later ones are practice. */
export function useSubmitAttempt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AttemptBody) => api.post<AttemptResult>('/api/learn/attempts', body),
    retry: retryWhenUnreached,
    onSuccess: (result) => {
      // Today and the outline change when a lesson completes; the boost gains a review item with every first answer.
      void queryClient.invalidateQueries({ queryKey: keys.today });
      void queryClient.invalidateQueries({ queryKey: [...LEARN_KEY, 'boost'] });
      if (result.lessonCompleted) void queryClient.invalidateQueries({ queryKey: [...LEARN_KEY, 'course'] });
      // Points and the streak follow a moment later, awarded in the background.
      expectPointsSoon(queryClient);
    },
  });
}

/** "Did this answer your question?", a rating and a comment. */
export function useLessonFeedback(courseId: string, lessonId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LessonFeedback) => api.post<void>(`${course(courseId)}/lessons/${encodeURIComponent(lessonId)}/feedback`, body),
    onSuccess: () => {
      queryClient.setQueryData<LearnerLesson>(keys.lesson(courseId, lessonId), (lesson) => (lesson ? { ...lesson, feedbackGiven: true } : lesson));
    },
  });
}

/**
 * One round of the boost (today's due items) or of practice. The items are fetched once per visit: answering
 * changes what is due, and the round in progress must not change under the learner.
 */
export function useBoostRound(mode: BoostMode) {
  return useQuery({
    queryKey: keys.boost(mode),
    queryFn: () => api.get<Boost>('/api/learn/boost', { practice: mode === 'practice' ? 'true' : undefined, size: itemsPerRound(mode) }),
    staleTime: Infinity,
    refetchOnMount: 'always',
  });
}

/** Answers a review item; FSRS schedules it again unless it is practice. */
export function useAnswerReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewBody) => api.post<ReviewResult>('/api/learn/reviews', body),
    retry: retryWhenUnreached,
    // A recall earns points and any answer counts for the streak, a moment later in the background.
    onSuccess: () => expectPointsSoon(queryClient),
  });
}

/** Refreshes Today and the boost after a round. */
export function useRefreshLearning() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: keys.today });
  };
}
