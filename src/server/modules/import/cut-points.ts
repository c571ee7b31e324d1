/**
 * Cut points for a recording that has no transcript (a recorded call with a subject-matter expert): ffmpeg finds the
 * pauses (`silencedetect`) and scene changes (`select='gt(scene,…)',showinfo`) in one decoding pass, and the pure
 * `planCutPoints` (`src/core/cut-plan.ts`) chooses among them. This file only runs ffmpeg and reads what it prints.
 */
import { type PlannedClip, planCutPoints, type TimeSpan } from '../../../core/cut-plan.ts';
import { ClipCutError, runMediaTool } from './clip-cutter.ts';

/** How to look for breaks, and how long the clips may be. */
export interface ProposeCutPointsOptions {
  /** No clip is longer (default 120). */
  maxClipSeconds?: number;
  /** The length aimed at (default 75, the middle of the 60–90 s a lesson should last; 0.625 × a lower maximum). */
  targetSeconds?: number;
  /** No clip is shorter unless the recording is (default 10). */
  minClipSeconds?: number;
  /** Quieter than this counts as silence (default −35 dB: speech pauses on a call, not only digital silence). */
  silenceNoiseDb?: number;
  /** A pause must last this long to count (default 0.5 s: shorter gaps are breaths between words). */
  minSilenceSeconds?: number;
  /** ffmpeg's scene score above which a frame starts a new scene (default 0.3; 0 = identical, 1 = unrelated). */
  sceneThreshold?: number;
  signal?: AbortSignal;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Bound on the scan (default 30 minutes: it decodes the whole recording, faster than real time). */
  timeoutMs?: number;
}

/** The proposal, with what it was based on so an author (or a test) can see why each cut is where it is. */
export interface CutPointProposal {
  durationSeconds: number;
  clips: PlannedClip[];
  /** Pauses found, in order. A pause still going at the end of the recording ends at its duration. */
  silences: TimeSpan[];
  /** Times of scene changes found, in order. */
  scenes: number[];
}

/**
 * Proposes where to cut a recording into clips of at most `maxClipSeconds`, at pauses first, else scene changes,
 * else at the limit; the clips cover the whole recording without gap or overlap.
 * @throws ClipCutError `media_unreadable` (ffprobe cannot read it or it has no duration), `media_unsupported`
 *   (neither audio nor video), `ffmpeg_missing`, `cut_failed` (the scan failed), `cut_aborted`.
 */
export async function proposeCutPoints(input: string, options: ProposeCutPointsOptions = {}): Promise<CutPointProposal> {
  const timeoutMs = options.timeoutMs ?? 1_800_000;
  const run = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  const recording = await probeStreams(options.ffprobePath ?? 'ffprobe', input, run);

  const noise = options.silenceNoiseDb ?? -35;
  const minSilence = options.minSilenceSeconds ?? 0.5;
  const threshold = options.sceneThreshold ?? 0.3;
  // Scene scores are mean pixel differences, which barely depend on size, so frames are scaled down first: the
  // scan then costs little more than decoding.
  const videoFilter = `scale=w='min(320,iw)':h=-2,select='gt(scene,${threshold})',showinfo`;
  const args = [
    '-hide_banner', '-nostdin', '-nostats', '-v', 'info', '-i', input,
    ...(recording.hasVideo ? ['-map', '0:v:0', '-vf', videoFilter, '-fps_mode', 'passthrough'] : []),
    ...(recording.hasAudio ? ['-map', '0:a:0', '-af', `silencedetect=noise=${noise}dB:d=${minSilence}`] : []),
    '-f', 'null', '-',
  ];
  const result = await runMediaTool(options.ffmpegPath ?? 'ffmpeg', args, run);
  if (result.exitCode !== 0) throw new ClipCutError('cut_failed', `ffmpeg could not scan ${input}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`);

  const silences = recording.hasAudio ? parseSilences(result.stderr, recording.durationSeconds) : [];
  const scenes = recording.hasVideo ? parseScenes(result.stderr, recording.startTime) : [];
  const clips = planCutPoints(
    { durationSeconds: recording.durationSeconds, silences, scenes, keyframes: recording.keyframes },
    {
      ...(options.maxClipSeconds !== undefined ? { maxClipSeconds: options.maxClipSeconds } : {}),
      ...(options.targetSeconds !== undefined ? { targetSeconds: options.targetSeconds } : {}),
      ...(options.minClipSeconds !== undefined ? { minClipSeconds: options.minClipSeconds } : {}),
    },
  );
  return { durationSeconds: recording.durationSeconds, clips, silences, scenes };
}

/** Times to the millisecond: ffmpeg prints more digits than mean anything, and subtracting a start time adds noise. */
const roundMs = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Reads `silencedetect`'s lines (`silence_start: 12.3`, `silence_end: 14.1 | silence_duration: 1.8`) into pauses.
 * A start without an end is a pause that lasts to the end. Exported for tests.
 */
export function parseSilences(stderr: string, durationSeconds: number): TimeSpan[] {
  const silences: TimeSpan[] = [];
  let open: number | undefined;
  for (const match of stderr.matchAll(/silence_(start|end): *(-?[\d.]+(?:e-?\d+)?)/g)) {
    const time = roundMs(Number(match[2]));
    if (!Number.isFinite(time)) continue;
    if (match[1] === 'start') open = Math.max(0, time);
    else if (open !== undefined) {
      silences.push({ startSeconds: open, endSeconds: Math.min(time, durationSeconds) });
      open = undefined;
    }
  }
  if (open !== undefined && open < durationSeconds) silences.push({ startSeconds: open, endSeconds: durationSeconds });
  return silences;
}

/** Reads `showinfo`'s `pts_time:` of each selected frame (absolute, so less the file's start time). Exported for tests. */
export function parseScenes(stderr: string, startTime = 0): number[] {
  const scenes: number[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.includes('Parsed_showinfo')) continue;
    const match = /pts_time:\s*(-?[\d.]+)/.exec(line);
    const time = match ? roundMs(Number(match[1]) - startTime) : Number.NaN;
    if (Number.isFinite(time) && time > 0) scenes.push(time);
  }
  return scenes;
}

interface ScannedRecording {
  durationSeconds: number;
  startTime: number;
  hasVideo: boolean;
  hasAudio: boolean;
  keyframes: number[];
}

/** Duration, streams and every video keyframe (packets only: demuxing, no decoding). */
async function probeStreams(ffprobe: string, input: string, run: { timeoutMs: number; signal?: AbortSignal }): Promise<ScannedRecording> {
  const result = await runMediaTool(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration,start_time:stream=index,codec_type:stream_disposition=attached_pic', input],
    run,
  );
  let json: { format?: { duration?: string; start_time?: string }; streams?: { codec_type?: string; disposition?: { attached_pic?: number } }[] } | undefined;
  try {
    json = JSON.parse(result.stdout) as typeof json;
  } catch {
    json = undefined;
  }
  const durationSeconds = Number(json?.format?.duration);
  if (result.exitCode !== 0 || !json?.format || !Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new ClipCutError('media_unreadable', `ffprobe could not read how long ${input} is.`);
  }
  const streams = json.streams ?? [];
  const hasVideo = streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const hasAudio = streams.some((s) => s.codec_type === 'audio');
  if (!hasVideo && !hasAudio) throw new ClipCutError('media_unsupported', `${input} has neither audio nor video.`);
  const startTime = Number(json.format.start_time) || 0;
  let keyframes: number[] = [];
  if (hasVideo) {
    const packets = await runMediaTool(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', input], run);
    keyframes = packets.stdout
      .split('\n')
      .filter((line) => line.includes(',K'))
      .map((line) => Number(line.split(',')[0]) - startTime)
      .filter(Number.isFinite);
  }
  return { durationSeconds, startTime, hasVideo, hasAudio, keyframes };
}
