import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { certificationStatus, currentAward, expiryOf, meetsPassMark } from '../../../core/certification.ts';
import { meanScore } from '../../../core/course-checks.ts';
import { toCsv } from '../../../core/csv.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';
import { type Actor, type IdentityService, listPersonNames, requireRole, systemActor } from '../identity/index.ts';
import * as certRepo from './certification.repository.ts';
import type { Certification, CertificationCreate, CertificationPatch, Compliance, ComplianceQuery, ComplianceRow } from './certification.schemas.ts';
import type { ChecksService } from './checks.service.ts';
import * as repo from './learning.repository.ts';
import { teamsByPerson, visibleTeams } from './team-scope.ts';

export interface CertificationDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: EventBus;
  content: ContentService;
  identity: IdentityService;
  /** Post-check scores (set after the checks service is built: each needs the other). */
  checks: () => ChecksService;
  onError?: (error: unknown, context: string) => void;
}

type CourseVersion = ContentSchemas.CourseVersion;

const DAY_MS = 86_400_000;

/** Rows grouped by a key, in their order. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}
/** How far back the sweep looks for completions whose award a crash may have lost (it runs hourly and at start). */
const CATCH_UP_DAYS = 7;

const toCertification = (row: certRepo.CertificationRow): Certification => ({
  id: row.id,
  title: row.title,
  description: row.description,
  scope: row.scope,
  courseId: row.course_id,
  objectiveIds: JSON.parse(row.objective_ids) as string[],
  passMark: Number(row.pass_mark),
  validity: { amount: row.validity_amount, unit: row.validity_unit },
  dueSoonDays: row.due_soon_days,
  autoRecertify: row.auto_recertify === 1,
  recertifyWithinDays: row.recertify_within_days,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Certifications: a pass mark and a validity over a course or a set of objectives; awards when earned; the
 * compliance view (earned, due soon, lapsed, not earned, per team, CSV); and the recertification sweep.
 *
 * Earning, precisely:
 * - course: the person's enrolment in the course has every lesson complete in its current cycle, and the score
 *   reaches the pass mark. The score is the post check's (mean of its answers, 0–100) when the course version has
 *   checks, otherwise the mean of the first answers (mode `lesson`) to every question of the course in the cycle;
 *   a course without questions scores 100 on completion.
 * - objectives: every objective of the set is served by at least one lesson the person completed (current cycles
 *   of their enrolments), and the mean of the first answers to the questions of the completed lessons serving the
 *   set reaches the pass mark.
 * - No new award while the person holds one that has not expired; the same evidence (enrolment and cycle) never
 *   awards twice. The award expires `validity` after it was earned (UTC, calendar months).
 */
export function createCertificationService({ db, clock, events, content, identity, checks, onError }: CertificationDeps) {
  const versions = new Map<string, CourseVersion | undefined>();
  async function versionOf(orgId: string, courseId: string, version: number | 'latest'): Promise<CourseVersion | undefined> {
    if (version === 'latest') return content.findCourseVersion(orgId, courseId, 'latest');
    const key = `${orgId}/${courseId}/${version}`;
    if (!versions.has(key)) {
      if (versions.size >= 500) versions.delete(versions.keys().next().value as string);
      versions.set(key, await content.findCourseVersion(orgId, courseId, version));
    }
    return versions.get(key);
  }
  const lessonsOf = (version: CourseVersion) => version.modules.flatMap((m) => m.lessons);
  const questionIdsOf = (lesson: CourseVersion['modules'][number]['lessons'][number]) => lesson.blocks.filter((b) => b.type === 'question').map((b) => b.id);

  async function getRow(orgId: string, id: string) {
    const row = await certRepo.findCertificationRow(db, orgId, id);
    if (!row) throw new NotFoundError('certification', id);
    return row;
  }

  async function validateTarget(actor: Actor, input: { scope: 'course' | 'objectives'; courseId?: string | null | undefined; objectiveIds?: string[] | undefined }) {
    if (input.scope === 'course') {
      if (!input.courseId) throw new ValidationError('A course certification needs a course.', { field: 'courseId' });
      await content.getCourse(actor, input.courseId).catch(() => {
        throw new ValidationError('No such course in this organisation.', { field: 'courseId' });
      });
    } else {
      if (!input.objectiveIds || input.objectiveIds.length === 0) throw new ValidationError('An objectives certification needs at least one objective.', { field: 'objectiveIds' });
      for (const id of input.objectiveIds) {
        await content.getObjective(actor, id).catch(() => {
          throw new ValidationError(`No objective ${id} in this organisation.`, { field: 'objectiveIds' });
        });
      }
    }
  }

  /** The score (0–100) and evidence with which the person has earned the certification now, or undefined. */
  async function evidenceOf(cert: certRepo.CertificationRow, orgId: string, personId: string): Promise<{ score: number; evidence: string } | undefined> {
    const enrolments = await repo.listEnrolmentsOfPerson(db, orgId, personId);
    if (cert.scope === 'course') {
      const enrolment = enrolments.find((e) => e.course_id === cert.course_id);
      if (!enrolment?.completed_at) return undefined;
      const post = await checks().postScoreOf(enrolment);
      if (post === null) return undefined; // The course has checks: the post check decides.
      let score = post;
      if (score === undefined) {
        const scores = (await repo.listCourseAttempts(db, orgId, personId, enrolment.course_id, repo.cycleStartOf(enrolment))).map((a) => Number(a.score));
        score = meanScore(scores) ?? 100;
      }
      return { score, evidence: `enrolment:${enrolment.id}:${enrolment.cycle}` };
    }
    const wanted = new Set(JSON.parse(cert.objective_ids) as string[]);
    const covered = new Set<string>();
    const scores: number[] = [];
    const evidence: string[] = [];
    for (const enrolment of enrolments) {
      const version = await versionOf(orgId, enrolment.course_id, enrolment.course_version);
      if (!version) continue;
      const serving = lessonsOf(version).filter((l) => l.objectiveId && wanted.has(l.objectiveId));
      if (serving.length === 0) continue;
      const done = new Set((await repo.listProgress(db, enrolment.id)).filter((p) => p.completed_at).map((p) => p.lesson_id));
      const completed = serving.filter((l) => done.has(l.lessonId));
      if (completed.length === 0) continue;
      const attempts = await repo.listCourseAttempts(db, orgId, personId, enrolment.course_id, repo.cycleStartOf(enrolment));
      for (const lesson of completed) {
        covered.add(lesson.objectiveId as string);
        const questionIds = new Set(questionIdsOf(lesson));
        scores.push(...attempts.filter((a) => a.lesson_id === lesson.lessonId && questionIds.has(a.question_id)).map((a) => Number(a.score)));
      }
      evidence.push(`enrolment:${enrolment.id}:${enrolment.cycle}`);
    }
    if ([...wanted].some((id) => !covered.has(id))) return undefined;
    return { score: meanScore(scores) ?? 100, evidence: evidence.sort().join(' ') };
  }

  /** Awards the certification when the person has earned it; returns whether an award was made. */
  async function evaluate(cert: certRepo.CertificationRow, orgId: string, personId: string): Promise<boolean> {
    if (cert.status !== 'active') return false;
    const now = clock.now();
    const awards = await certRepo.listAwards(db, orgId, cert.id, personId);
    const current = currentAward(awards.map((a) => ({ earnedAt: a.earned_at, expiresAt: a.expires_at })));
    if (current && Date.parse(current.expiresAt) > now.getTime()) return false;
    const earned = await evidenceOf(cert, orgId, personId);
    if (!earned || !meetsPassMark(earned.score, Number(cert.pass_mark))) return false;
    const at = now.toISOString();
    const awarded = await certRepo.insertAwardIfAbsent(db, {
      id: newId(),
      org_id: orgId,
      certification_id: cert.id,
      person_id: personId,
      score: earned.score,
      evidence: earned.evidence,
      earned_at: at,
      expires_at: expiryOf(at, { amount: cert.validity_amount, unit: cert.validity_unit }),
    });
    if (awarded) await events.publish({ type: 'learning.certification_earned', orgId, personId, certificationId: cert.id, at });
    return awarded;
  }

  /** The courses a certification concerns: its course, or every enrolled course version serving its objectives. */
  async function coursesOf(cert: certRepo.CertificationRow, orgId: string): Promise<string[]> {
    if (cert.scope === 'course') return cert.course_id ? [cert.course_id] : [];
    const wanted = new Set(JSON.parse(cert.objective_ids) as string[]);
    const courses = new Set<string>();
    for (const { course_id, course_version } of await certRepo.listEnrolledVersions(db, orgId)) {
      if (courses.has(course_id)) continue;
      const version = await versionOf(orgId, course_id, course_version);
      if (version && lessonsOf(version).some((l) => l.objectiveId && wanted.has(l.objectiveId))) courses.add(course_id);
    }
    return [...courses];
  }

  /**
   * Evaluates every active certification of the organisation concerning a course (or the given ones), for one
   * person; returns how many awards it made.
   */
  async function evaluatePerson(orgId: string, personId: string, courseId: string, certs?: readonly certRepo.CertificationRow[]): Promise<number> {
    let made = 0;
    for (const cert of certs ?? (await certRepo.listCertificationRows(db, orgId, { activeOnly: true }))) {
      if (cert.scope === 'course' && cert.course_id !== courseId) continue;
      if (await evaluate(cert, orgId, personId)) made += 1;
    }
    return made;
  }

  /** Evaluates a certification for everyone it concerns (after it is created or changed). */
  async function evaluateEveryone(cert: certRepo.CertificationRow): Promise<void> {
    const people = new Set((await certRepo.listEnrolmentsOfCourses(db, cert.org_id, await coursesOf(cert, cert.org_id))).map((e) => e.person_id));
    for (const personId of people) await evaluate(cert, cert.org_id, personId);
  }

  /**
   * Evaluates everyone who completed a lesson or a post check since `since`. Awards are otherwise made after the
   * completion's transaction commits; a crash between the two would lose the award, and this finds it again (an
   * award is idempotent by its evidence, so evaluating twice awards once).
   * @returns how many awards it made.
   */
  async function catchUpAwards(since: string): Promise<number> {
    let made = 0;
    const certsOf = new Map<string, certRepo.CertificationRow[]>();
    for (const { org_id: orgId, person_id: personId, course_id: courseId } of await certRepo.listRecentCompletions(db, since)) {
      if (!certsOf.has(orgId)) certsOf.set(orgId, await certRepo.listCertificationRows(db, orgId, { activeOnly: true }));
      made += await evaluatePerson(orgId, personId, courseId, certsOf.get(orgId));
    }
    return made;
  }

  for (const type of ['learning.lesson_completed', 'learning.check_finished'] as const) {
    events.subscribe(type, async (event) => {
      if (event.type === 'learning.check_finished' && event.phase !== 'post') return;
      try {
        await evaluatePerson(event.orgId, event.personId, event.courseId);
      } catch (error) {
        onError?.(error, 'certification evaluation');
      }
    });
  }

  async function complianceRows(actor: Actor, query: ComplianceQuery): Promise<Compliance> {
    const scope = await visibleTeams(identity, actor, ['manager']);
    const now = clock.now();
    if (query.teamId && !scope.teams.some((t) => t.id === query.teamId)) throw new NotFoundError('team', query.teamId);
    const certs = query.certificationId ? [await getRow(actor.orgId, query.certificationId)] : await certRepo.listCertificationRows(db, actor.orgId, { activeOnly: true });
    const teamsOf = teamsByPerson(scope.teams);
    const teamMembers = query.teamId ? new Set(scope.teams.find((t) => t.id === query.teamId)?.memberIds ?? []) : undefined;
    const items: ComplianceRow[] = [];
    // Everything is read per certification in a few queries and grouped here: no query per person.
    const people = new Map<string, { display_name: string; email: string; status: string }>();
    for (const cert of certs) {
      const awardsOf = groupBy(await certRepo.listAwards(db, actor.orgId, cert.id), (a) => a.person_id);
      const recertsOf = groupBy(await certRepo.listRecertifications(db, actor.orgId, cert.id), (r) => r.award_id);
      const concerned = [...new Set([...(await certRepo.listEnrolmentsOfCourses(db, actor.orgId, await coursesOf(cert, actor.orgId))).map((e) => e.person_id), ...awardsOf.keys()])].filter(
        (personId) => (!scope.personIds || scope.personIds.has(personId)) && (!teamMembers || teamMembers.has(personId)),
      );
      for (const row of await listPersonNames(db, actor.orgId, concerned.filter((id) => !people.has(id)))) people.set(row.id, row);
      for (const personId of concerned) {
        const person = people.get(personId);
        if (!person || person.status !== 'active') continue;
        if (query.q && !`${person.display_name} ${person.email}`.toLowerCase().includes(query.q.toLowerCase())) continue;
        const mine = awardsOf.get(personId) ?? [];
        const status = certificationStatus(mine.map((a) => ({ earnedAt: a.earned_at, expiresAt: a.expires_at })), now, cert.due_soon_days);
        if (query.status && status.status !== query.status) continue;
        const current = currentAward(mine.map((a) => ({ ...a, earnedAt: a.earned_at, expiresAt: a.expires_at })));
        const recert = current ? recertsOf.get(current.id)?.at(-1) : undefined;
        items.push({
          certificationId: cert.id,
          certificationTitle: cert.title,
          personId,
          displayName: person.display_name,
          email: person.email,
          teams: teamsOf.get(personId) ?? [],
          status: status.status,
          score: current ? Number(current.score) : null,
          earnedAt: current?.earned_at ?? null,
          expiresAt: status.expiresAt,
          daysLeft: status.daysLeft,
          recertificationDueAt: recert?.due_at ?? null,
        });
      }
    }
    items.sort((a, b) => a.certificationTitle.localeCompare(b.certificationTitle) || a.displayName.localeCompare(b.displayName) || a.personId.localeCompare(b.personId));
    const counts = { earned: 0, due_soon: 0, lapsed: 0, not_earned: 0 };
    for (const item of items) counts[item.status] += 1;
    return { items, counts, teams: scope.teams.map((t) => ({ id: t.id, name: t.name })) };
  }

  return {
    /** Certifications of the organisation (authors, managers and admins). */
    async list(actor: Actor): Promise<Certification[]> {
      requireRole(actor, ['author', 'manager']);
      return (await certRepo.listCertificationRows(db, actor.orgId)).map(toCertification);
    },

    /** Every certification's title by id, archived ones too (a system read: badge rules name certifications). */
    async titlesOf(orgId: string): Promise<Map<string, string>> {
      return new Map((await certRepo.listCertificationRows(db, orgId)).map((row) => [row.id, row.title]));
    },

    /** @throws NotFoundError when not in the organisation. */
    async get(actor: Actor, id: string): Promise<Certification> {
      requireRole(actor, ['author', 'manager']);
      return toCertification(await getRow(actor.orgId, id));
    },

    /**
     * Creates a certification (authors and admins) and awards it to everyone who has already earned it.
     * @throws ValidationError when the course or an objective is not in the organisation.
     */
    async create(actor: Actor, input: CertificationCreate): Promise<Certification> {
      requireRole(actor, ['author']);
      await validateTarget(actor, input);
      const at = clock.now().toISOString();
      const id = newId();
      await certRepo.insertCertification(db, {
        id,
        org_id: actor.orgId,
        title: input.title,
        description: input.description ?? '',
        scope: input.scope,
        course_id: input.scope === 'course' ? (input.courseId ?? null) : null,
        objective_ids: JSON.stringify(input.scope === 'objectives' ? [...new Set(input.objectiveIds ?? [])] : []),
        pass_mark: input.passMark,
        validity_amount: input.validity.amount,
        validity_unit: input.validity.unit,
        due_soon_days: input.dueSoonDays ?? 30,
        auto_recertify: input.autoRecertify ? 1 : 0,
        recertify_within_days: input.recertifyWithinDays ?? 30,
        status: 'active',
        created_by: actor.kind === 'person' ? actor.personId : null,
        created_at: at,
        updated_at: at,
      });
      const row = await getRow(actor.orgId, id);
      await evaluateEveryone(row);
      return toCertification(row);
    },

    /**
     * Changes a certification. Awards already made keep their expiry; new ones use the new rules.
     * @throws NotFoundError, ValidationError.
     */
    async update(actor: Actor, id: string, patch: CertificationPatch): Promise<Certification> {
      requireRole(actor, ['author']);
      const before = toCertification(await getRow(actor.orgId, id));
      const merged = { ...before, ...patch };
      if (patch.scope !== undefined || patch.courseId !== undefined || patch.objectiveIds !== undefined) await validateTarget(actor, merged);
      await certRepo.updateCertification(db, actor.orgId, id, {
        title: merged.title,
        description: merged.description,
        scope: merged.scope,
        course_id: merged.scope === 'course' ? merged.courseId : null,
        objective_ids: JSON.stringify(merged.scope === 'objectives' ? [...new Set(merged.objectiveIds)] : []),
        pass_mark: merged.passMark,
        validity_amount: merged.validity.amount,
        validity_unit: merged.validity.unit,
        due_soon_days: merged.dueSoonDays,
        auto_recertify: merged.autoRecertify ? 1 : 0,
        recertify_within_days: merged.recertifyWithinDays,
        status: merged.status,
        updated_at: clock.now().toISOString(),
      });
      const row = await getRow(actor.orgId, id);
      await evaluateEveryone(row);
      return toCertification(row);
    },

    /**
     * Who is certified, due soon, lapsed or not yet certified: managers see the members of their teams, admins
     * everyone concerned (people enrolled in a course the certification counts, and everyone awarded it).
     */
    compliance: complianceRows,

    /** The compliance view as CSV (formula-safe cells, RFC 4180). */
    async complianceCsv(actor: Actor, query: ComplianceQuery): Promise<string> {
      const { items } = await complianceRows(actor, query);
      return toCsv(
        ['certification', 'name', 'email', 'teams', 'status', 'score', 'earned_at', 'expires_at', 'days_left', 'recertification_due_at'],
        items.map((r) => [r.certificationTitle, r.displayName, r.email, r.teams.map((t) => t.name).join('; '), r.status, r.score, r.earnedAt, r.expiresAt, r.daysLeft, r.recertificationDueAt]),
      );
    },

    /**
     * The recertification sweep (a background job; tests call it with a fake clock). First it catches up on awards
     * a crash may have lost (completions of the last CATCH_UP_DAYS days, evaluated again). Then, for every active certification
     * with automatic recertification and every person whose latest award has lapsed, restarts the person's
     * enrolment in each course of the certification: source `recertification`, the course's latest version, due
     * `recertifyWithinDays` after now, a new cycle. Idempotent: one recertification per lapse and course, ever.
     */
    async sweep(): Promise<{ awardsCaughtUp: number; lapsedFound: number; recertificationsStarted: number }> {
      const now = clock.now();
      const at = now.toISOString();
      const awardsCaughtUp = await catchUpAwards(new Date(now.getTime() - CATCH_UP_DAYS * DAY_MS).toISOString());
      let lapsedFound = 0;
      let recertificationsStarted = 0;
      for (const cert of await certRepo.listAutoRecertifyingCertifications(db)) {
        const orgId = cert.org_id;
        for (const [personId, mine] of groupBy(await certRepo.listAwards(db, orgId, cert.id), (a) => a.person_id)) {
          const latest = currentAward(mine.map((a) => ({ ...a, earnedAt: a.earned_at, expiresAt: a.expires_at })));
          if (!latest || Date.parse(latest.expires_at) > now.getTime()) continue;
          lapsedFound += 1;
          const enrolments = await repo.listEnrolmentsOfPerson(db, orgId, personId);
          const courses = cert.scope === 'course' ? [cert.course_id as string] : (latest.evidence.match(/enrolment:([^:]+):/g) ?? []).map((e) => enrolments.find((x) => `enrolment:${x.id}:` === e)?.course_id).filter((c): c is string => Boolean(c));
          for (const courseId of courses) {
            const dueAt = DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days: cert.recertify_within_days }).toISO() as string;
            const latestVersion = await versionOf(orgId, courseId, 'latest');
            await db.transaction().execute(async (trx) => {
              const enrolment = await repo.findEnrolment(trx, orgId, personId, courseId);
              if (!enrolment && !latestVersion) return;
              const enrolmentId = enrolment?.id ?? newId();
              const isNew = await certRepo.insertRecertificationIfAbsent(trx, { id: newId(), org_id: orgId, certification_id: cert.id, person_id: personId, award_id: latest.id, enrolment_id: enrolmentId, course_id: courseId, due_at: dueAt, created_at: at });
              if (!isNew) return;
              if (enrolment) await certRepo.restartEnrolment(trx, enrolment, { course_version: latestVersion?.version ?? enrolment.course_version, due_at: dueAt }, at);
              else {
                await repo.insertEnrolmentIfAbsent(trx, { id: enrolmentId, org_id: orgId, person_id: personId, course_id: courseId, course_version: (latestVersion as CourseVersion).version, source: 'recertification', assigned_by: null, due_at: dueAt, created_at: at, completed_at: null, cycle_started_at: at });
              }
              recertificationsStarted += 1;
            });
          }
        }
      }
      return { awardsCaughtUp, lapsedFound, recertificationsStarted };
    },

    /** For the CLI and jobs: the system actor of an organisation. */
    systemActor,
  };
}

export type CertificationService = ReturnType<typeof createCertificationService>;
