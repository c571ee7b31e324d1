import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import * as S from './learning.schemas.ts';
import type { LearningService } from './learning.service.ts';

/** Routes parse, call one service method and present. */
export function registerLearningRoutes(parent: FastifyInstance, learning: LearningService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.post('/api/enrolments', { schema: { tags: ['learning'], summary: 'Assign a published course to people (authors)', body: S.EnrolBody, response: { 200: S.EnrolResult } } }, async (request) =>
    learning.enrol(actorOf(request), request.body),
  );
  app.get('/api/learn/today', { schema: { tags: ['learning'], summary: 'What is due today: courses, next lessons and the review boost', response: { 200: S.Today } } }, async (request) =>
    learning.today(actorOf(request)),
  );
  app.get('/api/learn/courses/:courseId', { schema: { tags: ['learning'], summary: 'A course as the learner’s version has it, with progress', params: S.CourseParams, response: { 200: S.CourseOutline } } }, async (request) =>
    learning.outline(actorOf(request), request.params.courseId),
  );
  app.get(
    '/api/learn/courses/:courseId/lessons/:lessonId',
    { schema: { tags: ['learning'], summary: 'A lesson to play, answers hidden, with the learner’s answers so far', params: S.CourseLessonParams, response: { 200: S.LearnerLesson } } },
    async (request) => learning.lesson(actorOf(request), request.params.courseId, request.params.lessonId),
  );
  app.post('/api/learn/attempts', { schema: { tags: ['learning'], summary: 'Answer a question: graded at once with targeted feedback', body: S.AttemptBody, response: { 200: S.AttemptResult } } }, async (request) =>
    learning.submitAttempt(actorOf(request), request.body),
  );
  app.post(
    '/api/learn/courses/:courseId/lessons/:lessonId/feedback',
    { schema: { tags: ['learning'], summary: '"Did this answer your question?", a rating and a comment', params: S.CourseLessonParams, body: S.LessonFeedbackBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await learning.giveFeedback(actorOf(request), request.params.courseId, request.params.lessonId, request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/learn/courses/:courseId/lessons/:lessonId/progress',
    { schema: { tags: ['learning'], summary: 'How far into the lesson the learner got (furthest block, active time); only ever raised', params: S.CourseLessonParams, body: S.LessonProgressBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await learning.recordBlockProgress(actorOf(request), request.params.courseId, request.params.lessonId, request.body);
      return reply.status(204).send(null);
    },
  );
  app.get('/api/learn/boost', { schema: { tags: ['learning'], summary: 'Today’s review boost (or practice items)', querystring: S.BoostQuery, response: { 200: S.Boost } } }, async (request) =>
    learning.boost(actorOf(request), request.query),
  );
  app.post('/api/learn/reviews', { schema: { tags: ['learning'], summary: 'Answer a review item; FSRS schedules the next review', body: S.ReviewBody, response: { 200: S.ReviewResult } } }, async (request) =>
    learning.answerReview(actorOf(request), request.body),
  );
}
