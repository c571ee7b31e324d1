import { describe, expect, it } from 'vitest';
import type { Statement } from './statement.ts';
import { canonicalJson, formatStatement, ifiOf, isSameStatement, termsOf, withActivityLists } from './terms.ts';

const KIT = { mbox: 'mailto:Kit@Example.com', name: 'Kit' };
const MAX = { account: { homePage: 'https://morsel.example', name: 'max' } };
const base: Statement = { actor: KIT, verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-GB': 'answered', de: 'beantwortet' } }, object: { id: 'https://morsel.example/lessons/a', definition: { name: { 'en-GB': 'A', de: 'A (de)' } } } };

describe('ifiOf', () => {
  it('gives each kind of identifier one comparable text; none for an anonymous group', () => {
    expect(ifiOf(KIT)).toBe('mbox:mailto:kit@example.com');
    expect(ifiOf(MAX)).toBe('account:https://morsel.example max');
    expect(ifiOf({ openid: 'https://id.example/a' })).toBe('openid:https://id.example/a');
    expect(ifiOf({ mbox_sha1sum: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })).toBe('mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01');
    expect(ifiOf({})).toBeUndefined();
  });
});

describe('termsOf', () => {
  it('finds the agents and activities a statement is about, directly or related', () => {
    const statement: Statement = {
      ...base,
      actor: { objectType: 'Group', member: [KIT, MAX] },
      object: { objectType: 'SubStatement', actor: { openid: 'https://id.example/sub' }, verb: base.verb, object: { id: 'https://morsel.example/lessons/sub' }, context: { contextActivities: { category: { id: 'https://morsel.example/cat' } } } },
      context: { registration: 'A8F2B3A4-1111-4222-8333-944455556666', instructor: { mbox: 'mailto:gail@example.com' }, contextActivities: { parent: [{ id: 'https://morsel.example/courses/c' }] } },
      authority: { account: { homePage: 'https://morsel.test', name: 'lrs:key' } },
    };
    const terms = termsOf(statement);
    expect(terms).toMatchObject({ verbId: base.verb.id, registration: 'a8f2b3a4-1111-4222-8333-944455556666', targetId: null, isVoiding: false });
    expect(terms.agents).toEqual([
      { ifi: 'mbox:mailto:kit@example.com', related: false },
      { ifi: 'account:https://morsel.example max', related: false },
      { ifi: 'openid:https://id.example/sub', related: true },
      { ifi: 'mbox:mailto:gail@example.com', related: true },
      { ifi: 'account:https://morsel.test lrs:key', related: true },
    ]);
    expect(terms.activities).toEqual([
      { id: 'https://morsel.example/lessons/sub', related: true },
      { id: 'https://morsel.example/cat', related: true },
      { id: 'https://morsel.example/courses/c', related: true },
    ]);
  });

  it('reads a voiding statement’s target', () => {
    const terms = termsOf({ ...base, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: '6FBD600F-D17C-4C74-801A-2EC2E53231C7' } });
    expect(terms).toMatchObject({ isVoiding: true, targetId: '6fbd600f-d17c-4c74-801a-2ec2e53231c7', activities: [] });
  });
});

describe('formatStatement', () => {
  it('keeps only identifiers in the ids format', () => {
    const ids = formatStatement({ ...base, context: { instructor: { ...MAX, name: 'Max' }, contextActivities: { parent: [{ id: 'https://morsel.example/c', definition: { name: { en: 'C' } } }] } } }, 'ids');
    expect(ids.actor).toEqual({ mbox: KIT.mbox });
    expect(ids.verb).toEqual({ id: base.verb.id });
    expect(ids.object).toEqual({ id: 'https://morsel.example/lessons/a' });
    // An activity sent with objectType "Activity" is still its id alone (the suite's XAPI-00171 counts one key).
    expect(formatStatement({ ...base, object: { objectType: 'Activity', id: 'https://morsel.example/lessons/b', definition: { name: { en: 'B' } } } }, 'ids').object).toEqual({ id: 'https://morsel.example/lessons/b' });
    expect(ids.context).toEqual({ instructor: MAX, contextActivities: { parent: [{ id: 'https://morsel.example/c' }] } });
  });

  it('cuts language maps to the reader’s language in the canonical format, leaving extensions alone', () => {
    const statement = { ...base, result: { extensions: { 'https://x.example/e': { name: { de: 'x', en: 'y' } } } } };
    const german = formatStatement(statement, 'canonical', ['de-AT', 'en']);
    expect(german.verb.display).toEqual({ de: 'beantwortet' });
    expect(german.result).toEqual(statement.result);
    expect(formatStatement(statement, 'canonical', ['ja']).verb.display).toEqual({ 'en-GB': 'answered' });
    expect(formatStatement(statement, 'exact')).toBe(statement);
  });
});

describe('isSameStatement', () => {
  it('ignores what the LRS added, key order and a single activity against a list of one', () => {
    const stored = withActivityLists({ ...base, id: 'x', stored: '2026-03-02T09:00:00.000Z', timestamp: '2026-03-02T09:00:00.000Z', authority: MAX, version: '1.0.0', context: { contextActivities: { parent: { id: 'https://morsel.example/c' } } } });
    const again = { context: { contextActivities: { parent: { id: 'https://morsel.example/c' } } }, object: base.object, verb: base.verb, actor: base.actor, id: 'x' } as Statement;
    expect(isSameStatement(stored, again)).toBe(true);
    expect(isSameStatement(stored, { ...again, timestamp: '2026-03-01T00:00:00Z' })).toBe(false);
    expect(isSameStatement(stored, { ...again, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' } })).toBe(false);
  });

  it('writes equal values as equal JSON', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
  });
});
