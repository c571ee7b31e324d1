/**
 * ffprobe and ffmpeg, run as child processes with argument arrays (`execFile`, never a shell string: file
 * paths are never interpreted). They are Debian's, found on PATH; Morsel runs without them but then accepts
 * images only.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';

/** One stream of a media file, as ffprobe describes it. */
export interface ProbedStream {
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';
  codec: string | null;
  width?: number;
  height?: number;
  channels?: number;
  /** A still picture in an audio file (an MP3's cover art), not a video. */
  isCoverArt: boolean;
  /** Degrees the picture is turned when shown (phone videos); 0 when not. */
  rotation: number;
}

/** What ffprobe found in a file. */
export interface ProbeResult {
  formatName: string;
  /** The container's (or longest stream's) duration; null when neither says. */
  durationSeconds: number | null;
  streams: ProbedStream[];
}

/** Which of the two tools this machine has. */
export interface ToolAvailability {
  ffprobe: boolean;
  ffmpeg: boolean;
}

/** The media tools, as the media service uses them. */
export interface MediaProbe {
  /** Whether ffprobe and ffmpeg can be run. A positive answer is remembered; a negative one is asked again. */
  tools(): Promise<ToolAvailability>;
  /**
   * Streams and duration of a file.
   * @throws ProbeError when ffprobe cannot read it.
   */
  probe(path: string): Promise<ProbeResult>;
  /**
   * Where the last packet of any stream ends, in seconds, reading from `fromSeconds` (a seek) to the end; null
   * when no packet could be read from there. Demuxes only, so it is quick even for large files.
   */
  lastPacketEnd(path: string, fromSeconds: number): Promise<number | null>;
  /** Writes one JPEG frame at `atSeconds` (at most 1280 px wide); false when no frame could be decoded there. */
  extractPoster(input: string, output: string, atSeconds: number): Promise<boolean>;
  /** True when ffmpeg decodes the whole file without error (used for still images, which are one frame). */
  decodesCleanly(path: string): Promise<boolean>;
}

/** ffprobe could not read the file: it is damaged or not what it claims to be. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs ffmpeg or ffprobe without a shell and resolves with its output even when it fails (callers decide what
 * failure means); `signal` stops it (the import's cutting and scanning can be cancelled).
 * @throws the spawn error (code ENOENT) when the tool is not installed; the AbortError when `signal` fired.
 */
export function runMediaTool(file: string, args: string[], options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024, windowsHide: true, ...(options.signal ? { signal: options.signal } : {}) }, (error, stdout, stderr) => {
      if (error && ((error as NodeJS.ErrnoException).code === 'ENOENT' || options.signal?.aborted)) return reject(error);
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), exitCode });
    });
  });
}

const run = (file: string, args: string[], timeoutMs: number) => runMediaTool(file, args, { timeoutMs });

interface FfprobeJson {
  format?: { format_name?: string; duration?: string };
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    channels?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
    tags?: { rotate?: string };
    side_data_list?: { rotation?: number }[];
  }[];
}

const finite = (text: string | undefined): number | null => {
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
};

/** Reads ffprobe's JSON into the few facts Morsel keeps. Exported for tests. */
export function toProbeResult(json: FfprobeJson): ProbeResult {
  const streams: ProbedStream[] = (json.streams ?? []).map((s) => {
    const type = (['video', 'audio', 'subtitle', 'data', 'attachment'] as const).find((t) => t === s.codec_type) ?? 'unknown';
    const rotation = Number(s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? s.tags?.rotate ?? 0) || 0;
    return {
      type,
      codec: s.codec_name ?? null,
      ...(s.width ? { width: s.width } : {}),
      ...(s.height ? { height: s.height } : {}),
      ...(s.channels ? { channels: s.channels } : {}),
      isCoverArt: s.disposition?.attached_pic === 1,
      rotation,
    };
  });
  const streamDurations = (json.streams ?? []).map((s) => finite(s.duration)).filter((d): d is number => d !== null);
  return {
    formatName: json.format?.format_name ?? 'unknown',
    durationSeconds: finite(json.format?.duration) ?? (streamDurations.length ? Math.max(...streamDurations) : null),
    streams,
  };
}

/** The last line of a tool's complaint, which is usually the one that says what is wrong. */
function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/**
 * The media tools at `ffprobePath` and `ffmpegPath` (default: found on PATH).
 * `timeoutMs` bounds every run: a pathological file must not hold an upload forever.
 */
export function createMediaProbe(options: { ffprobePath?: string; ffmpegPath?: string; timeoutMs?: number } = {}): MediaProbe {
  const ffprobe = options.ffprobePath ?? 'ffprobe';
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const timeoutMs = options.timeoutMs ?? 120_000;
  let known: ToolAvailability | undefined;

  const canRun = (file: string) =>
    run(file, ['-version'], 10_000).then(
      (result) => result.exitCode === 0,
      () => false,
    );

  return {
    async tools() {
      if (known) return known;
      const found = { ffprobe: await canRun(ffprobe), ffmpeg: await canRun(ffmpeg) };
      // Remember only a complete toolbox: an administrator may install ffmpeg while Morsel runs.
      if (found.ffprobe && found.ffmpeg) known = found;
      return found;
    },

    async probe(path) {
      const result = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], timeoutMs);
      let json: FfprobeJson | undefined;
      try {
        json = JSON.parse(result.stdout) as FfprobeJson;
      } catch {
        json = undefined;
      }
      // ffprobe exits 1 and prints `{}` for a file it cannot open as any format.
      if (result.exitCode !== 0 || !json?.format) throw new ProbeError(lastLine(result.stderr) || 'ffprobe could not read the file', result.stderr);
      return toProbeResult(json);
    },

    async lastPacketEnd(path, fromSeconds) {
      const args = ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0'];
      if (fromSeconds > 0) args.push('-read_intervals', `${fromSeconds.toFixed(3)}%`);
      const result = await run(ffprobe, [...args, path], timeoutMs);
      let end: number | null = null;
      for (const line of result.stdout.split('\n')) {
        const [pts, duration] = line.split(',');
        const start = Number(pts);
        if (!pts || !Number.isFinite(start)) continue;
        const packetEnd = start + (Number(duration) || 0);
        if (end === null || packetEnd > end) end = packetEnd;
      }
      return end;
    },

    async extractPoster(input, output, atSeconds) {
      const result = await run(
        ffmpeg,
        ['-v', 'error', '-nostdin', '-y', '-ss', atSeconds.toFixed(3), '-i', input, '-frames:v', '1', '-an', '-sn', '-vf', "scale='min(1280,iw)':-2", '-q:v', '3', '-f', 'image2', output],
        timeoutMs,
      );
      if (result.exitCode !== 0) return false;
      const written = await stat(output).catch(() => undefined);
      return written !== undefined && written.size > 0;
    },

    async decodesCleanly(path) {
      const result = await run(ffmpeg, ['-v', 'error', '-nostdin', '-xerror', '-i', path, '-f', 'null', '-'], timeoutMs);
      return result.exitCode === 0;
    },
  };
}
