import type { Kysely } from 'kysely';
import { DEFAULT_DURATION_SETTINGS } from '../../../core/lessons/duration.ts';
import { presentQuestionToLearner } from '../../../core/lessons/grading.ts';
import type { Block } from '../../../core/lessons/lesson-model.ts';
import { lintLesson, type LintResult, type MediaFacts, mediaIdsOf } from '../../../core/lessons/linter.ts';
import { applyVariables, findVariables } from '../../../core/lessons/variables.ts';
import type { Database, Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type Actor, hasRole, type IdentityService, requireRole } from '../identity/index.ts';
import type {
  Course,
  CourseCreate,
  CoursePatch,
  CourseVersion,
  Lesson,
  LessonCreate,
  LessonPatch,
  LessonSummary,
  LintReport,
  Objective,
  ObjectiveCreate,
  ObjectivePatch,
} from './content.schemas.ts';
import * as repo from './content.repository.ts';
import { renderMarkdown } from './markdown.ts';

/** Looks up the facts the linter needs about media files (length, captions). The media module provides it. */
export type MediaFactsLookup = (orgId: string, ids: string[]) => Promise<Map<string, MediaFacts>>;

export interface ContentDeps {
  db: Kysely<Database>;
  clock: Clock;
  identity: IdentityService;
  mediaFacts: MediaFactsLookup;
  /** Called after a lesson's change commits (search reindexes it). */
  onLessonChanged?: (orgId: string, lessonId: string) => void;
}

type CourseFinding = Course['findings'][number];

/** Objectives, lessons (with revisions, linting and publishing), courses (with immutable versions), pilots. */
export function createContentService({ db, clock, identity, mediaFacts, onLessonChanged = () => {} }: ContentDeps) {
  const now = () => clock.now().toISOString();
  const authorOf = (actor: Actor) => (actor.kind === 'person' ? actor.personId : null);
  const requireAuthor = (actor: Actor) => requireRole(actor, ['author'], 'content:read');
  const requireAuthorWrite = (actor: Actor) => requireRole(actor, ['author']);

  async function lint(orgId: string, content: repo.LessonContentRow): Promise<LintResult> {
    const ids = [...new Set(content.blocks.flatMap(mediaIdsOf))];
    const [facts, org] = await Promise.all([mediaFacts(orgId, ids), identity.getOrganisation({ kind: 'system', orgId })]);
    return lintLesson({ ...content }, facts, { ...DEFAULT_DURATION_SETTINGS, wordsPerMinute: org.readingWordsPerMinute });
  }

  function toLintReport(result: LintResult): LintReport {
    return { findings: result.findings, publishable: result.publishable, estimatedSeconds: result.duration.seconds, blocks: result.duration.blocks };
  }

  async function presentLesson(row: repo.LessonRow): Promise<Lesson> {
    const content = repo.lessonContentOf(row);
    return { ...repo.toLessonSummary(row), blocks: content.blocks, variables: content.variables, lint: toLintReport(await lint(row.org_id, content)), createdAt: row.created_at };
  }

  const toContentRow = (input: LessonCreate): repo.LessonContentRow => ({ title: input.title, coreQuestion: input.coreQuestion, objectiveId: input.objectiveId, tags: input.tags, blocks: input.blocks, variables: input.variables });

  /** A new draft lesson at revision 1, with its first revision record. */
  async function insertNewLesson(trx: Db, orgId: string, id: string, input: LessonCreate, estimatedSeconds: number, createdBy: string | null, at: string) {
    const content = toContentRow(input);
    await repo.insertLesson(trx, {
      id,
      org_id: orgId,
      ...repo.lessonContentColumns(content),
      status: 'draft',
      revision: 1,
      published_revision: null,
      estimated_seconds: estimatedSeconds,
      created_by: createdBy,
      updated_by: createdBy,
      created_at: at,
      updated_at: at,
    });
    await repo.insertLessonRevision(trx, { id: newId(), org_id: orgId, lesson_id: id, revision: 1, action: 'created', changed_fields: JSON.stringify(Object.keys(input)), snapshot: JSON.stringify(content), changed_by: createdBy, created_at: at });
  }

  async function insertNewCourse(trx: Db, orgId: string, id: string, input: CourseCreate, createdBy: string | null, at: string) {
    await repo.insertCourse(trx, {
      id,
      org_id: orgId,
      title: input.title,
      description: input.description,
      objective_ids: JSON.stringify(input.objectiveIds),
      modules: JSON.stringify(input.modules),
      prerequisite_ids: JSON.stringify(input.prerequisiteIds),
      variable_values: JSON.stringify(input.variableValues),
      status: 'draft',
      latest_version: null,
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    });
  }

  async function assertObjective(trx: Db, orgId: string, objectiveId: string | null | undefined) {
    if (objectiveId) await repo.getObjectiveRow(trx, orgId, objectiveId).catch(() => {
      throw new ValidationError('That objective does not exist in this organisation.', { field: 'objectiveId' });
    });
  }

  /** May the actor read this draft course? Authors always; pilot learners for courses shared with them. */
  async function canPilot(actor: Actor, courseId: string): Promise<boolean> {
    return actor.kind === 'person' && (await repo.listPilotedCourseIds(db, actor.orgId, actor.personId)).includes(courseId);
  }

  async function describeCourse(row: repo.CourseRow): Promise<Course> {
    const modules = JSON.parse(row.modules) as { id: string; title: string; lessonIds: string[] }[];
    const lessonIds = [...new Set(modules.flatMap((m) => m.lessonIds))];
    const lessons = new Map((await repo.listLessonRows(db, row.org_id, { ids: lessonIds })).map((l) => [l.id, l]));
    const values = JSON.parse(row.variable_values) as Record<string, string>;
    const findings: CourseFinding[] = [];
    const variablesUsed = new Set<string>();
    let estimatedSeconds = 0;
    if (lessonIds.length === 0) findings.push({ rule: 'empty_course', severity: 'error', message: 'Add at least one lesson to the course.' });
    for (const lessonId of lessonIds) {
      const lesson = lessons.get(lessonId);
      if (!lesson) {
        findings.push({ rule: 'missing_lesson', severity: 'error', message: 'A lesson of this course no longer exists; remove it from the module.', lessonId });
        continue;
      }
      estimatedSeconds += Number(lesson.estimated_seconds);
      if (lesson.published_revision === null) {
        findings.push({ rule: 'lesson_unpublished', severity: 'error', message: `“${lesson.title}” is not published yet: publish it first.`, lessonId });
        continue;
      }
      if (lesson.status !== 'published') {
        findings.push({ rule: 'lesson_has_unpublished_changes', severity: 'warning', message: `“${lesson.title}” has changes that are not published; the course uses its last published revision.`, lessonId });
      }
      const snapshot = await repo.getPublishedSnapshot(db, row.org_id, lessonId, lesson.published_revision);
      const defaults = Object.fromEntries(snapshot.variables.flatMap((v) => (v.defaultValue === undefined ? [] : [[v.name, v.defaultValue]])));
      for (const name of findVariables(snapshot.blocks, [snapshot.title, snapshot.coreQuestion])) {
        variablesUsed.add(name);
        if (values[name] === undefined && defaults[name] === undefined) {
          findings.push({ rule: 'missing_variable', severity: 'error', message: `“${lesson.title}” uses {{${name}}}: give it a value for this course.`, lessonId });
        }
      }
    }
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      objectiveIds: JSON.parse(row.objective_ids) as string[],
      modules: modules.map((m) => ({ ...m, lessons: m.lessonIds.flatMap((id) => (lessons.has(id) ? [repo.toLessonSummary(lessons.get(id)!)] : [])) })),
      prerequisiteIds: JSON.parse(row.prerequisite_ids) as string[],
      variableValues: values,
      variablesUsed: [...variablesUsed],
      status: row.status,
      latestVersion: row.latest_version,
      estimatedSeconds: Math.round(estimatedSeconds),
      findings,
      pilotIds: await repo.listPilotIds(db, row.org_id, row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async function assertCourseRefs(trx: Db, orgId: string, input: { modules?: { lessonIds: string[] }[] | undefined; objectiveIds?: string[] | undefined; prerequisiteIds?: string[] | undefined }, selfId?: string) {
    const lessonIds = [...new Set((input.modules ?? []).flatMap((m) => m.lessonIds))];
    if (lessonIds.length > 0) {
      const found = new Set((await repo.listLessonRows(trx, orgId, { ids: lessonIds })).map((l) => l.id));
      const missing = lessonIds.filter((id) => !found.has(id));
      if (missing.length > 0) throw new ValidationError(`These lessons do not exist in this organisation: ${missing.join(', ')}.`, { field: 'modules' });
    }
    for (const objectiveId of input.objectiveIds ?? []) await assertObjective(trx, orgId, objectiveId);
    for (const courseId of input.prerequisiteIds ?? []) {
      if (courseId === selfId) throw new ValidationError('A course cannot be its own prerequisite.', { field: 'prerequisiteIds' });
      await repo.getCourseRow(trx, orgId, courseId).catch(() => {
        throw new ValidationError(`The prerequisite course ${courseId} does not exist.`, { field: 'prerequisiteIds' });
      });
    }
  }

  return {
    // ------------------------------------------------------------ objectives

    async listObjectives(actor: Actor): Promise<Objective[]> {
      requireAuthor(actor);
      const [rows, counts] = await Promise.all([repo.listObjectiveRows(db, actor.orgId), repo.countLessonsByObjective(db, actor.orgId)]);
      return rows.map((row) => repo.toObjective(row, counts.get(row.id) ?? 0));
    },

    async getObjective(actor: Actor, id: string): Promise<Objective> {
      requireAuthor(actor);
      const counts = await repo.countLessonsByObjective(db, actor.orgId);
      return repo.toObjective(await repo.getObjectiveRow(db, actor.orgId, id), counts.get(id) ?? 0);
    },

    async createObjective(actor: Actor, input: ObjectiveCreate): Promise<Objective> {
      requireAuthorWrite(actor);
      const id = newId();
      const at = now();
      await repo.insertObjective(db, {
        id,
        org_id: actor.orgId,
        title: input.title,
        performance: input.performance,
        why_it_matters: input.whyItMatters,
        challenge: input.challenge,
        desired_retention: input.desiredRetention,
        target_proficiency: input.targetProficiency,
        created_by: authorOf(actor),
        created_at: at,
        updated_at: at,
      });
      return repo.toObjective(await repo.getObjectiveRow(db, actor.orgId, id), 0);
    },

    async updateObjective(actor: Actor, id: string, patch: ObjectivePatch): Promise<Objective> {
      requireAuthorWrite(actor);
      await repo.getObjectiveRow(db, actor.orgId, id);
      await repo.updateObjectiveRow(db, actor.orgId, id, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.performance !== undefined && { performance: patch.performance }),
        ...(patch.whyItMatters !== undefined && { why_it_matters: patch.whyItMatters }),
        ...(patch.challenge !== undefined && { challenge: patch.challenge }),
        ...(patch.desiredRetention !== undefined && { desired_retention: patch.desiredRetention }),
        ...(patch.targetProficiency !== undefined && { target_proficiency: patch.targetProficiency }),
        updated_at: now(),
      });
      // Its lessons are found by its title too (search indexes it with each lesson).
      if (patch.title !== undefined) for (const lessonId of await repo.listLessonIdsOfObjective(db, actor.orgId, id)) onLessonChanged(actor.orgId, lessonId);
      return this.getObjective(actor, id);
    },

    /** @throws AppError objective_in_use while lessons serve it. */
    async deleteObjective(actor: Actor, id: string): Promise<void> {
      requireAuthorWrite(actor);
      await repo.getObjectiveRow(db, actor.orgId, id);
      const count = (await repo.countLessonsByObjective(db, actor.orgId)).get(id) ?? 0;
      if (count > 0) throw new AppError('objective_in_use', `${count} lesson(s) serve this objective; move them to another objective first.`);
      await repo.deleteObjectiveRow(db, actor.orgId, id);
    },

    // ------------------------------------------------------------ lessons

    async listLessons(actor: Actor, filter: { q?: string | undefined; status?: string | undefined; objectiveId?: string | undefined }): Promise<LessonSummary[]> {
      requireAuthor(actor);
      return (await repo.listLessonRows(db, actor.orgId, filter)).map(repo.toLessonSummary);
    },

    /** A lesson with its blocks and lint report. Pilot learners may read the lessons of courses shared with them. */
    async getLesson(actor: Actor, id: string): Promise<Lesson> {
      if (!hasRole(actor, 'author')) {
        const piloted = actor.kind === 'person' ? await repo.listPilotedCourseIds(db, actor.orgId, actor.personId) : [];
        const courses = await repo.listCourseIdsUsingLesson(db, actor.orgId, id);
        if (!courses.some((c) => piloted.includes(c))) requireAuthor(actor);
      }
      onLessonChanged(actor.orgId, id);
      return presentLesson(await repo.getLessonRow(db, actor.orgId, id));
    },

    async createLesson(actor: Actor, input: LessonCreate): Promise<Lesson> {
      requireAuthorWrite(actor);
      const id = newId();
      const at = now();
      const estimate = await lint(actor.orgId, toContentRow(input));
      await db.transaction().execute(async (trx) => {
        await assertObjective(trx, actor.orgId, input.objectiveId);
        await insertNewLesson(trx, actor.orgId, id, input, estimate.duration.seconds, authorOf(actor), at);
      });
      onLessonChanged(actor.orgId, id);
      return presentLesson(await repo.getLessonRow(db, actor.orgId, id));
    },

    /**
     * Creates draft lessons and a draft course of them in one transaction (the import's accept), with the ids the
     * caller chose; `alsoInTransaction` runs in that same transaction, so the caller's own record of it commits or
     * rolls back with the drafts. `createdBy` names the person the drafts are credited to when the actor is the
     * system (a background job acting for them).
     * @throws ValidationError when the objective is not in the organisation.
     */
    async createDraftCourseWithLessons(
      actor: Actor,
      input: { lessons: (LessonCreate & { id: string })[]; course: CourseCreate & { id: string }; createdBy?: string | null },
      alsoInTransaction: (trx: Db) => Promise<void>,
    ): Promise<Course> {
      requireAuthorWrite(actor);
      const at = now();
      const createdBy = authorOf(actor) ?? input.createdBy ?? null;
      const estimates = await Promise.all(input.lessons.map(async (lesson) => (await lint(actor.orgId, toContentRow(lesson))).duration.seconds));
      await db.transaction().execute(async (trx) => {
        for (const objectiveId of new Set(input.lessons.map((l) => l.objectiveId))) await assertObjective(trx, actor.orgId, objectiveId);
        for (const [k, lesson] of input.lessons.entries()) await insertNewLesson(trx, actor.orgId, lesson.id, lesson, estimates[k]!, createdBy, at);
        await assertCourseRefs(trx, actor.orgId, input.course);
        await insertNewCourse(trx, actor.orgId, input.course.id, input.course, createdBy, at);
        await alsoInTransaction(trx);
      });
      for (const lesson of input.lessons) onLessonChanged(actor.orgId, lesson.id);
      return describeCourse(await repo.getCourseRow(db, actor.orgId, input.course.id));
    },

    /**
     * Saves changes to the working copy as a new revision. The published revision stays live until published again.
     * @throws AppError lesson_conflict when `baseRevision` is stale (someone else saved in between).
     */
    async updateLesson(actor: Actor, id: string, patch: LessonPatch): Promise<Lesson> {
      requireAuthorWrite(actor);
      const current = await repo.getLessonRow(db, actor.orgId, id);
      if (current.revision !== patch.baseRevision) throw staleRevision(current.revision);
      const { baseRevision, ...changes } = patch;
      const content = { ...repo.lessonContentOf(current), ...changes };
      const changed = Object.keys(changes).filter((key) => JSON.stringify((repo.lessonContentOf(current) as unknown as Record<string, unknown>)[key]) !== JSON.stringify((changes as Record<string, unknown>)[key]));
      if (changed.length === 0) return presentLesson(current);
      const estimate = await lint(actor.orgId, content);
      const at = now();
      await db.transaction().execute(async (trx) => {
        await assertObjective(trx, actor.orgId, content.objectiveId);
        const saved = await repo.updateLessonRow(trx, actor.orgId, id, baseRevision, {
          ...repo.lessonContentColumns(content),
          status: 'draft',
          revision: baseRevision + 1,
          estimated_seconds: estimate.duration.seconds,
          updated_by: authorOf(actor),
          updated_at: at,
        });
        if (!saved) throw staleRevision(baseRevision + 1);
        await repo.insertLessonRevision(trx, { id: newId(), org_id: actor.orgId, lesson_id: id, revision: baseRevision + 1, action: 'edited', changed_fields: JSON.stringify(changed), snapshot: JSON.stringify(content), changed_by: authorOf(actor), created_at: at });
      });
      onLessonChanged(actor.orgId, id);
      return presentLesson(await repo.getLessonRow(db, actor.orgId, id));
    },

    /** Marks the working copy ready for review. */
    async submitLessonForReview(actor: Actor, id: string): Promise<Lesson> {
      requireAuthorWrite(actor);
      const current = await repo.getLessonRow(db, actor.orgId, id);
      if (current.status === 'published') throw new AppError('conflict', 'This lesson is published and has no changes to review.');
      const at = now();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.updateLessonRow(trx, actor.orgId, id, current.revision, { status: 'in_review', updated_at: at }))) throw staleRevision(current.revision);
        await repo.insertLessonRevision(trx, { id: newId(), org_id: actor.orgId, lesson_id: id, revision: current.revision, action: 'submitted', changed_fields: '["status"]', snapshot: JSON.stringify(repo.lessonContentOf(current)), changed_by: authorOf(actor), created_at: at });
      });
      onLessonChanged(actor.orgId, id);
      return presentLesson(await repo.getLessonRow(db, actor.orgId, id));
    },

    /**
     * Publishes the working copy after the linter passes it.
     * @throws AppError lesson_not_publishable with the findings when any is an error.
     */
    async publishLesson(actor: Actor, id: string): Promise<Lesson> {
      requireAuthorWrite(actor);
      const current = await repo.getLessonRow(db, actor.orgId, id);
      const content = repo.lessonContentOf(current);
      const result = await lint(actor.orgId, content);
      if (!result.publishable) {
        const errors = result.findings.filter((f) => f.severity === 'error');
        throw new AppError('lesson_not_publishable', `This lesson cannot be published yet: ${errors.map((f) => f.message).join(' ')}`, { findings: result.findings });
      }
      if (current.status === 'published') return presentLesson(current);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const saved = await repo.updateLessonRow(trx, actor.orgId, id, current.revision, { status: 'published', published_revision: current.revision, estimated_seconds: result.duration.seconds, updated_at: at });
        if (!saved) throw staleRevision(current.revision);
        await repo.insertLessonRevision(trx, { id: newId(), org_id: actor.orgId, lesson_id: id, revision: current.revision, action: 'published', changed_fields: '["status"]', snapshot: JSON.stringify(content), changed_by: authorOf(actor), created_at: at });
      });
      onLessonChanged(actor.orgId, id);
      return presentLesson(await repo.getLessonRow(db, actor.orgId, id));
    },

    /** Who changed what, newest first. */
    async listLessonRevisions(actor: Actor, id: string) {
      requireAuthor(actor);
      await repo.getLessonRow(db, actor.orgId, id);
      return (await repo.listLessonRevisions(db, actor.orgId, id)).map((r) => ({
        revision: r.revision,
        action: r.action,
        changedFields: JSON.parse(r.changed_fields) as string[],
        changedBy: r.person_id ? { id: r.person_id, displayName: r.display_name as string } : null,
        at: r.created_at,
      }));
    },

    /** @throws AppError lesson_in_use when a course uses it or it was ever published (learners may have it). */
    async deleteLesson(actor: Actor, id: string): Promise<void> {
      requireAuthorWrite(actor);
      const lesson = await repo.getLessonRow(db, actor.orgId, id);
      const courses = await repo.listCourseIdsUsingLesson(db, actor.orgId, id);
      if (courses.length > 0) throw new AppError('lesson_in_use', `${courses.length} course(s) use this lesson; remove it from them first.`, { courseIds: courses });
      if (lesson.published_revision !== null) throw new AppError('lesson_in_use', 'This lesson was published and learners may have it; it cannot be deleted.');
      await repo.deleteLessonRow(db, actor.orgId, id);
      onLessonChanged(actor.orgId, id);
    },

    /** Lints a lesson by id (the CLI and the lint panel). */
    async lintLessonById(actor: Actor, id: string): Promise<LintReport & { lessonId: string; title: string }> {
      requireAuthor(actor);
      const row = await repo.getLessonRow(db, actor.orgId, id);
      return { lessonId: id, title: row.title, ...toLintReport(await lint(actor.orgId, repo.lessonContentOf(row))) };
    },

    /**
     * A lesson as a learner gets it, for previews: Markdown rendered and sanitised, answers hidden, variables filled
     * with `values` (or their defaults).
     */
    async renderLesson(actor: Actor, id: string, values: Record<string, string> = {}) {
      const lesson = await this.getLesson(actor, id);
      const defaults = Object.fromEntries(lesson.variables.flatMap((v) => (v.defaultValue === undefined ? [] : [[v.name, v.defaultValue]])));
      return renderForLearner(applyVariables({ title: lesson.title, coreQuestion: lesson.coreQuestion, blocks: lesson.blocks }, { ...defaults, ...values }));
    },

    // ------------------------------------------------------------ courses

    async listCourses(actor: Actor) {
      const piloted = actor.kind === 'person' && !hasRole(actor, 'author') ? await repo.listPilotedCourseIds(db, actor.orgId, actor.personId) : undefined;
      if (!piloted) requireAuthor(actor);
      const rows = await repo.listCourseRows(db, actor.orgId, piloted);
      const lessonIdsOf = (row: repo.CourseRow) => (JSON.parse(row.modules) as { lessonIds: string[] }[]).flatMap((m) => m.lessonIds);
      const seconds = new Map((await repo.listLessonRows(db, actor.orgId, { ids: [...new Set(rows.flatMap(lessonIdsOf))] })).map((l) => [l.id, Number(l.estimated_seconds)]));
      return rows.map((row) => {
        const lessonIds = lessonIdsOf(row);
        const estimatedSeconds = Math.round(lessonIds.reduce((sum, id) => sum + (seconds.get(id) ?? 0), 0));
        return { id: row.id, title: row.title, status: row.status, latestVersion: row.latest_version, estimatedSeconds, updatedAt: row.updated_at, lessonCount: lessonIds.length };
      });
    },

    async getCourse(actor: Actor, id: string): Promise<Course> {
      if (!hasRole(actor, 'author') && !(await canPilot(actor, id))) requireAuthor(actor);
      return describeCourse(await repo.getCourseRow(db, actor.orgId, id));
    },

    async createCourse(actor: Actor, input: CourseCreate): Promise<Course> {
      requireAuthorWrite(actor);
      const id = newId();
      const at = now();
      await db.transaction().execute(async (trx) => {
        await assertCourseRefs(trx, actor.orgId, input);
        await insertNewCourse(trx, actor.orgId, id, input, authorOf(actor), at);
      });
      return describeCourse(await repo.getCourseRow(db, actor.orgId, id));
    },

    /** Changes the working course; published versions stay as they were. */
    async updateCourse(actor: Actor, id: string, patch: CoursePatch): Promise<Course> {
      requireAuthorWrite(actor);
      await db.transaction().execute(async (trx) => {
        await repo.getCourseRow(trx, actor.orgId, id);
        await assertCourseRefs(trx, actor.orgId, patch, id);
        await repo.updateCourseRow(trx, actor.orgId, id, {
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(patch.objectiveIds !== undefined && { objective_ids: JSON.stringify(patch.objectiveIds) }),
          ...(patch.modules !== undefined && { modules: JSON.stringify(patch.modules) }),
          ...(patch.prerequisiteIds !== undefined && { prerequisite_ids: JSON.stringify(patch.prerequisiteIds) }),
          ...(patch.variableValues !== undefined && { variable_values: JSON.stringify(patch.variableValues) }),
          updated_at: now(),
        });
      });
      return describeCourse(await repo.getCourseRow(db, actor.orgId, id));
    },

    /** @throws AppError course_published once it has a version (unpublish it instead). */
    async deleteCourse(actor: Actor, id: string): Promise<void> {
      requireAuthorWrite(actor);
      const row = await repo.getCourseRow(db, actor.orgId, id);
      if (row.latest_version !== null) throw new AppError('course_published', 'This course has published versions learners may be taking; unpublish it instead.');
      await repo.deleteCourseRow(db, actor.orgId, id);
    },

    /**
     * Publishes a new immutable version: each lesson's last published revision, with this course's variable values
     * filled in. Learners who started an earlier version keep it.
     * @throws AppError course_not_publishable with the findings when any is an error.
     */
    async publishCourse(actor: Actor, id: string): Promise<Course> {
      requireAuthorWrite(actor);
      const row = await repo.getCourseRow(db, actor.orgId, id);
      const course = await describeCourse(row);
      const errors = course.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) throw new AppError('course_not_publishable', `This course cannot be published yet: ${errors.map((f) => f.message).join(' ')}`, { findings: course.findings });
      const modules: CourseVersion['modules'] = [];
      let estimatedSeconds = 0;
      for (const module of course.modules) {
        const lessons: CourseVersion['modules'][number]['lessons'] = [];
        for (const lesson of module.lessons) {
          const snapshot = await repo.getPublishedSnapshot(db, actor.orgId, lesson.id, lesson.publishedRevision as number);
          const defaults = Object.fromEntries(snapshot.variables.flatMap((v) => (v.defaultValue === undefined ? [] : [[v.name, v.defaultValue]])));
          const filled = applyVariables({ title: snapshot.title, coreQuestion: snapshot.coreQuestion, blocks: snapshot.blocks }, { ...defaults, ...course.variableValues });
          const seconds = (await lint(actor.orgId, { ...snapshot, ...filled })).duration.seconds;
          estimatedSeconds += seconds;
          lessons.push({ lessonId: lesson.id, revision: lesson.publishedRevision as number, objectiveId: snapshot.objectiveId, estimatedSeconds: seconds, ...filled });
        }
        modules.push({ id: module.id, title: module.title, lessons });
      }
      const version = (row.latest_version ?? 0) + 1;
      const at = now();
      await db.transaction().execute(async (trx) => {
        await repo.insertCourseVersion(trx, {
          id: newId(),
          org_id: actor.orgId,
          course_id: id,
          version,
          snapshot: JSON.stringify({ title: course.title, description: course.description, modules }),
          estimated_seconds: Math.round(estimatedSeconds),
          published_by: authorOf(actor),
          published_at: at,
        });
        await repo.updateCourseRow(trx, actor.orgId, id, { status: 'published', latest_version: version, updated_at: at });
      });
      return describeCourse(await repo.getCourseRow(db, actor.orgId, id));
    },

    /** Hides the course from new assignments; its versions stay readable for learners mid-way. */
    async unpublishCourse(actor: Actor, id: string): Promise<Course> {
      requireAuthorWrite(actor);
      const row = await repo.getCourseRow(db, actor.orgId, id);
      if (row.latest_version === null) throw new AppError('conflict', 'This course was never published.');
      await repo.updateCourseRow(db, actor.orgId, id, { status: 'unpublished', updated_at: now() });
      return describeCourse(await repo.getCourseRow(db, actor.orgId, id));
    },

    async listCourseVersions(actor: Actor, id: string) {
      requireAuthor(actor);
      await repo.getCourseRow(db, actor.orgId, id);
      return (await repo.listCourseVersionRows(db, actor.orgId, id)).map((r) => ({ version: r.version, estimatedSeconds: Number(r.estimated_seconds), publishedAt: r.published_at }));
    },

    /** One immutable version of a course, as learners of that version get it. */
    async getCourseVersion(actor: Actor, id: string, version: number): Promise<CourseVersion> {
      requireAuthor(actor);
      const found = await this.findCourseVersion(actor.orgId, id, version);
      if (!found) throw new NotFoundError('course version', `${id} v${version}`);
      return found;
    },

    // ------------------------------------------------------------ for other modules (no actor: the caller checks access)

    /** A published version of a course ('latest' for the newest), or undefined when there is none. */
    async findCourseVersion(orgId: string, courseId: string, version: number | 'latest'): Promise<CourseVersion | undefined> {
      const course = await repo.getCourseRow(db, orgId, courseId).catch(() => undefined);
      if (!course || course.latest_version === null) return undefined;
      const wanted = version === 'latest' ? course.latest_version : version;
      const row = await repo.getCourseVersionRow(db, orgId, courseId, wanted).catch(() => undefined);
      if (!row) return undefined;
      return { courseId, version: row.version, estimatedSeconds: Number(row.estimated_seconds), publishedAt: row.published_at, ...(JSON.parse(row.snapshot) as Omit<CourseVersion, 'courseId' | 'version' | 'estimatedSeconds' | 'publishedAt'>) };
    },

    /** Whether the course takes new learners (published, not unpublished). */
    async isCourseOpen(orgId: string, courseId: string): Promise<boolean> {
      const course = await repo.getCourseRow(db, orgId, courseId).catch(() => undefined);
      return course?.status === 'published';
    },

    /** The desired retention of an objective, or the default 0.9 when it has none. */
    async desiredRetentionOf(orgId: string, objectiveId: string | null): Promise<number> {
      if (!objectiveId) return 0.9;
      const row = await repo.getObjectiveRow(db, orgId, objectiveId).catch(() => undefined);
      return row ? Number(row.desired_retention) : 0.9;
    },

    // ------------------------------------------------------------ pilot

    /** Shares a course with pilot learners, replacing the previous list. */
    async setPilots(actor: Actor, courseId: string, personIds: string[]): Promise<Course> {
      requireAuthorWrite(actor);
      const unique = [...new Set(personIds)];
      for (const personId of unique) {
        if (!(await identity.findPerson(actor.orgId, personId))) throw new ValidationError(`No person ${personId} in this organisation.`, { field: 'personIds' });
      }
      await db.transaction().execute(async (trx) => {
        await repo.getCourseRow(trx, actor.orgId, courseId);
        await repo.replacePilots(trx, actor.orgId, courseId, unique, now());
      });
      return describeCourse(await repo.getCourseRow(db, actor.orgId, courseId));
    },

    async listComments(actor: Actor, courseId: string) {
      if (!hasRole(actor, 'author') && !(await canPilot(actor, courseId))) throw new NotFoundError('course', courseId);
      await repo.getCourseRow(db, actor.orgId, courseId);
      return (await repo.listComments(db, actor.orgId, courseId)).map((c) => ({ id: c.id, lessonId: c.lesson_id, author: { id: c.person_id, displayName: c.display_name }, body: c.body, createdAt: c.created_at, resolvedAt: c.resolved_at }));
    },

    /** A pilot learner (or an author) comments on one lesson of the course. */
    async addComment(actor: Actor, courseId: string, lessonId: string, body: string) {
      if (actor.kind !== 'person') throw new ForbiddenError('Comments come from people.');
      if (!hasRole(actor, 'author') && !(await canPilot(actor, courseId))) throw new NotFoundError('course', courseId);
      const course = await describeCourse(await repo.getCourseRow(db, actor.orgId, courseId));
      if (!course.modules.some((m) => m.lessonIds.includes(lessonId))) throw new NotFoundError('lesson in this course', lessonId);
      await repo.insertComment(db, { id: newId(), org_id: actor.orgId, course_id: courseId, lesson_id: lessonId, person_id: actor.personId, body, created_at: now(), resolved_at: null, resolved_by: null });
      return this.listComments(actor, courseId);
    },

    async resolveComment(actor: Actor, courseId: string, commentId: string) {
      requireAuthorWrite(actor);
      if (!(await repo.resolveComment(db, actor.orgId, courseId, commentId, authorOf(actor), now()))) throw new NotFoundError('comment', commentId);
      return this.listComments(actor, courseId);
    },
  };
}

export type ContentService = ReturnType<typeof createContentService>;

function staleRevision(current: number): AppError {
  return new AppError('lesson_conflict', `Someone saved this lesson since you opened it (now revision ${current}). Reload it and apply your change again.`, { currentRevision: current });
}

/** Blocks as a learner gets them: Markdown → sanitised HTML, questions without their answers. */
export function renderForLearner(lesson: { title: string; coreQuestion: string; blocks: Block[] }) {
  return {
    title: lesson.title,
    coreQuestion: lesson.coreQuestion,
    blocks: lesson.blocks.map((block, index): Record<string, unknown> => {
      switch (block.type) {
        case 'text':
          return { id: block.id, type: block.type, html: renderMarkdown(block.markdown) };
        case 'case_study':
          return { ...block, scenarioHtml: renderMarkdown(block.scenario), scenario: undefined };
        case 'question':
          return { id: block.id, type: block.type, question: presentQuestionToLearner(block.question, index + 1) };
        default:
          return { ...block };
      }
    }),
  };
}
