import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttributeValue,
  CONDITION_OPERATORS,
  conditionAttributesOf,
  describeCondition,
  describeSeconds,
  firstUnmetCondition,
  matchesAllConditions,
  matchesCondition,
  type TriggerCondition,
} from './trigger-conditions.ts';

const deal = { stage: 'Closed Won', amount: 1500, region: 'EU', vip: true, count: '12', note: '  Renewal for ACME  ' };

describe('matchesCondition', () => {
  const cases: Array<[string, TriggerCondition, boolean]> = [
    ['eq: same text', { attribute: 'stage', op: 'eq', value: 'Closed Won' }, true],
    ['eq: text ignores case and surrounding spaces', { attribute: 'stage', op: 'eq', value: '  closed won ' }, true],
    ['eq: other text', { attribute: 'stage', op: 'eq', value: 'Closed Lost' }, false],
    ['eq: a number equals its text', { attribute: 'count', op: 'eq', value: 12 }, true],
    ['eq: a number equals the same number', { attribute: 'amount', op: 'eq', value: 1500 }, true],
    ['eq: a number is not a word', { attribute: 'amount', op: 'eq', value: 'many' }, false],
    ['eq: true equals "true"', { attribute: 'vip', op: 'eq', value: 'TRUE' }, true],
    ['eq: true is not false', { attribute: 'vip', op: 'eq', value: false }, false],
    ['neq: other text', { attribute: 'region', op: 'neq', value: 'UK' }, true],
    ['neq: same text in another case', { attribute: 'region', op: 'neq', value: 'eu' }, false],
    ['in: one of the values', { attribute: 'region', op: 'in', value: ['UK', 'eu'] }, true],
    ['in: none of the values', { attribute: 'region', op: 'in', value: ['UK', 'US'] }, false],
    ['in: an empty list holds for nothing', { attribute: 'region', op: 'in', value: [] }, false],
    ['gt: more', { attribute: 'amount', op: 'gt', value: 1000 }, true],
    ['gt: equal is not more', { attribute: 'amount', op: 'gt', value: 1500 }, false],
    ['gte: equal', { attribute: 'amount', op: 'gte', value: 1500 }, true],
    ['lt: less', { attribute: 'amount', op: 'lt', value: 2000 }, true],
    ['lte: more is not at most', { attribute: 'amount', op: 'lte', value: 1499.5 }, false],
    ['gt: numeric text counts as a number', { attribute: 'count', op: 'gt', value: 11 }, true],
    ['gt: text that is no number never compares', { attribute: 'stage', op: 'gt', value: -1e9 }, false],
    ['lt: a boolean never compares', { attribute: 'vip', op: 'lt', value: 2 }, false],
    ['contains: part of the text, without case', { attribute: 'note', op: 'contains', value: 'acme' }, true],
    ['contains: not in the text', { attribute: 'note', op: 'contains', value: 'churn' }, false],
    ['contains: numbers are not searched as text', { attribute: 'amount', op: 'contains', value: '15' }, false],
    ['exists: present', { attribute: 'vip', op: 'exists', value: true }, true],
    ['exists false: present', { attribute: 'vip', op: 'exists', value: false }, false],
    ['exists false: absent', { attribute: 'coupon', op: 'exists', value: false }, true],
    ['exists: absent', { attribute: 'coupon', op: 'exists', value: true }, false],
    ['neq on an absent attribute does not hold', { attribute: 'coupon', op: 'neq', value: 'X' }, false],
    ['an inherited key is not an attribute', { attribute: 'constructor', op: 'exists', value: true }, false],
  ];
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(matchesCondition(condition, deal)).toBe(expected);
  });
});

describe('matchesAllConditions and firstUnmetCondition', () => {
  it('hold for no conditions at all', () => {
    expect(matchesAllConditions([], {})).toBe(true);
  });

  it('need every condition, and name the first that fails', () => {
    const conditions: TriggerCondition[] = [
      { attribute: 'stage', op: 'eq', value: 'closed won' },
      { attribute: 'amount', op: 'gte', value: 5000 },
      { attribute: 'region', op: 'eq', value: 'US' },
    ];
    expect(matchesAllConditions(conditions, deal)).toBe(false);
    expect(firstUnmetCondition(conditions, deal)).toBe(conditions[1]);
    expect(matchesAllConditions(conditions.slice(0, 1), deal)).toBe(true);
  });
});

describe('conditionAttributesOf', () => {
  it('offers the person’s HR attributes as person.<key>, which an event cannot overwrite', () => {
    const merged = conditionAttributesOf({ 'person.region': 'forged', stage: 'won' }, { region: 'Leeds' });
    expect(merged).toEqual({ 'person.region': 'Leeds', stage: 'won' });
    expect(matchesCondition({ attribute: 'person.region', op: 'eq', value: 'leeds' }, merged)).toBe(true);
  });

  it('keeps a key named __proto__ as an ordinary attribute', () => {
    const merged = conditionAttributesOf(JSON.parse('{"__proto__":"x"}') as Record<string, string>);
    expect(matchesCondition({ attribute: '__proto__', op: 'eq', value: 'x' }, merged)).toBe(true);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});

describe('describeCondition', () => {
  it('says each operator in words', () => {
    expect(describeCondition({ attribute: 'amount', op: 'gt', value: 1000 })).toBe('amount is more than 1000');
    expect(describeCondition({ attribute: 'region', op: 'in', value: ['EU', 'UK'] })).toBe('region is one of EU, UK');
    expect(describeCondition({ attribute: 'coupon', op: 'exists', value: false })).toBe('coupon is absent');
    for (const op of CONDITION_OPERATORS) expect(describeCondition({ attribute: 'a', op, value: op === 'in' ? [1] : op === 'exists' ? true : 1 } as TriggerCondition)).toMatch(/^a /);
  });
});

describe('condition properties', () => {
  const value: fc.Arbitrary<AttributeValue> = fc.oneof(fc.string({ maxLength: 12 }), fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.constantFrom('5', ' 5 ', 'true', 'EU', 'eu'));
  const key = fc.constantFrom('a', 'b', 'c');
  const attributes = fc.dictionary(key, value, { maxKeys: 3 });

  it('neq is the negation of eq for present attributes', () => {
    fc.assert(
      fc.property(attributes, key, value, (attrs, attribute, expected) => {
        fc.pre(Object.hasOwn(attrs, attribute));
        expect(matchesCondition({ attribute, op: 'neq', value: expected }, attrs)).toBe(!matchesCondition({ attribute, op: 'eq', value: expected }, attrs));
      }),
    );
  });

  it('in with one value is eq, and in with more values is the or of each eq', () => {
    fc.assert(
      fc.property(attributes, key, fc.array(value, { minLength: 1, maxLength: 4 }), (attrs, attribute, values) => {
        const anyEq = values.some((v) => matchesCondition({ attribute, op: 'eq', value: v }, attrs));
        expect(matchesCondition({ attribute, op: 'in', value: values }, attrs)).toBe(anyEq);
      }),
    );
  });

  it('gt is not-lte and lt is not-gte whenever the attribute is a number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (actual, bound) => {
        const attrs = { n: actual };
        expect(matchesCondition({ attribute: 'n', op: 'gt', value: bound }, attrs)).toBe(!matchesCondition({ attribute: 'n', op: 'lte', value: bound }, attrs));
        expect(matchesCondition({ attribute: 'n', op: 'lt', value: bound }, attrs)).toBe(!matchesCondition({ attribute: 'n', op: 'gte', value: bound }, attrs));
      }),
    );
  });

  it('exists true and exists false always disagree', () => {
    fc.assert(
      fc.property(attributes, key, (attrs, attribute) => {
        expect(matchesCondition({ attribute, op: 'exists', value: true }, attrs)).toBe(!matchesCondition({ attribute, op: 'exists', value: false }, attrs));
      }),
    );
  });

  it('holds for no operator on an absent attribute, except exists false', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONDITION_OPERATORS), value, (op, expected) => {
        const condition = { attribute: 'missing', op, value: op === 'in' ? [expected] : op === 'exists' ? false : op === 'contains' ? String(expected) : typeof expected === 'number' ? expected : 1 } as TriggerCondition;
        expect(matchesCondition(condition, { other: expected })).toBe(op === 'exists');
      }),
    );
  });

  it('eq ignores the case and surrounding spaces of text on both sides', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z -]{0,15}$/), fc.constantFrom('', ' ', '  '), (text, pad) => {
        expect(matchesCondition({ attribute: 'x', op: 'eq', value: `${pad}${text.toUpperCase()}${pad}` }, { x: text.toLowerCase() })).toBe(true);
      }),
    );
  });
});

describe('describeSeconds', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [90, '90 seconds'],
    [5_400, '90 minutes'],
    [7_200, '2 hours'],
    [86_400, '1 day'],
    [604_800, '7 days'],
  ])('%i seconds read "%s"', (seconds, words) => {
    expect(describeSeconds(seconds)).toBe(words);
  });
});
