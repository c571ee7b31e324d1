import { readFileSync } from 'node:fs';
import { fixturePath } from '../server/testing/fixtures.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectCaptionFormat, parseVttTimestamp, readCaptions, srtToWebVtt, validateWebVtt } from './captions.ts';

/** Real captions from the steering repository's fixtures, beside this repository. */
const fixture = (name: string) => readFileSync(fixturePath(`transcripts/${name}`), 'utf8');

const SRT = `1
00:00:01,000 --> 00:00:04,250
Hello <i>there</i>, Q&A time.

2
00:00:05,500 --> 00:00:07,000
<font color="#ffff00">Second</font> line
{\\an8}on two lines
`;

describe('WebVTT validation', () => {
  it('accepts the real multi-speaker captions, chapters and description fixtures', () => {
    expect(validateWebVtt(fixture('ableplayer-itaccess_captions_en.vtt'))).toEqual({ ok: true, cueCount: 94 });
    expect(validateWebVtt(fixture('ableplayer-itaccess_chapters_en.vtt'))).toMatchObject({ ok: true });
    expect(validateWebVtt(fixture('ableplayer-itaccess_description_en.vtt'))).toMatchObject({ ok: true });
  });

  it('accepts CRLF line endings, a byte-order mark, header text, NOTE blocks, cue ids and cue settings', () => {
    const text = '\uFEFFWEBVTT - a title\r\nKind: captions\r\n\r\nNOTE made by hand\r\n\r\nintro\r\n00:01.000 --> 00:02.500 align:start line:10%\r\n<v Ann>Hi\r\n\r\n01:00:00.000 --> 01:00:01.000\r\nLater\r\n';
    expect(validateWebVtt(text)).toEqual({ ok: true, cueCount: 2 });
  });

  it('refuses a file without the WEBVTT header, naming line 1', () => {
    expect(validateWebVtt('00:01.000 --> 00:02.000\nHi\n')).toEqual({ ok: false, problems: [{ line: 1, message: expect.stringContaining('WEBVTT') }] });
  });

  it('lists the line of every malformed timing and of every cue that ends before it starts', () => {
    const text = ['WEBVTT', '', '00:01.000 --> 00:02.000', 'fine', '', '00:03,000 --> 00:04,000', 'commas', '', 'id', '00:09.000 --> 00:08.000', 'backwards', '', '00:10.000-->00:11.000', 'no spaces'].join('\n');
    const result = validateWebVtt(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.line)).toEqual([6, 10, 13]);
    expect(result.problems[0]!.message).toContain('00:03,000');
    expect(result.problems[1]!.message).toContain('before it starts');
  });

  it('refuses a header-only file as having no cues', () => {
    expect(validateWebVtt('WEBVTT\n\n')).toMatchObject({ ok: false, problems: [{ message: 'The file has no cues.' }] });
  });

  it('reads timestamps with and without hours', () => {
    expect(parseVttTimestamp('01:02.003')).toBeCloseTo(62.003);
    expect(parseVttTimestamp('100:00:00.000')).toBe(360_000);
    expect(parseVttTimestamp('1:02.003')).toBeUndefined();
    expect(parseVttTimestamp('00:60.000')).toBeUndefined();
  });
});

describe('SRT to WebVTT', () => {
  it('adds the header, turns commas into dots, keeps numeric ids and drops SRT-only markup', () => {
    const result = srtToWebVtt(SRT);
    expect(result).toEqual({
      ok: true,
      cueCount: 2,
      vtt: 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.250\nHello <i>there</i>, Q&amp;A time.\n\n2\n00:00:05.500 --> 00:00:07.000\nSecond line\non two lines\n',
    });
    expect(validateWebVtt((result as { vtt: string }).vtt)).toEqual({ ok: true, cueCount: 2 });
  });

  it('names the line of a broken SRT timing', () => {
    const result = srtToWebVtt('1\n00:00:01,000 --> 00:00:04,000\nok\n\n2\n00:00:05 --> 00:00:06,000\nbroken\n');
    expect(result).toEqual({ ok: false, problems: [{ line: 6, message: expect.stringContaining('00:00:05 --> 00:00:06,000') }] });
  });

  it('round-trips any well-formed SRT into valid WebVTT with the same number of cues', () => {
    const cue = fc.record({ start: fc.integer({ min: 0, max: 10 * 3600 * 1000 }), length: fc.integer({ min: 1, max: 60_000 }), text: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim() !== '' && !/[\r\n]/.test(t)) });
    const stamp = (ms: number) => `${String(Math.floor(ms / 3_600_000)).padStart(2, '0')}:${String(Math.floor(ms / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
    fc.assert(
      fc.property(fc.array(cue, { minLength: 1, maxLength: 20 }), (cues) => {
        const srt = cues.map((c, i) => `${i + 1}\n${stamp(c.start)} --> ${stamp(c.start + c.length)}\n${c.text}`).join('\n\n');
        const result = readCaptions(srt);
        expect(result).toMatchObject({ ok: true, format: 'srt', cueCount: cues.length });
      }),
    );
  });
});

describe('reading captions by content', () => {
  it('detects WebVTT and SRT from the text, not from a name', () => {
    expect(detectCaptionFormat(fixture('ableplayer-itaccess_captions_en.vtt'))).toBe('vtt');
    expect(detectCaptionFormat(SRT)).toBe('srt');
    expect(detectCaptionFormat('just some notes\n')).toBeUndefined();
    expect(readCaptions('just some notes\n')).toMatchObject({ ok: false, format: undefined, problems: [{ line: 1 }] });
  });

  it('keeps valid WebVTT as sent, with line endings normalised', () => {
    expect(readCaptions('WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n\r\n\r\n')).toEqual({ ok: true, format: 'vtt', cueCount: 1, vtt: 'WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n' });
  });
});
