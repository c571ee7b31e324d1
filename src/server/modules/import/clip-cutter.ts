/**
 * Cutting clips out of a recording with ffmpeg, one file per proposed lesson.
 *
 * A clip whose start is on (or within `keyframeToleranceSeconds` of) a video keyframe is cut by stream copy: no
 * decoding, no quality loss, about as fast as copying the bytes. Its start moves onto that keyframe. Other clips are
 * re-encoded quickly (x264 `veryfast`, libvpx `realtime`) so they start exactly where asked. Audio-only recordings are
 * always re-encoded: audio encodes many times faster than real time and so every cut is exact.
 *
 * Clips that follow one another and can all be copied are written by one ffmpeg run with the segment muxer, which
 * reads the recording once: starting ffmpeg costs 0.1–0.3 s here, as much as copying minutes of video.
 *
 * Like `media-probe.ts`: `execFile` with argument arrays (never a shell), a timeout on every run.
 */
import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type RunResult, runMediaTool as runTool } from '../media/media-probe.ts';

/** Stable codes of the failures `cutClips` expects; the import service maps them to its own errors. */
export type ClipCutErrorCode =
  | 'clip_invalid'
  | 'clip_out_of_range'
  | 'clip_too_long'
  | 'media_unreadable'
  | 'media_unsupported'
  | 'ffmpeg_missing'
  | 'cut_failed'
  | 'cut_aborted';

/** An expected failure of cutting: a stable `code`, and the index of the clip concerned when there is one. */
export class ClipCutError extends Error {
  constructor(
    readonly code: ClipCutErrorCode,
    message: string,
    readonly clipIndex?: number,
  ) {
    super(message);
    this.name = 'ClipCutError';
  }
}

/** One clip to cut, in seconds from the start of the recording. */
export interface ClipRequest {
  startSeconds: number;
  endSeconds: number;
}

/** One clip as cut. */
export interface CutClip {
  /** `outputDir/clip-001.<ext>`: numbered in the order asked, in the recording's own container. */
  path: string;
  /** Where the clip starts and ends in the recording: a copied clip's start is its keyframe, so it can differ from the request by the tolerance. */
  startSeconds: number;
  endSeconds: number;
  method: 'copy' | 'reencode';
  /** `endSeconds − startSeconds`: what the file lasts, within a frame or an audio packet. */
  durationSeconds: number;
}

/** What to cut and how. */
export interface CutClipsOptions {
  input: string;
  clips: readonly ClipRequest[];
  /** Created when missing. Files named `clip-NNN.<ext>` there are overwritten. */
  outputDir: string;
  /** Called after each clip is written, with how many are done and how many there are. */
  onProgress?: (done: number, total: number) => void;
  /** Stops ffmpeg and removes every file this call wrote. */
  signal?: AbortSignal;
  /** Longest clip accepted (default 120: a lesson lasts two minutes or less). */
  maxClipSeconds?: number;
  /** How far a clip's start may be from a keyframe and still be cut by stream copy (default 0.1). */
  keyframeToleranceSeconds?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Bound on each ffmpeg run (default 10 minutes: a two-minute 1080p clip re-encodes in well under that). */
  timeoutMs?: number;
}

/** What a media tool printed and how it ended. */
export type ToolRun = RunResult;

/**
 * `media-probe.ts`'s runner with the cutter's errors.
 * @throws ClipCutError `ffmpeg_missing` when the tool is not installed, `cut_aborted` when the signal fired.
 */
export async function runMediaTool(file: string, args: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<ToolRun> {
  try {
    return await runTool(file, args, options);
  } catch (error) {
    if (options.signal?.aborted) throw new ClipCutError('cut_aborted', 'Stopped on request.');
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ClipCutError('ffmpeg_missing', `${file} is not installed.`);
    throw error;
  }
}

/** What the cutter needs to know about a recording. */
interface Recording {
  durationSeconds: number;
  /** Added by ffmpeg to every `-ss`; ffprobe's times are absolute. */
  startTime: number;
  video?: { index: number; codec: string };
  audio?: { index: number; codec: string };
  /** Keyframe times (relative to the start) found near the clips' starts. */
  keyframes: number[];
}

interface PlannedCut {
  index: number;
  startSeconds: number;
  endSeconds: number;
  method: 'copy' | 'reencode';
  path: string;
}

/** Tolerance for comparing cut points that should be equal (ffprobe prints microseconds). */
const SAME = 0.001;

/**
 * Cuts each clip into its own file, by stream copy where the keyframes allow it, else by a fast re-encode.
 * Clips that abut are kept abutting: when the later one's start moves onto a keyframe, the earlier one's end moves
 * with it.
 * @throws ClipCutError `clip_invalid` (start not before end, not numbers), `clip_out_of_range` (outside the
 *   recording), `clip_too_long`, `media_unreadable` (ffprobe cannot read the input), `media_unsupported` (no audio or
 *   video, or a container it cannot write), `ffmpeg_missing`, `cut_failed` (ffmpeg failed; its last line is the
 *   message), `cut_aborted`.
 */
export async function cutClips(options: CutClipsOptions): Promise<CutClip[]> {
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const ffprobe = options.ffprobePath ?? 'ffprobe';
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxClipSeconds = options.maxClipSeconds ?? 120;
  const tolerance = options.keyframeToleranceSeconds ?? 0.1;
  const { signal } = options;
  const total = options.clips.length;
  if (signal?.aborted) throw new ClipCutError('cut_aborted', 'Stopped on request.');
  validateShapes(options.clips, maxClipSeconds);
  if (total === 0) return [];

  const extension = extname(options.input).slice(1).toLowerCase();
  const recording = await probeRecording(ffprobe, options.input, options.clips, tolerance, { timeoutMs, signal });
  validateRange(options.clips, recording.durationSeconds);
  const encoders = chooseEncoders(extension, recording);

  const cuts = planCuts(options.clips, recording, { tolerance, maxClipSeconds }).map((cut) => ({
    ...cut,
    path: join(options.outputDir, `clip-${String(cut.index + 1).padStart(3, '0')}.${extension}`),
  }));
  await mkdir(options.outputDir, { recursive: true });

  const started: string[] = [];
  let done = 0;
  try {
    for (const group of groupCopyRuns(cuts)) {
      started.push(...group.map((cut) => cut.path));
      const args =
        group[0]!.method === 'copy' ? copyArgs(options.input, group, recording, extension) : reencodeArgs(options.input, group[0]!, recording, encoders);
      const result = await runMediaTool(ffmpeg, args, { timeoutMs, ...(signal ? { signal } : {}) });
      if (result.exitCode !== 0) {
        throw new ClipCutError('cut_failed', `ffmpeg could not cut clip ${group[0]!.index + 1}: ${lastLine(result.stderr) || `exit code ${result.exitCode}`}`, group[0]!.index);
      }
      for (const _ of group) {
        done += 1;
        options.onProgress?.(done, total);
      }
    }
  } catch (error) {
    // A cancelled or failed job leaves nothing behind: half a set of clips is not something to import.
    await Promise.all(started.map((path) => rm(path, { force: true })));
    throw error;
  }
  return cuts.map((cut) => ({
    path: cut.path,
    startSeconds: cut.startSeconds,
    endSeconds: cut.endSeconds,
    method: cut.method,
    durationSeconds: cut.endSeconds - cut.startSeconds,
  }));
}

function validateShapes(clips: readonly ClipRequest[], maxClipSeconds: number): void {
  clips.forEach((clip, index) => {
    const { startSeconds: start, endSeconds: end } = clip;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || start >= end) {
      throw new ClipCutError('clip_invalid', `Clip ${index + 1} must start at 0 s or later and before it ends (${start}–${end} s).`, index);
    }
    // A millisecond of slack: plans are computed in floating point.
    if (end - start > maxClipSeconds + SAME) {
      throw new ClipCutError('clip_too_long', `Clip ${index + 1} lasts ${(end - start).toFixed(1)} s; at most ${maxClipSeconds} s are allowed.`, index);
    }
  });
}

function validateRange(clips: readonly ClipRequest[], duration: number): void {
  clips.forEach((clip, index) => {
    if (clip.endSeconds > duration + SAME) {
      throw new ClipCutError('clip_out_of_range', `Clip ${index + 1} ends at ${clip.endSeconds} s, after the recording (${duration.toFixed(3)} s).`, index);
    }
  });
}

interface ProbeJson {
  format?: { duration?: string; start_time?: string };
  streams?: { index?: number; codec_type?: string; codec_name?: string; duration?: string; disposition?: { attached_pic?: number } }[];
  packets?: { stream_index?: number; pts_time?: string; flags?: string }[];
}

/**
 * Duration, streams and the keyframes near each clip's start, in one ffprobe run: `-read_intervals` seeks to each
 * start and demuxes only a window around it, so a two-hour recording is not read end to end.
 */
async function probeRecording(
  ffprobe: string,
  input: string,
  clips: readonly ClipRequest[],
  tolerance: number,
  run: { timeoutMs: number; signal: AbortSignal | undefined },
): Promise<Recording> {
  const reach = tolerance + 0.5;
  // ffprobe's intervals are absolute times and the start time is not known yet; files that do not start at 0 are
  // rare and start within a second, so the window is widened by that much instead of probing twice.
  const intervals = [...new Set(clips.map((c) => c.startSeconds))]
    .sort((a, b) => a - b)
    .map((start) => `${Math.max(0, start - reach).toFixed(3)}%${(start + reach + 1).toFixed(3)}`)
    .join(',');
  const result = await runMediaTool(
    ffprobe,
    [
      '-v', 'error', '-print_format', 'json',
      '-show_entries', 'format=duration,start_time:stream=index,codec_type,codec_name,duration:stream_disposition=attached_pic:packet=stream_index,pts_time,flags',
      '-read_intervals', intervals,
      input,
    ],
    { timeoutMs: run.timeoutMs, ...(run.signal ? { signal: run.signal } : {}) },
  );
  let json: ProbeJson | undefined;
  try {
    json = JSON.parse(result.stdout) as ProbeJson;
  } catch {
    json = undefined;
  }
  if (result.exitCode !== 0 || !json?.format) throw new ClipCutError('media_unreadable', `ffprobe could not read ${input}: ${lastLine(result.stderr)}`);
  const streams = json.streams ?? [];
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  const startTime = Number(json.format.start_time) || 0;
  const durations = [json.format.duration, ...streams.map((s) => s.duration)].map(Number).filter((d) => Number.isFinite(d) && d > 0);
  if (durations.length === 0) throw new ClipCutError('media_unreadable', `${input} does not say how long it is.`);
  if (!videoStream && !audioStream) throw new ClipCutError('media_unsupported', `${input} has neither audio nor video.`);
  const keyframes = videoStream
    ? [
        ...new Set(
          (json.packets ?? [])
            .filter((p) => p.stream_index === videoStream.index && p.flags?.startsWith('K') && p.pts_time !== undefined && p.pts_time !== 'N/A')
            .map((p) => Number(p.pts_time) - startTime),
        ),
      ].sort((a, b) => a - b)
    : [];
  return {
    durationSeconds: Number.isFinite(Number(json.format.duration)) && Number(json.format.duration) > 0 ? Number(json.format.duration) : Math.max(...durations),
    startTime,
    ...(videoStream ? { video: { index: videoStream.index ?? 0, codec: videoStream.codec_name ?? 'unknown' } } : {}),
    ...(audioStream ? { audio: { index: audioStream.index ?? 0, codec: audioStream.codec_name ?? 'unknown' } } : {}),
    keyframes,
  };
}

/**
 * Decides each clip's method and exact cut points. A clip is copied when a keyframe lies within the tolerance of
 * its start and moving the start there (and the end of an abutting clip before it) keeps both within the maximum.
 */
function planCuts(clips: readonly ClipRequest[], recording: Recording, limits: { tolerance: number; maxClipSeconds: number }): Omit<PlannedCut, 'path'>[] {
  const cuts: Omit<PlannedCut, 'path'>[] = clips.map((clip, index) => ({
    index,
    startSeconds: clip.startSeconds,
    endSeconds: Math.min(clip.endSeconds, recording.durationSeconds),
    method: 'reencode',
  }));
  if (!recording.video) return cuts;
  const fits = (start: number, end: number) => end - start <= limits.maxClipSeconds + SAME;
  cuts.forEach((cut, i) => {
    const keyframe = nearestWithin(recording.keyframes, cut.startSeconds, limits.tolerance);
    if (keyframe === undefined || keyframe >= cut.endSeconds || !fits(keyframe, cut.endSeconds)) return;
    const previous = cuts[i - 1];
    const abuts = previous !== undefined && Math.abs(previous.endSeconds - cut.startSeconds) < SAME;
    if (abuts && (keyframe <= previous.startSeconds || !fits(previous.startSeconds, keyframe))) return;
    if (abuts) previous.endSeconds = keyframe;
    // A clip from the very start is copied from the start: the first keyframe can sit a few ms in (WebM audio delay).
    cut.startSeconds = cut.startSeconds === 0 && keyframe === recording.keyframes[0] ? 0 : keyframe;
    cut.method = 'copy';
  });
  return cuts;
}

function nearestWithin(sorted: readonly number[], to: number, tolerance: number): number | undefined {
  let best: number | undefined;
  for (const value of sorted) {
    if (Math.abs(value - to) <= tolerance + 1e-6 && (best === undefined || Math.abs(value - to) < Math.abs(best - to))) best = value;
  }
  return best;
}

/** Runs of abutting copied clips (one ffmpeg run each), and every re-encoded clip on its own. */
function groupCopyRuns(cuts: PlannedCut[]): PlannedCut[][] {
  const groups: PlannedCut[][] = [];
  for (const cut of cuts) {
    const last = groups.at(-1)?.at(-1);
    if (last && last.method === 'copy' && cut.method === 'copy' && Math.abs(last.endSeconds - cut.startSeconds) < SAME) groups.at(-1)!.push(cut);
    else groups.push([cut]);
  }
  return groups;
}

function streamMaps(recording: Recording): string[] {
  return [...(recording.video ? ['-map', `0:${recording.video.index}`] : []), ...(recording.audio ? ['-map', `0:${recording.audio.index}`] : [])];
}

/** The seek before `-i`: half a millisecond past the keyframe, so a time printed rounded down still lands on it. */
function seekArgs(startSeconds: number): string[] {
  return startSeconds > 0 ? ['-ss', (startSeconds + 0.0005).toFixed(4)] : [];
}

/**
 * One stream-copy run for abutting clips: seek to the first keyframe, read to the last end, and let the segment
 * muxer start a new file at each later clip's keyframe. Split times are asked a little before each keyframe (half
 * way back to the previous one), because the muxer splits at the first keyframe at or after the time asked.
 */
function copyArgs(input: string, group: PlannedCut[], recording: Recording, extension: string): string[] {
  const first = group[0]!;
  const last = group.at(-1)!;
  const common = [
    '-v', 'error', '-nostdin', '-y',
    ...seekArgs(first.startSeconds), '-i', input,
    '-t', (last.endSeconds - first.startSeconds).toFixed(4),
    ...streamMaps(recording), '-map_chapters', '-1', '-c', 'copy', '-avoid_negative_ts', 'make_zero',
  ];
  if (group.length === 1) return [...common, ...containerArgs(extension), first.path];
  const splits = group.slice(1).map((cut) => {
    const before = recording.keyframes.filter((k) => k < cut.startSeconds - SAME).at(-1) ?? cut.startSeconds - 0.05;
    return Math.max((before + cut.startSeconds) / 2, cut.startSeconds - 0.05) - first.startSeconds;
  });
  const pattern = first.path.replace(/clip-\d+\./, 'clip-%03d.');
  return [
    ...common,
    '-f', 'segment', '-segment_format', muxerOf(extension), '-segment_times', splits.map((s) => s.toFixed(4)).join(','),
    '-segment_start_number', String(first.index + 1), '-reset_timestamps', '1',
    ...(isMp4Family(extension) ? ['-segment_format_options', 'movflags=+faststart'] : []),
    pattern,
  ];
}

interface Encoders {
  video: string[];
  audio: string[];
}

/** One re-encoded clip: accurate seek (decode from the keyframe before, drop frames up to the start). */
function reencodeArgs(input: string, cut: PlannedCut, recording: Recording, encoders: Encoders): string[] {
  return [
    '-v', 'error', '-nostdin', '-y',
    ...seekArgs(cut.startSeconds), '-i', input,
    '-t', (cut.endSeconds - cut.startSeconds).toFixed(4),
    ...streamMaps(recording), '-map_chapters', '-1',
    ...(recording.video ? encoders.video : []), ...(recording.audio ? encoders.audio : []),
    '-avoid_negative_ts', 'make_zero',
    ...containerArgs(extname(cut.path).slice(1)),
    cut.path,
  ];
}

const isMp4Family = (extension: string) => ['mp4', 'm4v', 'mov', 'm4a'].includes(extension);

/** Moves the index to the front of MP4 files so browsers can start playing before the whole clip has arrived. */
function containerArgs(extension: string): string[] {
  return isMp4Family(extension) ? ['-movflags', '+faststart'] : [];
}

/** ffmpeg's muxer name for an extension (the segment muxer does not guess it). */
function muxerOf(extension: string): string {
  const muxers: Record<string, string> = { m4v: 'mp4', m4a: 'ipod', mkv: 'matroska', oga: 'ogg', mp3: 'mp3', wav: 'wav', flac: 'flac', opus: 'ogg' };
  return muxers[extension] ?? extension;
}

/**
 * Encoders that keep the recording's container: MP4/MOV → H.264 + AAC, WebM → VP8 or VP9 (as the source) + Vorbis or
 * Opus (as the source), Matroska → H.264 + AAC; audio files keep their own kind.
 * @throws ClipCutError `media_unsupported` for a container Morsel does not write.
 */
function chooseEncoders(extension: string, recording: Recording): Encoders {
  const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p'];
  const aac = ['-c:a', 'aac', '-b:a', '128k'];
  const opus = ['-c:a', 'libopus', '-b:a', '96k'];
  const vorbis = ['-c:a', 'libvorbis', '-q:a', '4'];
  const webmAudio = recording.audio?.codec === 'opus' ? opus : vorbis;
  const vp = recording.video?.codec === 'vp8'
    ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-crf', '10', '-b:v', '2M']
    : ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-crf', '32', '-b:v', '0'];
  switch (extension) {
    case 'mp4':
    case 'm4v':
    case 'mov':
    case 'mkv':
    case 'm4a':
      return { video: x264, audio: aac };
    case 'webm':
      return { video: vp, audio: webmAudio };
    case 'mp3':
      return { video: [], audio: ['-c:a', 'libmp3lame', '-q:a', '2'] };
    case 'ogg':
    case 'oga':
      return { video: [], audio: webmAudio };
    case 'opus':
      return { video: [], audio: opus };
    case 'wav':
      return { video: [], audio: ['-c:a', 'pcm_s16le'] };
    case 'flac':
      return { video: [], audio: ['-c:a', 'flac'] };
    default:
      throw new ClipCutError('media_unsupported', `Clips cannot be cut from .${extension || '(no extension)'} files; use MP4, WebM, MKV, MOV or a common audio format.`);
  }
}

/** The last line of a tool's complaint, which is usually the one that says what is wrong. */
function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}
