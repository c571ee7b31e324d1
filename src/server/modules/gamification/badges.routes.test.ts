import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRecipientEmail } from '../../../core/gamification/index.ts';
import { createPublishedCourse } from '../../testing/course-fixture.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';

describe.each(testDialects)('badges on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let personId: string;
  let courseId: string;
  let lessonIds: string[];

  const api = (session: TestSession | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: session ? asSession(session) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  /** A public document's path, from its absolute id. */
  const pathOf = (url: string) => new URL(url).pathname;
  const complete = async (lessonId: string, clientId: string) => {
    await api(learner, 'POST', '/api/learn/attempts', { courseId, lessonId, questionId: 'q', response: { kind: 'true_false', value: true }, timeTakenMs: 2000, clientId });
    await ctx.services.gamification.settle();
  };

  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    admin = await setUpOrganisation(ctx.app);
    const lou = await ctx.services.identity.createPerson(systemActor(admin.orgId), { email: 'lou@acme.test', displayName: 'Lou', roles: ['learner'], password: 'a long enough password' });
    personId = lou.id;
    learner = await signIn(ctx.app, 'lou@acme.test', 'a long enough password');
    ({ courseId, lessonIds } = await createPublishedCourse(ctx.services, admin.orgId, 'Greetings', 2));
    await api(admin, 'POST', '/api/enrolments', { courseId, personIds: [personId] });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('awards the first-course badge once, with a hosted Open Badges 2.0 assertion that verifies', async () => {
    const before = (await api(learner, 'GET', '/api/me/badges')).json();
    expect(before.earned).toEqual([]);
    expect(before.available.map((b: { slug: string }) => b.slug)).toEqual(['first-course', 'streak-10', 'certified', 'sharp-memory', 'lessons-50', 'points-1000']);

    await complete(lessonIds[0]!, 'client-0001');
    expect((await api(learner, 'GET', '/api/me/badges')).json().earned).toEqual([]);
    await complete(lessonIds[1]!, 'client-0002');
    await ctx.services.gamification.syncPerson(admin.orgId, personId, '2000-01-01T00:00:00.000Z');
    const mine = (await api(learner, 'GET', '/api/me/badges')).json();
    expect(mine.earned).toEqual([expect.objectContaining({ slug: 'first-course', name: 'First course', assertionUrl: expect.stringMatching(/^http:\/\/morsel\.test\/openbadges\/acme\/assertions\//) })]);
    expect(await ctx.services.database.db.selectFrom('badge_award').selectAll().where('person_id', '=', personId).execute()).toHaveLength(1);

    // The assertion, its badge class and the issuer are public JSON-LD at their ids; the email is only hashed.
    const assertion = await api(null, 'GET', pathOf(mine.earned[0].assertionUrl));
    expect(assertion.statusCode).toBe(200);
    expect(assertion.headers['content-type']).toContain('application/ld+json');
    const document = assertion.json();
    expect(document).toMatchObject({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: mine.earned[0].assertionUrl, verification: { type: 'hosted' }, recipient: { type: 'email', hashed: true } });
    expect(assertion.body).not.toContain('lou@acme.test');
    expect(isRecipientEmail(document.recipient, 'LOU@acme.test')).toBe(true);
    expect(isRecipientEmail(document.recipient, 'someone@acme.test')).toBe(false);
    const badgeClass = (await api(null, 'GET', pathOf(document.badge))).json();
    expect(badgeClass).toMatchObject({ type: 'BadgeClass', name: 'First course', criteria: { narrative: expect.any(String) } });
    expect((await api(null, 'GET', pathOf(badgeClass.issuer))).json()).toMatchObject({ type: 'Issuer', name: 'Acme', url: 'http://morsel.test', email: expect.stringContaining('@') });
    const image = await api(null, 'GET', pathOf(badgeClass.image));
    expect(image.headers['content-type']).toContain('image/svg+xml');
    expect(image.body).toContain('<svg');
    expect((await api(null, 'GET', `${pathOf(mine.earned[0].assertionUrl)}?download=1`)).headers['content-disposition']).toContain('attachment');
  });

  it('lets admins add a badge of their own and turn one off; others may not, and nothing crosses organisations', async () => {
    expect((await api(learner, 'GET', '/api/badges')).statusCode).toBe(403);
    const bad = await api(admin, 'POST', '/api/badges', { slug: 'Bad Slug', name: 'x', description: 'x', rule: { kind: 'points_total', points: 0 } });
    expect(bad.statusCode).toBe(400);
    const created = await api(admin, 'POST', '/api/badges', { slug: 'first-ten', name: 'First ten points', description: 'Earned ten points.', rule: { kind: 'points_total', points: 10 } });
    expect(created.statusCode).toBe(201);
    expect((await api(admin, 'POST', '/api/badges', { slug: 'first-ten', name: 'Again', description: 'Again.', rule: { kind: 'points_total', points: 10 } })).json().error.code).toBe('conflict');
    const firstCourse = (await api(admin, 'GET', '/api/badges')).json().find((b: { slug: string }) => b.slug === 'first-course');
    expect((await api(admin, 'PATCH', `/api/badges/${firstCourse.id}`, { active: false })).json()).toMatchObject({ active: false });

    await complete(lessonIds[0]!, 'client-0001');
    await complete(lessonIds[1]!, 'client-0002');
    const mine = (await api(learner, 'GET', '/api/me/badges')).json();
    expect(mine.earned.map((b: { slug: string }) => b.slug)).toEqual(['first-ten']);
    expect(mine.available.map((b: { slug: string }) => b.slug)).not.toContain('first-course');

    await ctx.services.identity.createOrganisation({ name: 'Other Org', slug: 'other' }, { displayName: 'Olga', email: 'olga@other.test', password: 'other admin password' });
    const olga = await signIn(ctx.app, 'olga@other.test', 'other admin password');
    expect((await api(olga, 'PATCH', `/api/badges/${firstCourse.id}`, { active: true })).statusCode).toBe(404);
    expect((await api(null, 'GET', pathOf(mine.earned[0].assertionUrl).replace('/acme/', '/other/'))).statusCode).toBe(404);
    expect((await api(null, 'GET', '/openbadges/acme/assertions/no-such-award')).statusCode).toBe(404);
  });

  it('takes a certification badge only for a certification of the organisation, and names it to learners', async () => {
    const certification = (await api(admin, 'POST', '/api/certifications', { title: 'Greeting guests', scope: 'course', courseId, passMark: 80, validity: { amount: 12, unit: 'months' } })).json();
    expect(certification.id).toEqual(expect.any(String));
    const unknown = await api(admin, 'POST', '/api/badges', { slug: 'greeter', name: 'Greeter', description: 'Certified.', rule: { kind: 'certification_earned', certificationId: 'no-such-certification' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'body.rule.certificationId' }] } });
    const created = await api(admin, 'POST', '/api/badges', { slug: 'greeter', name: 'Greeter', description: 'Certified.', rule: { kind: 'certification_earned', certificationId: certification.id } });
    expect(created.json()).toMatchObject({ certificationTitle: 'Greeting guests' });
    const mine = (await api(learner, 'GET', '/api/me/badges')).json();
    expect(mine.available.find((b: { slug: string }) => b.slug === 'greeter')).toMatchObject({ certificationTitle: 'Greeting guests' });
    expect(mine.available.find((b: { slug: string }) => b.slug === 'first-course')).toMatchObject({ certificationTitle: null });
    expect((await api(admin, 'PATCH', `/api/badges/${created.json().id}`, { rule: { kind: 'certification_earned', certificationId: 'gone' } })).statusCode).toBe(400);
  });
});
