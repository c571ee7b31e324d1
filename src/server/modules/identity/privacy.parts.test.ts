import { describe, expect, it } from 'vitest';
import { presentRow } from './privacy.parts.ts';
import { erasedEmailOf } from './privacy.ts';

describe('a stored row as the export shows it', () => {
  it('leaves out secret columns, parses JSON columns, keeps text that is not JSON as it was', () => {
    const row = { id: 'p1', password_hash: '$argon2id$…', attributes: '{"location":"Leeds"}', comment: '[not json', response: '[1,2]', content: new Uint8Array([104, 105]), seq: 7n };
    expect(presentRow(row, { json: ['attributes', 'comment'], omit: ['password_hash'] })).toEqual({ id: 'p1', attributes: { location: 'Leeds' }, comment: '[not json', response: '[1,2]', content: 'aGk=', seq: 7 });
  });
});

describe('an erased person', () => {
  it('gets an email that is unique to them and can never be delivered', () => {
    expect(erasedEmailOf('0193-abc')).toBe('erased-0193-abc@erased.invalid');
    expect(erasedEmailOf('a')).not.toBe(erasedEmailOf('b'));
  });
});

