/**
 * What an uploaded file is, judged by its content (file-type reads the magic numbers), never by its name or the
 * browser's claimed type; the name is only used to word an error helpfully. Also: image dimensions read from the
 * header (so images work without ffmpeg) and safe display names.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { detectCaptionFormat } from '../../../core/captions.ts';
import { AppError } from '../../platform/errors.ts';
import type { MediaKind } from './media.schemas.ts';

/** A format the library accepts. Containers that hold video or audio are decided by their streams after probing. */
export type AcceptedFormat =
  | { family: 'image'; ext: string; mimeType: string; label: string }
  | { family: 'audio-video'; ext: string; audioExt: string; videoMimeType: string; audioMimeType: string; label: string };

const image = (ext: string, mimeType: string, label: string): AcceptedFormat => ({ family: 'image', ext, mimeType, label });
const av = (ext: string, audioExt: string, videoMimeType: string, audioMimeType: string, label: string): AcceptedFormat => ({
  family: 'audio-video',
  ext,
  audioExt,
  videoMimeType,
  audioMimeType,
  label,
});

/**
 * file-type's extension → what the library stores. Only formats every current browser plays: an item a learner's
 * browser cannot show is worse than a refusal at upload.
 */
const ACCEPTED: Record<string, AcceptedFormat> = {
  png: image('png', 'image/png', 'PNG'),
  jpg: image('jpg', 'image/jpeg', 'JPEG'),
  webp: image('webp', 'image/webp', 'WebP'),
  gif: image('gif', 'image/gif', 'GIF'),
  mp4: av('mp4', 'm4a', 'video/mp4', 'audio/mp4', 'MP4'),
  m4v: av('mp4', 'm4a', 'video/mp4', 'audio/mp4', 'MP4'),
  m4a: av('mp4', 'm4a', 'video/mp4', 'audio/mp4', 'M4A'),
  mov: av('mov', 'm4a', 'video/quicktime', 'audio/mp4', 'QuickTime'),
  webm: av('webm', 'webm', 'video/webm', 'audio/webm', 'WebM'),
  ogg: av('ogv', 'ogg', 'video/ogg', 'audio/ogg', 'Ogg'),
  ogv: av('ogv', 'ogg', 'video/ogg', 'audio/ogg', 'Ogg'),
  oga: av('ogv', 'ogg', 'video/ogg', 'audio/ogg', 'Ogg'),
  opus: av('ogv', 'ogg', 'video/ogg', 'audio/ogg', 'Opus'),
  spx: av('ogv', 'ogg', 'video/ogg', 'audio/ogg', 'Ogg'),
  mp3: av('mp3', 'mp3', 'audio/mpeg', 'audio/mpeg', 'MP3'),
  aac: av('aac', 'aac', 'audio/aac', 'audio/aac', 'AAC'),
  wav: av('wav', 'wav', 'audio/wav', 'audio/wav', 'WAV'),
};

/** Formats people often try, with what to do instead. */
const ADVICE: Record<string, string> = {
  svg: 'SVG images are not accepted because they can carry scripts. Export the image as PNG or WebP.',
  mkv: 'Browsers do not play Matroska (.mkv) files. Convert it to MP4 (H.264/AAC) or WebM.',
  avi: 'Browsers do not play AVI files. Convert it to MP4 (H.264/AAC) or WebM.',
  heic: 'Browsers do not show HEIC photos. Export it as JPEG or WebP.',
  tif: 'Browsers do not show TIFF images. Export it as PNG or JPEG.',
  flac: 'FLAC audio is not accepted. Convert it to MP3, M4A or Ogg.',
  pdf: 'PDF documents are not media. Attach documents as a tool block, or export a page as an image.',
  vtt: 'This is a captions file. Upload the video or audio first, then add the captions to it (POST /api/media/:id/captions).',
};

export const ACCEPTED_SUMMARY = 'Accepted: images (PNG, JPEG, WebP, GIF), video (MP4, WebM, Ogg, MOV) and audio (MP3, M4A/AAC, Ogg/Opus, WAV, WebM).';

/** Extensions that name media formats, for telling "damaged" from "not media" when the content is unrecognisable. */
const MEDIA_NAME_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'mp4', 'm4v', 'm4a', 'mov', 'webm', 'ogg', 'ogv', 'oga', 'opus', 'mp3', 'aac', 'wav']);

/** Reads up to `bytes` from the start of a file. */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Text, as far as a head of bytes can tell: valid UTF-8 (a cut last character allowed) without NUL bytes. */
function looksLikeText(head: Buffer): string | undefined {
  if (head.length === 0 || head.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
}

/**
 * Decides what the file at `path` is from its content.
 * @throws AppError media_unsupported for recognised formats the library does not take (with advice), text, and
 *   unrecognisable content; media_corrupt for unrecognisable content under a media file's name (a damaged file).
 */
export async function detectFormat(path: string, claimedName: string): Promise<AcceptedFormat> {
  const detected = await fileTypeFromFile(path);
  // XML is text: an SVG with an `<?xml` prolog is recognised as XML, and is refused with the reason below.
  if (detected && detected.ext !== 'xml') {
    const accepted = ACCEPTED[detected.ext];
    if (accepted) return accepted;
    const advice = ADVICE[detected.ext];
    throw new AppError('media_unsupported', advice ?? `This file is ${detected.ext.toUpperCase()} (${detected.mime}), which the media library does not take. ${ACCEPTED_SUMMARY}`, {
      detected: detected.mime,
    });
  }
  const head = await readHead(path, 8192);
  const text = looksLikeText(head);
  if (text !== undefined) {
    if (/<svg[\s>]/i.test(text)) throw new AppError('media_unsupported', ADVICE.svg!, { detected: 'image/svg+xml' });
    if (detectCaptionFormat(text)) throw new AppError('media_unsupported', ADVICE.vtt!, { detected: 'text/vtt' });
    throw new AppError('media_unsupported', `This is a text file, not an image, video or audio file, whatever its name says. ${ACCEPTED_SUMMARY}`, { detected: 'text/plain' });
  }
  const nameExt = extname(claimedName).slice(1).toLowerCase();
  if (MEDIA_NAME_EXTENSIONS.has(nameExt)) {
    throw new AppError('media_corrupt', `The file is named .${nameExt} but its content is not a readable ${nameExt.toUpperCase()} file. It may be damaged or incompletely copied; export it again.`);
  }
  throw new AppError('media_unsupported', `The type of this file could not be recognised. ${ACCEPTED_SUMMARY}`);
}

/** The kind and stored format of an audio/video container, from its streams; undefined when it has neither. */
export function classifyStreams(format: Extract<AcceptedFormat, { family: 'audio-video' }>, streams: { type: string; isCoverArt: boolean }[]): { kind: MediaKind; mimeType: string; ext: string } | undefined {
  // A still picture in an audio file (an MP3's cover) does not make it a video.
  if (streams.some((s) => s.type === 'video' && !s.isCoverArt) && format.videoMimeType.startsWith('video/')) return { kind: 'video', mimeType: format.videoMimeType, ext: format.ext };
  if (streams.some((s) => s.type === 'audio')) return { kind: 'audio', mimeType: format.audioMimeType, ext: format.audioExt };
  return undefined;
}

/**
 * Width and height from an image's header (PNG, GIF, WebP, JPEG), so images need no ffprobe. Undefined when the
 * header cannot be read (then the file is damaged, or a JPEG with its frame header further in than `head`).
 */
export function readImageSize(head: Buffer, ext: string): { width: number; height: number } | undefined {
  const sized = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined);
  if (ext === 'png') {
    if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return sized(head.readUInt32BE(16), head.readUInt32BE(20));
  }
  if (ext === 'gif') {
    if (head.length < 10) return undefined;
    return sized(head.readUInt16LE(6), head.readUInt16LE(8));
  }
  if (ext === 'webp') {
    if (head.length < 30) return undefined;
    const chunk = head.toString('latin1', 12, 16);
    if (chunk === 'VP8 ') return sized(head.readUInt16LE(26) & 0x3fff, head.readUInt16LE(28) & 0x3fff);
    if (chunk === 'VP8L') {
      const bits = head.readUInt32LE(21);
      return sized((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X') return sized(head.readUIntLE(24, 3) + 1, head.readUIntLE(27, 3) + 1);
    return undefined;
  }
  if (ext === 'jpg') {
    let offset = 2;
    while (offset + 9 < head.length) {
      if (head[offset] !== 0xff) return undefined;
      const marker = head[offset + 1]!;
      if (marker === 0xff) {
        offset++;
        continue;
      }
      // Start-of-frame markers carry the size; C4 (Huffman), C8 and CC (arithmetic tables) do not.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return sized(head.readUInt16BE(offset + 7), head.readUInt16BE(offset + 5));
      }
      offset += 2 + head.readUInt16BE(offset + 2);
    }
    return undefined;
  }
  return undefined;
}

/**
 * A display name safe to store and to put in a Content-Disposition header: no folders, no control or
 * reserved characters, at most 200 characters (the extension kept), `upload.<ext>` when nothing is left.
 */
export function sanitizeFilename(name: string, fallbackExt: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).at(-1) ?? '';
  let clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (clean.length > 200) {
    const ext = extname(clean).slice(0, 20);
    clean = clean.slice(0, 200 - ext.length) + ext;
  }
  if (!clean) return `upload.${fallbackExt}`;
  return extname(clean) ? clean : `${clean}.${fallbackExt}`;
}
