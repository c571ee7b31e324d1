import { useEffect, useId, useMemo, useState, type DragEvent, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import { ApiError } from '../lib/api-client.ts';
import type { Course, CourseVersionSummary, LessonSummary } from '../lib/content-types.ts';
import { ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { CheckboxGroup, SelectField, TextField } from '../lib/fields.tsx';
import { formatDateTime, plural } from '../lib/format.ts';
import { TextAreaField } from '../lib/form-controls.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useComments, useCourse, useCourseVersion, useCourseVersions, usePeopleSearch, usePilots, useStoryboard, type Storyboard } from './courses.hooks.ts';
import { useLessons } from './lessons.hooks.ts';
import { useObjectives } from './objectives.hooks.ts';
import { canStepLesson, lessonIdsOf, type StoryboardModule } from './storyboard.ts';
import { DurationChip, FindingsPanel, StatusChip, type PanelFinding } from './StudioParts.tsx';
import { describeDuration, formatDuration } from './studio-format.ts';

/** `/author/courses/new`. */
export function NewCoursePage() {
  usePageTitle('New course');
  return <StoryboardView course={undefined} />;
}

/** `/author/courses/:id`: the storyboard, publishing and versions, pilots and their comments. */
export function CourseStoryboardPage() {
  const { id = '' } = useParams();
  const course = useCourse(id);
  usePageTitle(course.data ? `Course: ${course.data.title}` : 'Course');
  if (course.isPending) return <Loading label="Loading the course…" />;
  if (course.isError) {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/author/courses">Courses</Link>
        </p>
        <h1>Course not found</h1>
        <ErrorAlert error={course.error} />
      </>
    );
  }
  return <StoryboardView key={course.data.id} course={course.data} />;
}

const lessonCardId = (lessonId: string) => `course-lesson-${lessonId}`;

function focusSoon(selector: string) {
  requestAnimationFrame(() => {
    const element = document.querySelector(selector);
    if (element instanceof HTMLElement) {
      element.scrollIntoView({ block: 'nearest' });
      element.focus({ preventScroll: true });
    }
  });
}

function StoryboardView({ course }: { course: Course | undefined }) {
  const board = useStoryboard(course);
  const notice = useNavigationNotice();
  const lessons = useLessons();
  const { draft, saved } = board;
  const summaries = useMemo(() => {
    const map = new Map<string, LessonSummary>();
    for (const module of saved?.modules ?? []) for (const lesson of module.lessons) map.set(lesson.id, lesson);
    for (const lesson of lessons.data?.items ?? []) map.set(lesson.id, lesson);
    return map;
  }, [saved, lessons.data]);
  const courseLessonIds = lessonIdsOf(draft.modules);
  // "Course created…" stays until the first change.
  const [hasEdited, setEdited] = useState(false);
  if (board.dirty && saved && !hasEdited) setEdited(true);
  const totalSeconds = courseLessonIds.reduce((sum, id) => sum + (summaries.get(id)?.estimatedSeconds ?? 0), 0);

  const findings: PanelFinding[] = board.publishRefusal?.findings ?? saved?.findings ?? [];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/author/courses">Courses</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">{saved ? 'Course' : 'New course'}</p>
          <h1 className="editor-title">{saved?.title || draft.title.trim() || 'Untitled course'}</h1>
        </div>
        {saved && (
          <div className="status-line">
            <StatusChip status={saved.status} />
            <span className="muted">{saved.latestVersion ? `Version ${saved.latestVersion} is the latest` : 'Never published'}</span>
          </div>
        )}
      </div>
      <Notice>{hasEdited ? undefined : notice}</Notice>

      <div className="editor-bar" role="group" aria-label="Course length and saving">
        <p className="course-total">
          <span className="muted">Total</span> <strong title={describeDuration(totalSeconds)}>{formatDuration(totalSeconds)}</strong>
          <span className="muted"> · {plural(courseLessonIds.length, 'lesson', 'lessons')} in {plural(draft.modules.length, 'module', 'modules')}</span>
        </p>
        <div className="editor-bar-actions">
          <span className={board.dirty ? 'save-state is-dirty' : 'save-state'}>{board.isSaving ? 'Saving…' : board.dirty ? (saved ? 'Unsaved changes' : 'Not saved yet') : board.savedAt ? 'Saved' : 'All changes saved'}</span>
          <span role="status" className="visually-hidden">
            {board.isSaving ? 'Saving…' : board.savedAt ? 'Course saved.' : ''}
          </span>
          <button type="button" className="button button-primary" onClick={board.save} disabled={board.isSaving || board.isPublishing}>
            {board.isSaving ? 'Saving…' : saved ? 'Save course' : 'Create course'}
          </button>
        </div>
      </div>
      <ErrorAlert error={board.error} title="That did not work" />

      <div className="editor-layout">
        <div className="editor-main">
          <CourseDetails board={board} />
          <StoryboardSection board={board} summaries={summaries} allLessons={lessons.data?.items ?? []} />
        </div>
        <aside className="editor-aside" aria-label="Publishing, checks, pilots">
          {saved ? (
            <>
              <PublishPanel board={board} course={saved} />
              <div className="panel panel-tight">
                {board.publishRefusal && (
                  <div role="alert" className="message message-error">
                    <p className="message-title">Not published</p>
                    <p>Fix the errors below, then publish again.</p>
                  </div>
                )}
                <FindingsPanel
                  headingId="course-checks"
                  heading="Checks"
                  source={board.dirty ? 'As of the last save: save to check again.' : 'Checked by the server.'}
                  findings={findings}
                  emptyText="Ready to publish."
                  goToLabel={(finding) => (finding.lessonId && courseLessonIds.includes(finding.lessonId) ? 'Go to the lesson' : undefined)}
                  onGoTo={(finding) => finding.lessonId && focusSoon(`#${CSS.escape(lessonCardId(finding.lessonId))}`)}
                />
              </div>
              <VariablesPanel board={board} course={saved} />
              <PilotsPanel course={saved} />
              <CommentsPanel course={saved} summaries={summaries} />
            </>
          ) : (
            <section className="panel panel-tight">
              <h2>Next</h2>
              <p className="muted">Create the course, then add lessons to its modules, check it, share it with pilot learners and publish it.</p>
            </section>
          )}
        </aside>
      </div>
      <p role="status" className="visually-hidden">
        {board.announcement}
      </p>
    </>
  );
}

function CourseDetails({ board }: { board: Storyboard }) {
  const objectives = useObjectives();
  const { draft } = board;
  return (
    <section className="form-section" aria-labelledby="course-details-heading">
      <h2 id="course-details-heading">About the course</h2>
      <TextField label="Title" value={draft.title} onValueChange={(title) => board.update({ title })} required maxLength={200} autoComplete="off" />
      <TextAreaField label="Description" hint="What learners get from it, shown when it is assigned." rows={2} value={draft.description} onValueChange={(description) => board.update({ description })} maxLength={5000} />
      {(objectives.data?.items.length ?? 0) > 0 && (
        <CheckboxGroup
          legend="Objectives covered"
          options={(objectives.data?.items ?? []).map((objective) => ({ value: objective.id, label: objective.title }))}
          selected={draft.objectiveIds}
          onSelectedChange={(objectiveIds) => board.update({ objectiveIds })}
          className="checkbox-column"
        />
      )}
    </section>
  );
}

interface DropTarget {
  moduleId: string;
  /** Drop before this lesson, or at the end of the module when null. */
  beforeLessonId: string | null;
}

function StoryboardSection({ board, summaries, allLessons }: { board: Storyboard; summaries: ReadonlyMap<string, LessonSummary>; allLessons: readonly LessonSummary[] }) {
  const { draft } = board;
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<DropTarget | null>(null);
  const [newModule, setNewModule] = useState('');
  const inCourse = new Set(lessonIdsOf(draft.modules));
  const titleOf = (id: string) => summaries.get(id)?.title ?? 'A lesson';

  function drop(event: DragEvent, target: DropTarget) {
    event.preventDefault();
    const lessonId = dragging ?? event.dataTransfer.getData('text/plain');
    setDragging(null);
    setDropTarget(null);
    if (!lessonId || lessonId === target.beforeLessonId) return;
    const module = draft.modules.find((m) => m.id === target.moduleId);
    if (!module) return;
    const without = module.lessonIds.filter((id) => id !== lessonId);
    const index = target.beforeLessonId ? without.indexOf(target.beforeLessonId) : without.length;
    board.moveLesson(lessonId, { moduleId: target.moduleId, index: index < 0 ? without.length : index }, titleOf(lessonId));
  }

  function addModule(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const title = newModule.trim() || `Module ${draft.modules.length + 1}`;
    board.addModule(title);
    setNewModule('');
  }

  return (
    <section className="storyboard" aria-labelledby="storyboard-heading">
      <div className="section-head">
        <h2 id="storyboard-heading">Storyboard</h2>
        <p className="hint">Drag lessons to reorder them within and across modules, or use each lesson’s buttons. A lesson appears once per course.</p>
      </div>
      <ol className="module-list">
        {draft.modules.map((module, moduleIndex) => (
          <ModuleCard
            key={module.id}
            board={board}
            module={module}
            moduleIndex={moduleIndex}
            summaries={summaries}
            candidates={allLessons.filter((lesson) => !inCourse.has(lesson.id))}
            dragging={dragging}
            dropTarget={dropTarget}
            onDragStart={setDragging}
            onDragEnd={() => {
              setDragging(null);
              setDropTarget(null);
            }}
            onDragOverTarget={setDropTarget}
            onDrop={drop}
          />
        ))}
      </ol>
      <form className="form inline-form add-module" onSubmit={addModule}>
        <TextField label="New module" placeholder={`Module ${draft.modules.length + 1}`} value={newModule} onValueChange={setNewModule} maxLength={200} autoComplete="off" />
        <button type="submit" className="button" disabled={draft.modules.length >= 50}>
          Add module
        </button>
      </form>
    </section>
  );
}

function ModuleCard({
  board,
  module,
  moduleIndex,
  summaries,
  candidates,
  dragging,
  dropTarget,
  onDragStart,
  onDragEnd,
  onDragOverTarget,
  onDrop,
}: {
  board: Storyboard;
  module: StoryboardModule;
  moduleIndex: number;
  summaries: ReadonlyMap<string, LessonSummary>;
  candidates: readonly LessonSummary[];
  dragging: string | null;
  dropTarget: DropTarget | null;
  onDragStart: (lessonId: string) => void;
  onDragEnd: () => void;
  onDragOverTarget: (target: DropTarget) => void;
  onDrop: (event: DragEvent, target: DropTarget) => void;
}) {
  const id = useId();
  const { draft } = board;
  const [chosen, setChosen] = useState('');
  const moduleName = module.title || `Module ${moduleIndex + 1}`;
  const seconds = module.lessonIds.reduce((sum, lessonId) => sum + (summaries.get(lessonId)?.estimatedSeconds ?? 0), 0);
  const isEndTarget = dropTarget?.moduleId === module.id && dropTarget.beforeLessonId === null;
  return (
    <li className="module-card">
      <div className="module-head">
        <span className="block-number" aria-hidden="true">
          {moduleIndex + 1}
        </span>
        <h3 className="visually-hidden">
          Module {moduleIndex + 1}: {moduleName}
        </h3>
        <div className="field module-rename">
          <label htmlFor={`${id}-title`} className="visually-hidden">
            Title of module {moduleIndex + 1}
          </label>
          <input id={`${id}-title`} value={module.title} onChange={(event) => board.renameModule(module.id, event.target.value)} maxLength={200} autoComplete="off" />
        </div>
        <span className="block-time" title={describeDuration(seconds)}>
          <span className="visually-hidden">Takes </span>
          {formatDuration(seconds)}
        </span>
        <div className="row-tools">
          <button type="button" className="icon-button" onClick={() => board.stepModule(module.id, -1)} disabled={moduleIndex === 0} title="Move module up">
            <span aria-hidden="true">↑</span>
            <span className="visually-hidden">Move the module {moduleName} up</span>
          </button>
          <button type="button" className="icon-button" onClick={() => board.stepModule(module.id, 1)} disabled={moduleIndex === draft.modules.length - 1} title="Move module down">
            <span aria-hidden="true">↓</span>
            <span className="visually-hidden">Move the module {moduleName} down</span>
          </button>
          <button type="button" className="icon-button icon-button-danger" onClick={() => board.removeModule(module.id, moduleName)} title="Remove module">
            <span aria-hidden="true">✕</span>
            <span className="visually-hidden">Remove the module {moduleName}</span>
          </button>
        </div>
      </div>
      <ol
        className={`course-lessons${isEndTarget ? ' is-drop-end' : ''}${dragging ? ' is-dragging' : ''}`}
        aria-label={`Lessons of ${moduleName}`}
        onDragOver={(event) => {
          if (!dragging) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
          if (event.target === event.currentTarget) onDragOverTarget({ moduleId: module.id, beforeLessonId: null });
        }}
        onDrop={(event) => onDrop(event, dropTarget?.moduleId === module.id ? dropTarget : { moduleId: module.id, beforeLessonId: null })}
      >
        {module.lessonIds.length === 0 && <li className="course-lessons-empty">{dragging ? 'Drop the lesson here.' : 'No lessons in this module yet: add one below or drag one here.'}</li>}
        {module.lessonIds.map((lessonId, index) => (
          <CourseLessonCard
            key={lessonId}
            board={board}
            lessonId={lessonId}
            index={index}
            module={module}
            summary={summaries.get(lessonId)}
            isDragging={dragging === lessonId}
            isDropBefore={dropTarget?.moduleId === module.id && dropTarget.beforeLessonId === lessonId}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            onDragOverTarget={onDragOverTarget}
          />
        ))}
      </ol>
      {candidates.length === 0 ? (
        <p className="hint">Every lesson is in the course. <Link to="/author/lessons/new">Build another lesson</Link> to add more.</p>
      ) : (
        <form
          className="form add-lesson"
          onSubmit={(event) => {
            event.preventDefault();
            if (!chosen) return;
            board.addLesson(module.id, chosen, summaries.get(chosen)?.title ?? 'The lesson');
            setChosen('');
          }}
        >
          <SelectField
            label={`Add a lesson to ${moduleName}`}
            value={chosen}
            onValueChange={setChosen}
            options={[
              { value: '', label: 'Choose a lesson' },
              ...candidates.map((lesson) => ({ value: lesson.id, label: `${lesson.title} (${lesson.status === 'published' ? 'published' : lesson.status === 'in_review' ? 'in review' : 'draft'}, ${formatDuration(lesson.estimatedSeconds)})` })),
            ]}
          />
          <button type="submit" className="button" disabled={!chosen}>
            Add<span className="visually-hidden"> to {moduleName}</span>
          </button>
        </form>
      )}
    </li>
  );
}

function CourseLessonCard({
  board,
  lessonId,
  index,
  module,
  summary,
  isDragging,
  isDropBefore,
  onDragStart,
  onDragEnd,
  onDragOverTarget,
}: {
  board: Storyboard;
  lessonId: string;
  index: number;
  module: StoryboardModule;
  summary: LessonSummary | undefined;
  isDragging: boolean;
  isDropBefore: boolean;
  onDragStart: (lessonId: string) => void;
  onDragEnd: () => void;
  onDragOverTarget: (target: DropTarget) => void;
}) {
  const [isMoveOpen, setMoveOpen] = useState(false);
  const { draft } = board;
  const title = summary?.title ?? 'Lesson not found';
  const others = draft.modules.filter((m) => m.id !== module.id);
  const selector = (action: string) => `#${CSS.escape(lessonCardId(lessonId))} [data-action="${action}"]`;
  return (
    <li
      id={lessonCardId(lessonId)}
      tabIndex={-1}
      className={`course-lesson${isDragging ? ' is-dragging' : ''}${isDropBefore ? ' is-drop-before' : ''}`}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData('text/plain', lessonId);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart(lessonId);
      }}
      onDragEnd={onDragEnd}
      onDragOver={(event) => {
        event.preventDefault();
        event.stopPropagation();
        const box = event.currentTarget.getBoundingClientRect();
        const isLowerHalf = event.clientY > box.top + box.height / 2;
        const next = module.lessonIds[index + 1] ?? null;
        onDragOverTarget({ moduleId: module.id, beforeLessonId: isLowerHalf ? next : lessonId });
      }}
    >
      <div className="course-lesson-main">
        <span className="drag-handle" aria-hidden="true" title="Drag to move">
          ⠿
        </span>
        <div className="course-lesson-text">
          <p className="course-lesson-title">
            <span className="muted">{index + 1}. </span>
            {summary ? <Link to={`/author/lessons/${encodeURIComponent(lessonId)}`}>{title}</Link> : title}
          </p>
          {summary && (
            <p className="course-lesson-meta">
              <StatusChip status={summary.status} /> <DurationChip seconds={summary.estimatedSeconds} />
            </p>
          )}
        </div>
      </div>
      <div className="course-lesson-tools">
        <button
          type="button"
          className="button button-small"
          data-action="up"
          aria-label={`Move up: ${title}`}
          disabled={!canStepLesson(draft.modules, lessonId, -1)}
          onClick={() => {
            board.stepLesson(lessonId, -1, title);
            focusSoon(selector('up'));
          }}
        >
          Move up
        </button>
        <button
          type="button"
          className="button button-small"
          data-action="down"
          aria-label={`Move down: ${title}`}
          disabled={!canStepLesson(draft.modules, lessonId, 1)}
          onClick={() => {
            board.stepLesson(lessonId, 1, title);
            focusSoon(selector('down'));
          }}
        >
          Move down
        </button>
        {others.length > 0 && (
          <button type="button" className="button button-small" data-action="move" aria-label={`Move to module…: ${title}`} aria-expanded={isMoveOpen} onClick={() => setMoveOpen((open) => !open)}>
            Move to module…
          </button>
        )}
        <button type="button" className="button button-small button-danger" onClick={() => board.removeLesson(lessonId, title)}>
          Remove<span className="visually-hidden"> {title} from the course</span>
        </button>
      </div>
      {isMoveOpen && others.length > 0 && (
        <ul className="move-targets" aria-label={`Move ${title} to`}>
          {others.map((target) => {
            const targetIndex = draft.modules.findIndex((m) => m.id === target.id);
            return (
              <li key={target.id}>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => {
                    setMoveOpen(false);
                    board.moveLesson(lessonId, { moduleId: target.id, index: target.lessonIds.length }, title);
                    focusSoon(selector('move'));
                  }}
                >
                  {targetIndex + 1}. {target.title || `Module ${targetIndex + 1}`}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

function PublishPanel({ board, course }: { board: Storyboard; course: Course }) {
  const versions = useCourseVersions(course.id, course.latestVersion);
  return (
    <section className="panel panel-tight" aria-labelledby="course-publish-heading">
      <h2 id="course-publish-heading">Publish</h2>
      <p className="hint">Publishing makes a new immutable version from each lesson’s published revision, with this course’s variable values filled in.</p>
      <div className="publish-actions">
        <button type="button" className="button button-primary" onClick={board.publish} disabled={board.isPublishing || board.isSaving}>
          {board.pendingPublishAction === 'publish' ? 'Publishing…' : board.dirty ? 'Save and publish' : course.latestVersion ? 'Publish a new version' : 'Publish'}
        </button>
        {course.status === 'published' && (
          <button type="button" className="button" onClick={board.unpublish} disabled={board.isPublishing}>
            {board.pendingPublishAction === 'unpublish' ? 'Unpublishing…' : 'Unpublish'}
          </button>
        )}
        {course.latestVersion === null && (
          <button type="button" className="button button-quiet button-danger" onClick={board.deleteCourse}>
            Delete course
          </button>
        )}
      </div>
      <h3 className="panel-subheading">Versions</h3>
      <ErrorAlert error={versions.error} />
      {versions.isPending ? (
        <Loading />
      ) : (versions.data?.items.length ?? 0) === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ul className="version-list">
          {versions.data?.items.map((version) => (
            <VersionItem key={version.version} courseId={course.id} version={version} />
          ))}
        </ul>
      )}
    </section>
  );
}

function VersionItem({ courseId, version }: { courseId: string; version: CourseVersionSummary }) {
  const [isOpen, setOpen] = useState(false);
  const detail = useCourseVersion(courseId, version.version, isOpen);
  return (
    <li>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <strong>Version {version.version}</strong> <span className="muted">· {formatDateTime(version.publishedAt)} · {formatDuration(version.estimatedSeconds)}</span>
        </summary>
        {detail.isPending ? (
          <Loading />
        ) : detail.data ? (
          <ol className="version-modules">
            {detail.data.modules.map((module) => (
              <li key={module.id}>
                {module.title}
                <ol>
                  {module.lessons.map((lesson) => (
                    <li key={lesson.lessonId}>
                      {lesson.title} <span className="muted">(revision {lesson.revision}, {formatDuration(lesson.estimatedSeconds)})</span>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        ) : (
          <ErrorAlert error={detail.error} />
        )}
      </details>
    </li>
  );
}

function VariablesPanel({ board, course }: { board: Storyboard; course: Course }) {
  if (course.variablesUsed.length === 0) return null;
  return (
    <section className="panel panel-tight" aria-labelledby="course-variables-heading">
      <h2 id="course-variables-heading">Variables</h2>
      <p className="hint">Lessons of this course use these; fill them in for this course (a lesson’s default is used when left empty).</p>
      {course.variablesUsed.map((name) => (
        <TextField key={name} label={`{{${name}}}`} value={board.draft.variableValues[name] ?? ''} onValueChange={(value) => board.setVariable(name, value)} maxLength={300} autoComplete="off" />
      ))}
    </section>
  );
}

function PilotsPanel({ course }: { course: Course }) {
  const pilots = usePilots(course);
  const [searchText, setSearchText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(searchText.trim()), 250);
    return () => clearTimeout(timer);
  }, [searchText]);
  const search = usePeopleSearch(q);
  const isForbidden = search.error instanceof ApiError && search.error.status === 403;
  const candidates = (search.data?.items ?? []).filter((person) => !course.pilotIds.includes(person.id));
  return (
    <section className="panel panel-tight" aria-labelledby="pilots-heading">
      <h2 id="pilots-heading">Pilot learners</h2>
      <p className="hint">Share the draft with a few learners before release; they comment on each lesson.</p>
      <Notice>{pilots.lastChange}</Notice>
      <ErrorAlert error={pilots.error} />
      {course.pilotIds.length === 0 ? (
        <p className="muted">No pilots yet.</p>
      ) : pilots.isLoading ? (
        <Loading />
      ) : (
        <ul className="people-list">
          {pilots.pilots.map((person) => (
            <li key={person.id}>
              <span>
                {person.displayName}
                {person.email && <span className="muted"> · {person.email}</span>}
              </span>
              <button type="button" className="button button-small button-quiet" onClick={() => pilots.remove(person)} disabled={pilots.isBusy}>
                Remove<span className="visually-hidden"> {person.displayName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {isForbidden ? (
        <p className="message message-info">Only admins and managers can look people up; ask an admin to add pilot learners.</p>
      ) : (
        <>
          <TextField label="Find people" type="search" placeholder="Name or email" value={searchText} onValueChange={setSearchText} autoComplete="off" />
          <ErrorAlert error={search.error} />
          {candidates.length > 0 && (
            <ul className="people-list" aria-label="People found">
              {candidates.slice(0, 6).map((person) => (
                <li key={person.id}>
                  <span>
                    {person.displayName}
                    <span className="muted"> · {person.email}</span>
                  </span>
                  <button type="button" className="button button-small" onClick={() => pilots.add(person)} disabled={pilots.isBusy}>
                    Add<span className="visually-hidden"> {person.displayName} as a pilot</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function CommentsPanel({ course, summaries }: { course: Course; summaries: ReadonlyMap<string, LessonSummary> }) {
  const { comments, add, resolve } = useComments(course.id);
  const lessonIds = course.modules.flatMap((module) => module.lessonIds);
  const [lessonId, setLessonId] = useState('');
  const [body, setBody] = useState('');
  const items = comments.data?.items ?? [];
  const open = items.filter((comment) => !comment.resolvedAt).length;
  const byLesson = new Map<string, typeof items>();
  for (const comment of items) byLesson.set(comment.lessonId, [...(byLesson.get(comment.lessonId) ?? []), comment]);
  return (
    <section className="panel panel-tight" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Pilot comments</h2>
      <ErrorAlert error={comments.error ?? resolve.error} />
      {comments.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <>
          <p className="hint">{open === 0 ? 'Every comment is resolved.' : `${plural(open, 'comment', 'comments')} to resolve.`}</p>
          {[...byLesson.entries()].map(([id, list]) => (
            <div key={id} className="comment-group">
              <h3 className="panel-subheading">{summaries.get(id)?.title ?? 'A lesson no longer in the course'}</h3>
              <ul className="comment-list">
                {list.map((comment) => (
                  <li key={comment.id} className={comment.resolvedAt ? 'comment is-resolved' : 'comment'}>
                    <p className="comment-body">{comment.body}</p>
                    <p className="hint">
                      {comment.author.displayName}, {formatDateTime(comment.createdAt)}
                      {comment.resolvedAt && ` · resolved ${formatDateTime(comment.resolvedAt)}`}
                    </p>
                    {!comment.resolvedAt && (
                      <button type="button" className="button button-small" onClick={() => resolve.mutate(comment.id)} disabled={resolve.isPending}>
                        Resolve<span className="visually-hidden"> the comment by {comment.author.displayName}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
      {lessonIds.length > 0 && (
        <details className="inline-details">
          <summary>Add a comment</summary>
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!lessonId || !body.trim()) return;
              add.mutate({ lessonId, body: body.trim() }, { onSuccess: () => setBody('') });
            }}
          >
            <SelectField label="On the lesson" value={lessonId} onValueChange={setLessonId} required options={[{ value: '', label: 'Choose a lesson' }, ...lessonIds.map((id) => ({ value: id, label: summaries.get(id)?.title ?? id }))]} />
            <TextAreaField label="Comment" rows={3} value={body} onValueChange={setBody} maxLength={4000} required />
            <ErrorAlert error={add.error} />
            <div className="form-actions">
              <button type="submit" className="button" disabled={add.isPending}>
                Add comment
              </button>
            </div>
          </form>
        </details>
      )}
    </section>
  );
}
