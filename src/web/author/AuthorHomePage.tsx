import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import type { LessonStatus } from '../lib/content-types.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { SelectField, TextField } from '../lib/fields.tsx';
import { formatDateTime, plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useCourses } from './courses.hooks.ts';
import { useLessons } from './lessons.hooks.ts';
import { useMediaLibrary } from './media.hooks.ts';
import { useObjectives } from './objectives.hooks.ts';
import { DurationChip, StatusChip } from './StudioParts.tsx';

/** `/author`: the studio home — lessons with their status and length, objectives, courses and media, and where to start. */
export function AuthorHomePage() {
  usePageTitle('Author studio');
  const notice = useNavigationNotice();
  const objectives = useObjectives();
  const courses = useCourses();
  const allLessons = useLessons();
  const media = useMediaLibrary();
  const counts = {
    objectives: objectives.data?.items.length,
    lessons: allLessons.data?.items.length,
    courses: courses.data?.items.length,
  };
  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Author</p>
          <h1>Studio</h1>
        </div>
        <div className="page-actions">
          <Link to="/author/courses/new" className="button">
            New course
          </Link>
          <Link to="/author/lessons/new" className="button button-primary">
            New lesson
          </Link>
        </div>
      </div>
      <p className="lead">Lessons of two minutes or less, each answering one question your people actually ask on the job.</p>
      <Notice>{notice}</Notice>
      <GettingStarted counts={counts} />
      <div className="studio-layout">
        <LessonsSection />
        <div className="studio-side">
          <section className="panel panel-tight" aria-labelledby="objectives-heading">
            <div className="section-head-row">
              <h2 id="objectives-heading">Objectives</h2>
              <Link to="/author/objectives/new" className="button button-small">
                New<span className="visually-hidden"> objective</span>
              </Link>
            </div>
            <ErrorAlert error={objectives.error} />
            {objectives.isPending ? (
              <Loading />
            ) : objectives.data && objectives.data.items.length === 0 ? (
              <p className="muted">What should people be able to do, and why does it matter? Start there.</p>
            ) : (
              <ul className="side-list">
                {objectives.data?.items.slice(0, 6).map((objective) => (
                  <li key={objective.id}>
                    <Link to={`/author/objectives/${encodeURIComponent(objective.id)}`}>{objective.title}</Link>
                    <span className="muted"> · {plural(objective.lessonCount, 'lesson', 'lessons')}</span>
                  </li>
                ))}
              </ul>
            )}
            {(objectives.data?.items.length ?? 0) > 0 && <Link to="/author/objectives">All objectives</Link>}
          </section>
          <section className="panel panel-tight" aria-labelledby="courses-heading">
            <div className="section-head-row">
              <h2 id="courses-heading">Courses</h2>
              <Link to="/author/courses/new" className="button button-small">
                New<span className="visually-hidden"> course</span>
              </Link>
            </div>
            <ErrorAlert error={courses.error} />
            {courses.isPending ? (
              <Loading />
            ) : courses.data && courses.data.items.length === 0 ? (
              <p className="muted">Arrange published lessons into modules on a storyboard, pilot it, then publish it.</p>
            ) : (
              <ul className="side-list">
                {courses.data?.items.slice(0, 6).map((course) => (
                  <li key={course.id}>
                    <Link to={`/author/courses/${encodeURIComponent(course.id)}`}>{course.title}</Link> <StatusChip status={course.status} />
                    <span className="muted"> · {plural(course.lessonCount, 'lesson', 'lessons')}</span>
                  </li>
                ))}
              </ul>
            )}
            {(courses.data?.items.length ?? 0) > 0 && <Link to="/author/courses">All courses</Link>}
          </section>
          <section className="panel panel-tight" aria-labelledby="media-heading">
            <div className="section-head-row">
              <h2 id="media-heading">Media library</h2>
            </div>
            {media.isError ? (
              <p className="muted">The media library is not available right now.</p>
            ) : (
              <p className="muted">{media.data ? `${plural(media.data.items.length, 'file', 'files')}: videos, audio and images with their captions.` : 'Videos, audio and images with their captions.'}</p>
            )}
            <Link to="/author/media">Open the media library</Link>
          </section>
        </div>
      </div>
    </>
  );
}

/** Objective → lesson → course, with what is done; shown until each exists once. */
function GettingStarted({ counts }: { counts: { objectives: number | undefined; lessons: number | undefined; courses: number | undefined } }) {
  if (counts.objectives === undefined || counts.lessons === undefined || counts.courses === undefined) return null;
  if (counts.objectives > 0 && counts.lessons > 0 && counts.courses > 0) return null;
  const steps = [
    { done: counts.objectives > 0, title: 'Record an objective', text: 'What people should be able to do, why it matters, and how well they should remember it.', to: '/author/objectives/new', action: 'New objective' },
    { done: counts.lessons > 0, title: 'Build a lesson', text: 'Two minutes or less answering one question, with something to see and a question to check it.', to: '/author/lessons/new', action: 'New lesson' },
    { done: counts.courses > 0, title: 'Arrange a course', text: 'Put published lessons into modules on a storyboard, pilot it with a few people, publish it.', to: '/author/courses/new', action: 'New course' },
  ];
  const next = steps.findIndex((step) => !step.done);
  return (
    <section className="getting-started" aria-labelledby="getting-started-heading">
      <h2 id="getting-started-heading">Where to start</h2>
      <ol className="steps">
        {steps.map((step, index) => (
          <li key={step.title} className={step.done ? 'step is-done' : index === next ? 'step is-next' : 'step'}>
            <span className="step-number" aria-hidden="true">
              {step.done ? '✓' : index + 1}
            </span>
            <div>
              <h3>
                {step.title}
                {step.done && <span className="visually-hidden"> (done)</span>}
              </h3>
              <p>{step.text}</p>
              {!step.done && (
                <Link to={step.to} className={index === next ? 'button button-small button-primary' : 'button button-small'}>
                  {step.action}
                </Link>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function LessonsSection() {
  const [searchText, setSearchText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<LessonStatus | ''>('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(searchText.trim()), 250);
    return () => clearTimeout(timer);
  }, [searchText]);
  const lessons = useLessons({ q, status });
  const objectives = useObjectives();
  const objectiveTitles = new Map((objectives.data?.items ?? []).map((objective) => [objective.id, objective.title]));
  const items = lessons.data?.items ?? [];
  const isFiltered = q !== '' || status !== '';
  return (
    <section className="studio-lessons" aria-labelledby="lessons-heading">
      <h2 id="lessons-heading">Lessons</h2>
      <search className="filters" aria-label="Find lessons">
        <form className="filters-form lesson-filters" onSubmit={(event) => {
          event.preventDefault();
          setQ(searchText.trim());
        }}>
          <TextField label="Search" type="search" placeholder="Title, question or tag" value={searchText} onValueChange={setSearchText} className="filter-search" autoComplete="off" />
          <SelectField
            label="Status"
            value={status}
            onValueChange={(value) => setStatus(value as LessonStatus | '')}
            options={[
              { value: '', label: 'Any status' },
              { value: 'draft', label: 'Draft' },
              { value: 'in_review', label: 'In review' },
              { value: 'published', label: 'Published' },
            ]}
          />
        </form>
      </search>
      <ErrorAlert error={lessons.error} />
      {lessons.isPending ? (
        <Loading label="Loading lessons…" />
      ) : items.length === 0 ? (
        isFiltered ? (
          <EmptyState title="No lesson matches">
            <p>Try other words, or another status.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No lessons yet">
            <p>
              A lesson answers one question a learner asks on the job, in two minutes or less. <Link to="/author/lessons/new">Build the first one</Link>
              {objectives.data && objectives.data.items.length === 0 ? (
                <>
                  {' '}
                  — after <Link to="/author/objectives/new">recording the objective</Link> it serves.
                </>
              ) : (
                '.'
              )}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <p className="table-caption" role="status">
            {plural(items.length, 'lesson', 'lessons')}
            {isFiltered ? ' found' : ''}
          </p>
          <ul className="lesson-list">
            {items.map((lesson) => (
              <li key={lesson.id} className="lesson-row">
                <div className="lesson-row-main">
                  <h3 className="lesson-row-title">
                    <Link to={`/author/lessons/${encodeURIComponent(lesson.id)}`}>{lesson.title}</Link>
                  </h3>
                  {lesson.coreQuestion && <p className="lesson-row-question">{lesson.coreQuestion}</p>}
                  <p className="hint">
                    {lesson.objectiveId ? (objectiveTitles.get(lesson.objectiveId) ?? 'Objective') : 'No objective'} · updated {formatDateTime(lesson.updatedAt)}
                  </p>
                </div>
                <div className="lesson-row-meta">
                  <StatusChip status={lesson.status} />
                  <DurationChip seconds={lesson.estimatedSeconds} />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
