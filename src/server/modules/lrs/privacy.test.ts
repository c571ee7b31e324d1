import { describe, expect, it } from 'vitest';
import { personIfis } from './privacy.ts';

describe('a person in the LRS', () => {
  it('is found by their account on this Morsel, their mailbox and its SHA-1, as the LRS indexes agents', () => {
    expect(personIfis('https://morsel.example', { personId: 'p1', email: 'Lou@Acme.test' })).toEqual([
      'account:https://morsel.example p1',
      'mbox:mailto:lou@acme.test',
      // printf 'mailto:lou@acme.test' | sha1sum
      'mbox_sha1sum:1ff424546c25b762fec5f842118e3ddc167667df',
    ]);
  });
});
