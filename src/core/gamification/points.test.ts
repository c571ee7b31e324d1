import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type Award,
  type PointRules,
  type PointsEvent,
  type ReviewAnswerEvent,
  DEFAULT_POINT_RULES,
  applyDailyCap,
  awardFor,
  awardsFor,
  buildLedger,
  localDaySpan,
  parsePointRules,
} from './points.ts';

const AT = '2025-03-31T09:00:00.000Z';
const rules = DEFAULT_POINT_RULES;

function review(overrides: Partial<ReviewAnswerEvent> = {}): ReviewAnswerEvent {
  return {
    type: 'review_answer',
    personId: 'p1',
    at: AT,
    reviewItemId: 'r1',
    correct: true,
    practice: false,
    previousAnsweredAt: '2025-03-29T09:00:00.000Z',
    answeredAt: AT,
    dueAt: '2025-03-31T07:00:00.000Z',
    ...overrides,
  };
}

describe('parsePointRules', () => {
  it('fills every rule with its documented default', () => {
    expect(parsePointRules({})).toEqual({
      lessonCompleted: 10,
      firstTryCorrect: 5,
      recallCorrect: 15,
      recallMinDays: 1,
      certificationEarned: 50,
      streakMilestones: { '5': 20, '10': 40, '20': 80, '50': 200 },
      dailyCap: null,
    });
    expect(parsePointRules(undefined)).toEqual(DEFAULT_POINT_RULES);
  });
  it('merges the given rules over the defaults, milestones replaced as a whole', () => {
    const parsed = parsePointRules({ recallCorrect: 30, streakMilestones: { '3': 5 }, dailyCap: 200 });
    expect(parsed).toMatchObject({ lessonCompleted: 10, recallCorrect: 30, streakMilestones: { '3': 5 }, dailyCap: 200 });
  });
  it('refuses negative, fractional, huge or mis-keyed values', () => {
    expect(() => parsePointRules({ lessonCompleted: -1 })).toThrow();
    expect(() => parsePointRules({ firstTryCorrect: 2.5 })).toThrow();
    expect(() => parsePointRules({ recallCorrect: 1_000_000 })).toThrow();
    expect(() => parsePointRules({ recallMinDays: 0 })).toThrow();
    expect(() => parsePointRules({ streakMilestones: { ten: 40 } })).toThrow();
    expect(() => parsePointRules({ streakMilestones: { '0': 40 } })).toThrow();
    expect(() => parsePointRules({ dailyCap: 0 })).toThrow();
  });
});

describe('awardFor', () => {
  it('awards a completed lesson once per lesson, whatever the instant', () => {
    const first = awardFor({ type: 'lesson_completed', personId: 'p1', at: AT, lessonId: 'l1' }, rules);
    const again = awardFor({ type: 'lesson_completed', personId: 'p1', at: '2025-06-01T00:00:00Z', lessonId: 'l1' }, rules);
    expect(first).toEqual({ key: 'lesson:l1', points: 10, reason: 'lesson_completed', source: { kind: 'lesson', id: 'l1' } });
    expect(again?.key).toBe(first?.key);
  });
  it('awards only a correct first attempt outside practice', () => {
    const answer = { type: 'answer', personId: 'p1', at: AT, questionId: 'q1', lessonId: 'l1', firstAttempt: true, correct: true, practice: false } as const;
    expect(awardFor(answer, rules)).toEqual({ key: 'first_try:l1:q1', points: 5, reason: 'first_try_correct', source: { kind: 'question', id: 'l1:q1' } });
    // The same question id in another lesson is another question.
    expect(awardFor({ ...answer, lessonId: 'l2' }, rules)?.key).toBe('first_try:l2:q1');
    expect(awardFor({ ...answer, firstAttempt: false }, rules)).toBeNull();
    expect(awardFor({ ...answer, correct: false }, rules)).toBeNull();
    expect(awardFor({ ...answer, practice: true }, rules)).toBeNull();
  });
  it('awards a recall when the item waited at least a day, more than a first try', () => {
    const award = awardFor(review(), rules);
    expect(award).toEqual({ key: 'recall:r1:2025-03-31', points: 15, reason: 'recall_correct', source: { kind: 'review_item', id: 'r1' } });
    expect(award!.points).toBeGreaterThan(rules.firstTryCorrect);
    // Exactly 24 hours counts; a minute less does not.
    expect(awardFor(review({ previousAnsweredAt: '2025-03-30T09:00:00.000Z' }), rules)).not.toBeNull();
    expect(awardFor(review({ previousAnsweredAt: '2025-03-30T09:01:00.000Z' }), rules)).toBeNull();
    expect(awardFor(review({ previousAnsweredAt: null }), rules)).toBeNull();
    expect(awardFor(review({ correct: false }), rules)).toBeNull();
    expect(awardFor(review({ practice: true }), rules)).toBeNull();
    expect(awardFor(review({ previousAnsweredAt: '2025-03-29T09:00:00.000Z' }), { ...rules, recallMinDays: 3 })).toBeNull();
  });
  it('gives the same key to two reviews of one item due the same day, another to the next due date', () => {
    const morning = awardFor(review({ dueAt: '2025-03-31T06:00:00Z' }), rules);
    const evening = awardFor(review({ dueAt: '2025-03-31T18:00:00Z', answeredAt: '2025-03-31T19:00:00Z' }), rules);
    const later = awardFor(review({ dueAt: '2025-04-04T06:00:00Z', previousAnsweredAt: AT, answeredAt: '2025-04-04T07:00:00Z' }), rules);
    expect(morning?.key).toBe(evening?.key);
    expect(later?.key).toBe('recall:r1:2025-04-04');
  });
  it('awards a certification once per award, so a renewal earns again', () => {
    const event = { type: 'certification_earned', personId: 'p1', at: AT, certificationId: 'c1', awardId: 'a1' } as const;
    expect(awardFor(event, rules)).toEqual({ key: 'certification:a1', points: 50, reason: 'certification_earned', source: { kind: 'certification_award', id: 'a1' } });
    expect(awardFor({ ...event, awardId: 'a2' }, rules)?.key).toBe('certification:a2');
  });
  it('awards a streak milestone once per milestone per streak, nothing between milestones', () => {
    const event = { type: 'streak_reached', personId: 'p1', at: AT, days: 10, streakStartedOn: '2025-03-17' } as const;
    expect(awardFor(event, rules)).toEqual({ key: 'streak:2025-03-17:10', points: 40, reason: 'streak_milestone', source: { kind: 'streak', id: '2025-03-17' } });
    expect(awardFor({ ...event, days: 11 }, rules)).toBeNull();
    expect(awardFor({ ...event, streakStartedOn: '2025-05-05' }, rules)?.key).toBe('streak:2025-05-05:10');
  });
  it('awards nothing for a rule worth 0', () => {
    const zero = parsePointRules({ lessonCompleted: 0, streakMilestones: { '5': 0 } });
    expect(awardFor({ type: 'lesson_completed', personId: 'p1', at: AT, lessonId: 'l1' }, zero)).toBeNull();
    expect(awardFor({ type: 'streak_reached', personId: 'p1', at: AT, days: 5, streakStartedOn: '2025-03-17' }, zero)).toBeNull();
  });
  it('keeps keys unambiguous when ids contain the separator', () => {
    const a = awardFor(review({ reviewItemId: 'x:2025-01-01' }), rules)!.key;
    expect(a).toBe('recall:x%3A2025-01-01:2025-03-31');
  });
});

describe('awardsFor', () => {
  it('catches up on every milestone a streak jumped past', () => {
    const awards = awardsFor({ type: 'streak_reached', personId: 'p1', at: AT, days: 12, streakStartedOn: '2025-03-03' }, rules);
    expect(awards.map((award) => [award.key, award.points])).toEqual([
      ['streak:2025-03-03:5', 20],
      ['streak:2025-03-03:10', 40],
    ]);
  });
});

describe('applyDailyCap', () => {
  const award: Award = { key: 'lesson:l1', points: 10, reason: 'lesson_completed', source: { kind: 'lesson', id: 'l1' } };
  it('leaves an award alone without a cap, cuts it to what is left, refuses it once the cap is reached', () => {
    expect(applyDailyCap([{ points: 1000 }], award, null)).toBe(award);
    expect(applyDailyCap([{ points: 15 }], award, 30)).toBe(award);
    expect(applyDailyCap([{ points: 15 }, { points: 10 }], award, 30)).toEqual({ ...award, points: 5 });
    expect(applyDailyCap([{ points: 30 }], award, 30)).toBeNull();
  });
  it('does not let spending (negative entries) raise the cap', () => {
    expect(applyDailyCap([{ points: 30 }, { points: -100 }], award, 30)).toBeNull();
  });
});

describe('localDaySpan', () => {
  it('finds the learner’s local day, where the UTC date differs', () => {
    // 11:30 UTC on 31 March is 00:30 on 1 April in Auckland (NZDT, +13).
    expect(localDaySpan('2025-03-31T11:30:00Z', 'Pacific/Auckland')).toEqual({
      date: '2025-04-01',
      start: '2025-03-31T11:00:00.000Z',
      end: '2025-04-01T11:00:00.000Z',
    });
    // Auckland leaves daylight saving on 6 April 2025: that day has 25 hours.
    expect(localDaySpan('2025-04-06T02:00:00Z', 'Pacific/Auckland')).toMatchObject({ start: '2025-04-05T11:00:00.000Z', end: '2025-04-06T12:00:00.000Z' });
  });
  it('gives a 23-hour day when the clocks go forward', () => {
    const day = localDaySpan('2025-03-30T12:00:00Z', 'Europe/London');
    expect(day).toEqual({ date: '2025-03-30', start: '2025-03-30T00:00:00.000Z', end: '2025-03-30T23:00:00.000Z' });
  });
});

describe('buildLedger', () => {
  it('earns each key once and stops at the daily cap in the learner’s day', () => {
    const capped = parsePointRules({ dailyCap: 25 });
    const events: PointsEvent[] = [
      { type: 'lesson_completed', personId: 'p1', at: '2025-03-31T08:00:00Z', lessonId: 'l1' },
      { type: 'lesson_completed', personId: 'p1', at: '2025-03-31T08:05:00Z', lessonId: 'l1' },
      { type: 'lesson_completed', personId: 'p1', at: '2025-03-31T08:10:00Z', lessonId: 'l2' },
      { type: 'lesson_completed', personId: 'p1', at: '2025-03-31T08:20:00Z', lessonId: 'l3' },
      { type: 'lesson_completed', personId: 'p1', at: '2025-03-31T08:30:00Z', lessonId: 'l4' },
      // 23:30 UTC is already 1 April in Berlin: a new day.
      { type: 'lesson_completed', personId: 'p1', at: '2025-03-31T23:30:00Z', lessonId: 'l4' },
    ];
    const ledger = buildLedger(events, capped, 'Europe/Berlin');
    expect(ledger.map((entry) => [entry.key, entry.points])).toEqual([
      ['lesson:l1', 10],
      ['lesson:l2', 10],
      ['lesson:l3', 5],
      ['lesson:l4', 10],
    ]);
  });
});

// --- Property tests: no sequence of events earns more than the rules allow. ---

const instant = fc.integer({ min: 0, max: 60 * 24 * 20 }).map((minutes) => new Date(Date.UTC(2025, 2, 20) + minutes * 60_000).toISOString());
const person = fc.constantFrom('p1', 'p2');
const eventArb: fc.Arbitrary<PointsEvent> = fc.oneof(
  fc.record({ type: fc.constant('lesson_completed' as const), personId: person, at: instant, lessonId: fc.constantFrom('l1', 'l2', 'l3') }),
  fc.record({
    type: fc.constant('answer' as const),
    personId: person,
    at: instant,
    questionId: fc.constantFrom('q1', 'q2', 'q3', 'q4'),
    lessonId: fc.constantFrom('l1', 'l2'),
    firstAttempt: fc.boolean(),
    correct: fc.boolean(),
    practice: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('review_answer' as const),
    personId: person,
    at: instant,
    reviewItemId: fc.constantFrom('r1', 'r2'),
    correct: fc.boolean(),
    practice: fc.boolean(),
    previousAnsweredAt: fc.option(instant, { nil: null }),
    answeredAt: instant,
    // Few due dates, two on one day, so that the same item often falls due on the same date again.
    dueAt: fc.constantFrom('2025-03-25T06:00:00.000Z', '2025-03-25T20:00:00.000Z', '2025-03-28T06:00:00.000Z'),
  }),
  fc.record({ type: fc.constant('certification_earned' as const), personId: person, at: instant, certificationId: fc.constant('c1'), awardId: fc.constantFrom('a1', 'a2') }),
  fc.record({ type: fc.constant('streak_reached' as const), personId: person, at: instant, days: fc.integer({ min: 0, max: 60 }), streakStartedOn: fc.constantFrom('2025-03-03', '2025-03-17') }),
);
const rulesArb: fc.Arbitrary<PointRules> = fc
  .record({
    lessonCompleted: fc.integer({ min: 0, max: 50 }),
    firstTryCorrect: fc.integer({ min: 0, max: 50 }),
    recallCorrect: fc.integer({ min: 0, max: 50 }),
    recallMinDays: fc.integer({ min: 1, max: 5 }),
    certificationEarned: fc.integer({ min: 0, max: 100 }),
    streakMilestones: fc.dictionary(fc.integer({ min: 1, max: 60 }).map(String), fc.integer({ min: 0, max: 100 }), { maxKeys: 5 }),
    dailyCap: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
  })
  .map((raw) => parsePointRules(raw));

/**
 * The most a person can earn from a sequence: each distinct thing that the rules let earn (a correct first try
 * outside practice, a correct review outside practice after the wait) once, at its rule's value.
 */
function upperBound(events: readonly PointsEvent[], personId: string, rules: PointRules): number {
  const distinct = new Set<string>();
  let bound = 0;
  const add = (id: string, points: number) => {
    if (!distinct.has(id)) {
      distinct.add(id);
      bound += points;
    }
  };
  for (const event of events) {
    if (event.personId !== personId) continue;
    if (event.type === 'lesson_completed') add(`l ${event.lessonId}`, rules.lessonCompleted);
    if (event.type === 'answer' && event.firstAttempt && event.correct && !event.practice) add(`q ${event.lessonId} ${event.questionId}`, rules.firstTryCorrect);
    if (event.type === 'review_answer' && event.correct && !event.practice && event.previousAnsweredAt !== null) {
      const waitedDays = (Date.parse(event.answeredAt) - Date.parse(event.previousAnsweredAt)) / 86_400_000;
      if (waitedDays >= rules.recallMinDays) add(`r ${event.reviewItemId} ${event.dueAt.slice(0, 10)}`, rules.recallCorrect);
    }
    if (event.type === 'certification_earned') add(`c ${event.awardId}`, rules.certificationEarned);
    if (event.type === 'streak_reached') {
      for (const [days, points] of Object.entries(rules.streakMilestones)) if (Number(days) <= event.days) add(`s ${event.streakStartedOn} ${days}`, points);
    }
  }
  return bound;
}

function keysOf(ledger: ReturnType<typeof buildLedger>): string[] {
  return ledger.map((entry) => `${entry.personId} ${entry.key} ${entry.points}`).sort();
}

describe('points properties', () => {
  it('never earns more than each distinct lesson, question, review due date, award and milestone once', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), rulesArb, (events, rules) => {
        const ledger = buildLedger(events, rules, 'Pacific/Auckland');
        for (const personId of ['p1', 'p2']) {
          const earned = ledger.filter((entry) => entry.personId === personId).reduce((sum, entry) => sum + entry.points, 0);
          expect(earned).toBeLessThanOrEqual(upperBound(events, personId, rules));
        }
        // One entry per person and key, never a zero or negative one.
        expect(new Set(ledger.map((entry) => `${entry.personId} ${entry.key}`)).size).toBe(ledger.length);
        for (const entry of ledger) expect(entry.points).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never earns more than the daily cap in one local day', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), rulesArb, fc.integer({ min: 1, max: 40 }), (events, rules, cap) => {
        const ledger = buildLedger(events, { ...rules, dailyCap: cap }, 'America/Los_Angeles');
        const perDay = new Map<string, number>();
        for (const entry of ledger) {
          const day = `${entry.personId} ${localDaySpan(entry.at, 'America/Los_Angeles').date}`;
          perDay.set(day, (perDay.get(day) ?? 0) + entry.points);
        }
        for (const total of perDay.values()) expect(total).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 300 },
    );
  });

  it('earns the same keys and points when the events are replayed, duplicated or shuffled', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(eventArb, fc.integer()), { maxLength: 60 }), rulesArb, (tagged, rules) => {
        const uncapped = { ...rules, dailyCap: null };
        const events = tagged.map(([event]) => event);
        const shuffled = [...tagged].sort((a, b) => a[1] - b[1]).map(([event]) => event);
        const expected = keysOf(buildLedger(events, uncapped));
        expect(keysOf(buildLedger(shuffled, uncapped))).toEqual(expected);
        expect(keysOf(buildLedger([...events, ...shuffled], uncapped))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
