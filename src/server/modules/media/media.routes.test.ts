import { openAsBlob, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSession, createTestContext, setUpCast, setUpOrganisation, type TestContext, type TestSession } from '../../testing/test-app.ts';
import { testDialects } from '../../testing/test-database.ts';
import { readImageSize } from './media-detect.ts';
import type { MediaItem } from './media.schemas.ts';
import { FIXTURE_CAPTIONS, FIXTURE_VIDEO, filesUnder, makeMediaFixtures, type MediaFixtures } from './test-fixtures.ts';

// Uploads go over a real socket with fetch and FormData, so the multipart body is streamed as a browser sends it.

let fixtures: MediaFixtures;
let fixtureDir: string;
beforeAll(async () => {
  fixtureDir = await mkdtemp(join(tmpdir(), 'morsel-media-fixtures-'));
  fixtures = makeMediaFixtures(fixtureDir);
});
afterAll(async () => {
  await rm(fixtureDir, { recursive: true, force: true });
});

interface Server {
  ctx: TestContext;
  dataDir: string;
  mediaDir: string;
  base: string;
  close(): Promise<void>;
}

async function startServer(dialect: (typeof testDialects)[number], env: Record<string, string> = {}): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'morsel-media-'));
  const ctx = await createTestContext(dialect, { env: { DATA_DIR: dataDir, ...env } });
  const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx,
    dataDir,
    mediaDir: join(dataDir, 'media'),
    base: address,
    async close() {
      await ctx.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const headersOf = (session: TestSession) => asSession(session);

async function upload(server: Server, session: TestSession, path: string, options: { name?: string; title?: string; url?: string } = {}) {
  const form = new FormData();
  if (options.title !== undefined) form.append('title', options.title);
  form.append('file', await openAsBlob(path), options.name ?? path.split('/').at(-1));
  const response = await fetch(`${server.base}${options.url ?? '/api/media'}`, { method: 'POST', body: form, headers: headersOf(session) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

async function get(server: Server, session: TestSession, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.base}${url}`, { headers: { ...headersOf(session), ...headers } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe.each(testDialects)('media library over HTTP on %s', (dialect) => {
  let server: Server;
  let admin: TestSession;
  let author: TestSession;
  let learner: TestSession;
  let outsider: TestSession;
  let video: MediaItem;

  beforeAll(async () => {
    server = await startServer(dialect);
    const { app } = server.ctx;
    ({ admin, author, learner, outsider } = await setUpCast(app, server.ctx.services));
    const uploaded = await upload(server, author, FIXTURE_VIDEO, { title: 'Battle scene' });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    video = uploaded.body as MediaItem;
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores the real WebM video with its duration, streams and a poster frame, under DATA_DIR/media/<org>/<id>/', async () => {
    expect(video).toMatchObject({
      kind: 'video',
      mimeType: 'video/webm',
      filename: 'tears-of-steel-battle-clip-medium.webm',
      title: 'Battle scene',
      sizeBytes: statSync(FIXTURE_VIDEO).size,
      width: 800,
      height: 332,
      hasPoster: true,
      captions: [],
      streams: [
        { type: 'video', codec: 'vp8', width: 800, height: 332 },
        { type: 'audio', codec: 'vorbis', channels: 2 },
      ],
    });
    expect(video.durationSeconds).toBeCloseTo(70.5, 1);
    expect(video.createdBy).toBe(author.personId);
    expect(filesUnder(server.mediaDir)).toEqual([`${admin.orgId}/${video.id}/original.webm`, `${admin.orgId}/${video.id}/poster.jpg`]);
    expect(readFileSync(join(server.mediaDir, admin.orgId, video.id, 'original.webm')).equals(readFileSync(FIXTURE_VIDEO))).toBe(true);

    const poster = await get(server, learner, `/api/media/${video.id}/poster`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(readImageSize(poster.bytes, 'jpg')).toEqual({ width: 800, height: 332 });
  });

  it('serves the file whole with the headers players need, to anyone in the organisation', async () => {
    const whole = await get(server, learner, `/api/media/${video.id}/content`);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(readFileSync(FIXTURE_VIDEO))).toBe(true);
    expect(Object.fromEntries(['content-type', 'content-length', 'accept-ranges', 'x-content-type-options'].map((h) => [h, whole.headers.get(h)]))).toEqual({
      'content-type': 'video/webm',
      'content-length': String(video.sizeBytes),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    });
    expect(whole.headers.get('cache-control')).toMatch(/^private\b/);
    expect(whole.headers.get('content-disposition')).toMatch(/^inline; filename="tears-of-steel-battle-clip-medium.webm"/);

    const head = await fetch(`${server.base}/api/media/${video.id}/content`, { method: 'HEAD', headers: headersOf(learner) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(video.sizeBytes));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers range requests so players can seek: 206 with exactly the bytes asked for, 416 past the end', async () => {
    const original = readFileSync(FIXTURE_VIDEO);
    const size = original.length;
    const first = await get(server, learner, `/api/media/${video.id}/content`, { range: 'bytes=0-99' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(first.bytes.length).toBe(100);
    expect(first.bytes.equals(original.subarray(0, 100))).toBe(true);

    const last = await get(server, learner, `/api/media/${video.id}/content`, { range: 'bytes=-100' });
    expect(last.status).toBe(206);
    expect(last.headers.get('content-range')).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
    expect(last.bytes.equals(original.subarray(size - 100))).toBe(true);

    const middle = await get(server, learner, `/api/media/${video.id}/content`, { range: 'bytes=1000000-' });
    expect(middle.status).toBe(206);
    expect(middle.bytes.equals(original.subarray(1_000_000))).toBe(true);

    const beyond = await get(server, learner, `/api/media/${video.id}/content`, { range: `bytes=${size}-${size + 100}` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(JSON.parse(beyond.bytes.toString()).error.code).toBe('range_not_satisfiable');
  });

  it('stores an MP3 generated by ffmpeg as audio with its duration and no poster', async () => {
    const response = await upload(server, author, fixtures.mp3);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ kind: 'audio', mimeType: 'audio/mpeg', hasPoster: false, width: null, height: null, streams: [{ type: 'audio', codec: 'mp3', channels: 1 }] });
    expect(response.body.durationSeconds).toBeCloseTo(3, 0);
    expect((await get(server, author, `/api/media/${response.body.id}/poster`)).status).toBe(404);
    const content = await get(server, author, `/api/media/${response.body.id}/content`);
    expect(content.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('stores images with their size read from the content, and a sanitised name', async () => {
    const png = await upload(server, author, fixtures.png, { name: '../../etc/"blue"\u0007 square.png' });
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ kind: 'image', mimeType: 'image/png', width: 64, height: 48, durationSeconds: null, hasPoster: false, filename: 'blue square.png' });
    for (const [path, mimeType] of [[fixtures.jpg, 'image/jpeg'], [fixtures.gif, 'image/gif'], [fixtures.webp, 'image/webp']] as const) {
      const response = await upload(server, author, path);
      expect(response.body).toMatchObject({ kind: 'image', mimeType, width: 64, height: 48 });
    }
    // The type comes from the content: a PNG named .jpg is still a PNG.
    const disguised = await upload(server, author, fixtures.png, { name: 'photo.jpg' });
    expect(disguised.body).toMatchObject({ mimeType: 'image/png', filename: 'photo.jpg' });
    expect(filesUnder(server.mediaDir)).toContain(`${admin.orgId}/${disguised.body.id}/original.png`);
  });

  describe('refusals leave nothing behind', () => {
    let before: string[];
    let countBefore: number;
    beforeAll(async () => {
      before = filesUnder(server.mediaDir);
      countBefore = (await server.ctx.services.media.list({ kind: 'system', orgId: admin.orgId }, { limit: 200 })).items.length;
    });
    async function expectNothingLeft() {
      expect(filesUnder(server.mediaDir)).toEqual(before);
      expect((await server.ctx.services.media.list({ kind: 'system', orgId: admin.orgId }, { limit: 200 })).items.length).toBe(countBefore);
    }

    it('refuses a text file named .mp4 as unsupported (415), whatever its name', async () => {
      const response = await upload(server, author, fixtures.textMp4);
      expect(response.status).toBe(415);
      expect(response.body.error).toMatchObject({ code: 'media_unsupported', message: expect.stringContaining('text file') });
      await expectNothingLeft();
    });

    it('refuses SVG with the reason (scripts) and captions with where they belong', async () => {
      const svg = await upload(server, author, fixtures.svg);
      expect(svg.status).toBe(415);
      expect(svg.body.error.message).toMatch(/scripts/);
      const vtt = await upload(server, author, FIXTURE_CAPTIONS);
      expect(vtt.status).toBe(415);
      expect(vtt.body.error.message).toMatch(/captions/);
      await expectNothingLeft();
    });

    it('refuses corrupt files with 422 media_corrupt: random bytes, an unreadable MP4, a truncated WebM', async () => {
      for (const path of [fixtures.randomMp4, fixtures.brokenMp4, fixtures.truncatedWebm]) {
        const response = await upload(server, author, path);
        expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(422);
        expect(response.body.error.code).toBe('media_corrupt');
      }
      const truncated = await upload(server, author, fixtures.truncatedWebm);
      expect(truncated.body.error.message).toMatch(/truncated/);
      await expectNothingLeft();
    });

    it('refuses learners (403) before reading the upload, and answers without hanging', async () => {
      const response = await upload(server, learner, FIXTURE_VIDEO);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      await expectNothingLeft();
    });

    it('refuses a form without a file, and a request that is not multipart', async () => {
      const form = new FormData();
      form.append('title', 'no file here');
      const empty = await fetch(`${server.base}/api/media`, { method: 'POST', body: form, headers: headersOf(author) });
      expect(empty.status).toBe(400);
      const json = await fetch(`${server.base}/api/media`, { method: 'POST', body: JSON.stringify({ file: 'x' }), headers: { ...headersOf(author), 'content-type': 'application/json' } });
      expect(json.status).toBe(415);
      expect(((await json.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
      await expectNothingLeft();
    });
  });

  it('lists the library newest first, by kind and by search, in pages; learners may not list it', async () => {
    const all = await get(server, author, '/api/media?limit=200');
    const items = (JSON.parse(all.bytes.toString()) as { items: MediaItem[] }).items;
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort().reverse());
    const videos = JSON.parse((await get(server, author, '/api/media?kind=video')).bytes.toString()) as { items: MediaItem[] };
    expect(videos.items.map((i) => i.id)).toEqual([video.id]);
    const found = JSON.parse((await get(server, author, '/api/media?q=BATTLE')).bytes.toString()) as { items: MediaItem[] };
    expect(found.items.map((i) => i.id)).toEqual([video.id]);
    const byName = JSON.parse((await get(server, author, '/api/media?q=tone')).bytes.toString()) as { items: MediaItem[] };
    expect(byName.items.map((i) => i.kind)).toEqual(['audio']);

    const first = JSON.parse((await get(server, author, '/api/media?limit=2')).bytes.toString()) as { items: MediaItem[]; nextCursor: string };
    const second = JSON.parse((await get(server, author, `/api/media?limit=2&cursor=${first.nextCursor}`)).bytes.toString()) as { items: MediaItem[] };
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(items.slice(0, 4).map((i) => i.id));

    expect((await get(server, learner, '/api/media')).status).toBe(403);
    expect((await get(server, learner, `/api/media/${video.id}`)).status).toBe(200);
  });

  it("gives another organisation's admin nothing: 404 for the item, its files and its captions", async () => {
    for (const url of [`/api/media/${video.id}`, `/api/media/${video.id}/content`, `/api/media/${video.id}/poster`, `/api/media/${video.id}/captions/en`]) {
      const response = await get(server, outsider, url);
      expect(response.status, url).toBe(404);
      expect(response.bytes.toString()).not.toContain('Battle');
    }
    const list = JSON.parse((await get(server, outsider, '/api/media')).bytes.toString()) as { items: MediaItem[] };
    expect(list.items).toEqual([]);
    const patched = await server.ctx.app.inject({ method: 'PATCH', url: `/api/media/${video.id}`, headers: asSession(outsider), payload: { title: 'stolen' } });
    expect(patched.statusCode).toBe(404);
    const removed = await server.ctx.app.inject({ method: 'DELETE', url: `/api/media/${video.id}`, headers: asSession(outsider) });
    expect(removed.statusCode).toBe(404);
    const captions = await upload(server, outsider, FIXTURE_CAPTIONS, { url: `/api/media/${video.id}/captions?language=en` });
    expect(captions.status).toBe(404);
    expect(filesUnder(server.mediaDir)).toContain(`${admin.orgId}/${video.id}/original.webm`);
  });

  describe('captions', () => {
    it('adds the real WebVTT captions from a form, serves them as text/vtt, and tells the linter', async () => {
      const form = new FormData();
      form.append('language', 'en');
      form.append('label', 'English captions');
      form.append('file', await openAsBlob(FIXTURE_CAPTIONS), 'itaccess.vtt');
      const response = await fetch(`${server.base}/api/media/${video.id}/captions`, { method: 'POST', body: form, headers: headersOf(author) });
      expect(response.status).toBe(201);
      expect(((await response.json()) as MediaItem).captions).toEqual([{ language: 'en', label: 'English captions', cueCount: 94 }]);
      expect(filesUnder(server.mediaDir)).toContain(`${admin.orgId}/${video.id}/captions.en.vtt`);

      const served = await get(server, learner, `/api/media/${video.id}/captions/en`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      expect(served.bytes.toString()).toBe(`${(await readFile(FIXTURE_CAPTIONS, 'utf8')).replace(/\r\n/g, '\n').replace(/\n*$/, '')}\n`);

      const facts = await server.ctx.services.media.getMediaFacts(admin.orgId, [video.id, 'no-such-media']);
      expect(facts.get(video.id)).toEqual({ seconds: video.durationSeconds, hasCaptions: true });
      expect(facts.has('no-such-media')).toBe(false);
    });

    it('converts SRT sent as the body to WebVTT, with a canonical language tag and a default label', async () => {
      const response = await server.ctx.app.inject({
        method: 'POST',
        url: `/api/media/${video.id}/captions?language=fr-ca`,
        headers: { ...asSession(author), 'content-type': 'application/x-subrip' },
        payload: readFileSync(fixtures.srt),
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().captions).toContainEqual({ language: 'fr-CA', label: 'French (Canada)', cueCount: 2 });
      const served = await get(server, learner, `/api/media/${video.id}/captions/fr-CA`);
      expect(served.bytes.toString()).toBe('WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\nBonjour <i>à tous</i>.\n\n2\n00:00:02.500 --> 00:00:05.000\nQuestions &amp; réponses.\n');
    });

    it('refuses invalid captions with the faulty lines, captions on an image, and a missing language', async () => {
      const bad = await server.ctx.app.inject({
        method: 'POST',
        url: `/api/media/${video.id}/captions?language=de`,
        headers: { ...asSession(author), 'content-type': 'text/vtt' },
        payload: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:05.000 --> 00:00:03.000\nbackwards\n\n1:2:3 --> 00:00:04.000\nbad\n',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'captions_invalid', details: { format: 'vtt', problems: [{ line: 6 }, { line: 9 }] } });
      expect(bad.json().error.message).toContain('line 6');

      const notCaptions = await server.ctx.app.inject({ method: 'POST', url: `/api/media/${video.id}/captions?language=de`, headers: { ...asSession(author), 'content-type': 'text/plain' }, payload: 'hello' });
      expect(notCaptions.json().error.code).toBe('captions_invalid');

      const images = JSON.parse((await get(server, author, '/api/media?kind=image&limit=1')).bytes.toString()) as { items: MediaItem[] };
      const onImage = await server.ctx.app.inject({ method: 'POST', url: `/api/media/${images.items[0]!.id}/captions?language=en`, headers: { ...asSession(author), 'content-type': 'text/vtt' }, payload: readFileSync(FIXTURE_CAPTIONS) });
      expect(onImage.statusCode).toBe(400);

      const noLanguage = await server.ctx.app.inject({ method: 'POST', url: `/api/media/${video.id}/captions`, headers: { ...asSession(author), 'content-type': 'text/vtt' }, payload: readFileSync(FIXTURE_CAPTIONS) });
      expect(noLanguage.json().error).toMatchObject({ code: 'validation_failed', details: { field: 'language' } });

      const fromLearner = await upload(server, learner, FIXTURE_CAPTIONS, { url: `/api/media/${video.id}/captions?language=en` });
      expect(fromLearner.status).toBe(403);
      expect(filesUnder(server.mediaDir).filter((f) => f.includes('captions.de'))).toEqual([]);
    });

    it('removes one language', async () => {
      const removed = await server.ctx.app.inject({ method: 'DELETE', url: `/api/media/${video.id}/captions/fr-CA`, headers: asSession(author) });
      expect(removed.statusCode).toBe(204);
      expect((await get(server, learner, `/api/media/${video.id}/captions/fr-CA`)).status).toBe(404);
      expect(filesUnder(server.mediaDir).filter((f) => f.includes('captions.'))).toEqual([`${admin.orgId}/${video.id}/captions.en.vtt`]);
    });
  });

  it('renames an item and deletes it with its files', async () => {
    const audio = await upload(server, author, fixtures.mp3, { title: 'Tone' });
    const renamed = await server.ctx.app.inject({ method: 'PATCH', url: `/api/media/${audio.body.id}`, headers: asSession(author), payload: { title: 'A clear tone' } });
    expect(renamed.json()).toMatchObject({ title: 'A clear tone' });
    expect((await server.ctx.app.inject({ method: 'PATCH', url: `/api/media/${audio.body.id}`, headers: asSession(learner), payload: { title: 'x' } })).statusCode).toBe(403);
    expect((await server.ctx.app.inject({ method: 'DELETE', url: `/api/media/${audio.body.id}`, headers: asSession(learner) })).statusCode).toBe(403);
    const removed = await server.ctx.app.inject({ method: 'DELETE', url: `/api/media/${audio.body.id}`, headers: asSession(author) });
    expect(removed.statusCode).toBe(204);
    expect((await get(server, author, `/api/media/${audio.body.id}`)).status).toBe(404);
    expect(filesUnder(server.mediaDir).filter((f) => f.includes(audio.body.id))).toEqual([]);
  });

  it('documents every media route in the OpenAPI document, the upload form included', async () => {
    const document = (await server.ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, any>> };
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/api/media')).sort()).toEqual([
      '/api/media',
      '/api/media/{id}',
      '/api/media/{id}/captions',
      '/api/media/{id}/captions/{language}',
      '/api/media/{id}/content',
      '/api/media/{id}/poster',
    ]);
    const form = document.paths['/api/media']!.post.requestBody.content['multipart/form-data'].schema;
    expect(form.properties.file).toMatchObject({ type: 'string', format: 'binary' });
  });
});

describe.each(testDialects)('the upload size limit on %s', (dialect) => {
  it('answers 413 media_too_large while streaming, and leaves nothing in DATA_DIR/media, tmp included', async () => {
    // 3 MB: the 3.4 MB video's form is announced under limit + overhead, so the streamed byte count catches it.
    const server = await startServer(dialect, { MEDIA_MAX_BYTES: '3000000' });
    try {
      const admin = await setUpOrganisation(server.ctx.app);
      const response = await upload(server, admin, FIXTURE_VIDEO);
      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({ code: 'media_too_large', details: { maxBytes: 3_000_000 } });
      expect(filesUnder(server.mediaDir)).toEqual([]);
      // The server is still fine afterwards.
      const small = await upload(server, admin, fixtures.png);
      expect(small.status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it('refuses an upload announced far over the limit before reading it', async () => {
    const server = await startServer(dialect, { MEDIA_MAX_BYTES: '1048576' });
    try {
      const admin = await setUpOrganisation(server.ctx.app);
      const response = await upload(server, admin, FIXTURE_VIDEO);
      expect(response.status).toBe(413);
      expect(response.body.error.message).toContain('1 MB');
      expect(filesUnder(server.mediaDir)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
