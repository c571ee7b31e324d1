/**
 * Cutting every clip of a 20-minute video (a plan of 76 s clips on keyframes, so stream copy is possible) with
 * `cutClips`, against one ffmpeg stream copy of the whole file, in the same run: the floor for reading and
 * writing those bytes once. `cutClips` is given the recording's duration and streams, as the import job gives what
 * the media library stored on upload; it is also timed without them (one ffprobe run more). The video is generated
 * with ffmpeg in a temporary folder (320×240, 25 fps, a keyframe every 2 s, AAC audio) and removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { type ClipRequest, cutClips, type RecordingFacts } from '../src/server/modules/import/clip-cutter.ts';
import { createMediaProbe } from '../src/server/modules/media/media-probe.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { ratioOf, round } from './lib/report.ts';

const run = promisify(execFile);

const MINUTES = 20;
const CLIP_SECONDS = 76; // a multiple of the 2 s keyframe interval, near the 75 s target
const ROUNDS = 5;
const AIM_RATIO = 1.5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout);
}

export const clipCutting: Benchmark = {
  name: 'clip-cutting',
  description: `Cut all ${CLIP_SECONDS} s clips of a ${MINUTES}-minute video (keyframes every 2 s) vs one ffmpeg stream copy of the whole file`,
  async run({ log }) {
    const dir = mkdtempSync(join(tmpdir(), 'morsel-bench-clips-'));
    try {
      const input = join(dir, 'recording.mp4');
      const seconds = MINUTES * 60;
      log(`generating a ${MINUTES}-minute video…`);
      const generationMs = await timed(() =>
        run('ffmpeg', [
          '-v', 'error', '-nostdin', '-y',
          '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
          '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
          '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
          '-c:a', 'aac', '-b:a', '64k', '-shortest', input,
        ]),
      );
      const duration = await durationOf(input);
      // What the media library stores on upload (streams without cover art), and the import job passes on.
      const probed = await createMediaProbe().probe(input);
      const recording: RecordingFacts = {
        durationSeconds: probed.durationSeconds ?? duration,
        streams: probed.streams.flatMap((s) => ((s.type === 'video' && !s.isCoverArt) || s.type === 'audio' ? [{ type: s.type, codec: s.codec }] : [])),
      };
      const clips: ClipRequest[] = [];
      for (let start = 0; start < duration - 0.001; start += CLIP_SECONDS) clips.push({ startSeconds: start, endSeconds: Math.min(duration, start + CLIP_SECONDS) });

      const wholeCopy = (faststart: boolean) =>
        run('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', input, '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy', ...(faststart ? ['-movflags', '+faststart'] : []), join(dir, 'whole.mp4')]);
      // Untimed, so every timed run finds the file in the page cache.
      await wholeCopy(false);

      const loadBefore = loadavg()[0] ?? 0;
      const oursMs: number[] = [];
      const probingMs: number[] = [];
      let probingCopied = 0;
      const plainMs: number[] = [];
      const faststartMs: number[] = [];
      const failures: string[] = [];
      let methods: string[] = [];
      for (let r = 0; r < ROUNDS; r += 1) {
        plainMs.push(await timed(() => wholeCopy(false)));
        faststartMs.push(await timed(() => wholeCopy(true)));
        const outputDir = join(dir, `clips-${r}`);
        let result: Awaited<ReturnType<typeof cutClips>> = [];
        oursMs.push(await timed(async () => {
          result = await cutClips({ input, clips, outputDir, recording });
        }));
        methods = result.map((c) => c.method);
        if (r === 0) {
          // Checked once, outside the timings: every clip is there and lasts what it should.
          for (const clip of result) {
            const actual = await durationOf(clip.path);
            if (Math.abs(actual - clip.durationSeconds) > 0.2) failures.push(`${clip.path} lasts ${actual} s, not ${clip.durationSeconds} s`);
          }
        }
        rmSync(outputDir, { recursive: true, force: true });
        probingMs.push(await timed(async () => {
          probingCopied = (await cutClips({ input, clips, outputDir })).filter((c) => c.method === 'copy').length;
        }));
        rmSync(outputDir, { recursive: true, force: true });
        log(`  round ${r + 1}: cutClips ${oursMs.at(-1)!.toFixed(0)} ms (probing itself ${probingMs.at(-1)!.toFixed(0)} ms), whole copy ${plainMs.at(-1)!.toFixed(0)} ms (+faststart ${faststartMs.at(-1)!.toFixed(0)} ms)`);
      }
      const copied = methods.filter((m) => m === 'copy').length;
      if (copied !== clips.length) failures.push(`only ${copied} of ${clips.length} clips were stream-copied`);

      const ours = median(oursMs);
      const plain = median(plainMs);
      const faststart = median(faststartMs);
      const ratio = ratioOf(ours, plain);
      return {
        metrics: {
          [`cutClips, ${clips.length} clips (Morsel)`]: { ms: round(ours, 0), 'min ms': round(Math.min(...oursMs), 0), 'max ms': round(Math.max(...oursMs), 0), 'copied clips': copied },
          [`cutClips, ${clips.length} clips, recording not described (+ ffprobe)`]: { ms: round(median(probingMs), 0), 'min ms': round(Math.min(...probingMs), 0), 'max ms': round(Math.max(...probingMs), 0), 'copied clips': probingCopied },
        },
        reference: {
          'ffmpeg -c copy, whole file': { ms: round(plain, 0), 'min ms': round(Math.min(...plainMs), 0), 'max ms': round(Math.max(...plainMs), 0) },
          'ffmpeg -c copy -movflags +faststart, whole file': { ms: round(faststart, 0), 'min ms': round(Math.min(...faststartMs), 0), 'max ms': round(Math.max(...faststartMs), 0) },
        },
        ratio,
        ratios: { 'cut/whole copy time': ratio, 'cut/whole copy +faststart time': ratioOf(ours, faststart) },
        aim: `cutting every clip at most ${AIM_RATIO}× one stream copy of the whole file, when stream copy is possible`,
        aimRatio: AIM_RATIO,
        aimBound: 'at_most',
        meetsAim: ratio === null ? null : ratio <= AIM_RATIO,
        context: {
          video: `${round(duration, 1)} s, 320×240 25 fps H.264 (keyframe every 2 s) + AAC, MP4`,
          plan: `${clips.length} clips of ${CLIP_SECONDS} s (the last shorter), each starting on a keyframe`,
          'generation s': round(generationMs / 1000, 1),
          rounds: `${ROUNDS} (median), taking turns; file in the page cache`,
          'what cutClips includes':
            'one ffmpeg segment-muxer run (split at the keyframes it finds, kept as the clips), MP4 clips with +faststart; duration and streams given, as by the import job (no ffprobe)',
          'what it would include without the recording described': 'one ffprobe (duration, streams) before the same run',
          'load average (1 min) before → after': `${round(loadBefore, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
        },
        failures,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
