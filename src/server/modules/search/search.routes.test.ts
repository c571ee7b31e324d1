import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../testing/fixtures.ts';
import { asSession, createTestContext, setUpCast, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { systemActor } from '../identity/index.ts';
import type { SearchResults } from './search.schemas.ts';

const HANDBOOK = readFileSync(fixturePath('documents/pagerduty-security-training-for-everyone.md'), 'utf8');
/** Questions people ask, with the heading of the section that answers each (written from the handbook, typos and all). */
const QUESTIONS = JSON.parse(readFileSync(join(import.meta.dirname, 'relevance-questions.json'), 'utf8')) as { question: string; heading: string; also?: string[] }[];
/**
 * Floors the relevance must stay above: a fall below them is a regression. Measured on 2026-12-02 over the 89
 * questions: SQLite MRR 0.82, hit@1 0.73, hit@5 0.96; PostgreSQL MRR 0.69, hit@1 0.53, hit@5 0.91, and since the
 * ranking of 2026-12-02 (saturated, idf-weighted ts_rank with other weights) MRR 0.82, hit@1 0.74, hit@5 0.92.
 */
const FLOORS = { mrr: 0.6, hitAt1: 0.45, hitAt5: 0.85 };

const normal = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe.each(testDialects)('search on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let admin: TestSession;
  let author: TestSession;
  let learner: TestSession;
  let outsider: TestSession;
  let handbookLessons: { id: string; headings: Set<string> }[];
  let courseId: string;

  const get = async (session: TestSession, url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: asSession(session) });
    return { status: response.statusCode, body: response.json() as any };
  };
  const search = async (session: TestSession, q: string, extra = '') => {
    const response = await get(session, `/api/search?q=${encodeURIComponent(q)}${extra}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as SearchResults;
  };

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = ctx.app;
    ({ admin, author, learner, outsider } = await setUpCast(app, ctx.services));

    // The handbook, imported as the importer does it: draft lessons with their headings.
    const system = systemActor(admin.orgId);
    const objective = await ctx.services.content.createObjective(system, { title: 'Spot and stop attacks', performance: 'Recognise and report social engineering', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const created = await ctx.services.imports.create(system, { kind: 'document', text: HANDBOOK, filename: 'security-training.md' });
    await ctx.services.imports.runUntilIdle();
    const ready = await ctx.services.imports.get(system, created.id);
    await ctx.services.imports.accept(system, created.id, { baseRevision: ready.revision, courseTitle: 'Security for everyone', objectiveId: objective.id });
    await ctx.services.imports.runUntilIdle();
    const done = await ctx.services.imports.get(system, created.id);
    courseId = done.courseId!;
    const course = await ctx.services.content.getCourse(system, courseId);
    handbookLessons = [];
    for (const lessonId of course.modules.flatMap((m) => m.lessonIds)) {
      const lesson = await ctx.services.content.getLesson(system, lessonId);
      const text = lesson.blocks.map((b) => (b.type === 'text' ? b.markdown : '')).join('\n');
      // A lesson answers for its own heading and for every heading printed inside it (small sections merged in).
      const headings = new Set([normal(lesson.title.replace(/ \((?:part \d+|continued)\)$/, '')), ...[...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => normal(m[1]!))]);
      handbookLessons.push({ id: lesson.id, headings });
    }
    await ctx.services.search.reindexStale();
  }, 120_000);
  afterAll(async () => {
    await ctx.close();
  });

  it('finds the section that answers real questions about the handbook (MRR and hit rates above their floors)', async () => {
    let reciprocalRanks = 0;
    let hitAt1 = 0;
    let hitAt5 = 0;
    const misses: string[] = [];
    for (const { question, heading, also = [] } of QUESTIONS) {
      const wanted = new Set([heading, ...also].map(normal));
      const answering = new Set(handbookLessons.filter((l) => [...l.headings].some((h) => wanted.has(h))).map((l) => l.id));
      expect(answering.size, `no lesson holds the heading "${heading}"`).toBeGreaterThan(0);
      const { results } = await search(author, question, '&drafts=true&limit=10');
      const rank = results.findIndex((r) => answering.has(r.lessonId)) + 1;
      if (rank > 0) reciprocalRanks += 1 / rank;
      if (rank === 1) hitAt1 += 1;
      if (rank >= 1 && rank <= 5) hitAt5 += 1;
      else misses.push(`${question} → ${results[0]?.title ?? 'nothing'}`);
    }
    const figures = { questions: QUESTIONS.length, mrr: reciprocalRanks / QUESTIONS.length, hitAt1: hitAt1 / QUESTIONS.length, hitAt5: hitAt5 / QUESTIONS.length };
    console.info(`search relevance on ${dialect}: ${JSON.stringify(figures)}; misses at 5: ${misses.length}`);
    expect(figures.mrr).toBeGreaterThanOrEqual(FLOORS.mrr);
    expect(figures.hitAt1).toBeGreaterThanOrEqual(FLOORS.hitAt1);
    expect(figures.hitAt5).toBeGreaterThanOrEqual(FLOORS.hitAt5);
  }, 120_000);

  it('answers with the lesson’s title, question, duration, a highlighted snippet and where an import found it', async () => {
    const { results, queryId } = await search(author, 'how long should my password be', '&drafts=true');
    // A studio search (drafts) is not a learner's question: not logged.
    expect(queryId).toBeNull();
    const top = results[0]!;
    expect(top.title).toBeTruthy();
    expect(top.estimatedSeconds).toBeGreaterThan(0);
    expect(top.source).toMatchObject({ document: 'security-training.md' });
    expect(top.highlights.length).toBeGreaterThan(0);
    for (const [start, end] of top.highlights) expect(normal(top.snippet.slice(start, end))).toMatch(/password|long/);
  });

  it('corrects typos, applies the organisation’s synonyms, and completes the word being typed', async () => {
    const typo = await search(author, 'phising emial', '&drafts=true');
    expect(typo.correctedQuery).toBe('phishing email');
    expect(typo.results.length).toBeGreaterThan(0);

    const before = await search(author, 'what is 2FA', '&drafts=true');
    const put = await app.inject({ method: 'PUT', url: '/api/search/synonyms', headers: asSession(author), payload: { groups: [['2FA', 'multi-factor', 'two-factor authentication']] } });
    expect(put.statusCode).toBe(200);
    const after = await search(author, 'what is 2FA', '&drafts=true');
    expect(after.results.length).toBeGreaterThan(before.results.length);
    expect(after.results.slice(0, 5).some((r) => /multi|factor|2fa|mfa/i.test(`${r.title} ${r.snippet}`))).toBe(true);
    expect((await get(author, '/api/search/synonyms')).body.groups).toEqual([['2FA', 'multi-factor', 'two-factor authentication']]);

    // "piggyb…" while typing: the word being typed matches as a prefix (and only then).
    expect((await search(author, 'piggyb', '&drafts=true')).results).toEqual([]);
    const typing = await search(author, 'piggyb', '&drafts=true&typing=true');
    expect(typing.results[0]?.title).toMatch(/Piggybacking/);
  });

  it('shows learners only published lessons of their courses, and keeps drafts to authors', async () => {
    expect((await search(learner, 'phishing')).results).toEqual([]);
    expect((await get(learner, '/api/search?q=phishing&drafts=true')).status).toBe(403);
    // Published and assigned: now the learner finds them, with the course to open them in.
    const system = systemActor(admin.orgId);
    const course = await ctx.services.content.getCourse(system, courseId);
    const phishing = handbookLessons.filter((l) => [...l.headings].some((h) => h.includes('phishing'))).map((l) => l.id);
    for (const lessonId of course.modules.flatMap((m) => m.lessonIds)) {
      const lesson = await ctx.services.content.getLesson(system, lessonId);
      if (lesson.lint.publishable) await ctx.services.content.publishLesson(system, lessonId);
    }
    const publishable = (await Promise.all(course.modules.flatMap((m) => m.lessonIds).map((id) => ctx.services.content.getLesson(system, id)))).filter((l) => l.status === 'published');
    await ctx.services.content.updateCourse(system, courseId, { modules: [{ id: 'all', title: 'All', lessonIds: publishable.map((l) => l.id) }] });
    await ctx.services.content.publishCourse(system, courseId);
    await ctx.services.search.reindexStale();
    expect((await search(learner, 'phishing')).results).toEqual([]);
    await ctx.services.learning.enrol(system, { courseId, personIds: [learner.personId] });
    const found = await search(learner, 'phishing');
    expect(found.results.length).toBeGreaterThan(0);
    expect(found.results.every((r) => r.courseId === courseId && publishable.some((l) => l.id === r.lessonId))).toBe(true);
    expect(found.results.some((r) => phishing.includes(r.lessonId))).toBe(true);
    // Another organisation finds nothing of it.
    expect((await search(outsider, 'phishing')).results).toEqual([]);
  }, 180_000);

  it('follows the content: an edited lesson is found by its new words, a deleted one no more', async () => {
    const system = systemActor(admin.orgId);
    const lesson = await ctx.services.content.createLesson(system, { title: 'Refunds after 40 days', coreQuestion: 'A customer wants a refund after 40 days: what do I say?', objectiveId: null, tags: ['refunds'], variables: [], blocks: [{ id: 't', type: 'text', markdown: 'Offer **store credit** and ask the duty manager.' }] });
    await ctx.services.search.reindexStale();
    expect((await search(author, 'customer wants a refund after 40 days', '&drafts=true')).results[0]?.lessonId).toBe(lesson.id);
    await ctx.services.content.updateLesson(system, lesson.id, { title: 'Late returns', coreQuestion: 'What do I offer for a late return?', baseRevision: lesson.revision });
    await ctx.services.search.indexLesson(admin.orgId, lesson.id);
    expect((await search(author, 'late return', '&drafts=true')).results[0]?.lessonId).toBe(lesson.id);
    // Renaming its objective reindexes it: the objective's new words find it.
    const objective = await ctx.services.content.createObjective(system, { title: 'Handle returns', performance: 'Handle returns', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const current = await ctx.services.content.getLesson(system, lesson.id);
    await ctx.services.content.updateLesson(system, lesson.id, { objectiveId: objective.id, baseRevision: current.revision });
    await ctx.services.search.settle();
    await ctx.services.content.updateObjective(system, objective.id, { title: 'Goodwill vouchers' });
    await ctx.services.search.settle();
    expect((await search(author, 'goodwill vouchers', '&drafts=true')).results[0]?.lessonId).toBe(lesson.id);
    await ctx.services.content.deleteLesson(system, lesson.id);
    await ctx.services.search.reindexStale();
    expect((await search(author, 'late return store credit', '&drafts=true')).results.map((r) => r.lessonId)).not.toContain(lesson.id);
  });

  it('lists questions without a good answer, and answers marked unhelpful, as content gaps for authors', async () => {
    const none = await search(learner, 'maternity payslip reimbursement');
    expect(none.results).toEqual([]);
    await search(learner, 'Maternity payslip reimbursement?');
    const asked = await search(learner, 'phishing');
    const feedback = await app.inject({ method: 'POST', url: '/api/search/feedback', headers: asSession(learner), payload: { queryId: asked.queryId, lessonId: asked.results[0]!.lessonId } });
    expect(feedback.statusCode).toBe(204);
    const stolen = await app.inject({ method: 'POST', url: '/api/search/feedback', headers: asSession(outsider), payload: { queryId: asked.queryId, lessonId: asked.results[0]!.lessonId } });
    expect(stolen.statusCode).toBe(404);

    // Typed on, seconds apart: one question being written, logged once as its latest text.
    await search(learner, 'gym disc', '&typing=true');
    await search(learner, 'gym discount', '&typing=true');
    // The studio's searches are authors at work, not gaps.
    await search(author, 'zebra crossing rules', '&drafts=true');

    const gaps = (await get(author, '/api/search/gaps')).body;
    const questions = gaps.gaps.map((g: { question: string }) => g.question);
    expect(questions).toContain('discount gym');
    expect(questions).not.toContain('disc gym');
    expect(questions).not.toContain('crossing rules zebra');
    const maternity = gaps.gaps.find((g: { question: string }) => g.question === 'maternity payslip reimbursement');
    expect(maternity).toMatchObject({ asked: 2, withoutAnswer: 2, unhelpful: 0, example: 'Maternity payslip reimbursement?', teams: [{ teamId: null, name: 'No team', count: 2 }] });
    expect(gaps.gaps.find((g: { question: string }) => g.question === 'phishing')).toMatchObject({ unhelpful: 1 });
    expect((await get(learner, '/api/search/gaps')).status).toBe(403);
    expect((await get(outsider, '/api/search/gaps')).body.gaps.map((g: { question: string }) => g.question)).not.toContain('maternity payslip reimbursement');
    expect((await get(author, '/api/search?q=')).status).toBe(400);
  });
});
