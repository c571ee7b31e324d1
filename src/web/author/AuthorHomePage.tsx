import { EmptyState } from '../lib/feedback.tsx';
import { usePageTitle } from '../lib/page.hooks.ts';

/** `/author`: where authors will build lessons and courses. */
export function AuthorHomePage() {
  usePageTitle('Author');
  return (
    <>
      <p className="eyebrow">Author</p>
      <h1>Lessons and courses</h1>
      <EmptyState title="Authoring arrives in the next release">
        <p>This is where you will turn training material into micro-lessons of two minutes or less, each answering one question your people actually ask.</p>
        <ul className="feature-list">
          <li>
            <strong>Lessons</strong> built from blocks — text, images, video, audio, step-by-step demonstrations and questions — with a live duration meter and a linter.
          </li>
          <li>
            <strong>Import and chunk</strong>: bring a long document or a recorded video with its transcript, and get proposed lessons split at natural boundaries.
          </li>
          <li>
            <strong>Courses</strong> arranged on a storyboard, piloted with a few learners, then delivered by campaigns.
          </li>
        </ul>
      </EmptyState>
    </>
  );
}
