import { Link } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { formatDateTime, plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useCourses } from './courses.hooks.ts';
import { StatusChip } from './StudioParts.tsx';

/** `/author/courses`: every course with its status and latest version. */
export function CoursesPage() {
  usePageTitle('Courses');
  const notice = useNavigationNotice();
  const courses = useCourses();
  return (
    <>
      <div className="page-header">
        <h1>Courses</h1>
        <Link to="/author/courses/new" className="button button-primary">
          New course
        </Link>
      </div>
      <p className="lead">Courses arrange lessons into modules. Each publication is an immutable version: learners mid-way keep the version they started.</p>
      <Notice>{notice}</Notice>
      <ErrorAlert error={courses.error} />
      {courses.isPending ? (
        <Loading label="Loading courses…" />
      ) : courses.data && courses.data.items.length === 0 ? (
        <EmptyState title="No courses yet">
          <p>
            Once you have a few published lessons, <Link to="/author/courses/new">create a course</Link> and arrange them on its storyboard.
          </p>
        </EmptyState>
      ) : (
        <table className="table table-stack">
          <caption className="visually-hidden">Courses</caption>
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Status</th>
              <th scope="col">Lessons</th>
              <th scope="col">Latest version</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {courses.data?.items.map((course) => (
              <tr key={course.id}>
                <th scope="row" data-label="Course">
                  <Link to={`/author/courses/${encodeURIComponent(course.id)}`}>{course.title}</Link>
                </th>
                <td data-label="Status">
                  <StatusChip status={course.status} />
                </td>
                <td data-label="Lessons">{plural(course.lessonCount, 'lesson', 'lessons')}</td>
                <td data-label="Latest version">{course.latestVersion ?? <span className="muted">Never published</span>}</td>
                <td data-label="Updated">{formatDateTime(course.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
