import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hooks.ts';
import { IdentitySchemas } from '../identity/index.ts';
import * as S from './content.schemas.ts';
import type { ContentService } from './content.service.ts';

/** Routes parse, call one service method and present. */
export function registerContentRoutes(parent: FastifyInstance, content: ContentService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { IdParams } = IdentitySchemas;
  const noContent = { 204: z.null() };

  // ------------------------------------------------------------ objectives
  app.get('/api/objectives', { schema: { tags: ['objectives'], summary: 'Learning objectives (authors)', response: { 200: S.ObjectiveList } } }, async (request) => ({
    items: await content.listObjectives(actorOf(request)),
  }));
  app.post('/api/objectives', { schema: { tags: ['objectives'], summary: 'Record a learning objective (authors)', body: S.ObjectiveCreate, response: { 201: S.Objective } } }, async (request, reply) =>
    reply.status(201).send(await content.createObjective(actorOf(request), request.body)),
  );
  app.get('/api/objectives/:id', { schema: { tags: ['objectives'], summary: 'One objective', params: IdParams, response: { 200: S.Objective } } }, async (request) =>
    content.getObjective(actorOf(request), request.params.id),
  );
  app.patch('/api/objectives/:id', { schema: { tags: ['objectives'], summary: 'Change an objective', params: IdParams, body: S.ObjectivePatch, response: { 200: S.Objective } } }, async (request) =>
    content.updateObjective(actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/objectives/:id', { schema: { tags: ['objectives'], summary: 'Delete an objective no lesson serves', params: IdParams, response: noContent } }, async (request, reply) => {
    await content.deleteObjective(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  // ------------------------------------------------------------ lessons
  app.get('/api/lessons', { schema: { tags: ['lessons'], summary: 'Lessons (authors)', querystring: S.LessonQuery, response: { 200: S.LessonList } } }, async (request) => ({
    items: await content.listLessons(actorOf(request), request.query),
  }));
  app.post('/api/lessons', { schema: { tags: ['lessons'], summary: 'Create a draft lesson', body: S.LessonCreate, response: { 201: S.Lesson } } }, async (request, reply) =>
    reply.status(201).send(await content.createLesson(actorOf(request), request.body)),
  );
  app.get('/api/lessons/:id', { schema: { tags: ['lessons'], summary: 'A lesson with its blocks, duration and lint findings', params: IdParams, response: { 200: S.Lesson } } }, async (request) =>
    content.getLesson(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/lessons/:id',
    { schema: { tags: ['lessons'], summary: 'Save changes as a new revision (send the revision you started from)', params: IdParams, body: S.LessonPatch, response: { 200: S.Lesson } } },
    async (request) => content.updateLesson(actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/lessons/:id', { schema: { tags: ['lessons'], summary: 'Delete a never-published lesson no course uses', params: IdParams, response: noContent } }, async (request, reply) => {
    await content.deleteLesson(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/lessons/:id/submit', { schema: { tags: ['lessons'], summary: 'Mark the lesson ready for review', params: IdParams, response: { 200: S.Lesson } } }, async (request) =>
    content.submitLessonForReview(actorOf(request), request.params.id),
  );
  app.post(
    '/api/lessons/:id/publish',
    { schema: { tags: ['lessons'], summary: 'Publish after the linter passes; 422 lesson_not_publishable lists the findings', params: IdParams, response: { 200: S.Lesson } } },
    async (request) => content.publishLesson(actorOf(request), request.params.id),
  );
  app.get('/api/lessons/:id/revisions', { schema: { tags: ['lessons'], summary: 'Version history: who changed what', params: IdParams, response: { 200: S.LessonRevisionList } } }, async (request) => ({
    items: await content.listLessonRevisions(actorOf(request), request.params.id),
  }));
  app.get(
    '/api/lessons/:id/preview',
    { schema: { tags: ['lessons'], summary: 'The lesson as a learner sees it: sanitised HTML, answers hidden', params: IdParams, querystring: z.record(z.string(), z.string().max(300)), response: { 200: S.RenderedLesson } } },
    async (request) => content.renderLesson(actorOf(request), request.params.id, request.query),
  );

  // ------------------------------------------------------------ courses
  app.get('/api/courses', { schema: { tags: ['courses'], summary: 'Courses (authors; pilot learners see theirs)', response: { 200: S.CourseList } } }, async (request) => ({
    items: await content.listCourses(actorOf(request)),
  }));
  app.post('/api/courses', { schema: { tags: ['courses'], summary: 'Create a course', body: S.CourseCreate, response: { 201: S.Course } } }, async (request, reply) =>
    reply.status(201).send(await content.createCourse(actorOf(request), request.body)),
  );
  app.get('/api/courses/:id', { schema: { tags: ['courses'], summary: 'A course with its modules, lessons and findings', params: IdParams, response: { 200: S.Course } } }, async (request) =>
    content.getCourse(actorOf(request), request.params.id),
  );
  app.patch('/api/courses/:id', { schema: { tags: ['courses'], summary: 'Change the course (storyboard, variables…)', params: IdParams, body: S.CoursePatch, response: { 200: S.Course } } }, async (request) =>
    content.updateCourse(actorOf(request), request.params.id, request.body),
  );
  app.delete('/api/courses/:id', { schema: { tags: ['courses'], summary: 'Delete a never-published course', params: IdParams, response: noContent } }, async (request, reply) => {
    await content.deleteCourse(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post(
    '/api/courses/:id/publish',
    { schema: { tags: ['courses'], summary: 'Publish a new immutable version; 422 course_not_publishable lists the findings', params: IdParams, response: { 200: S.Course } } },
    async (request) => content.publishCourse(actorOf(request), request.params.id),
  );
  app.post('/api/courses/:id/unpublish', { schema: { tags: ['courses'], summary: 'Hide from new assignments; learners mid-way keep their version', params: IdParams, response: { 200: S.Course } } }, async (request) =>
    content.unpublishCourse(actorOf(request), request.params.id),
  );
  app.get('/api/courses/:id/versions', { schema: { tags: ['courses'], summary: 'Published versions', params: IdParams, response: { 200: S.CourseVersionList } } }, async (request) => ({
    items: await content.listCourseVersions(actorOf(request), request.params.id),
  }));
  app.get('/api/courses/:id/versions/:version', { schema: { tags: ['courses'], summary: 'One immutable version', params: S.VersionParams, response: { 200: S.CourseVersion } } }, async (request) =>
    content.getCourseVersion(actorOf(request), request.params.id, request.params.version),
  );
  app.put('/api/courses/:id/pilots', { schema: { tags: ['courses'], summary: 'Share the draft with pilot learners', params: IdParams, body: S.PilotsBody, response: { 200: S.Course } } }, async (request) =>
    content.setPilots(actorOf(request), request.params.id, request.body.personIds),
  );
  app.get('/api/courses/:id/comments', { schema: { tags: ['courses'], summary: 'Pilot comments per lesson', params: IdParams, response: { 200: S.CommentList } } }, async (request) => ({
    items: await content.listComments(actorOf(request), request.params.id),
  }));
  app.post(
    '/api/courses/:id/lessons/:lessonId/comments',
    { schema: { tags: ['courses'], summary: 'Comment on a lesson of a piloted course', params: S.CourseLessonParams, body: S.CommentCreate, response: { 201: S.CommentList } } },
    async (request, reply) => reply.status(201).send({ items: await content.addComment(actorOf(request), request.params.id, request.params.lessonId, request.body.body) }),
  );
  app.post(
    '/api/courses/:id/comments/:commentId/resolve',
    { schema: { tags: ['courses'], summary: 'Resolve a pilot comment', params: z.object({ id: z.string().min(1).max(64), commentId: z.string().min(1).max(64) }), response: { 200: S.CommentList } } },
    async (request) => ({ items: await content.resolveComment(actorOf(request), request.params.id, request.params.commentId) }),
  );
}
