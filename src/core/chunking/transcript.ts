/**
 * Transcripts: WebVTT or SRT captions read into timed, plain-text cues (speaker from `<v Name>`), chapters tracks
 * read into titled spans, and captions re-based to one clip. Pure: text in, data or text out. Timestamps and
 * validation come from `../captions.ts`, so the chunker and the upload check agree on what a valid file is.
 */
import { decodeHTML } from 'entities';
import { parseVttTimestamp, readCaptions, type CaptionProblem } from '../captions.ts';

/** One cue of a transcript, its text plain (tags removed, entities decoded, lines joined by spaces). */
export interface TranscriptCue {
  id?: string;
  startSeconds: number;
  endSeconds: number;
  /** The voice of the cue's first `<v Name>` tag; cues without one have none (the chunker carries the last speaker on). */
  speaker?: string;
  text: string;
}

export interface Transcript {
  cues: TranscriptCue[];
}

/** One chapter of a chapters track (`kind="chapters"`): its title is the cue's text. */
export interface Chapter {
  title: string;
  startSeconds: number;
  endSeconds: number;
}

/** Thrown when captions are neither valid WebVTT nor valid SRT; `problems` says where, line by line. */
export class TranscriptFormatError extends Error {
  readonly code = 'captions_invalid';
  constructor(readonly problems: CaptionProblem[]) {
    super(`The captions cannot be read: ${problems.map((p) => `line ${p.line}: ${p.message}`).join(' ')}`);
    this.name = 'TranscriptFormatError';
  }
}

/** A cue as written: timings, settings and the payload lines with their markup, for re-writing. */
interface RawCue {
  id?: string;
  startSeconds: number;
  endSeconds: number;
  settings: string;
  payload: string[];
}

interface RawVtt {
  /** STYLE and REGION blocks, which must stay before the cues. */
  preamble: string[];
  cues: RawCue[];
}

/** Reads either format into WebVTT text (SRT converted), or throws with the problems found. */
function toWebVtt(text: string): string {
  const read = readCaptions(text);
  if (!read.ok) throw new TranscriptFormatError(read.problems);
  return read.vtt;
}

/** Splits valid WebVTT into its blocks; NOTE blocks are dropped, STYLE and REGION kept aside. */
function readVttBlocks(vtt: string): RawVtt {
  const lines = vtt.split('\n');
  const preamble: string[] = [];
  const cues: RawCue[] = [];
  let index = 1;
  while (index < lines.length && lines[index]!.trim() !== '') index++; // the header
  while (index < lines.length) {
    while (index < lines.length && lines[index]!.trim() === '') index++;
    if (index >= lines.length) break;
    const block: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== '') block.push(lines[index++]!);
    const first = block[0]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->')) {
      if (!first.startsWith('NOTE')) preamble.push(block.join('\n'));
      continue;
    }
    const timingOffset = first.includes('-->') ? 0 : 1;
    // validateWebVtt (through readCaptions) has checked every timing line, so these parse.
    const [startText, , endText, ...settings] = block[timingOffset]!.trim().split(/[ \t]+/);
    cues.push({
      ...(timingOffset === 1 && { id: first.trim() }),
      startSeconds: parseVttTimestamp(startText!)!,
      endSeconds: parseVttTimestamp(endText!)!,
      settings: settings.join(' '),
      payload: block.slice(timingOffset + 1),
    });
  }
  return { preamble, cues };
}

/**
 * Reads cue text markup per the WebVTT cue text syntax: `<…>` is a tag (class, italic, bold, underline, ruby,
 * voice, language or an inline timestamp), `&…;` an entity. Returns the plain text and the first voice.
 */
function readCueText(payload: readonly string[]): { text: string; speaker?: string } {
  const source = payload.join('\n');
  let text = '';
  let speaker: string | undefined;
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('<', index);
    const until = open < 0 ? source.length : open;
    text += source.slice(index, until);
    if (open < 0) break;
    const close = source.indexOf('>', open);
    if (close < 0) {
      // An unclosed `<` is text, as a browser shows it.
      text += source.slice(open);
      break;
    }
    const tag = source.slice(open + 1, close);
    const voice = /^v(?:\.[^\s>]*)?[ \t]+(.+)$/.exec(tag);
    if (voice && speaker === undefined) speaker = decodeHTML(voice[1]!.trim());
    index = close + 1;
  }
  const plain = decodeHTML(text).replace(/\s+/g, ' ').trim();
  return { text: plain, ...(speaker && { speaker }) };
}

/**
 * Reads captions (WebVTT, with or without hours, cue ids, voice and styling tags; or SRT) into plain-text cues
 * in file order. NOTE, STYLE and REGION blocks are skipped.
 * @throws TranscriptFormatError when the text is neither valid WebVTT nor valid SRT.
 */
export function parseTranscript(text: string): Transcript {
  const { cues } = readVttBlocks(toWebVtt(text));
  return {
    cues: cues.map((cue) => ({
      ...(cue.id !== undefined && { id: cue.id }),
      startSeconds: cue.startSeconds,
      endSeconds: cue.endSeconds,
      ...readCueText(cue.payload),
    })),
  };
}

/**
 * Reads a chapters track: one chapter per cue, titled by its text, sorted by start. Cues without text are skipped.
 * @throws TranscriptFormatError when the text is not valid WebVTT or SRT.
 */
export function parseChapters(text: string): Chapter[] {
  return parseTranscript(text)
    .cues.filter((cue) => cue.text !== '')
    .map((cue) => ({ title: cue.text, startSeconds: cue.startSeconds, endSeconds: cue.endSeconds }))
    .sort((a, b) => a.startSeconds - b.startSeconds || a.endSeconds - b.endSeconds);
}

/** `hh:mm:ss.ttt`, always with hours, so every player reads it. */
export function formatVttTimestamp(seconds: number): string {
  const millis = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(millis / 3_600_000);
  const m = Math.floor((millis % 3_600_000) / 60_000);
  const s = Math.floor((millis % 60_000) / 1000);
  const ms = millis % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
}

/**
 * Captions for one clip cut from `[startSeconds, endSeconds)` of the media: the cues that overlap the span,
 * clipped to it and shifted so the clip starts at 0. Markup is kept; inline timestamps are shifted too. A clip
 * that starts inside a speaker's turn gets that speaker's `<v Name>` on its first cue, so the voice is not lost.
 * Returns `WEBVTT` alone when no cue overlaps (a valid file has at least one cue: check before storing it).
 * @throws TranscriptFormatError when the captions are neither valid WebVTT nor valid SRT.
 */
export function rebaseCaptions(vttText: string, startSeconds: number, endSeconds: number): string {
  const { preamble, cues } = readVttBlocks(toWebVtt(vttText));
  const out: string[] = [];
  let lastVoice: string | undefined;
  let first = true;
  for (const cue of cues) {
    const voice = /<v(?:\.[^\s>]*)?[ \t]+[^>]+>/.exec(cue.payload.join('\n'))?.[0];
    const inherited = lastVoice;
    if (voice) lastVoice = voice;
    if (cue.endSeconds <= startSeconds || cue.startSeconds >= endSeconds) continue;
    const start = Math.max(cue.startSeconds, startSeconds) - startSeconds;
    const end = Math.min(cue.endSeconds, endSeconds) - startSeconds;
    if (Math.round(end * 1000) <= Math.round(start * 1000)) continue;
    const payload = cue.payload.map((line) =>
      line.replace(/<((?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})>/g, (tag, stamp: string) => {
        const at = parseVttTimestamp(stamp);
        return at === undefined ? tag : `<${formatVttTimestamp(Math.min(end, Math.max(start, at - startSeconds)))}>`;
      }),
    );
    if (first && !voice && inherited) payload[0] = `${inherited}${payload[0] ?? ''}`;
    first = false;
    const timing = `${formatVttTimestamp(start)} --> ${formatVttTimestamp(end)}${cue.settings ? ` ${cue.settings}` : ''}`;
    out.push([...(cue.id !== undefined ? [cue.id] : []), timing, ...payload].join('\n'));
  }
  return ['WEBVTT', ...preamble, ...out].join('\n\n') + '\n';
}
