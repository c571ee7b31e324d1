import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe.each(testDialects)('authoring API on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let author: TestSession;
  let learner: TestSession;
  let learnerId: string;

  const api = (session: TestSession, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: asSession(session), ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    admin = await setUpOrganisation(ctx.app);
    for (const [email, roles] of [['writer@acme.test', ['author', 'learner']], ['lou@acme.test', ['learner']]] as const) {
      const created = await api(admin, 'POST', '/api/people', { email, displayName: email.split('@')[0], roles, password: 'a long enough password' });
      expect(created.statusCode).toBe(201);
      if (email.startsWith('lou')) learnerId = created.json().id;
    }
    author = await signIn(ctx.app, 'writer@acme.test', 'a long enough password');
    learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function objective() {
    const response = await api(author, 'POST', '/api/objectives', { title: 'Greet callers the new way', performance: 'Open every call with the new greeting', whyItMatters: 'First impressions', challenge: 'Inconsistent greetings', desiredRetention: 0.95 });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; desiredRetention: number; targetProficiency: number };
  }

  function lessonBody(objectiveId: string, extra: Record<string, unknown> = {}) {
    return {
      title: 'Greeting a {{brand}} caller',
      coreQuestion: 'What do I say first when I answer a {{brand}} customer call?',
      objectiveId,
      tags: ['greeting', 'phone'],
      variables: [{ name: 'brand', description: 'The brand on the line' }],
      blocks: [
        { id: 'script', type: 'sample', format: 'text', content: 'Thank you for calling {{brand}}, this is Sam. How may I help you today?' },
        { id: 'text', type: 'text', markdown: 'Say the **brand**, your name, then offer help. <script>alert(1)</script>' },
        { id: 'check', type: 'question', question: { kind: 'single_choice', prompt: 'Which comes first?', options: [{ id: 'a', text: 'The brand', correct: true, feedback: 'Yes.' }, { id: 'b', text: 'Your name', correct: false, feedback: 'The brand first.' }] } },
      ],
      ...extra,
    };
  }

  it('records objectives with a desired retention and refuses out-of-range values', async () => {
    const created = await objective();
    expect(created).toMatchObject({ desiredRetention: 0.95, targetProficiency: 0.8 });
    const bad = await api(author, 'POST', '/api/objectives', { title: 'x', performance: 'y', desiredRetention: 0.5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe('body.desiredRetention');
    expect((await api(learner, 'POST', '/api/objectives', { title: 'x', performance: 'y' })).statusCode).toBe(403);
  });

  it('refuses to publish a lesson over two minutes with too_long, and publishes it once fixed', async () => {
    const { id: objectiveId } = await objective();
    const long = lessonBody(objectiveId, { blocks: [...lessonBody(objectiveId).blocks, { id: 'essay', type: 'text', markdown: words(400) }] });
    const created = await api(author, 'POST', '/api/lessons', long);
    expect(created.statusCode).toBe(201);
    const lesson = created.json();
    expect(lesson).toMatchObject({ status: 'draft', revision: 1, lint: { publishable: false } });
    expect(lesson.lint.findings).toEqual([expect.objectContaining({ rule: 'too_long', severity: 'error', blockId: 'essay' })]);
    expect(lesson.estimatedSeconds).toBeGreaterThan(120);

    const refused = await api(author, 'POST', `/api/lessons/${lesson.id}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('lesson_not_publishable');
    expect(refused.json().error.details.findings[0].rule).toBe('too_long');

    const fixed = await api(author, 'PATCH', `/api/lessons/${lesson.id}`, { blocks: lessonBody(objectiveId).blocks, baseRevision: 1 });
    expect(fixed.json()).toMatchObject({ revision: 2, lint: { publishable: true, findings: [] } });
    const published = await api(author, 'POST', `/api/lessons/${lesson.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedRevision: 2 });
  });

  it('keeps the published revision live while a new draft is edited, and records who changed what', async () => {
    const { id: objectiveId } = await objective();
    const lesson = (await api(author, 'POST', '/api/lessons', lessonBody(objectiveId))).json();
    await api(author, 'POST', `/api/lessons/${lesson.id}/submit`);
    await api(author, 'POST', `/api/lessons/${lesson.id}/publish`);
    const edited = (await api(admin, 'PATCH', `/api/lessons/${lesson.id}`, { title: 'Greeting callers', baseRevision: 1 })).json();
    expect(edited).toMatchObject({ status: 'draft', revision: 2, publishedRevision: 1 });

    const stale = await api(author, 'PATCH', `/api/lessons/${lesson.id}`, { title: 'Mine', baseRevision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'lesson_conflict', details: { currentRevision: 2 } });

    const history = (await api(author, 'GET', `/api/lessons/${lesson.id}/revisions`)).json().items;
    expect(history.map((h: { action: string; revision: number }) => [h.action, h.revision])).toEqual([
      ['edited', 2],
      ['published', 1],
      ['submitted', 1],
      ['created', 1],
    ]);
    expect(history[0]).toMatchObject({ changedFields: ['title'], changedBy: { displayName: 'Ada Admin' } });
    expect(history[3].changedBy.displayName).toBe('writer');
  });

  it('publishes courses as immutable versions with per-course variable values', async () => {
    const { id: objectiveId } = await objective();
    const lesson = (await api(author, 'POST', '/api/lessons', lessonBody(objectiveId))).json();
    await api(author, 'POST', `/api/lessons/${lesson.id}/publish`);
    const course = (await api(author, 'POST', '/api/courses', { title: 'New greetings', modules: [{ id: 'm1', title: 'Openings', lessonIds: [lesson.id] }] })).json();
    expect(course.findings).toEqual([expect.objectContaining({ rule: 'missing_variable', severity: 'error', lessonId: lesson.id })]);
    expect(course.variablesUsed).toEqual(['brand']);
    expect((await api(author, 'POST', `/api/courses/${course.id}/publish`)).json().error.code).toBe('course_not_publishable');

    await api(author, 'PATCH', `/api/courses/${course.id}`, { variableValues: { brand: 'Northwind' } });
    const v1 = await api(author, 'POST', `/api/courses/${course.id}/publish`);
    expect(v1.json()).toMatchObject({ status: 'published', latestVersion: 1, findings: [] });

    // The same lesson serves another course with another value: one lesson, no copies.
    const other = (await api(author, 'POST', '/api/courses', { title: 'Contoso greetings', variableValues: { brand: 'Contoso' }, modules: [{ id: 'm1', title: 'Openings', lessonIds: [lesson.id] }] })).json();
    await api(author, 'POST', `/api/courses/${other.id}/publish`);
    const contoso = (await api(author, 'GET', `/api/courses/${other.id}/versions/1`)).json();
    expect(contoso.modules[0].lessons[0].title).toBe('Greeting a Contoso caller');

    // Changing and republishing the lesson does not change version 1.
    await api(author, 'PATCH', `/api/lessons/${lesson.id}`, { title: 'Answering a {{brand}} call', baseRevision: 1 });
    await api(author, 'POST', `/api/lessons/${lesson.id}/publish`);
    await api(author, 'POST', `/api/courses/${course.id}/publish`);
    const first = (await api(author, 'GET', `/api/courses/${course.id}/versions/1`)).json();
    const second = (await api(author, 'GET', `/api/courses/${course.id}/versions/2`)).json();
    expect(first.modules[0].lessons[0]).toMatchObject({ title: 'Greeting a Northwind caller', revision: 1 });
    expect(second.modules[0].lessons[0]).toMatchObject({ title: 'Answering a Northwind call', revision: 2 });
    expect(first.modules[0].lessons[0].blocks[0].content).toBe('Thank you for calling Northwind, this is Sam. How may I help you today?');
    expect((await api(author, 'GET', `/api/courses/${course.id}/versions`)).json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const unpublished = await api(author, 'POST', `/api/courses/${course.id}/unpublish`);
    expect(unpublished.json().status).toBe('unpublished');
    expect((await api(author, 'GET', `/api/courses/${course.id}/versions/1`)).statusCode).toBe(200);
    expect((await api(author, 'DELETE', `/api/courses/${course.id}`)).json().error.code).toBe('course_published');
    expect((await api(author, 'DELETE', `/api/lessons/${lesson.id}`)).json().error.code).toBe('lesson_in_use');
  });

  it('refuses a course with an unpublished lesson', async () => {
    const { id: objectiveId } = await objective();
    const lesson = (await api(author, 'POST', '/api/lessons', lessonBody(objectiveId))).json();
    const course = (await api(author, 'POST', '/api/courses', { title: 'C', variableValues: { brand: 'X' }, modules: [{ id: 'm', title: 'M', lessonIds: [lesson.id] }] })).json();
    expect(course.findings.map((f: { rule: string }) => f.rule)).toEqual(['lesson_unpublished']);
    const bogus = await api(author, 'POST', '/api/courses', { title: 'C', modules: [{ id: 'm', title: 'M', lessonIds: ['nope'] }] });
    expect(bogus.statusCode).toBe(400);
  });

  it('lets pilot learners read a shared draft course and comment per lesson, and the author resolve', async () => {
    const { id: objectiveId } = await objective();
    const lesson = (await api(author, 'POST', '/api/lessons', lessonBody(objectiveId))).json();
    const course = (await api(author, 'POST', '/api/courses', { title: 'Pilot me', modules: [{ id: 'm', title: 'M', lessonIds: [lesson.id] }] })).json();
    expect((await api(learner, 'GET', `/api/courses/${course.id}`)).statusCode).toBe(403);
    // An author (not an admin) finds the pilot learner by name.
    expect((await api(author, 'GET', '/api/people?q=lou')).json().items.map((p: { id: string }) => p.id)).toEqual([learnerId]);
    await api(author, 'PUT', `/api/courses/${course.id}/pilots`, { personIds: [learnerId] });
    expect((await api(author, 'GET', '/api/courses')).json().items[0]).toMatchObject({ id: course.id, lessonCount: 1, estimatedSeconds: Math.round(lesson.estimatedSeconds) });

    expect((await api(learner, 'GET', '/api/courses')).json().items.map((c: { id: string }) => c.id)).toEqual([course.id]);
    expect((await api(learner, 'GET', `/api/courses/${course.id}`)).statusCode).toBe(200);
    const preview = (await api(learner, 'GET', `/api/lessons/${lesson.id}/preview?brand=Northwind`)).json();
    expect(preview.title).toBe('Greeting a Northwind caller');
    expect(JSON.stringify(preview)).not.toContain('correct');
    expect(preview.blocks[1].html).toContain('<strong>brand</strong>');
    expect(preview.blocks[1].html).not.toContain('<script');

    const commented = await api(learner, 'POST', `/api/courses/${course.id}/lessons/${lesson.id}/comments`, { body: 'The second option reads oddly.' });
    expect(commented.statusCode).toBe(201);
    const [comment] = commented.json().items;
    expect(comment).toMatchObject({ lessonId: lesson.id, body: 'The second option reads oddly.', resolvedAt: null, author: { displayName: 'lou' } });
    expect((await api(learner, 'POST', `/api/courses/${course.id}/comments/${comment.id}/resolve`)).statusCode).toBe(403);
    const resolved = (await api(author, 'POST', `/api/courses/${course.id}/comments/${comment.id}/resolve`)).json().items[0];
    expect(resolved.resolvedAt).toEqual(expect.any(String));
  });

  it('estimates durations with the organisation’s reading speed', async () => {
    const { id: objectiveId } = await objective();
    const body = lessonBody(objectiveId, { blocks: [{ id: 't', type: 'text', markdown: words(200) }] });
    expect((await api(author, 'POST', '/api/lessons', body)).json().lint.blocks[0].seconds).toBe(60);
    await api(admin, 'PATCH', '/api/organisation', { readingWordsPerMinute: 100 });
    expect((await api(author, 'POST', '/api/lessons', body)).json().lint.blocks[0].seconds).toBe(120);
  });
});
