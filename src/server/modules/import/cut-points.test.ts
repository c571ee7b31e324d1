import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedClip } from '../../../core/cut-plan.ts';
import { fixturePath } from '../../testing/fixtures.ts';
import { cutClips } from './clip-cutter.ts';
import { parseScenes, parseSilences, proposeCutPoints } from './cut-points.ts';

const FIXTURE_VIDEO = fixturePath('video/tears-of-steel-battle-clip-medium.webm');

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
const durationOf = (path: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { encoding: 'utf8' }));

function expectCoverage(clips: PlannedClip[], duration: number, max: number) {
  expect(clips[0]!.startSeconds).toBe(0);
  expect(clips.at(-1)!.endSeconds).toBe(duration);
  clips.forEach((clip, i) => {
    expect(clip.endSeconds - clip.startSeconds).toBeLessThanOrEqual(max + 1e-9);
    if (i > 0) expect(clip.startSeconds).toBe(clips[i - 1]!.endSeconds);
  });
}

let dir: string;
/** Tone 0–18 s, pause 18–20, tone 20–40, pause 40–42, tone 42–60. */
let pausedTalk: string;
/** Three scenes of plain colour then a test pattern, changing at 20 s, 41 s and 57 s, over a steady tone. */
let scenedTalk: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'morsel-cut-points-'));
  pausedTalk = join(dir, 'paused.m4a');
  const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`];
  const quiet = (seconds: number) => ['-f', 'lavfi', '-t', String(seconds), '-i', 'anullsrc=channel_layout=mono:sample_rate=44100'];
  ffmpeg(...tone(18), ...quiet(2), ...tone(20), ...quiet(2), ...tone(18), '-filter_complex', '[0:a][1:a][2:a][3:a][4:a]concat=n=5:v=0:a=1[a]', '-map', '[a]', '-c:a', 'aac', pausedTalk);

  scenedTalk = join(dir, 'scenes.mp4');
  const colour = (name: string, seconds: number) => ['-f', 'lavfi', '-i', `color=c=${name}:size=320x240:rate=25:duration=${seconds}`];
  ffmpeg(
    ...colour('red', 20), ...colour('blue', 21), ...colour('green', 16), '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=13',
    '-f', 'lavfi', '-i', 'sine=frequency=300:duration=70',
    '-filter_complex', '[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0,format=yuv420p[v]', '-map', '[v]', '-map', '4:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', scenedTalk,
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('proposeCutPoints', () => {
  it('cuts a recording with known pauses inside the pauses', async () => {
    const proposal = await proposeCutPoints(pausedTalk, { maxClipSeconds: 30, targetSeconds: 20 });
    expect(proposal.silences).toHaveLength(2);
    expect(proposal.silences[0]!.startSeconds).toBeCloseTo(18, 0);
    expect(proposal.silences[1]!.endSeconds).toBeCloseTo(42, 0);
    expect(proposal.scenes).toEqual([]);
    expectCoverage(proposal.clips, proposal.durationSeconds, 30);
    expect(proposal.clips.map((c) => c.reason)).toEqual(['silence', 'silence', 'end']);
    const cuts = proposal.clips.slice(0, -1).map((c) => c.endSeconds);
    expect(cuts[0]).toBeGreaterThan(18);
    expect(cuts[0]).toBeLessThan(20);
    expect(cuts[1]).toBeGreaterThan(40);
    expect(cuts[1]).toBeLessThan(42);
  });

  it('cuts at scene changes when there are no pauses', async () => {
    const proposal = await proposeCutPoints(scenedTalk, { maxClipSeconds: 30, targetSeconds: 20 });
    expect(proposal.silences).toEqual([]);
    expect(proposal.scenes.map(Math.round)).toEqual([20, 41, 57]);
    expectCoverage(proposal.clips, proposal.durationSeconds, 30);
    expect(proposal.clips.map((c) => [Math.round(c.endSeconds), c.reason])).toEqual([
      [20, 'scene'],
      [41, 'scene'], // nearest the 20 s target from 20 s; 57 s would leave the 29 s that remain after 41 s
      [70, 'end'],
    ]);
  });

  it('covers the whole fixture video with clips of at most 30 s, which cut into files ffprobe can read', async () => {
    const proposal = await proposeCutPoints(FIXTURE_VIDEO, { maxClipSeconds: 30 });
    expect(proposal.durationSeconds).toBeCloseTo(70.5, 1);
    expect(proposal.scenes.length).toBeGreaterThan(5);
    expectCoverage(proposal.clips, proposal.durationSeconds, 30);
    expect(proposal.clips.length).toBeGreaterThanOrEqual(3);

    const clips = await cutClips({ input: FIXTURE_VIDEO, clips: proposal.clips, outputDir: join(dir, 'fixture-30'), maxClipSeconds: 30 });
    expect(clips).toHaveLength(proposal.clips.length);
    // Scene changes in the fixture sit on keyframes, so the cuts there are copies.
    expect(clips.some((c) => c.method === 'copy')).toBe(true);
    for (const clip of clips) expect(Math.abs(durationOf(clip.path) - clip.durationSeconds)).toBeLessThan(0.15);
  }, 90_000);

  it('keeps the 70.5 s fixture whole with the default 120 s maximum', async () => {
    const proposal = await proposeCutPoints(FIXTURE_VIDEO);
    expect(proposal.clips).toEqual([{ startSeconds: 0, endSeconds: proposal.durationSeconds, reason: 'end' }]);
    const [clip] = await cutClips({ input: FIXTURE_VIDEO, clips: proposal.clips, outputDir: join(dir, 'fixture-120') });
    expect(clip!.method).toBe('copy');
    expect(durationOf(clip!.path)).toBeCloseTo(70.5, 0);
  }, 60_000);

  it('says a file that is not media is unreadable', async () => {
    await expect(proposeCutPoints(join(dir, 'nothing.mp4'))).rejects.toMatchObject({ code: 'media_unreadable' });
  });
});

describe('parseSilences and parseScenes', () => {
  it('reads pauses, clamping a start before zero and ending an unfinished one at the end', () => {
    const stderr = [
      '[silencedetect @ 0x1] silence_start: -0.0023',
      '[silencedetect @ 0x1] silence_end: 1.5 | silence_duration: 1.5',
      'frame=  10 fps=0.0 q=-0.0 size=N/A',
      '[silencedetect @ 0x1] silence_start: 58.25',
    ].join('\n');
    expect(parseSilences(stderr, 60)).toEqual([
      { startSeconds: 0, endSeconds: 1.5 },
      { startSeconds: 58.25, endSeconds: 60 },
    ]);
  });

  it('reads the time of each frame showinfo printed, relative to the start', () => {
    const stderr = [
      '[Parsed_showinfo_2 @ 0x2] config in time_base: 1/1000, frame_rate: 24/1',
      '[Parsed_showinfo_2 @ 0x2] n:   0 pts:   2167 pts_time:2.167   duration:     42 duration_time:0.042',
      '[Parsed_showinfo_2 @ 0x2] n:   1 pts:  12875 pts_time:12.875  duration:     42 duration_time:0.042',
    ].join('\n');
    expect(parseScenes(stderr)).toEqual([2.167, 12.875]);
    expect(parseScenes(stderr, 0.167)).toEqual([2, 12.708]);
  });
});
