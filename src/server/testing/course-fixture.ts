/** Published courses for tests that need something to deliver (campaigns, triggers, the inbox). */
import type { Services } from '../services.ts';
import { systemActor } from '../modules/identity/index.ts';

/** A published course of `lessonCount` one-question lessons titled "<title> 1", "<title> 2", … */
export async function createPublishedCourse(services: Services, orgId: string, title: string, lessonCount: number): Promise<{ courseId: string; lessonIds: string[] }> {
  const system = systemActor(orgId);
  const objective = await services.content.createObjective(system, { title: `${title}: the objective`, performance: `Apply ${title}`, whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
  const lessonIds: string[] = [];
  for (let n = 1; n <= lessonCount; n += 1) {
    const lesson = await services.content.createLesson(system, {
      title: `${title} ${n}`,
      coreQuestion: `What is step ${n} of ${title.toLowerCase()}?`,
      objectiveId: objective.id,
      tags: [],
      variables: [],
      blocks: [
        { id: 'text', type: 'sample', format: 'text', content: `Step ${n}: say it clearly.` },
        { id: 'q', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: `Step ${n} is said clearly.`, answer: true, feedbackTrue: 'Right.', feedbackFalse: 'It is.' } },
      ],
    });
    await services.content.publishLesson(system, lesson.id);
    lessonIds.push(lesson.id);
  }
  const course = await services.content.createCourse(system, { title, description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm', title: 'Module', lessonIds }] });
  await services.content.publishCourse(system, course.id);
  return { courseId: course.id, lessonIds };
}
