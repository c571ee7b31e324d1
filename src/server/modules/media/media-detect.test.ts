import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyStreams, detectFormat, readImageSize, sanitizeFilename } from './media-detect.ts';
import { FIXTURE_VIDEO, makeMediaFixtures, type MediaFixtures } from './test-fixtures.ts';

let dir: string;
let fixtures: MediaFixtures;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'morsel-media-detect-'));
  fixtures = makeMediaFixtures(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detecting formats from content', () => {
  it('recognises images, video and audio whatever they are called', async () => {
    expect(await detectFormat(fixtures.png, 'holiday.mp4')).toMatchObject({ family: 'image', ext: 'png', mimeType: 'image/png' });
    expect(await detectFormat(FIXTURE_VIDEO, 'clip')).toMatchObject({ family: 'audio-video', ext: 'webm', videoMimeType: 'video/webm', audioMimeType: 'audio/webm' });
    expect(await detectFormat(fixtures.mp3, 'song.wav')).toMatchObject({ family: 'audio-video', ext: 'mp3' });
  });

  it('refuses text, SVG and unknown binary content as unsupported, and unreadable content under a media name as corrupt', async () => {
    await expect(detectFormat(fixtures.textMp4, 'notes.mp4')).rejects.toMatchObject({ code: 'media_unsupported' });
    await expect(detectFormat(fixtures.svg, 'logo.png')).rejects.toMatchObject({ code: 'media_unsupported', message: expect.stringContaining('scripts') });
    await expect(detectFormat(fixtures.randomMp4, 'clip.mp4')).rejects.toMatchObject({ code: 'media_corrupt' });
    await expect(detectFormat(fixtures.randomMp4, 'archive.bin')).rejects.toMatchObject({ code: 'media_unsupported' });
  });

  it('decides video or audio by the streams, cover art not counting as video', () => {
    const webm = { family: 'audio-video' as const, ext: 'webm', audioExt: 'webm', videoMimeType: 'video/webm', audioMimeType: 'audio/webm', label: 'WebM' };
    expect(classifyStreams(webm, [{ type: 'video', isCoverArt: false }, { type: 'audio', isCoverArt: false }])).toEqual({ kind: 'video', mimeType: 'video/webm', ext: 'webm' });
    expect(classifyStreams(webm, [{ type: 'audio', isCoverArt: false }])).toEqual({ kind: 'audio', mimeType: 'audio/webm', ext: 'webm' });
    expect(classifyStreams(webm, [{ type: 'video', isCoverArt: true }, { type: 'audio', isCoverArt: false }])).toMatchObject({ kind: 'audio' });
    expect(classifyStreams(webm, [{ type: 'subtitle', isCoverArt: false }])).toBeUndefined();
  });
});

describe('image sizes from headers', () => {
  it('reads PNG, JPEG, GIF and WebP made by ffmpeg', () => {
    for (const [path, ext] of [[fixtures.png, 'png'], [fixtures.jpg, 'jpg'], [fixtures.gif, 'gif'], [fixtures.webp, 'webp']] as const) {
      expect(readImageSize(readFileSync(path), ext), ext).toEqual({ width: 64, height: 48 });
    }
  });

  it('gives up on a cut header rather than guessing', () => {
    expect(readImageSize(readFileSync(fixtures.png).subarray(0, 20), 'png')).toBeUndefined();
    expect(readImageSize(Buffer.from([0xff, 0xd8, 0x00]), 'jpg')).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps the name people gave, minus folders, control and reserved characters', () => {
    expect(sanitizeFilename('C:\\Users\\ann\\My "best" clip.mp4', 'mp4')).toBe('My best clip.mp4');
    expect(sanitizeFilename('../../etc/passwd', 'png')).toBe('passwd.png');
    expect(sanitizeFilename('évaluation\u202e4pm.webm', 'webm')).toBe('évaluation4pm.webm');
    expect(sanitizeFilename('...', 'jpg')).toBe('upload.jpg');
    expect(sanitizeFilename(`${'a'.repeat(300)}.mp3`, 'mp3')).toMatch(/^a{196}\.mp3$/);
  });
});
