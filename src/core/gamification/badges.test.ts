import { describe, expect, it } from 'vitest';
import { type BadgeDefinition, type LearnerStats, BadgeRule, BadgeSet, DEFAULT_BADGES, badgesEarned, recallRate, recallWindowDays } from './badges.ts';

const AT = '2025-03-31T12:00:00.000Z';

function buildStats(overrides: Partial<LearnerStats> = {}): LearnerStats {
  return { at: AT, coursesCompleted: 0, lessonsCompleted: 0, longestStreak: 0, pointsEarned: 0, certificationIds: [], reviews: [], ...overrides };
}

/** `count` reviews, one a day going back from `AT`, the first `correct` of them right. */
function dailyReviews(count: number, correct: number, startDaysAgo = 0) {
  return Array.from({ length: count }, (_, index) => ({
    answeredAt: new Date(Date.parse(AT) - (startDaysAgo + index) * 86_400_000).toISOString(),
    correct: index < correct,
  }));
}

describe('badge rules', () => {
  it('accepts the default set and refuses duplicate ids or malformed rules', () => {
    expect(BadgeSet.parse(DEFAULT_BADGES)).toHaveLength(DEFAULT_BADGES.length);
    expect(() => BadgeSet.parse([DEFAULT_BADGES[0], DEFAULT_BADGES[0]])).toThrow();
    expect(() => BadgeRule.parse({ kind: 'recall_rate', rate: 1.5, days: 30, minReviews: 20 })).toThrow();
    expect(() => BadgeRule.parse({ kind: 'streak_days', days: 0 })).toThrow();
    expect(() => BadgeRule.parse({ kind: 'unknown' })).toThrow();
  });
});

describe('badgesEarned', () => {
  it('earns nothing from a fresh learner', () => {
    expect(badgesEarned(buildStats(), DEFAULT_BADGES, [])).toEqual([]);
  });

  it('earns each default badge when its threshold is met, not one short of it', () => {
    const cases: Array<[string, Partial<LearnerStats>, Partial<LearnerStats>]> = [
      ['first-course', { coursesCompleted: 1 }, { coursesCompleted: 0 }],
      ['streak-10', { longestStreak: 10 }, { longestStreak: 9 }],
      ['certified', { certificationIds: ['fire-safety'] }, { certificationIds: [] }],
      ['lessons-50', { lessonsCompleted: 50 }, { lessonsCompleted: 49 }],
      ['points-1000', { pointsEarned: 1000 }, { pointsEarned: 999 }],
      ['sharp-memory', { reviews: dailyReviews(20, 18) }, { reviews: dailyReviews(20, 17) }],
    ];
    for (const [id, meets, short] of cases) {
      expect(badgesEarned(buildStats(meets), DEFAULT_BADGES, []), id).toEqual([id]);
      expect(badgesEarned(buildStats(short), DEFAULT_BADGES, []), id).toEqual([]);
    }
  });

  it('does not award a badge twice, and lists new ones in the order of the set', () => {
    const stats = buildStats({ coursesCompleted: 2, longestStreak: 12, pointsEarned: 5000 });
    expect(badgesEarned(stats, DEFAULT_BADGES, [])).toEqual(['first-course', 'streak-10', 'points-1000']);
    expect(badgesEarned(stats, DEFAULT_BADGES, new Set(['streak-10']))).toEqual(['first-course', 'points-1000']);
  });

  it('awards a certification badge for a given certification only', () => {
    const badges: BadgeDefinition[] = [{ id: 'first-aider', name: 'First aider', description: 'Certified in first aid.', rule: { kind: 'certification_earned', certificationId: 'first-aid' } }];
    expect(badgesEarned(buildStats({ certificationIds: ['fire-safety'] }), badges, [])).toEqual([]);
    expect(badgesEarned(buildStats({ certificationIds: ['fire-safety', 'first-aid'] }), badges, [])).toEqual(['first-aider']);
  });

  it('needs enough reviews in the window for a recall badge, and ignores older ones', () => {
    // 19 perfect reviews are not enough; 20 are, but not when the 20th is 30 days old or more.
    expect(badgesEarned(buildStats({ reviews: dailyReviews(19, 19) }), DEFAULT_BADGES, [])).toEqual([]);
    expect(badgesEarned(buildStats({ reviews: dailyReviews(20, 20) }), DEFAULT_BADGES, [])).toEqual(['sharp-memory']);
    expect(badgesEarned(buildStats({ reviews: dailyReviews(20, 20, 11) }), DEFAULT_BADGES, [])).toEqual([]);
    // Old mistakes do not count against a good month.
    const reviews = [...dailyReviews(20, 20), ...dailyReviews(10, 0, 31)];
    expect(badgesEarned(buildStats({ reviews }), DEFAULT_BADGES, [])).toEqual(['sharp-memory']);
  });
});

describe('recallRate', () => {
  it('counts answers after the start of the window up to now, not future ones', () => {
    const reviews = [
      { answeredAt: '2025-03-01T12:00:00.000Z', correct: false }, // exactly 30 days before: outside
      { answeredAt: '2025-03-01T12:00:01.000Z', correct: true },
      { answeredAt: '2025-03-31T12:00:00.000Z', correct: true },
      { answeredAt: '2025-03-31T12:00:01.000Z', correct: false }, // after now
    ];
    expect(recallRate(reviews, AT, 30)).toEqual({ rate: 1, reviews: 2 });
    expect(recallRate([], AT, 30)).toEqual({ rate: null, reviews: 0 });
  });
});

describe('recallWindowDays', () => {
  it('is the longest recall window of the set', () => {
    expect(recallWindowDays(DEFAULT_BADGES)).toBe(30);
    expect(recallWindowDays([])).toBe(0);
  });
});
