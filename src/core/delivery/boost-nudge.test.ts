import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boostNudgeDueOn } from './boost-nudge.ts';
import { type Calendar, isOpenAt } from './calendar.ts';

const TOKYO: Calendar = { timeZone: 'Asia/Tokyo', workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', quietStart: '20:00', quietEnd: '07:00' };

describe('boostNudgeDueOn', () => {
  it('is due from half an hour into the working day, in the person’s zone, for two hours', () => {
    // Tuesday 3 March 2026 in Tokyo (UTC+9): work starts at 00:00 UTC, the nudge at 00:30 UTC.
    expect(boostNudgeDueOn(TOKYO, new Date('2026-03-03T00:29:59Z'))).toBeNull();
    expect(boostNudgeDueOn(TOKYO, new Date('2026-03-03T00:30:00Z'))).toBe('2026-03-03');
    expect(boostNudgeDueOn(TOKYO, new Date('2026-03-03T02:29:00Z'))).toBe('2026-03-03');
    expect(boostNudgeDueOn(TOKYO, new Date('2026-03-03T02:30:00Z'))).toBeNull();
  });

  it('is never due on a day off, and names the local date, not the UTC one', () => {
    expect(boostNudgeDueOn(TOKYO, new Date('2026-03-07T00:45:00Z'))).toBeNull(); // Saturday
    const auckland: Calendar = { ...TOKYO, timeZone: 'Pacific/Auckland' };
    // Monday 09:45 in Auckland (UTC+13 in March) is Sunday 20:45 UTC.
    expect(boostNudgeDueOn(auckland, new Date('2026-03-01T20:45:00Z'))).toBe('2026-03-02');
  });

  it('only ever says due while the person’s window is open (any zone, hours and instant)', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 22 }),
        fc.integer({ min: 1, max: 10 }),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        (timeZone, startHour, hours, now) => {
          const end = Math.min(24 * 60 - 1, (startHour + hours) * 60);
          const pad = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          const calendar: Calendar = { timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7], workStart: pad(startHour * 60), workEnd: pad(end), quietStart: null, quietEnd: null };
          if (boostNudgeDueOn(calendar, now) !== null) expect(isOpenAt(calendar, now)).toBe(true);
        },
      ),
    );
  });
});
