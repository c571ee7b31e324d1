/**
 * Proficiency per objective and team (issue 8's heat map): what each person knows of each objective "now" and at
 * their baseline, then team means with cells too small to be anonymous withheld. Pure: the evidence and the moment
 * go in; nothing is read or changed.
 *
 * - **Now**: the mean FSRS recall probability at `at` of the person's review items for the objective (every item
 *   counts from its card, reviewed since its first answer or not), by the scheduler's own model and settings. A
 *   person with no review item for the objective falls back to the mean score of their `RECENT_ANSWERS` latest
 *   counted answers (lesson, review or post check).
 * - **Baseline**: the mean score of their baseline-check answers for the objective; without a baseline check, of
 *   their first answers in lessons (first answers, not later tries), which is measured just after teaching and so
 *   flatters the baseline.
 * - **Change**: per person now − baseline, averaged over the people who have both (paired, like the check results).
 *
 * Cells: every statistic is a mean over at least `MINIMUM_PEOPLE_PER_CELL` people, or withheld (null), so a manager
 * cannot read one colleague's score off a cell of a small team. Values are percentages (0–100, one decimal).
 */
import { roundScore } from '../course-checks.ts';
import { newReviewCard, retrievability, type ReviewCard, scheduleReview, type SchedulerSettings } from '../reinforcement/scheduler.ts';

/** The fewest people a cell's statistic may rest on: with fewer, the value is withheld (2 would let each read the other's). */
export const MINIMUM_PEOPLE_PER_CELL = 3;
/** How many of a person's latest answers stand for "now" when they have no review item for the objective. */
export const RECENT_ANSWERS = 5;

/** A review item as the heat map reads it: whose, for which objective, and its FSRS card at the moment asked. */
export interface ReviewItemEvidence {
  personId: string;
  objectiveId: string;
  card: ReviewCard;
  desiredRetention: number;
}

/** One recorded answer (practice answers are not evidence). `score` is 0–1, partial credit included. */
export interface AnswerEvidence {
  personId: string;
  objectiveId: string;
  lessonId: string;
  questionId: string;
  mode: 'lesson' | 'review' | 'post' | 'baseline';
  score: number;
  /** ISO instant. */
  at: string;
}

/** The scheduler's settings apart from the desired retention, which each item carries. */
export type RecallSettings = Omit<SchedulerSettings, 'desiredRetention'>;

/** One person's proficiency in one objective (0–1, null without evidence). */
export interface PersonProficiency {
  personId: string;
  objectiveId: string;
  now: number | null;
  nowSource: 'recall' | 'recent_answers' | null;
  baseline: number | null;
  baselineSource: 'baseline_check' | 'first_answers' | null;
}

/** One team × objective cell. Values are percentages; null when nobody has one or too few people do. */
export interface ProficiencyCell {
  objectiveId: string;
  teamId: string;
  now: number | null;
  baseline: number | null;
  /** Mean of (now − baseline) in percentage points over the people with both. */
  change: number | null;
  /** People with any evidence for the objective. */
  people: number;
  /** How many people each statistic rests on (shown even when the value is withheld). */
  counts: { now: number; baseline: number; change: number };
  /** True when a statistic is withheld because fewer than the minimum number of people have it. */
  suppressed: boolean;
  /** `no_data`: nobody in the team has evidence; `too_few_people`: at least one value is withheld. */
  reason: 'no_data' | 'too_few_people' | null;
}

/** A team as a column: its id and members. A person in two teams counts in both. */
export interface TeamMembers {
  id: string;
  memberIds: readonly string[];
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const key = (personId: string, objectiveId: string) => `${personId} ${objectiveId}`;

/**
 * A review item's card as it stood at `at`, replayed from its reviews (oldest first) with the scheduler: for asking
 * about a moment before the item's latest review. Undefined when the item had no review by then (it did not exist).
 * With the same settings it is the card the learning module stored at the time; after the organisation's weights
 * were fitted again it is the card those weights would have made.
 */
export function cardAt(reviews: ReadonlyArray<{ reviewedAt: string; correct: boolean }>, at: Date, settings: SchedulerSettings): ReviewCard | undefined {
  let card: ReviewCard | undefined;
  for (const review of reviews) {
    const when = new Date(review.reviewedAt);
    if (when.getTime() > at.getTime()) break;
    card = scheduleReview(card ?? newReviewCard(when), review.correct, when, settings).card;
  }
  return card;
}

/** True when the card's latest review is after `at`, so its stored state says more than was known then. */
export function isReviewedAfter(card: ReviewCard, at: Date): boolean {
  return card.lastReview !== null && Date.parse(card.lastReview) > at.getTime();
}

/** The mean score of the first answer to each question (earliest wins), or null for none. */
function firstAnswersMean(answers: readonly AnswerEvidence[]): number | null {
  const first = new Map<string, AnswerEvidence>();
  for (const answer of answers) {
    const question = `${answer.lessonId}/${answer.questionId}`;
    const seen = first.get(question);
    if (!seen || answer.at < seen.at) first.set(question, answer);
  }
  return first.size === 0 ? null : mean([...first.values()].map((a) => a.score));
}

/**
 * Each person's proficiency per objective at `at`, from their review items and answers. Answers after `at` are
 * ignored; review items must be given as they stood at `at` (see `cardAt`). Pairs come sorted by person, then objective.
 */
export function personProficiencies(input: { reviewItems: readonly ReviewItemEvidence[]; answers: readonly AnswerEvidence[]; at: Date; settings: RecallSettings }): PersonProficiency[] {
  const atIso = input.at.toISOString();
  const recalls = new Map<string, number[]>();
  for (const item of input.reviewItems) {
    const list = recalls.get(key(item.personId, item.objectiveId)) ?? [];
    list.push(retrievability(item.card, input.at, { ...input.settings, desiredRetention: item.desiredRetention }));
    recalls.set(key(item.personId, item.objectiveId), list);
  }
  const answers = new Map<string, AnswerEvidence[]>();
  for (const answer of input.answers) {
    if (answer.at > atIso) continue;
    const list = answers.get(key(answer.personId, answer.objectiveId)) ?? [];
    list.push(answer);
    answers.set(key(answer.personId, answer.objectiveId), list);
  }
  const pairs = new Map<string, { personId: string; objectiveId: string }>();
  for (const e of [...input.reviewItems, ...input.answers.filter((a) => a.at <= atIso)]) pairs.set(key(e.personId, e.objectiveId), { personId: e.personId, objectiveId: e.objectiveId });

  return [...pairs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([pair, { personId, objectiveId }]) => {
      const recall = recalls.get(pair);
      const theirs = answers.get(pair) ?? [];
      const counted = theirs.filter((a) => a.mode !== 'baseline').sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
      const recent = counted.slice(0, RECENT_ANSWERS).map((a) => a.score);
      const now = recall ? mean(recall) : recent.length > 0 ? mean(recent) : null;
      const fromCheck = firstAnswersMean(theirs.filter((a) => a.mode === 'baseline'));
      const fromLessons = fromCheck === null ? firstAnswersMean(theirs.filter((a) => a.mode === 'lesson')) : null;
      return {
        personId,
        objectiveId,
        now,
        nowSource: recall ? 'recall' : now === null ? null : 'recent_answers',
        baseline: fromCheck ?? fromLessons,
        baselineSource: fromCheck !== null ? 'baseline_check' : fromLessons !== null ? 'first_answers' : null,
      };
    });
}

/**
 * Team × objective cells (objectives in the order given, then teams in the order given): mean now, mean baseline and
 * mean paired change, each withheld (null) when fewer than `minimumPeople` people have it.
 */
export function aggregateProficiency(people: readonly PersonProficiency[], teams: readonly TeamMembers[], objectiveIds: readonly string[], minimumPeople = MINIMUM_PEOPLE_PER_CELL): ProficiencyCell[] {
  const byObjective = new Map<string, Map<string, PersonProficiency>>();
  for (const p of people) {
    const map = byObjective.get(p.objectiveId) ?? new Map<string, PersonProficiency>();
    map.set(p.personId, p);
    byObjective.set(p.objectiveId, map);
  }
  const shown = (values: number[]) => (values.length >= minimumPeople ? roundScore(100 * mean(values)) : null);
  return objectiveIds.flatMap((objectiveId) =>
    teams.map((team): ProficiencyCell => {
      const own = byObjective.get(objectiveId);
      const members = [...new Set(team.memberIds)].map((id) => own?.get(id)).filter((p): p is PersonProficiency => p !== undefined && (p.now !== null || p.baseline !== null));
      const nows = members.filter((p) => p.now !== null).map((p) => p.now!);
      const baselines = members.filter((p) => p.baseline !== null).map((p) => p.baseline!);
      const changes = members.filter((p) => p.now !== null && p.baseline !== null).map((p) => p.now! - p.baseline!);
      const counts = { now: nows.length, baseline: baselines.length, change: changes.length };
      const suppressed = Object.values(counts).some((n) => n > 0 && n < minimumPeople);
      return {
        objectiveId,
        teamId: team.id,
        now: shown(nows),
        baseline: shown(baselines),
        change: shown(changes),
        people: members.length,
        counts,
        suppressed,
        reason: members.length === 0 ? 'no_data' : suppressed ? 'too_few_people' : null,
      };
    }),
  );
}
