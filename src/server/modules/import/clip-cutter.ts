/**
 * Cutting clips out of a recording with ffmpeg, one file per proposed lesson.
 *
 * A clip whose start is on (or within `keyframeToleranceSeconds` of) a video keyframe is cut by stream copy: no
 * decoding, no quality loss, about as fast as copying the bytes. Its start moves onto that keyframe. Other clips are
 * re-encoded quickly (x264 `veryfast`, libvpx `realtime`) so they start exactly where asked. Audio-only recordings are
 * always re-encoded: audio encodes many times faster than real time and so every cut is exact.
 *
 * Where the keyframes are is not asked of ffprobe first: starting ffprobe or ffmpeg costs 0.2 s here, as much as
 * copying minutes of video. Instead each run of abutting clips is copied optimistically by one ffmpeg run with the
 * segment muxer, asked to split a tolerance before each clip's start; it splits at the first keyframe at or after
 * that, and its segment list says where. Segments that turn out to be the clips are kept; the few clips whose start
 * found no keyframe near enough are then re-encoded (and the clip before such a clip copied again, to end where asked).
 *
 * Like `media-probe.ts`: `execFile` with argument arrays (never a shell), a timeout on every run.
 */
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
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
  /**
   * Where the clip starts and ends in the recording: a copied clip's start is its keyframe (the first at or after the
   * tolerance before the start asked), so it can differ from the request by the tolerance.
   */
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
  /** What the media library already knows of the recording; without it one ffprobe run finds out. */
  recording?: RecordingFacts;
  ffmpegPath?: string;
  /** Used only when `recording` is not given. */
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

/**
 * The facts about a recording that cutting needs, as the media library stores them (`MediaItem`): its duration and
 * its video and audio streams, cover art not counted as video.
 */
export interface RecordingFacts {
  durationSeconds: number;
  streams: readonly { type: 'video' | 'audio'; codec: string | null }[];
}

/** What the cutter needs to know about a recording. */
interface Recording {
  durationSeconds: number;
  video?: { codec: string };
  audio?: { codec: string };
}

interface PlannedCut {
  index: number;
  startSeconds: number;
  endSeconds: number;
  method: 'copy' | 'reencode';
  path: string;
}

/** A clip as asked, and its place in the list asked for. */
interface IndexedClip extends ClipRequest {
  index: number;
}

/** One file the segment muxer wrote, and where in the recording it starts and ends. */
interface Segment {
  file: string;
  startSeconds: number;
  endSeconds: number;
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
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxClipSeconds = options.maxClipSeconds ?? 120;
  const tolerance = options.keyframeToleranceSeconds ?? 0.1;
  const { signal } = options;
  const total = options.clips.length;
  if (signal?.aborted) throw new ClipCutError('cut_aborted', 'Stopped on request.');
  validateShapes(options.clips, maxClipSeconds);
  if (total === 0) return [];

  const extension = extname(options.input).slice(1).toLowerCase();
  const recording = options.recording
    ? recordingOf(options.recording, options.input)
    : await probeRecording(options.ffprobePath ?? 'ffprobe', options.input, { timeoutMs, signal });
  validateRange(options.clips, recording.durationSeconds);
  const encoders = chooseEncoders(extension, recording);
  const pathOf = (index: number) => join(options.outputDir, `clip-${String(index + 1).padStart(3, '0')}.${extension}`);
  await mkdir(options.outputDir, { recursive: true });

  const run = async (args: string[], clipIndex: number) => {
    const result = await runMediaTool(ffmpeg, args, { timeoutMs, ...(signal ? { signal } : {}) });
    if (result.exitCode !== 0) {
      throw new ClipCutError('cut_failed', `ffmpeg could not cut clip ${clipIndex + 1}: ${lastLine(result.stderr) || `exit code ${result.exitCode}`}`, clipIndex);
    }
  };
  let done = 0;
  const finished = () => {
    done += 1;
    options.onProgress?.(done, total);
  };
  const started: string[] = [];
  const cuts: PlannedCut[] = [];
  const pending: PlannedCut[] = [];
  let workDir: string | undefined;
  try {
    const runs = abuttingRuns(options.clips);
    // Every copy pass first: reading the recording once is quick, and the re-encodes after them report progress.
    // Segments go to a folder of their own: lead-ins and segments that are not clips are dropped with it.
    const segmentsOf: Segment[][] = runs.map(() => []);
    if (recording.video) {
      workDir = await mkdtemp(join(options.outputDir, '.cutting-'));
      for (const [n, group] of runs.entries()) {
        const pass = copyPass(options.input, group, { recording, extension, tolerance, listPrefix: join(workDir, `run-${n}`) });
        await run(pass.args, group[0]!.index);
        segmentsOf[n] = await readSegments(pass, workDir);
      }
    }
    for (const [n, group] of runs.entries()) {
      const segments = segmentsOf[n]!;
      const keyframes = segments.map((segment) => segment.startSeconds);
      for (const planned of planCuts(group, recording, keyframes, { tolerance, maxClipSeconds })) {
        const cut = { ...planned, path: pathOf(planned.index) };
        cuts.push(cut);
        const isSegment = (s: Segment) => Math.abs(s.startSeconds - cut.startSeconds) < SAME && Math.abs(s.endSeconds - cut.endSeconds) < SAME;
        const segment = cut.method === 'copy' ? segments.find(isSegment) : undefined;
        if (!segment) {
          pending.push(cut);
          continue;
        }
        started.push(cut.path);
        await rename(segment.file, cut.path);
        finished();
      }
    }
    if (workDir) await rm(workDir, { recursive: true, force: true });
    for (const cut of pending) {
      started.push(cut.path);
      await run(cut.method === 'copy' ? copyArgs(options.input, cut, recording) : reencodeArgs(options.input, cut, recording, encoders), cut.index);
      finished();
    }
  } catch (error) {
    // A cancelled or failed job leaves nothing behind: half a set of clips is not something to import.
    await Promise.all([...started, ...(workDir ? [workDir] : [])].map((path) => rm(path, { recursive: true, force: true })));
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
  format?: { duration?: string };
  streams?: { codec_type?: string; codec_name?: string; duration?: string; disposition?: { attached_pic?: number } }[];
}

/** The facts as the cutter uses them. @throws ClipCutError `media_unsupported` when there is neither audio nor video. */
function recordingOf(facts: RecordingFacts, input: string): Recording {
  const video = facts.streams.find((s) => s.type === 'video');
  const audio = facts.streams.find((s) => s.type === 'audio');
  if (!video && !audio) throw new ClipCutError('media_unsupported', `${input} has neither audio nor video.`);
  return {
    durationSeconds: facts.durationSeconds,
    ...(video ? { video: { codec: video.codec ?? 'unknown' } } : {}),
    ...(audio ? { audio: { codec: audio.codec ?? 'unknown' } } : {}),
  };
}

/** Duration and streams, by ffprobe, for callers that do not know them. */
async function probeRecording(ffprobe: string, input: string, run: { timeoutMs: number; signal: AbortSignal | undefined }): Promise<Recording> {
  const result = await runMediaTool(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration:stream=codec_type,codec_name,duration:stream_disposition=attached_pic', input],
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
  const format = Number(json.format.duration);
  const durations = [format, ...streams.map((s) => Number(s.duration))].filter((d) => Number.isFinite(d) && d > 0);
  if (durations.length === 0) throw new ClipCutError('media_unreadable', `${input} does not say how long it is.`);
  return recordingOf(
    {
      durationSeconds: Number.isFinite(format) && format > 0 ? format : Math.max(...durations),
      streams: streams
        .filter((s) => (s.codec_type === 'video' && s.disposition?.attached_pic !== 1) || s.codec_type === 'audio')
        .map((s) => ({ type: s.codec_type as 'video' | 'audio', codec: s.codec_name ?? null })),
    },
    input,
  );
}

/**
 * Decides each clip's method and exact cut points. A clip is copied when a keyframe lies within the tolerance of
 * its start and moving the start there (and the end of an abutting clip before it) keeps both within the maximum.
 * `keyframes` need only be those near the clips' starts, in any order.
 */
function planCuts(
  clips: readonly IndexedClip[],
  recording: Recording,
  keyframes: readonly number[],
  limits: { tolerance: number; maxClipSeconds: number },
): Omit<PlannedCut, 'path'>[] {
  const cuts: Omit<PlannedCut, 'path'>[] = clips.map((clip) => ({
    index: clip.index,
    startSeconds: clip.startSeconds,
    endSeconds: Math.min(clip.endSeconds, recording.durationSeconds),
    method: 'reencode',
  }));
  if (!recording.video) return cuts;
  const fits = (start: number, end: number) => end - start <= limits.maxClipSeconds + SAME;
  cuts.forEach((cut, i) => {
    const keyframe = nearestWithin(keyframes, cut.startSeconds, limits.tolerance);
    if (keyframe === undefined || keyframe >= cut.endSeconds || !fits(keyframe, cut.endSeconds)) return;
    const previous = cuts[i - 1];
    const abuts = previous !== undefined && Math.abs(previous.endSeconds - cut.startSeconds) < SAME;
    if (abuts && (keyframe <= previous.startSeconds || !fits(previous.startSeconds, keyframe))) return;
    if (abuts) previous.endSeconds = keyframe;
    cut.startSeconds = keyframe;
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

/** Runs of clips that follow one another without a gap, as asked, with each clip's index. */
function abuttingRuns(clips: readonly ClipRequest[]): IndexedClip[][] {
  const runs: IndexedClip[][] = [];
  clips.forEach((clip, index) => {
    const last = runs.at(-1)?.at(-1);
    if (last && Math.abs(last.endSeconds - clip.startSeconds) < SAME) runs.at(-1)!.push({ ...clip, index });
    else runs.push([{ ...clip, index }]);
  });
  return runs;
}

function streamMaps(recording: Recording): string[] {
  // `V`: video that is not an attached picture (cover art).
  return [...(recording.video ? ['-map', '0:V:0'] : []), ...(recording.audio ? ['-map', '0:a:0'] : [])];
}

/** The seek before `-i`: half a millisecond past the keyframe, so a time printed rounded down still lands on it. */
function seekArgs(startSeconds: number): string[] {
  return startSeconds > 0 ? ['-ss', (startSeconds + 0.0005).toFixed(4)] : [];
}

interface CopyPass {
  args: string[];
  /** Where the segment list is written. */
  list: string;
  /** The recording time of the run's time 0 (its seek). */
  originSeconds: number;
  endSeconds: number;
}

/**
 * One stream-copy run for clips that abut: the segment muxer splits at the first keyframe at or after a tolerance
 * before each clip's start. A run that does not begin at the recording's start seeks a second before that, or reads
 * from the start (ffmpeg starts at the keyframe at or before the seek), and splits there too: the lead-in segment is
 * dropped, and the first clip's segment is then one whose start the segment list gives (it does not give the first
 * segment's). The muxer never splits at the first video packet it sees, so a clip that starts within the tolerance of
 * a video stream that starts late finds no segment and is re-encoded.
 */
function copyPass(
  input: string,
  group: readonly IndexedClip[],
  context: { recording: Recording; extension: string; tolerance: number; listPrefix: string },
): CopyPass {
  const first = group[0]!;
  const endSeconds = Math.min(group.at(-1)!.endSeconds, context.recording.durationSeconds);
  const hasLeadIn = first.startSeconds - context.tolerance > 0;
  const originSeconds = Number(Math.max(0, first.startSeconds - context.tolerance - 1).toFixed(3));
  const splitsAt = (hasLeadIn ? group : group.slice(1)).map((clip) => clip.startSeconds - context.tolerance - originSeconds);
  const list = `${context.listPrefix}.csv`;
  return {
    args: [
      '-v', 'error', '-nostdin', '-y',
      ...(originSeconds > 0 ? ['-ss', originSeconds.toFixed(3)] : []), '-i', input,
      '-t', (endSeconds - originSeconds).toFixed(4),
      ...streamMaps(context.recording), '-map_chapters', '-1', '-c', 'copy',
      // Times as they are in the recording, less the seek: the split times and the list are in that time.
      '-avoid_negative_ts', 'disabled',
      '-f', 'segment', '-segment_format', muxerOf(context.extension),
      // A run of one clip from the start has nothing to split; a split after the end never happens.
      '-segment_times', (splitsAt.length > 0 ? splitsAt : [endSeconds - originSeconds + 1]).map((s) => s.toFixed(4)).join(','),
      '-reset_timestamps', '1',
      ...(isMp4Family(context.extension) ? ['-segment_format_options', 'movflags=+faststart'] : []),
      '-segment_list', list, '-segment_list_type', 'csv',
      `${context.listPrefix}-%03d.${context.extension}`,
    ],
    list,
    originSeconds,
    endSeconds,
  };
}

/**
 * The segments of a copy pass that may be clips: where each starts (a keyframe) and ends (the next one's start).
 * The list gives every segment's start but the first's, as 0: right for a run from the recording's start (where its
 * first clip is copied from, though a WebM's first keyframe can sit a few ms in), unknown after a seek (the lead-in).
 */
async function readSegments(pass: CopyPass, workDir: string): Promise<Segment[]> {
  const rows = (await readFile(pass.list, 'utf8'))
    .split('\n')
    .map((line) => line.split(','))
    .filter((cells) => cells.length >= 3)
    .map((cells) => ({ file: join(workDir, basename(cells.slice(0, -2).join(','))), startSeconds: Number(cells.at(-2)) + pass.originSeconds }));
  const segments = rows.map((row, k) => ({ ...row, endSeconds: rows[k + 1]?.startSeconds ?? pass.endSeconds }));
  return (pass.originSeconds > 0 ? segments.slice(1) : segments).filter((segment) => Number.isFinite(segment.startSeconds));
}

/** One clip copied alone, from its keyframe (found by a copy pass) to its end. */
function copyArgs(input: string, cut: PlannedCut, recording: Recording): string[] {
  return [
    '-v', 'error', '-nostdin', '-y',
    ...seekArgs(cut.startSeconds), '-i', input,
    '-t', (cut.endSeconds - cut.startSeconds).toFixed(4),
    ...streamMaps(recording), '-map_chapters', '-1', '-c', 'copy', '-avoid_negative_ts', 'make_zero',
    ...containerArgs(extname(cut.path).slice(1)),
    cut.path,
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
