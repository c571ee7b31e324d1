import { describe, expect, it } from 'vitest';
import type { Question } from '../lessons/lesson-model.ts';
import {
  type AnswerRecorded,
  type CertificationEarned,
  type CheckFinished,
  isoDuration,
  type LessonCompleted,
  type LessonExperienced,
  type LessonLaunched,
  type LessonRated,
  MORSEL_VERBS,
  type MorselRecord,
  registrationOf,
  responseText,
  statementsOf,
} from './morsel-statements.ts';
import { parseStatement, type Statement } from './statement.ts';

const SITE = { publicUrl: 'https://learn.acme.example' };
const A = 'https://learn.acme.example/xapi/activities';
const ENROLMENT = '0195f3a2-7c1e-7a3b-9c4d-5e6f7a8b9c0d';
const base = {
  learner: { personId: 'p-lou', displayName: 'Lou' },
  at: '2026-03-02T09:00:00.000Z',
  language: 'en-GB',
  course: { courseId: 'c-calls', title: 'Calls', version: 2 },
  enrolmentId: ENROLMENT,
  campaign: { campaignId: 'k-launch', name: 'Launch week' },
};
const lesson = { lessonId: 'l-greet', title: 'The greeting', coreQuestion: 'What do I say first?', revision: 3, objective: { objectiveId: 'o-greet', title: 'Greet callers' } };

const launched: LessonLaunched = { kind: 'lesson_launched', ...base, progressId: 'pr-1', lesson };
const experienced: LessonExperienced = { kind: 'lesson_experienced', ...base, at: '2026-03-02T09:01:40.000Z', progressId: 'pr-1', lesson };
const completed: LessonCompleted = { kind: 'lesson_completed', ...base, at: '2026-03-02T09:02:00.000Z', progressId: 'pr-1', lesson };
const rated: LessonRated = { kind: 'lesson_rated', ...base, progressId: 'pr-1', lesson, answeredMyQuestion: true, rating: 4, comment: 'Clear.' };
const choice: Question = { kind: 'single_choice', askConfidence: true, prompt: 'What comes first?', options: [{ id: 'a', text: 'The brand', correct: true }, { id: 'b', text: 'Your name', correct: false }] };
const answer: AnswerRecorded = { kind: 'answer', ...base, attemptId: 'at-1', lesson, questionId: 'q1', question: choice, mode: 'lesson', correct: true, score: 1, response: { kind: 'single_choice', optionId: 'a' }, timeTakenMs: 90_500, confidence: 3 };
const post: CheckFinished = { kind: 'check_finished', ...base, checkId: 'ch-1', phase: 'post', score: 75, passMark: 80 };
const certified: CertificationEarned = { kind: 'certification_earned', learner: base.learner, at: base.at, language: 'en-GB', awardId: 'aw-1', certification: { certificationId: 'ce-1', title: 'Call handling', passMark: 80 }, score: 90, course: base.course, enrolmentId: ENROLMENT, objectives: [] };

/** Builds a record's statements and checks each is valid xAPI (the LRS would take it). */
function built(record: MorselRecord): Statement[] {
  const statements = statementsOf(SITE, record);
  for (const statement of statements) {
    const parsed = parseStatement(statement);
    expect(parsed.ok ? [] : parsed.issues, `${record.kind}: ${JSON.stringify(statement)}`).toEqual([]);
  }
  return statements;
}
const only = (record: MorselRecord) => {
  const [statement, ...more] = built(record);
  expect(more).toEqual([]);
  return statement!;
};

describe('Morsel’s own statements', () => {
  it('builds a valid statement for every kind of record, with the verb it stands for', () => {
    const verbs = [launched, experienced, completed, rated, answer, post, { ...post, phase: 'baseline' as const }, certified].map((record) => built(record).map((s) => s.verb.id));
    expect(verbs).toEqual([[MORSEL_VERBS.launched.id], ['http://adlnet.gov/expapi/verbs/experienced'], [MORSEL_VERBS.completed.id], [MORSEL_VERBS.rated.id], [MORSEL_VERBS.answered.id], [MORSEL_VERBS.scored.id, MORSEL_VERBS.failed.id], [MORSEL_VERBS.scored.id], [MORSEL_VERBS.passed.id]]);
  });

  it('names the learner by an account on this Morsel and their display name, never their email', () => {
    for (const record of [launched, completed, rated, answer, post, certified]) {
      for (const statement of built(record)) expect(statement.actor).toEqual({ objectType: 'Agent', name: 'Lou', account: { homePage: SITE.publicUrl, name: 'p-lou' } });
    }
    expect(JSON.stringify(built(answer))).not.toContain('mailto:');
  });

  it('gives the same record the same id every time, and different records or kinds different ids', () => {
    const ids = [launched, experienced, completed, rated, answer, post, certified].flatMap((record) => built(record).map((s) => s.id));
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id!))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(only({ ...answer }).id).toBe(only(answer).id);
    expect(only({ ...answer, attemptId: 'at-2' }).id).not.toBe(only(answer).id);
    // A lesson completed again in a recertification cycle, or rated again, is a new statement; a launch is not.
    expect(only({ ...completed, at: '2027-01-04T09:00:00.000Z' }).id).not.toBe(only(completed).id);
    expect(only({ ...rated, at: '2027-01-04T09:00:00.000Z' }).id).not.toBe(only(rated).id);
    // The post check's result keeps its id whichever way it went, so a changed pass mark cannot give it both.
    expect(built({ ...post, passMark: 70 })[1]!.id).toBe(built(post)[1]!.id);
  });

  it('puts a lesson in its course, campaign, objective and enrolment', () => {
    const statement = only(launched);
    expect(statement.object).toEqual({ objectType: 'Activity', id: `${A}/lessons/l-greet`, definition: { name: { 'en-GB': 'The greeting' }, description: { 'en-GB': 'What do I say first?' }, type: 'http://adlnet.gov/expapi/activities/lesson' } });
    expect(statement.context).toEqual({
      registration: ENROLMENT,
      contextActivities: {
        parent: [{ objectType: 'Activity', id: `${A}/courses/c-calls`, definition: { name: { 'en-GB': 'Calls' }, type: 'http://adlnet.gov/expapi/activities/course' } }],
        grouping: [{ objectType: 'Activity', id: `${A}/campaigns/k-launch`, definition: { name: { 'en-GB': 'Launch week' }, type: 'https://learn.acme.example/xapi/activity-types/campaign' } }],
        category: [{ objectType: 'Activity', id: `${A}/objectives/o-greet`, definition: { name: { 'en-GB': 'Greet callers' }, type: 'http://adlnet.gov/expapi/activities/objective' } }],
      },
      revision: '3',
      platform: 'Morsel',
      language: 'en-GB',
    });
    expect(statement.timestamp).toBe(launched.at);
    expect(only(completed).result).toEqual({ completion: true });
  });

  it('leaves out what a record does not have: no campaign, objective, enrolment or known language', () => {
    const bare = only({ ...launched, campaign: null, enrolmentId: null, language: null, lesson: { ...lesson, objective: null } });
    expect(bare.context).toEqual({ contextActivities: { parent: [expect.objectContaining({ id: `${A}/courses/c-calls` })] }, revision: '3', platform: 'Morsel' });
    expect((bare.object as { definition: { name: object } }).definition.name).toEqual({ und: 'The greeting' });
  });

  it('records an answer as an interaction with success, score, response, duration and confidence', () => {
    const statement = only(answer);
    expect(statement.object).toEqual({
      objectType: 'Activity',
      id: `${A}/lessons/l-greet/questions/q1`,
      definition: {
        name: { 'en-GB': 'What comes first?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'choice',
        choices: [{ id: 'a', description: { 'en-GB': 'The brand' } }, { id: 'b', description: { 'en-GB': 'Your name' } }],
        correctResponsesPattern: ['a'],
      },
    });
    expect(statement.result).toEqual({ success: true, score: { scaled: 1, raw: 1, min: 0, max: 1 }, response: 'a', duration: 'PT1M30.5S', extensions: { 'https://learn.acme.example/xapi/extensions/confidence': 3 } });
    const lists = statement.context!.contextActivities!;
    expect([lists.parent, lists.grouping, lists.category].map((list) => (list as { id: string }[]).map((a) => a.id))).toEqual([[`${A}/lessons/l-greet`], [`${A}/courses/c-calls`, `${A}/campaigns/k-launch`], [`${A}/objectives/o-greet`]]);
    expect(statement.context!.extensions).toEqual({ 'https://learn.acme.example/xapi/extensions/answer-mode': 'lesson' });
    // Partial credit, no confidence asked.
    expect(only({ ...answer, correct: false, score: 0.5, confidence: null }).result).toEqual({ success: false, score: { scaled: 0.5, raw: 0.5, min: 0, max: 1 }, response: 'a', duration: 'PT1M30.5S' });
  });

  it('puts an answer in a check under the check, with the lesson grouped', () => {
    const statement = only({ ...answer, mode: 'baseline' });
    const lists = statement.context!.contextActivities!;
    expect((lists.parent as { id: string }[]).map((a) => a.id)).toEqual([`${A}/courses/c-calls/checks/baseline`]);
    expect((lists.grouping as { id: string }[]).map((a) => a.id)).toEqual([`${A}/lessons/l-greet`, `${A}/courses/c-calls`, `${A}/campaigns/k-launch`]);
  });

  it('maps each kind of question onto its interaction type and the response onto xAPI’s text', () => {
    const cases: { question: Question; response: AnswerRecorded['response']; type: string; text: string; pattern?: string[] }[] = [
      { question: { kind: 'true_false', askConfidence: false, prompt: 'Yes?', answer: false }, response: { kind: 'true_false', value: true }, type: 'true-false', text: 'true', pattern: ['false'] },
      { question: { kind: 'multiple_choice', askConfidence: false, prompt: 'Which?', options: [{ id: 'x', text: 'X', correct: true }, { id: 'y', text: 'Y', correct: false }, { id: 'z', text: 'Z', correct: true }] }, response: { kind: 'multiple_choice', optionIds: ['x', 'y'] }, type: 'choice', text: 'x[,]y', pattern: ['x[,]z'] },
      { question: { kind: 'ordering', askConfidence: false, prompt: 'Order', items: [{ id: 'one', text: 'One' }, { id: 'two', text: 'Two' }] }, response: { kind: 'ordering', itemIds: ['two', 'one'] }, type: 'sequencing', text: 'two[,]one', pattern: ['one[,]two'] },
      { question: { kind: 'cloze', askConfidence: false, prompt: 'Fill', text: 'Say [[hello|hi]] to [[them]].' }, response: { kind: 'cloze', blanks: ['hi', 'them'] }, type: 'fill-in', text: 'hi[,]them' },
      { question: { kind: 'short_text', askConfidence: false, prompt: 'Why?', expected: ['Because'], keywords: [] }, response: { kind: 'short_text', text: 'Because, really' }, type: 'fill-in', text: 'Because, really' },
    ];
    for (const { question, response, type, text, pattern } of cases) {
      const statement = only({ ...answer, question, response });
      const definition = (statement.object as { definition: Record<string, unknown> }).definition;
      expect(definition.interactionType).toBe(type);
      expect(definition.correctResponsesPattern).toEqual(pattern);
      expect(statement.result!.response).toBe(text);
      expect(responseText(response!)).toBe(text);
    }
    // A question no longer found is still an interaction, without a definition of its own.
    expect((only({ ...answer, question: null }).object as { definition: unknown }).definition).toEqual({ type: 'http://adlnet.gov/expapi/activities/cmi.interaction' });
  });

  it('keeps interaction components distinct even when an option id repeats', () => {
    const repeated: Question = { kind: 'single_choice', askConfidence: false, prompt: 'Which?', options: [{ id: 'a', text: 'A', correct: true }, { id: 'a', text: 'A again', correct: false }] };
    expect((only({ ...answer, question: repeated }).object as { definition: { choices: unknown[] } }).definition.choices).toEqual([{ id: 'a', description: { 'en-GB': 'A' } }]);
  });

  it('rates a lesson: the stars as the score on its scale, the comment as the response, "answered my question" as an extension', () => {
    expect(only(rated).result).toEqual({ score: { raw: 4, min: 1, max: 5 }, response: 'Clear.', extensions: { 'https://learn.acme.example/xapi/extensions/answered-my-question': true } });
    expect(only({ ...rated, rating: null, comment: null, answeredMyQuestion: false }).result).toEqual({ extensions: { 'https://learn.acme.example/xapi/extensions/answered-my-question': false } });
  });

  it('scores a check out of 100; a post check with a pass mark is passed or failed, a baseline never', () => {
    const [scored, failed] = built(post);
    expect(scored!.object).toMatchObject({ id: `${A}/courses/c-calls/checks/post`, definition: { type: 'http://adlnet.gov/expapi/activities/assessment' } });
    expect(scored!.result).toEqual({ score: { scaled: 0.75, raw: 75, min: 0, max: 100 }, completion: true });
    expect(failed!.result).toEqual({ score: { scaled: 0.75, raw: 75, min: 0, max: 100 }, success: false, completion: true, extensions: { 'https://learn.acme.example/xapi/extensions/pass-mark': 80 } });
    expect(built({ ...post, score: 80 }).map((s) => s.verb.id)).toEqual([MORSEL_VERBS.scored.id, MORSEL_VERBS.passed.id]);
    expect(built({ ...post, passMark: null })).toHaveLength(1);
    expect(built({ ...post, phase: 'baseline', score: 100 })).toHaveLength(1);
    expect(scored!.context).toMatchObject({ registration: ENROLMENT, revision: '2', contextActivities: { parent: [{ id: `${A}/courses/c-calls` }] } });
  });

  it('passes a certification with its score, grouped by its course or in the category of its objectives', () => {
    const statement = only(certified);
    expect(statement.object).toEqual({ objectType: 'Activity', id: `${A}/certifications/ce-1`, definition: { name: { 'en-GB': 'Call handling' }, type: 'https://learn.acme.example/xapi/activity-types/certification', extensions: { 'https://learn.acme.example/xapi/extensions/pass-mark': 80 } } });
    expect(statement.result).toEqual({ score: { scaled: 0.9, raw: 90, min: 0, max: 100 }, success: true, completion: true });
    expect(statement.context).toMatchObject({ registration: ENROLMENT, contextActivities: { grouping: [{ id: `${A}/courses/c-calls` }] } });
    const byObjectives = only({ ...certified, course: null, enrolmentId: null, objectives: [{ objectiveId: 'o-greet', title: 'Greet callers' }, { objectiveId: 'o-close', title: null }] });
    expect(byObjectives.context).toEqual({ contextActivities: { category: [expect.objectContaining({ id: `${A}/objectives/o-greet` }), { objectType: 'Activity', id: `${A}/objectives/o-close`, definition: { type: 'http://adlnet.gov/expapi/activities/objective' } }] }, platform: 'Morsel', language: 'en-GB' });
  });

  it('encodes ids into IRIs and trims a trailing slash of the public URL', () => {
    const statement = statementsOf({ publicUrl: 'https://learn.acme.example/' }, { ...answer, questionId: 'q 1/b' })[0]!;
    expect((statement.object as { id: string }).id).toBe(`${A}/lessons/l-greet/questions/q%201%2Fb`);
    expect(parseStatement(statement).ok).toBe(true);
  });

  it('writes durations as ISO 8601 to the hundredth of a second', () => {
    expect([0, 4, 3000, 90_500, 3_600_000, 3_723_450].map(isoDuration)).toEqual(['PT0S', 'PT0S', 'PT3S', 'PT1M30.5S', 'PT1H', 'PT1H2M3.45S']);
  });

  it('uses an enrolment’s UUID as its registration, and derives one from any other id', () => {
    expect(registrationOf(ENROLMENT.toUpperCase())).toBe(ENROLMENT);
    expect(registrationOf('legacy-7')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(registrationOf('legacy-7')).toBe(registrationOf('legacy-7'));
  });
});
