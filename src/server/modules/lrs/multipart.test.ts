import { describe, expect, it } from 'vitest';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart.ts';

describe('multipart/mixed', () => {
  it('reads what it writes, binary bodies included', () => {
    const binary = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const built = buildMultipart([
      { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') },
      { headers: { 'content-type': 'application/octet-stream', 'x-experience-api-hash': 'abc' }, body: binary },
    ]);
    const parts = parseMultipart(built.body, boundaryOf(built.contentType)!);
    expect(parts.map((p) => p.headers)).toEqual([{ 'content-type': 'application/json' }, { 'content-type': 'application/octet-stream', 'x-experience-api-hash': 'abc' }]);
    expect(parts[0]!.body.toString()).toBe('{"a":1}');
    expect(parts[1]!.body.equals(binary)).toBe(true);
  });

  it('reads a body as another client writes it: a preamble, quoted boundary, header case', () => {
    const body = Buffer.from('preamble\r\n--xyz\r\nContent-Type: text/plain\r\n\r\nhello\r\n--xyz\r\nCONTENT-TYPE: text/plain\r\n\r\n\r\n--xyz--\r\nepilogue');
    expect(boundaryOf('multipart/mixed; boundary="xyz"')).toBe('xyz');
    const parts = parseMultipart(body, 'xyz');
    expect(parts.map((p) => [p.headers['content-type'], p.body.toString()])).toEqual([
      ['text/plain', 'hello'],
      ['text/plain', ''],
    ]);
  });

  it('refuses a body without its boundary or its end', () => {
    expect(() => parseMultipart(Buffer.from('nothing here'), 'xyz')).toThrow(/boundary/);
    expect(() => parseMultipart(Buffer.from('--xyz\r\nContent-Type: text/plain\r\n\r\nhello'), 'xyz')).toThrow(/closing/);
    expect(() => parseMultipart(Buffer.from('--xyz\r\nno colon\r\n\r\nhello\r\n--xyz--'), 'xyz')).toThrow(/no name/);
    expect(boundaryOf('multipart/mixed')).toBeUndefined();
  });
});
