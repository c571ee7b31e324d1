import type { Response } from '../../core/lessons/grading.ts';
import type { Question } from '../../core/lessons/lesson-model.ts';
import type { ContentSchemas } from '../modules/content/index.ts';
import { systemActor } from '../modules/identity/index.ts';
import type { DemoStep } from './demo-seed.ts';

type LessonInput = ContentSchemas.LessonCreate;
type ObjectiveInput = ContentSchemas.ObjectiveCreate;

interface DemoCourse {
  objective: ObjectiveInput;
  course: { title: string; description: string; variableValues: Record<string, string>; modules: { title: string; lessons: Omit<LessonInput, 'objectiveId'>[] }[] };
}

const tf = (id: string, prompt: string, answer: boolean, feedbackTrue: string, feedbackFalse: string) =>
  ({ id, type: 'question', question: { kind: 'true_false', prompt, answer, feedbackTrue, feedbackFalse, askConfidence: true } }) as const;

/** Angie's scenario: every customer-service representative learns the new greetings and farewells within two days. */
const greetings: DemoCourse = {
  objective: {
    title: 'Open and close every call with the new greeting and farewell',
    performance: 'Use the new greeting in the first five seconds of every call and the new farewell before every hang-up, word for word.',
    whyItMatters: 'Callers judge the whole call by its first and last seconds; the new script raised satisfaction by 6 points in the pilot.',
    challenge: 'Customer satisfaction scores differ widely between sites because each team greets callers its own way.',
    desiredRetention: 0.9,
    targetProficiency: 0.9,
  },
  course: {
    title: 'New greetings and farewells',
    description: 'Three two-minute lessons on the new call script, for every representative, within two days.',
    variableValues: { brand: 'Northwind' },
    modules: [
      {
        title: 'Opening the call',
        lessons: [
          {
            title: 'The new greeting, word for word',
            coreQuestion: 'What exactly do I say when I pick up a customer call?',
            tags: ['greeting', 'phone', 'script', 'opening'],
            variables: [{ name: 'brand', description: 'The brand the caller dialled', defaultValue: 'Northwind' }],
            blocks: [
              { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling {{brand}}, this is <your first name>. How can I help you today?', caption: 'Say it within five seconds of picking up.' },
              {
                id: 'steps',
                type: 'skill_demo',
                title: 'Before and while you answer',
                steps: [{ text: 'Smile before you pick up: callers hear it.' }, { text: 'Say the brand first, so the caller knows they reached the right place.' }, { text: 'Give your first name only.' }, { text: 'Offer help with an open question.' }],
              },
              {
                id: 'q-order',
                type: 'question',
                question: {
                  kind: 'single_choice',
                  askConfidence: true,
                  prompt: 'What comes first in the new greeting?',
                  options: [
                    { id: 'a', text: 'The brand', correct: true, feedback: 'Right: "Thank you for calling {{brand}}" comes first.' },
                    { id: 'b', text: 'Your full name', correct: false, feedback: 'Your first name comes second, and only your first name.' },
                    { id: 'c', text: 'Asking for the account number', correct: false, feedback: 'Offer help first; account details come later.' },
                  ],
                },
              },
              { id: 'q-cloze', type: 'question', question: { kind: 'cloze', askConfidence: false, prompt: 'Complete the greeting.', text: 'Thank you for calling [[{{brand}}]], this is Sam. How can I [[help you today|help you]]?' } },
            ],
          },
          {
            title: 'Greeting a caller who is already upset',
            coreQuestion: 'How do I greet a caller who sounds angry before I have said a word?',
            tags: ['greeting', 'angry caller', 'de-escalation'],
            variables: [],
            blocks: [
              {
                id: 'case',
                type: 'case_study',
                scenario: 'You pick up and hear: *"Finally! I have been on hold for twenty minutes!"* before you can speak.',
                considerations: ['Still say the full greeting: it tells the caller they reached the right place.', 'Then acknowledge the wait in one sentence, without excuses.', 'Keep your pace slow and your voice low.'],
              },
              { id: 'sample', type: 'sample', format: 'text', content: 'Thank you for calling Northwind, this is Sam. I am sorry you waited so long; let us sort this out now.' },
              tf('q-skip', 'With an angry caller you skip the greeting and go straight to the problem.', false, 'No: the greeting still comes first; it calms more than it delays.', 'Right: greet first, then acknowledge the wait.'),
            ],
          },
        ],
      },
      {
        title: 'Closing the call',
        lessons: [
          {
            title: 'The new farewell',
            coreQuestion: 'What do I say to end a customer call the new way?',
            tags: ['farewell', 'closing', 'phone', 'script'],
            variables: [],
            blocks: [
              { id: 'script', type: 'sample', format: 'text', content: 'Is there anything else I can help you with today? … Thank you for calling Northwind, <customer name>. Have a great day.' },
              { id: 'check', type: 'tool', kind: 'checklist', title: 'Before you hang up', items: ['Summarise what was agreed', 'Ask if there is anything else', 'Thank the customer by name', 'Let the customer hang up first'] },
              {
                id: 'q-order',
                type: 'question',
                question: {
                  kind: 'ordering',
                  askConfidence: false,
                  prompt: 'Put the farewell in order.',
                  items: [{ id: '1', text: 'Summarise what was agreed' }, { id: '2', text: 'Ask if there is anything else' }, { id: '3', text: 'Thank the customer by name' }, { id: '4', text: 'Let the customer hang up first' }],
                  feedbackCorrect: 'That is the new farewell.',
                  feedbackIncorrect: 'Summary, anything else, thanks by name, and the customer hangs up first.',
                },
              },
            ],
          },
        ],
      },
    ],
  },
};

/** Which team takes which course in the demo. */
const TEAM_FOR_COURSE: Record<string, string> = { 'New greetings and farewells': 'Customer Service', 'Aurora X launch week': 'Store Sales' };

/** Brian's scenario: the store's sales staff learn the new phone's benefits and specifications in launch week. */
const launch: DemoCourse = {
  objective: {
    title: 'Explain the {{product}} to a customer in their terms',
    performance: 'Answer the five questions customers ask most about the new phone, with the right figures, in under a minute each.',
    whyItMatters: 'Customers buy from the person who answers their question, not from the spec sheet.',
    challenge: 'Launch-week sales of the last model lagged because staff could not answer battery and camera questions.',
    desiredRetention: 0.85,
    targetProficiency: 0.8,
  },
  course: {
    title: 'Aurora X launch week',
    description: 'What sales staff need to answer customers about the Aurora X, before launch day.',
    variableValues: { product: 'Aurora X' },
    modules: [
      {
        title: 'The phone',
        lessons: [
          {
            title: 'The {{product}} in one sentence',
            coreQuestion: 'How do I sum up the {{product}} for a customer in one sentence?',
            tags: ['aurora', 'pitch', 'benefits', 'launch'],
            variables: [{ name: 'product', defaultValue: 'Aurora X' }],
            blocks: [
              { id: 'pitch', type: 'sample', format: 'text', content: 'The {{product}} lasts two days on a charge and takes sharp photos in the dark, for the price of last year\'s model.' },
              {
                id: 'q-benefits',
                type: 'question',
                question: {
                  kind: 'multiple_choice',
                  askConfidence: true,
                  prompt: 'Which two benefits lead the pitch?',
                  options: [
                    { id: 'a', text: 'Two-day battery', correct: true },
                    { id: 'b', text: 'Sharp low-light photos', correct: true },
                    { id: 'c', text: 'The new colours', correct: false, feedback: 'Colours sell in the shop window, not in the pitch.' },
                    { id: 'd', text: 'The processor model number', correct: false, feedback: 'Customers ask what it does, not what it is called.' },
                  ],
                },
              },
            ],
          },
          {
            title: '{{product}} battery: how long it lasts',
            coreQuestion: 'What do I answer when a customer asks how long the {{product}} battery lasts?',
            tags: ['battery', 'charging', 'specifications'],
            variables: [{ name: 'product', defaultValue: 'Aurora X' }],
            blocks: [
              { id: 'specs', type: 'text', markdown: '| | {{product}} | Aurora 9 |\n|---|---|---|\n| Battery | 5,000 mAh | 4,200 mAh |\n| Typical use | 2 days | 1 day |\n| Fast charge to 50 % | 20 min | 35 min |' },
              { id: 'answer', type: 'sample', format: 'text', content: 'About two days of normal use, and twenty minutes on the charger gets you half a battery.' },
              tf('q-days', 'The {{product}} lasts about two days of typical use.', true, 'Right: two days, twice the Aurora 9.', 'It does: about two days of typical use.'),
              { id: 'q-charge', type: 'question', question: { kind: 'short_text', askConfidence: false, prompt: 'How many minutes of fast charging give half a battery?', expected: ['20', '20 minutes', 'twenty', 'twenty minutes'], keywords: [], feedbackIncorrect: 'Twenty minutes gets the battery to 50 %.' } },
            ],
          },
          {
            title: '{{product}} camera against last year\'s',
            coreQuestion: 'How is the {{product}} camera better than the Aurora 9 camera?',
            tags: ['camera', 'photos', 'comparison'],
            variables: [{ name: 'product', defaultValue: 'Aurora X' }],
            blocks: [
              {
                id: 'case',
                type: 'case_study',
                scenario: 'A customer holds up their Aurora 9: *"My photos at my kid\'s indoor football are all blurry. Would the new one be any better?"*',
                considerations: ['Name the problem back: indoor, moving, low light.', 'The {{product}} has a larger sensor and night mode for moving subjects.', 'Offer to take a photo of the shop\'s back room on both phones.'],
              },
              {
                id: 'q-camera',
                type: 'question',
                question: {
                  kind: 'single_choice',
                  askConfidence: true,
                  prompt: 'What makes the {{product}} better for indoor sports photos?',
                  options: [
                    { id: 'a', text: 'A larger sensor and night mode for moving subjects', correct: true, feedback: 'Yes, and show it on both phones.' },
                    { id: 'b', text: 'More megapixels', correct: false, feedback: 'Megapixels do not fix blur in low light.' },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  },
};

/** Publishes the demo's objectives, lessons and courses (each lesson passes the linter). */
export const demoLessonsStep: DemoStep = {
  name: 'lessons and courses',
  async run({ services, orgId }) {
    const actor = systemActor(orgId);
    for (const demo of [greetings, launch]) {
      const values = demo.course.variableValues;
      const objective = await services.content.createObjective(actor, { ...demo.objective, title: demo.objective.title.replace('{{product}}', values.product ?? '') });
      const modules = [];
      for (const [index, module] of demo.course.modules.entries()) {
        const lessonIds = [];
        for (const lesson of module.lessons) {
          const created = await services.content.createLesson(actor, { ...lesson, objectiveId: objective.id });
          await services.content.publishLesson(actor, created.id);
          lessonIds.push(created.id);
        }
        modules.push({ id: `module-${index + 1}`, title: module.title, lessonIds });
      }
      const course = await services.content.createCourse(actor, { title: demo.course.title, description: demo.course.description, variableValues: values, objectiveIds: [objective.id], prerequisiteIds: [], modules });
      await services.content.publishCourse(actor, course.id);
      if (demo === launch) {
        // Launch-ready: every lesson of the launch course and its post check at 80 % or more, for a year.
        await services.certifications.create(actor, { title: DEMO_LAUNCH_CERTIFICATION, description: 'Ready to answer customers about the Aurora X on launch day.', scope: 'course', courseId: course.id, passMark: 80, validity: { amount: 12, unit: 'months' } });
      }
      const team = (await services.identity.listTeams(actor)).find((t) => t.name === TEAM_FOR_COURSE[demo.course.title]);
      if (team) {
        const members = (await services.identity.getTeam(actor, team.id)).members.map((m) => m.personId);
        await services.learning.enrol(actor, { courseId: course.id, personIds: members });
      }
    }
  },
};

/** A right answer to a demo question (the kinds the demo's courses use). */
function rightAnswerOf(question: Question): Response | undefined {
  switch (question.kind) {
    case 'single_choice':
      return { kind: 'single_choice', optionId: question.options.find((o) => o.correct)!.id };
    case 'multiple_choice':
      return { kind: 'multiple_choice', optionIds: question.options.filter((o) => o.correct).map((o) => o.id) };
    case 'true_false':
      return { kind: 'true_false', value: question.answer };
    case 'short_text':
      return { kind: 'short_text', text: question.expected[0] ?? '' };
    default:
      return undefined;
  }
}

/** The certification Brian's people earn by completing the launch course and passing its post check. */
export const DEMO_LAUNCH_CERTIFICATION = 'Aurora X launch-ready';

/**
 * Brian's launch week on the leaderboard: the Store Sales staff have played some of the launch course (one to all
 * of its lessons, answered right), so the team's board this week ranks them, and their points show in the app.
 * Those who played every lesson take the post check and pass it, so they are certified launch-ready.
 */
export const demoLaunchWeekStep: DemoStep = {
  name: 'launch week on the leaderboard',
  async run({ services, orgId }) {
    const system = systemActor(orgId);
    const team = (await services.identity.listTeams(system)).find((t) => t.name === TEAM_FOR_COURSE[launch.course.title]);
    const course = (await services.content.listCourses(system)).find((c) => c.title === launch.course.title);
    if (!team || !course) return;
    const outline = await services.content.getCourse(system, course.id);
    const lessonIds = outline.modules.flatMap((m) => m.lessonIds);
    const lessons = await Promise.all(lessonIds.map((id) => services.content.getLesson(system, id)));
    const members = (await services.identity.getTeam(system, team.id)).members;
    for (const [k, member] of members.entries()) {
      const learner = { kind: 'person' as const, orgId, personId: member.personId, roles: ['learner' as const], sessionId: null };
      for (const lesson of lessons.slice(0, 1 + (k % lessons.length))) {
        for (const block of lesson.blocks) {
          if (block.type !== 'question') continue;
          const response = rightAnswerOf(block.question);
          if (!response) continue;
          await services.learning.submitAttempt(learner, { courseId: course.id, lessonId: lesson.id, questionId: block.id, response, timeTakenMs: 8000 + k * 500, clientId: `demo-${member.personId}-${lesson.id}-${block.id}`.slice(0, 128) });
        }
      }
      const post = await services.checks.get(learner, course.id, 'post');
      if (post.status !== 'pending' && post.status !== 'started') continue;
      for (const [q, question] of post.questions.entries()) {
        const block = lessons.find((l) => l.id === question.lessonId)?.blocks.find((b) => b.id === question.questionId);
        const response = block?.type === 'question' ? rightAnswerOf(block.question) : undefined;
        if (response) await services.checks.answer(learner, course.id, 'post', { questionId: question.questionId, lessonId: question.lessonId, response, timeTakenMs: 9000, clientId: `demo-post-${k}-${q}` });
      }
    }
    await services.gamification.settle();
  },
};
