/** The Improve pages' data through TanStack Query: the queue and one lesson's evidence, for a window of days. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import { type ImprovementQueue, type LessonImprovement, lessonUrl, queueUrl } from './improvement.ts';

const IMPROVEMENT_KEY = ['author', 'improvement'] as const;

/** The lessons with suggested fixes and the top content gaps. */
export function useImprovementQueue(days: number) {
  return useQuery({ queryKey: [...IMPROVEMENT_KEY, 'queue', days], queryFn: () => api.get<ImprovementQueue>(queueUrl(days)) });
}

/** One lesson's evidence. */
export function useLessonImprovement(lessonId: string, days: number) {
  return useQuery({ queryKey: [...IMPROVEMENT_KEY, 'lesson', lessonId, days], queryFn: () => api.get<LessonImprovement>(lessonUrl(lessonId, days)) });
}
