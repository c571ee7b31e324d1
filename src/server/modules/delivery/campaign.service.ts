/**
 * Campaigns: published courses to an audience, paced in each learner's own window (src/core/delivery/planner.ts),
 * with reminders, a randomised hold-out, pause, resume and cancel, and a view of who is on track and who
 * cannot finish in time. Launching writes the whole plan (members and deliveries) in one transaction; the
 * dispatcher sends what comes due.
 */
import { randomInt } from 'node:crypto';
import { nextOpenInstant } from '../../../core/delivery/calendar.ts';
import { type LearnerToPlan, type Pacing, planCampaign, type PlanIssue } from '../../../core/delivery/planner.ts';
import { memberStanding } from '../../../core/delivery/standing.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';
import { type Actor, type IdentityService, listAudience, requireRole } from '../identity/index.ts';
import type { LearningService } from '../learning/index.ts';
import type { Audience, Campaign, CampaignCreate, CampaignMember, CampaignPatch, CampaignView, MemberStanding } from './campaign.schemas.ts';
import * as repo from './delivery.repository.ts';
import type { CampaignStatus, DeliveryTable } from './delivery.table.ts';
import { organisationCalendar, type Recipient, toRecipient } from './recipients.ts';

export interface CampaignDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  content: ContentService;
  learning: LearningService;
  /** Called after deliveries were planned that may be due at once (the dispatcher looks now). */
  onPlanned?: () => void;
}

type CourseVersion = ContentSchemas.CourseVersion;

/** A lesson of a campaign, in the order learners get them. */
interface CampaignLesson {
  courseId: string;
  lessonId: string;
}

const DAY_MS = 24 * 3_600_000;

function toCampaign(row: repo.CampaignRow, courseIds: string[]): Campaign {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    courseIds,
    audience: JSON.parse(row.audience) as Audience,
    startAt: row.start_at,
    deadlineAt: row.deadline_at,
    pacing: JSON.parse(row.pacing) as Pacing,
    reminders: JSON.parse(row.reminders) as Campaign['reminders'],
    holdoutPercent: row.holdout_percent,
    channel: row.channel,
    createdAt: row.created_at,
    launchedAt: row.launched_at,
    pausedAt: row.paused_at,
    endedAt: row.ended_at,
  };
}

/** Shuffles a copy (Fisher–Yates with a cryptographic generator: the hold-out must be random, not guessable). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export function createCampaignService(deps: CampaignDeps) {
  const { db, clock } = deps;

  async function getRow(orgId: string, id: string): Promise<repo.CampaignRow> {
    const row = await repo.findCampaign(db, orgId, id);
    if (!row) throw new NotFoundError('campaign', id);
    return row;
  }

  async function present(row: repo.CampaignRow): Promise<Campaign> {
    return toCampaign(row, (await repo.listCampaignCourses(db, row.org_id, row.id)).map((c) => c.course_id));
  }

  /** Every course must exist and be published; returns each one's latest version. */
  async function publishedVersions(orgId: string, courseIds: readonly string[]): Promise<CourseVersion[]> {
    const versions: CourseVersion[] = [];
    for (const courseId of courseIds) {
      const version = (await deps.content.isCourseOpen(orgId, courseId)) ? await deps.content.findCourseVersion(orgId, courseId, 'latest') : undefined;
      if (!version) throw new AppError('course_not_published', `Course ${courseId} is not published (or does not exist). Publish it before launching the campaign.`, { courseId });
      versions.push(version);
    }
    return versions;
  }

  async function versionsOf(row: repo.CampaignRow): Promise<CourseVersion[]> {
    const versions: CourseVersion[] = [];
    for (const course of await repo.listCampaignCourses(db, row.org_id, row.id)) {
      const version = await deps.content.findCourseVersion(row.org_id, course.course_id, course.course_version ?? 'latest');
      if (version) versions.push(version);
    }
    return versions;
  }

  const lessonsOfVersions = (versions: readonly CourseVersion[]): CampaignLesson[] =>
    versions.flatMap((version) => version.modules.flatMap((m) => m.lessons.map((lesson) => ({ courseId: version.courseId, lessonId: lesson.lessonId }))));

  async function recipientsOf(orgId: string, audience: Parameters<typeof listAudience>[2]): Promise<Recipient[]> {
    const org = await deps.identity.resolveOrganisation(orgId);
    const calendar = organisationCalendar(org);
    return (await listAudience(db, orgId, audience)).map((row) => toRecipient(row, calendar));
  }

  /**
   * The deliveries (lessons and reminders) of some trained members, from now: `alreadySent` lessons of each
   * are not planned again. Returns the rows and each member's plan issue.
   */
  function planFor(row: repo.CampaignRow, lessons: readonly CampaignLesson[], members: ReadonlyArray<{ recipient: Recipient; alreadySent: number }>) {
    const now = clock.now();
    const learners: LearnerToPlan[] = members.map(({ recipient, alreadySent }) => ({ learnerId: recipient.personId, calendar: recipient.calendar, alreadySent }));
    const plan = planCampaign(learners, {
      lessonIds: lessons.map((_, index) => String(index)),
      startAt: new Date(row.start_at),
      deadline: row.deadline_at ? new Date(row.deadline_at) : null,
      now,
      pacing: JSON.parse(row.pacing) as Pacing,
    });
    const at = now.toISOString();
    const base = { org_id: row.org_id, campaign_id: row.id, rule_id: null, event_id: null, urgent: 0, channel: row.channel, status: 'planned' as const, outcome: null, channels_used: null, sent_at: null, read_at: null, created_at: at };
    const rows: DeliveryTable[] = [];
    const lastByPerson = new Map<string, Date>();
    for (const delivery of plan.deliveries) {
      const lesson = lessons[delivery.sequence]!;
      rows.push({ ...base, id: newId(), person_id: delivery.learnerId, kind: 'lesson', dedupe_key: `campaign:${row.id}:${delivery.learnerId}:${delivery.sequence}`, course_id: lesson.courseId, lesson_id: lesson.lessonId, sequence: delivery.sequence, send_at: delivery.sendAt.toISOString() });
      lastByPerson.set(delivery.learnerId, delivery.sendAt);
    }
    // Reminders: `everyDays` after the last lesson, then every `everyDays`, each at the next opening of the window.
    const reminders = JSON.parse(row.reminders) as Campaign['reminders'];
    const calendars = new Map(members.map(({ recipient }) => [recipient.personId, recipient.calendar]));
    for (const [personId, last] of lastByPerson) {
      for (let n = 1; n <= reminders.count; n += 1) {
        const sendAt = nextOpenInstant(calendars.get(personId)!, new Date(last.getTime() + n * reminders.everyDays * DAY_MS));
        if (!sendAt) break;
        rows.push({ ...base, id: newId(), person_id: personId, kind: 'reminder', dedupe_key: `reminder:${row.id}:${personId}:${n}`, course_id: lessons[0]!.courseId, lesson_id: null, sequence: n, send_at: sendAt.toISOString() });
      }
    }
    return { rows, issues: new Map<string, PlanIssue>(plan.issues.map((issue) => [issue.learnerId, issue])) };
  }

  async function writePlan(trx: Db, campaignId: string, plan: ReturnType<typeof planFor>, personIds: readonly string[]) {
    await repo.insertDeliveries(trx, plan.rows);
    for (const personId of personIds) {
      const issue = plan.issues.get(personId);
      await repo.setMemberPlanIssue(trx, campaignId, personId, issue?.kind ?? null, issue?.lessonCount ?? 0);
    }
  }

  /** Adds people to a running (or paused) campaign: each gets a plan from now, compressed to the deadline if need be. */
  async function addPeople(row: repo.CampaignRow, recipients: readonly Recipient[]): Promise<number> {
    const existing = new Set((await repo.listMembers(db, row.org_id, row.id)).map((m) => m.person_id));
    const fresh = recipients.filter((r) => !existing.has(r.personId));
    if (fresh.length === 0) return 0;
    const lessons = lessonsOfVersions(await versionsOf(row));
    const plan = planFor(row, lessons, fresh.map((recipient) => ({ recipient, alreadySent: 0 })));
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      // People added after the start are all trained: the hold-out was drawn at launch.
      await repo.insertMembers(trx, fresh.map((r) => ({ campaign_id: row.id, org_id: row.org_id, person_id: r.personId, arm: 'trained', joined_at: at, plan_issue: null })));
      await writePlan(trx, row.id, plan, fresh.map((r) => r.personId));
    });
    deps.onPlanned?.();
    return fresh.length;
  }

  /** Moves a campaign between statuses, or says precisely why it cannot. */
  async function move(actor: Actor, id: string, from: readonly CampaignStatus[], to: CampaignStatus, extra: Partial<repo.CampaignRow> = {}): Promise<repo.CampaignRow> {
    requireRole(actor, ['admin', 'author']);
    const row = await getRow(actor.orgId, id);
    const at = clock.now().toISOString();
    if (!(await repo.moveCampaign(db, actor.orgId, id, from, { status: to, updated_at: at, ...extra }))) {
      throw new AppError('campaign_wrong_status', `This campaign is ${row.status}: it can only become ${to} from ${from.join(' or ')}.`, { status: row.status });
    }
    return getRow(actor.orgId, id);
  }

  // The rules are core's (src/core/delivery/standing.ts): the progress dashboard's deadline risk goes by them too.
  function standingOf(member: repo.CampaignMemberRow, total: number, completed: number, sentTimes: readonly { sentAt: string; done: boolean }[], deadline: string | null, now: Date): MemberStanding {
    return memberStanding({ arm: member.arm, planIssue: member.plan_issue, total, completed, sent: sentTimes, deadline }, now);
  }

  return {
    /** Creates a draft campaign. @throws ValidationError when a course or audience reference is unknown. */
    async create(actor: Actor, input: CampaignCreate): Promise<Campaign> {
      requireRole(actor, ['admin', 'author']);
      const at = clock.now().toISOString();
      const id = newId();
      await db.transaction().execute(async (trx) =>
        repo.insertCampaign(
          trx,
          {
            id,
            org_id: actor.orgId,
            name: input.name,
            status: 'draft',
            start_at: new Date(input.startAt).toISOString(),
            deadline_at: input.deadlineAt ? new Date(input.deadlineAt).toISOString() : null,
            pacing: JSON.stringify(input.pacing),
            reminders: JSON.stringify(input.reminders),
            audience: JSON.stringify(input.audience),
            holdout_percent: input.holdoutPercent,
            channel: input.channel,
            created_by: actor.kind === 'person' ? actor.personId : null,
            created_at: at,
            updated_at: at,
            launched_at: null,
            paused_at: null,
            ended_at: null,
          },
          [...new Set(input.courseIds)],
        ),
      );
      return present(await getRow(actor.orgId, id));
    },

    /** Changes a draft. @throws AppError campaign_not_editable once launched. */
    async update(actor: Actor, id: string, patch: CampaignPatch): Promise<Campaign> {
      requireRole(actor, ['admin', 'author']);
      const row = await getRow(actor.orgId, id);
      if (row.status !== 'draft') throw new AppError('campaign_not_editable', `This campaign is ${row.status}: only a draft can be changed. Pause or cancel it instead.`);
      const merged = { startAt: patch.startAt ?? row.start_at, deadlineAt: patch.deadlineAt === undefined ? row.deadline_at : patch.deadlineAt };
      if (merged.deadlineAt && new Date(merged.deadlineAt) <= new Date(merged.startAt)) throw new ValidationError('The deadline must come after the start.', { field: 'deadlineAt' });
      await db.transaction().execute(async (trx) => {
        await repo.updateCampaign(trx, actor.orgId, id, {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.startAt !== undefined && { start_at: new Date(patch.startAt).toISOString() }),
          ...(patch.deadlineAt !== undefined && { deadline_at: patch.deadlineAt ? new Date(patch.deadlineAt).toISOString() : null }),
          ...(patch.pacing !== undefined && { pacing: JSON.stringify(patch.pacing) }),
          ...(patch.reminders !== undefined && { reminders: JSON.stringify(patch.reminders) }),
          ...(patch.audience !== undefined && { audience: JSON.stringify(patch.audience) }),
          ...(patch.holdoutPercent !== undefined && { holdout_percent: patch.holdoutPercent }),
          ...(patch.channel !== undefined && { channel: patch.channel }),
          updated_at: clock.now().toISOString(),
        });
        if (patch.courseIds) await repo.replaceCampaignCourses(trx, actor.orgId, id, [...new Set(patch.courseIds)].map((courseId) => ({ courseId, version: null })));
      });
      return present(await getRow(actor.orgId, id));
    },

    async list(actor: Actor): Promise<Campaign[]> {
      requireRole(actor, ['admin', 'author']);
      return Promise.all((await repo.listCampaigns(db, actor.orgId)).map(present));
    },

    async get(actor: Actor, id: string): Promise<Campaign> {
      requireRole(actor, ['admin', 'author']);
      return present(await getRow(actor.orgId, id));
    },

    /**
     * Launches a draft: fixes the course versions, resolves the audience, draws the hold-out, plans every
     * trained member's lessons and reminders in their own window, and writes it all in one transaction.
     * @throws AppError course_not_published, audience_empty, campaign_wrong_status.
     */
    async launch(actor: Actor, id: string): Promise<Campaign> {
      requireRole(actor, ['admin', 'author']);
      const row = await getRow(actor.orgId, id);
      if (row.status !== 'draft') throw new AppError('campaign_wrong_status', `This campaign is ${row.status}: only a draft can be launched.`, { status: row.status });
      const versions = await publishedVersions(actor.orgId, (await repo.listCampaignCourses(db, actor.orgId, id)).map((c) => c.course_id));
      const lessons = lessonsOfVersions(versions);
      const audience = JSON.parse(row.audience) as Audience;
      const recipients = await recipientsOf(actor.orgId, { personIds: audience.personIds, teamIds: audience.teamIds, ...(audience.rule && { rule: audience.rule }) });
      if (recipients.length === 0) throw new AppError('audience_empty', 'Nobody active matches this campaign’s audience. Add people, teams or a rule that matches someone.');
      const heldOutCount = Math.round((recipients.length * row.holdout_percent) / 100);
      const drawn = shuffled(recipients);
      const heldOut = drawn.slice(0, heldOutCount);
      const trained = drawn.slice(heldOutCount);
      const launching = { ...row, start_at: row.start_at };
      const plan = planFor(launching, lessons, trained.map((recipient) => ({ recipient, alreadySent: 0 })));
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.moveCampaign(trx, actor.orgId, id, ['draft'], { status: 'active', launched_at: at, updated_at: at }))) {
          throw new AppError('campaign_wrong_status', 'This campaign was launched by someone else a moment ago.');
        }
        await repo.replaceCampaignCourses(trx, actor.orgId, id, versions.map((v) => ({ courseId: v.courseId, version: v.version })));
        await repo.insertMembers(trx, [
          ...trained.map((r) => ({ campaign_id: id, org_id: actor.orgId, person_id: r.personId, arm: 'trained' as const, joined_at: at, plan_issue: null })),
          ...heldOut.map((r) => ({ campaign_id: id, org_id: actor.orgId, person_id: r.personId, arm: 'held_out' as const, joined_at: at, plan_issue: null })),
        ]);
        await writePlan(trx, id, plan, trained.map((r) => r.personId));
      });
      deps.onPlanned?.();
      return present(await getRow(actor.orgId, id));
    },

    /** Pauses: nothing more is sent until resumed; the plan is kept. */
    async pause(actor: Actor, id: string): Promise<Campaign> {
      return present(await move(actor, id, ['active'], 'paused', { paused_at: clock.now().toISOString() }));
    },

    /**
     * Resumes: every trained member's lessons not yet sent are planned again from now, in order, compressed
     * to the deadline if the pause made that necessary.
     */
    async resume(actor: Actor, id: string): Promise<Campaign> {
      const row = await move(actor, id, ['paused'], 'active', { paused_at: null });
      const lessons = lessonsOfVersions(await versionsOf(row));
      const members = (await repo.listMembers(db, row.org_id, id)).filter((m) => m.arm === 'trained');
      const deliveries = await repo.listCampaignDeliveries(db, row.org_id, id);
      const sentCount = new Map<string, number>();
      for (const d of deliveries) if (d.kind === 'lesson' && d.status !== 'planned') sentCount.set(d.person_id, Math.max(sentCount.get(d.person_id) ?? 0, d.sequence + 1));
      const recipients = await recipientsOf(row.org_id, { personIds: members.map((m) => m.person_id) });
      const plan = planFor(row, lessons, recipients.map((recipient) => ({ recipient, alreadySent: sentCount.get(recipient.personId) ?? 0 })));
      await db.transaction().execute(async (trx) => {
        await repo.clearPlannedDeliveries(trx, row.org_id, id, 'remove');
        await writePlan(trx, id, plan, recipients.map((r) => r.personId));
      });
      deps.onPlanned?.();
      return present(await getRow(row.org_id, id));
    },

    /** Cancels for good: planned deliveries are cancelled; what was sent stays in learners' inboxes. */
    async cancel(actor: Actor, id: string): Promise<Campaign> {
      const row = await move(actor, id, ['draft', 'active', 'paused'], 'cancelled', { ended_at: clock.now().toISOString() });
      await repo.clearPlannedDeliveries(db, row.org_id, id, 'cancel');
      return present(row);
    },

    /**
     * Adds people to a launched campaign (each gets a plan from now, compressed if need be) and to its audience.
     * @throws ValidationError when a person is unknown or deactivated.
     */
    async addMembers(actor: Actor, id: string, personIds: readonly string[]): Promise<{ added: number; alreadyMembers: number }> {
      requireRole(actor, ['admin', 'author']);
      const row = await getRow(actor.orgId, id);
      if (row.status === 'cancelled' || row.status === 'ended') throw new AppError('campaign_wrong_status', `This campaign is ${row.status}: people can no longer join it.`, { status: row.status });
      const unique = [...new Set(personIds)];
      const recipients = await recipientsOf(actor.orgId, { personIds: unique });
      const missing = unique.filter((pid) => !recipients.some((r) => r.personId === pid));
      if (missing.length > 0) throw new ValidationError(`No active person ${missing[0]} in this organisation.`, { field: 'personIds' });
      const audience = JSON.parse(row.audience) as Audience;
      await repo.updateCampaign(db, actor.orgId, id, { audience: JSON.stringify({ ...audience, personIds: [...new Set([...audience.personIds, ...unique])] }), updated_at: clock.now().toISOString() });
      if (row.status === 'draft') return { added: unique.length, alreadyMembers: 0 };
      const added = await addPeople(row, recipients);
      return { added, alreadyMembers: unique.length - added };
    },

    /**
     * The background job: people who now match an active campaign's audience (joined a team, hired, matched
     * the rule) join it with a plan from now; campaigns past their deadline with nothing left to send end.
     */
    async syncAudiences(): Promise<{ joined: number; ended: number }> {
      let joined = 0;
      let ended = 0;
      for (const row of await repo.listActiveCampaigns(db)) {
        const audience = JSON.parse(row.audience) as Audience;
        joined += await addPeople(row, await recipientsOf(row.org_id, { personIds: audience.personIds, teamIds: audience.teamIds, ...(audience.rule && { rule: audience.rule }) }));
        if (row.deadline_at && new Date(row.deadline_at) <= clock.now() && !(await repo.hasPlannedDeliveries(db, row.org_id, row.id))) {
          if (await repo.moveCampaign(db, row.org_id, row.id, ['active'], { status: 'ended', ended_at: clock.now().toISOString(), updated_at: clock.now().toISOString() })) ended += 1;
        }
      }
      return { joined, ended };
    },

    /** The campaign view: each member's progress and standing (who cannot finish in time), and totals. */
    async view(actor: Actor, id: string): Promise<CampaignView> {
      requireRole(actor, ['admin', 'author']);
      const row = await getRow(actor.orgId, id);
      const versions = await versionsOf(row);
      const lessons = lessonsOfVersions(versions);
      const members = await repo.listMembers(db, actor.orgId, id);
      const deliveries = await repo.listCampaignDeliveries(db, actor.orgId, id);
      const people = new Map((await listAudience(db, actor.orgId, { personIds: members.map((m) => m.person_id) })).map((p) => [p.id, p]));
      const org = await deps.identity.resolveOrganisation(actor.orgId);
      const completions = await deps.learning.completions(actor.orgId, members.map((m) => m.person_id), lessons.map((l) => l.lessonId));
      const now = clock.now();
      const byPerson = new Map<string, repo.DeliveryRow[]>();
      for (const d of deliveries) byPerson.set(d.person_id, [...(byPerson.get(d.person_id) ?? []), d]);
      const standings = Object.fromEntries(['held_out', 'done', 'overdue', 'cannot_finish', 'behind', 'on_track'].map((s) => [s, 0])) as Record<MemberStanding, number>;
      const summary = { members: members.length, trained: 0, heldOut: 0, lessonsPlanned: 0, lessonsSent: 0, lessonsCompleted: 0, standings };
      const items: CampaignMember[] = members.map((member) => {
        const person = people.get(member.person_id);
        const done = completions.get(member.person_id) ?? new Map<string, string>();
        const own = (byPerson.get(member.person_id) ?? []).filter((d) => d.kind === 'lesson');
        const sent = own.filter((d) => d.status === 'sent' || d.status === 'skipped');
        const completed = lessons.filter((l) => done.has(l.lessonId)).length;
        const total = member.arm === 'held_out' ? 0 : lessons.length;
        const standing = standingOf(member, total, completed, sent.map((d) => ({ sentAt: d.sent_at ?? d.send_at, done: d.lesson_id !== null && done.has(d.lesson_id) })), row.deadline_at, now);
        summary.standings[standing] += 1;
        if (member.arm === 'held_out') summary.heldOut += 1;
        else summary.trained += 1;
        summary.lessonsPlanned += own.filter((d) => d.status === 'planned').length;
        summary.lessonsSent += sent.length;
        summary.lessonsCompleted += completed;
        const completedTimes = [...done.values()].sort();
        return {
          personId: member.person_id,
          displayName: person?.display_name ?? '(deactivated)',
          email: person?.email ?? '',
          timeZone: person ? toRecipient(person, organisationCalendar(org)).calendar.timeZone : org.timeZone,
          arm: member.arm,
          standing,
          lessonsTotal: total,
          lessonsSent: sent.length,
          lessonsCompleted: completed,
          nextSendAt: own.filter((d) => d.status === 'planned').map((d) => d.send_at).sort()[0] ?? null,
          lastCompletedAt: completedTimes.at(-1) ?? null,
          planIssue: member.plan_issue,
          joinedAt: member.joined_at,
        };
      });
      const order: MemberStanding[] = ['cannot_finish', 'overdue', 'behind', 'on_track', 'done', 'held_out'];
      items.sort((a, b) => order.indexOf(a.standing) - order.indexOf(b.standing) || a.displayName.localeCompare(b.displayName));
      return {
        campaign: await present(row),
        courses: versions.map((v) => ({ courseId: v.courseId, title: v.title, version: v.version, lessonCount: v.modules.reduce((n, m) => n + m.lessons.length, 0) })),
        summary,
        members: items,
        asOf: now.toISOString(),
      };
    },
  };
}

export type CampaignService = ReturnType<typeof createCampaignService>;
