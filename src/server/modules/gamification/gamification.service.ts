/**
 * Gamification (issue 7): points for completing and, above all, for remembering; streaks in each learner's own
 * working days; the leaderboards' totals. The points ledger is the single source of truth: an entry per award,
 * unique per person and award key, so nothing is earned twice, however often an event is seen or a request is sent.
 *
 * Points are derived from what the learning module recorded (answers, reviews, completions, certification awards),
 * never from the request that caused them: a learner's answer commits first, then `syncPerson` reads it back and
 * awards what it earns. The event after the commit makes that prompt; `sweep` (at start and every minute) reads
 * everything recorded since its cursor, so an award lost to a crash between the two is made later, exactly once.
 */
import { resolveCalendar } from '../../../core/delivery/calendar.ts';
import { type Award, applyDailyCap, awardsFor, computeStreak, localDaySpan, parsePointRules, PointRules, type PointsEvent, previousSeason, rankIndividuals, rankTeams, resumeReadsFrom, seasonOf, type StreakCheckpoint } from '../../../core/gamification/index.ts';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type Actor, hasRole, type IdentityService, listAudience, requirePerson, requireRole, systemActor } from '../identity/index.ts';
import type { LearningService } from '../learning/index.ts';
import type { BadgesService } from './badges.service.ts';
import * as repo from './gamification.repository.ts';
import type { GamificationSettings, Leaderboard, LeaderboardQuery, MyPoints, TeamBoard, Visibility } from './gamification.schemas.ts';
import type { StreakCheckpointTable } from './gamification.table.ts';
import { startPeriodic } from '../../platform/periodic.ts';

export interface GamificationDeps {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  learning: LearningService;
  logger: Pick<Logger, 'warn'>;
  /** Badges checked after each sync's points (the longest streak is known then). */
  badges?: Pick<BadgesService, 'evaluate'>;
}

/** How far back a sync reads again: a transaction that committed late (its rows dated earlier) is still seen. */
const OVERLAP_MS = 10 * 60_000;
/**
 * The history a streak is first computed over, before the person has a checkpoint. A streak this long cannot be told
 * from one cut by the window: see below. After that, a sync reads only the days since the person's checkpoint.
 */
const STREAK_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;

function toCheckpoint(row: StreakCheckpointTable): StreakCheckpoint {
  return { through: row.through, current: Number(row.current_days), longest: Number(row.longest_days), startedOn: row.started_on, freezesHeld: Number(row.freezes_held), freezesUsed: Number(row.freezes_used), lastActiveOn: row.last_active_on };
}

function fromCheckpoint(orgId: string, personId: string, checkpoint: StreakCheckpoint, now: Date): StreakCheckpointTable {
  const { through, current, longest, startedOn, freezesHeld, freezesUsed, lastActiveOn } = checkpoint;
  return { person_id: personId, org_id: orgId, through, current_days: current, longest_days: longest, started_on: startedOn, freezes_held: freezesHeld, freezes_used: freezesUsed, last_active_on: lastActiveOn, updated_at: now.toISOString() };
}

export function createGamificationService({ db, clock, identity, learning, logger, badges }: GamificationDeps) {
  /** Per person, the sync running now: a person's awards are decided one at a time, so the daily cap is exact. */
  const running = new Map<string, Promise<number>>();
  /** Syncs started in the background (after a learner's answer), so closing can wait for them. */
  const background = new Set<Promise<unknown>>();

  /** The organisation's settings, read once: the rules over the defaults, the season kind, whether boards are on. */
  async function settingsOf(orgId: string): Promise<GamificationSettings> {
    const row = await repo.findSettings(db, orgId);
    return { rules: parsePointRules(row ? JSON.parse(row.rules) : {}), seasonKind: row?.season_kind ?? 'weekly', leaderboardsEnabled: row === undefined || row.leaderboards_enabled === 1 };
  }

  /** Runs a task in the background (logged when it fails), so closing can wait for it. */
  function inBackground(task: Promise<unknown>, failure: string, context: Record<string, unknown>): void {
    const tracked = task.catch((error: unknown) => logger.warn({ err: error, ...context }, failure));
    background.add(tracked);
    void tracked.finally(() => background.delete(tracked));
  }

  /** The person's calendar (their zone and working days), as delivery resolves it: person > team > organisation. */
  async function calendarOf(orgId: string, personId: string) {
    const organisation = await identity.getOrganisation(systemActor(orgId));
    const [row] = await listAudience(db, orgId, { personIds: [personId], includeInactive: true });
    const orgCalendar = { timeZone: organisation.timeZone, workingDays: organisation.workingDays, workStart: organisation.workStart, workEnd: organisation.workEnd, quietStart: organisation.quietStart, quietEnd: organisation.quietEnd };
    const calendar = row
      ? resolveCalendar(
          { timeZone: row.time_zone, workingDays: row.working_days, workStart: row.work_start, workEnd: row.work_end },
          row.team_id ? { timeZone: row.team_time_zone, workingDays: row.team_working_days, workStart: row.team_work_start, workEnd: row.team_work_end } : undefined,
          orgCalendar,
        )
      : orgCalendar;
    return { calendar, orgTimeZone: organisation.timeZone };
  }

  /** The learning events since an instant, as the points rules read them, oldest first. */
  function eventsOf(personId: string, activity: Awaited<ReturnType<LearningService['activityForPoints']>>, since: string): PointsEvent[] {
    const events: (PointsEvent & { order: number })[] = [];
    for (const answer of activity.answers) {
      if (answer.at < since) continue;
      if (answer.mode === 'lesson') {
        events.push({ type: 'answer', personId, at: answer.at, questionId: answer.questionId, lessonId: answer.lessonId, firstAttempt: true, correct: answer.correct, practice: false, order: 1 });
      } else if (answer.mode === 'review' && answer.reviewItemId) {
        // A scheduled review's log says how many whole days the item waited; due "today" is the day it was answered.
        const waited = answer.waitedDays ?? 0;
        events.push({
          type: 'review_answer',
          personId,
          at: answer.at,
          reviewItemId: answer.reviewItemId,
          correct: answer.correct,
          practice: false,
          previousAnsweredAt: waited > 0 ? new Date(Date.parse(answer.at) - waited * DAY_MS).toISOString() : null,
          answeredAt: answer.at,
          dueAt: answer.at,
          order: 1,
        });
      }
    }
    for (const completion of activity.completions) if (completion.at >= since) events.push({ type: 'lesson_completed', personId, at: completion.at, lessonId: completion.lessonId, order: 2 });
    for (const award of activity.certifications) if (award.at >= since) events.push({ type: 'certification_earned', personId, at: award.at, certificationId: award.certificationId, awardId: award.awardId, order: 3 });
    return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order)).map(({ order: _, ...event }) => event as PointsEvent);
  }

  /**
   * A person's streak now, carried on from their stored checkpoint (or replayed over the window when they have none
   * yet, or moved west of it), with their activity since `readFrom` (or since the streak needed) for points.
   */
  async function streakOf(orgId: string, personId: string, calendar: { timeZone: string; workingDays: readonly number[] }, now: Date, readFrom?: string) {
    const zone = calendar.timeZone;
    const stored = await repo.findStreakCheckpoint(db, personId);
    const resume = stored && stored.through < localDaySpan(now.toISOString(), zone).date ? toCheckpoint(stored) : undefined;
    const windowStart = new Date(now.getTime() - STREAK_WINDOW_DAYS * DAY_MS).toISOString();
    const streakFrom = resume ? resumeReadsFrom(resume, zone) : windowStart;
    const activity = await learning.activityForPoints(orgId, personId, readFrom !== undefined && readFrom < streakFrom ? readFrom : streakFrom);
    const streak = computeStreak({
      activityInstants: [...activity.answers.map((a) => a.at), ...activity.completions.map((c) => c.at)],
      timeZone: zone,
      workingDays: calendar.workingDays,
      today: now.toISOString(),
      resume,
      // A day is settled once answers dated in it can no longer be committing: the overlap after its end.
      settledBefore: localDaySpan(new Date(now.getTime() - OVERLAP_MS).toISOString(), zone).date,
    });
    // A streak replayed from the window's first day may be longer than it looks, and its start would move with the window.
    const startKnown = resume !== undefined || (streak.startedOn !== null && streak.startedOn > localDaySpan(windowStart, zone).date);
    return { streak, activity, startKnown, storedThrough: stored?.through };
  }

  async function syncNow(orgId: string, personId: string, since: string): Promise<number> {
    const now = clock.now();
    const { rules } = await settingsOf(orgId);
    const { calendar, orgTimeZone } = await calendarOf(orgId, personId);
    const { streak, activity, startKnown, storedThrough } = await streakOf(orgId, personId, calendar, now, since);
    const events = eventsOf(personId, activity, since);
    // A milestone whose streak start is not known for sure waits rather than risk a second award under another key.
    if (streak.current > 0 && streak.startedOn && startKnown) {
      events.push({ type: 'streak_reached', personId, at: now.toISOString(), days: streak.current, streakStartedOn: streak.startedOn });
    }

    let awarded = 0;
    for (const event of events) {
      for (const award of awardsFor(event, rules)) awarded += await record(orgId, personId, event.at, award, rules, calendar.timeZone, orgTimeZone);
    }
    if (storedThrough === undefined || streak.checkpoint.through > storedThrough) await repo.saveStreakCheckpoint(db, fromCheckpoint(orgId, personId, streak.checkpoint, now));
    await badges?.evaluate(orgId, personId, streak.longest);
    return awarded;
  }

  /** Writes one award (under the daily cap) with its totals, in one transaction; returns the points it added. */
  async function record(orgId: string, personId: string, at: string, award: Award, rules: PointRules, personZone: string, orgZone: string): Promise<number> {
    return db.transaction().execute(async (trx) => {
      let capped: Award | null = award;
      if (rules.dailyCap !== null) {
        const day = localDaySpan(at, personZone);
        const earned = await repo.sumEarnedBetween(trx, personId, day.start, day.end);
        capped = applyDailyCap([{ points: earned }], award, rules.dailyCap);
      }
      if (!capped) return 0;
      const inserted = await repo.insertEntryIfAbsent(trx, {
        id: newId(),
        org_id: orgId,
        person_id: personId,
        award_key: capped.key,
        points: capped.points,
        reason: capped.reason,
        source_kind: capped.source.kind,
        source_id: capped.source.id,
        season_week: seasonOf(at, 'weekly', orgZone).label,
        season_month: seasonOf(at, 'monthly', orgZone).label,
        created_at: at,
      });
      return inserted ? capped.points : 0;
    });
  }

  /** The season to show (the current one, the one before, or all time: null) and whether boards are on. */
  async function boardOf(orgId: string, which: 'current' | 'previous' | 'all') {
    const { seasonKind, leaderboardsEnabled } = await settingsOf(orgId);
    if (which === 'all') return { season: null, key: repo.ALL_TIME, leaderboardsEnabled };
    const zone = (await identity.getOrganisation(systemActor(orgId))).timeZone;
    const current = seasonOf(clock.now(), seasonKind, zone);
    const season = which === 'current' ? current : previousSeason(current, seasonKind, zone);
    return { season, key: season.label, leaderboardsEnabled };
  }

  const service = {
    /** A learner's points: balance, earned (all time and this season), streak, recent entries, their board choice. */
    async myPoints(actor: Actor): Promise<MyPoints> {
      const person = requirePerson(actor);
      const { rules, seasonKind } = await settingsOf(person.orgId);
      const { calendar, orgTimeZone } = await calendarOf(person.orgId, person.personId);
      const now = clock.now();
      const season = seasonOf(now, seasonKind, orgTimeZone);
      const [totals, balance, entries, visibility, { streak }] = await Promise.all([
        repo.totalsOf(db, person.orgId, person.personId, [repo.ALL_TIME, season.label]),
        repo.balanceOf(db, person.orgId, person.personId),
        repo.listEntries(db, person.orgId, person.personId, 20),
        repo.visibilityOf(db, person.personId),
        streakOf(person.orgId, person.personId, calendar, now),
      ]);
      return {
        balance,
        earned: { allTime: totals.get(repo.ALL_TIME) ?? 0, season: totals.get(season.label) ?? 0 },
        season: { ...season, kind: seasonKind },
        streak: { current: streak.current, longest: streak.longest, todayDone: streak.todayDone, todayIsWorkingDay: streak.todayIsWorkingDay, atRisk: streak.atRisk, freezesHeld: streak.freezesHeld, freezeAtStake: streak.freezeAtStake },
        recent: entries.map((e) => ({ reason: e.reason, points: Number(e.points), at: e.created_at, source: { kind: e.source_kind, id: e.source_id } })),
        leaderboardVisibility: visibility,
        rules,
      };
    },

    /** Whether the learner appears on leaderboards by name, anonymously, or not at all. */
    async setVisibility(actor: Actor, visibility: Visibility): Promise<void> {
      const person = requirePerson(actor);
      await repo.setVisibility(db, { person_id: person.personId, org_id: person.orgId, leaderboard_visibility: visibility, updated_at: clock.now().toISOString() });
    },

    /**
     * A board of individuals: the organisation's, or one team's (a member's own team; managers and admins any).
     * Hidden people are left out; anonymous people show without their name to everyone but themselves.
     * @throws NotFoundError for a team of another organisation; ForbiddenError for a team the viewer may not see.
     */
    async leaderboard(actor: Actor, query: LeaderboardQuery): Promise<Leaderboard> {
      const person = requirePerson(actor);
      const { orgId, personId } = person;
      let team: { id: string; name: string } | null = null;
      if (query.scope === 'team') {
        const mine = await repo.teamsOfPerson(db, orgId, personId);
        if (query.teamId) {
          const found = await repo.findTeam(db, orgId, query.teamId);
          if (!found) throw new NotFoundError('team', query.teamId);
          if (!mine.some((t) => t.id === found.id) && !hasRole(actor, 'admin')) requireRole(actor, ['manager']);
          team = found;
        } else team = mine[0] ? { id: mine[0].id, name: mine[0].name } : null;
      }
      const { season, key, leaderboardsEnabled } = await boardOf(orgId, query.season);
      const enabled = leaderboardsEnabled && (team === null || (await repo.isTeamBoardEnabled(db, team.id)));
      if (!enabled || (query.scope === 'team' && team === null)) return { scope: query.scope, team, season, enabled: enabled && team !== null, rows: [], viewer: null };
      const rows = await repo.topOfBoard(db, orgId, key, team?.id, query.limit);
      const ranked = rankIndividuals(
        rows.map((r) => ({ personId: r.person_id, points: Number(r.points), optedOut: false, anonymous: r.leaderboard_visibility === 'anonymous' })),
        personId,
      );
      const names = new Map(rows.map((r) => [r.person_id, r.display_name]));
      const own = (await repo.totalsOf(db, orgId, personId, [key])).get(key) ?? 0;
      const shown = (await repo.visibilityOf(db, personId)) !== 'hidden' && own > 0;
      return {
        scope: query.scope,
        team,
        season,
        enabled: true,
        rows: ranked.map((r) => ({ rank: r.rank, personId: r.personId, name: r.personId ? (names.get(r.personId) ?? null) : null, points: r.points, isViewer: r.isViewer, anonymous: r.anonymous })),
        viewer: shown ? { rank: (await repo.countAbove(db, orgId, key, team?.id, own)) + 1, points: own } : null,
      };
    },

    /** Team against team: each team's points per active member, so small teams compete with large ones (teams with points only). */
    async teamBoard(actor: Actor, which: 'current' | 'previous' | 'all'): Promise<TeamBoard> {
      const person = requirePerson(actor);
      const { season, key, leaderboardsEnabled } = await boardOf(person.orgId, which);
      if (!leaderboardsEnabled) return { season, enabled: false, rows: [] };
      // A team without points this season is not on the board (as a learner without points is not), so a new
      // season does not open with every team tied first at 0.
      const totals = (await repo.teamTotals(db, person.orgId, key)).filter((team) => Number(team.points) > 0);
      const names = new Map(totals.map((t) => [t.id, t.name]));
      const ranked = rankTeams(totals.map((t) => ({ teamId: t.id, points: Number(t.points), members: Number(t.members) })));
      return { season, enabled: true, rows: ranked.map((r) => ({ rank: r.rank, teamId: r.teamId, name: names.get(r.teamId) ?? '', points: r.points, members: r.members, score: r.score })) };
    },

    /** The organisation's point rules and leaderboard settings (admins). */
    async getSettings(actor: Actor): Promise<GamificationSettings> {
      requireRole(actor, ['admin']);
      return settingsOf(actor.orgId);
    },

    /**
     * Changes the rules (merged over the defaults; applies to what is earned from now on) and leaderboard settings.
     * @throws ValidationError when a rule is out of range.
     */
    async updateSettings(actor: Actor, patch: { rules?: unknown; seasonKind?: 'weekly' | 'monthly' | undefined; leaderboardsEnabled?: boolean | undefined }): Promise<GamificationSettings> {
      requireRole(actor, ['admin']);
      const current = await service.getSettings(actor);
      const parsed = patch.rules === undefined ? { success: true as const, data: current.rules } : PointRules.safeParse(patch.rules);
      if (!parsed.success) throw new ValidationError('These point rules are not valid.', { issues: parsed.error.issues.map((i) => ({ field: ['body', 'rules', ...i.path].join('.'), message: i.message })) });
      const next = { rules: parsed.data, seasonKind: patch.seasonKind ?? current.seasonKind, leaderboardsEnabled: patch.leaderboardsEnabled ?? current.leaderboardsEnabled };
      await repo.upsertSettings(db, { org_id: actor.orgId, rules: JSON.stringify(next.rules), season_kind: next.seasonKind, leaderboards_enabled: next.leaderboardsEnabled ? 1 : 0, updated_at: clock.now().toISOString() });
      return next;
    },

    /**
     * Turns a team's leaderboard on or off (its managers, or admins).
     * @throws NotFoundError for a team of another organisation; ForbiddenError for someone who does not manage it.
     */
    async setTeamLeaderboard(actor: Actor, teamId: string, enabled: boolean): Promise<{ teamId: string; enabled: boolean }> {
      const team = await repo.findTeam(db, actor.orgId, teamId);
      if (!team) throw new NotFoundError('team', teamId);
      if (!hasRole(actor, 'admin')) {
        const person = requirePerson(actor);
        const mine = await repo.teamsOfPerson(db, person.orgId, person.personId);
        if (!mine.some((t) => t.id === teamId && t.role === 'manager')) throw new ForbiddenError('Only this team’s managers and admins can change its leaderboard.');
      }
      await repo.setTeamBoard(db, { team_id: teamId, org_id: actor.orgId, leaderboard_enabled: enabled ? 1 : 0, updated_at: clock.now().toISOString() });
      return { teamId, enabled };
    },

    /**
     * Awards what a person's recorded learning since the last few minutes earns, in the background: the learner's
     * request does not wait for it. A failure is logged; the sweep makes the award later.
     */
    schedule(orgId: string, personId: string): void {
      inBackground(service.syncPerson(orgId, personId), 'points sync failed; the sweep will catch up', { personId });
    },

    /** After a person's status changed (or many people's, by an import: no `personId`), who leaderboards show. */
    refreshShown(orgId: string, personId?: string): void {
      inBackground(repo.refreshShown(db, orgId, personId), 'leaderboard refresh failed', { orgId });
    },

    /** Resolves when every background sync started so far has finished. */
    async settle(): Promise<void> {
      while (background.size > 0) await Promise.allSettled([...background]);
    },

    /**
     * Awards what a person's recorded learning since an instant earns (default: the last few minutes), once: an
     * award already in the ledger is skipped by its key. Calls for the same person run one after the other.
     * @returns the points added.
     */
    async syncPerson(orgId: string, personId: string, since?: string): Promise<number> {
      const from = since ?? new Date(clock.now().getTime() - OVERLAP_MS).toISOString();
      const key = `${orgId}:${personId}`;
      const previous = running.get(key) ?? Promise.resolve(0);
      const next = previous.catch(() => 0).then(() => syncNow(orgId, personId, from));
      running.set(key, next);
      try {
        return await next;
      } finally {
        if (running.get(key) === next) running.delete(key);
      }
    },

    /**
     * Catches up on everything recorded since the sweep's cursor (less the overlap), for every organisation, and
     * moves the cursor. The first sweep of a database reads everything.
     * @returns how many people were synced.
     */
    async sweep(): Promise<number> {
      const startedAt = clock.now();
      const cursor = await repo.sweepCursor(db, 'points');
      const since = cursor ? new Date(Date.parse(cursor) - OVERLAP_MS).toISOString() : '0000';
      const people = await learning.peopleActiveSince(since);
      for (const { orgId, personId } of people) await service.syncPerson(orgId, personId, since);
      await repo.setSweepCursor(db, 'points', startedAt.toISOString());
      return people.length;
    },
  };
  return service;
}

/** Points upkeep in this process: a sweep at start and every `intervalMs`. Returns a function that stops it. */
export function startGamificationJobs(gamification: Pick<GamificationService, 'sweep'>, logger: Pick<Logger, 'warn' | 'info'>, intervalMs = 60_000): () => void {
  return startPeriodic(() => gamification.sweep(), { intervalMs, firstDelayMs: 3_000, logger, failure: 'points sweep failed' });
}

export type GamificationService = ReturnType<typeof createGamificationService>;
