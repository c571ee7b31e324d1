import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client.ts';
import type { MyPoints } from '../../lib/gamification-types.ts';
import {
  assertionDownloadUrl,
  describeAwardedAt,
  describeBadgeRule,
  describeFreezes,
  describeReason,
  describeRedeemError,
  describeRules,
  describeStock,
  describeStreakStatus,
  formatOrdinal,
  formatPoints,
  formatRate,
  formatScore,
  formatSignedPoints,
  REASON_LABELS,
  rowName,
  seasonLabel,
} from './points-format.ts';

const streak = (fields: Partial<MyPoints['streak']>): MyPoints['streak'] => ({ current: 3, longest: 3, todayDone: false, todayIsWorkingDay: true, atRisk: false, freezesHeld: 0, freezeAtStake: false, ...fields });

describe('reasons of the ledger', () => {
  it('words every reason the API names, and reads an unknown one as plain points', () => {
    for (const reason of ['lesson_completed', 'first_try_correct', 'recall_correct', 'certification_earned', 'streak_milestone', 'redemption', 'refund']) {
      expect(describeReason(reason)).toBe(REASON_LABELS[reason as keyof typeof REASON_LABELS]);
      expect(describeReason(reason)).not.toMatch(/_/);
    }
    expect(describeReason('recall_correct')).toBe('Remembered in a review');
    expect(describeReason('badge_earned')).toBe('Points');
    expect(describeReason('toString')).toBe('Points');
  });
});

describe('numbers of points', () => {
  it('counts points with the singular for one and separators for thousands', () => {
    expect(formatPoints(1)).toBe('1 point');
    expect(formatPoints(0)).toBe('0 points');
    expect(formatPoints(1250)).toBe('1,250 points');
    expect(formatPoints(-1)).toBe('-1 point');
  });
  it('signs ledger amounts with a plus or a true minus sign', () => {
    expect(formatSignedPoints(10)).toBe('+10');
    expect(formatSignedPoints(-1500)).toBe('−1,500');
    expect(formatSignedPoints(0)).toBe('0');
  });
  it('ranks in ordinals, the teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(formatOrdinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });
  it('rounds a team’s points per member to one decimal', () => {
    expect(formatScore(12.345)).toBe('12.3');
    expect(formatScore(8)).toBe('8');
  });
});

describe('the streak’s status', () => {
  it('says today is done before anything else', () => {
    expect(describeStreakStatus(streak({ todayDone: true }))).toEqual({ text: 'Today done: your streak is safe.', tone: 'done' });
  });
  it('asks for one lesson or review when the streak is at risk', () => {
    expect(describeStreakStatus(streak({ atRisk: true }))).toEqual({ text: 'Keep your streak: one lesson or review today.', tone: 'warning' });
  });
  it('warns that a freeze would be used when one is at stake', () => {
    expect(describeStreakStatus(streak({ freezeAtStake: true, freezesHeld: 1 })).text).toMatch(/without using a freeze/);
  });
  it('lets a day off be, and invites a new learner to start', () => {
    expect(describeStreakStatus(streak({ todayIsWorkingDay: false })).text).toBe('Not one of your working days: your streak waits for the next.');
    expect(describeStreakStatus(streak({ current: 0 })).tone).toBe('neutral');
  });
  it('explains freezes held, and says nothing without one', () => {
    expect(describeFreezes(0)).toBeNull();
    expect(describeFreezes(1)).toBe('1 streak freeze held: it covers one missed working day.');
    expect(describeFreezes(2)).toMatch(/^2 streak freezes held/);
  });
});

describe('what earns what', () => {
  it('lists the rules worth something, then the streak milestones in order of days', () => {
    const lines = describeRules({ lessonCompleted: 10, firstTryCorrect: 0, recallCorrect: 15, recallMinDays: 2, certificationEarned: 50, streakMilestones: { '10': 40, '5': 20 }, dailyCap: null });
    expect(lines).toEqual([
      { label: 'Completing a lesson', points: 10 },
      { label: 'Remembering an answer in a review, 2 days or more later', points: 15 },
      { label: 'Earning a certification', points: 50 },
      { label: 'A streak of 5 working days', points: 20 },
      { label: 'A streak of 10 working days', points: 40 },
    ]);
  });
});

describe('badges', () => {
  it('words every kind of rule, with singulars and thousands', () => {
    expect(describeBadgeRule({ kind: 'first_course_completed' })).toBe('Completing a first course');
    expect(describeBadgeRule({ kind: 'streak_days', days: 10 })).toBe('A streak of 10 working days');
    expect(describeBadgeRule({ kind: 'streak_days', days: 1 })).toBe('A streak of 1 working day');
    expect(describeBadgeRule({ kind: 'certification_earned' })).toBe('Earning any certification');
    expect(describeBadgeRule({ kind: 'certification_earned', certificationId: 'c1' })).toBe('Earning a particular certification');
    expect(describeBadgeRule({ kind: 'certification_earned', certificationId: 'c1' }, 'Food safety')).toBe('Earning the certification “Food safety”');
    expect(describeBadgeRule({ kind: 'recall_rate', rate: 0.9, days: 30, minReviews: 20 })).toBe('90% of reviews right over the last 30 days, from at least 20 reviews');
    expect(describeBadgeRule({ kind: 'recall_rate', rate: 0.875, days: 1, minReviews: 1 })).toBe('87.5% of reviews right over the last day, from at least 1 review');
    expect(describeBadgeRule({ kind: 'points_total', points: 1000 })).toBe('1,000 points earned in all (spending them does not count against it)');
    expect(describeBadgeRule({ kind: 'lessons_completed', count: 50 })).toBe('50 lessons completed');
    expect(describeBadgeRule({ kind: 'lessons_completed', count: 1 })).toBe('1 lesson completed');
  });
  it('never shows a rule’s code', () => {
    for (const rule of [{ kind: 'first_course_completed' }, { kind: 'points_total', points: 5 }, { kind: 'lessons_completed', count: 2 }] as const) expect(describeBadgeRule(rule)).not.toMatch(/_/);
  });
  it('formats rates, award dates and the download address', () => {
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0.333)).toBe('33.3%');
    expect(describeAwardedAt('2025-03-12T09:41:00Z')).toBe('Earned 12 Mar 2025');
    expect(describeAwardedAt('soon')).toBe('Earned soon');
    expect(assertionDownloadUrl('https://morsel.example/openbadges/acme/assertions/a1')).toBe('https://morsel.example/openbadges/acme/assertions/a1?download=1');
    expect(assertionDownloadUrl('https://x.example/a?v=2')).toBe('https://x.example/a?v=2&download=1');
  });
});

describe('leaderboards', () => {
  it('names seasons by the organisation’s season kind', () => {
    expect(seasonLabel('current', 'weekly')).toBe('This week');
    expect(seasonLabel('previous', 'monthly')).toBe('Last month');
    expect(seasonLabel('all', 'weekly')).toBe('All time');
  });
  it('shows anonymous learners as such to others, and the viewer as themselves', () => {
    expect(rowName({ name: null, anonymous: true, isViewer: false })).toBe('Anonymous learner');
    expect(rowName({ name: 'Kit', anonymous: false, isViewer: false })).toBe('Kit');
    expect(rowName({ name: 'Kit', anonymous: false, isViewer: true })).toBe('Kit (you)');
    expect(rowName({ name: 'Kit', anonymous: true, isViewer: true })).toMatch(/^You \(shown to others as/);
  });
});

describe('rewards', () => {
  it('describes stock', () => {
    expect(describeStock(null)).toBe('Unlimited');
    expect(describeStock(0)).toBe('Out of stock');
    expect(describeStock(3)).toBe('3 left');
  });
  it('turns the API’s refusals of a redemption into plain words', () => {
    const short = describeRedeemError(new ApiError(409, 'insufficient_points', 'Not enough points.', { cost: 50, balance: 20 }));
    expect((short as Error).message).toBe('Not enough points: this reward costs 50 points and you have 20 points.');
    expect((describeRedeemError(new ApiError(409, 'reward_out_of_stock', 'x')) as Error).message).toMatch(/out of stock/);
    expect((describeRedeemError(new ApiError(409, 'reward_inactive', 'x')) as Error).message).toMatch(/no longer offered/);
    const other = new ApiError(500, 'internal', 'Boom');
    expect(describeRedeemError(other)).toBe(other);
    expect(describeRedeemError(null)).toBeNull();
  });
});
