import { describe, expect, it } from 'vitest';
import type { GamificationSettings, Reward } from '../../lib/gamification-types.ts';
import { badgeFieldOf, emptyBadgeForm, readNumber, rewardFieldOf, settingsFieldOf, toCreateRewardBody, toRewardFormValues, toSettingsBody, toSettingsFormValues, toBadgeBody, toUpdateRewardBody } from './gamification-forms.ts';

const settings: GamificationSettings = {
  rules: { lessonCompleted: 10, firstTryCorrect: 5, recallCorrect: 15, recallMinDays: 1, certificationEarned: 50, streakMilestones: { '10': 40, '5': 20 }, dailyCap: null },
  seasonKind: 'weekly',
  leaderboardsEnabled: true,
};

describe('the points settings form', () => {
  it('round-trips the settings, milestones in order of days and no cap as an empty field', () => {
    const values = toSettingsFormValues(settings);
    expect(values.milestones).toEqual([
      { days: '5', points: '20' },
      { days: '10', points: '40' },
    ]);
    expect(values.dailyCap).toBe('');
    expect(toSettingsBody(values)).toEqual({ rules: { ...settings.rules }, seasonKind: 'weekly', leaderboardsEnabled: true });
  });

  it('leaves out empty milestone rows and passes what is not a number for the API to refuse by name', () => {
    const values = toSettingsFormValues(settings);
    const body = toSettingsBody({ ...values, rules: { ...values.rules, lessonCompleted: 'lots' }, milestones: [...values.milestones, { days: '', points: ' ' }], dailyCap: ' 200 ' });
    expect(body.rules.lessonCompleted).toBe('lots');
    expect(body.rules.streakMilestones).toEqual({ '5': 20, '10': 40 });
    expect(body.rules.dailyCap).toBe(200);
    expect(readNumber('-3')).toBe(-3);
    expect(readNumber('1.5')).toBe(1.5);
    expect(readNumber('')).toBe('');
  });

  it('places the API’s problems beside the rule or milestone row at fault', () => {
    const rows = [
      { days: '5', points: '20' },
      { days: '10', points: '-4' },
    ];
    expect(settingsFieldOf('rules.lessonCompleted', rows)).toBe('lessonCompleted');
    expect(settingsFieldOf('rules.dailyCap', rows)).toBe('dailyCap');
    expect(settingsFieldOf('rules.streakMilestones.10', rows)).toBe('milestone-1');
    expect(settingsFieldOf('rules.streakMilestones.99', rows)).toBe('milestones');
    expect(settingsFieldOf('rules.streakMilestones', rows)).toBe('milestones');
    expect(settingsFieldOf('seasonKind', rows)).toBeUndefined();
  });
});

describe('the reward form', () => {
  const reward: Reward = { id: 'r1', name: 'Coffee voucher', description: '', cost: 50, stock: null, active: true, createdAt: '2025-03-10T08:00:00Z', updatedAt: '2025-03-10T08:00:00Z' };

  it('makes a new reward, an empty stock meaning unlimited', () => {
    const values = { ...toRewardFormValues(), name: ' Book ', cost: '120', stock: '' };
    expect(toCreateRewardBody(values)).toEqual({ name: 'Book', description: '', cost: 120, stock: null, active: true });
  });

  it('sends only what changed in an existing reward, and nothing when nothing did', () => {
    const values = toRewardFormValues(reward);
    expect(toUpdateRewardBody(values, reward)).toBeNull();
    expect(toUpdateRewardBody({ ...values, stock: '3', active: false }, reward)).toEqual({ stock: 3, active: false });
  });

  it('places problems beside their field', () => {
    expect(rewardFieldOf('cost')).toBe('cost');
    expect(rewardFieldOf('clientId')).toBeUndefined();
  });
});

describe('the badge form', () => {
  it('sends only the fields of the rule picked, trimmed, the recall rate as a fraction', () => {
    const values = { ...emptyBadgeForm(), slug: ' streak-5 ', name: ' Five days ', description: 'Five in a row.', days: '5', count: '3' };
    expect(toBadgeBody({ ...values, kind: 'streak_days' })).toEqual({ slug: 'streak-5', name: 'Five days', description: 'Five in a row.', rule: { kind: 'streak_days', days: 5 }, active: true });
    expect(toBadgeBody({ ...values, kind: 'first_course_completed' }).rule).toEqual({ kind: 'first_course_completed' });
    expect(toBadgeBody({ ...values, kind: 'recall_rate', rate: '87.5', days: '30', minReviews: '20' }).rule).toEqual({ kind: 'recall_rate', rate: 0.875, days: 30, minReviews: 20 });
    expect(toBadgeBody({ ...values, kind: 'certification_earned' }).rule).toEqual({ kind: 'certification_earned' });
    expect(toBadgeBody({ ...values, kind: 'certification_earned', certificationId: ' c1 ' }).rule).toEqual({ kind: 'certification_earned', certificationId: 'c1' });
    expect(toBadgeBody({ ...values, kind: 'points_total', points: 'many' }).rule).toEqual({ kind: 'points_total', points: 'many' });
  });

  it('places the API’s problems beside the field at fault', () => {
    expect(badgeFieldOf('slug')).toBe('slug');
    expect(badgeFieldOf('rule.days')).toBe('days');
    expect(badgeFieldOf('rule.minReviews')).toBe('minReviews');
    expect(badgeFieldOf('rule')).toBe('kind');
    expect(badgeFieldOf('active')).toBeUndefined();
  });
});
