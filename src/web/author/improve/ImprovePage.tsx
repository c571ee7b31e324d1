/**
 * `/author/improve`: the authors' queue of suggested fixes — lessons most worth improving first, each suggestion in
 * words with its numbers, links to the evidence and the editor — then the most asked questions no lesson answers.
 */
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../../lib/feedback.tsx';
import { SelectField } from '../../lib/fields.tsx';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { IMPROVEMENT_PERIODS, type ImprovementQueue, lessonPagePath, parsePeriod, queueUrl, RULE_NAMES } from './improvement.ts';
import { useImprovementQueue } from './improvement.hooks.ts';
import '../../manage/outcomes.css';
import './improve.css';

export function ImprovePage() {
  usePageTitle('Improve');
  const [params, setParams] = useSearchParams();
  const days = parsePeriod(params.get('days'));
  const queue = useImprovementQueue(days);
  return (
    <>
      <h1>Improve</h1>
      <p className="lead">Where learners stop, take too long, get questions wrong in the same way or say a lesson did not help: the lessons most worth fixing first.</p>
      <form className="gaps-filters" aria-label="Period" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Learners who started in the last"
          value={String(days)}
          onValueChange={(value) => setParams(value === '90' ? {} : { days: value }, { replace: true })}
          options={IMPROVEMENT_PERIODS.map((period) => ({ value: String(period), label: `${period} days` }))}
        />
      </form>
      <ErrorAlert error={queue.error} title="The improvement queue could not be loaded" />
      {queue.isPending && <Loading label="Loading the improvement queue…" />}
      {queue.data && <Queue queue={queue.data} days={days} />}
    </>
  );
}

function Queue({ queue, days }: { queue: ImprovementQueue; days: number }) {
  const { minimums } = queue;
  return (
    <>
      <h2>Lessons to improve</h2>
      <p className="muted">
        Suggestions from learners’ data need at least {minimums.learners} learners (drop-off, time), {minimums.answers} first answers to a question (difficulty, wrong answers) or{' '}
        {minimums.ratings} ratings; discrimination needs {minimums.discrimination} learners. Linter findings need none.
      </p>
      {queue.lessons.length === 0 ? (
        <EmptyState title="Nothing to improve in this period">
          <p>No lesson has a suggestion from the last {days} days: too few learners yet, or the lessons work.</p>
        </EmptyState>
      ) : (
        <>
          <p>
            <a className="button" href={queueUrl(days, { csv: true })} download>
              Download the queue as CSV
            </a>
          </p>
          <ol className="improve-queue">
            {queue.lessons.map((lesson) => (
              <li key={lesson.lessonId} className="improve-lesson">
                <h3>{lesson.title}</h3>
                <p className="muted">
                  {lesson.learners} {lesson.learners === 1 ? 'learner' : 'learners'} started, {lesson.completed} completed · {lesson.status.replace('_', ' ')}
                </p>
                <ul className="improve-suggestions">
                  {lesson.suggestions.map((suggestion, index) => (
                    <li key={`${suggestion.rule}-${suggestion.blockId ?? ''}-${index}`}>
                      <span className="improve-suggestion-rule">{RULE_NAMES[suggestion.rule]}</span> {suggestion.message}
                    </li>
                  ))}
                </ul>
                <p className="improve-actions">
                  <Link className="button button-primary" to={lessonPagePath(lesson.lessonId, days)}>
                    See the evidence<span className="visually-hidden"> for “{lesson.title}”</span>
                  </Link>
                  <Link className="button" to={`/author/lessons/${encodeURIComponent(lesson.lessonId)}`}>
                    Edit the lesson<span className="visually-hidden"> “{lesson.title}”</span>
                  </Link>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>Questions no lesson answers yet</h2>
      {queue.contentGaps.length === 0 ? (
        <p>Every question learners searched for in the last {days} days found a lesson.</p>
      ) : (
        <>
          <ul>
            {queue.contentGaps.map((gap) => (
              <li key={gap.question}>
                “{gap.example}” — asked {gap.asked} {gap.asked === 1 ? 'time' : 'times'}, {gap.withoutAnswer + gap.unhelpful} without a good answer.{' '}
                <Link to={gap.writeLessonPath}>
                  Write a lesson<span className="visually-hidden"> answering “{gap.example}”</span>
                </Link>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/author/search/gaps">All content gaps</Link>
          </p>
        </>
      )}
    </>
  );
}
