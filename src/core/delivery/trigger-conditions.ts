/**
 * The conditions of a just-in-time trigger rule: does an event's attributes (and the person's HR attributes)
 * satisfy every one? Pure and isomorphic: the server decides with it, and the admin page describes rules with
 * the same words.
 *
 * Values compare the way webhooks send them: text without case and surrounding spaces (as audience rules
 * compare people's attributes), a number equal to its text (`5` and `"5"`), `true` equal to `"true"`. Ordering
 * operators compare numbers only. A condition on an attribute the event does not carry does not hold, except
 * `exists` with `false`: a rule never fires on what it cannot see.
 */
import { comparableAttributeValue } from '../person-attributes.ts';

/** A value of an event attribute as the API accepts it. */
export type AttributeValue = string | number | boolean;

/** An event's attributes (plus the person's HR attributes under `person.<key>`). */
export type ConditionAttributes = Readonly<Record<string, AttributeValue>>;

/** The operators, in the order the admin page offers them. */
export const CONDITION_OPERATORS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** What each operator means, for people (the admin page, skip messages). */
export const OPERATOR_LABELS: Readonly<Record<ConditionOperator, string>> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  exists: 'is present',
};

/** One condition; `value`'s type depends on the operator. */
export type TriggerCondition =
  | { attribute: string; op: 'eq' | 'neq'; value: AttributeValue }
  | { attribute: string; op: 'in'; value: readonly AttributeValue[] }
  | { attribute: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  | { attribute: string; op: 'contains'; value: string }
  /** `true`: the attribute must be present; `false`: it must be absent. */
  | { attribute: string; op: 'exists'; value: boolean };

/** The prefix under which conditions read the person's own HR attributes (`person.region`). */
export const PERSON_ATTRIBUTE_PREFIX = 'person.';

/** The attribute's value, reading own keys only (`constructor` must not find Object.prototype's). */
function valueOf(attributes: ConditionAttributes, key: string): AttributeValue | undefined {
  return Object.hasOwn(attributes, key) ? attributes[key] : undefined;
}

/** A value as a finite number (`5`, `"5"`, `" 5.5 "`), or undefined when it is not one. */
function numberOf(value: AttributeValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** True when two values are the same in the loose sense described at the top of this file. */
export function isSameValue(a: AttributeValue, b: AttributeValue): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    const left = numberOf(a);
    const right = numberOf(b);
    return left !== undefined && right !== undefined && left === right;
  }
  return comparableAttributeValue(String(a)) === comparableAttributeValue(String(b));
}

/** True when the condition holds for these attributes. */
export function matchesCondition(condition: TriggerCondition, attributes: ConditionAttributes): boolean {
  const actual = valueOf(attributes, condition.attribute);
  if (condition.op === 'exists') return (actual !== undefined) === condition.value;
  if (actual === undefined) return false;
  switch (condition.op) {
    case 'eq':
      return isSameValue(actual, condition.value);
    case 'neq':
      return !isSameValue(actual, condition.value);
    case 'in':
      return condition.value.some((candidate) => isSameValue(actual, candidate));
    case 'contains':
      return typeof actual === 'string' && comparableAttributeValue(actual).includes(comparableAttributeValue(condition.value));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const number = numberOf(actual);
      if (number === undefined) return false;
      if (condition.op === 'gt') return number > condition.value;
      if (condition.op === 'gte') return number >= condition.value;
      if (condition.op === 'lt') return number < condition.value;
      return number <= condition.value;
    }
  }
}

/** The first condition that does not hold, or undefined when all do (an empty list always holds). */
export function firstUnmetCondition(conditions: readonly TriggerCondition[], attributes: ConditionAttributes): TriggerCondition | undefined {
  return conditions.find((condition) => !matchesCondition(condition, attributes));
}

/** True when every condition holds. */
export function matchesAllConditions(conditions: readonly TriggerCondition[], attributes: ConditionAttributes): boolean {
  return firstUnmetCondition(conditions, attributes) === undefined;
}

/** A condition in words: `amount is more than 1000`, `region is one of EU, UK`, `coupon is absent`. */
export function describeCondition(condition: TriggerCondition): string {
  if (condition.op === 'exists') return `${condition.attribute} ${condition.value ? 'is present' : 'is absent'}`;
  const value = condition.op === 'in' ? condition.value.map(String).join(', ') : String(condition.value);
  return `${condition.attribute} ${OPERATOR_LABELS[condition.op]} ${value}`;
}

/**
 * What conditions match against: the event's attributes, and the person's HR attributes as `person.<key>`
 * (these win: an event cannot pretend to be the person's record).
 */
export function conditionAttributesOf(eventAttributes: ConditionAttributes, personAttributes: Readonly<Record<string, string>> = {}): Record<string, AttributeValue> {
  // fromEntries defines own properties, so even a key like `__proto__` stays an ordinary attribute.
  return Object.fromEntries([...Object.entries(eventAttributes), ...Object.entries(personAttributes).map(([key, value]) => [`${PERSON_ATTRIBUTE_PREFIX}${key}`, value] as const)]);
}

const DURATION_UNITS: ReadonlyArray<[seconds: number, unit: string]> = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** A rule's delay or cool-down in words, in the largest unit that divides it: `7 days`, `90 minutes`, `1 second`. */
export function describeSeconds(seconds: number): string {
  if (seconds === 0) return '0 seconds';
  const [size, unit] = DURATION_UNITS.find(([size]) => seconds % size === 0) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
