import { describe, expect, it } from 'vitest';
import { greetingFor } from './today.ts';

describe('greetingFor', () => {
  it('greets by the hour in the person’s own time zone, not the browser’s', () => {
    const now = new Date('2025-03-10T10:30:00Z');
    expect(greetingFor(now, 'Europe/London')).toBe('Good morning');
    expect(greetingFor(now, 'Asia/Tokyo')).toBe('Good evening');
    expect(greetingFor(now, 'Asia/Kolkata')).toBe('Good afternoon');
    expect(greetingFor(now, 'Pacific/Honolulu')).toBe('Hello');
  });
});
