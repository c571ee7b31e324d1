/**
 * The admin forms of gamification as plain values: the point rules with the season and leaderboard switch, a
 * reward, and a badge with its rule. Conversions to the API's bodies and the field each API problem belongs to. Pure, so it is unit tested.
 * Numbers are typed as text: the API validates them and its messages are shown beside their fields.
 */
import type { BadgeBody, BadgeRule, CreateRewardBody, GamificationSettings, Reward, UpdateRewardBody } from '../../lib/gamification-types.ts';

/** The single-number rules, in the order the form shows them. */
export const RULE_FIELDS = ['lessonCompleted', 'firstTryCorrect', 'recallCorrect', 'recallMinDays', 'certificationEarned'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** One streak milestone row: working days → points. */
export interface MilestoneRow {
  days: string;
  points: string;
}

export interface SettingsFormValues {
  rules: Record<RuleField, string>;
  milestones: MilestoneRow[];
  /** Empty: no daily cap. */
  dailyCap: string;
  seasonKind: GamificationSettings['seasonKind'];
  leaderboardsEnabled: boolean;
}

/** The fields a problem can be shown beside: each rule, the daily cap, the milestones as a whole or one row. */
export type SettingsField = RuleField | 'dailyCap' | 'milestones' | `milestone-${number}`;

/** The form showing the settings in force, milestones by days. */
export function toSettingsFormValues(settings: GamificationSettings): SettingsFormValues {
  const { rules } = settings;
  return {
    rules: Object.fromEntries(RULE_FIELDS.map((field) => [field, String(rules[field])])) as Record<RuleField, string>,
    milestones: Object.entries(rules.streakMilestones)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([days, points]) => ({ days, points: String(points) })),
    dailyCap: rules.dailyCap === null ? '' : String(rules.dailyCap),
    seasonKind: settings.seasonKind,
    leaderboardsEnabled: settings.leaderboardsEnabled,
  };
}

/** A whole number typed as text: the number when it reads as one, otherwise the text for the API to refuse by name. */
export function readNumber(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The PATCH body: every rule (the API merges over its defaults), empty milestone rows left out. */
export function toSettingsBody(values: SettingsFormValues): { rules: Record<string, unknown>; seasonKind: SettingsFormValues['seasonKind']; leaderboardsEnabled: boolean } {
  const rules: Record<string, unknown> = Object.fromEntries(RULE_FIELDS.map((field) => [field, readNumber(values.rules[field])]));
  rules.streakMilestones = Object.fromEntries(values.milestones.filter((row) => row.days.trim() !== '' || row.points.trim() !== '').map((row) => [row.days.trim(), readNumber(row.points)]));
  rules.dailyCap = values.dailyCap.trim() === '' ? null : readNumber(values.dailyCap);
  return { rules, seasonKind: values.seasonKind, leaderboardsEnabled: values.leaderboardsEnabled };
}

/** The field of an API problem's path (`rules.lessonCompleted`, `rules.streakMilestones.5`, …), given the rows shown. */
export function settingsFieldOf(path: string, milestones: readonly MilestoneRow[]): SettingsField | undefined {
  const rule = path.replace(/^rules\.?/, '');
  if ((RULE_FIELDS as readonly string[]).includes(rule)) return rule as RuleField;
  if (rule === 'dailyCap') return 'dailyCap';
  if (rule === 'streakMilestones') return 'milestones';
  const milestone = /^streakMilestones\.(.+)$/.exec(rule);
  if (milestone) {
    const index = milestones.findIndex((row) => row.days.trim() === milestone[1]);
    return index >= 0 ? `milestone-${index}` : 'milestones';
  }
  return undefined;
}

/** Labels and hints of the single-number rules. */
export const RULE_LABELS: Readonly<Record<RuleField, { label: string; hint: string }>> = {
  lessonCompleted: { label: 'Completing a lesson', hint: 'Once per lesson.' },
  firstTryCorrect: { label: 'A question right on the first try', hint: 'Once per question.' },
  recallCorrect: { label: 'Remembering in a review', hint: 'A correct review answer after the wait below: worth more, since remembering is the goal.' },
  recallMinDays: { label: 'Days a review must wait to count as remembering', hint: 'Whole days since the question was last answered.' },
  certificationEarned: { label: 'Earning a certification', hint: 'Once per award; a renewal is a new award.' },
};

export interface RewardFormValues {
  name: string;
  description: string;
  cost: string;
  /** Empty: unlimited. */
  stock: string;
  active: boolean;
}

export type RewardField = 'name' | 'description' | 'cost' | 'stock';

/** The form of a new reward, or of one being edited. */
export function toRewardFormValues(reward?: Reward): RewardFormValues {
  if (!reward) return { name: '', description: '', cost: '', stock: '', active: true };
  return { name: reward.name, description: reward.description, cost: String(reward.cost), stock: reward.stock === null ? '' : String(reward.stock), active: reward.active };
}

/** The POST body of a new reward; an empty stock is unlimited. */
export function toCreateRewardBody(values: RewardFormValues): CreateRewardBody {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    cost: readNumber(values.cost) as number,
    stock: values.stock.trim() === '' ? null : (readNumber(values.stock) as number),
    active: values.active,
  };
}

/** The PATCH body of an edited reward: only what changed (null when nothing did). */
export function toUpdateRewardBody(values: RewardFormValues, reward: Reward): UpdateRewardBody | null {
  const next = toCreateRewardBody(values);
  const patch: UpdateRewardBody = {};
  if (next.name !== reward.name) patch.name = next.name;
  if (next.description !== reward.description) patch.description = next.description;
  if (next.cost !== reward.cost) patch.cost = next.cost;
  if (next.stock !== reward.stock) patch.stock = next.stock;
  if (next.active !== reward.active) patch.active = next.active;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** The field of an API problem's path (`name`, `cost`, …). */
export function rewardFieldOf(path: string): RewardField | undefined {
  return (['name', 'description', 'cost', 'stock'] as const).find((field) => field === path);
}

/** The kinds of badge rule, as an admin picks them. */
export const BADGE_RULE_KINDS: ReadonlyArray<{ value: BadgeRule['kind']; label: string }> = [
  { value: 'first_course_completed', label: 'Completing a first course' },
  { value: 'lessons_completed', label: 'A number of lessons completed' },
  { value: 'streak_days', label: 'A streak of working days' },
  { value: 'points_total', label: 'Points earned in all' },
  { value: 'recall_rate', label: 'A recall rate in reviews' },
  { value: 'certification_earned', label: 'Earning a certification' },
];

/** A new badge's form; every number typed as text, the recall rate as a percentage. */
export interface BadgeFormValues {
  slug: string;
  name: string;
  description: string;
  kind: BadgeRule['kind'];
  days: string;
  count: string;
  points: string;
  /** Percent, 0 to 100. */
  rate: string;
  minReviews: string;
  /** Empty: any certification. */
  certificationId: string;
}

export type BadgeField = 'slug' | 'name' | 'description' | 'kind' | 'days' | 'count' | 'points' | 'rate' | 'minReviews' | 'certificationId';

/** The numeric fields each kind of rule asks for, in the order the form shows them. */
export const BADGE_RULE_FIELDS: Readonly<Record<BadgeRule['kind'], ReadonlyArray<'days' | 'count' | 'points' | 'rate' | 'minReviews'>>> = {
  first_course_completed: [],
  lessons_completed: ['count'],
  streak_days: ['days'],
  points_total: ['points'],
  recall_rate: ['rate', 'days', 'minReviews'],
  certification_earned: [],
};

/** An empty badge form, its rule a first course. */
export function emptyBadgeForm(): BadgeFormValues {
  return { slug: '', name: '', description: '', kind: 'first_course_completed', days: '', count: '', points: '', rate: '', minReviews: '', certificationId: '' };
}

/** A percentage typed as text as a rate (90 → 0.9); what is not a number goes as typed, for the API to refuse by name. */
function readRate(text: string): number | string {
  const value = readNumber(text);
  return typeof value === 'number' ? Math.round(value * 10) / 1000 : value;
}

/** The rule the form describes: only the kind's own fields. */
export function toBadgeRule(values: BadgeFormValues): BadgeRule {
  switch (values.kind) {
    case 'first_course_completed':
      return { kind: 'first_course_completed' };
    case 'lessons_completed':
      return { kind: 'lessons_completed', count: readNumber(values.count) as number };
    case 'streak_days':
      return { kind: 'streak_days', days: readNumber(values.days) as number };
    case 'points_total':
      return { kind: 'points_total', points: readNumber(values.points) as number };
    case 'recall_rate':
      return { kind: 'recall_rate', rate: readRate(values.rate) as number, days: readNumber(values.days) as number, minReviews: readNumber(values.minReviews) as number };
    case 'certification_earned':
      return values.certificationId.trim() === '' ? { kind: 'certification_earned' } : { kind: 'certification_earned', certificationId: values.certificationId.trim() };
  }
}

/** The POST body of a new badge, on from the start. */
export function toBadgeBody(values: BadgeFormValues): BadgeBody {
  return { slug: values.slug.trim(), name: values.name.trim(), description: values.description.trim(), rule: toBadgeRule(values), active: true };
}

/** The field of an API problem's path (`slug`, `rule.days`, `rule`, …). */
export function badgeFieldOf(path: string): BadgeField | undefined {
  if (path === 'slug' || path === 'name' || path === 'description') return path;
  if (path === 'rule' || path === 'rule.kind') return 'kind';
  const ruleField = /^rule\.(days|count|points|rate|minReviews|certificationId)$/.exec(path);
  return ruleField ? (ruleField[1] as BadgeField) : undefined;
}
