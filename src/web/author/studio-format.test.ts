import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client.ts';
import { describeDuration, describeMediaError, durationMeter, formatBytes, ruleTitle, sortFindings } from './studio-format.ts';

describe('durationMeter', () => {
  it('reads "m:ss of 2:00" and turns to over past two minutes', () => {
    expect(durationMeter(95)).toEqual({ level: 'ok', percent: 79, label: '1:35 of 2:00' });
    expect(durationMeter(110).level).toBe('near');
    expect(durationMeter(120).level).toBe('near');
    expect(durationMeter(120.4)).toMatchObject({ level: 'over', percent: 100 });
  });
});

describe('describeDuration', () => {
  it('spells durations out for screen readers', () => {
    expect(describeDuration(95)).toBe('1 minute 35 seconds');
    expect(describeDuration(120)).toBe('2 minutes');
    expect(describeDuration(0)).toBe('0 seconds');
  });
});

describe('formatBytes', () => {
  it('uses decimal units with one decimal under ten', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(4_240_000)).toBe('4.2 MB');
    expect(formatBytes(52_000_000)).toBe('52 MB');
  });
});

describe('describeMediaError', () => {
  it('explains each media error code with what to do', () => {
    expect(describeMediaError(new ApiError(503, 'ffmpeg_missing', 'FFmpeg is not installed.')).title).toBe('Video and audio cannot be processed on this server');
    expect(describeMediaError(new ApiError(413, 'media_too_large', 'The limit is 200 MB.')).message).toContain('The limit is 200 MB.');
    expect(describeMediaError(new ApiError(415, 'media_unsupported', 'x')).title).toBe('This kind of file is not supported');
    expect(describeMediaError(new ApiError(422, 'media_corrupt', 'x')).title).toBe('This file could not be read');
  });

  it('lists the faulty lines of invalid captions', () => {
    const error = new ApiError(400, 'captions_invalid', 'These captions are not valid WebVTT: line 6: bad timing.', { format: 'vtt', problems: [{ line: 6, message: 'bad timing.' }, { line: 9, message: 'no text.' }] });
    expect(describeMediaError(error).lines).toEqual(['Line 6: bad timing.', 'Line 9: no text.']);
  });
});

describe('findings', () => {
  it('puts errors first and names rules it does not know', () => {
    const sorted = sortFindings([
      { rule: 'text_only', severity: 'warning' as const },
      { rule: 'too_long', severity: 'error' as const },
      { rule: 'not_findable', severity: 'warning' as const },
    ]);
    expect(sorted.map((f) => f.rule)).toEqual(['too_long', 'text_only', 'not_findable']);
    expect(ruleTitle('too_long')).toBe('Too long');
    expect(ruleTitle('brand_new_rule')).toBe('Brand new rule');
  });
});
