import { describe, expect, it } from 'vitest';
import { describeResult, describeStatus, formatScore, progressLine, readPhase } from './checks.ts';

describe('the learner’s checks', () => {
  it('reads only the two phases from the URL', () => {
    expect(readPhase('baseline')).toBe('baseline');
    expect(readPhase('post')).toBe('post');
    expect(readPhase('final')).toBeNull();
    expect(readPhase(undefined)).toBeNull();
  });

  it('says why a check cannot be taken', () => {
    expect(describeStatus({ status: 'locked', phase: 'post' })).toContain('completed every lesson');
    expect(describeStatus({ status: 'closed', phase: 'baseline' })).toContain('already begun');
    expect(describeStatus({ status: 'pending', phase: 'post' })).toBeNull();
    expect(describeStatus({ status: 'done', phase: 'post' })).toBeNull();
  });

  it('describes progress and the change per objective', () => {
    expect(progressLine(2, 5)).toBe('2 of 5 answered');
    expect(formatScore(null)).toBe('–');
    expect(describeResult({ objectiveId: 'o', title: 'Greet callers', baseline: 50, post: 100 })).toBe('Greet callers: 50 % before, 100 % after (+50)');
    expect(describeResult({ objectiveId: null, title: 'Other lessons', baseline: null, post: 66.7 })).toBe('Other lessons: – before, 67 % after');
  });
});
