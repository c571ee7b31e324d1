/**
 * Real media files for tests: the shared fixture video, and small files made with ffmpeg at test time (so no
 * binaries are committed), plus damaged and disguised ones. Test support only.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../testing/fixtures.ts';

/** Blender Foundation's Tears of Steel, 70.5 s, VP8 800×332 + Vorbis, 3.4 MB (see shared/fixtures/README.md). */
export const FIXTURE_VIDEO = fixturePath('video/tears-of-steel-battle-clip-medium.webm');
/** Real captions: 94 cues, multi-speaker, `<v>` voice tags. */
export const FIXTURE_CAPTIONS = fixturePath('transcripts/ableplayer-itaccess_captions_en.vtt');

export interface MediaFixtures {
  mp3: string;
  png: string;
  jpg: string;
  gif: string;
  webp: string;
  /** Random bytes under a video's name. */
  randomMp4: string;
  /** An MP4 header followed by garbage: recognised as MP4, unreadable by ffprobe. */
  brokenMp4: string;
  /** The fixture video cut at half: its header still says 70.5 s. */
  truncatedWebm: string;
  /** Plain text under a video's name. */
  textMp4: string;
  svg: string;
  srt: string;
}

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);

/** Writes every fixture into `dir` (a fresh temporary folder) and returns their paths. */
export function makeMediaFixtures(dir: string): MediaFixtures {
  const at = (name: string) => join(dir, name);
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', at('tone.mp3'));
  for (const ext of ['png', 'jpg', 'gif', 'webp']) ffmpeg('-f', 'lavfi', '-i', 'color=c=blue:s=64x48', '-frames:v', '1', at(`blue.${ext}`));
  writeFileSync(at('random.mp4'), randomBytes(64 * 1024));
  writeFileSync(at('broken.mp4'), Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), randomBytes(8 * 1024)]));
  const video = readFileSync(FIXTURE_VIDEO);
  writeFileSync(at('truncated.webm'), video.subarray(0, Math.floor(video.length / 2)));
  writeFileSync(at('notes.mp4'), 'These are my meeting notes, not a video.\n');
  writeFileSync(at('logo.svg'), '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>\n');
  writeFileSync(at('captions.srt'), '1\r\n00:00:00,500 --> 00:00:02,000\r\nBonjour <i>à tous</i>.\r\n\r\n2\r\n00:00:02,500 --> 00:00:05,000\r\nQuestions & réponses.\r\n');
  return {
    mp3: at('tone.mp3'),
    png: at('blue.png'),
    jpg: at('blue.jpg'),
    gif: at('blue.gif'),
    webp: at('blue.webp'),
    randomMp4: at('random.mp4'),
    brokenMp4: at('broken.mp4'),
    truncatedWebm: at('truncated.webm'),
    textMp4: at('notes.mp4'),
    svg: at('logo.svg'),
    srt: at('captions.srt'),
  };
}

/** Every file under `dir`, relative, sorted (empty folders do not count). */
export function filesUnder(dir: string, prefix = ''): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(dir, prefix));
  } catch {
    return [];
  }
  return entries
    .flatMap((name) => {
      const relative = prefix ? `${prefix}/${name}` : name;
      return statSync(join(dir, relative)).isDirectory() ? filesUnder(dir, relative) : [relative];
    })
    .sort();
}
