import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../identity/index.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { testDialects } from '../../testing/test-database.ts';

const DAY = 86_400_000;
const PASSWORD = 'a long enough password';

describe.each(testDialects)('checks, certifications and forecasts on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let manager: TestSession;
  let courseId: string;
  let greetLesson: string;
  let closeLesson: string;
  let learnerId: string;
  let otherId: string;
  let teamId: string;
  let otherTeamId: string;

  const api = (session: TestSession, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });
  const right = { q1: { kind: 'single_choice', optionId: 'a' }, q2: { kind: 'true_false', value: true }, q3: { kind: 'true_false', value: false } } as const;
  const wrong = { q1: { kind: 'single_choice', optionId: 'b' }, q2: { kind: 'true_false', value: false }, q3: { kind: 'true_false', value: true } } as const;
  const lessonOf = (questionId: string) => (questionId === 'q3' ? closeLesson : greetLesson);
  const answerLesson = (session: TestSession, questionId: 'q1' | 'q2' | 'q3', response: unknown) =>
    api(session, 'POST', '/api/learn/attempts', { courseId, lessonId: lessonOf(questionId), questionId, response, timeTakenMs: 3000, clientId: randomUUID() });
  const answerCheck = (session: TestSession, phase: 'baseline' | 'post', questionId: 'q1' | 'q2' | 'q3', response: unknown, clientId: string = randomUUID()) =>
    api(session, 'POST', `/api/learn/courses/${courseId}/checks/${phase}/answers`, { questionId, lessonId: lessonOf(questionId), response, timeTakenMs: 2500, clientId });
  async function completeLessons(session: TestSession, answers: Record<'q1' | 'q2' | 'q3', unknown> = right) {
    for (const q of ['q1', 'q2', 'q3'] as const) expect((await answerLesson(session, q, answers[q])).statusCode).toBe(200);
  }
  async function takePost(session: TestSession, answers: Record<'q1' | 'q2' | 'q3', unknown> = right) {
    for (const q of ['q1', 'q2', 'q3'] as const) expect((await answerCheck(session, 'post', q, answers[q])).statusCode).toBe(200);
  }

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    admin = await setUpOrganisation(ctx.app);
    const system = systemActor(admin.orgId);
    const lou = await ctx.services.identity.createPerson(system, { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: PASSWORD });
    const other = await ctx.services.identity.createPerson(system, { email: 'eve@acme.test', displayName: '=HYPERLINK("x"), Eve', roles: ['learner'], password: PASSWORD });
    const mia = await ctx.services.identity.createPerson(system, { email: 'mia@acme.test', displayName: 'Mia Manager', roles: ['manager'], password: PASSWORD });
    learnerId = lou.id;
    otherId = other.id;
    const team = await ctx.services.identity.createTeam(system, { name: 'Front desk' });
    const otherTeam = await ctx.services.identity.createTeam(system, { name: 'Back office' });
    teamId = team.id;
    otherTeamId = otherTeam.id;
    await ctx.services.identity.setTeamMember(system, team.id, mia.id, 'manager');
    await ctx.services.identity.setTeamMember(system, team.id, lou.id, 'member');
    await ctx.services.identity.setTeamMember(system, otherTeam.id, other.id, 'member');
    learner = await signIn(ctx.app, 'lou@acme.test', PASSWORD);
    manager = await signIn(ctx.app, 'mia@acme.test', PASSWORD);

    const greet = await ctx.services.content.createObjective(system, { title: 'Greet callers', performance: 'Greet callers', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const close = await ctx.services.content.createObjective(system, { title: 'Close calls', performance: 'Close calls', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const a = await ctx.services.content.createLesson(system, {
      title: 'The greeting',
      coreQuestion: 'What do I say first when I answer a call?',
      objectiveId: greet.id,
      tags: [],
      variables: [],
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling Northwind.' },
        { id: 'q1', type: 'question', question: { kind: 'single_choice', askConfidence: false, prompt: 'What comes first?', options: [{ id: 'a', text: 'The brand', correct: true, feedback: 'Yes, the brand.' }, { id: 'b', text: 'Your name', correct: false, feedback: 'The brand comes first.' }] } },
        { id: 'q2', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: 'You offer help last.', answer: true, feedbackTrue: 'Right.', feedbackFalse: 'It does come last.' } },
      ],
    });
    const b = await ctx.services.content.createLesson(system, {
      title: 'The farewell',
      coreQuestion: 'How do I end a call?',
      objectiveId: close.id,
      tags: [],
      variables: [],
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling; goodbye.' },
        { id: 'q3', type: 'question', question: { kind: 'true_false', askConfidence: false, prompt: 'You hang up first.', answer: false, feedbackTrue: 'Let the caller hang up.', feedbackFalse: 'Right: the caller hangs up.' } },
      ],
    });
    for (const lesson of [a, b]) await ctx.services.content.publishLesson(system, lesson.id);
    const course = await ctx.services.content.createCourse(system, { title: 'Calls', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm', title: 'M', lessonIds: [a.id, b.id] }] });
    await ctx.services.content.publishCourse(system, course.id);
    courseId = course.id;
    greetLesson = a.id;
    closeLesson = b.id;
    expect((await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [lou.id, other.id] })).statusCode).toBe(200);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('offers a baseline that reveals nothing, locks the post check until the lessons are done, then shows the change per objective', async () => {
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}`)).json().checks).toEqual({ baseline: 'pending', post: 'locked' });
    const baseline = (await api(learner, 'GET', `/api/learn/courses/${courseId}/checks/baseline`)).json();
    expect(baseline.status).toBe('pending');
    expect(baseline.questions.map((q: { questionId: string }) => q.questionId)).toEqual(['q1', 'q2', 'q3']);
    expect(JSON.stringify(baseline.questions)).not.toContain('"correct"');

    const clientId = randomUUID();
    const first = await answerCheck(learner, 'baseline', 'q1', wrong.q1, clientId);
    expect(first.json()).toEqual({ correct: null, score: null, feedback: [], answeredCount: 1, questionCount: 3, checkCompleted: false });
    // A retry records nothing twice.
    expect((await answerCheck(learner, 'baseline', 'q1', wrong.q1, clientId)).json().answeredCount).toBe(1);
    await answerCheck(learner, 'baseline', 'q2', right.q2);
    expect((await answerCheck(learner, 'baseline', 'q3', wrong.q3)).json()).toMatchObject({ checkCompleted: true, correct: null });
    expect((await answerCheck(learner, 'baseline', 'q3', right.q3)).statusCode).toBe(409);
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}`)).json().checks).toEqual({ baseline: 'done', post: 'locked' });

    const locked = await answerCheck(learner, 'post', 'q1', right.q1);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error).toMatchObject({ code: 'check_locked' });

    await completeLessons(learner);
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}`)).json().checks).toEqual({ baseline: 'done', post: 'pending' });
    const post = await answerCheck(learner, 'post', 'q1', right.q1);
    expect(post.json()).toMatchObject({ correct: true, score: 1, feedback: ['Yes, the brand.'] });
    await answerCheck(learner, 'post', 'q2', right.q2);
    await answerCheck(learner, 'post', 'q3', right.q3);
    const done = (await api(learner, 'GET', `/api/learn/courses/${courseId}/checks/post`)).json();
    expect(done).toMatchObject({ status: 'done', score: 100 });
    expect(done.results).toEqual([
      { objectiveId: expect.any(String), title: 'Greet callers', baseline: 50, post: 100 },
      { objectiveId: expect.any(String), title: 'Close calls', baseline: 0, post: 100 },
    ]);

    // Check answers are attempts in their own modes, and make no review items.
    const attempts = await ctx.services.database.db.selectFrom('attempt').select(['mode']).where('person_id', '=', learnerId).execute();
    expect(attempts.filter((a) => a.mode === 'baseline')).toHaveLength(3);
    expect(attempts.filter((a) => a.mode === 'post')).toHaveLength(3);
    expect(await ctx.services.database.db.selectFrom('review_item').selectAll().where('person_id', '=', learnerId).execute()).toHaveLength(3);

    // Authors see everyone's before and after; a manager sees their team; a learner nothing.
    const results = (await api(admin, 'GET', `/api/courses/${courseId}/check-results`)).json();
    expect(results.learners).toEqual({ baseline: 1, post: 1, both: 1 });
    expect(results.objectives[0]).toMatchObject({ title: 'Greet callers', baseline: 50, post: 100, change: 50, pairedLearners: 1 });
    expect((await api(manager, 'GET', `/api/courses/${courseId}/check-results`)).json().learners.both).toBe(1);
    expect((await api(learner, 'GET', `/api/courses/${courseId}/check-results`)).statusCode).toBe(403);
  });

  it('tells apart questions with the same id in different lessons (every fixture lesson asks `q`)', async () => {
    const course = await createPublishedCourse(ctx.services, admin.orgId, 'Twins', 2);
    await ctx.services.learning.enrol(systemActor(admin.orgId), { courseId: course.courseId, personIds: [learnerId] });
    const url = `/api/learn/courses/${course.courseId}/checks/baseline`;
    const answer = (lessonId: string) => api(learner, 'POST', `${url}/answers`, { questionId: 'q', lessonId, response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId: randomUUID() });
    const first = (await answer(course.lessonIds[0]!)).json();
    expect(first).toMatchObject({ answeredCount: 1, questionCount: 2, checkCompleted: false });
    expect(Object.keys((await api(learner, 'GET', url)).json().answered)).toEqual([`${course.lessonIds[0]}/q`]);
    expect((await answer(course.lessonIds[1]!)).json()).toMatchObject({ answeredCount: 2, questionCount: 2, checkCompleted: true });
    expect(Object.keys((await api(learner, 'GET', url)).json().answered).sort()).toEqual(course.lessonIds.map((id) => `${id}/q`).sort());
  });

  it('lets the learner skip the baseline, and closes it once the lessons have begun', async () => {
    const other = await signIn(ctx.app, 'eve@acme.test', PASSWORD);
    expect((await api(learner, 'POST', `/api/learn/courses/${courseId}/checks/baseline/skip`)).statusCode).toBe(204);
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}/checks/baseline`)).json().status).toBe('skipped');
    expect((await api(learner, 'GET', `/api/learn/courses/${courseId}`)).json().checks.baseline).toBe('done');
    const postSkip = await api(learner, 'POST', `/api/learn/courses/${courseId}/checks/post/skip`);
    expect(postSkip.statusCode).toBe(409);
    expect(postSkip.json().error.code).toBe('check_required');
    // Answering a skipped baseline: it is finished.
    expect((await answerCheck(learner, 'baseline', 'q1', right.q1)).json().error.code).toBe('check_done');

    await answerLesson(other, 'q1', right.q1);
    expect((await api(other, 'GET', `/api/learn/courses/${courseId}`)).json().checks.baseline).toBe('none');
    expect((await answerCheck(other, 'baseline', 'q1', right.q1)).json().error.code).toBe('check_closed');
  });

  it('certifies at the pass mark, goes due soon and lapses, and the sweep restarts the enrolment once per lapse', async () => {
    const created = await api(admin, 'POST', '/api/certifications', { title: 'Call handling', scope: 'course', courseId, passMark: 80, validity: { amount: 90, unit: 'days' }, dueSoonDays: 14, autoRecertify: true, recertifyWithinDays: 10 });
    expect(created.statusCode).toBe(201);
    const certificationId = created.json().id;
    const other = await signIn(ctx.app, 'eve@acme.test', PASSWORD);

    await completeLessons(learner);
    // Completing the lessons is not enough when the course has a post check.
    expect((await api(admin, 'GET', '/api/compliance')).json().counts).toEqual({ earned: 0, due_soon: 0, lapsed: 0, not_earned: 2 });
    await takePost(learner);
    await completeLessons(other);
    await takePost(other, { ...right, q1: wrong.q1 }); // 66.7 % < 80 %

    const compliance = (await api(admin, 'GET', `/api/compliance?certificationId=${certificationId}`)).json();
    expect(compliance.counts).toEqual({ earned: 1, due_soon: 0, lapsed: 0, not_earned: 1 });
    expect(compliance.items.find((r: { personId: string }) => r.personId === learnerId)).toMatchObject({ status: 'earned', score: 100, teams: [{ id: teamId, name: 'Front desk' }], daysLeft: 90 });

    // The manager sees only their team; a team they do not manage is not found; a learner is refused.
    const managed = (await api(manager, 'GET', '/api/compliance')).json();
    expect(managed.items.map((r: { personId: string }) => r.personId)).toEqual([learnerId]);
    expect(managed.teams).toEqual([{ id: teamId, name: 'Front desk' }]);
    expect((await api(manager, 'GET', `/api/compliance?teamId=${otherTeamId}`)).statusCode).toBe(404);
    expect((await api(learner, 'GET', '/api/compliance')).statusCode).toBe(403);
    expect((await api(admin, 'GET', `/api/compliance?status=not_earned&teamId=${otherTeamId}`)).json().items.map((r: { personId: string }) => r.personId)).toEqual([otherId]);

    // CSV: quoted and formula-safe.
    const csv = await api(admin, 'GET', `/api/compliance.csv?certificationId=${certificationId}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('certification,name,email,teams,status,score,earned_at,expires_at,days_left,recertification_due_at');
    expect(csv.body).toContain(`Call handling,"'=HYPERLINK(""x""), Eve",eve@acme.test,Back office,not_earned,`);
    expect(csv.body).toContain('Call handling,Lou,lou@acme.test,Front desk,earned,100,');

    // Sessions expire after two idle weeks: sign in again after each jump in time.
    const later = async (days: number) => {
      ctx.clock.advance(days * DAY);
      admin = await signIn(ctx.app, 'admin@acme.test', 'correct horse battery');
      learner = await signIn(ctx.app, 'lou@acme.test', PASSWORD);
    };
    await later(80);
    expect((await api(admin, 'GET', '/api/compliance?status=due_soon')).json().items).toHaveLength(1);
    expect(await ctx.services.certifications.sweep()).toEqual({ awardsCaughtUp: 0, lapsedFound: 0, recertificationsStarted: 0 });

    await later(11);
    expect((await api(admin, 'GET', '/api/compliance?status=lapsed')).json().items).toHaveLength(1);
    expect(await ctx.services.certifications.sweep()).toEqual({ awardsCaughtUp: 0, lapsedFound: 1, recertificationsStarted: 1 });
    expect(await ctx.services.certifications.sweep()).toEqual({ awardsCaughtUp: 0, lapsedFound: 1, recertificationsStarted: 0 });
    const enrolment = await ctx.services.database.db.selectFrom('enrolment').selectAll().where('person_id', '=', learnerId).executeTakeFirstOrThrow();
    expect(enrolment).toMatchObject({ source: 'recertification', cycle: 2, completed_at: null, due_at: new Date(ctx.clock.now().getTime() + 10 * DAY).toISOString() });
    expect((await api(admin, 'GET', '/api/compliance?status=lapsed')).json().items[0].recertificationDueAt).toBe(enrolment.due_at);

    // The new cycle: lessons to do again, a fresh post check; passing it certifies again.
    const outline = (await api(learner, 'GET', `/api/learn/courses/${courseId}`)).json();
    expect(outline.modules[0].lessons.every((l: { completed: boolean }) => !l.completed)).toBe(true);
    expect(outline.checks).toEqual({ baseline: 'pending', post: 'locked' });
    await completeLessons(learner);
    await takePost(learner);
    const renewed = (await api(admin, 'GET', `/api/compliance?certificationId=${certificationId}&q=lou`)).json().items;
    expect(renewed).toEqual([expect.objectContaining({ status: 'earned', daysLeft: 90 })]);
    expect(await ctx.services.database.db.selectFrom('certification_award').selectAll().where('person_id', '=', learnerId).execute()).toHaveLength(2);
  });

  it('finds an award again when the server died between the completion and the award (the sweep catches up)', async () => {
    const created = await api(admin, 'POST', '/api/certifications', { title: 'Call handling', scope: 'course', courseId, passMark: 80, validity: { amount: 90, unit: 'days' } });
    const certificationId = created.json().id;
    await completeLessons(learner);
    await takePost(learner);
    const awards = () => ctx.services.database.db.selectFrom('certification_award').select(['person_id', 'evidence']).where('certification_id', '=', certificationId).execute();
    expect(await awards()).toHaveLength(1);
    // The state a crash after the post check's commit leaves: everything recorded except the award.
    await ctx.services.database.db.deleteFrom('certification_award').execute();

    ctx.clock.advance(2 * DAY);
    expect(await ctx.services.certifications.sweep()).toEqual({ awardsCaughtUp: 1, lapsedFound: 0, recertificationsStarted: 0 });
    expect(await awards()).toEqual([expect.objectContaining({ person_id: learnerId })]);
    // Evaluated again, it awards nothing more.
    expect(await ctx.services.certifications.sweep()).toEqual({ awardsCaughtUp: 0, lapsedFound: 0, recertificationsStarted: 0 });
    expect(await awards()).toHaveLength(1);
  });

  it('certifies a set of objectives from the first answers of the lessons serving them', async () => {
    const objectives = (await ctx.services.content.listObjectives(systemActor(admin.orgId))).filter((o) => o.title === 'Close calls');
    const created = await api(admin, 'POST', '/api/certifications', { title: 'Closing', scope: 'objectives', objectiveIds: objectives.map((o) => o.id), passMark: 100, validity: { amount: 1, unit: 'months' } });
    expect(created.statusCode).toBe(201);
    await answerLesson(learner, 'q3', right.q3);
    const rows = (await api(admin, 'GET', `/api/compliance?certificationId=${created.json().id}`)).json().items;
    expect(rows.find((r: { personId: string }) => r.personId === learnerId)).toMatchObject({ status: 'earned', score: 100 });
    expect(rows.find((r: { personId: string }) => r.personId === otherId)).toMatchObject({ status: 'not_earned' });
    // Validation: an unknown course, a learner creating one, an author renaming one.
    expect((await api(admin, 'POST', '/api/certifications', { title: 'X', scope: 'course', courseId: 'nope', passMark: 50, validity: { amount: 1, unit: 'days' } })).statusCode).toBe(400);
    expect((await api(admin, 'POST', '/api/certifications', { title: 'X', scope: 'course', courseId, passMark: 150, validity: { amount: 1, unit: 'days' } })).statusCode).toBe(400);
    expect((await api(learner, 'POST', '/api/certifications', { title: 'X', scope: 'course', courseId, passMark: 50, validity: { amount: 1, unit: 'days' } })).statusCode).toBe(403);
    expect((await api(admin, 'PATCH', `/api/certifications/${created.json().id}`, { title: 'Closing calls', status: 'archived' })).json()).toMatchObject({ title: 'Closing calls', status: 'archived' });
  });

  it('forecasts the learner’s and the team’s review load', async () => {
    await completeLessons(learner, { ...right, q1: wrong.q1 });
    const mine = (await api(learner, 'GET', '/api/learn/forecast?weeks=2&simulate=false')).json();
    expect(mine.days).toHaveLength(14);
    expect(mine.total).toBe(3);
    expect(mine.days[1].reviews).toBe(1); // the missed question comes back tomorrow
    const simulated = (await api(learner, 'GET', '/api/learn/forecast?weeks=8')).json();
    expect(simulated.total).toBeGreaterThan(3);

    const team = (await api(manager, 'GET', `/api/teams/${teamId}/forecast?weeks=2&simulate=false`)).json();
    expect(team).toMatchObject({ teamId, name: 'Front desk', total: 3 });
    expect(team.members.find((m: { personId: string }) => m.personId === learnerId)).toMatchObject({ reviews: 3, items: 3 });
    expect((await api(manager, 'GET', `/api/teams/${otherTeamId}/forecast`)).statusCode).toBe(404);
    expect((await api(learner, 'GET', `/api/teams/${teamId}/forecast`)).statusCode).toBe(403);
  });

  it('keeps the FSRS defaults below the minimum of reviews, then fits the organisation’s weights and schedules with them', async () => {
    await completeLessons(learner);
    const before = (await api(admin, 'GET', '/api/fsrs/parameters')).json();
    expect(before).toMatchObject({ source: 'defaults', weights: null, minimumReviews: 400 });
    expect((await api(admin, 'POST', '/api/fsrs/fit')).json()).toMatchObject({ status: 'not_enough_reviews', weights: null });
    expect((await api(learner, 'POST', '/api/fsrs/fit')).statusCode).toBe(403);

    // A review history of 150 items × 4 reviews, logged as the learning loop logs them.
    const item = await ctx.services.database.db.selectFrom('review_item').selectAll().where('person_id', '=', learnerId).executeTakeFirstOrThrow();
    const rows = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 150; i++) {
      const reviewItemId = `synthetic-${i}`;
      await ctx.services.database.db.insertInto('review_item').values({ ...item, id: reviewItemId, question_id: `s${i}` }).execute();
      let at = Date.parse('2025-01-01T09:00:00Z');
      let gap = 1;
      for (let k = 0; k < 4; k++) {
        const correct = k === 0 ? random() < 0.7 : random() < 0.85;
        rows.push({ id: `${reviewItemId}-${k}`, org_id: admin.orgId, person_id: learnerId, review_item_id: reviewItemId, reviewed_at: new Date(at).toISOString(), rating: correct ? 3 : 1, state_before: k === 0 ? 0 : 2, correct: correct ? 1 : 0, response_ms: 2000, desired_retention: 0.9, scheduler: 'test', delta_t_days: k === 0 ? 0 : gap });
        gap = correct ? gap * 3 : 1;
        at += gap * DAY;
      }
    }
    for (let i = 0; i < rows.length; i += 100) await ctx.services.database.db.insertInto('review_log').values(rows.slice(i, i + 100)).execute();

    const fitted = (await api(admin, 'POST', '/api/fsrs/fit')).json();
    expect(fitted).toMatchObject({ status: 'fitted', reviewCount: 450, itemCount: 150 });
    expect(fitted.weights).toHaveLength(21);
    expect((await api(admin, 'GET', '/api/fsrs/parameters')).json()).toMatchObject({ source: 'fitted', reviewCount: 450, fittedAt: expect.any(String) });
    expect(await ctx.services.fsrs.weightsOf(admin.orgId)).toEqual(fitted.weights);

    // New reviews are scheduled with the fitted weights.
    const other = await signIn(ctx.app, 'eve@acme.test', PASSWORD);
    await answerLesson(other, 'q1', right.q1);
    const logged = await ctx.services.database.db.selectFrom('review_log').select(['scheduler']).where('person_id', '=', otherId).execute();
    expect(logged).toEqual([{ scheduler: 'fsrs-6:ts-fsrs@5:binary:fitted' }]);
  });
});
