/**
 * Organisational outcomes (issue 8): business metrics imported as CSV (person, date, metric, value), then compared
 * between trained and untrained people — those who earned a certification or completed a course against everyone
 * else with values, or a campaign's trained arm against its randomised hold-out — as after-training means and as
 * a difference in differences (core/analytics/outcomes.ts does the statistics).
 *
 * Dates: a trained person's cut-off is the day they were trained; an untrained person's is the median of the
 * trained people's (so both groups' "before" and "after" cover the same stretch of time); in a campaign everyone's
 * is the day it launched. A value on the cut-off day counts as after.
 */
import { compareGroups, differenceInDifferences, type GroupComparison, type DifferenceInDifferences, type GroupRole, type MetricObservation, type PersonPeriod } from '../../../core/analytics/index.ts';
import { parseMetricsCsv } from '../../../core/analytics/metrics-csv.ts';
import { toCsv } from '../../../core/csv.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { findCampaignArms, listHoldOutCampaigns } from '../delivery/index.ts';
import { type Actor, findPeopleByEmailOrId, type IdentityService, listPersonNames, requireRole } from '../identity/index.ts';
import { listCertificationChoices, listTrainedPeople, visibleTeams } from '../learning/index.ts';
import * as repo from './analytics.repository.ts';
import type { MetricImportReport, MetricSummary, OutcomeQuery, TrainingChoices } from './analytics.schemas.ts';

export interface AnalyticsDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
}

/** One person's place in an outcome: their group, cut-off and means (for the CSV and the chart). */
export interface OutcomePerson {
  personId: string;
  group: GroupRole;
  cutoff: string;
  before: number | null;
  after: number | null;
}

export interface Outcome {
  metric: string;
  design: 'observational' | 'randomised_hold_out';
  /** What "trained" means here, in words ("Earned the certification …"). */
  trainedBy: string;
  /** Each person's mean after their cut-off, trained against untrained. */
  after: GroupComparison;
  /** Each person's change (after − before), trained against untrained. */
  differenceInDifferences: DifferenceInDifferences;
  people: OutcomePerson[];
}

function median(sorted: readonly string[]): string {
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

export function createAnalyticsService({ db, clock, identity }: AnalyticsDeps) {
  /**
   * The people an admin or manager may see the values of: a manager only the members of the teams they manage
   * (undefined: the whole organisation).
   * @throws ForbiddenError for anyone else.
   */
  async function peopleInSight(actor: Actor): Promise<Set<string> | undefined> {
    return (await visibleTeams(identity, actor, ['admin', 'manager'])).personIds;
  }

  /** The two groups of an outcome query with each person's cut-off day. */
  async function groupsOf(orgId: string, query: OutcomeQuery, peopleWithValues: readonly string[]): Promise<{ periods: PersonPeriod[]; design: Outcome['design']; trainedBy: string }> {
    if (query.campaignId) {
      const arms = await findCampaignArms(db, orgId, query.campaignId);
      if (!arms) throw new NotFoundError('campaign', query.campaignId);
      if (!arms.launchedAt) throw new AppError('campaign_wrong_status', 'This campaign has not been launched: there is no before and after yet.');
      if (arms.heldOut.length === 0) throw new AppError('conflict', 'This campaign has no hold-out: give it a hold-out share before launching to compare its arms, or compare by course or certification.');
      const cutoff = dayOf(arms.launchedAt);
      return {
        design: 'randomised_hold_out',
        trainedBy: `Sent the campaign “${arms.name}” (against its randomised hold-out)`,
        periods: [...arms.trained.map((personId) => ({ personId, group: 'treated' as const, cutoff })), ...arms.heldOut.map((personId) => ({ personId, group: 'control' as const, cutoff }))],
      };
    }
    const by = query.certificationId ? { certificationId: query.certificationId } : { courseId: query.courseId! };
    const trained = await listTrainedPeople(db, orgId, by);
    if (trained.length === 0) throw new AppError('conflict', query.certificationId ? 'Nobody has earned this certification yet: there is no one to compare.' : 'Nobody has completed this course yet: there is no one to compare.');
    const trainedIds = new Set(trained.map((t) => t.personId));
    const untrainedCutoff = median(trained.map((t) => dayOf(t.at)).sort());
    return {
      design: 'observational',
      trainedBy: query.certificationId ? 'Earned the certification' : 'Completed the course',
      periods: [
        ...trained.map((t) => ({ personId: t.personId, group: 'treated' as const, cutoff: dayOf(t.at) })),
        ...peopleWithValues.filter((id) => !trainedIds.has(id)).map((personId) => ({ personId, group: 'control' as const, cutoff: untrainedCutoff })),
      ],
    };
  }

  /** Each person's mean before and after their cut-off (null without values on that side). */
  function meansOf(observations: readonly MetricObservation[], periods: readonly PersonPeriod[]): OutcomePerson[] {
    const sums = new Map(periods.map((p) => [p.personId, { ...p, before: { sum: 0, count: 0 }, after: { sum: 0, count: 0 } }]));
    for (const row of observations) {
      const person = sums.get(row.personId);
      if (!person) continue;
      const side = row.date < person.cutoff ? person.before : person.after;
      side.sum += row.value;
      side.count += 1;
    }
    const mean = (side: { sum: number; count: number }) => (side.count > 0 ? side.sum / side.count : null);
    return [...sums.values()].map((p) => ({ personId: p.personId, group: p.group, cutoff: p.cutoff, before: mean(p.before), after: mean(p.after) }));
  }

  const service = {
    /**
     * Imports metric values from CSV, all or none: any bad row, or a person the organisation does not have (or, for
     * a manager, who is not in a team they manage), and nothing is written; the errors say which line and column.
     * Admins and managers.
     * @throws ValidationError with `issues` (field `body.<line>.<column>`).
     */
    async importCsv(actor: Actor, text: string): Promise<MetricImportReport> {
      const inSight = await peopleInSight(actor);
      const { rows, errors } = parseMetricsCsv(text);
      const people = new Map<string, string>();
      for (const person of await findPeopleByEmailOrId(db, actor.orgId, rows.map((row) => row.person))) {
        people.set(person.email.toLowerCase(), person.id);
        people.set(person.id.toLowerCase(), person.id);
      }
      const problems: { row: number; column: string | null; code: string; message: string }[] = errors.map((e) => ({ row: e.row, column: e.column, code: e.code, message: e.message }));
      for (const row of rows) {
        const personId = people.get(row.person);
        if (!personId) problems.push({ row: row.line, column: 'person', code: 'unknown_person', message: `No one in the organisation has the email or id "${row.person}".` });
        else if (inSight && !inSight.has(personId)) problems.push({ row: row.line, column: 'person', code: 'not_in_your_teams', message: `"${row.person}" is not in a team you manage: ask an admin to import their values.` });
      }
      if (problems.length > 0) {
        problems.sort((a, b) => a.row - b.row);
        const first = problems[0]!;
        throw new ValidationError(`${problems.length} ${problems.length === 1 ? 'row needs' : 'rows need'} fixing; nothing was imported. Line ${first.row}${first.column ? `, ${first.column}` : ''}: ${first.message}`, {
          issues: problems.map((p) => ({ field: `body.${p.row}${p.column ? `.${p.column}` : ''}`, message: p.message, code: p.code })),
        });
      }
      const at = clock.now().toISOString();
      const values = rows.map((row) => ({ org_id: actor.orgId, metric: row.metric, person_id: people.get(row.person)!, date: row.date, value: row.value, imported_at: at }));
      let replaced = 0;
      await db.transaction().execute(async (trx) => {
        replaced = await repo.countExisting(trx, actor.orgId, values.map((v) => ({ metric: v.metric, personId: v.person_id, date: v.date })));
        await repo.upsertMetricValues(trx, values);
      });
      return { rows: values.length, created: values.length - replaced, replaced, metrics: [...new Set(values.map((v) => v.metric))].sort() };
    },

    /**
     * What "trained" can mean (admins and managers): the certifications, the courses ever published (only those can
     * have been completed) and the launched campaigns with a hold-out. Managers may not list courses or campaigns
     * elsewhere; here they get their titles, which is all an outcome needs.
     */
    async trainingChoices(actor: Actor): Promise<TrainingChoices> {
      requireRole(actor, ['admin', 'manager']);
      const courses = await db.selectFrom('course').select(['id', 'title']).where('org_id', '=', actor.orgId).where('latest_version', 'is not', null).orderBy('title').execute();
      return { certifications: await listCertificationChoices(db, actor.orgId), courses, campaigns: await listHoldOutCampaigns(db, actor.orgId) };
    },

    /** The organisation's metrics (admins and managers). */
    async listMetrics(actor: Actor): Promise<MetricSummary[]> {
      requireRole(actor, ['admin', 'manager']);
      return (await repo.listMetrics(db, actor.orgId)).map((row) => ({ metric: row.metric, values: Number(row.values), people: Number(row.people), firstDate: String(row.first_date), lastDate: String(row.last_date) }));
    },

    /** The people of an outcome as CSV (formula-safe): name, email, group, cut-off, mean before, mean after, change. */
    async outcomeCsv(actor: Actor, query: OutcomeQuery): Promise<string> {
      const outcome = await service.outcome(actor, query);
      const names = new Map((await listPersonNames(db, actor.orgId, outcome.people.map((p) => p.personId))).map((p) => [p.id, p]));
      const label = (group: GroupRole) => (outcome.design === 'randomised_hold_out' ? (group === 'treated' ? 'treated' : 'hold-out') : group === 'treated' ? 'trained' : 'untrained');
      return toCsv(
        ['name', 'email', 'group', 'cut-off', `${outcome.metric} before`, `${outcome.metric} after`, 'change'],
        outcome.people.map((p) => [names.get(p.personId)?.display_name ?? '', names.get(p.personId)?.email ?? '', label(p.group), p.cutoff, p.before, p.after, p.before !== null && p.after !== null ? p.after - p.before : null]),
      );
    },

    /**
     * A metric compared between trained and untrained people (admins and managers: a manager compares the people of
     * the teams they manage): after training, and before against after (difference in differences), with the
     * statistics' warnings.
     * @throws NotFoundError for a metric without values or an unknown campaign; AppError conflict when there is no one to compare.
     */
    async outcome(actor: Actor, query: OutcomeQuery): Promise<Outcome> {
      const inSight = await peopleInSight(actor);
      const visible = (personId: string) => !inSight || inSight.has(personId);
      const rows = (await repo.listMetricValues(db, actor.orgId, query.metric)).filter((row) => visible(row.person_id));
      if (rows.length === 0) throw new NotFoundError('metric', query.metric);
      const observations = rows.map((row) => ({ personId: row.person_id, date: row.date, value: Number(row.value) }));
      const groups = await groupsOf(actor.orgId, query, [...new Set(rows.map((row) => row.person_id))]);
      const { design, trainedBy } = groups;
      const periods = groups.periods.filter((p) => visible(p.personId));
      const people = meansOf(observations, periods);
      const afterOf = (group: GroupRole) => people.filter((p) => p.group === group && p.after !== null).map((p) => p.after!);
      const beforeOf = (group: GroupRole) => people.filter((p) => p.group === group && p.before !== null).map((p) => p.before!);
      return {
        metric: query.metric,
        design,
        trainedBy,
        after: compareGroups(afterOf('treated'), afterOf('control'), { design, baseline: { treated: beforeOf('treated'), control: beforeOf('control') } }),
        differenceInDifferences: differenceInDifferences(observations, periods, { design }),
        people,
      };
    },
  };
  return service;
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
