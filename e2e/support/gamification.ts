/**
 * The set-up the gamification browser tests share, through the API: a published course of one lesson with one
 * true/false question, learners (every day a working day, so a streak counts whatever day the test runs on), their
 * answers, and a wait for the points those answers earn.
 */
import { expect } from 'vitest';
import type { Call } from './session.ts';

/** The course's one lesson. Its one question, `check`, is "Labels face out." and the answer is true. */
export const LESSON = { title: 'Facing the shelves', coreQuestion: 'How do I face a shelf before opening?' };

/** A learner who signs in with a password. */
export interface Learner {
  name: string;
  email: string;
  password: string;
}

/** A published one-lesson course, and where a learner plays its lesson. */
export interface OneQuestionCourse {
  courseId: string;
  lessonId: string;
  lessonPath: string;
}

/** What an author would do first: an objective, the lesson (published) and a course of it (published). */
export async function publishOneQuestionCourse(call: Call): Promise<OneQuestionCourse> {
  const objective = await call<{ id: string }>('POST', '/api/objectives', { title: 'Open the store ready', performance: 'Faces every shelf before the doors open.' });
  const lesson = await call<{ id: string }>('POST', '/api/lessons', {
    ...LESSON,
    objectiveId: objective.id,
    blocks: [
      { id: 'how', type: 'text', markdown: 'Pull every product to the **front** of the shelf, label facing out.' },
      { id: 'check', type: 'question', question: { kind: 'true_false', prompt: 'Labels face out.', answer: true, feedbackTrue: 'Right.', feedbackFalse: 'They do face out.' } },
    ],
  });
  await call('POST', `/api/lessons/${lesson.id}/publish`);
  const course = await call<{ id: string }>('POST', '/api/courses', { title: 'Opening up', objectiveIds: [objective.id], modules: [{ id: 'm1', title: 'Mornings', lessonIds: [lesson.id] }] });
  await call('POST', `/api/courses/${course.id}/publish`);
  return { courseId: course.id, lessonId: lesson.id, lessonPath: `/learn/courses/${course.id}/lessons/${lesson.id}` };
}

/**
 * What an admin would do: adds the learners (in a new team when `team` names one) and enrols them on the course.
 * @returns their person ids, in order.
 */
export async function addLearners(call: Call, options: { learners: readonly Learner[]; team?: string; course: OneQuestionCourse }): Promise<string[]> {
  const teamIds = options.team ? [(await call<{ id: string }>('POST', '/api/teams', { name: options.team })).id] : [];
  const everyDay = [1, 2, 3, 4, 5, 6, 7];
  const ids: string[] = [];
  for (const learner of options.learners) {
    const person = await call<{ id: string }>('POST', '/api/people', { email: learner.email, displayName: learner.name, roles: ['learner'], timeZone: 'Europe/London', workingDays: everyDay, password: learner.password, teamIds });
    ids.push(person.id);
  }
  const enrolled = await call<{ enrolled: number }>('POST', '/api/enrolments', { courseId: options.course.courseId, personIds: ids });
  expect(enrolled.enrolled).toBe(ids.length);
  return ids;
}

/**
 * A signed-in learner answers the lesson's question through the API, right or wrong, which completes the lesson and
 * the course; then waits until the points it earns (10 for the lesson, 5 more when right first time, by the default
 * rules) are on the learner's ledger, since they are awarded in the background a moment after the answer.
 */
export async function answerAndAwaitPoints(learnerCall: Call, course: OneQuestionCourse, isRight: boolean): Promise<void> {
  await learnerCall('POST', '/api/learn/attempts', { courseId: course.courseId, lessonId: course.lessonId, questionId: 'check', response: { kind: 'true_false', value: isRight }, timeTakenMs: 3000, clientId: `e2e-answer-${course.lessonId}` });
  const earned = isRight ? 15 : 10;
  await expect.poll(async () => (await learnerCall<{ earned: { allTime: number } }>('GET', '/api/me/points')).earned.allTime, { timeout: 20_000 }).toBe(earned);
}
