import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Calendar, isOpenAt } from './calendar.ts';
import { type Pacing, planCampaign, type PlanRequest } from './planner.ts';

const calendar = (timeZone: string, overrides: Partial<Calendar> = {}): Calendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  quietStart: null,
  quietEnd: null,
  ...overrides,
});
const LESSONS = ['greet', 'hold', 'close'];
const iso = (dates: readonly { sendAt: Date }[]) => dates.map((d) => d.sendAt.toISOString());

describe('planCampaign: Angie’s two-day campaign', () => {
  // Monday 3 March 2025 08:00 UTC to Wednesday 5 March 00:00 UTC; three lessons, two a day.
  const request: PlanRequest = { lessonIds: LESSONS, startAt: new Date('2025-03-03T08:00:00Z'), deadline: new Date('2025-03-05T00:00:00Z'), now: new Date('2025-03-03T08:00:00Z'), pacing: { mode: 'daily', lessonsPerDay: 2 } };
  const reps = [
    { learnerId: 'london', calendar: calendar('Europe/London') },
    { learnerId: 'chicago', calendar: calendar('America/Chicago', { workStart: '08:00', workEnd: '16:00' }) },
    { learnerId: 'kolkata', calendar: calendar('Asia/Kolkata', { workStart: '10:00', workEnd: '18:30' }) },
    { learnerId: 'sydney', calendar: calendar('Australia/Sydney') },
  ];

  it('gives each representative each lesson inside their own working hours, in order, before the deadline', () => {
    const plan = planCampaign(reps, request);
    expect(plan.issues).toEqual([]);
    expect(plan.deliveries).toHaveLength(12);
    expect(iso(plan.deliveries.filter((d) => d.learnerId === 'london'))).toEqual(['2025-03-03T09:30:00.000Z', '2025-03-03T09:31:00.000Z', '2025-03-04T09:30:00.000Z']);
    // 08:30 in Chicago (UTC−6).
    expect(iso(plan.deliveries.filter((d) => d.learnerId === 'chicago'))[0]).toBe('2025-03-03T14:30:00.000Z');
    // Monday in Kolkata started before the campaign: 13:30 IST is after the start at 08:00 UTC (13:30 IST), so it goes at once.
    expect(iso(plan.deliveries.filter((d) => d.learnerId === 'kolkata'))[0]).toBe('2025-03-03T08:00:00.000Z');
    // Sydney’s Monday ends at 06:00 UTC, before the start: Tuesday 09:30 AEDT is Monday 22:30 UTC.
    expect(iso(plan.deliveries.filter((d) => d.learnerId === 'sydney'))).toEqual(['2025-03-03T22:30:00.000Z', '2025-03-03T22:31:00.000Z', '2025-03-04T22:30:00.000Z']);
    for (const delivery of plan.deliveries) expect(delivery.isAfterDeadline).toBe(false);
  });

  it('compresses the plan of a learner added late, and says so', () => {
    const late = planCampaign([reps[0]!], { ...request, now: new Date('2025-03-04T12:00:00Z') });
    expect(iso(late.deliveries)).toEqual(['2025-03-04T12:00:00.000Z', '2025-03-04T12:01:00.000Z', '2025-03-04T12:02:00.000Z']);
    expect(late.issues).toEqual([{ learnerId: 'london', kind: 'compressed', lessonCount: 0 }]);
  });

  it('reports a deadline that cannot be met and still plans the lessons after it', () => {
    const plan = planCampaign([reps[0]!], { ...request, now: new Date('2025-03-04T18:00:00Z') });
    expect(plan.issues).toEqual([{ learnerId: 'london', kind: 'infeasible_deadline', lessonCount: 3 }]);
    expect(plan.deliveries.map((d) => d.isAfterDeadline)).toEqual([true, true, true]);
  });

  it('reports a calendar that never opens instead of dropping the lessons silently', () => {
    const plan = planCampaign([{ learnerId: 'q', calendar: calendar('Europe/London', { quietStart: '08:00', quietEnd: '18:00' }) }], request);
    expect(plan.deliveries).toEqual([]);
    expect(plan.issues).toEqual([{ learnerId: 'q', kind: 'no_window', lessonCount: 3 }]);
  });

  it('does not plan again what a learner was already sent', () => {
    const plan = planCampaign([{ ...reps[0]!, alreadySent: 2 }], request);
    expect(plan.deliveries.map((d) => [d.lessonId, d.sequence])).toEqual([['close', 2]]);
  });
});

describe('planCampaign: pacing', () => {
  const base = { lessonIds: ['a', 'b', 'c', 'd'], startAt: new Date('2025-03-03T00:00:00Z'), now: new Date('2025-03-03T00:00:00Z') };
  const london = [{ learnerId: 'l', calendar: calendar('Europe/London') }];
  it('all at once: everything at the first good moment', () => {
    const plan = planCampaign(london, { ...base, deadline: null, pacing: { mode: 'all_at_once' } });
    expect(iso(plan.deliveries)).toEqual(['2025-03-03T09:30:00.000Z', '2025-03-03T09:31:00.000Z', '2025-03-03T09:32:00.000Z', '2025-03-03T09:33:00.000Z']);
  });
  it('spread: evenly over the working days before the deadline, skipping the weekend', () => {
    // Two working weeks (10 working days) for 4 lessons: days 0, 2, 5, 7 of the open days.
    const plan = planCampaign(london, { ...base, deadline: new Date('2025-03-15T00:00:00Z'), pacing: { mode: 'spread' } });
    expect(iso(plan.deliveries).map((at) => at.slice(0, 10))).toEqual(['2025-03-03', '2025-03-05', '2025-03-10', '2025-03-12']);
  });
  it('one lesson a day without a deadline, working days only', () => {
    const plan = planCampaign(london, { ...base, startAt: new Date('2025-03-06T00:00:00Z'), now: new Date('2025-03-06T00:00:00Z'), deadline: null, pacing: { mode: 'daily', lessonsPerDay: 1 } });
    expect(iso(plan.deliveries).map((at) => at.slice(0, 10))).toEqual(['2025-03-06', '2025-03-07', '2025-03-10', '2025-03-11']);
  });
  it('plans thousands of learners, each at the time of their own zone', () => {
    const many = Array.from({ length: 2000 }, (_, index) => ({ learnerId: `p${index}`, calendar: calendar(index % 2 ? 'Europe/London' : 'Asia/Tokyo') }));
    const plan = planCampaign(many, { ...base, deadline: null, pacing: { mode: 'daily', lessonsPerDay: 2 } });
    expect(plan.deliveries).toHaveLength(8000);
    expect(plan.deliveries[0]!.sendAt).not.toEqual(plan.deliveries[4]!.sendAt);
  });
});

// Zones with daylight-saving changes of every kind: northern and southern, 30-minute shifts, odd offsets.
const ZONES = ['Europe/London', 'America/New_York', 'America/Santiago', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'Pacific/Kiritimati', 'UTC'];
// Instants near daylight-saving changes in those zones (2025), so windows straddle them.
const AROUND = ['2025-03-09T06:00:00Z', '2025-03-30T00:30:00Z', '2025-04-06T01:00:00Z', '2025-09-07T03:00:00Z', '2025-10-05T01:00:00Z', '2025-10-26T00:30:00Z', '2025-11-02T05:00:00Z', '2025-06-15T12:00:00Z'].map((at) => Date.parse(at));
const time = fc.integer({ min: 0, max: 23 * 60 + 59 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const calendarArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    workingDays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    hours: fc.tuple(time, time).filter(([a, b]) => a < b),
    quiet: fc.option(fc.tuple(time, time), { nil: null }),
  })
  .map(({ timeZone, workingDays, hours, quiet }): Calendar => ({ timeZone, workingDays, workStart: hours[0], workEnd: hours[1], quietStart: quiet?.[0] ?? null, quietEnd: quiet?.[1] ?? null }));
const pacingArb: fc.Arbitrary<Pacing> = fc.oneof(fc.constant({ mode: 'all_at_once' as const }), fc.constant({ mode: 'spread' as const }), fc.integer({ min: 1, max: 4 }).map((n) => ({ mode: 'daily' as const, lessonsPerDay: n })));
const MINUTE = 60_000;

/** Open whole minutes in [from, to), counted one by one: the planner's answer checked by brute force. */
function openMinutesBetween(cal: Calendar, from: Date, to: Date): number {
  let count = 0;
  for (let at = Math.ceil(from.getTime() / MINUTE) * MINUTE; at < to.getTime(); at += MINUTE) if (isOpenAt(cal, new Date(at))) count += 1;
  return count;
}

describe('planCampaign: properties over random zones, hours and windows', () => {
  it('every delivery is in the window, in order, not before the start; before the deadline whenever there is room, or reported', () => {
    fc.assert(
      fc.property(
        fc.array(calendarArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...AROUND),
        fc.integer({ min: -36, max: 36 }),
        fc.integer({ min: 0, max: 48 }),
        fc.option(fc.integer({ min: 0, max: 24 * 5 }), { nil: null }),
        fc.integer({ min: 1, max: 6 }),
        pacingArb,
        fc.integer({ min: 0, max: 2 }),
        (calendars, around, startShift, lateBy, windowHours, lessonCount, pacing, alreadySent) => {
          const startAt = new Date(around + startShift * 3_600_000);
          const now = new Date(startAt.getTime() + lateBy * 1_800_000);
          const deadline = windowHours === null ? null : new Date(startAt.getTime() + windowHours * 3_600_000);
          const lessonIds = Array.from({ length: lessonCount }, (_, index) => `lesson-${index}`);
          const learners = calendars.map((cal, index) => ({ learnerId: `p${index}`, calendar: cal, alreadySent }));
          const plan = planCampaign(learners, { lessonIds, startAt, deadline, now, pacing });
          const begin = now > startAt ? now : startAt;
          for (const learner of learners) {
            const mine = plan.deliveries.filter((d) => d.learnerId === learner.learnerId);
            const issue = plan.issues.find((i) => i.learnerId === learner.learnerId);
            const toSend = Math.max(0, lessonCount - alreadySent);
            mine.forEach((delivery, index) => {
              expect(isOpenAt(learner.calendar, delivery.sendAt), `${delivery.sendAt.toISOString()} in ${JSON.stringify(learner.calendar)}`).toBe(true);
              expect(delivery.sendAt.getTime()).toBeGreaterThanOrEqual(begin.getTime());
              expect(delivery.sequence).toBe(Math.min(alreadySent, lessonCount) + index);
              expect(delivery.lessonId).toBe(lessonIds[delivery.sequence]);
              if (index > 0) expect(delivery.sendAt.getTime()).toBeGreaterThan(mine[index - 1]!.sendAt.getTime());
            });
            // Nothing is lost: what is not planned is reported.
            expect(mine.length + (issue?.kind === 'no_window' ? issue.lessonCount : 0)).toBe(toSend);
            if (!deadline) continue;
            const late = mine.filter((d) => d.sendAt >= deadline).length;
            const room = openMinutesBetween(learner.calendar, begin, deadline);
            if (room >= toSend && mine.length === toSend) expect(late, `room for ${toSend} in ${room} open minutes`).toBe(0);
            if (late > 0) expect(issue).toEqual({ learnerId: learner.learnerId, kind: 'infeasible_deadline', lessonCount: late });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
