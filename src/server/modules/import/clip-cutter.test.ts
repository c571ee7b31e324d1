import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../testing/fixtures.ts';
import { type ClipRequest, cutClips } from './clip-cutter.ts';

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);

/** What ffprobe says about a file: its duration and the codec of each stream. */
function probe(path: string): { duration: number; codecs: string[] } {
  const json = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], { encoding: 'utf8' })) as {
    format: { duration: string };
    streams: { codec_name: string }[];
  };
  return { duration: Number(json.format.duration), codecs: json.streams.map((s) => s.codec_name) };
}

let dir: string;
let mp4: string;
let webm: string;
let mp3: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'morsel-clips-'));
  mp4 = join(dir, 'talk.mp4');
  webm = join(dir, 'talk.webm');
  mp3 = join(dir, 'call.mp3');
  const sources = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=12', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=12'];
  // A keyframe exactly every 2 s (50 frames), and none elsewhere: clips starting on an even second can be copied.
  ffmpeg(...sources, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-c:a', 'aac', '-shortest', mp4);
  ffmpeg(...sources, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-g', '50', '-keyint_min', '50', '-c:a', 'libvorbis', '-shortest', webm);
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:duration=12', '-c:a', 'libmp3lame', mp3);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** On a keyframe; on one too, ending off one; off every keyframe; 0.05 s after one (within the tolerance). */
const MIXED: ClipRequest[] = [
  { startSeconds: 0, endSeconds: 4 },
  { startSeconds: 4, endSeconds: 7.3 },
  { startSeconds: 7.3, endSeconds: 10 },
  { startSeconds: 10.05, endSeconds: 12 },
];

describe('cutClips', () => {
  for (const [name, input, codecs] of [
    ['MP4 (H.264 + AAC)', () => mp4, ['h264', 'aac']],
    ['WebM (VP8 + Vorbis)', () => webm, ['vp8', 'vorbis']],
  ] as const) {
    it(`copies the ${name} clips that start on a keyframe, re-encodes the rest in the same container, and reports progress after each`, async () => {
      const outputDir = join(dir, `out-${name.slice(0, 4)}`);
      const progress: [number, number][] = [];
      const clips = await cutClips({ input: input(), clips: MIXED, outputDir, onProgress: (done, total) => progress.push([done, total]) });

      expect(clips.map((c) => c.method)).toEqual(['copy', 'copy', 'reencode', 'copy']);
      const extension = input().split('.').pop();
      expect(clips.map((c) => c.path)).toEqual([1, 2, 3, 4].map((n) => join(outputDir, `clip-00${n}.${extension}`)));
      // The last clip's start moved onto its keyframe; the others are where they were asked.
      // (WebM's keyframes are 3 ms late: ffmpeg's muxer delays the video to line it up with Vorbis.)
      const expected = [[0, 4], [4, 7.3], [7.3, 10], [10, 12]];
      clips.forEach((clip, i) => {
        expect(clip.startSeconds).toBeCloseTo(expected[i]![0]!, 2);
        expect(clip.endSeconds).toBeCloseTo(expected[i]![1]!, 2);
      });
      expect(clips[0]!.startSeconds).toBe(0);
      expect(clips[1]!.startSeconds).toBe(clips[0]!.endSeconds);
      expect(progress).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
      expect(readdirSync(outputDir).sort()).toEqual([1, 2, 3, 4].map((n) => `clip-00${n}.${extension}`)); // no segment left over
      for (const clip of clips) {
        const probed = probe(clip.path);
        expect(probed.codecs).toEqual(codecs);
        expect(Math.abs(probed.duration - clip.durationSeconds)).toBeLessThan(0.1);
      }
    });
  }

  it('re-encodes every clip of an audio-only recording, exactly and in its own format', async () => {
    const outputDir = join(dir, 'out-mp3');
    const clips = await cutClips({ input: mp3, clips: [{ startSeconds: 0, endSeconds: 3.3 }, { startSeconds: 3.3, endSeconds: 9.75 }], outputDir });
    expect(clips.map((c) => c.method)).toEqual(['reencode', 'reencode']);
    expect(clips.map((c) => c.path)).toEqual([join(outputDir, 'clip-001.mp3'), join(outputDir, 'clip-002.mp3')]);
    for (const clip of clips) {
      const probed = probe(clip.path);
      expect(probed.codecs).toEqual(['mp3']);
      expect(Math.abs(probed.duration - clip.durationSeconds)).toBeLessThan(0.1);
    }
  });

  it('re-encodes a clip whose start is beyond the tolerance of every keyframe, however near', async () => {
    const clips = await cutClips({ input: mp4, clips: [{ startSeconds: 2.2, endSeconds: 5 }], outputDir: join(dir, 'out-near') });
    expect(clips[0]).toMatchObject({ method: 'reencode', startSeconds: 2.2, endSeconds: 5 });
    const wider = await cutClips({ input: mp4, clips: [{ startSeconds: 2.2, endSeconds: 5 }], outputDir: join(dir, 'out-wide'), keyframeToleranceSeconds: 0.25 });
    expect(wider[0]).toMatchObject({ method: 'copy', startSeconds: 2, endSeconds: 5 });
  });

  it('uses the duration and streams it is given instead of running ffprobe', async () => {
    const recording = { durationSeconds: 12, streams: [{ type: 'video' as const, codec: 'h264' }, { type: 'audio' as const, codec: 'aac' }] };
    const options = { input: mp4, outputDir: join(dir, 'out-known'), recording, ffprobePath: join(dir, 'no-ffprobe-here') };
    const clips = await cutClips({ ...options, clips: [{ startSeconds: 2, endSeconds: 6 }, { startSeconds: 6, endSeconds: 7.5 }] });
    expect(clips.map((c) => c.method)).toEqual(['copy', 'copy']);
    expect(probe(clips[1]!.path).codecs).toEqual(['h264', 'aac']);
    await expect(cutClips({ ...options, clips: [{ startSeconds: 2, endSeconds: 12.5 }] })).rejects.toMatchObject({ code: 'clip_out_of_range' });
  });

  it('stops when aborted mid-clip and removes every file it wrote', async () => {
    const outputDir = join(dir, 'out-abort');
    const controller = new AbortController();
    const progress: number[] = [];
    let seenBeforeAbort: string[] = [];
    // The first clip is copied at once; the second is a 40 s VP8 re-encode, stopped after it has begun writing.
    const cutting = cutClips({
      input: fixturePath('video/tears-of-steel-battle-clip-medium.webm'),
      clips: [{ startSeconds: 0, endSeconds: 2.167 }, { startSeconds: 2.5, endSeconds: 45 }],
      outputDir,
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        setTimeout(() => {
          seenBeforeAbort = readdirSync(outputDir).sort();
          controller.abort();
        }, 700);
      },
    });
    await expect(cutting).rejects.toMatchObject({ code: 'cut_aborted' });
    expect(progress).toEqual([1]);
    expect(seenBeforeAbort).toEqual(['clip-001.webm', 'clip-002.webm']); // the second one half written
    expect(readdirSync(outputDir)).toEqual([]);
  });

  it('does nothing when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(cutClips({ input: mp4, clips: [{ startSeconds: 0, endSeconds: 2 }], outputDir: join(dir, 'out-never'), signal: controller.signal })).rejects.toMatchObject({
      code: 'cut_aborted',
    });
  });

  it('rejects clips that end before they start, lie outside the recording or are too long, before cutting anything', async () => {
    const outputDir = join(dir, 'out-bad');
    const attempt = (clips: ClipRequest[], maxClipSeconds?: number) => cutClips({ input: mp4, clips, outputDir, ...(maxClipSeconds ? { maxClipSeconds } : {}) });
    await expect(attempt([{ startSeconds: 5, endSeconds: 5 }])).rejects.toMatchObject({ code: 'clip_invalid', clipIndex: 0 });
    await expect(attempt([{ startSeconds: 0, endSeconds: 2 }, { startSeconds: -1, endSeconds: 2 }])).rejects.toMatchObject({ code: 'clip_invalid', clipIndex: 1 });
    await expect(attempt([{ startSeconds: 0, endSeconds: Number.NaN }])).rejects.toMatchObject({ code: 'clip_invalid' });
    await expect(attempt([{ startSeconds: 10, endSeconds: 14 }])).rejects.toMatchObject({ code: 'clip_out_of_range', clipIndex: 0 });
    await expect(attempt([{ startSeconds: 0, endSeconds: 130 }])).rejects.toMatchObject({ code: 'clip_too_long' });
    await expect(attempt([{ startSeconds: 0, endSeconds: 6 }], 5)).rejects.toMatchObject({ code: 'clip_too_long' });
    expect(() => readdirSync(outputDir)).toThrow(); // never even created
  });

  it('says the recording is unreadable when it is not media', async () => {
    await expect(cutClips({ input: join(dir, 'missing.mp4'), clips: [{ startSeconds: 0, endSeconds: 1 }], outputDir: join(dir, 'out-missing') })).rejects.toMatchObject({
      code: 'media_unreadable',
    });
  });

  it('returns nothing for no clips', async () => {
    await expect(cutClips({ input: mp4, clips: [], outputDir: join(dir, 'out-none') })).resolves.toEqual([]);
  });
});
