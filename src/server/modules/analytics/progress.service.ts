/**
 * The progress dashboard (issue 8): completion and engagement over time per team and overall, and who is overdue or
 * at risk of missing a deadline, for managers (the people of their teams) and admins (everyone). The series and
 * the risk rules are core's (src/core/analytics/progress.ts); campaign members' risk is their standing in the
 * campaign view (the campaign service computes it; this service only asks), so the two pages always agree.
 *
 * What counts:
 * - Without a campaign: every enrolment of the people in view (its course version's lessons; the current cycle's
 *   completions), and all their learning activity.
 * - With a campaign: its trained members in view, from when they joined, its courses' lessons as the campaign
 *   view counts them (a lesson completed in any enrolment), and activity in its courses only.
 * - At risk: campaign members standing overdue, cannot finish or behind (launched campaigns that were not
 *   cancelled), and enrolments outside campaigns with a due date that are overdue or at risk by their pace.
 */
import { DateTime } from 'luxon';
import { type Activity, addDays, type Assignment, bucketsOf, describeRisk, enrolmentRisk, localDateOf, MAX_WINDOW_DAYS, progressSeries, riskOfStanding, teamSeries, windowDays } from '../../../core/analytics/progress.ts';
import { toCsv } from '../../../core/csv.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';
import type { CampaignSchemas, CampaignService } from '../delivery/index.ts';
import { type Actor, type IdentityService, listPersonNames, systemActor } from '../identity/index.ts';
import { createCourseVersionCache, type LearningService, lessonsOf, teamsByPerson, visibleTeams, type VisibleTeams } from '../learning/index.ts';
import * as repo from './progress.repository.ts';
import type { AtRisk, AtRiskItem, AtRiskQuery, Progress, ProgressCsvQuery, ProgressQuery } from './progress.schemas.ts';

export interface ProgressDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  content: Pick<ContentService, 'findCourseVersion'>;
  learning: Pick<LearningService, 'completions'>;
  campaigns: Pick<CampaignService, 'list' | 'view'>;
}

type CourseVersion = ContentSchemas.CourseVersion;

/** The default window: 30 days of days, or 12 weeks of weeks, up to today. */
const DEFAULT_DAYS = { day: 30, week: 84 } as const;
/** Campaigns whose members can still be late: launched and not cancelled. */
const RUNNING = new Set(['active', 'paused', 'ended']);

/** Who a request may see and which people it is about. */
interface Scope {
  visible: VisibleTeams;
  team: { id: string; name: string; memberIds: string[] } | undefined;
  /** The people in view: a team's, a manager's teams', or undefined for the whole organisation. */
  personIds: Set<string> | undefined;
}

const ratio = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 10_000);

export function createProgressService({ db, clock, identity, content, learning, campaigns }: ProgressDeps) {
  /**
   * The caller's scope (managers and admins).
   * @throws ForbiddenError for anyone else; NotFoundError for a team outside the organisation or not the manager's.
   */
  async function scopeOf(actor: Actor, teamId: string | undefined): Promise<Scope> {
    const visible = await visibleTeams(identity, actor, ['manager']);
    const team = teamId ? visible.teams.find((t) => t.id === teamId) : undefined;
    if (teamId && !team) throw new NotFoundError('team', teamId);
    const personIds = team ? new Set(team.memberIds) : visible.personIds;
    return { visible, team, personIds };
  }

  const inScope = (scope: Scope, personId: string) => !scope.personIds || scope.personIds.has(personId);

  const cachedVersion = createCourseVersionCache(content);
  /** A course version (undefined when the organisation has none such), from the cache the learner's loop uses too. */
  const versionOf = (orgId: string, courseId: string, version: number): Promise<CourseVersion | undefined> => cachedVersion(orgId, courseId, version).catch(() => undefined);

  /** The launched campaigns, for the filter. */
  async function campaignChoices(orgId: string) {
    return (await campaigns.list(systemActor(orgId))).filter((c) => c.status !== 'draft').map((c) => ({ id: c.id, name: c.name, status: c.status }));
  }

  /** The campaign view, as the system (the caller's permission was checked by `scopeOf`). @throws NotFoundError */
  const campaignView = (orgId: string, campaignId: string) => campaigns.view(systemActor(orgId), campaignId);

  /** A campaign's trained members in scope as assignments, and its course ids. */
  async function campaignAssignments(orgId: string, view: CampaignSchemas.CampaignView, scope: Scope): Promise<{ assignments: Assignment[]; courseIds: string[]; people: Set<string> }> {
    const lessonIds: string[] = [];
    for (const course of view.courses) {
      const version = course.version === null ? undefined : await versionOf(orgId, course.courseId, course.version);
      if (version) lessonIds.push(...lessonsOf(version).map((l) => l.lessonId));
    }
    const members = view.members.filter((m) => m.arm === 'trained' && inScope(scope, m.personId));
    const completions = await learning.completions(orgId, members.map((m) => m.personId), lessonIds);
    const assignments = members.map((member): Assignment => {
      const times = [...(completions.get(member.personId)?.values() ?? [])].sort();
      const isDone = member.lessonsTotal > 0 && times.length >= member.lessonsTotal;
      return { personId: member.personId, assignedAt: member.joinedAt, lessons: member.lessonsTotal, completions: times, completedAt: isDone ? times.at(-1)! : null };
    });
    return { assignments, courseIds: view.courses.map((c) => c.courseId), people: new Set(members.map((m) => m.personId)) };
  }

  /** Enrolments of the people in scope as assignments (only completions of lessons of the enrolled version). */
  async function enrolmentAssignments(orgId: string, scope: Scope) {
    const personIds = scope.personIds ? [...scope.personIds] : undefined;
    const enrolments = await repo.listEnrolments(db, orgId, personIds);
    const completions = await repo.listLessonCompletions(db, orgId, personIds);
    const byEnrolment = new Map<string, Array<{ lesson_id: string; completed_at: string }>>();
    for (const row of completions) {
      const rows = byEnrolment.get(row.enrolment_id);
      if (rows) rows.push(row);
      else byEnrolment.set(row.enrolment_id, [row]);
    }
    const result: Array<{ enrolment: repo.EnrolmentFacts; assignment: Assignment; version: CourseVersion | undefined }> = [];
    for (const enrolment of enrolments) {
      const version = await versionOf(orgId, enrolment.course_id, enrolment.course_version);
      const lessonIds = new Set(version ? lessonsOf(version).map((l) => l.lessonId) : []);
      const times = (byEnrolment.get(enrolment.id) ?? []).filter((row) => lessonIds.has(row.lesson_id)).map((row) => row.completed_at).sort();
      result.push({
        enrolment,
        version,
        assignment: { personId: enrolment.person_id, assignedAt: enrolment.cycle_started_at ?? enrolment.created_at, lessons: lessonIds.size, completions: times, completedAt: enrolment.completed_at },
      });
    }
    return result;
  }

  /** The window of a query in the organisation's zone, defaults filled in. @throws ValidationError */
  function windowOf(query: ProgressQuery, timeZone: string): { from: string; to: string } {
    const to = query.to ?? localDateOf(clock.now(), timeZone);
    const from = query.from ?? addDays(to, -(DEFAULT_DAYS[query.bucket] - 1));
    if (from > to) throw new ValidationError('The window must not end before it starts: `from` is after `to`.', { issues: [{ field: 'querystring.from', message: '`from` must not be after `to`.' }] });
    if (windowDays(from, to) > MAX_WINDOW_DAYS) {
      throw new ValidationError(`The window is ${windowDays(from, to)} days long; a series covers a year (${MAX_WINDOW_DAYS} days) at most.`, { issues: [{ field: 'querystring.from', message: `At most ${MAX_WINDOW_DAYS} days before \`to\`.` }] });
    }
    return { from, to };
  }

  const service = {
    /**
     * Completion and engagement per bucket, overall and per team, with totals (managers: their teams; admins: all).
     * @throws ForbiddenError for learners and authors; NotFoundError for an unknown campaign or a team not in view;
     *   ValidationError for a window backwards or longer than a year.
     */
    async progress(actor: Actor, query: ProgressQuery): Promise<Progress> {
      const scope = await scopeOf(actor, query.teamId);
      const org = await identity.resolveOrganisation(actor.orgId);
      const window = windowOf(query, org.timeZone);
      const buckets = bucketsOf(window, query.bucket, org.timeZone);
      const range = { from: buckets[0]!.start, to: buckets.at(-1)!.end };
      const view = query.campaignId ? await campaignView(actor.orgId, query.campaignId) : undefined;

      let assignments: Assignment[];
      let activity: Activity[];
      let people: Set<string>;
      if (view) {
        const found = await campaignAssignments(actor.orgId, view, scope);
        assignments = found.assignments;
        people = found.people;
        activity = (await repo.listActivity(db, actor.orgId, [...people], range, found.courseIds)).map((row) => ({ personId: row.person_id, at: row.at, kind: row.kind }));
      } else {
        assignments = (await enrolmentAssignments(actor.orgId, scope)).map((e) => e.assignment);
        activity = (await repo.listActivity(db, actor.orgId, scope.personIds ? [...scope.personIds] : undefined, range)).map((row) => ({ personId: row.person_id, at: row.at, kind: row.kind }));
        // The whole organisation: everyone on a team, and anyone else the data is about.
        people = scope.personIds ?? new Set([...scope.visible.teams.flatMap((t) => t.memberIds), ...assignments.map((a) => a.personId), ...activity.map((a) => a.personId)]);
      }
      const teams = scope.team ? [scope.team] : scope.visible.teams;
      return {
        ...window,
        bucket: query.bucket,
        timeZone: org.timeZone,
        campaign: view ? { id: view.campaign.id, name: view.campaign.name } : null,
        team: scope.team ? { id: scope.team.id, name: scope.team.name } : null,
        overall: progressSeries(buckets, people, assignments, activity),
        teams: teamSeries(buckets, teams, people, assignments, activity),
        filters: { teams: scope.visible.teams.map((t) => ({ id: t.id, name: t.name })), campaigns: await campaignChoices(actor.orgId) },
        asOf: clock.now().toISOString(),
      };
    },

    /**
     * The series as CSV (formula-safe): a row per series (everyone, then each team) and bucket, with the columns of
     * the completion chart, the engagement chart, or both.
     */
    async progressCsv(actor: Actor, query: ProgressCsvQuery): Promise<string> {
      const progress = await service.progress(actor, query);
      const completion = ['assigned_lessons', 'completed_lessons', 'completion_rate', 'enrolments', 'completed_enrolments', 'enrolment_completion_rate'];
      const engagement = ['active_learners', 'answers', 'reviews', 'lessons_completed'];
      const header = ['series', 'team_id', 'bucket', 'first_day', 'last_day', ...(query.chart === 'engagement' ? [] : completion), ...(query.chart === 'completion' ? [] : engagement)];
      const series = [{ id: '', name: progress.team ? progress.team.name : 'Everyone in view', points: progress.overall.points }, ...(progress.team ? [] : progress.teams)];
      return toCsv(
        header,
        series.flatMap((s) =>
          s.points.map((p) => [
            s.name,
            s.id,
            p.key,
            p.firstDay,
            p.lastDay,
            ...(query.chart === 'engagement' ? [] : [p.assignedLessons, p.completedLessons, ratio(p.completionRate), p.enrolments, p.completedEnrolments, ratio(p.enrolmentCompletionRate)]),
            ...(query.chart === 'completion' ? [] : [p.activeLearners, p.answers, p.reviews, p.lessonsCompleted]),
          ]),
        ),
      );
    },

    /**
     * Who is overdue and who is at risk of missing a deadline, overdue first, then by due date (managers: their
     * teams; admins: all). Deactivated people are left out: they cannot finish.
     * @throws ForbiddenError for learners and authors; NotFoundError for an unknown campaign or a team not in view.
     */
    async atRisk(actor: Actor, query: AtRiskQuery): Promise<AtRisk> {
      const scope = await scopeOf(actor, query.teamId);
      const org = await identity.resolveOrganisation(actor.orgId);
      const now = clock.now();
      const teamsOf = teamsByPerson(scope.visible.teams);
      type Draft = Omit<AtRiskItem, 'displayName' | 'email' | 'teams' | 'lastActivityAt'> & { courseIds: string[]; lastCompletedAt: string | null };
      const drafts: Draft[] = [];

      const views = query.campaignId ? [await campaignView(actor.orgId, query.campaignId)] : [];
      if (!query.campaignId) for (const c of (await campaigns.list(systemActor(actor.orgId))).filter((c) => RUNNING.has(c.status))) views.push(await campaignView(actor.orgId, c.id));
      for (const view of views) {
        for (const member of view.members) {
          const risk = riskOfStanding(member.standing);
          if (!risk || (risk.level !== 'overdue' && risk.level !== 'at_risk') || !risk.reason || !inScope(scope, member.personId) || !member.email) continue;
          const facts = { reason: risk.reason, dueAt: view.campaign.deadlineAt, lessonsLeft: member.lessonsTotal - member.lessonsCompleted, lessonsTotal: member.lessonsTotal, planIssue: member.planIssue };
          drafts.push({
            personId: member.personId,
            source: 'campaign',
            campaign: { id: view.campaign.id, name: view.campaign.name },
            courses: view.courses.map((c) => ({ id: c.courseId, title: c.title })),
            courseIds: view.courses.map((c) => c.courseId),
            dueAt: view.campaign.deadlineAt,
            lessonsTotal: member.lessonsTotal,
            lessonsLeft: facts.lessonsLeft,
            lastCompletedAt: member.lastCompletedAt,
            level: risk.level,
            reason: risk.reason,
            why: describeRisk(facts, org.timeZone),
          });
        }
      }

      if (!query.campaignId) {
        for (const { enrolment, assignment, version } of await enrolmentAssignments(actor.orgId, scope)) {
          if (enrolment.source === 'campaign' || !enrolment.due_at || !version) continue;
          const risk = enrolmentRisk({ dueAt: enrolment.due_at, enrolledAt: assignment.assignedAt, lessonsTotal: assignment.lessons, completions: assignment.completions, completedAt: enrolment.completed_at }, now);
          if ((risk.level !== 'overdue' && risk.level !== 'at_risk') || !risk.reason) continue;
          drafts.push({
            personId: enrolment.person_id,
            source: 'enrolment',
            campaign: null,
            courses: [{ id: enrolment.course_id, title: version.title }],
            courseIds: [enrolment.course_id],
            dueAt: enrolment.due_at,
            lessonsTotal: assignment.lessons,
            lessonsLeft: risk.lessonsLeft,
            lastCompletedAt: assignment.completions.at(-1) ?? null,
            level: risk.level,
            reason: risk.reason,
            why: describeRisk({ reason: risk.reason, dueAt: enrolment.due_at, lessonsLeft: risk.lessonsLeft, lessonsTotal: assignment.lessons, pacePerDay: risk.pacePerDay, projectedFinishAt: risk.projectedFinishAt }, org.timeZone),
          });
        }
      }

      const personIds = [...new Set(drafts.map((d) => d.personId))];
      const people = new Map((await listPersonNames(db, actor.orgId, personIds)).map((p) => [p.id, p]));
      const lastActivity = await repo.listLastActivity(db, actor.orgId, personIds);
      const items: AtRiskItem[] = [];
      for (const { courseIds, lastCompletedAt, ...draft } of drafts) {
        const person = people.get(draft.personId);
        if (!person || person.status !== 'active') continue;
        const times = [lastCompletedAt, ...courseIds.map((id) => lastActivity.get(draft.personId)?.get(id) ?? null)].filter((t): t is string => t !== null).sort();
        items.push({ ...draft, displayName: person.display_name, email: person.email, teams: teamsOf.get(draft.personId) ?? [], lastActivityAt: times.at(-1) ?? null });
      }
      const order = { overdue: 0, at_risk: 1 };
      items.sort((a, b) => order[a.level] - order[b.level] || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.displayName.localeCompare(b.displayName) || a.personId.localeCompare(b.personId));
      return { items, counts: { overdue: items.filter((i) => i.level === 'overdue').length, atRisk: items.filter((i) => i.level === 'at_risk').length }, timeZone: org.timeZone, asOf: now.toISOString() };
    },

    /** Who is overdue or at risk as CSV (formula-safe), dates as local dates and times in the organisation's zone. */
    async atRiskCsv(actor: Actor, query: AtRiskQuery): Promise<string> {
      const { items, timeZone } = await service.atRisk(actor, query);
      const local = (instant: string | null) => (instant ? DateTime.fromISO(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm') : null);
      return toCsv(
        ['name', 'email', 'teams', 'level', 'reason', 'campaign', 'courses', 'due', 'lessons_left', 'lessons_total', 'last_activity', 'why'],
        items.map((i) => [i.displayName, i.email, i.teams.map((t) => t.name).join('; '), i.level, i.reason, i.campaign?.name ?? null, i.courses.map((c) => c.title).join('; '), local(i.dueAt), i.lessonsLeft, i.lessonsTotal, local(i.lastActivityAt), i.why]),
      );
    },
  };
  return service;
}

export type ProgressService = ReturnType<typeof createProgressService>;
