import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../core/chunking/index.ts';
import { asSession, createTestContext, setUpCast, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { fixturePath } from '../../testing/fixtures.ts';
import { systemActor } from '../identity/index.ts';
import { fileUploadSource } from '../media/index.ts';
import { FIXTURE_VIDEO } from '../media/test-fixtures.ts';
import type { ImportDetail } from './import.schemas.ts';

const HANDBOOK = readFileSync(fixturePath('documents/pagerduty-security-training-for-everyone.md'), 'utf8');
const CAPTIONS = readFileSync(fixturePath('transcripts/ableplayer-itaccess_captions_en.vtt'), 'utf8');
const CHAPTERS = readFileSync(fixturePath('transcripts/ableplayer-itaccess_chapters_en.vtt'), 'utf8');
const CAPTIONS_END = Math.max(...parseTranscript(CAPTIONS).cues.map((c) => c.endSeconds));

let workDir: string;
/** A small H.264 recording as long as the fixture captions, made at test time; every frame a keyframe, so clips are stream copies (clip-cutter.test.ts covers re-encoding). */
let recording: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'morsel-import-'));
  recording = join(workDir, 'itaccess-talk.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc=size=160x90:rate=10:duration=${Math.ceil(CAPTIONS_END) + 1}`, '-f', 'lavfi', '-i', `sine=frequency=300:duration=${Math.ceil(CAPTIONS_END) + 1}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '1', '-c:a', 'aac', '-shortest', recording]);
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(testDialects)('imports on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let admin: TestSession;
  let author: TestSession;
  let learner: TestSession;
  let outsider: TestSession;

  const send = async (session: TestSession, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, headers: asSession(session), ...(payload !== undefined && { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : {}) as any };
  };
  const detail = async (id: string) => (await send(author, 'GET', `/api/imports/${id}`)).body as ImportDetail;
  /** Starts an import and lets the runner make its proposals. */
  const importReady = async (payload: object) => {
    const created = await send(author, 'POST', '/api/imports', payload);
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.status).toBe('queued');
    await ctx.services.imports.runUntilIdle();
    const ready = await detail(created.body.id);
    expect(ready.status, JSON.stringify(ready.error)).toBe('ready');
    return ready;
  };
  const acceptAndRun = async (id: string, body: object) => {
    const accepted = await send(author, 'POST', `/api/imports/${id}/accept`, body);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body.status).toBe('accepting');
    await ctx.services.imports.runUntilIdle();
    return detail(id);
  };
  const uploadRecording = async (path: string) => ctx.services.media.upload(systemActor(author.orgId), fileUploadSource(path));

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = ctx.app;
    ({ admin, author, learner, outsider } = await setUpCast(app, ctx.services));
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('turns the 14,000-word handbook into proposals, takes a review (merge, split, edit, drop, rename) and creates the drafts on accept', async () => {
    const ready = await importReady({ kind: 'document', filename: 'security-training.md', text: HANDBOOK });
    expect(ready.sourceFormat).toBe('markdown');
    // The handbook names no title of its own: the file's name stands in.
    expect(ready.course.title).toBe('security-training');
    expect(ready.source).toBe(HANDBOOK);
    expect(ready.proposals.length).toBeGreaterThan(20);
    expect(ready.proposals.every((p) => p.estimatedSeconds <= 120 && !p.overBudget)).toBe(true);
    expect(ready.proposals.every((p) => p.questions.length >= 1 && p.coreQuestion.endsWith('?'))).toBe(true);
    expect(ready.course.modules.flatMap((m) => m.lessonIndexes)).toEqual(ready.proposals.map((_, k) => k));
    const count = ready.proposals.length;

    // Merge the first two: one fewer, the text of both.
    const merged = await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'merge', index: 0, baseRevision: ready.revision });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const afterMerge = merged.body as ImportDetail;
    expect(afterMerge.proposals).toHaveLength(count - 1);
    expect(afterMerge.proposals[0]!.text).toBe(`${ready.proposals[0]!.text}\n\n${ready.proposals[1]!.text}`);
    expect(afterMerge.revision).toBe(ready.revision + 1);

    // A second tab still on the old revision is refused, and nothing changes.
    const stale = await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'drop', index: 0, baseRevision: ready.revision });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('import_conflict');
    expect((await detail(ready.id)).proposals).toHaveLength(count - 1);

    // Split the merged one back where the second began; a split point outside it is a clear 400.
    const pieces = afterMerge.proposals[0]!.pieces;
    expect(pieces.length).toBeGreaterThan(1);
    const outside = await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'split', index: 0, atPiece: pieces.length, baseRevision: afterMerge.revision });
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('validation_failed');
    const split = (await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'split', index: 0, atPiece: 1, baseRevision: afterMerge.revision })).body as ImportDetail;
    expect(split.proposals).toHaveLength(count);
    expect(`${split.proposals[0]!.text}\n\n${split.proposals[1]!.text}`.replace(/\s+/g, ' ')).toContain(pieces[0]!.replace(/\s+/g, ' '));

    const edited = (await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'edit', index: 1, title: 'Why attackers want you', coreQuestion: 'Why would anyone target me?', baseRevision: split.revision })).body as ImportDetail;
    expect(edited.proposals[1]).toMatchObject({ title: 'Why attackers want you', coreQuestion: 'Why would anyone target me?' });
    const lastTitle = edited.proposals.at(-1)!.title;
    const dropped = (await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'drop', index: edited.proposals.length - 1, baseRevision: edited.revision })).body as ImportDetail;
    expect(dropped.proposals.map((p) => p.title)).not.toContain(lastTitle);
    const renamed = (await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'course', title: 'Security for everyone', baseRevision: dropped.revision })).body as ImportDetail;
    expect(renamed.course.title).toBe('Security for everyone');

    const done = await acceptAndRun(ready.id, { baseRevision: renamed.revision });
    expect(done.status).toBe('accepted');
    expect(done.courseId).toBeTruthy();
    const course = (await send(author, 'GET', `/api/courses/${done.courseId}`)).body;
    expect(course).toMatchObject({ title: 'Security for everyone', status: 'draft' });
    const lessonIds = (course.modules as { lessonIds: string[] }[]).flatMap((m) => m.lessonIds);
    expect(lessonIds).toHaveLength(renamed.proposals.length);
    expect((course.modules as { title: string }[]).map((m) => m.title)).toEqual(renamed.course.modules.map((m) => m.title));
    const second = (await send(author, 'GET', `/api/lessons/${lessonIds[1]}`)).body;
    expect(second).toMatchObject({ title: 'Why attackers want you', coreQuestion: 'Why would anyone target me?', status: 'draft', tags: ['imported'] });
    expect(second.blocks[0]).toMatchObject({ type: 'text', markdown: renamed.proposals[1]!.text });
    expect(second.blocks.filter((b: { type: string }) => b.type === 'question').length).toBeGreaterThanOrEqual(1);

    // Accepted is final: no second set of drafts.
    const again = await send(author, 'POST', `/api/imports/${ready.id}/accept`, { baseRevision: done.revision });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('import_wrong_status');
    const list = (await send(author, 'GET', '/api/imports')).body;
    expect(list.imports[0]).toMatchObject({ id: ready.id, status: 'accepted', courseId: done.courseId, lessonCount: renamed.proposals.length });
  });

  it('cuts one clip per lesson from a transcript’s recording, each with its captions re-based to start at zero', async () => {
    const video = await uploadRecording(recording);
    const ready = await importReady({ kind: 'transcript', captions: CAPTIONS, chapters: CHAPTERS, mediaId: video.id, title: 'IT accessibility', filename: 'itaccess.vtt' });
    expect(ready.proposals.length).toBeGreaterThan(2);
    expect(ready.proposals.every((p) => p.startSeconds !== undefined && p.endSeconds! - p.startSeconds! <= 120)).toBe(true);
    expect(ready.course.modules.length).toBeGreaterThan(1);

    const done = await acceptAndRun(ready.id, { baseRevision: ready.revision });
    expect(done.status, JSON.stringify(done.error)).toBe('accepted');
    const course = (await send(author, 'GET', `/api/courses/${done.courseId}`)).body;
    const lessonIds = (course.modules as { lessonIds: string[] }[]).flatMap((m) => m.lessonIds);
    expect(lessonIds).toHaveLength(ready.proposals.length);
    for (const [k, lessonId] of lessonIds.entries()) {
      const lesson = (await send(author, 'GET', `/api/lessons/${lessonId}`)).body;
      expect(lesson.blocks[0].type).toBe('video');
      const clip = (await send(author, 'GET', `/api/media/${lesson.blocks[0].mediaId}`)).body;
      const proposal = ready.proposals[k]!;
      expect(clip.durationSeconds).toBeGreaterThan(0);
      expect(Math.abs(clip.durationSeconds - (proposal.endSeconds! - proposal.startSeconds!))).toBeLessThan(2.5);
      expect(clip.captions).toEqual([expect.objectContaining({ language: 'en' })]);
      const track = await app.inject({ method: 'GET', url: `/api/media/${clip.id}/captions/en`, headers: asSession(author) });
      expect(track.statusCode).toBe(200);
      const cues = parseTranscript(track.body).cues;
      expect(cues.length).toBeGreaterThan(0);
      expect(cues[0]!.startSeconds).toBeLessThan(2.5);
      expect(cues.at(-1)!.endSeconds).toBeLessThanOrEqual(clip.durationSeconds + 0.5);
    }
  });

  it('proposes cut points for a recording with no transcript, and makes one video lesson per clip', async () => {
    const video = await uploadRecording(FIXTURE_VIDEO);
    const ready = await importReady({ kind: 'recording', mediaId: video.id, title: 'Battle scene' });
    expect(ready.proposals.length).toBeGreaterThanOrEqual(1);
    expect(ready.proposals[0]!.startSeconds).toBe(0);
    expect(ready.proposals.at(-1)!.endSeconds).toBeCloseTo(video.durationSeconds!, 1);
    expect(ready.proposals.every((p) => p.endSeconds! - p.startSeconds! <= 120 && p.text === '' && p.questions.length === 0)).toBe(true);
    expect(ready.warnings.join(' ')).toMatch(/no transcript/);
    const done = await acceptAndRun(ready.id, { baseRevision: ready.revision, courseTitle: 'Battle scene, in clips' });
    expect(done.status, JSON.stringify(done.error)).toBe('accepted');
    expect(done.title).toBe('Battle scene, in clips');
    const course = (await send(author, 'GET', `/api/courses/${done.courseId}`)).body;
    expect(course.title).toBe('Battle scene, in clips');
    const first = (await send(author, 'GET', `/api/lessons/${course.modules[0].lessonIds[0]}`)).body;
    expect(first.blocks).toEqual([expect.objectContaining({ type: 'video' })]);
  });

  it('finishes an accept a crashed runner left half done, without a second copy of any clip or lesson', async () => {
    const video = await uploadRecording(recording);
    const ready = await importReady({ kind: 'transcript', captions: CAPTIONS, mediaId: video.id, title: 'Crash drill' });
    const accepted = await send(author, 'POST', `/api/imports/${ready.id}/accept`, { baseRevision: ready.revision });
    expect(accepted.status).toBe(202);
    // The state a runner leaves when it dies after storing the first clip: the job still held (lease running),
    // the first clip in the library under the id chosen for it.
    const { db } = ctx.services.database;
    const job = await db.selectFrom('import_job').selectAll().where('id', '=', ready.id).executeTakeFirstOrThrow();
    const clipIds = JSON.parse(job.clip_media_ids!) as string[];
    const leaseUntil = new Date(ctx.clock.now().getTime() + 120_000).toISOString();
    await db.updateTable('import_job').set({ lease_until: leaseUntil, attempts: 1 }).where('id', '=', ready.id).execute();
    await ctx.services.media.upload(systemActor(author.orgId), fileUploadSource(FIXTURE_VIDEO), { id: clipIds[0]! });
    const mediaBefore = (await send(author, 'GET', '/api/media?limit=100')).body.items.length;

    // While the lease runs, nobody else takes the job.
    expect(await ctx.services.imports.runNext()).toBe(false);
    ctx.clock.advance(121_000);
    await ctx.services.imports.runUntilIdle();
    const done = await detail(ready.id);
    expect(done.status, JSON.stringify(done.error)).toBe('accepted');
    const mediaAfter = (await send(author, 'GET', '/api/media?limit=100')).body.items;
    expect(mediaAfter.length - mediaBefore).toBe(clipIds.length - 1);
    const course = (await send(author, 'GET', `/api/courses/${done.courseId}`)).body;
    expect((course.modules as { lessonIds: string[] }[]).flatMap((m) => m.lessonIds)).toHaveLength(clipIds.length);
    const courses = (await send(author, 'GET', '/api/courses')).body;
    expect(courses.items.filter((c: { title: string }) => c.title === 'Crash drill')).toHaveLength(1);
  });

  it('refuses bad input with clear errors, and keeps imports to authors of the organisation', async () => {
    const garbled = await send(author, 'POST', '/api/imports', { kind: 'transcript', captions: 'this is not a caption file' });
    expect(garbled.status).toBe(400);
    expect(garbled.body.error).toMatchObject({ code: 'transcript_invalid', details: { field: 'captions' } });
    const empty = await send(author, 'POST', '/api/imports', { kind: 'document', text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    const unknownKind = await send(author, 'POST', '/api/imports', { kind: 'spreadsheet', text: 'a,b' });
    expect(unknownKind.status).toBe(400);
    const missingMedia = await send(author, 'POST', '/api/imports', { kind: 'recording', mediaId: 'no-such-media' });
    expect(missingMedia.status).toBe(400);
    expect(missingMedia.body.error.details).toMatchObject({ field: 'mediaId' });

    const ready = await importReady({ kind: 'document', text: '# Refunds\n\nA refund after 30 days needs a manager. Ask them in the refunds channel.\n\n# Returns\n\nReturns need the receipt. Without it, offer store credit.\n', format: 'markdown' });
    expect((await send(learner, 'GET', `/api/imports/${ready.id}`)).status).toBe(403);
    expect((await send(learner, 'POST', '/api/imports', { kind: 'document', text: 'x' })).status).toBe(403);
    expect((await send(outsider, 'GET', `/api/imports/${ready.id}`)).status).toBe(404);
    expect((await send(outsider, 'GET', '/api/imports')).body.imports).toEqual([]);
    const noSuch = await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'merge', index: 99, baseRevision: ready.revision });
    expect(noSuch.status).toBe(400);
    const badObjective = await send(author, 'POST', `/api/imports/${ready.id}/accept`, { baseRevision: ready.revision, objectiveId: 'no-such-objective' });
    expect(badObjective.status).toBe(400);
    expect(badObjective.body.error.details).toMatchObject({ field: 'objectiveId' });

    let revision = ready.revision;
    for (const _ of ready.proposals) revision = (await send(author, 'POST', `/api/imports/${ready.id}/review`, { op: 'drop', index: 0, baseRevision: revision })).body.revision;
    const nothing = await send(author, 'POST', `/api/imports/${ready.id}/accept`, { baseRevision: revision });
    expect(nothing.status).toBe(422);
    expect(nothing.body.error.code).toBe('import_empty');

    const cancelled = await send(author, 'POST', `/api/imports/${ready.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await send(author, 'POST', `/api/imports/${ready.id}/cancel`)).body.error.code).toBe('import_wrong_status');
    expect((await send(author, 'DELETE', `/api/imports/${ready.id}`)).status).toBe(204);
    expect((await send(author, 'GET', `/api/imports/${ready.id}`)).status).toBe(404);
  });

  it('fails an import whose recording ffmpeg cannot read, with the reason', async () => {
    const broken = join(workDir, 'broken.mp3');
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', broken]);
    const item = await uploadRecording(broken);
    // The stored file is damaged after upload (a disk fault): the scan fails and says so.
    const { db } = ctx.services.database;
    const row = await db.selectFrom('media').select('storage_key').where('id', '=', item.id).executeTakeFirstOrThrow();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(ctx.services.config.mediaDir, row.storage_key), 'not audio any more');
    const created = await send(author, 'POST', '/api/imports', { kind: 'recording', mediaId: item.id });
    expect(created.status).toBe(202);
    await ctx.services.imports.runUntilIdle();
    const failed = await detail(created.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toMatch(/media_corrupt|clip_cut_failed|media_unsupported/);
    expect(failed.error?.message).toBeTruthy();
  });
});
