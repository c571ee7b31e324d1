import fc from 'fast-check';

/**
 * Invalid and boundary inputs for one API operation, generated from its OpenAPI schemas (as @fastify/swagger
 * writes them from the zod schemas: OpenAPI 3.0 JSON Schema with `nullable`, no `$ref`). Pure: the same
 * operation, base request and seed give the same inputs. `fuzz.test.ts` sends them to every route.
 *
 * The inputs come in a fixed order, so that a short run (CI) still touches every part of a request: the
 * whole-request cases (malformed JSON, wrong content types, deep nesting, …) and the cases of each field and
 * parameter (wrong types, missing, limits, edge strings and numbers, …) taken round-robin, one list after the
 * other, then random requests near the schema from fast-check.
 */

/** The part of JSON Schema the generator reads. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  default?: unknown;
}

/** A path or query parameter of an operation. */
export interface Parameter {
  name: string;
  schema: Schema;
  required: boolean;
}

/** What the generator needs to know of an operation. */
export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/api/people/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The request body's schema and content types, when the operation documents one. */
  body?: { schema: Schema; contentTypes: string[] };
}

/** A request body as bytes on the wire, with its Content-Type (none when `contentType` is undefined). */
export interface RawBody {
  payload: string | Buffer;
  contentType: string | undefined;
  /** Extra request headers, e.g. a Content-Length that does not match. */
  headers?: Record<string, string>;
}

/** A valid request the inputs are variations of: path parameters and query values unencoded, the body as JSON. */
export interface BaseRequest {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** The valid body (a JSON value, or a string sent as-is with `bodyContentType`), if the operation takes one. */
  body?: unknown;
  bodyContentType?: string;
}

/** One generated request: a label saying what is wrong with it, its URL (path and query) and its body. */
export interface FuzzInput {
  label: string;
  url: string;
  body?: RawBody;
}

/** A JSON fragment written verbatim where it stands in a value (numbers JSON.stringify cannot write, e.g. `1e309`). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes `RawJson` fragments verbatim. */
export function toJsonText(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      marks.push(v.text);
      return `__raw_json_${marks.length - 1}_f9c1__`;
    }
    return v;
  });
  return (text ?? '').replace(/"__raw_json_(\d+)_f9c1__"/g, (_, index: string) => marks[Number(index)]!);
}

/** Strings that have broken parsers, databases and renderers before. */
export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\uD800',
  'lone low \uDFFF surrogate',
  'trailing high \uD83D',
  'NUL\u0000inside',
  '\u202Egnp.exe',
  '\u200F\u202B right to left \u202C',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z\u0324\u0354\u0367\u0311\u0313a\u0356\u032D\u0308\u0307',
  `a${'\u0301'.repeat(2000)}`,
  '\uFEFFbyte order mark',
  'zero\u200Bwidth',
  'line\u2028separator\u2029paragraph\u0085next',
  'e\u0301 vs \u00E9',
  '\uFFFE\uFFFF noncharacters',
  '\u{10FFFF}',
  "'; drop table person; --",
  '%00%2e%2e%2f',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return 1")()}}',
  '=cmd|" /C calc"!A0',
  '\t\r\n',
  'x'.repeat(70_000),
];

/** One megabyte of text. */
export const HUGE_STRING = 'm'.repeat(1024 * 1024);

/** Numbers at and past every edge: written verbatim into JSON. */
export const EDGE_NUMBERS: readonly RawJson[] = ['-0', '1e309', '-1e309', '1e-400', '9007199254740993', '-9007199254740993', '1' + '0'.repeat(400), '0.1e1', '2147483648', '-1', '0', '1.5', '1E2'].map((text) => new RawJson(text));

/** Query and path values that are not numbers, or are numbers nobody means. */
const EDGE_NUMBER_TEXTS = ['abc', '1e309', '-0', 'NaN', 'Infinity', '-1', '0', '1.5', '99999999999999999999', '0x10', ' 1', '1 ', '+1', '1e3', ''];

/** Nesting depth of the "deep nesting" inputs. */
export const DEEP = 10_000;

/** The types a schema allows (nullable adds null). */
function typesOf(schema: Schema): string[] {
  const declared = schema.type === undefined ? [] : [schema.type].flat();
  if (declared.length === 0) {
    if (schema.properties) declared.push('object');
    else if (schema.items) declared.push('array');
    else if (schema.enum?.every((v) => typeof v === 'string') || typeof schema.const === 'string') declared.push('string');
  }
  return schema.nullable ? [...declared, 'null'] : declared;
}

/** The alternatives of a union schema, or the schema itself. */
function variantsOf(schema: Schema): Schema[] {
  return schema.oneOf ?? schema.anyOf ?? [schema];
}

/** A string of `length` characters that still satisfies the pattern where the pattern allows. */
function stringOfLength(schema: Schema, length: number): string {
  const seed = exampleString(schema);
  if (seed.length === 0) return 'x'.repeat(length);
  return seed.length >= length ? seed.slice(0, length) : seed + (seed.at(-1) ?? 'x').repeat(length - seed.length);
}

/** A plausible valid string for the schema. */
function exampleString(schema: Schema): string {
  if (schema.enum?.length) return String(schema.enum[0]);
  if (typeof schema.const === 'string') return schema.const;
  switch (schema.format) {
    case 'date-time':
      return '2030-01-01T09:00:00.000Z';
    case 'date':
      return '2030-01-01';
    case 'email':
      return 'fuzz@acme.test';
    case 'uri':
      return 'https://example.com/fuzz';
    case 'uuid':
      return '2f1c3a5e-7b9d-4e0f-8a1b-3c5d7e9f1a2b';
    case 'binary':
      return 'bytes';
  }
  if (schema.pattern) {
    try {
      const [matching] = fc.sample(fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity)), { numRuns: 1, seed: 7 });
      if (matching !== undefined) return matching;
    } catch {
      // fast-check cannot write strings for every pattern (lookaheads); the plain example below will do.
    }
  }
  const min = Math.max(schema.minLength ?? 1, 1);
  return 'fuzz'.padEnd(min, 'z').slice(0, Math.max(min, Math.min(4, schema.maxLength ?? 4)));
}

/** The lowest and highest number the schema allows. */
function numberBounds(schema: Schema): { min: number | undefined; max: number | undefined } {
  const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.minimum;
  const max = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.maximum;
  return { min, max };
}

/**
 * A valid value for the schema: its default where it has one, else the smallest plausible value, with objects
 * holding their required properties. `hint(name)` supplies values for properties the schema alone cannot
 * (ids of real objects); it applies to optional properties too.
 */
export function exampleOf(schema: Schema, hint: (name: string) => unknown = () => undefined, name = ''): unknown {
  const hinted = name ? hint(name) : undefined;
  if (hinted !== undefined) return hinted;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part, hint)));
  const [variant] = variantsOf(schema);
  if (variant !== schema && variant) return exampleOf(variant, hint, name);
  if (schema.enum?.length) return schema.enum[0];
  const [type] = typesOf(schema);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || hint(key) !== undefined) out[key] = exampleOf(property, hint, key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items ?? {}, hint));
    case 'string':
      return exampleString(schema);
    case 'integer':
    case 'number': {
      const { min, max } = numberBounds(schema);
      const value = min ?? Math.min(1, max ?? 1);
      return type === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Values of the wrong type for the schema. */
function wrongTypes(schema: Schema): unknown[] {
  const allowed = new Set(typesOf(schema));
  if (allowed.has('integer')) allowed.add('number');
  const candidates: [string, unknown][] = [
    ['string', 'not the right type'],
    ['number', 12345],
    ['boolean', true],
    ['null', null],
    ['array', ['a', 1]],
    ['object', { unexpected: 'object' }],
  ];
  if (allowed.size === 0) return [];
  return candidates.filter(([type]) => !allowed.has(type) && !(type === 'number' && allowed.has('integer'))).map(([, value]) => value);
}

/** Valid-shaped values at and just past the schema's limits, plus edge values of its type. */
function boundaryValues(schema: Schema): unknown[] {
  const types = typesOf(schema);
  const out: unknown[] = [];
  if (schema.enum?.length) {
    const first = String(schema.enum[0]);
    out.push(first.toUpperCase(), `${first} `, '', `${first}\u0000`);
  }
  if (types.includes('string') && !schema.enum) {
    const { minLength = 0, maxLength } = schema;
    if (minLength > 0) out.push(stringOfLength(schema, minLength), stringOfLength(schema, minLength - 1));
    if (maxLength !== undefined) out.push(stringOfLength(schema, Math.min(maxLength, 2_000_000)), stringOfLength(schema, Math.min(maxLength + 1, 2_000_001)));
    out.push(HUGE_STRING, ...EDGE_STRINGS);
    if (schema.format === 'date-time' || schema.format === 'date')
      out.push('2030-02-30T09:00:00.000Z', '0000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2030-01-01T24:00:00Z', '2030-01-01', '2030-01-01T09:00:00+14:00', '2030-01-01T09:00:00.0000000000001Z');
    if (schema.format === 'email') out.push('a@b', `${'a'.repeat(64)}@${'b'.repeat(250)}.test`, 'a@b@c', '"quoted"@acme.test', 'ünïcode@acme.test');
    if (schema.format === 'uri') out.push('javascript:alert(1)', 'http://[::1', 'http://169.254.169.254/latest/meta-data', 'file:///etc/passwd', `https://example.com/${'a'.repeat(10_000)}`);
  }
  if (types.includes('integer') || types.includes('number')) {
    const { min, max } = numberBounds(schema);
    if (min !== undefined) out.push(min, min - 1, min - 0.5);
    if (max !== undefined) out.push(max, max + 1, max + 0.5);
    out.push(...EDGE_NUMBERS, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Number.MAX_VALUE);
  }
  if (types.includes('array')) {
    const item = exampleOf(schema.items ?? {});
    if (schema.maxItems !== undefined) out.push(Array.from({ length: Math.min(schema.maxItems + 1, 20_001) }, () => item));
    if ((schema.minItems ?? 0) > 0) out.push([]);
    out.push([item, item], [null], [[[[item]]]]);
  }
  if (types.includes('object')) {
    out.push({}, JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } });
  }
  return out;
}

/** A value nested `depth` arrays deep: `[[[…]]]`, as text (JSON.stringify would recurse that deep). */
export function deepArrayText(depth: number, inner = '1'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

/** `{"a":{"a":…}}`, `depth` objects deep, as text. */
export function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** encodeURIComponent that writes a lone surrogate as its WTF-8 bytes (%ED%A0%80) instead of throwing. */
export function encodeLoosely(text: string): string {
  let out = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) out += `%ED%${(0x80 | ((unit >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (unit & 0x3f)).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(char);
  }
  return out;
}

/** Encodes a query object; values are unencoded strings. */
function queryText(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => `${encodeLoosely(key)}=${encodeLoosely(value)}`)
    .join('&');
}

/** The URL of the operation with these (unencoded) path parameters and this (encoded) query text. */
function urlOf(operation: Operation, pathParams: Record<string, string>, rawPathParams: Record<string, string>, query: string): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => rawPathParams[name] ?? encodeLoosely(pathParams[name] ?? 'missing'));
  return query ? `${path}?${query}` : path;
}

/** A property path inside a JSON value, with the schema found there. */
interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
}

/** The fields of a schema down to `maxDepth` levels of objects (array items count as `[0]`). */
function fieldsOf(schema: Schema, maxDepth = 3, path: string[] = []): Field[] {
  if (path.length >= maxDepth) return [];
  const out: Field[] = [];
  for (const variant of schema.allOf ?? variantsOf(schema)) {
    for (const [key, property] of Object.entries(variant.properties ?? {})) {
      out.push({ path: [...path, key], schema: property, required: variant.required?.includes(key) ?? false });
      out.push(...fieldsOf(property, maxDepth, [...path, key]));
    }
    if (variant.items) {
      out.push({ path: [...path, '0'], schema: variant.items, required: false });
      out.push(...fieldsOf(variant.items, maxDepth, [...path, '0']));
    }
  }
  return out;
}

const MISSING = Symbol('missing');

/** A copy of `value` with the field at `path` set (or removed, for MISSING), creating objects and arrays on the way. */
function withField(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '0' && (Array.isArray(value) || value === undefined)) {
    const array = Array.isArray(value) ? [...value] : [];
    const next = withField(array[0], rest, replacement);
    if (next === MISSING) array.splice(0, 1);
    else array[0] = next;
    return array;
  }
  const object: Record<string, unknown> = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  const next = withField(object[head], rest, replacement);
  if (next === MISSING) delete object[head];
  else object[head] = next;
  return object;
}

/** Malformed JSON texts and other bodies no JSON route should take. */
function wholeBodyCases(validJson: string): { label: string; body: RawBody }[] {
  const json = 'application/json';
  const boundary = 'fuzzboundary';
  return [
    { label: 'empty body with a JSON content type', body: { payload: '', contentType: json } },
    { label: 'truncated JSON', body: { payload: validJson.slice(0, Math.max(1, Math.floor(validJson.length / 2))), contentType: json } },
    { label: 'trailing comma', body: { payload: validJson.endsWith('}') && validJson !== '{}' ? `${validJson.slice(0, -1)},}` : '[1,]', contentType: json } },
    { label: 'byte order mark before JSON', body: { payload: `\uFEFF${validJson}`, contentType: json } },
    { label: 'single-quoted JSON', body: { payload: "{'a': 1}", contentType: json } },
    { label: 'two JSON documents', body: { payload: `${validJson}${validJson}`, contentType: json } },
    { label: 'JSON null', body: { payload: 'null', contentType: json } },
    { label: 'JSON array at the top', body: { payload: `[${validJson}]`, contentType: json } },
    { label: 'JSON string at the top', body: { payload: '"just a string"', contentType: json } },
    { label: 'JSON number 1e309 at the top', body: { payload: '1e309', contentType: json } },
    { label: '__proto__ key', body: { payload: '{"__proto__":{"isAdmin":true}}', contentType: json } },
    { label: 'constructor.prototype key', body: { payload: '{"constructor":{"prototype":{"isAdmin":true}}}', contentType: json } },
    { label: 'invalid UTF-8 bytes', body: { payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]), contentType: json } },
    { label: 'UTF-16 body', body: { payload: Buffer.from(`\uFEFF${validJson}`, 'utf16le'), contentType: `${json}; charset=utf-16` } },
    { label: `${DEEP} nested arrays`, body: { payload: deepArrayText(DEEP), contentType: json } },
    { label: `${DEEP} nested objects`, body: { payload: deepObjectText(DEEP), contentType: json } },
    { label: '1 MB JSON string', body: { payload: JSON.stringify(HUGE_STRING), contentType: json } },
    { label: 'Content-Length larger than the body', body: { payload: validJson, contentType: json, headers: { 'content-length': String(Buffer.byteLength(validJson) + 10) } } },
    { label: 'JSON sent as text/plain', body: { payload: validJson, contentType: 'text/plain' } },
    { label: 'JSON sent without a content type', body: { payload: validJson, contentType: undefined } },
    { label: 'XML', body: { payload: '<?xml version="1.0"?><a>1</a>', contentType: 'application/xml' } },
    { label: 'form-urlencoded', body: { payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' } },
    { label: 'garbage content type', body: { payload: validJson, contentType: ';;;=\u0001' } },
    { label: 'JSON with an unknown charset', body: { payload: validJson, contentType: `${json}; charset=klingon` } },
    { label: 'multipart without a boundary', body: { payload: 'whatever', contentType: 'multipart/form-data' } },
    { label: 'multipart whose boundary never appears', body: { payload: 'no parts here', contentType: `multipart/form-data; boundary=${boundary}` } },
    { label: 'truncated multipart', body: { payload: `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhalf`, contentType: `multipart/form-data; boundary=${boundary}` } },
    {
      label: 'multipart part without Content-Disposition',
      body: { payload: `--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` },
    },
    {
      label: 'multipart file with a hostile name',
      body: {
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../\u202Eevil\u0000.png"\r\nContent-Type: image/png\r\n\r\n\u0089PNG not really\r\n--${boundary}--\r\n`,
        contentType: `multipart/form-data; boundary=${boundary}`,
      },
    },
    {
      label: 'multipart/mixed with broken parts',
      body: { payload: `--${boundary}\r\nContent-Type: application/json\r\n\r\n{"broken":\r\n--${boundary}\r\nno headers\r\n--${boundary}--`, contentType: `multipart/mixed; boundary=${boundary}` },
    },
  ];
}

/** Path parameter values (raw, as they appear in the URL) that name nothing or are not ids at all. */
const PATH_VALUES: readonly { label: string; raw: string }[] = [
  { label: 'random id', raw: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' },
  { label: 'numeric id', raw: '0' },
  { label: 'negative number', raw: '-1' },
  { label: '1e309', raw: '1e309' },
  { label: 'too long (1000 chars)', raw: 'i'.repeat(1000) },
  { label: 'encoded slash', raw: '..%2F..%2Fetc%2Fpasswd' },
  { label: 'dot dot', raw: '..' },
  { label: 'malformed percent-encoding', raw: '%E0%A4%A' },
  { label: 'lone percent', raw: '%' },
  { label: 'encoded NUL', raw: 'a%00b' },
  { label: 'encoded lone surrogate', raw: '%ED%A0%80' },
  { label: 'emoji ZWJ sequence', raw: encodeURIComponent('👩‍👩‍👧‍👦') },
  { label: 'RTL override', raw: encodeURIComponent('\u202Eabc') },
  { label: 'space', raw: '%20' },
  { label: 'SQL', raw: encodeURIComponent("' or 1=1 --") },
];

/** Query values for a parameter of this schema (unencoded), and raw query fragments that are malformed. */
function queryValueCases(schema: Schema): unknown[] {
  const types = typesOf(schema);
  const out: unknown[] = [...EDGE_NUMBER_TEXTS];
  if (types.includes('boolean')) out.push('yes', 'TRUE', '2');
  for (const value of boundaryValues(schema)) {
    if (typeof value === 'string') out.push(value.length > 100_000 ? value.slice(0, 100_000) : value);
    else if (typeof value === 'number') out.push(String(value));
    else if (value instanceof RawJson) out.push(value.text);
  }
  return [...new Set(out)];
}

/** Interleaves lists: the first of each, then the second of each, … */
function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((list) => i < list.length); i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

/** An arbitrary JSON-ish value near the schema: often valid-shaped, sometimes of the wrong type, sometimes edge. */
function nearValue(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const edge = fc.constantFrom(...wrongTypes(schema), ...boundaryValues(schema).filter((v) => typeof v !== 'string' || v.length < 100_000), null);
  const anything = fc.jsonValue({ maxDepth: 3 });
  if (depth > 3) return fc.oneof(edge, anything);
  const variants = variantsOf(schema);
  if (variants.length > 1 || schema.oneOf || schema.anyOf) return fc.oneof(...variants.map((variant) => nearValue(variant, depth + 1)), edge);
  let shaped: fc.Arbitrary<unknown>;
  if (types.includes('object') && schema.properties) {
    const entries = Object.entries(schema.properties).map(([key, property]) => [key, fc.option(nearValue(property, depth + 1), { nil: MISSING as unknown as undefined, freq: 5 })] as const);
    shaped = fc.record(Object.fromEntries(entries)).map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== (MISSING as unknown))));
  } else if (types.includes('array')) {
    shaped = fc.array(nearValue(schema.items ?? {}, depth + 1), { maxLength: 5 });
  } else if (types.includes('string')) {
    shaped = fc.oneof(
      fc.string({ unit: 'binary', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 50, 300) }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(...EDGE_STRINGS.filter((s) => s.length < 10_000)),
      fc.constant(exampleOf(schema)),
    );
  } else if (types.includes('integer') || types.includes('number')) {
    shaped = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...EDGE_NUMBERS), fc.constant(exampleOf(schema)));
  } else if (types.includes('boolean')) {
    shaped = fc.boolean();
  } else {
    shaped = anything;
  }
  return fc.oneof({ arbitrary: shaped, weight: 6 }, { arbitrary: edge, weight: 2 }, { arbitrary: anything, weight: 1 });
}

/**
 * The first `count` invalid and boundary inputs for one operation, varied from `base` (a valid request), in the
 * order described at the top of this file. Deterministic for a given `seed`.
 */
export function generateFuzzInputs(operation: Operation, base: BaseRequest, count: number, seed = 42): FuzzInput[] {
  const baseQuery = queryText(base.query);
  const baseUrl = (query = baseQuery) => urlOf(operation, base.pathParams, {}, query);
  const takesBody = !['GET', 'HEAD', 'DELETE'].includes(operation.method) || operation.body !== undefined;
  const isTextBody = typeof base.body === 'string';
  const bodyContentType = base.bodyContentType ?? 'application/json';
  const bodyOf = (value: unknown): RawBody => ({ payload: isTextBody && typeof value === 'string' ? value : toJsonText(value), contentType: isTextBody && typeof value === 'string' ? bodyContentType : 'application/json' });
  const baseBody = base.body === undefined ? undefined : bodyOf(base.body);
  const validJson = base.body === undefined || isTextBody ? '{}' : toJsonText(base.body);

  // 1. Whole-request cases.
  const whole: FuzzInput[] = [];
  if (takesBody) for (const { label, body } of wholeBodyCases(validJson)) whole.push({ label, url: baseUrl(), body });
  if (isTextBody) {
    whole.push({ label: 'text body: 1 MB line', url: baseUrl(), body: { payload: `${HUGE_STRING}\n`, contentType: bodyContentType } });
    whole.push({ label: 'text body: unicode edge lines', url: baseUrl(), body: { payload: `${String(base.body).split('\n')[0]}\n${EDGE_STRINGS.slice(0, 20).join(',')}\n`, contentType: bodyContentType } });
    whole.push({ label: 'text body: unbalanced quotes', url: baseUrl(), body: { payload: `${String(base.body).split('\n')[0]}\n"unterminated,x\n`, contentType: bodyContentType } });
  }
  if (operation.body && !isTextBody && base.body !== undefined) {
    const required = operation.body.schema.required ?? [];
    if (required.length) whole.push({ label: 'every required field missing', url: baseUrl(), body: bodyOf({}) });
    whole.push({ label: 'extra field', url: baseUrl(), body: bodyOf(withField(base.body, ['unexpectedExtraField'], 'surplus')) });
  }
  whole.push({ label: 'unknown query parameter', url: baseUrl([baseQuery, 'unexpectedExtra=1'].filter(Boolean).join('&')), body: baseBody });
  whole.push({ label: 'malformed query string', url: baseUrl([baseQuery, '%E0%A4%A=%&&=&__proto__[x]=1&a[]=1&a[b]=2'].filter(Boolean).join('&')), body: baseBody });

  // 2. The cases of each field and parameter.
  const perField: FuzzInput[][] = [];
  for (const param of operation.pathParams) {
    perField.push(PATH_VALUES.map(({ label, raw }) => ({ label: `path ${param.name}: ${label}`, url: urlOf(operation, base.pathParams, { [param.name]: raw }, baseQuery), body: baseBody })));
  }
  for (const param of operation.queryParams) {
    const cases: FuzzInput[] = queryValueCases(param.schema).map((value) => ({
      label: `query ${param.name}: ${describeValue(value)}`,
      url: baseUrl(queryText({ ...base.query, [param.name]: String(value) })),
      body: baseBody,
    }));
    cases.push({ label: `query ${param.name}: repeated`, url: baseUrl([baseQuery, `${encodeURIComponent(param.name)}=1&${encodeURIComponent(param.name)}=2`].filter(Boolean).join('&')), body: baseBody });
    cases.push({ label: `query ${param.name}: malformed percent-encoding`, url: baseUrl([baseQuery, `${encodeURIComponent(param.name)}=%E0%A4%A`].filter(Boolean).join('&')), body: baseBody });
    if (param.required) {
      const { [param.name]: _dropped, ...rest } = base.query;
      cases.unshift({ label: `query ${param.name}: missing`, url: baseUrl(queryText(rest)), body: baseBody });
    }
    perField.push(cases);
  }
  if (operation.body && !isTextBody && base.body !== undefined) {
    for (const field of fieldsOf(operation.body.schema)) {
      const label = `body ${field.path.join('.')}`;
      const values = [...wrongTypes(field.schema), ...boundaryValues(field.schema)];
      const cases: FuzzInput[] = values.map((value) => ({ label: `${label}: ${describeValue(value)}`, url: baseUrl(), body: bodyOf(withField(base.body, field.path, value)) }));
      if (field.required) cases.unshift({ label: `${label}: missing`, url: baseUrl(), body: bodyOf(withField(base.body, field.path, MISSING)) });
      const deep = toJsonText(withField(base.body, field.path, new RawJson(deepArrayText(DEEP))));
      cases.splice(2, 0, { label: `${label}: ${DEEP} nested arrays`, url: baseUrl(), body: { payload: deep, contentType: 'application/json' } });
      perField.push(cases);
    }
  }
  const structured = roundRobin([whole, ...perField]);

  // 3. Random requests near the schema.
  const randomCount = Math.max(0, count - structured.length);
  const random: FuzzInput[] = [];
  if (randomCount > 0) {
    const choices: fc.Arbitrary<FuzzInput>[] = [];
    if (operation.body && !isTextBody && base.body !== undefined) {
      choices.push(nearValue(operation.body.schema).map((value) => ({ label: `random body ${describeValue(value)}`, url: baseUrl(), body: bodyOf(value) })));
    }
    if (operation.queryParams.length) {
      const params = operation.queryParams;
      choices.push(
        fc.record({ param: fc.constantFrom(...params), value: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(...EDGE_NUMBER_TEXTS)) }).map(({ param, value }) => ({
          label: `random query ${param.name}=${describeValue(value)}`,
          url: baseUrl(queryText({ ...base.query, [param.name]: value })),
          body: baseBody,
        })),
      );
    }
    if (operation.pathParams.length) {
      choices.push(
        fc.record({ param: fc.constantFrom(...operation.pathParams), value: fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }) }).map(({ param, value }) => ({
          label: `random path ${param.name}=${describeValue(value)}`,
          url: urlOf(operation, base.pathParams, { [param.name]: encodeLoosely(value) }, baseQuery),
          body: baseBody,
        })),
      );
    }
    if (takesBody) choices.push(fc.jsonValue({ maxDepth: 4 }).map((value) => ({ label: `random JSON ${describeValue(value)}`, url: baseUrl(), body: bodyOf(value) })));
    if (choices.length) random.push(...fc.sample(fc.oneof(...choices), { numRuns: randomCount, seed }));
  }
  return [...structured, ...random].slice(0, count);
}

/** A short description of a value for a case's label. */
export function describeValue(value: unknown): string {
  if (value instanceof RawJson) return value.text.length > 40 ? `${value.text.slice(0, 20)}… (${value.text.length} chars)` : value.text;
  if (typeof value === 'string') return value.length > 40 ? `string of ${value.length} chars ${JSON.stringify(value.slice(0, 20))}…` : JSON.stringify(value);
  if (Array.isArray(value)) return value.length > 5 ? `array of ${value.length}` : (toJsonText(value) ?? '').slice(0, 60);
  const text = toJsonText(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The operations of an OpenAPI 3.0 document, with their parameters and JSON or text body schemas. */
export function operationsOf(document: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = (operation.parameters ?? []).filter((p) => typeof p.schema === 'object' && p.schema !== null);
      const toParameter = (p: { name: string; required?: boolean; schema?: unknown }): Parameter => ({ name: p.name, schema: p.schema as Schema, required: p.required === true });
      const content = operation.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      const schema = contentTypes.map((type) => content[type]?.schema).find(Boolean);
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map(toParameter),
        queryParams: parameters.filter((p) => p.in === 'query').map(toParameter),
        ...(contentTypes.length ? { body: { schema: schema ?? {}, contentTypes } } : {}),
      });
    }
  }
  return out;
}
