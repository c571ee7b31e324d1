import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateWebVtt } from '../captions.ts';
import { parseChapters, parseTranscript, rebaseCaptions } from './transcript.ts';

const FIXTURES = new URL('../../../../shared/fixtures/transcripts/', import.meta.url);
const captions = readFileSync(new URL('ableplayer-itaccess_captions_en.vtt', FIXTURES), 'utf8');
const chapters = readFileSync(new URL('ableplayer-itaccess_chapters_en.vtt', FIXTURES), 'utf8');

const NO_HOURS = `WEBVTT Kind: captions

NOTE written by hand
over two lines

STYLE
::cue(.loud) { font-weight: bold }

intro
00:01.000 --> 00:04.500 align:start
<v.loud Ada Lovelace>Numbers &amp; <b>engines</b>,</v>
<i>not</i> magic.

00:04.500 --> 00:07.250
<c.yellow>Plain</c> &lt;text&gt; <00:05.000>with a timestamp.
`;

describe('parseTranscript', () => {
  it('reads the real multi-speaker captions: every cue, speakers from voice tags, tags removed', () => {
    const { cues } = parseTranscript(captions);
    expect(cues).toHaveLength(94);
    expect(cues[0]).toEqual({ startSeconds: 0.599, endSeconds: 4.069, speaker: 'Michael Young', text: 'We are committed to the notion that everyone should have an opportunity' });
    expect(cues[1]!.speaker).toBeUndefined();
    expect(new Set(cues.map((c) => c.speaker).filter(Boolean))).toContain('Tracy Mitrano');
    expect(cues.every((c) => !/[<>]/.test(c.text.replace('a>', '')))).toBe(true);
  });

  it('reads WebVTT without hours, with cue ids, settings, styling tags, entities, NOTE and STYLE blocks', () => {
    expect(parseTranscript(NO_HOURS).cues).toEqual([
      { id: 'intro', startSeconds: 1, endSeconds: 4.5, speaker: 'Ada Lovelace', text: 'Numbers & engines, not magic.' },
      { startSeconds: 4.5, endSeconds: 7.25, text: 'Plain <text> with a timestamp.' },
    ]);
  });

  it('reads SRT, numbered cues and comma decimals', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,500\nHello <i>there</i>.\n\n2\n00:00:02,500 --> 00:00:05,000\nSecond line\nwraps.\n';
    expect(parseTranscript(srt).cues).toEqual([
      { id: '1', startSeconds: 1, endSeconds: 2.5, text: 'Hello there.' },
      { id: '2', startSeconds: 2.5, endSeconds: 5, text: 'Second line wraps.' },
    ]);
  });

  it('rejects text that is neither WebVTT nor SRT with a stable code', () => {
    expect(() => parseTranscript('just some words')).toThrow(expect.objectContaining({ code: 'captions_invalid' }));
    expect(() => parseTranscript('WEBVTT\n\n00:05.000 --> 00:01.000\nbackwards\n')).toThrow(expect.objectContaining({ code: 'captions_invalid' }));
  });
});

describe('parseChapters', () => {
  it('reads the chapters track as titled spans, the last one past the captions as written', () => {
    const list = parseChapters(chapters);
    expect(list).toHaveLength(14);
    expect(list[0]).toEqual({ title: 'Michael Young', startSeconds: 0, endSeconds: 39 });
    expect(list[13]).toEqual({ title: 'Edward Ray', startSeconds: 340.5, endSeconds: 407 });
  });
});

describe('rebaseCaptions', () => {
  it('keeps the cues overlapping the span, clipped and shifted to start at 0, as valid WebVTT', () => {
    const vtt = rebaseCaptions(captions, 45, 60);
    expect(validateWebVtt(vtt)).toMatchObject({ ok: true });
    const cues = parseTranscript(vtt).cues;
    expect(cues[0]!.startSeconds).toBe(0);
    expect(Math.max(...cues.map((c) => c.endSeconds))).toBe(15);
    expect(cues.every((c) => c.startSeconds >= 0 && c.endSeconds <= 15)).toBe(true);
    // 45 s is inside Tracy Mitrano's turn, whose voice tag was on an earlier cue: it is restated.
    expect(vtt).toContain('<v Tracy Mitrano>');
    expect(vtt).toContain('<v Pablo Molina>');
  });

  it('shifts inline timestamps, keeps ids, settings and STYLE blocks', () => {
    const vtt = rebaseCaptions(NO_HOURS, 2, 7.25);
    expect(validateWebVtt(vtt)).toMatchObject({ ok: true });
    expect(vtt).toContain('STYLE\n::cue(.loud)');
    expect(vtt).toContain('intro\n00:00:00.000 --> 00:00:02.500 align:start\n<v.loud Ada Lovelace>');
    expect(vtt).toContain('<00:00:03.000>with a timestamp.');
  });

  it('reads SRT too, and gives a header alone when nothing overlaps', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,500\nHello.\n';
    expect(rebaseCaptions(srt, 0.5, 2)).toBe('WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.500\nHello.\n');
    expect(rebaseCaptions(srt, 10, 20)).toBe('WEBVTT\n');
  });
});
