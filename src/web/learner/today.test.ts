import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, describeBoost, describeDue, describeTodaySummary, greetingFor, percentDone } from './today.ts';

describe('greetingFor', () => {
  it('greets by the hour in the person’s own time zone, not the browser’s', () => {
    const now = new Date('2025-03-10T10:30:00Z');
    expect(greetingFor(now, 'Europe/London')).toBe('Good morning');
    expect(greetingFor(now, 'Asia/Tokyo')).toBe('Good evening');
    expect(greetingFor(now, 'Asia/Kolkata')).toBe('Good afternoon');
    expect(greetingFor(now, 'Pacific/Honolulu')).toBe('Hello');
  });
});

describe('describeDue', () => {
  const now = new Date('2025-03-10T10:00:00Z');
  it('counts calendar days in the learner’s time zone', () => {
    expect(describeDue('2025-03-10T17:00:00Z', now, 'Europe/London')).toEqual({ text: 'due today', isOverdue: false });
    expect(describeDue('2025-03-11T09:00:00Z', now, 'Europe/London')).toEqual({ text: 'due tomorrow', isOverdue: false });
    expect(describeDue('2025-03-12T17:00:00Z', now, 'Europe/London')).toEqual({ text: 'due in 2 days', isOverdue: false });
    // 20:00 UTC on the 10th is already the 11th in Tokyo, where it is 19:00 on the 10th now.
    expect(describeDue('2025-03-10T20:00:00Z', now, 'Asia/Tokyo')?.text).toBe('due tomorrow');
    expect(describeDue('2025-04-02T17:00:00Z', now, 'Europe/London')?.text).toBe('due on 2 Apr');
  });
  it('says how late an overdue course is, and nothing without a deadline', () => {
    expect(describeDue('2025-03-08T17:00:00Z', now, 'Europe/London')).toEqual({ text: 'overdue by 2 days', isOverdue: true });
    expect(describeDue('2025-03-10T08:00:00Z', now, 'Europe/London')).toEqual({ text: 'overdue since today', isOverdue: true });
    expect(describeDue(null, now, 'Europe/London')).toBeNull();
  });
});

describe('the boost and progress', () => {
  it('describes the boost in questions and time', () => {
    expect(describeBoost(3)).toBe('3 questions, about a minute');
    expect(describeBoost(1)).toBe('1 question, about a minute');
    expect(describeBoost(8)).toBe('8 questions, about 2 minutes');
  });
  it('rounds the share of lessons done', () => {
    expect(percentDone(1, 3)).toBe(33);
    expect(percentDone(0, 0)).toBe(0);
  });
});

describe('the summary under the greeting', () => {
  it('counts lessons to go and questions to review', () => {
    expect(describeTodaySummary(1, 3)).toBe('1 lesson to go and 3 questions to review.');
    expect(describeTodaySummary(0, 1)).toBe('1 question to review.');
    expect(describeTodaySummary(2, 0)).toBe('2 lessons to go.');
    expect(describeTodaySummary(0, 0)).toBe('You are all caught up.');
  });
  it('counts calendar days, not 24-hour periods', () => {
    expect(calendarDaysBetween(new Date('2025-03-10T23:30:00Z'), new Date('2025-03-11T00:30:00Z'), 'Europe/London')).toBe(1);
    expect(calendarDaysBetween(new Date('2025-03-10T23:30:00Z'), new Date('2025-03-11T00:30:00Z'), 'America/New_York')).toBe(0);
  });
});
