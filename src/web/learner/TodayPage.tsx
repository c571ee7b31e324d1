/**
 * `/learn`: the learner's "Today". A greeting, the daily review boost, each enrolled course with its progress,
 * deadline (in the learner's own calendar days) and next lesson, and their points and streak (with what keeps the
 * streak today). A search box answers the question at hand.
 */
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import type { Today, TodayCourse } from '../lib/learning-types.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { useToday } from './learn.hooks.ts';
import { TodayPoints } from './gamification/PointsParts.tsx';
import { InboxSection } from './InboxSection.tsx';
import { TodaySearch } from './search/TodaySearch.tsx';
import { describeBoost, describeDue, describeDuration, describeTodaySummary, greetingFor, percentDone } from './today.ts';

export function TodayPage() {
  usePageTitle('Today');
  const { person } = useSignedInSession();
  const today = useToday();
  const now = new Date();
  return (
    <div className="learner-page">
      <p className="eyebrow">Today</p>
      <h1>
        {greetingFor(now, person.effectiveTimeZone)}, {person.displayName}
      </h1>
      <TodaySearch />
      {today.isPending && <Loading label="Loading what is due…" />}
      <ErrorAlert error={today.error} />
      {today.data && <TodayContent today={today.data} now={now} timeZone={person.effectiveTimeZone} />}
    </div>
  );
}

function TodayContent({ today, now, timeZone }: { today: Today; now: Date; timeZone: string }) {
  const open = today.courses.filter((course) => !course.completedAt);
  const finished = today.courses.filter((course) => course.completedAt);
  const nextUp = open.filter((course) => course.nextLesson).length;
  if (today.courses.length === 0 && today.boost.dueCount === 0) {
    return (
      <>
        <EmptyState title="Nothing due today">
          <p>When your organisation assigns you a course, its lessons appear here, one short lesson at a time.</p>
          <p className="muted">Each lesson takes two minutes or less. You may also get a link by email or chat when one is due.</p>
        </EmptyState>
        <TodayPoints />
      </>
    );
  }
  return (
    <>
      <p className="lead">{describeTodaySummary(nextUp, today.boost.dueCount)}</p>
      <BoostCard boost={today.boost} />
      <InboxSection />

      <section aria-labelledby="today-courses" className="today-section">
        <h2 id="today-courses">Your courses</h2>
        {today.courses.length === 0 ? (
          <EmptyState title="No courses yet">
            <p>When your organisation assigns you a course, its lessons appear here.</p>
          </EmptyState>
        ) : (
          <ul className="card-list today-courses">
            {[...open, ...finished].map((course) => (
              <li key={course.enrolmentId}>
                <CourseCard course={course} now={now} timeZone={timeZone} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <TodayPoints />
    </>
  );
}

/** The daily boost: how many review questions are due, or practice when none are. */
function BoostCard({ boost }: { boost: Today['boost'] }) {
  const count = Math.min(boost.dueCount, boost.size);
  if (boost.dueCount === 0) {
    return (
      <section className="boost-card is-quiet" aria-labelledby="today-boost">
        <div>
          <h2 id="today-boost">Daily boost</h2>
          <p>Nothing to review today. Questions you answered come back here just before you would forget them.</p>
        </div>
        <Link to="/learn/boost?mode=practice" className="button">
          Practise anyway
        </Link>
      </section>
    );
  }
  return (
    <section className="boost-card" aria-labelledby="today-boost">
      <div>
        <h2 id="today-boost">
          Daily boost <span className="boost-count">{boost.dueCount}</span>
          <span className="visually-hidden"> {boost.dueCount === 1 ? 'question' : 'questions'} due</span>
        </h2>
        <p>
          {describeBoost(count)}.{boost.dueCount > count && ` ${boost.dueCount - count} more after that.`} Asked just before you would forget, so it sticks.
        </p>
      </div>
      <Link to="/learn/boost" className="button button-primary">
        Start the boost
      </Link>
    </section>
  );
}

function CourseCard({ course, now, timeZone }: { course: TodayCourse; now: Date; timeZone: string }) {
  const percent = percentDone(course.completedLessons, course.totalLessons);
  const due = course.completedAt ? null : describeDue(course.dueAt, now, timeZone);
  const coursePath = `/learn/courses/${encodeURIComponent(course.courseId)}`;
  const next = course.nextLesson;
  return (
    <article className="card course-card">
      <div className="course-card-head">
        <h3 className="card-title">
          <Link to={coursePath}>{course.title}</Link>
        </h3>
        {course.completedAt ? <span className="chip chip-published">Completed</span> : due && <span className={due.isOverdue ? 'chip chip-error' : 'chip chip-time'}>{due.text}</span>}
      </div>
      <div className="progress-line">
        <progress max={100} value={percent} aria-label={`${course.title}: ${course.completedLessons} of ${course.totalLessons} lessons done`} />
        <span className="progress-text" aria-hidden="true">
          {course.completedLessons} of {course.totalLessons} lessons
        </span>
      </div>
      {next && (
        <div className="next-lesson">
          <p className="next-lesson-label">{course.completedLessons === 0 ? 'Start with' : 'Next up'}</p>
          <p className="next-lesson-question">{next.coreQuestion}</p>
          <p className="hint">
            {next.title} · {describeDuration(next.estimatedSeconds)}
          </p>
          <Link to={`${coursePath}/lessons/${encodeURIComponent(next.lessonId)}`} className="button button-primary button-block" aria-label={`${course.completedLessons === 0 ? 'Start' : 'Continue'}: ${next.title}`}>
            {course.completedLessons === 0 ? 'Start' : 'Continue'}
          </Link>
        </div>
      )}
    </article>
  );
}
