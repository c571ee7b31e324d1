import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Calendar, isOpenAt, nextOpenInstant, openRanges, resolveCalendar, slotsOnDay } from './calendar.ts';

const ORG: Calendar = { timeZone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', quietStart: null, quietEnd: null };

describe('resolveCalendar', () => {
  it('takes the person’s settings over the team’s over the organisation’s, field by field', () => {
    const calendar = resolveCalendar({ timeZone: 'Asia/Kolkata' }, { timeZone: 'America/Chicago', workingDays: [2, 3, 4, 5, 6], workStart: '07:00', workEnd: '15:00' }, ORG);
    expect(calendar).toEqual({ ...ORG, timeZone: 'Asia/Kolkata', workingDays: [2, 3, 4, 5, 6], workStart: '07:00', workEnd: '15:00' });
    expect(resolveCalendar({}, undefined, ORG)).toEqual(ORG);
  });
  it('takes working hours as a pair, never a start from one level and an end from another', () => {
    const calendar = resolveCalendar({ workStart: '06:00', workEnd: null }, { workStart: '10:00', workEnd: '18:00' }, ORG);
    expect([calendar.workStart, calendar.workEnd]).toEqual(['10:00', '18:00']);
  });
});

describe('openRanges', () => {
  it('removes quiet hours from working hours, also when they wrap midnight', () => {
    expect(openRanges({ ...ORG, workStart: '06:00', workEnd: '22:00', quietStart: '20:00', quietEnd: '07:00' })).toEqual([[420, 1200]]);
    expect(openRanges({ ...ORG, quietStart: '12:00', quietEnd: '13:00' })).toEqual([[540, 720], [780, 1020]]);
    expect(openRanges({ ...ORG, quietStart: '08:00', quietEnd: '18:00' })).toEqual([]);
  });
});

describe('isOpenAt', () => {
  it('reads the instant in the learner’s zone, across a daylight-saving change', () => {
    // London moves to BST on Sunday 30 March 2025; Monday 31 March 09:00 BST is 08:00 UTC.
    expect(isOpenAt(ORG, new Date('2025-03-31T08:00:00Z'))).toBe(true);
    expect(isOpenAt(ORG, new Date('2025-03-31T07:59:00Z'))).toBe(false);
    // The Friday before, still GMT: 09:00 is 09:00 UTC.
    expect(isOpenAt(ORG, new Date('2025-03-28T08:30:00Z'))).toBe(false);
    expect(isOpenAt(ORG, new Date('2025-03-28T09:00:00Z'))).toBe(true);
    // Saturday is not a working day.
    expect(isOpenAt(ORG, new Date('2025-03-29T12:00:00Z'))).toBe(false);
  });
});

describe('slotsOnDay', () => {
  const monday = { year: 2025, month: 3, day: 31 };
  it('starts half an hour into the day and spaces the sends a minute apart', () => {
    const slots = slotsOnDay(ORG, monday, 3, new Date('2025-03-30T00:00:00Z'));
    expect(slots.map((slot) => slot.toISOString())).toEqual(['2025-03-31T08:30:00.000Z', '2025-03-31T08:31:00.000Z', '2025-03-31T08:32:00.000Z']);
  });
  it('sends as soon as possible after a start later in the day, and nothing on a day already past', () => {
    expect(slotsOnDay(ORG, monday, 1, new Date('2025-03-31T13:20:30Z'))[0]?.toISOString()).toBe('2025-03-31T13:21:00.000Z');
    expect(slotsOnDay(ORG, monday, 1, new Date('2025-04-01T08:00:00Z'))).toEqual([]);
    expect(slotsOnDay(ORG, monday, 1, new Date('2025-03-31T16:00:00Z'))).toEqual([]);
  });
  it('never proposes a local time that a daylight-saving jump skips', () => {
    // Night shift in New York starting 02:00 on the Sunday the clocks jump from 02:00 to 03:00.
    const night: Calendar = { ...ORG, timeZone: 'America/New_York', workingDays: [7], workStart: '02:00', workEnd: '04:00' };
    const slots = slotsOnDay(night, { year: 2025, month: 3, day: 9 }, 2, new Date('2025-03-01T00:00:00Z'));
    expect(slots).toHaveLength(2);
    for (const slot of slots) expect(isOpenAt(night, slot)).toBe(true);
    expect(slots[0]!.toISOString()).toBe('2025-03-09T07:30:00.000Z'); // 03:30 EDT
  });
  it('offers nothing on a day whose whole window a daylight-saving jump skips', () => {
    const skipped: Calendar = { ...ORG, timeZone: 'America/New_York', workingDays: [7], workStart: '02:00', workEnd: '02:45' };
    expect(slotsOnDay(skipped, { year: 2025, month: 3, day: 9 }, 1, new Date('2025-03-01T00:00:00Z'))).toEqual([]);
    expect(slotsOnDay(skipped, { year: 2025, month: 3, day: 16 }, 1, new Date('2025-03-01T00:00:00Z'))).toHaveLength(1);
  });
});

describe('nextOpenInstant', () => {
  it('is the instant itself inside the window, else the next opening in the learner’s zone', () => {
    const inside = new Date('2025-03-31T10:15:00Z');
    expect(nextOpenInstant(ORG, inside)).toEqual(inside);
    // Friday 18:00 London → Monday 09:00 BST (after the clocks went forward on Sunday 30 March 2025).
    expect(nextOpenInstant(ORG, new Date('2025-03-28T18:00:00Z'))?.toISOString()).toBe('2025-03-31T08:00:00.000Z');
    // Quiet hours over the whole working day: never open.
    expect(nextOpenInstant({ ...ORG, quietStart: '00:00', quietEnd: '23:59' }, inside)).toBeNull();
  });
  it('always answers an open instant, never before the one asked about, in any zone', () => {
    const zones = ['Pacific/Auckland', 'America/Sao_Paulo', 'Europe/London', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 10 }), (timeZone, minutes, startHour, length) => {
        const calendar: Calendar = { ...ORG, timeZone, workStart: `${String(startHour).padStart(2, '0')}:00`, workEnd: `${String(Math.min(23, startHour + length)).padStart(2, '0')}:00`, quietStart: '12:00', quietEnd: '12:30' };
        const from = new Date(Date.UTC(2025, 0, 1) + minutes * 60_000);
        const next = nextOpenInstant(calendar, from);
        expect(next).not.toBeNull();
        expect(next!.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(isOpenAt(calendar, next!)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
