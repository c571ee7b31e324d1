import { describe, expect, it } from 'vitest';
import { isLanguageTag, isTimestamp, MAX_EXTENSION_DEPTH, nestingDepth, parseStatement } from './statement.ts';

const ACTOR = { mbox: 'mailto:kit@example.com', name: 'Kit' };
const VERB = { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-GB': 'answered' } };
const ACTIVITY = { id: 'https://morsel.example/lessons/facing-shelves', definition: { name: { 'en-GB': 'Facing the shelves' } } };
const valid = { actor: ACTOR, verb: VERB, object: ACTIVITY };

/** The fields a statement is refused for, or [] when it is taken. */
function refusedFields(statement: unknown): string[] {
  const parsed = parseStatement(statement);
  return parsed.ok ? [] : parsed.issues.map((issue) => issue.field);
}

describe('parseStatement', () => {
  it('takes a minimal statement and a full one', () => {
    expect(refusedFields(valid)).toEqual([]);
    const full = {
      id: '6fbd600f-d17c-4c74-801a-2ec2e53231c7',
      actor: { objectType: 'Group', name: 'Shop floor', member: [ACTOR, { account: { homePage: 'https://morsel.example', name: 'max' } }] },
      verb: VERB,
      object: { ...ACTIVITY, definition: { ...ACTIVITY.definition, type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', correctResponsesPattern: ['a'], choices: [{ id: 'a', description: { en: 'Front' } }, { id: 'b', description: { en: 'Back' } }] } },
      result: { score: { scaled: 0.5, raw: 5, min: 0, max: 10 }, success: true, completion: true, response: 'a', duration: 'PT1M30.5S', extensions: { 'https://morsel.example/x/confidence': 3 } },
      context: { registration: 'a8f2b3a4-1111-4222-8333-944455556666', instructor: { openid: 'https://id.example/gail' }, contextActivities: { parent: { id: 'https://morsel.example/courses/opening' }, grouping: [{ id: 'https://morsel.example/campaigns/w49' }] }, revision: '3', platform: 'Morsel', language: 'en-GB', statement: { objectType: 'StatementRef', id: '6fbd600f-d17c-4c74-801a-2ec2e53231c8' } },
      timestamp: '2026-03-02T09:00:00.123+01:00',
      version: '1.0.3',
      attachments: [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { en: 'Signature' }, contentType: 'application/octet-stream', length: 10, sha2: 'a'.repeat(64), fileUrl: 'https://files.example/sig' }],
    };
    expect(refusedFields(full)).toEqual([]);
  });

  it('takes extension values nested up to the limit and refuses deeper ones, however deep, without overflowing', () => {
    const nested = (levels: number): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = { v: value };
      return value;
    };
    const withExtension = (value: unknown) => ({ ...valid, result: { extensions: { 'https://morsel.example/x/deep': value } } });
    expect(nestingDepth(nested(3))).toBe(3);
    expect(nestingDepth([[], { a: [1] }])).toBe(3);
    expect(refusedFields(withExtension(nested(MAX_EXTENSION_DEPTH)))).toEqual([]);
    expect(refusedFields(withExtension(nested(MAX_EXTENSION_DEPTH + 1)))).toEqual(['result.extensions']);
    // Ten thousand levels parse as JSON but could never be written back: refused, not a crash.
    expect(refusedFields(withExtension(JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)))).toEqual(['result.extensions']);
  });

  it('refuses a property the specification does not define, anywhere', () => {
    expect(refusedFields({ ...valid, colour: 'blue' })).toEqual(['(statement)']);
    expect(refusedFields({ ...valid, verb: { ...VERB, label: 'x' } })).toEqual(['verb']);
    expect(refusedFields({ ...valid, result: { score: { percent: 5 } } })).toEqual(['result.score']);
  });

  it('asks for exactly one identifier of an agent, and members of an anonymous group', () => {
    expect(refusedFields({ ...valid, actor: { name: 'Nobody' } })).toEqual(['actor']);
    expect(refusedFields({ ...valid, actor: { mbox: 'mailto:a@b.c', openid: 'https://id.example/a' } })).toEqual(['actor.openid']);
    expect(refusedFields({ ...valid, actor: { mbox: 'kit@example.com' } })).toEqual(['actor.mbox']);
    expect(refusedFields({ ...valid, actor: { mbox_sha1sum: 'xyz' } })).toEqual(['actor.mbox_sha1sum']);
    expect(refusedFields({ ...valid, actor: { objectType: 'Group' } })).toEqual(['actor.member']);
    expect(refusedFields({ ...valid, actor: { objectType: 'Group', member: [{ objectType: 'Group', member: [ACTOR] }] } })).toContain('actor.member.0.objectType');
    expect(refusedFields({ ...valid, actor: { objectType: 'Person', mbox: 'mailto:a@b.c' } })).toEqual(['actor.objectType']);
  });

  it('checks identifiers, timestamps, durations, scores and language tags', () => {
    expect(refusedFields({ ...valid, id: 'not-a-uuid' })).toEqual(['id']);
    expect(refusedFields({ ...valid, verb: { id: 'answered' } })).toEqual(['verb.id']);
    expect(refusedFields({ ...valid, verb: { ...VERB, display: { 'not a tag': 'x' } } })).toEqual(['verb.display.not a tag']);
    expect(refusedFields({ ...valid, timestamp: '2 March 2026' })).toEqual(['timestamp']);
    expect(refusedFields({ ...valid, timestamp: '2026-03-02T09:00:00-00:00' })).toEqual(['timestamp']);
    expect(refusedFields({ ...valid, result: { duration: 'ninety seconds' } })).toEqual(['result.duration']);
    expect(refusedFields({ ...valid, result: { score: { scaled: 1.5 } } })).toEqual(['result.score.scaled']);
    expect(refusedFields({ ...valid, result: { score: { raw: 11, min: 0, max: 10 } } })).toEqual(['result.score.raw']);
    expect(refusedFields({ ...valid, result: { score: { min: 10, max: 10 } } })).toEqual(['result.score.min']);
    expect(refusedFields({ ...valid, version: '2.0.0' })).toEqual(['version']);
    expect(refusedFields({ ...valid, context: { registration: 'nope' } })).toEqual(['context.registration']);
    // Longer than an index entry may be: refused, not a database error.
    expect(refusedFields({ ...valid, object: { id: `https://morsel.example/${'x'.repeat(3000)}` } })).toEqual(['object.id']);
    expect(refusedFields({ ...valid, actor: { account: { homePage: 'https://morsel.example', name: 'n'.repeat(3000) } } })).toEqual(['actor.account.name']);
  });

  it('keeps revision and platform to statements about an activity, and voiding to a statement reference', () => {
    const aboutAgent = { ...valid, object: { objectType: 'Agent', mbox: 'mailto:max@example.com' } };
    expect(refusedFields({ ...aboutAgent, context: { platform: 'Morsel' } })).toEqual(['context.platform']);
    expect(refusedFields({ ...valid, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } })).toEqual(['object']);
    expect(refusedFields({ ...valid, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: '6fbd600f-d17c-4c74-801a-2ec2e53231c7' } })).toEqual([]);
  });

  it('takes a sub-statement, but not one inside another or one with an id', () => {
    const sub = { objectType: 'SubStatement', actor: ACTOR, verb: VERB, object: ACTIVITY };
    expect(refusedFields({ ...valid, object: sub })).toEqual([]);
    expect(refusedFields({ ...valid, object: { ...sub, object: sub } })).toEqual(['object.object.objectType']);
    expect(refusedFields({ ...valid, object: { ...sub, id: '6fbd600f-d17c-4c74-801a-2ec2e53231c7' } })).toEqual(['object']);
  });

  it('keeps interaction components to the interaction types that have them', () => {
    const definition = (extra: object) => ({ ...valid, object: { id: ACTIVITY.id, definition: { interactionType: 'true-false', ...extra } } });
    expect(refusedFields(definition({ correctResponsesPattern: ['true'] }))).toEqual([]);
    expect(refusedFields(definition({ choices: [{ id: 'a' }] }))).toEqual(['object.definition.choices']);
    expect(refusedFields(definition({ interactionType: 'choice', choices: [{ id: 'a' }, { id: 'a' }] }))).toEqual(['object.definition.choices']);
    expect(refusedFields(definition({ interactionType: 'essay' }))).toEqual(['object.definition.interactionType']);
  });

  it('refuses what is not a statement at all', () => {
    for (const input of [null, 'statement', 42, [], { actor: ACTOR, verb: VERB }]) expect(parseStatement(input).ok).toBe(false);
    expect(refusedFields({ ...valid, object: 'https://morsel.example/lessons/x' })).toEqual(['object']);
  });
});

describe('formats', () => {
  it('reads timestamps and language tags', () => {
    expect(isTimestamp('2026-03-02T09:00:00Z')).toBe(true);
    expect(isTimestamp('2026-03-02T09:00')).toBe(true);
    expect(isTimestamp('2026-13-02T09:00:00Z')).toBe(false);
    expect(isLanguageTag('en-GB')).toBe(true);
    expect(isLanguageTag('zh-Hant-TW')).toBe(true);
    expect(isLanguageTag('english!')).toBe(false);
  });
});
