import { describe, expect, it } from 'vitest';
import { DEEP, deepArrayText, encodeLoosely, exampleOf, generateFuzzInputs, operationsOf, RawJson, toJsonText, type Operation, type Schema } from './fuzz-inputs.ts';

const PersonBody: Schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    email: { type: 'string', format: 'email' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    role: { type: 'string', enum: ['admin', 'learner'] },
    teamIds: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 3 },
    note: { type: 'string', nullable: true, maxLength: 10 },
  },
  required: ['name', 'email', 'role'],
  additionalProperties: false,
};

const patchPerson: Operation = {
  method: 'PATCH',
  path: '/api/people/{id}',
  pathParams: [{ name: 'id', schema: { type: 'string', minLength: 1, maxLength: 64 }, required: true }],
  queryParams: [{ name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 200 }, required: false }],
  body: { schema: PersonBody, contentTypes: ['application/json'] },
};
const base = { pathParams: { id: 'p1' }, query: {}, body: { name: 'Ada', email: 'ada@acme.test', role: 'admin' } };

describe('fuzz inputs', () => {
  it('writes numbers JSON.stringify cannot write verbatim', () => {
    expect(toJsonText({ a: new RawJson('1e309'), b: [new RawJson('-0')], c: 'text' })).toBe('{"a":1e309,"b":[-0],"c":"text"}');
  });

  it('makes a valid example from a schema, with the required fields, enum and defaults, and real ids from the hint', () => {
    expect(exampleOf(PersonBody)).toEqual({ name: 'fuzz', email: 'fuzz@acme.test', role: 'admin' });
    expect(exampleOf(PersonBody, (name) => (name === 'teamIds' ? ['t1'] : undefined))).toMatchObject({ teamIds: ['t1'] });
    expect(exampleOf({ type: 'integer', minimum: 5, maximum: 9 })).toBe(5);
    expect(exampleOf({ type: 'string', default: 'spread', enum: ['all', 'spread'] })).toBe('spread');
    expect(exampleOf({ type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
  });

  it('gives the same inputs for the same seed, and other random ones for another', () => {
    const a = generateFuzzInputs(patchPerson, base, 600, 1);
    expect(generateFuzzInputs(patchPerson, base, 600, 1)).toEqual(a);
    expect(a).toHaveLength(600);
    const firstRandom = a.findIndex((input) => input.label.startsWith('random'));
    expect(firstRandom).toBeGreaterThan(100);
    const b = generateFuzzInputs(patchPerson, base, 600, 2);
    expect(b.slice(0, firstRandom)).toEqual(a.slice(0, firstRandom));
    expect(b.slice(firstRandom)).not.toEqual(a.slice(firstRandom));
  });

  it('takes whole-request and per-field cases in turn, so a short run touches every field and parameter', () => {
    const inputs = generateFuzzInputs(patchPerson, base, 200);
    const labels = inputs.map((input) => input.label);
    expect(labels.slice(0, 3)).toEqual(['empty body with a JSON content type', 'path id: random id', 'query limit: "abc"']);
    expect(labels).toContain('truncated JSON');
    expect(labels).toContain(`${DEEP} nested arrays`);
    for (const field of ['path id', 'query limit', 'body name', 'body email', 'body age', 'body role', 'body teamIds', 'body note']) {
      expect(labels.some((label) => label.startsWith(`${field}:`)), field).toBe(true);
    }
    const deep = inputs.find((input) => input.label === `${DEEP} nested arrays`)!;
    expect(deep.body!.payload).toBe(deepArrayText(DEEP));
    const missingName = inputs.find((input) => input.label === 'body name: missing')!;
    expect(JSON.parse(missingName.body!.payload as string)).toEqual({ email: 'ada@acme.test', role: 'admin' });
  });

  it('varies one thing at a time from the valid request', () => {
    const inputs = generateFuzzInputs(patchPerson, base, 300);
    const pathCase = inputs.find((input) => input.label === 'path id: malformed percent-encoding')!;
    expect(pathCase.url).toBe('/api/people/%E0%A4%A');
    expect(JSON.parse(pathCase.body!.payload as string)).toEqual(base.body);
    const overLong = inputs.find((input) => /^body name: string of 121 chars/.test(input.label))!;
    const overLongBody = JSON.parse(overLong.body!.payload as string) as { name: string; email: string };
    expect(overLongBody.name).toHaveLength(121);
    expect(overLongBody.email).toBe('ada@acme.test');
    const tooBig = inputs.find((input) => input.label === 'body age: 151')!;
    expect(JSON.parse(tooBig.body!.payload as string)).toEqual({ ...base.body, age: 151 });
    const infinite = inputs.find((input) => input.label === 'body age: 1e309')!;
    expect(infinite.body!.payload).toBe('{"name":"Ada","email":"ada@acme.test","role":"admin","age":1e309}');
    expect(inputs.find((input) => input.label === 'query limit: "abc"')!.url).toBe('/api/people/p1?limit=abc');
    expect(inputs.find((input) => input.label === 'body teamIds: ["fuzz","fuzz","fuzz","fuzz"]')).toBeDefined();
  });

  it('encodes lone surrogates in URLs instead of throwing', () => {
    expect(encodeLoosely('a\uD800b')).toBe('a%ED%A0%80b');
    expect(encodeLoosely('👩‍👧')).toBe(encodeURIComponent('👩‍👧'));
    const search: Operation = { method: 'GET', path: '/api/search', pathParams: [], queryParams: [{ name: 'q', schema: { type: 'string', maxLength: 200 }, required: true }] };
    const lone = generateFuzzInputs(search, { pathParams: {}, query: { q: 'ok' } }, 300).find((input) => input.label === 'query q: "\\ud800"');
    expect(lone?.url).toBe('/api/search?q=%ED%A0%80');
  });

  it('reads the operations of an OpenAPI document', () => {
    const document = {
      paths: {
        '/api/people/{id}': {
          patch: {
            parameters: [
              { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
              { in: 'query', name: 'limit', schema: { type: 'integer' } },
            ],
            requestBody: { content: { 'application/json': { schema: PersonBody } } },
          },
          get: {},
        },
      },
    };
    expect(operationsOf(document)).toEqual([
      { method: 'PATCH', path: '/api/people/{id}', pathParams: [{ name: 'id', schema: { type: 'string' }, required: true }], queryParams: [{ name: 'limit', schema: { type: 'integer' }, required: false }], body: { schema: PersonBody, contentTypes: ['application/json'] } },
      { method: 'GET', path: '/api/people/{id}', pathParams: [], queryParams: [] },
    ]);
  });
});
