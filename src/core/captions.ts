/**
 * Captions: WebVTT validation and SRT → WebVTT conversion. Pure: text in, text or line-numbered problems out.
 * Players (the browser's <track>) read WebVTT only, so every captions file is stored as WebVTT.
 *
 * Only what breaks playback is an error: a missing `WEBVTT` header, malformed cue timings, a cue that ends before
 * it starts, or a file without cues. Cue settings and text markup are left to the player, which ignores what it
 * does not understand.
 */

/** One problem in a captions file, on a 1-based line. */
export interface CaptionProblem {
  line: number;
  message: string;
}

/** The outcome of reading a captions file. */
export type CaptionsResult =
  | { ok: true; vtt: string; format: CaptionFormat; cueCount: number }
  | { ok: false; format: CaptionFormat | undefined; problems: CaptionProblem[] };

export type CaptionFormat = 'vtt' | 'srt';

/** At most this many problems are reported: enough to fix a file, not a wall of text. */
const MAX_PROBLEMS = 20;

/** `(hh:)mm:ss.ttt`, hours of any length, as the WebVTT spec's timestamp. */
const VTT_TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
/** SRT's `hh:mm:ss,ttt`; a dot instead of the comma and a one-digit hour are common enough to accept. */
const SRT_TIMING = /^\s*(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})\s*-->\s*(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})(?:\s+.*)?$/;

/** Splits on every line terminator WebVTT allows (CRLF, LF, CR), after dropping a byte-order mark. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Seconds of a WebVTT timestamp, or undefined when it is not one. */
export function parseVttTimestamp(text: string): number | undefined {
  const match = VTT_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, hours, minutes, seconds, millis] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(millis) / 1000;
}

/** Which format the text is in, judged by its content (never by a file name); undefined when neither. */
export function detectCaptionFormat(text: string): CaptionFormat | undefined {
  const lines = linesOf(text);
  if (/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return 'vtt';
  // SRT: a cue number then a timing line, usually on the first lines; look a little further for stray blank lines.
  const firstTiming = lines.slice(0, 10).findIndex((line) => SRT_TIMING.test(line));
  return firstTiming >= 0 && lines.slice(0, firstTiming).every((line) => line.trim() === '' || /^\s*\d+\s*$/.test(line)) ? 'srt' : undefined;
}

/**
 * Checks a WebVTT file: the `WEBVTT` header, every cue timing line (`start --> end [settings]`, well-formed
 * timestamps, start before end), and that there is at least one cue.
 */
export function validateWebVtt(text: string): { ok: true; cueCount: number } | { ok: false; problems: CaptionProblem[] } {
  const lines = linesOf(text);
  const problems: CaptionProblem[] = [];
  const problem = (line: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message });
  };
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    return { ok: false, problems: [{ line: 1, message: 'A WebVTT file must start with the line WEBVTT.' }] };
  }
  let cueCount = 0;
  let index = 1;
  // The header runs to the first blank line.
  while (index < lines.length && lines[index]!.trim() !== '') {
    if (lines[index]!.includes('-->')) problem(index + 1, 'A blank line must separate the WEBVTT header from the first cue.');
    index++;
  }
  while (index < lines.length) {
    while (index < lines.length && lines[index]!.trim() === '') index++;
    if (index >= lines.length) break;
    const start = index;
    const block: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== '') block.push(lines[index++]!);
    const first = block[0]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->')) continue;
    // A cue: an optional identifier line, then the timing line.
    const timingOffset = first.includes('-->') ? 0 : 1;
    const timing = block[timingOffset];
    const lineNumber = start + timingOffset + 1;
    if (timing === undefined || !timing.includes('-->')) {
      problem(start + 1, `Expected a cue timing line such as "00:00:01.000 --> 00:00:04.000" ${timingOffset ? 'after the cue identifier' : ''}`.trim() + '.');
      continue;
    }
    const checked = checkTimingLine(timing);
    if ('message' in checked) problem(lineNumber, checked.message);
    else cueCount++;
    const payloadArrow = block.slice(timingOffset + 1).findIndex((line) => line.includes('-->'));
    if (payloadArrow >= 0) problem(lineNumber + 1 + payloadArrow, 'Cue text cannot contain "-->"; is a blank line missing before this cue?');
  }
  if (problems.length > 0) return { ok: false, problems };
  if (cueCount === 0) return { ok: false, problems: [{ line: lines.length, message: 'The file has no cues.' }] };
  return { ok: true, cueCount };
}

function checkTimingLine(line: string): { start: number; end: number } | { message: string } {
  const match = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$/.exec(line.trim());
  if (!match) return { message: `Malformed cue timing "${line.trim()}": write it as "00:00:01.000 --> 00:00:04.000", with spaces around -->.` };
  const start = parseVttTimestamp(match[1]!);
  const end = parseVttTimestamp(match[2]!);
  if (start === undefined) return { message: `"${match[1]}" is not a WebVTT timestamp (mm:ss.ttt or hh:mm:ss.ttt).` };
  if (end === undefined) return { message: `"${match[2]}" is not a WebVTT timestamp (mm:ss.ttt or hh:mm:ss.ttt).` };
  if (end <= start) return { message: `The cue ends (${match[2]}) before it starts (${match[1]}).` };
  return { start, end };
}

const pad = (value: string, length: number) => value.padStart(length, '0');

/**
 * Escapes what WebVTT would read as markup but SRT meant as text: a `&` that starts no entity, a `<` that opens
 * no tag WebVTT knows. Drops SRT-only markup (`<font …>`, `{\an8}` positioning) that WebVTT has no use for.
 */
function srtTextToVtt(line: string): string {
  return line
    .replace(/<\/?font[^>]*>/gi, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;')
    .replace(/<(?!\/?(?:b|i|u)>)/gi, '&lt;')
    .replace(/-->/g, '→');
}

/**
 * Converts SubRip (SRT) to WebVTT: the `WEBVTT` header, commas to dots in timings, numeric cue ids kept as
 * cue identifiers, SRT-only markup dropped.
 */
export function srtToWebVtt(text: string): { ok: true; vtt: string; cueCount: number } | { ok: false; problems: CaptionProblem[] } {
  const lines = linesOf(text);
  const problems: CaptionProblem[] = [];
  const cues: string[] = [];
  let index = 0;
  while (index < lines.length) {
    while (index < lines.length && lines[index]!.trim() === '') index++;
    if (index >= lines.length) break;
    const start = index;
    const block: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== '') block.push(lines[index++]!);
    const hasId = !SRT_TIMING.test(block[0]!) && /^\s*\d+\s*$/.test(block[0]!);
    const timing = block[hasId ? 1 : 0];
    const match = timing === undefined ? null : SRT_TIMING.exec(timing);
    if (!match) {
      if (problems.length < MAX_PROBLEMS) {
        problems.push({ line: start + (hasId ? 2 : 1), message: `Expected an SRT timing line such as "00:00:01,000 --> 00:00:04,000", found "${(timing ?? '').trim()}".` });
      }
      continue;
    }
    const [, h1, m1, s1, ms1, h2, m2, s2, ms2] = match as unknown as string[];
    const startText = `${pad(h1!, 2)}:${m1}:${s1}.${ms1}`;
    const endText = `${pad(h2!, 2)}:${m2}:${s2}.${ms2}`;
    if (parseVttTimestamp(endText)! <= parseVttTimestamp(startText)!) {
      if (problems.length < MAX_PROBLEMS) problems.push({ line: start + (hasId ? 2 : 1), message: `The cue ends (${endText}) before it starts (${startText}).` });
      continue;
    }
    const payload = block.slice(hasId ? 2 : 1).map(srtTextToVtt);
    cues.push([...(hasId ? [block[0]!.trim()] : []), `${startText} --> ${endText}`, ...payload].join('\n'));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (cues.length === 0) return { ok: false, problems: [{ line: lines.length, message: 'The file has no cues.' }] };
  return { ok: true, vtt: `WEBVTT\n\n${cues.join('\n\n')}\n`, cueCount: cues.length };
}

/**
 * Reads a captions file in either format (judged by content) into WebVTT: WebVTT is validated and kept as sent
 * (line endings normalised), SRT is converted.
 */
export function readCaptions(text: string): CaptionsResult {
  const format = detectCaptionFormat(text);
  if (format === 'vtt') {
    const checked = validateWebVtt(text);
    if (!checked.ok) return { ok: false, format, problems: checked.problems };
    const vtt = `${linesOf(text).join('\n').replace(/\n*$/, '')}\n`;
    return { ok: true, format, vtt, cueCount: checked.cueCount };
  }
  if (format === 'srt') {
    const converted = srtToWebVtt(text);
    if (!converted.ok) return { ok: false, format, problems: converted.problems };
    // Belt and braces: what the converter wrote must itself be valid WebVTT.
    const checked = validateWebVtt(converted.vtt);
    if (!checked.ok) return { ok: false, format, problems: checked.problems };
    return { ok: true, format, vtt: converted.vtt, cueCount: converted.cueCount };
  }
  return {
    ok: false,
    format: undefined,
    problems: [{ line: 1, message: 'This is neither WebVTT (first line WEBVTT) nor SRT (a cue number, then a line such as 00:00:01,000 --> 00:00:04,000).' }],
  };
}
