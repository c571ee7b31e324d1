/**
 * `/learn/courses/:courseId`: a course as the learner's version has it: modules and lessons with ticks, where to
 * resume, and the baseline and final checks when the course has them.
 */
import { Link, useParams } from 'react-router';
import { ApiError } from '../lib/api-client.ts';
import { ErrorAlert, Loading } from '../lib/feedback.tsx';
import type { CourseOutline } from '../lib/learning-types.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { checkPrompts, lessonsInOrder, readChecks, resumeLesson } from './course.ts';
import { useCourseOutline } from './learn.hooks.ts';
import { describeDuration, percentDone } from './today.ts';

export function CoursePage() {
  const { courseId = '' } = useParams();
  const outline = useCourseOutline(courseId);
  usePageTitle(outline.data?.title ?? 'Course');
  return (
    <div className="learner-page">
      <p className="breadcrumb">
        <Link to="/learn">Today</Link>
      </p>
      {outline.isPending && <Loading label="Loading the course…" />}
      {outline.isError &&
        (outline.error instanceof ApiError && outline.error.status === 404 ? (
          <>
            <h1>This course is not one of yours</h1>
            <p>You can open the courses your organisation assigned to you from Today.</p>
          </>
        ) : (
          <>
            <h1>The course could not be loaded</h1>
            <ErrorAlert error={outline.error} />
          </>
        ))}
      {outline.data && <CourseOutlineView outline={outline.data} />}
    </div>
  );
}

function CourseOutlineView({ outline }: { outline: CourseOutline }) {
  const lessons = lessonsInOrder(outline);
  const done = lessons.filter((lesson) => lesson.completed).length;
  const resume = resumeLesson(outline);
  const prompts = checkPrompts(outline.courseId, readChecks(outline));
  const lessonPath = (lessonId: string) => `/learn/courses/${encodeURIComponent(outline.courseId)}/lessons/${encodeURIComponent(lessonId)}`;
  const baselinePending = prompts.some((prompt) => prompt.kind === 'link' && prompt.phase === 'baseline');
  return (
    <>
      <header className="course-head">
        <p className="eyebrow">Course</p>
        <h1>{outline.title}</h1>
        <div className="progress-line">
          <progress max={100} value={percentDone(done, lessons.length)} aria-label={`${done} of ${lessons.length} lessons done`} />
          <span className="progress-text" aria-hidden="true">
            {done} of {lessons.length} lessons
          </span>
        </div>
      </header>

      {prompts.length > 0 && (
        <ul className="course-checks">
          {prompts.map((prompt) => (
            <li key={prompt.phase}>
              {prompt.kind === 'link' ? (
                <>
                  <Link to={prompt.to} className={prompt.phase === 'baseline' || !resume ? 'button button-primary' : 'button'}>
                    {prompt.label}
                  </Link>
                  <p className="hint">{prompt.hint}</p>
                </>
              ) : (
                <p className="hint">{prompt.text}</p>
              )}
            </li>
          ))}
        </ul>
      )}

      {resume ? (
        <p>
          <Link to={lessonPath(resume.lessonId)} className={baselinePending ? 'button button-block' : 'button button-primary button-block'}>
            {done === 0 ? 'Start' : 'Resume'}: {resume.title}
          </Link>
        </p>
      ) : (
        lessons.length > 0 && (
          <p className="message message-success course-done">
            <strong>Course complete.</strong> Its questions come back in your daily boost so they stick.
          </p>
        )
      )}

      {outline.modules.map((module, moduleIndex) => (
        <section key={moduleIndex} className="course-module" aria-labelledby={`module-${moduleIndex}`}>
          <h2 id={`module-${moduleIndex}`}>{module.title || `Part ${moduleIndex + 1}`}</h2>
          <ol className="lesson-list">
            {lessons
              .filter((lesson) => lesson.moduleIndex === moduleIndex)
              .map((lesson) => {
                const isNext = lesson.lessonId === resume?.lessonId;
                return (
                  <li key={lesson.lessonId} className={['lesson-row', lesson.completed ? 'is-done' : '', isNext ? 'is-next' : ''].filter(Boolean).join(' ')}>
                    <span className="lesson-tick" aria-hidden="true">
                      {lesson.completed ? '✓' : lesson.position}
                    </span>
                    <div className="lesson-row-main">
                      <Link to={lessonPath(lesson.lessonId)} className="lesson-row-link" aria-current={isNext ? 'step' : undefined}>
                        {lesson.title}
                      </Link>
                      <p className="hint">
                        {lesson.coreQuestion} · {describeDuration(lesson.estimatedSeconds)}
                      </p>
                    </div>
                    <span className="lesson-status">{lesson.completed ? 'Done' : isNext ? 'Next' : <span className="visually-hidden">Not started</span>}</span>
                  </li>
                );
              })}
          </ol>
        </section>
      ))}
    </>
  );
}
