import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRange } from './byte-range.ts';

describe('HTTP Range decisions', () => {
  it('serves the whole file without a header, or with one it does not understand', () => {
    for (const header of [undefined, '', 'items=0-5', 'bytes=0-5,10-20', 'bytes=abc', 'bytes=-', 'bytes=9-3']) expect(decideRange(header, 1000), String(header)).toEqual({ kind: 'whole' });
  });

  it('reads first-last, open-ended and suffix ranges, clamped to the file', () => {
    expect(decideRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
    expect(decideRange('bytes=900-', 1000)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(decideRange('bytes=900-5000', 1000)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(decideRange('bytes=-100', 1000)).toEqual({ kind: 'partial', range: { start: 900, end: 999 } });
    expect(decideRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', range: { start: 0, end: 999 } });
    expect(decideRange('Bytes=5-9', 1000)).toEqual({ kind: 'partial', range: { start: 5, end: 9 } });
  });

  it('calls a range past the end, or an empty suffix, unsatisfiable', () => {
    expect(decideRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=1000-1100', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('never answers a range outside the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.option(fc.nat({ max: 2e9 })), fc.option(fc.nat({ max: 2e9 })), (size, first, last) => {
        const decision = decideRange(`bytes=${first ?? ''}-${last ?? ''}`, size);
        if (decision.kind !== 'partial') return;
        expect(decision.range.start).toBeGreaterThanOrEqual(0);
        expect(decision.range.end).toBeLessThan(size);
        expect(decision.range.start).toBeLessThanOrEqual(decision.range.end);
      }),
    );
  });
});
