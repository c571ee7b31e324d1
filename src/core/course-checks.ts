/**
 * Baseline and post checks of a course: which questions they ask, and what changed per objective. Pure: the
 * course version's lessons go in, the same selection comes out every time (no randomness), so a learner's
 * baseline and post check ask the same questions and can be compared.
 */

/** The key of a check's question in a learner's answers: two lessons of a course may both have a question `q1`. */
export const checkAnswerKey = (question: { lessonId: string; questionId: string }) => `${question.lessonId}/${question.questionId}`;

/** The part of a course version's lesson the selection reads. */
export interface CheckSourceLesson {
  lessonId: string;
  revision: number;
  objectiveId: string | null;
  blocks: ReadonlyArray<{ id: string; type: string }>;
}

/** One question of a check: where it lives in the course version, and the objective it measures. */
export interface CheckQuestion {
  lessonId: string;
  lessonRevision: number;
  questionId: string;
  /** null for lessons without an objective: they are measured together. */
  objectiveId: string | null;
}

export interface CheckSelectionOptions {
  /** Questions per objective (default 2). */
  perObjective?: number;
  /** Questions per check at most (default 12), so a check stays about two minutes. */
  maximum?: number;
}

/**
 * Picks the questions of a course's checks: for each objective (in the order the course first serves it), up to
 * `perObjective` questions, taking the first question of each of its lessons in course order, then the second of
 * each, and so on; capped at `maximum`, objectives taking turns so each is measured when the cap bites. Empty when
 * the course has no question (such a course has no checks).
 */
export function selectCheckQuestions(lessons: readonly CheckSourceLesson[], options: CheckSelectionOptions = {}): CheckQuestion[] {
  const perObjective = options.perObjective ?? 2;
  const maximum = options.maximum ?? 12;
  const byObjective = new Map<string | null, CheckQuestion[][]>();
  for (const lesson of lessons) {
    const questions = lesson.blocks
      .filter((block) => block.type === 'question')
      .map((block) => ({ lessonId: lesson.lessonId, lessonRevision: lesson.revision, questionId: block.id, objectiveId: lesson.objectiveId }));
    if (questions.length === 0) continue;
    const lists = byObjective.get(lesson.objectiveId) ?? [];
    lists.push(questions);
    byObjective.set(lesson.objectiveId, lists);
  }
  // Round-robin over lessons inside an objective: two questions of one objective come from two lessons when it has two.
  const picks = [...byObjective.values()].map((lists) => {
    const chosen: CheckQuestion[] = [];
    for (let round = 0; chosen.length < perObjective && lists.some((list) => list.length > round); round++) {
      for (const list of lists) {
        const question = list[round];
        if (question && chosen.length < perObjective) chosen.push(question);
      }
    }
    return chosen;
  });
  // Objectives take turns under the cap.
  const result: CheckQuestion[] = [];
  for (let round = 0; result.length < maximum && picks.some((p) => p.length > round); round++) {
    for (const pick of picks) {
      const question = pick[round];
      if (question && result.length < maximum) result.push(question);
    }
  }
  // Back in course order, so a check reads like the course.
  const order = new Map<string, number>();
  lessons.forEach((lesson, li) => lesson.blocks.forEach((block, bi) => order.set(`${lesson.lessonId}/${block.id}`, li * 10_000 + bi)));
  return result.sort((a, b) => (order.get(`${a.lessonId}/${a.questionId}`) ?? 0) - (order.get(`${b.lessonId}/${b.questionId}`) ?? 0));
}

/** One scored answer of a check. */
export interface CheckAnswer {
  objectiveId: string | null;
  /** 0–1, partial credit included. */
  score: number;
}

/** Per objective: the mean score (0–100) of its answers, and how many answers it rests on. */
export interface ObjectiveScore {
  objectiveId: string | null;
  score: number;
  answers: number;
}

/** The mean score (0–100) per objective of a set of check answers, objectives in first-seen order. */
export function scoreByObjective(answers: readonly CheckAnswer[]): ObjectiveScore[] {
  const sums = new Map<string | null, { total: number; count: number }>();
  for (const answer of answers) {
    const entry = sums.get(answer.objectiveId) ?? { total: 0, count: 0 };
    entry.total += answer.score;
    entry.count += 1;
    sums.set(answer.objectiveId, entry);
  }
  return [...sums].map(([objectiveId, { total, count }]) => ({ objectiveId, score: roundScore((100 * total) / count), answers: count }));
}

/** The mean score (0–100) of answers, or null for none. */
export function meanScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return roundScore((100 * scores.reduce((sum, s) => sum + s, 0)) / scores.length);
}

/** One decimal place: enough for a percentage, stable in tests. */
export function roundScore(value: number): number {
  return Math.round(value * 10) / 10;
}

/** One learner's baseline and post scores per objective, for comparing before and after across learners. */
export interface LearnerCheckScores {
  baseline: readonly ObjectiveScore[] | null;
  post: readonly ObjectiveScore[] | null;
}

/** Per objective across learners: mean baseline, mean post, and the mean change over learners who took both. */
export interface ObjectiveChange {
  objectiveId: string | null;
  baseline: number | null;
  baselineLearners: number;
  post: number | null;
  postLearners: number;
  /** Mean of (post − baseline) over learners with both: the paired change, not the difference of the means. */
  change: number | null;
  pairedLearners: number;
}

/** Compares baseline and post per objective across learners (means of each learner's objective score). */
export function compareChecks(learners: readonly LearnerCheckScores[]): ObjectiveChange[] {
  const objectives: (string | null)[] = [];
  const seen = new Set<string | null>();
  const note = (id: string | null) => {
    if (!seen.has(id)) {
      seen.add(id);
      objectives.push(id);
    }
  };
  for (const learner of learners) for (const s of [...(learner.baseline ?? []), ...(learner.post ?? [])]) note(s.objectiveId);
  return objectives.map((objectiveId) => {
    const before: number[] = [];
    const after: number[] = [];
    const deltas: number[] = [];
    for (const learner of learners) {
      const b = learner.baseline?.find((s) => s.objectiveId === objectiveId)?.score;
      const p = learner.post?.find((s) => s.objectiveId === objectiveId)?.score;
      if (b !== undefined) before.push(b);
      if (p !== undefined) after.push(p);
      if (b !== undefined && p !== undefined) deltas.push(p - b);
    }
    const mean = (values: number[]) => (values.length === 0 ? null : roundScore(values.reduce((s, v) => s + v, 0) / values.length));
    return { objectiveId, baseline: mean(before), baselineLearners: before.length, post: mean(after), postLearners: after.length, change: mean(deltas), pairedLearners: deltas.length };
  });
}
