/**
 * The proficiency heat map (issue 8): objectives × teams, each cell the team's mean recall probability "now" (FSRS,
 * with the organisation's scheduler settings), its mean baseline, and the change; values resting on fewer than
 * MINIMUM_PEOPLE_PER_CELL people are withheld (core/analytics/proficiency.ts decides). Managers see their teams,
 * admins and authors every team; people in no team appear in no column.
 *
 * Objectives come from the lesson each answer and review item belongs to (the lesson's objective today: a lesson
 * moved to another objective counts for the new one); lessons without an objective are left out.
 */
import { aggregateProficiency, type AnswerEvidence, cardAt, isReviewedAfter, MINIMUM_PEOPLE_PER_CELL, personProficiencies, type ReviewItemEvidence } from '../../../core/analytics/proficiency.ts';
import { toCsv } from '../../../core/csv.ts';
import { DEFAULT_SCHEDULER_SETTINGS, type ReviewCard } from '../../../core/reinforcement/scheduler.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type Actor, type IdentityService, listTeamsWithMembers } from '../identity/index.ts';
import { visibleTeams } from '../learning/index.ts';
import * as repo from './proficiency.repository.ts';
import type { Proficiency, ProficiencyQuery } from './proficiency.schemas.ts';

export interface ProficiencyDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  /** The organisation's fitted FSRS weights (fsrs-fit.service.ts), as the scheduler uses them; the defaults when absent. */
  weightsOf: (orgId: string) => Promise<readonly number[] | undefined>;
}

const byText = (a: string, b: string) => a.localeCompare(b);

export function createProficiencyService({ db, clock, identity, weightsOf }: ProficiencyDeps) {
  /** The teams (columns) the actor may see, narrowed to `teamId` when given. */
  async function teamsOf(actor: Actor, teamId: string | undefined) {
    const scope = await visibleTeams(identity, actor);
    // Authors see the whole organisation but hold no team list of their own: read every team (admins too, in bulk).
    const teams = (scope.personIds ? scope.teams : await listTeamsWithMembers(db, actor.orgId)).sort((a, b) => byText(a.name, b.name));
    if (teamId === undefined) return teams;
    const team = teams.find((t) => t.id === teamId);
    if (!team) throw new NotFoundError('team', teamId);
    return [team];
  }

  /** Review items as they stood at `at`: an item reviewed since is replayed from its log up to `at`. */
  async function reviewItemsAt(orgId: string, rows: repo.ReviewItemOfObjective[], at: Date, weights: readonly number[] | undefined): Promise<ReviewItemEvidence[]> {
    const parsed = rows.map((row) => ({ ...row, card: JSON.parse(row.card) as ReviewCard }));
    const stale = parsed.filter((row) => isReviewedAfter(row.card, at));
    const reviews = new Map<string, Array<{ reviewedAt: string; correct: boolean }>>();
    if (stale.length > 0) {
      for (const log of await repo.listReviewsOfItems(db, orgId, stale.map((row) => row.id), at.toISOString())) {
        reviews.set(log.review_item_id, [...(reviews.get(log.review_item_id) ?? []), { reviewedAt: log.reviewed_at, correct: Number(log.correct) === 1 }]);
      }
    }
    return parsed.flatMap((row) => {
      const settings = { desiredRetention: row.desired_retention, maximumIntervalDays: DEFAULT_SCHEDULER_SETTINGS.maximumIntervalDays, weights };
      const card = isReviewedAfter(row.card, at) ? cardAt(reviews.get(row.id) ?? [], at, settings) : row.card;
      return card ? [{ personId: row.person_id, objectiveId: row.objective_id, card, desiredRetention: row.desired_retention }] : [];
    });
  }

  const service = {
    /**
     * The heat map: objectives (rows) × the actor's teams (columns) at `query.at` (now by default), of one course's
     * evidence or all. Managers see their teams, admins and authors every team.
     * @throws ForbiddenError for learners and API tokens.
     * @throws NotFoundError for a course not in the organisation, or a team the actor may not see.
     */
    async heatMap(actor: Actor, query: ProficiencyQuery): Promise<Proficiency> {
      const teams = await teamsOf(actor, query.teamId);
      const course = query.courseId ? await repo.findCourse(db, actor.orgId, query.courseId) : undefined;
      if (query.courseId && !course) throw new NotFoundError('course', query.courseId);
      const at = query.at ? new Date(query.at) : clock.now();
      const upTo = at.toISOString();
      const personIds = [...new Set(teams.flatMap((t) => t.memberIds))];
      const weights = await weightsOf(actor.orgId);
      const options = { courseId: query.courseId, upTo };
      const reviewItems = await reviewItemsAt(actor.orgId, await repo.listReviewItems(db, actor.orgId, personIds, options), at, weights);
      const answers: AnswerEvidence[] = (await repo.listAnswers(db, actor.orgId, personIds, options)).map((row) => ({
        personId: row.person_id,
        objectiveId: row.objective_id,
        lessonId: row.lesson_id,
        questionId: row.question_id,
        mode: row.mode,
        score: row.score,
        at: row.created_at,
      }));
      const people = personProficiencies({ reviewItems, answers, at, settings: { maximumIntervalDays: DEFAULT_SCHEDULER_SETTINGS.maximumIntervalDays, weights } });
      const objectiveIds = [...new Set([...people.map((p) => p.objectiveId), ...(course?.objectiveIds ?? [])])];
      const objectives = (await repo.listObjectiveTitles(db, actor.orgId, objectiveIds)).sort((a, b) => byText(a.title, b.title) || byText(a.id, b.id));
      return {
        at: upTo,
        courseId: course?.id ?? null,
        minimumPeople: MINIMUM_PEOPLE_PER_CELL,
        objectives,
        teams: teams.map((t) => ({ id: t.id, name: t.name, members: new Set(t.memberIds).size })),
        cells: aggregateProficiency(people, teams, objectives.map((o) => o.id)),
        courses: await repo.listPublishedCourses(db, actor.orgId),
      };
    },

    /**
     * The heat map as CSV (formula-safe): one line per objective and team, with the people each value rests on and
     * why a value is missing.
     * @throws as heatMap.
     */
    async heatMapCsv(actor: Actor, query: ProficiencyQuery): Promise<string> {
      const map = await service.heatMap(actor, query);
      const objectives = new Map(map.objectives.map((o) => [o.id, o.title]));
      const teams = new Map(map.teams.map((t) => [t.id, t.name]));
      const note = (cell: Proficiency['cells'][number]) =>
        cell.reason === 'no_data' ? 'no data' : cell.reason === 'too_few_people' ? `values resting on fewer than ${map.minimumPeople} people are withheld` : '';
      return toCsv(
        ['objective', 'team', 'at', 'now_percent', 'baseline_percent', 'change_points', 'people', 'people_now', 'people_baseline', 'people_change', 'note'],
        map.cells.map((c) => [objectives.get(c.objectiveId), teams.get(c.teamId), map.at, c.now, c.baseline, c.change, c.people, c.counts.now, c.counts.baseline, c.counts.change, note(c)]),
      );
    },
  };
  return service;
}

export type ProficiencyService = ReturnType<typeof createProficiencyService>;
