import { describe, expect, it } from 'vitest';
import { newReviewCard, type ReviewCard, scheduleReview } from '../reinforcement/scheduler.ts';
import { type AnswerEvidence, aggregateProficiency, cardAt, isReviewedAfter, MINIMUM_PEOPLE_PER_CELL, type PersonProficiency, personProficiencies, RECENT_ANSWERS, type ReviewItemEvidence } from './proficiency.ts';

const DAY = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00.000Z');
const days = (n: number) => new Date(T0.getTime() + n * DAY);
const SETTINGS = { maximumIntervalDays: 365 };

/** A card answered once at T0 (right or wrong), as the learning module makes it. */
function answeredCard(correct: boolean, at = T0): ReviewCard {
  return scheduleReview(newReviewCard(at), correct, at, { desiredRetention: 0.9, maximumIntervalDays: 365 }).card;
}

function item(personId: string, objectiveId: string, card: ReviewCard): ReviewItemEvidence {
  return { personId, objectiveId, card, desiredRetention: 0.9 };
}

function answer(personId: string, objectiveId: string, mode: AnswerEvidence['mode'], score: number, at: Date, questionId = 'q'): AnswerEvidence {
  return { personId, objectiveId, lessonId: 'l1', questionId, mode, score, at: at.toISOString() };
}

function person(personId: string, now: number | null, baseline: number | null, objectiveId = 'o1'): PersonProficiency {
  return { personId, objectiveId, now, baseline, nowSource: now === null ? null : 'recall', baselineSource: baseline === null ? null : 'baseline_check' };
}

describe('personProficiencies', () => {
  it('takes "now" from the FSRS recall probability, which decays as time passes without a review', () => {
    const items = [item('ann', 'o1', answeredCard(true))];
    const [soon] = personProficiencies({ reviewItems: items, answers: [], at: days(1), settings: SETTINGS });
    const [later] = personProficiencies({ reviewItems: items, answers: [], at: days(30), settings: SETTINGS });
    expect(soon).toMatchObject({ nowSource: 'recall' });
    expect(soon!.now!).toBeGreaterThan(0.85);
    expect(later!.now!).toBeLessThan(soon!.now!);
    expect(later!.now!).toBeGreaterThan(0);
  });

  it('averages every review item of the objective, a forgotten one pulling the mean down', () => {
    const reviewItems = [item('ann', 'o1', answeredCard(true)), item('ann', 'o1', answeredCard(false)), item('ann', 'o2', answeredCard(true))];
    const byObjective = new Map(personProficiencies({ reviewItems, answers: [], at: days(3), settings: SETTINGS }).map((p) => [p.objectiveId, p.now!]));
    expect(byObjective.get('o1')!).toBeLessThan(byObjective.get('o2')!);
  });

  it('falls back to the latest answers when a person has no review item for the objective', () => {
    const answers = [
      // Six counted answers: only the latest five count (the first, a 0, drops out).
      answer('bo', 'o1', 'lesson', 0, days(0), 'q0'),
      ...[1, 2, 3, 4, 5].map((n) => answer('bo', 'o1', n === 5 ? 'post' : 'review', n % 2 === 0 ? 0.5 : 1, days(n), `q${n}`)),
      // Baseline answers and answers after the moment asked are not "now".
      answer('bo', 'o1', 'baseline', 0, days(-1)),
      answer('bo', 'o1', 'review', 0, days(20)),
    ];
    const [bo] = personProficiencies({ reviewItems: [], answers, at: days(10), settings: SETTINGS });
    expect(RECENT_ANSWERS).toBe(5);
    expect(bo).toMatchObject({ nowSource: 'recent_answers', now: (1 + 0.5 + 1 + 0.5 + 1) / 5 });
  });

  it('takes the baseline from the baseline check, else from the first answer to each question in lessons', () => {
    const answers = [
      answer('cy', 'o1', 'baseline', 0, days(0), 'q1'),
      answer('cy', 'o1', 'baseline', 1, days(0), 'q2'),
      answer('cy', 'o1', 'lesson', 1, days(1), 'q1'),
      // Dee skipped the check: her first answers count, not the later recertification answer to the same question.
      answer('dee', 'o1', 'lesson', 0.5, days(1), 'q1'),
      answer('dee', 'o1', 'lesson', 1, days(1), 'q2'),
      answer('dee', 'o1', 'lesson', 1, days(40), 'q1'),
    ];
    const result = new Map(personProficiencies({ reviewItems: [], answers, at: days(50), settings: SETTINGS }).map((p) => [p.personId, p]));
    expect(result.get('cy')).toMatchObject({ baseline: 0.5, baselineSource: 'baseline_check' });
    expect(result.get('dee')).toMatchObject({ baseline: 0.75, baselineSource: 'first_answers' });
  });

  it('knows nothing of answers after the moment asked', () => {
    const result = personProficiencies({ reviewItems: [], answers: [answer('eve', 'o1', 'lesson', 1, days(5))], at: days(1), settings: SETTINGS });
    expect(result).toEqual([]);
  });
});

describe('cardAt', () => {
  it('replays the reviews up to the moment, giving the card the scheduler stored then', () => {
    const settings = { desiredRetention: 0.9, maximumIntervalDays: 365 };
    const first = answeredCard(true);
    const second = scheduleReview(first, true, days(3), settings).card;
    const reviews = [
      { reviewedAt: T0.toISOString(), correct: true },
      { reviewedAt: days(3).toISOString(), correct: true },
    ];
    expect(cardAt(reviews, days(2), settings)).toEqual(first);
    expect(cardAt(reviews, days(4), settings)).toEqual(second);
    expect(cardAt(reviews, days(-1), settings)).toBeUndefined();
    expect(isReviewedAfter(second, days(2))).toBe(true);
    expect(isReviewedAfter(second, days(4))).toBe(false);
  });
});

describe('aggregateProficiency', () => {
  const teams = [
    { id: 'big', memberIds: ['a', 'b', 'c', 'd'] },
    { id: 'small', memberIds: ['e', 'f'] },
  ];

  it('averages now, baseline and the paired change per team and objective, as percentages', () => {
    const people = [person('a', 0.9, 0.5), person('b', 0.8, 0.4), person('c', 0.7, 0.6), person('d', 0.6, null)];
    const [big] = aggregateProficiency(people, teams, ['o1']);
    expect(big).toMatchObject({ objectiveId: 'o1', teamId: 'big', now: 75, baseline: 50, people: 4, counts: { now: 4, baseline: 3, change: 3 }, suppressed: false, reason: null });
    // Paired over a, b and c only: (40 + 40 + 10) / 3; not 75 − 50.
    expect(big!.change).toBe(30);
  });

  it(`withholds every value resting on fewer than ${MINIMUM_PEOPLE_PER_CELL} people, keeping the counts`, () => {
    const people = [person('a', 0.9, 0.2), person('b', 0.8, null), person('c', 0.7, null), person('e', 0.95, 0.1), person('f', 0.4, null)];
    const cells = aggregateProficiency(people, teams, ['o1']);
    const big = cells.find((c) => c.teamId === 'big')!;
    const small = cells.find((c) => c.teamId === 'small')!;
    // Big: now over three people is shown; the one baseline (and so the change) would be a's own: withheld.
    expect(big).toMatchObject({ now: 80, baseline: null, change: null, counts: { now: 3, baseline: 1, change: 1 }, suppressed: true, reason: 'too_few_people' });
    // Small: two people; nothing shown, so neither can read the other's score off the cell.
    expect(small).toMatchObject({ now: null, baseline: null, change: null, people: 2, suppressed: true, reason: 'too_few_people' });
    expect(aggregateProficiency(people, teams, ['o1'], 2).find((c) => c.teamId === 'small')).toMatchObject({ now: 67.5, suppressed: true });
  });

  it('marks a cell nobody has evidence for as no data, and counts a person of two teams in both', () => {
    const people = [person('a', 1, 1), person('b', 1, 1), person('e', 0.5, 0.5)];
    const cells = aggregateProficiency(people, [...teams, { id: 'both', memberIds: ['a', 'b', 'e', 'e'] }], ['o1', 'o2']);
    expect(cells.map((c) => `${c.objectiveId}/${c.teamId}`)).toEqual(['o1/big', 'o1/small', 'o1/both', 'o2/big', 'o2/small', 'o2/both']);
    expect(cells.find((c) => c.objectiveId === 'o2' && c.teamId === 'big')).toMatchObject({ people: 0, now: null, suppressed: false, reason: 'no_data' });
    expect(cells.find((c) => c.objectiveId === 'o1' && c.teamId === 'both')).toMatchObject({ people: 3, now: 83.3, change: 0 });
  });
});
