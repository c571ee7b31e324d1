import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../identity/index.ts';
import { createTestContext, setUpOrganisation, type TestContext } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { createMediaProbe } from './media-probe.ts';
import { createLocalDiskStorage } from './media-storage.ts';
import { bytesUploadSource, createMediaService, fileUploadSource, warnIfFfmpegMissing } from './media.service.ts';
import { FIXTURE_CAPTIONS, FIXTURE_VIDEO, filesUnder, makeMediaFixtures, type MediaFixtures } from './test-fixtures.ts';

describe.each(testDialects)('media service on %s', (dialect) => {
  let ctx: TestContext;
  let dir: string;
  let fixtures: MediaFixtures;
  let orgId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'morsel-media-service-'));
    fixtures = makeMediaFixtures(await mkdtemp(join(dir, 'fixtures-')));
    ctx = await createTestContext(dialect, { env: { DATA_DIR: join(dir, 'data') } });
    orgId = (await setUpOrganisation(ctx.app)).orgId;
  });
  afterAll(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A media service over the test database, with its own media folder and, optionally, a machine without ffmpeg. */
  async function serviceWith(options: { withoutFfmpeg?: boolean; maxBytes?: number } = {}) {
    const mediaDir = await mkdtemp(join(dir, 'media-'));
    const probe = options.withoutFfmpeg ? createMediaProbe({ ffprobePath: join(dir, 'no-ffprobe'), ffmpegPath: join(dir, 'no-ffmpeg') }) : createMediaProbe();
    const warnings: string[] = [];
    const logger = { warn: (_object: object, message: string) => warnings.push(message) };
    const media = createMediaService({ db: ctx.services.database.db, clock: ctx.clock, storage: createLocalDiskStorage(mediaDir), probe, tmpDir: join(mediaDir, 'tmp'), maxBytes: options.maxBytes ?? 100_000_000, logger });
    return { media, mediaDir, warnings, logger };
  }

  it('without ffmpeg: refuses video and audio with ffmpeg_missing, still takes images, and warns at start-up', async () => {
    const { media, mediaDir, logger, warnings } = await serviceWith({ withoutFfmpeg: true });
    await expect(media.upload(systemActor(orgId), fileUploadSource(fixtures.mp3))).rejects.toMatchObject({ code: 'ffmpeg_missing', message: expect.stringContaining('install') });
    await expect(media.upload(systemActor(orgId), fileUploadSource(FIXTURE_VIDEO))).rejects.toMatchObject({ code: 'ffmpeg_missing' });
    expect(filesUnder(mediaDir)).toEqual([]);

    const image = await media.upload(systemActor(orgId), fileUploadSource(fixtures.jpg));
    expect(image).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 64, height: 48 });

    await warnIfFfmpegMissing(logger, media);
    expect(warnings).toEqual([expect.stringMatching(/^ffprobe and ffmpeg not found.*apt install ffmpeg/)]);
  });

  it('does not warn when ffmpeg is installed', async () => {
    const { media, logger, warnings } = await serviceWith();
    await warnIfFfmpegMissing(logger, media);
    expect(warnings).toEqual([]);
  });

  it('removes the stored files when the database refuses the row', async () => {
    const { media, mediaDir } = await serviceWith();
    // An organisation that does not exist: the foreign key refuses the insert after the files were moved in.
    await expect(media.upload(systemActor('no-such-organisation'), fileUploadSource(FIXTURE_VIDEO))).rejects.toThrow(/foreign key/i);
    expect(filesUnder(mediaDir)).toEqual([]);
  });

  it('refuses an empty file and a file over the limit, leaving nothing', async () => {
    const { media, mediaDir } = await serviceWith({ maxBytes: 10_000 });
    await expect(media.upload(systemActor(orgId), bytesUploadSource(Buffer.alloc(0), { filename: 'empty.mp4' }))).rejects.toMatchObject({ code: 'media_corrupt' });
    await expect(media.upload(systemActor(orgId), fileUploadSource(fixtures.mp3))).rejects.toMatchObject({ code: 'media_too_large' });
    expect(filesUnder(mediaDir)).toEqual([]);
  });

  it('refuses API tokens and learners before reading anything', async () => {
    const { media } = await serviceWith();
    let opened = false;
    const source = { openFile: async () => ((opened = true), { filename: 'x', stream: (await import('node:fs')).createReadStream(FIXTURE_VIDEO) }), fields: async () => ({}) };
    const learner = { kind: 'person' as const, orgId, personId: 'p', roles: ['learner' as const], sessionId: null };
    await expect(media.upload(learner, source)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(media.upload({ kind: 'token', orgId, tokenId: 't', scopes: ['content:read'] }, source)).rejects.toMatchObject({ code: 'forbidden' });
    expect(opened).toBe(false);
  });

  it('gives the linter seconds and captions per id, leaving out ids of other organisations and unknown ids', async () => {
    const { media } = await serviceWith();
    const audio = await media.upload(systemActor(orgId), fileUploadSource(fixtures.mp3));
    const image = await media.upload(systemActor(orgId), fileUploadSource(fixtures.png));
    await media.addCaptions(systemActor(orgId), audio.id, fileUploadSource(FIXTURE_CAPTIONS), { language: 'en' });
    const facts = await media.getMediaFacts(orgId, [audio.id, image.id, 'unknown', audio.id]);
    expect([...facts.keys()].sort()).toEqual([audio.id, image.id].sort());
    expect(facts.get(audio.id)).toEqual({ seconds: audio.durationSeconds, hasCaptions: true });
    expect(facts.get(image.id)).toEqual({ seconds: undefined, hasCaptions: false });
    expect((await media.getMediaFacts('another-org', [audio.id])).size).toBe(0);
    expect((await media.getMediaFacts(orgId, [])).size).toBe(0);
  });

  it('lets the content service lint lessons against the real video: its length counts, and captions are asked for until added', async () => {
    const video = await ctx.services.media.upload(systemActor(orgId), fileUploadSource(FIXTURE_VIDEO));
    const lesson = await ctx.services.content.createLesson(systemActor(orgId), {
      title: 'The battle scene',
      coreQuestion: 'What happens when the robots attack the bridge?',
      objectiveId: null,
      tags: ['film'],
      variables: [],
      blocks: [{ id: 'clip', type: 'video', mediaId: video.id }],
    });
    expect(lesson.lint.findings.map((f) => f.rule)).toContain('missing_captions');
    expect(lesson.lint.findings.map((f) => f.rule)).not.toContain('missing_media');
    expect(lesson.lint.estimatedSeconds).toBeGreaterThanOrEqual(70);

    await ctx.services.media.addCaptions(systemActor(orgId), video.id, fileUploadSource(FIXTURE_CAPTIONS), { language: 'en' });
    const relinted = await ctx.services.content.getLesson(systemActor(orgId), lesson.id);
    expect(relinted.lint.findings.map((f) => f.rule)).not.toContain('missing_captions');

    await ctx.services.media.remove(systemActor(orgId), video.id);
    const orphaned = await ctx.services.content.getLesson(systemActor(orgId), lesson.id);
    expect(orphaned.lint.findings.map((f) => f.rule)).toContain('missing_media');
  });
});
