import { describe, expect, it } from 'vitest';
import { memberStanding, type StandingInput } from './standing.ts';

const NOW = new Date('2026-03-04T12:00:00.000Z');
const member = (overrides: Partial<StandingInput> = {}): StandingInput => ({ arm: 'trained', planIssue: null, total: 3, completed: 0, sent: [], deadline: '2026-03-06T17:00:00.000Z', ...overrides });

describe('memberStanding', () => {
  it('puts the hold-out apart and counts someone with every lesson complete as done, even after the deadline', () => {
    expect(memberStanding(member({ arm: 'held_out', total: 0 }), NOW)).toBe('held_out');
    expect(memberStanding(member({ completed: 3, deadline: '2026-03-01T00:00:00.000Z' }), NOW)).toBe('done');
  });

  it('calls someone with lessons left overdue from the deadline on', () => {
    expect(memberStanding(member({ completed: 2, deadline: '2026-03-04T12:00:00.000Z' }), NOW)).toBe('overdue');
    expect(memberStanding(member({ completed: 2, deadline: '2026-03-04T12:00:01.000Z' }), NOW)).toBe('on_track');
  });

  it('says who cannot finish because their plan does not fit, before anyone is overdue', () => {
    expect(memberStanding(member({ planIssue: 'infeasible_deadline' }), NOW)).toBe('cannot_finish');
    expect(memberStanding(member({ planIssue: 'no_window' }), NOW)).toBe('cannot_finish');
    expect(memberStanding(member({ planIssue: 'compressed' }), NOW)).toBe('on_track');
  });

  it('calls someone behind once a sent lesson has waited more than a day, not before', () => {
    expect(memberStanding(member({ sent: [{ sentAt: '2026-03-03T11:59:59.000Z', done: false }] }), NOW)).toBe('behind');
    expect(memberStanding(member({ sent: [{ sentAt: '2026-03-03T12:00:00.000Z', done: false }] }), NOW)).toBe('on_track');
    expect(memberStanding(member({ completed: 1, sent: [{ sentAt: '2026-03-01T09:00:00.000Z', done: true }] }), NOW)).toBe('on_track');
  });

  it('never calls a campaign without a deadline overdue', () => {
    expect(memberStanding(member({ deadline: null }), new Date('2030-01-01T00:00:00.000Z'))).toBe('on_track');
  });
});
