/**
 * The campaign form: values as the form holds them, the checks the server also makes (so mistakes show before
 * sending), the API body, and where the API's complaints belong. Pure, so it is unit tested.
 */
import { attributeKeyProblem, normaliseAttributeKey } from '../../core/person-attributes.ts';
import type { Audience, Campaign, CampaignCreate } from '../../server/modules/delivery/campaign.schemas.ts';
import type { Channel, Role } from '../lib/api-types.ts';

/** One attribute criterion of the rule as typed: a name and its accepted values, separated by commas. */
export interface RuleAttributeRow {
  key: string;
  values: string;
}

export type PacingMode = Campaign['pacing']['mode'];

/** Everything the campaign form edits. Numbers are kept as typed, so a half-typed value is not lost. */
export interface CampaignFormValues {
  name: string;
  /** Courses in the order learners get them. */
  courseIds: string[];
  personIds: string[];
  teamIds: string[];
  hasRule: boolean;
  ruleTeamIds: string[];
  ruleRoles: Role[];
  ruleAttributes: RuleAttributeRow[];
  /** `YYYY-MM-DDTHH:mm` in the browser's zone (a datetime-local input). */
  start: string;
  /** Same, or '' for no deadline. */
  deadline: string;
  pacing: PacingMode;
  lessonsPerDay: string;
  reminderCount: string;
  reminderEveryDays: string;
  holdoutPercent: string;
  /** '' lets each learner's preference decide. */
  channel: Channel | '';
}

/** The parts of the form a problem can be shown beside. */
export type CampaignField =
  | 'name'
  | 'courseIds'
  | 'audience'
  | 'rule'
  | 'start'
  | 'deadline'
  | 'lessonsPerDay'
  | 'reminderCount'
  | 'reminderEveryDays'
  | 'holdoutPercent'
  | 'channel';

export type CampaignFormErrors = Partial<Record<CampaignField, string>>;

export const MAX_COURSES = 10;
export const MAX_HOLDOUT_PERCENT = 50;

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as a datetime-local value in the browser's zone: `2025-03-12T09:30`. */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value read in the browser's zone; null when it is not one. */
export function fromLocalInputValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, second);
  return Number.isNaN(date.getTime()) || date.getMonth() !== month - 1 ? null : date;
}

/**
 * A moment as ISO 8601 with the browser's offset (`2025-03-12T09:30:00+05:30`), so the API receives the
 * admin's wall-clock time and zone rather than a UTC translation. `offsetMinutes` east of UTC; tests pass it.
 */
export function toIsoWithOffset(date: Date, offsetMinutes = -date.getTimezoneOffset()): string {
  const wall = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const day = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return `${day}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The next whole hour after `now`, a sensible default start. */
export function nextWholeHour(now: Date): Date {
  const next = new Date(now.getTime());
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return next;
}

/** A new campaign: starts at the next whole hour, lessons spread out, one reminder a day later, no hold-out. */
export function newCampaignForm(now: Date): CampaignFormValues {
  return {
    name: '',
    courseIds: [],
    personIds: [],
    teamIds: [],
    hasRule: false,
    ruleTeamIds: [],
    ruleRoles: [],
    ruleAttributes: [],
    start: toLocalInputValue(nextWholeHour(now)),
    deadline: '',
    pacing: 'spread',
    lessonsPerDay: '1',
    reminderCount: '1',
    reminderEveryDays: '1',
    holdoutPercent: '0',
    channel: '',
  };
}

/** The form showing a saved (draft) campaign. */
export function toCampaignFormValues(campaign: Campaign): CampaignFormValues {
  const rule = campaign.audience.rule;
  return {
    name: campaign.name,
    courseIds: [...campaign.courseIds],
    personIds: [...campaign.audience.personIds],
    teamIds: [...campaign.audience.teamIds],
    hasRule: rule !== null,
    ruleTeamIds: [...(rule?.teamIds ?? [])],
    ruleRoles: [...(rule?.roles ?? [])],
    ruleAttributes: Object.entries(rule?.attributes ?? {}).map(([key, values]) => ({ key, values: values.join(', ') })),
    start: toLocalInputValue(new Date(campaign.startAt)),
    deadline: campaign.deadlineAt ? toLocalInputValue(new Date(campaign.deadlineAt)) : '',
    pacing: campaign.pacing.mode,
    lessonsPerDay: String(campaign.pacing.mode === 'daily' ? campaign.pacing.lessonsPerDay : 1),
    reminderCount: String(campaign.reminders.count),
    reminderEveryDays: String(campaign.reminders.everyDays),
    holdoutPercent: String(campaign.holdoutPercent),
    channel: campaign.channel ?? '',
  };
}

/** "Leeds, York ,, leeds" → ["Leeds", "York"] (duplicates ignoring case dropped). */
export function splitValues(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => {
      const key = part.toLowerCase();
      if (part === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The rule's attribute rows that say something (a name or values). */
const filledAttributes = (rows: readonly RuleAttributeRow[]) => rows.filter((row) => row.key.trim() !== '' || row.values.trim() !== '');

/** A whole number typed in a field, or null when it is not one. */
function wholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

function ruleProblem(values: CampaignFormValues): string | undefined {
  const rows = filledAttributes(values.ruleAttributes);
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.key.trim() === '') return `The values “${row.values.trim()}” need an attribute name.`;
    const key = normaliseAttributeKey(row.key);
    const problem = attributeKeyProblem(key);
    if (problem) return `The attribute name “${row.key.trim()}” ${problem}.`;
    if (seen.has(key)) return `The attribute ${key} is given twice: put all its values in one row.`;
    seen.add(key);
    if (splitValues(row.values).length === 0) return `Give at least one value for ${key}, e.g. Leeds, York.`;
  }
  if (values.ruleTeamIds.length === 0 && values.ruleRoles.length === 0 && rows.length === 0) {
    return 'Give the rule at least one team, role or attribute, or turn the rule off.';
  }
  return undefined;
}

/**
 * What is wrong with the form before anything is sent; the server checks the same (and more) again. Empty when
 * the form can be saved.
 */
export function validateCampaignForm(values: CampaignFormValues): CampaignFormErrors {
  const errors: CampaignFormErrors = {};
  if (values.name.trim() === '') errors.name = 'Give the campaign a name.';
  else if (values.name.trim().length > 120) errors.name = 'Keep the name to 120 characters.';
  if (values.courseIds.length === 0) errors.courseIds = 'Choose at least one published course.';
  else if (values.courseIds.length > MAX_COURSES) errors.courseIds = `A campaign has at most ${MAX_COURSES} courses.`;
  if (values.personIds.length === 0 && values.teamIds.length === 0 && !values.hasRule) errors.audience = 'Choose who gets the campaign: people, teams or a rule.';
  if (values.hasRule) {
    const problem = ruleProblem(values);
    if (problem) errors.rule = problem;
  }
  const start = fromLocalInputValue(values.start);
  if (!start) errors.start = 'Enter the date and time the campaign starts.';
  if (values.deadline.trim() !== '') {
    const deadline = fromLocalInputValue(values.deadline);
    if (!deadline) errors.deadline = 'Enter a date and time, or leave the deadline empty.';
    else if (start && deadline.getTime() <= start.getTime()) errors.deadline = 'The deadline must come after the start.';
  }
  if (values.pacing === 'daily') {
    const perDay = wholeNumber(values.lessonsPerDay);
    if (perDay === null || perDay < 1 || perDay > 20) errors.lessonsPerDay = 'Enter a whole number of lessons a day from 1 to 20.';
  }
  const count = wholeNumber(values.reminderCount);
  if (count === null || count > 5) errors.reminderCount = 'Enter a number of reminders from 0 to 5.';
  const every = wholeNumber(values.reminderEveryDays);
  if ((count ?? 0) > 0 && (every === null || every < 1 || every > 14)) errors.reminderEveryDays = 'Enter a number of days from 1 to 14.';
  const holdout = wholeNumber(values.holdoutPercent);
  if (holdout === null || holdout > MAX_HOLDOUT_PERCENT) errors.holdoutPercent = `Enter a whole percentage from 0 to ${MAX_HOLDOUT_PERCENT}.`;
  return errors;
}

/** The rule as the API takes it; attribute names in their canonical form. */
function toRule(values: CampaignFormValues): Audience['rule'] {
  if (!values.hasRule) return null;
  const attributes = Object.fromEntries(filledAttributes(values.ruleAttributes).map((row) => [normaliseAttributeKey(row.key), splitValues(row.values)]));
  return {
    ...(values.ruleTeamIds.length > 0 && { teamIds: [...values.ruleTeamIds] }),
    ...(values.ruleRoles.length > 0 && { roles: [...values.ruleRoles] }),
    ...(Object.keys(attributes).length > 0 && { attributes }),
  };
}

/**
 * The API body for creating the campaign, and for changing a draft (the same fields). Assumes
 * {@link validateCampaignForm} found nothing.
 */
export function toCampaignBody(values: CampaignFormValues): CampaignCreate {
  const start = fromLocalInputValue(values.start) ?? new Date(Number.NaN);
  const deadline = values.deadline.trim() === '' ? null : fromLocalInputValue(values.deadline);
  const reminderCount = wholeNumber(values.reminderCount) ?? 0;
  return {
    name: values.name.trim(),
    courseIds: [...values.courseIds],
    audience: { personIds: [...values.personIds], teamIds: [...values.teamIds], rule: toRule(values) },
    startAt: toIsoWithOffset(start),
    deadlineAt: deadline ? toIsoWithOffset(deadline) : null,
    pacing: values.pacing === 'daily' ? { mode: 'daily', lessonsPerDay: wholeNumber(values.lessonsPerDay) ?? 1 } : { mode: values.pacing },
    // Without reminders the interval is not checked by the form, but the API still wants one in range.
    reminders: { count: reminderCount, everyDays: Math.min(14, Math.max(1, wholeNumber(values.reminderEveryDays) ?? 1)) },
    holdoutPercent: wholeNumber(values.holdoutPercent) ?? 0,
    channel: values.channel === '' ? null : values.channel,
  };
}

/** The form field an API problem's path (`deadlineAt`, `audience.rule.attributes.location`, `pacing.lessonsPerDay`) belongs to. */
export function campaignFieldOf(path: string): CampaignField | undefined {
  const [head = '', second] = path.split('.');
  switch (head) {
    case 'name':
      return 'name';
    case 'courseIds':
      return 'courseIds';
    case 'audience':
      return second === 'rule' ? 'rule' : 'audience';
    case 'personIds':
      return 'audience';
    case 'startAt':
      return 'start';
    case 'deadlineAt':
      return 'deadline';
    case 'pacing':
      return 'lessonsPerDay';
    case 'reminders':
      return second === 'everyDays' ? 'reminderEveryDays' : 'reminderCount';
    case 'holdoutPercent':
      return 'holdoutPercent';
    case 'channel':
      return 'channel';
    default:
      return undefined;
  }
}

/** Moves one item of a list one place up (-1) or down (+1); the list is unchanged at either end. */
export function moveItem<T>(items: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
